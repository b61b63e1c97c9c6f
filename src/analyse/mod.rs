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
use crate::model::{ArticleIx, BlockIx, Dossier, EntityIx, IxVec, KindIx};
use matcher::{Hit, Matcher};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

/// One article's mentions, block by block, each block's in order.
pub type BlockHits = IxVec<BlockIx, Vec<Hit>>;

/// A mention located in the dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MentionAt {
    pub article: ArticleIx,
    /// The anchor is `#p{block+1}`.
    pub block: BlockIx,
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
    pub block: BlockIx,
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

/// Two entities and the number of blocks they share.
pub type Edge = (EntityIx, EntityIx, u32);

/// What the analysis found, grouped the way pages read it: per article
/// and per entity, so that a page looks its own things up instead of
/// scanning every quote or mention of the dossier.
pub struct Analysis {
    pub articles: IxVec<ArticleIx, ArticleAnalysis>,
    pub entities: IxVec<EntityIx, EntityAnalysis>,
    /// Per kind: its entities, most mentioned first, then in entity order.
    pub ranked: IxVec<KindIx, Vec<EntityIx>>,
    /// Statements (quotes of four words or more), in reading order: by
    /// article, then by block (each article's a range, see
    /// [`ArticleAnalysis::quotes`]).
    pub quotes: Vec<Quote>,
    /// The quotes with no speaker (indexes into `quotes`), in order.
    pub unattributed: Vec<usize>,
    /// Co-occurrence edges (a < b), weight = paragraphs shared; strongest first.
    pub edges: Vec<Edge>,
    pub candidates: Vec<candidates::Candidate>,
}

/// What the analysis knows of one article.
#[derive(Debug, Clone, Default)]
pub struct ArticleAnalysis {
    /// Per block: the mentions linked in it, in order.
    pub hits: BlockHits,
    /// Entities mentioned, with counts, most mentioned first.
    pub entities: Vec<(EntityIx, usize)>,
    /// Related articles, best first.
    pub related: Vec<Related>,
    /// Its quotes: this range of [`Analysis::quotes`].
    pub quotes: Range<usize>,
}

/// What the analysis knows of one entity.
#[derive(Debug, Clone, Default)]
pub struct EntityAnalysis {
    /// Every mention, in reading order.
    pub mentions: Vec<MentionAt>,
    /// How many articles mention it.
    pub articles: usize,
    /// Co-occurring entities, strongest first.
    pub neighbours: Vec<(EntityIx, u32)>,
    /// Its events: indexes into `dossier.events`, in order.
    pub events: Vec<usize>,
    /// The quotes it is the speaker of (indexes into
    /// [`Analysis::quotes`]), in order.
    pub quotes: Vec<usize>,
    /// The articles tagged with it, in order.
    pub tagged: Vec<ArticleIx>,
}

impl Analysis {
    /// The quotes of article `a`, in order.
    pub fn quotes_of(&self, a: ArticleIx) -> &[Quote] {
        &self.quotes[self.articles[a].quotes.clone()]
    }

    /// The quotes standing in block `b` of article `a`, in order: found by
    /// binary search, an article's quotes being sorted by block.
    pub fn quotes_in(&self, a: ArticleIx, b: BlockIx) -> &[Quote] {
        let all = self.quotes_of(a);
        let from = all.partition_point(|q| q.block < b);
        let to = all.partition_point(|q| q.block <= b);
        &all[from..to]
    }

    /// Every mention of the dossier, counted.
    pub fn mention_count(&self) -> usize {
        self.entities.iter().map(|e| e.mentions.len()).sum()
    }
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
    let matcher = Matcher::new(d.entities.as_slice());
    let (hits, nested) = find_mentions(d, &matcher);
    let tally = tally(d, &hits, &nested);
    drop(nested);
    let (edges, neighbours) = cooccurrence(d.entities.len(), tally.pair_weight);
    let related = related_articles(d.articles.len(), &tally.article_entities);
    let warnings = unmentioned(d, &tally.mentions, &tally.article_entities);
    let mut articles: IxVec<ArticleIx, ArticleAnalysis> = hits
        .into_iter()
        .zip(tally.article_entities)
        .zip(related)
        .map(|((hits, entities), related)| ArticleAnalysis {
            hits,
            entities,
            related,
            quotes: 0..0,
        })
        .collect();
    let packs = lexicon::Packs::new();
    let quotes = find_quotes_with(d, &articles, &packs, quotes::Rules::default());
    let candidates = candidates::find(d, &articles, &packs);
    let mut entities: IxVec<EntityIx, EntityAnalysis> = tally
        .mentions
        .into_iter()
        .zip(neighbours)
        .map(|(mentions, neighbours)| EntityAnalysis {
            articles: articles_of(&mentions),
            mentions,
            neighbours,
            ..EntityAnalysis::default()
        })
        .collect();
    let unattributed = index_quotes(&quotes, &mut articles, &mut entities);
    index_dossier(d, &mut entities);
    let ranked = rank(d, &entities);
    let analysis = Analysis {
        articles,
        entities,
        ranked,
        quotes,
        unattributed,
        edges,
        candidates,
    };
    (analysis, warnings)
}

/// How many articles a list of mentions in reading order stands in.
fn articles_of(mentions: &[MentionAt]) -> usize {
    mentions
        .iter()
        .enumerate()
        .filter(|&(i, m)| i == 0 || mentions[i - 1].article != m.article)
        .count()
}

/// Each article's range of the quotes and each speaker's quotes; returns
/// the quotes with no speaker.
fn index_quotes(
    quotes: &[Quote],
    articles: &mut IxVec<ArticleIx, ArticleAnalysis>,
    entities: &mut IxVec<EntityIx, EntityAnalysis>,
) -> Vec<usize> {
    let mut unattributed = Vec::new();
    let mut from = 0;
    for ai in articles.indices() {
        let to = from + quotes[from..].partition_point(|q| q.article == ai);
        articles[ai].quotes = from..to;
        from = to;
    }
    for (i, q) in quotes.iter().enumerate() {
        match q.speaker {
            Some(e) => entities[e].quotes.push(i),
            None => unattributed.push(i),
        }
    }
    unattributed
}

/// Each entity's events and the articles tagged with it.
fn index_dossier(d: &Dossier, entities: &mut IxVec<EntityIx, EntityAnalysis>) {
    for (i, ev) in d.events.iter().enumerate() {
        for &e in &ev.entities {
            entities[e].events.push(i);
        }
    }
    for (i, art) in d.articles.iter_enumerated() {
        let mut tags = art.tags.clone();
        tags.sort_unstable();
        tags.dedup();
        for e in tags {
            entities[e].tagged.push(i);
        }
    }
}

/// Each kind's entities, most mentioned first, then in entity order.
fn rank(d: &Dossier, entities: &IxVec<EntityIx, EntityAnalysis>) -> IxVec<KindIx, Vec<EntityIx>> {
    let mut ranked: IxVec<KindIx, Vec<EntityIx>> = IxVec::filled(Vec::new(), d.kinds.len());
    for (e, ent) in d.entities.iter_enumerated() {
        ranked[ent.kind].push(e);
    }
    for list in ranked.iter_mut() {
        list.sort_by(|&x, &y| {
            let n = |e: EntityIx| entities[e].mentions.len();
            n(y).cmp(&n(x)).then(x.cmp(&y))
        });
    }
    ranked
}

/// Per article, per block: the mentions linked, and the names standing
/// inside them (counted as mentions, not linked).
fn find_mentions(
    d: &Dossier,
    matcher: &Matcher,
) -> (IxVec<ArticleIx, BlockHits>, IxVec<ArticleIx, BlockHits>) {
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
    let (hits, nested): (Vec<BlockHits>, Vec<BlockHits>) = found
        .into_iter()
        .map(|blocks| {
            let (h, n): (Vec<Vec<Hit>>, Vec<Vec<Hit>>) = blocks.into_iter().unzip();
            (h.into(), n.into())
        })
        .unzip();
    (hits.into(), nested.into())
}

/// What one pass over every mention gives: each entity's mentions in
/// reading order, each article's entities by count, and how many blocks
/// each pair of entities shares.
struct Tally {
    mentions: IxVec<EntityIx, Vec<MentionAt>>,
    article_entities: IxVec<ArticleIx, Vec<(EntityIx, usize)>>,
    pair_weight: HashMap<(EntityIx, EntityIx), u32>,
}

fn tally(
    d: &Dossier,
    hits: &IxVec<ArticleIx, BlockHits>,
    nested: &IxVec<ArticleIx, BlockHits>,
) -> Tally {
    // Allocated to size: grown by doubling, the lists' slack was hundreds
    // of megabytes at 100,000 articles.
    let mut per_entity: IxVec<EntityIx, usize> = IxVec::filled(0, d.entities.len());
    for h in hits.iter().chain(nested).flatten().flatten() {
        per_entity[h.entity] += 1;
    }
    let mut t = Tally {
        mentions: per_entity.iter().map(|&n| Vec::with_capacity(n)).collect(),
        article_entities: IxVec::from_raw(Vec::with_capacity(d.articles.len())),
        // Hashed, not ordered: 12 million increments at 100,000 articles;
        // the edges are sorted once afterwards.
        pair_weight: HashMap::new(),
    };
    for (ai, blocks) in hits.iter_enumerated() {
        let mut counts: BTreeMap<EntityIx, usize> = BTreeMap::new();
        for (bi, block) in blocks.iter_enumerated() {
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

/// Per entity: its co-occurring entities and the blocks shared.
type Neighbours = IxVec<EntityIx, Vec<(EntityIx, u32)>>;

/// The co-occurrence edges, heaviest first, and each entity's neighbours.
fn cooccurrence(
    n_ent: usize,
    pair_weight: HashMap<(EntityIx, EntityIx), u32>,
) -> (Vec<Edge>, Neighbours) {
    let mut edges: Vec<(EntityIx, EntityIx, u32)> = pair_weight
        .into_iter()
        .map(|((a, b), w)| (a, b, w))
        .collect();
    edges.sort_by(|x, y| y.2.cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    let mut degree: IxVec<EntityIx, usize> = IxVec::filled(0, n_ent);
    for &(a, b, _) in &edges {
        degree[a] += 1;
        degree[b] += 1;
    }
    let mut neighbours: Neighbours = degree.iter().map(|&n| Vec::with_capacity(n)).collect();
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
    mentions: &IxVec<EntityIx, Vec<MentionAt>>,
    article_entities: &IxVec<ArticleIx, Vec<(EntityIx, usize)>>,
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for (i, e) in d.entities.iter_enumerated() {
        if mentions[i].is_empty() {
            warnings.push(Warning::new(
                "never-mentioned",
                &e.id,
                Some(e.source.clone()),
                format!("entity `{}` is never mentioned in the articles", e.id),
            ));
        }
    }
    for (i, a) in d.articles.iter_enumerated() {
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
fn related_articles(
    n: usize,
    article_entities: &IxVec<ArticleIx, Vec<(EntityIx, usize)>>,
) -> Vec<Vec<Related>> {
    let n_ent = article_entities
        .iter()
        .flat_map(|v| v.iter().map(|&(e, _)| e.get() + 1))
        .max()
        .unwrap_or(0);
    let mut postings: IxVec<EntityIx, Vec<ArticleIx>> = IxVec::filled(Vec::new(), n_ent);
    for (a, ents) in article_entities.iter_enumerated() {
        for &(e, _) in ents {
            postings[e].push(a);
        }
    }
    let idf: IxVec<EntityIx, f64> = postings
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
            |(score, touched), a| ix.related(ArticleIx::new(a), score, touched),
        )
        .collect()
}

/// Which articles name each entity (in date order), and each entity's
/// inverse document frequency.
struct Postings<'a> {
    article_entities: &'a IxVec<ArticleIx, Vec<(EntityIx, usize)>>,
    postings: IxVec<EntityIx, Vec<ArticleIx>>,
    idf: IxVec<EntityIx, f64>,
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
                    if score[b.get()] == 0.0 {
                        touched.push(b);
                    }
                    score[b.get()] += self.idf[e];
                }
            }
        }
        let mut best: Vec<(ArticleIx, f64)> =
            touched.iter().map(|&b| (b, score[b.get()])).collect();
        for &b in touched.iter() {
            score[b.get()] = 0.0;
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
    articles: &IxVec<ArticleIx, ArticleAnalysis>,
    packs: &lexicon::Packs,
    rules: quotes::Rules,
) -> Vec<Quote> {
    let facts: IxVec<EntityIx, quotes::EntityFacts> = d
        .entities
        .iter()
        .map(|e| quotes::EntityFacts {
            role: d.kinds[e.kind].role,
            about: std::iter::once(e.summary.as_str())
                .chain(e.facts.iter().map(|(_, v)| v.as_str()))
                .collect(),
            names: std::iter::once(e.name.as_str())
                .chain(e.aliases.iter().map(|a| a.text.as_str()))
                .collect(),
        })
        .collect();
    let per_article: Vec<Vec<Quote>> = d
        .articles
        .par_iter()
        .enumerate()
        .map(|(ai, a)| {
            let ai = ArticleIx::new(ai);
            article_quotes(ai, a, &articles[ai], packs, &facts, rules)
        })
        .collect();
    per_article.into_iter().flatten().collect()
}

/// The quotes of one article, its `quotes:` corrections applied, sorted by
/// block.
fn article_quotes(
    ai: ArticleIx,
    a: &crate::model::Article,
    analysed: &ArticleAnalysis,
    packs: &lexicon::Packs,
    facts: &IxVec<EntityIx, quotes::EntityFacts>,
    rules: quotes::Rules,
) -> Vec<Quote> {
    // Statements are quotations: an article without a single quote mark
    // has none, and need not be tokenised sentence by sentence.
    if a.blocks
        .iter()
        .all(|b| crate::quotemarks::quotes(&b.text).is_empty())
    {
        return Vec::new();
    }
    let spans: Vec<Vec<quotes::MentionSpan>> = analysed
        .hits
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
    let mut found: Vec<Quote> = quotes::extract(&blocks, packs.get(a.language), facts, rules)
        .into_iter()
        .filter(|q| q.words >= 4 || q.speaker.is_some())
        .map(|q| corrected(ai, a, q))
        .collect();
    // Sorted by block, as found within one (the pages find each block's
    // quotes by binary search).
    found.sort_by_key(|q| q.block);
    found
}

/// A found quote as the site shows it: the article's `quotes:` correction
/// for it, if one matches, decides its speaker.
fn corrected(ai: ArticleIx, a: &crate::model::Article, q: quotes::FoundQuote) -> Quote {
    let fix = a
        .quote_fixes
        .iter()
        .find(|f| crate::quotemarks::fix_matches(&f.starts, &q.text));
    Quote {
        article: ai,
        block: BlockIx::new(q.block),
        start: q.start,
        end: q.end,
        speaker: fix.map_or(q.speaker, |f| f.speaker),
        corrected: fix.is_some(),
        text: q.text,
        rule: q.rule,
        via: q.via,
        phrase: q.phrase,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(i: usize) -> EntityIx {
        EntityIx::new(i)
    }

    fn a(i: usize) -> ArticleIx {
        ArticleIx::new(i)
    }

    /// Each article's entities (with counts), typed.
    fn typed(v: Vec<Vec<(usize, usize)>>) -> IxVec<ArticleIx, Vec<(EntityIx, usize)>> {
        v.into_iter()
            .map(|x| x.into_iter().map(|(i, n)| (e(i), n)).collect())
            .collect()
    }

    #[test]
    fn related_articles_weigh_rare_entities_and_ignore_ubiquitous_ones() {
        // entity 0 is in every article; 1 in articles 0 and 1; 2 in 0, 2, 3.
        let ents = typed(vec![
            vec![(0, 5), (1, 1), (2, 1)],
            vec![(0, 2), (1, 3)],
            vec![(0, 1), (2, 2)],
            vec![(0, 1), (2, 1)],
        ]);
        let rel = related_articles(4, &ents);
        let of0: Vec<(ArticleIx, Vec<EntityIx>)> = rel[0]
            .iter()
            .map(|r| (r.article, r.shared.clone()))
            .collect();
        assert_eq!(
            of0,
            vec![(a(1), vec![e(1)]), (a(2), vec![e(2)]), (a(3), vec![e(2)])]
        );
        assert!((rel[0][0].score - 2f64.ln()).abs() < 1e-9);
        // 1 and 2 share only the ubiquitous entity: not related
        assert!(rel[1].iter().all(|r| r.article != a(2)));
        assert_eq!(
            rel[2].iter().map(|r| r.article).collect::<Vec<_>>(),
            vec![a(0), a(3)]
        );
    }

    #[test]
    fn an_entity_in_every_article_compares_each_with_its_neighbours_only() {
        // entity 0 in 3,000 articles (not all: it keeps an idf), entity
        // 1 in article 0 and the last one.
        let n = 3_100;
        let ents = typed(
            (0..n)
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
                .collect(),
        );
        let rel = related_articles(n, &ents);
        // Through the rare entity, as before.
        assert_eq!(rel[0][0].article, a(n - 1));
        // Through the common one: only articles within the window.
        for (a, r) in rel.iter().enumerate().take(3_000) {
            for x in r.iter().filter(|x| x.shared == vec![e(0)]) {
                assert!(
                    x.article.get().abs_diff(a) <= RELATED_WINDOW,
                    "{a} → {:?}",
                    x.article
                );
            }
        }
        assert_eq!(
            rel[1500].iter().map(|r| r.article).collect::<Vec<_>>(),
            vec![a(1250), a(1251), a(1252), a(1253)]
        );
    }
}
