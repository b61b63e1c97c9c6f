//! Stage 2: everything the site knows that the editor did not write down.
//! Mentions, co-occurrence, related articles, quotes and their speakers,
//! candidate entities. Pure computation over a loaded [`Dossier`]; no I/O,
//! no errors: `load` has checked everything that could fail.

pub mod candidates;
pub mod lexicon;
pub mod matcher;
pub mod quotes;
pub mod sentences;

use crate::error::Warning;
use crate::model::{ArticleIx, Dossier, EntityIx};
use matcher::{Hit, Matcher};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// Per article, per block.
type PerBlock<T> = Vec<Vec<Vec<T>>>;

/// A mention located in the dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MentionAt {
    pub article: ArticleIx,
    /// Block index; the anchor is `#p{block+1}`.
    pub block: usize,
    pub start: usize,
    pub end: usize,
    /// The byte range of the sentence it stands in (for snippets).
    pub sentence: (usize, usize),
}

#[derive(Debug, Clone)]
pub struct Related {
    pub article: ArticleIx,
    pub score: f64,
    /// Shared entities, most telling (rarest) first.
    pub shared: Vec<EntityIx>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub article: ArticleIx,
    pub block: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub speaker: Option<EntityIx>,
    /// The speaker was set by the editor (`quotes:` in the article file).
    pub corrected: bool,
    /// Why: the rule that found the speaker phrase, how it was linked, and
    /// the phrase (for `dossier check --quotes`).
    pub rule: Option<quotes::Rule>,
    pub via: Option<quotes::Resolution>,
    pub phrase: Option<String>,
}

pub struct Analysis {
    /// Per article, per block: the mentions in it, in order.
    pub hits: Vec<Vec<Vec<Hit>>>,
    /// Per entity: every mention, in reading order.
    pub mentions: Vec<Vec<MentionAt>>,
    /// Per article: entities mentioned, with counts, most mentioned first.
    pub article_entities: Vec<Vec<(EntityIx, usize)>>,
    /// Co-occurrence edges (a < b), weight = paragraphs shared; strongest first.
    pub edges: Vec<(EntityIx, EntityIx, u32)>,
    /// Per entity: its co-occurring entities, strongest first.
    pub neighbours: Vec<Vec<(EntityIx, u32)>>,
    /// Per article: related articles, best first.
    pub related: Vec<Vec<Related>>,
    /// Statements (quotes of four words or more), in reading order.
    pub quotes: Vec<Quote>,
    /// Per entity: indexes into `dossier.events`.
    pub events: Vec<Vec<usize>>,
    pub candidates: Vec<candidates::Candidate>,
}

/// How many related articles an article page lists.
const RELATED_MAX: usize = 4;
/// Through one entity, an article is compared with at most this many
/// others: the nearest in date order. Below it (every entity of a dossier
/// of a few thousand articles) the comparison is exhaustive; above it an
/// entity named in a large share of 100,000 articles would otherwise make
/// the cost grow with the square of the articles.
const RELATED_WINDOW: usize = 500;

pub fn analyse(d: &Dossier) -> (Analysis, Vec<Warning>) {
    let matcher = Matcher::new(&d.entities);
    let (hits, nested) = find_mentions(d, &matcher);
    let tally = tally(d, &hits, &nested);
    let (edges, neighbours) = cooccurrence(d.entities.len(), tally.pair_weight);
    let related = related_articles(d.articles.len(), &tally.article_entities);
    let mut events: Vec<Vec<usize>> = vec![Vec::new(); d.entities.len()];
    for (i, ev) in d.events.iter().enumerate() {
        for &e in &ev.entities {
            events[e].push(i);
        }
    }
    let packs = lexicon::Packs::new();
    let quotes = find_quotes_with(d, &hits, &packs, quotes::Rules::default());
    let warnings = unmentioned(d, &tally.mentions, &tally.article_entities);
    let candidates = candidates::find(d, &hits, &packs);
    (
        Analysis {
            hits,
            mentions: tally.mentions,
            article_entities: tally.article_entities,
            edges,
            neighbours,
            related,
            quotes,
            events,
            candidates,
        },
        warnings,
    )
}

/// Per article, per block: the mentions linked, and the names standing
/// inside them (counted as mentions, not linked).
fn find_mentions(d: &Dossier, matcher: &Matcher) -> (PerBlock<Hit>, PerBlock<Hit>) {
    let found: Vec<Vec<(Vec<Hit>, Vec<Hit>)>> = d
        .articles
        .par_iter()
        .map(|a| {
            a.blocks
                .iter()
                .map(|b| matcher.find_with_nested(&b.text))
                .collect()
        })
        .collect();
    found
        .into_iter()
        .map(|blocks| blocks.into_iter().unzip())
        .unzip()
}

/// What one pass over every mention gives: each entity's mentions in
/// reading order, each article's entities by count, and how many blocks
/// each pair of entities shares.
struct Tally {
    mentions: Vec<Vec<MentionAt>>,
    article_entities: Vec<Vec<(EntityIx, usize)>>,
    pair_weight: HashMap<(EntityIx, EntityIx), u32>,
}

fn tally(d: &Dossier, hits: &PerBlock<Hit>, nested: &PerBlock<Hit>) -> Tally {
    // Allocated to size: grown by doubling, the lists' slack was hundreds
    // of megabytes at 100,000 articles.
    let mut per_entity = vec![0usize; d.entities.len()];
    for h in hits.iter().chain(nested).flatten().flatten() {
        per_entity[h.entity] += 1;
    }
    let mut t = Tally {
        mentions: per_entity.iter().map(|&n| Vec::with_capacity(n)).collect(),
        article_entities: Vec::with_capacity(d.articles.len()),
        // Hashed, not ordered: 12 million increments at 100,000 articles;
        // the edges are sorted once afterwards.
        pair_weight: HashMap::new(),
    };
    for (ai, blocks) in hits.iter().enumerate() {
        let mut counts: BTreeMap<EntityIx, usize> = BTreeMap::new();
        for (bi, block) in blocks.iter().enumerate() {
            let mut present: Vec<EntityIx> = Vec::new();
            // Each mention's sentence, found with one scan of its block.
            let sentences = (!block.is_empty())
                .then(|| sentences::Sentences::new(&d.articles[ai].blocks[bi].text));
            for h in block.iter().chain(&nested[ai][bi]) {
                let sentence = sentences
                    .as_ref()
                    .map_or((0, 0), |s| s.around(h.start, h.end));
                t.mentions[h.entity].push(MentionAt {
                    article: ai,
                    block: bi,
                    start: h.start,
                    end: h.end,
                    sentence,
                });
                *counts.entry(h.entity).or_default() += 1;
                present.push(h.entity);
            }
            present.sort_unstable();
            present.dedup();
            for (i, &a) in present.iter().enumerate() {
                for &b in &present[i + 1..] {
                    *t.pair_weight.entry((a, b)).or_default() += 1;
                }
            }
        }
        let mut counts: Vec<(EntityIx, usize)> = counts.into_iter().collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        t.article_entities.push(counts);
    }
    // nested mentions were added after their block's own: reading order
    for m in &mut t.mentions {
        m.sort_by_key(|x| (x.article, x.block, x.start));
    }
    t
}

/// Two entities and the number of blocks they share.
type Edge = (EntityIx, EntityIx, u32);

/// The co-occurrence edges, heaviest first, and each entity's neighbours.
fn cooccurrence(
    n_ent: usize,
    pair_weight: HashMap<(EntityIx, EntityIx), u32>,
) -> (Vec<Edge>, Vec<Vec<(EntityIx, u32)>>) {
    let mut edges: Vec<(EntityIx, EntityIx, u32)> = pair_weight
        .into_iter()
        .map(|((a, b), w)| (a, b, w))
        .collect();
    edges.sort_by(|x, y| y.2.cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    let mut degree = vec![0usize; n_ent];
    for &(a, b, _) in &edges {
        degree[a] += 1;
        degree[b] += 1;
    }
    let mut neighbours: Vec<Vec<(EntityIx, u32)>> =
        degree.iter().map(|&n| Vec::with_capacity(n)).collect();
    for &(a, b, w) in &edges {
        neighbours[a].push((b, w));
        neighbours[b].push((a, w));
    }
    (edges, neighbours)
}

/// Warnings for an entity no article mentions and an article that
/// mentions no entity.
fn unmentioned(
    d: &Dossier,
    mentions: &[Vec<MentionAt>],
    article_entities: &[Vec<(EntityIx, usize)>],
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for (i, e) in d.entities.iter().enumerate() {
        if mentions[i].is_empty() {
            warnings.push(Warning::new(
                "never-mentioned",
                &e.id,
                Some(e.source.clone()),
                format!("entity `{}` is never mentioned in the articles", e.id),
            ));
        }
    }
    for (i, a) in d.articles.iter().enumerate() {
        if article_entities[i].is_empty() {
            warnings.push(Warning::new(
                "no-mentions",
                &a.id,
                Some(crate::error::Loc::file(&a.seed)),
                format!("article `{}` mentions no entity", a.id),
            ));
        }
    }
    warnings
}

/// Articles sharing entities, each shared entity weighted by its rarity
/// (inverse document frequency): an entity every article names says nothing
/// about how two articles relate. Scores are accumulated through each
/// entity's list of articles, so the cost follows the shared pairs, not
/// all pairs of articles; through an entity named in more than
/// [`RELATED_WINDOW`] articles, only the nearest ones in date order are
/// compared, which bounds the work per article.
fn related_articles(n: usize, article_entities: &[Vec<(EntityIx, usize)>]) -> Vec<Vec<Related>> {
    let n_ent = article_entities
        .iter()
        .flat_map(|v| v.iter().map(|&(e, _)| e + 1))
        .max()
        .unwrap_or(0);
    let mut postings: Vec<Vec<ArticleIx>> = vec![Vec::new(); n_ent];
    for (a, ents) in article_entities.iter().enumerate() {
        for &(e, _) in ents {
            postings[e].push(a);
        }
    }
    let idf: Vec<f64> = postings
        .iter()
        .map(|p| {
            if p.is_empty() {
                0.0
            } else {
                (n as f64 / p.len() as f64).ln()
            }
        })
        .collect();
    let ix = Postings {
        article_entities,
        postings,
        idf,
    };
    (0..n)
        .into_par_iter()
        // Each piece of work gets its own score array of `n` slots: pieces
        // of at least 1,024 articles keep their number (and the zeroing)
        // in proportion to the articles, not to their square.
        .with_min_len(1024)
        .map_init(
            || (vec![0.0f64; n], Vec::new()),
            |(score, touched), a| ix.related(a, score, touched),
        )
        .collect()
}

/// Which articles name each entity (in date order), and each entity's
/// inverse document frequency.
struct Postings<'a> {
    article_entities: &'a [Vec<(EntityIx, usize)>],
    postings: Vec<Vec<ArticleIx>>,
    idf: Vec<f64>,
}

impl Postings<'_> {
    /// The articles most related to `a`. `score` (one slot per article,
    /// all zero) and `touched` (empty) are scratch space, left as found.
    fn related(
        &self,
        a: ArticleIx,
        score: &mut [f64],
        touched: &mut Vec<ArticleIx>,
    ) -> Vec<Related> {
        // Accumulate into a dense score array, remembering which slots
        // were touched so the reset costs only those.
        for &(e, _) in &self.article_entities[a] {
            if self.idf[e] <= 0.0 {
                continue;
            }
            for &b in self.window(e, a) {
                if b != a {
                    if score[b] == 0.0 {
                        touched.push(b);
                    }
                    score[b] += self.idf[e];
                }
            }
        }
        let mut best: Vec<(ArticleIx, f64)> = touched.iter().map(|&b| (b, score[b])).collect();
        for &b in touched.iter() {
            score[b] = 0.0;
        }
        touched.clear();
        // The best few only: selecting them is linear, sorting every
        // touched article was a fifth of a 10,000-article build. The order
        // is total, so the result is the same.
        let order =
            |x: &(ArticleIx, f64), y: &(ArticleIx, f64)| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0));
        if best.len() > RELATED_MAX {
            best.select_nth_unstable_by(RELATED_MAX - 1, order);
            best.truncate(RELATED_MAX);
        }
        best.sort_by(order);
        // Only the few articles kept need their shared entities.
        best.into_iter()
            .map(|(b, score)| Related {
                article: b,
                score,
                shared: self.shared(a, b),
            })
            .collect()
    }

    /// The articles naming `e` that `a` is compared with: all of them, or
    /// the `RELATED_WINDOW` nearest in date.
    fn window(&self, e: EntityIx, a: ArticleIx) -> &[ArticleIx] {
        let p = &self.postings[e];
        if p.len() <= RELATED_WINDOW {
            return p;
        }
        // Articles are in date order, and so is each list.
        let at = p.partition_point(|&b| b < a);
        let from = at
            .saturating_sub(RELATED_WINDOW / 2)
            .min(p.len() - RELATED_WINDOW);
        &p[from..from + RELATED_WINDOW]
    }

    /// The entities `a` and `b` share, rarest first.
    fn shared(&self, a: ArticleIx, b: ArticleIx) -> Vec<EntityIx> {
        let idf = &self.idf;
        let mut shared: Vec<EntityIx> = self.article_entities[a]
            .iter()
            .map(|&(e, _)| e)
            .filter(|&e| idf[e] > 0.0 && self.article_entities[b].iter().any(|&(x, _)| x == e))
            .collect();
        shared.sort_by(|x, y| idf[*y].total_cmp(&idf[*x]).then(x.cmp(y)));
        shared
    }
}

/// Every quote of the dossier with its speaker, the editor's corrections
/// applied; `rules` chooses the attribution rules (the scorer switches them
/// one at a time).
pub fn find_quotes_with(
    d: &Dossier,
    hits: &[Vec<Vec<Hit>>],
    packs: &lexicon::Packs,
    rules: quotes::Rules,
) -> Vec<Quote> {
    let facts: Vec<quotes::EntityFacts> = d
        .entities
        .iter()
        .map(|e| quotes::EntityFacts {
            role: d.kinds[e.kind].role,
            about: std::iter::once(e.summary.as_str())
                .chain(e.facts.iter().map(|(_, v)| v.as_str()))
                .collect(),
        })
        .collect();
    let per_article: Vec<Vec<Quote>> = d
        .articles
        .par_iter()
        .enumerate()
        .map(|(ai, a)| {
            // Statements are quotations: an article without a single quote
            // mark has none, and need not be tokenised sentence by sentence.
            if a.blocks
                .iter()
                .all(|b| crate::quotemarks::quotes(&b.text).is_empty())
            {
                return Vec::new();
            }
            let spans: Vec<Vec<quotes::MentionSpan>> = hits[ai]
                .iter()
                .map(|block| {
                    block
                        .iter()
                        .map(|h| quotes::MentionSpan {
                            start: h.start,
                            end: h.end,
                            entity: h.entity,
                        })
                        .collect()
                })
                .collect();
            let blocks: Vec<quotes::BlockIn> = a
                .blocks
                .iter()
                .zip(&spans)
                .map(|(b, s)| quotes::BlockIn {
                    text: &b.text,
                    mentions: s,
                    heading: b.kind == crate::model::BlockKind::Heading,
                })
                .collect();
            quotes::extract(&blocks, packs.get(a.language), &facts, rules)
                .into_iter()
                .filter(|q| q.words >= 4 || q.speaker.is_some())
                .map(|q| {
                    let fix = a
                        .quote_fixes
                        .iter()
                        .find(|f| crate::quotemarks::fix_matches(&f.starts, &q.text));
                    Quote {
                        article: ai,
                        block: q.block,
                        start: q.start,
                        end: q.end,
                        speaker: fix.map_or(q.speaker, |f| f.speaker),
                        corrected: fix.is_some(),
                        text: q.text,
                        rule: q.rule,
                        via: q.via,
                        phrase: q.phrase,
                    }
                })
                .collect()
        })
        .collect();
    per_article.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn related_articles_weigh_rare_entities_and_ignore_ubiquitous_ones() {
        // entity 0 is in every article; 1 in articles 0 and 1; 2 in 0, 2, 3.
        let ents = vec![
            vec![(0, 5), (1, 1), (2, 1)],
            vec![(0, 2), (1, 3)],
            vec![(0, 1), (2, 2)],
            vec![(0, 1), (2, 1)],
        ];
        let rel = related_articles(4, &ents);
        let of0: Vec<(ArticleIx, Vec<EntityIx>)> = rel[0]
            .iter()
            .map(|r| (r.article, r.shared.clone()))
            .collect();
        assert_eq!(of0, vec![(1, vec![1]), (2, vec![2]), (3, vec![2])]);
        assert!((rel[0][0].score - 2f64.ln()).abs() < 1e-9);
        // 1 and 2 share only the ubiquitous entity: not related
        assert!(rel[1].iter().all(|r| r.article != 2));
        assert_eq!(
            rel[2].iter().map(|r| r.article).collect::<Vec<_>>(),
            vec![0, 3]
        );
    }

    #[test]
    fn an_entity_in_every_article_compares_each_with_its_neighbours_only() {
        // entity 0 in 3,000 articles (not all: it keeps an idf), entity
        // 1 in article 0 and the last one.
        let n = 3_100;
        let ents: Vec<Vec<(EntityIx, usize)>> = (0..n)
            .map(|i| {
                let mut v = Vec::new();
                if i < 3_000 || i == n - 1 {
                    v.push((0, 1));
                }
                if i == 0 || i == n - 1 {
                    v.push((1, 1));
                }
                v
            })
            .collect();
        let rel = related_articles(n, &ents);
        // Through the rare entity, as before.
        assert_eq!(rel[0][0].article, n - 1);
        // Through the common one: only articles within the window.
        for (a, r) in rel.iter().enumerate().take(3_000) {
            for x in r.iter().filter(|x| x.shared == vec![0]) {
                assert!(
                    x.article.abs_diff(a) <= RELATED_WINDOW,
                    "{a} → {}",
                    x.article
                );
            }
        }
        assert_eq!(
            rel[1500].iter().map(|r| r.article).collect::<Vec<_>>(),
            vec![1250, 1251, 1252, 1253]
        );
    }
}
