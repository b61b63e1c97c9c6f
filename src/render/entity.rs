//! The pages of entities: a kind's list and an entity's own page (its
//! mentions as snippets grouped by article, neighbours, events, quotes).

use super::*;

const NEIGHBOURS_MAX: usize = 12;

const SNIPPET_MAX_CHARS: usize = 320;

/// Snippets an entity page shows per article; the rest are counted.
const SNIPPETS_PER_ARTICLE: usize = 25;

impl<'a> Cx<'a> {
    pub(super) fn kind_page(&self, k: KindIx, root: &str) -> KindPage<'a> {
        let kind = &self.d.kinds[k];
        KindPage {
            label: &kind.label,
            singular: &kind.singular,
            entities: self.a.ranked[k]
                .iter()
                .map(|&e| {
                    let ent = &self.d.entities[e];
                    let found = &self.a.entities[e];
                    EntityCard {
                        name: &ent.name,
                        href: self.routes.href(root, Route::Entity(e)),
                        summary: &ent.summary,
                        mentions: found.mentions.len(),
                        articles: found.articles,
                    }
                })
                .collect(),
        }
    }

    pub(super) fn entity_page(&self, e: EntityIx, root: &str) -> EntityPage<'a> {
        let d = self.d;
        let ent = &d.entities[e];
        let resolve = self.resolver(root);
        let found = &self.a.entities[e];
        let groups = self.mention_groups(e, root);
        EntityPage {
            name: &ent.name,
            id: &ent.id,
            kind: &d.kinds[ent.kind].singular,
            kind_href: self.routes.href(root, Route::Kind(ent.kind)),
            class: format!("k-{}", ent.kind.get() % 8),
            summary: &ent.summary,
            aliases: ent
                .aliases
                .iter()
                .filter(|a| !a.hidden)
                .map(|a| a.text.as_str())
                .collect(),
            facts: ent
                .facts
                .iter()
                .map(|(label, v)| Fact {
                    label,
                    html: self.md.inline(v, &resolve),
                })
                .collect(),
            description_html: self.md.html(&ent.description, &resolve),
            mention_count: found.mentions.len(),
            article_count: groups.len(),
            mentions: groups,
            neighbours: found
                .neighbours
                .iter()
                .take(NEIGHBOURS_MAX)
                .map(|&(o, w)| self.entity_ref(o, root, Some(w as usize)))
                .collect(),
            events: found
                .events
                .iter()
                .map(|&i| self.event_view(i, root))
                .collect(),
            quotes: found
                .quotes
                .iter()
                .map(|&q| self.quote_view(&self.a.quotes[q], root))
                .collect(),
            tagged: found
                .tagged
                .iter()
                .map(|&i| self.article_link(i, root))
                .collect(),
        }
    }

    /// The mentions of entity `e` grouped by article, then by sentence:
    /// two mentions in one sentence make one snippet with two marks. Past
    /// a cap per article the rest are counted, not shown (a 20 MB seed
    /// would otherwise make one page of every sentence).
    fn mention_groups(&self, e: EntityIx, root: &str) -> Vec<MentionGroup<'a>> {
        let d = self.d;
        let mentions = &self.a.entities[e].mentions;
        struct Pending {
            block: BlockIx,
            sentence: (usize, usize),
            spans: Vec<(usize, usize)>,
        }
        let mut groups: Vec<(ArticleIx, Vec<Pending>, usize)> = Vec::new();
        for m in mentions {
            if groups.last().is_none_or(|g| g.0 != m.article) {
                groups.push((m.article, Vec::new(), 0));
            }
            let g = groups.last_mut().unwrap();
            let sentence = m.sentence;
            let full = g.1.len() >= SNIPPETS_PER_ARTICLE;
            match g.1.last_mut() {
                Some(p) if p.block == m.block && p.sentence == sentence => {
                    p.spans.push((m.start, m.end))
                }
                _ if full => g.2 += 1,
                _ => g.1.push(Pending {
                    block: m.block,
                    sentence,
                    spans: vec![(m.start, m.end)],
                }),
            }
        }
        groups
            .into_iter()
            .map(|(ai, pending, more)| {
                let art = &d.articles[ai];
                let href = self.routes.href(root, Route::Article(ai));
                MentionGroup {
                    title: &art.title,
                    date: self.date(art.date),
                    snippets: pending
                        .iter()
                        .map(|p| Snippet {
                            html: snippet(&art.blocks[p.block].text, p.sentence, &p.spans),
                            href: self.routes.paragraph(root, ai, p.block),
                            paragraph: p.block.get() + 1,
                        })
                        .collect(),
                    more,
                    href,
                }
            })
            .collect()
    }
}

/// A sentence, escaped, its mentions in `<mark>`; a long sentence is cut
/// around its first and last mention with an ellipsis.
fn snippet(text: &str, sentence: (usize, usize), spans: &[(usize, usize)]) -> String {
    let (mut s, mut e) = sentence;
    let (first, last) = (spans[0].0, spans[spans.len() - 1].1);
    let half = SNIPPET_MAX_CHARS / 2;
    if text[s..first].chars().count() > half {
        s = floor_word(text, first, half);
    }
    if text[last..e].chars().count() > half {
        e = ceil_word(text, last, half);
    }
    let mut out = String::new();
    if s > 0 && !text[..s].trim_end().ends_with(['.', '!', '?', '…']) {
        out.push('…');
    }
    let mut pos = s;
    for &(a, b) in spans {
        let seg = &text[pos..a];
        escape_into(&mut out, if pos == s { seg.trim_start() } else { seg });
        out.push_str("<mark>");
        escape_into(&mut out, &text[a..b]);
        out.push_str("</mark>");
        pos = b;
    }
    escape_into(&mut out, text[pos..e].trim_end());
    if e < text.len() && !text[..e].trim_end().ends_with(['.', '!', '?', '…', '»']) {
        out.push('…');
    }
    out
}

/// A word start at most `chars` characters before `pos`.
fn floor_word(text: &str, pos: usize, chars: usize) -> usize {
    let start = text[..pos]
        .char_indices()
        .rev()
        .nth(chars)
        .map_or(0, |(i, _)| i);
    text[start..pos].find(' ').map_or(start, |i| start + i + 1)
}

/// A word end at most `chars` characters after `pos`.
fn ceil_word(text: &str, pos: usize, chars: usize) -> usize {
    let end = text[pos..]
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| pos + i);
    text[pos..end].rfind(' ').map_or(end, |i| pos + i)
}
