//! The article page: its text as HTML (paragraphs anchored, mentions
//! linked, statements marked with their speaker), its side panel, related
//! articles and quotes.

use super::*;

/// Words read per minute, for the reading time.
const WORDS_PER_MINUTE: usize = 220;

impl<'a> Cx<'a> {
    pub(super) fn article_page(&self, i: ArticleIx, root: &str) -> ArticlePage<'a> {
        let d = self.d;
        let art = &d.articles[i];
        let words: usize = art
            .blocks
            .iter()
            .map(|b| b.text.split_whitespace().count())
            .sum();
        let found = &self.a.articles[i];
        // The article's entities by kind (in kinds order), each kind's in
        // the order of their counts: one stable sort, not a pass per kind.
        let mut by_kind: Vec<(EntityIx, usize)> = found.entities.clone();
        by_kind.sort_by_key(|&(e, _)| d.entities[e].kind);
        let sidebar: Vec<KindGroup> = by_kind
            .chunk_by(|x, y| d.entities[x.0].kind == d.entities[y.0].kind)
            .map(|group| {
                let k = d.entities[group[0].0].kind;
                KindGroup {
                    label: &d.kinds[k].label,
                    href: self.routes.href(root, Route::Kind(k)),
                    entities: group
                        .iter()
                        .map(|&(e, n)| self.entity_ref(e, root, Some(n)))
                        .collect(),
                }
            })
            .collect();
        ArticlePage {
            title: &art.title,
            date: self.date(art.date),
            date_iso: art.date.to_string(),
            source: &art.source.name,
            source_url: art.source.url.as_deref(),
            author: art.author.as_deref(),
            lang: art.language.code(),
            reading_minutes: words.div_ceil(WORDS_PER_MINUTE).max(1),
            summary_html: art
                .summary
                .as_deref()
                .map(|s| self.md.html(s, &self.resolver(root)))
                .unwrap_or_default(),
            body_html: self.article_body(i, root),
            sidebar,
            tags: art
                .tags
                .iter()
                .map(|&e| self.entity_ref(e, root, None))
                .collect(),
            previous: (i.get() > 0).then(|| self.article_link(ArticleIx::new(i.get() - 1), root)),
            next: (i.get() + 1 < d.articles.len())
                .then(|| self.article_link(ArticleIx::new(i.get() + 1), root)),
            related: found
                .related
                .iter()
                .map(|r| RelatedView {
                    title: &d.articles[r.article].title,
                    href: self.routes.href(root, Route::Article(r.article)),
                    date: self.date(d.articles[r.article].date),
                    shared: r
                        .shared
                        .iter()
                        .map(|&e| self.entity_ref(e, root, None))
                        .collect(),
                })
                .collect(),
            quotes: self
                .a
                .quotes_of(i)
                .iter()
                .map(|q| self.quote_view(q, root))
                .collect(),
            seed: art.seed.to_string_lossy().replace('\\', "/"),
        }
    }

    /// The article text as HTML: one element per block, anchored `pN`, each
    /// mention a link to its entity.
    fn article_body(&self, i: ArticleIx, root: &str) -> String {
        let d = self.d;
        let art = &d.articles[i];
        let mut out = String::with_capacity(art.blocks.iter().map(|b| b.text.len() * 2).sum());
        let mention = |h: &crate::analyse::matcher::Hit, text: &str| -> String {
            let ent = &d.entities[h.entity];
            let mut s = String::with_capacity(text.len() + 96);
            s.push_str("<a class=\"mention k-");
            s.push_str(&(ent.kind.get() % 8).to_string());
            s.push_str("\" href=\"");
            s.push_str(root);
            self.routes.push_path(&mut s, Route::Entity(h.entity));
            s.push_str("\" title=\"");
            escape_into(&mut s, &ent.name);
            s.push_str("\">");
            escape_into(&mut s, text);
            s.push_str("</a>");
            s
        };
        let resolve = self.resolver(root);
        for (bi, block) in art.blocks.iter_enumerated() {
            let hits = &self.a.articles[i].hits[bi];
            let n = bi.get() + 1;
            match &block.kind {
                BlockKind::Paragraph | BlockKind::Heading => {
                    let tag = if block.kind == BlockKind::Heading {
                        "h2"
                    } else {
                        "p"
                    };
                    out.push_str(&format!("<{tag} id=\"{}\">", urls::anchor(bi)));
                    let here = self.a.quotes_in(i, bi);
                    self.block_html(&mut out, &block.text, hits, here, &mention);
                    out.push_str(&format!(
                        "<a class=\"anchor\" href=\"{}\" aria-label=\"{} {n}\">¶</a></{tag}>\n",
                        urls::anchor_href(bi),
                        self.t.paragraph
                    ));
                }
                BlockKind::Markdown(src) => {
                    out.push_str(&format!(
                        "<div class=\"block\" id=\"{}\">",
                        urls::anchor(bi)
                    ));
                    out.push_str(&self.md.seed_block(src, &resolve, hits, &mention));
                    out.push_str("</div>\n");
                }
            }
        }
        out
    }

    /// A paragraph's text with its mentions linked and its statements
    /// wrapped in `<span class="said">` naming the speaker. A statement
    /// that a mention straddles is left unwrapped: elements must nest.
    fn block_html(
        &self,
        out: &mut String,
        text: &str,
        hits: &[crate::analyse::matcher::Hit],
        quotes: &[crate::analyse::Quote],
        mention: &markdown::MentionHtml,
    ) {
        // (offset, order, what): at one offset a span closes before another
        // opens, and both before a mention starts.
        enum Item<'h> {
            Close,
            Open(String),
            Hit(&'h crate::analyse::matcher::Hit),
        }
        let mut items: Vec<(usize, u8, Item)> = Vec::new();
        for q in quotes {
            // Mentions are sorted and do not overlap: only the last one
            // starting before an offset can straddle it.
            let cuts = |at: usize| {
                let i = hits.partition_point(|h| h.start < at);
                i > 0 && at < hits[i - 1].end
            };
            let straddled = cuts(q.start) || cuts(q.end);
            if straddled {
                continue;
            }
            let mut open = String::from("<span class=\"said\"");
            if let Some(sp) = q.speaker {
                open.push_str(" title=\"");
                escape_into(&mut open, &self.d.entities[sp].name);
                open.push('"');
            }
            open.push('>');
            items.push((q.start, 1, Item::Open(open)));
            items.push((q.end, 0, Item::Close));
        }
        items.extend(hits.iter().map(|h| (h.start, 2, Item::Hit(h))));
        items.sort_by_key(|&(at, order, _)| (at, order));
        let mut pos = 0;
        for (at, _, item) in items {
            if at > pos {
                escape_into(out, &text[pos..at]);
                pos = at;
            }
            match item {
                Item::Close => out.push_str("</span>"),
                Item::Open(tag) => out.push_str(&tag),
                Item::Hit(h) => {
                    out.push_str(&mention(h, &text[h.start..h.end]));
                    pos = h.end;
                }
            }
        }
        escape_into(out, &text[pos..]);
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{small, with_cx};

    #[test]
    fn an_article_body_anchors_paragraphs_and_links_mentions() {
        let d = small();
        with_cx(&d, |cx| {
            let body = cx.article_body(crate::model::ArticleIx::new(0), "../../");
            assert!(body.contains("<p id=\"p1\">"), "{body}");
            assert!(body.contains("<p id=\"p2\">"), "{body}");
            assert!(body.contains("href=\"#p2\""), "{body}");
            assert_eq!(
                body.matches("href=\"../../personnes/ada/index.html\"")
                    .count(),
                2
            );
            assert_eq!(
                body.matches("href=\"../../personnes/grace/index.html\"")
                    .count(),
                1
            );
        });
    }
}
