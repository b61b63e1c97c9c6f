//! `content/claims.yaml`: each statement's article resolved and its quote
//! found in one of the article's blocks.

use super::*;

impl Cx {
    pub(super) fn claims(
        &mut self,
        loaded: &IxVec<ArticleIx, Article>,
        articles: &HashMap<String, ArticleIx>,
    ) -> Vec<Claim> {
        let path = PathBuf::from("content/claims.yaml");
        if !self.files.exists(&path) {
            return Vec::new();
        }
        let Some(text) = self.read(&path) else {
            return Vec::new();
        };
        let Some(list): Option<Vec<ClaimFile>> = self.parse(&path, &text) else {
            return Vec::new();
        };
        let mut out: Vec<Claim> = Vec::new();
        for raw in list {
            let at = yaml::at(&path, &text, &raw.id);
            let id = yaml::take(raw.id);
            if !is_slug(&id) {
                self.errors.push(Error::BadId {
                    at: at.clone(),
                    value: id.clone(),
                });
            }
            if let Some(first) = out.iter().find(|c| c.id == id) {
                self.errors.push(Error::Duplicate {
                    at: at.clone(),
                    what: "claim id",
                    id: id.clone(),
                    first: first.source.clone(),
                });
            }
            let mut statements = Vec::new();
            for s in raw.statements {
                // A statement is reported at its quote.
                let sat = yaml::at(&path, &text, &s.quote);
                let Some(article) =
                    self.article_ref(&s.article, articles, || yaml::at(&path, &text, &s.article))
                else {
                    continue;
                };
                let quote = crate::text::clean_line(&s.quote);
                let Some(block) = quote_block(&loaded[article], &quote) else {
                    self.errors.push(Error::QuoteNotFound {
                        at: sat,
                        claim: id.clone(),
                        article: loaded[article].id.clone(),
                        quote,
                    });
                    continue;
                };
                statements.push(ClaimStatement {
                    article,
                    block,
                    says: s.says,
                    quote,
                    source: sat,
                });
            }
            out.push(Claim {
                id,
                question: raw.question,
                statements,
                source: at,
            });
        }
        out
    }
}

/// The block of `article` where a claim's quote stands. Quotes must be
/// verbatim; only apostrophe style and no-break spaces are forgiven, since
/// they are invisible when copying from a page.
pub(super) fn quote_block(article: &Article, quote: &str) -> Option<BlockIx> {
    let q = crate::text::unify(quote);
    if q.is_empty() {
        return None;
    }
    article
        .blocks
        .iter()
        .position(|b| crate::text::unify(&b.text).contains(&q))
        .map(BlockIx::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(blocks: &[&str]) -> Article {
        Article {
            id: "a".into(),
            seed: PathBuf::from("seeds/a.txt"),
            title: "A".into(),
            date: Date::parse("2025-04-03").unwrap(),
            source: Source {
                name: "Wire".into(),
                url: None,
            },
            author: None,
            language: Lang::En,
            summary: None,
            tags: Vec::new(),
            quote_fixes: Vec::new(),
            blocks: blocks
                .iter()
                .map(|t| Block {
                    kind: BlockKind::Paragraph,
                    text: t.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn a_quote_is_found_in_its_block_apostrophes_and_spaces_forgiven() {
        let a = article(&[
            "First one.",
            "He said it’s a visit\u{a0}of two days.",
            "Last.",
        ]);
        assert_eq!(
            quote_block(&a, "it's a visit of two days"),
            Some(BlockIx::new(1))
        );
        assert_eq!(quote_block(&a, "Last."), Some(BlockIx::new(2)));
        assert_eq!(quote_block(&a, "a visit of three days"), None);
        // An empty quote stands nowhere, not in the first block.
        assert_eq!(quote_block(&a, ""), None);
    }
}
