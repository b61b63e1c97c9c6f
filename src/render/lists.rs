//! The list pages: home, the list of articles (in pages), the timeline,
//! the quotes and the claims.

use super::*;

/// Entities a page's side panel or card shows at most, per kind.
const HOME_ENTITIES_PER_KIND: usize = 8;

const CARD_ENTITIES: usize = 6;

/// Article cards per page of the list of articles: the list of 100,000
/// articles in one page was a 0.8 GB spike of memory while it was built,
/// and a page no browser shows well.
const ARTICLES_PER_PAGE: usize = 1000;

impl<'a> Cx<'a> {
    /// Page `page` of the list of articles, newest first.
    pub(super) fn article_list(&self, page: usize, root: &str) -> ArticleList<'a> {
        let n = self.d.articles.len();
        let pages = article_pages(self.d);
        // Newest first: page 0 holds the last ARTICLES_PER_PAGE articles.
        let end = n.saturating_sub(page * ARTICLES_PER_PAGE);
        let start = end.saturating_sub(ARTICLES_PER_PAGE);
        let href = |p: usize| self.routes.href(root, Route::Articles(p));
        ArticleList {
            articles: (start..end)
                .rev()
                .map(|i| self.article_card(ArticleIx::new(i), root))
                .collect(),
            pager: (pages > 1).then(|| Pager {
                page: page + 1,
                pages,
                previous: (page > 0).then(|| href(page - 1)),
                next: (page + 1 < pages).then(|| href(page + 1)),
            }),
        }
    }

    pub(super) fn article_card(&self, i: ArticleIx, root: &str) -> ArticleCard<'a> {
        let art = &self.d.articles[i];
        ArticleCard {
            title: &art.title,
            href: self.routes.href(root, Route::Article(i)),
            date: self.date(art.date),
            date_iso: art.date.to_string(),
            source: &art.source.name,
            summary_html: art
                .summary
                .as_deref()
                .map(|s| self.md.html(s, &self.resolver(root)))
                .unwrap_or_default(),
            entities: self.a.articles[i]
                .entities
                .iter()
                .take(CARD_ENTITIES)
                .map(|&(e, n)| self.entity_ref(e, root, Some(n)))
                .collect(),
        }
    }

    pub(super) fn home(&self, root: &str) -> Home<'a> {
        let d = self.d;
        let a = self.a;
        // "1 Article", "2 Articles": the label agrees with the count.
        let one = |n: usize, one: &'a str, many: &'a str| if n == 1 { one } else { many };
        let mut figures = vec![Figure {
            value: d.articles.len().to_string(),
            label: one(d.articles.len(), self.t.article_one, self.t.articles),
            href: Some(self.routes.href(root, Route::Articles(0))),
        }];
        for (k, kind) in d.kinds.iter_enumerated() {
            let n = a.ranked[k].len();
            if n > 0 {
                figures.push(Figure {
                    value: n.to_string(),
                    label: one(n, &kind.singular, &kind.label),
                    href: Some(self.routes.href(root, Route::Kind(k))),
                });
            }
        }
        let total = a.mention_count();
        figures.push(Figure {
            value: total.to_string(),
            label: one(total, self.t.mention, self.t.mentions),
            href: None,
        });
        figures.push(Figure {
            value: a.quotes.len().to_string(),
            label: one(a.quotes.len(), self.t.quote_one, self.t.quotes),
            href: Some(self.routes.href(root, Route::Quotes)),
        });
        figures.push(Figure {
            value: d.claims.len().to_string(),
            label: one(d.claims.len(), self.t.claim_one, self.t.claims),
            href: Some(self.routes.href(root, Route::Claims)),
        });
        let period = match (d.articles.first(), d.articles.last()) {
            (Some(f), Some(l)) if f.date != l.date => {
                format!("{} – {}", self.date(f.date), self.date(l.date))
            }
            (Some(f), _) => self.date(f.date),
            _ => String::new(),
        };
        let kinds = d
            .kinds
            .iter_enumerated()
            .map(|(k, kind)| KindGroup {
                label: &kind.label,
                href: self.routes.href(root, Route::Kind(k)),
                entities: a.ranked[k]
                    .iter()
                    .take(HOME_ENTITIES_PER_KIND)
                    .map(|&e| self.entity_ref(e, root, Some(a.entities[e].mentions.len())))
                    .collect(),
            })
            .filter(|g| !g.entities.is_empty())
            .collect();
        let n_ev = d.events.len();
        Home {
            figures,
            latest: d
                .articles
                .indices()
                .rev()
                .take(5)
                .map(|i| self.article_card(i, root))
                .collect(),
            kinds,
            events: (n_ev.saturating_sub(5)..n_ev)
                .map(|i| self.event_view(i, root))
                .collect(),
            timeline_href: self.routes.href(root, Route::Timeline),
            articles_href: self.routes.href(root, Route::Articles(0)),
            period,
        }
    }

    pub(super) fn timeline(&self, root: &str) -> TimelinePage<'a> {
        let mut years: Vec<YearGroup> = Vec::new();
        for (i, ev) in self.d.events.iter().enumerate() {
            if years.last().is_none_or(|y| y.year != ev.date.year) {
                years.push(YearGroup {
                    year: ev.date.year,
                    events: Vec::new(),
                });
            }
            years
                .last_mut()
                .unwrap()
                .events
                .push(self.event_view(i, root));
        }
        TimelinePage { years }
    }

    pub(super) fn quotes_page(&self, root: &str) -> QuotesPage<'a> {
        // Speakers in entity order (kind, then name); unattributed last.
        let a = self.a;
        let speakers = a
            .entities
            .iter_enumerated()
            .map(|(e, x)| (Some(e), &x.quotes));
        QuotesPage {
            groups: speakers
                .chain([(None, &a.unattributed)])
                .filter(|(_, quotes)| !quotes.is_empty())
                .map(|(s, quotes)| SpeakerGroup {
                    speaker: s.map(|e| self.entity_ref(e, root, None)),
                    quotes: quotes
                        .iter()
                        .map(|&q| self.quote_view(&self.a.quotes[q], root))
                        .collect(),
                })
                .collect(),
            count: self.a.quotes.len(),
        }
    }

    pub(super) fn claims_page(&self, root: &str) -> ClaimsPage<'a> {
        let d = self.d;
        ClaimsPage {
            claims: d
                .claims
                .iter()
                .map(|c| ClaimView {
                    id: &c.id,
                    question: &c.question,
                    statements: c
                        .statements
                        .iter()
                        .map(|s| {
                            let b = s.block;
                            let art = &d.articles[s.article];
                            StatementView {
                                article: &art.title,
                                source: &art.source.name,
                                date: self.date(art.date),
                                href: self.routes.paragraph(root, s.article, b),
                                says: &s.says,
                                quote: &s.quote,
                                paragraph: b.get() + 1,
                            }
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// Pages of the list of articles (one at least, empty or not).
pub(super) fn article_pages(d: &Dossier) -> usize {
    d.articles.len().div_ceil(ARTICLES_PER_PAGE).max(1)
}
