//! Quotations in news text, and who said them, in any language with a pack.
//!
//! Two stages, as the field does it (Muzny et al. 2017, "A Two-stage Sieve
//! Approach for Quote Attribution"; Stanford CoreNLP's quote attributor):
//!
//! 1. **Quote → speaker phrase** ([`grammar`]): ordered rules, each
//!    recognising one way news text attributes a quote (a speech verb after
//!    it, before it, "according to", a headline, a clause around a partial
//!    quote). The first rule that finds a phrase decides.
//! 2. **Speaker phrase → entity** ([`attribute`]): a name, a pronoun, a
//!    title the article gave someone, a document speaking for its issuer.
//!    A phrase that points at nobody of the dossier, or at several, gives
//!    no speaker.
//!
//! Then quotes that no rule reached inherit a speaker where the text makes
//! it plain: the rest of a quote continued over several paragraphs, and a
//! quote standing alone right after one of the same speaker.
//!
//! A quote filed under the wrong name puts words in someone's mouth; a
//! quote with no speaker only leaves a gap the editor can fill with a
//! `quotes:` correction. Every step therefore gives up rather than guess.

mod attribute;
mod grammar;
mod tokens;

use crate::quotemarks as scan;

use super::lexicon::Pack;
use crate::model::{EntityIx, IxVec, Role};
use attribute::{Cast, Discourse, Outcome, Via};
use std::collections::HashMap;
use std::ops::Range;
use tokens::{Tok, Token};

/// One entity mention in a block: byte offsets into the block text.
#[derive(Clone, Copy, Debug)]
pub struct MentionSpan {
    pub start: usize,
    pub end: usize,
    pub entity: EntityIx,
}

/// One block (paragraph or subheading) of an article, in reading order.
#[derive(Clone, Debug)]
pub struct BlockIn<'a> {
    pub text: &'a str,
    pub mentions: &'a [MentionSpan],
    pub heading: bool,
}

/// What the dossier says of each entity that can help find a speaker.
pub struct EntityFacts<'a> {
    pub role: Role,
    /// The one-line summary and fact values: "Mayor of Springfield".
    pub about: Vec<&'a str>,
    /// The name and aliases: an organisation's name holds what a text
    /// calls it for short ("le centre hospitalier" for the "Centre
    /// hospitalier d'Armentières", "the museum" for the "Cleveland Museum
    /// of Art").
    pub names: Vec<&'a str>,
}

/// The stage-1 rules, in the order they are tried.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// `"…," X said` / `"…," said X` / `« … », a déclaré X`.
    VerbAfter,
    /// `X said: "…"` / `X a affirmé : « … »` / `X said that "…"`.
    VerbBefore,
    /// `according to X` / `selon X` / `d'après X` / `Pour X, « … »`.
    According,
    /// `Name: « … »` in a heading or opening a paragraph.
    Headline,
    /// An incise set off by commas, in the sentence or inside the quote:
    /// `« Une partie des gens, dit-elle, est convaincue … »`.
    Incise,
    /// A partial quote in the clause of a speech verb:
    /// `X called it "unworkable"`, `X a qualifié la situation de « … »`.
    Clause,
    /// A quote that is the predicate of its sentence's subject, no speech
    /// verb written: `Dans un communiqué, la Seita « comprend et partage
    /// l'émotion … »`.
    Subject,
    /// The next paragraphs of a quote continued over several.
    Continued,
    /// A quote standing alone right after one of a known speaker.
    Follows,
}

impl Rule {
    pub const ALL: [Rule; 9] = [
        Rule::VerbAfter,
        Rule::VerbBefore,
        Rule::According,
        Rule::Headline,
        Rule::Incise,
        Rule::Clause,
        Rule::Subject,
        Rule::Continued,
        Rule::Follows,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Rule::VerbAfter => "verb-after",
            Rule::VerbBefore => "verb-before",
            Rule::According => "according",
            Rule::Headline => "headline",
            Rule::Incise => "incise",
            Rule::Clause => "clause",
            Rule::Subject => "subject",
            Rule::Continued => "continued",
            Rule::Follows => "follows",
        }
    }

    pub fn from_name(s: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.name() == s)
    }
}

/// Which rules run: all by default; the scorer switches them one by one.
#[derive(Clone, Copy, Debug)]
pub struct Rules([bool; 9]);

impl Default for Rules {
    fn default() -> Self {
        Rules([true; 9])
    }
}

impl Rules {
    pub fn without(mut self, r: Rule) -> Self {
        self.0[r as usize] = false;
        self
    }
    pub fn on(&self, r: Rule) -> bool {
        self.0[r as usize]
    }
}

pub use attribute::Via as Resolution;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundQuote {
    /// Index of the block in the input slice.
    pub block: usize,
    /// Byte range of the quoted words inside the block text, quote marks
    /// and the spaces just inside them excluded.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub words: usize,
    pub speaker: Option<EntityIx>,
    /// The rule that found a speaker phrase, if one did.
    pub rule: Option<Rule>,
    /// How the phrase was linked to an entity (or why not).
    pub via: Option<Via>,
    /// The speaker phrase as it stands in the text ("said Lewis Kaplan").
    pub phrase: Option<String>,
    /// Where that phrase stands: (block, start, end).
    pub phrase_at: Option<(usize, usize, usize)>,
}

/// A block made ready for the rules.
pub(crate) struct Prepared<'s> {
    pub text: &'s str,
    pub heading: bool,
    pub mentions: &'s [MentionSpan],
    pub quotes: Vec<scan::Span>,
    pub mention_ranges: Vec<(usize, usize)>,
    pub toks: Vec<Token>,
    pub sentences: Vec<std::ops::Range<usize>>,
    /// The longest mention, in bytes: mentions are in order of their
    /// start, so those overlapping a range start at most this far before it.
    pub longest_mention: usize,
}

impl Prepared<'_> {
    /// Whether byte `pos` is inside a quote of the block: the quotes are
    /// top-level, disjoint and in order, so by binary search.
    fn is_quoted(&self, pos: usize) -> bool {
        let i = self.quotes.partition_point(|q| q.open <= pos);
        i > 0 && pos < self.quotes[i - 1].close
    }

    /// The mentions that may overlap bytes `lo..hi`: a slice found by
    /// binary search, so a paragraph of many quotes is not read again for
    /// each one.
    fn mentions_near(&self, lo: usize, hi: usize) -> &[MentionSpan] {
        let m = self.mentions;
        let first = m.partition_point(|x| x.start + self.longest_mention < lo);
        let end = m.partition_point(|x| x.start < hi).max(first);
        crate::work::add(&crate::work::QUOTE_READS, end - first);
        &m[first..end]
    }
}

fn prepare<'s>(b: &BlockIn<'s>, pack: &Pack) -> Prepared<'s> {
    let quotes = scan::quotes(b.text);
    // A mention inside a quote is part of the quote's words, not of the
    // sentence around it.
    let mention_ranges: Vec<(usize, usize)> = b.mentions.iter().map(|m| (m.start, m.end)).collect();
    let toks = tokens::tokenize(b.text, &mention_ranges, &quotes, pack);
    let sentences = tokens::sentences(b.text, &toks, pack);
    debug_assert!(b.mentions.windows(2).all(|w| w[0].start <= w[1].start));
    Prepared {
        text: b.text,
        heading: b.heading,
        mentions: b.mentions,
        longest_mention: b
            .mentions
            .iter()
            .map(|m| m.end - m.start)
            .max()
            .unwrap_or(0),
        quotes,
        mention_ranges,
        toks,
        sentences,
    }
}

/// All quotes of one article, in reading order, with their speakers.
pub fn extract(
    blocks: &[BlockIn<'_>],
    pack: &Pack,
    entities: &IxVec<EntityIx, EntityFacts<'_>>,
    rules: Rules,
) -> Vec<FoundQuote> {
    let prepared: Vec<Prepared<'_>> = blocks.iter().map(|b| prepare(b, pack)).collect();
    let mut r = Reader {
        pack,
        rules,
        blocks: &prepared,
        cast: Cast::new(&prepared, pack, entities),
        discourse: Discourse::new(&prepared),
        out: Vec::new(),
        places: Vec::new(),
        reporters: HashMap::new(),
        subjects: HashMap::new(),
    };
    for (bi, b) in prepared.iter().enumerate() {
        for (si, range) in b.sentences.iter().enumerate() {
            let s = &b.toks[range.clone()];
            // the opening phrase, read once for both uses of it
            let opening = (!b.heading).then(|| r.opening_subject(bi, si)).flatten();
            for (qi, t) in s.iter().enumerate() {
                if let Tok::Quote(n) = t.tok {
                    r.quote(bi, si, qi, n);
                }
            }
            if !b.heading {
                r.sentence_facts(bi, si, opening);
            }
            r.discourse.sentence(bi, s, b, &r.cast, pack);
        }
    }
    let mut out = r.out;
    if rules.on(Rule::Continued) {
        continued(&prepared, &mut out, &r.places);
    }
    if rules.on(Rule::Follows) {
        let cx = FollowCx {
            blocks: &prepared,
            entities,
            places: &r.places,
            reporters: &r.reporters,
            subjects: &r.subjects,
            pack,
        };
        cx.follows(&mut out);
    }
    out
}

/// Where a found quote stands: its block, its sentence there, and its
/// span among the block's quotes.
#[derive(Clone, Copy)]
struct Place {
    block: usize,
    sentence: usize,
    span: usize,
}

/// An article read in order: who is in view, and the quotes so far.
struct Reader<'r, 's> {
    pack: &'r Pack,
    rules: Rules,
    blocks: &'r [Prepared<'s>],
    cast: Cast<'r>,
    discourse: Discourse,
    out: Vec<FoundQuote>,
    /// Where each quote in `out` stands.
    places: Vec<Place>,
    /// Sentences reporting speech without a quote, and by whom.
    reporters: HashMap<(usize, usize), EntityIx>,
    /// Sentences without a quote whose subject is a person, named or
    /// described by a title.
    subjects: HashMap<(usize, usize), EntityIx>,
}

impl Reader<'_, '_> {
    /// The rules over sentence `si` of block `bi`, or over its tokens
    /// `part` only.
    fn grammar<'g>(
        &'g self,
        bi: usize,
        si: usize,
        part: Option<(usize, usize)>,
        inner: &'g [Token],
    ) -> grammar::Grammar<'g, 'g> {
        let b = &self.blocks[bi];
        let s = &b.toks[b.sentences[si].clone()];
        let (from, to) = part.unwrap_or((0, s.len()));
        grammar::Grammar {
            pack: self.pack,
            b,
            s: &s[from..to],
            from,
            at: (bi, si),
            inner,
        }
    }

    /// Stage 1 then stage 2 for the quote at token `qi` of sentence `si`.
    fn quote(&mut self, bi: usize, si: usize, qi: usize, n: usize) {
        let b = &self.blocks[bi];
        let span = b.quotes[n];
        let words = &b.text[span.inner_start..span.inner_end];
        let mut q = FoundQuote {
            block: bi,
            start: span.inner_start,
            end: span.inner_end,
            text: words.to_string(),
            words: word_count(words),
            speaker: None,
            rule: None,
            via: None,
            phrase: None,
            phrase_at: None,
        };
        let inner = tokens::tokenize_in(
            b.text,
            span.inner_start..span.inner_end,
            &b.mention_ranges,
            &[],
            self.pack,
        );
        let (from, to) = grammar::window(&b.toks[b.sentences[si].clone()], qi);
        crate::work::add(&crate::work::QUOTE_READS, to - from + inner.len());
        let g = self.grammar(bi, si, Some((from, to)), &inner);
        if g.quoted_label(qi - from) {
            return;
        }
        let before = (qi == 0)
            .then(|| previous_sentence(self.blocks, bi, si))
            .flatten()
            .map(|(pb, ps)| {
                let p = &self.blocks[pb];
                ((pb, ps), &p.toks[p.sentences[ps].clone()])
            });
        if let Some((rule, np)) = g.find(qi - from, before, self.rules) {
            self.speaker_of(&mut q, rule, &np, &inner);
        }
        if let Some(e) = q.speaker {
            self.discourse.speaker(bi, e, self.cast.role(e));
        }
        self.out.push(q);
        self.places.push(Place {
            block: bi,
            sentence: si,
            span: n,
        });
    }

    /// Fills in `q` from the speaker phrase `np` the rule `rule` found:
    /// the phrase, where it stands, and the entity it names, if any.
    /// `inner`: the quote's own tokens.
    fn speaker_of(&self, q: &mut FoundQuote, rule: Rule, np: &grammar::Np, inner: &[Token]) {
        let (nb, ns) = np.sentence;
        let owner = &self.blocks[nb];
        let np_toks = if np.inside {
            &inner[np.range.clone()]
        } else {
            &owner.toks[owner.sentences[ns].clone()][np.range.clone()]
        };
        q.rule = Some(rule);
        q.phrase = Some(phrase_text(owner, np_toks));
        q.phrase_at = match (np_toks.first(), np_toks.last()) {
            (Some(f), Some(l)) => Some((nb, f.start, l.end)),
            _ => None,
        };
        let b = &self.blocks[q.block];
        let quoted: Vec<EntityIx> = inner
            .iter()
            .filter_map(|t| match t.tok {
                Tok::Mention(m) => Some(b.mentions[m].entity),
                _ => None,
            })
            .filter(|&e| self.cast.role(e) == Role::Person)
            .collect();
        match self
            .cast
            .resolve(np_toks, owner, nb, &self.discourse, &quoted)
        {
            Outcome::Entity(e, via) => {
                q.speaker = Some(e);
                q.via = Some(via);
            }
            // A subject that is nobody of the dossier ("La cellule de
            // crise « a été déclenchée … »") is no speaker phrase: the
            // words may still be those of the speaker before.
            Outcome::Nobody(_) if rule == Rule::Subject => {
                q.rule = None;
                q.phrase = None;
                q.phrase_at = None;
            }
            Outcome::Nobody(via) => q.via = Some(via),
        }
    }

    /// The person or organisation named at the end of the phrase opening
    /// sentence `si` ("L'ancien maire du Blanc X a annoncé"), not as the
    /// object of a preposition ("Le rapport de X"), before the sentence's
    /// quotes are read. Returns the opening phrase, for
    /// [`Reader::sentence_facts`].
    fn opening_subject(&mut self, bi: usize, si: usize) -> Option<Range<usize>> {
        let b = &self.blocks[bi];
        let s = &b.toks[b.sentences[si].clone()];
        let r = self.grammar(bi, si, None, &[]).opening_phrase()?;
        let p = self.pack;
        let object = |k: usize| {
            s[..k]
                .iter()
                .rev()
                .find(|t| !(t.tok == Tok::Word && p.determiners.contains(&t.low)))
                .is_some_and(|t| t.tok == Tok::Word && p.of.contains(&t.low))
        };
        let subject = r.clone().rev().find_map(|k| match s[k].tok {
            Tok::Mention(m) if !object(k) => Some(b.mentions[m].entity),
            _ => None,
        });
        if let Some(e) = subject {
            let role = self.cast.role(e);
            if matches!(role, Role::Person | Role::Organization) {
                self.discourse.opening_subject(bi, e, role);
            }
            let quoted = s.iter().any(|t| matches!(t.tok, Tok::Quote(_)));
            if role == Role::Person && !quoted {
                self.subjects.insert((bi, si), e);
            }
        }
        Some(r)
    }

    /// What a sentence tells of who speaks besides its quotes: reported
    /// speech ("M. Beaupré a précisé que …"), whose speaker a quote right
    /// after may continue; a subject named by its title ("La ministre de la
    /// Culture s'est emparée …"), whom a later "elle" may be.
    /// `opening`: the sentence's opening phrase ([`Reader::opening_subject`]).
    fn sentence_facts(&mut self, bi: usize, si: usize, opening: Option<Range<usize>>) {
        let b = &self.blocks[bi];
        let s = &b.toks[b.sentences[si].clone()];
        let g = self.grammar(bi, si, None, &[]);
        let quoted = s.iter().any(|t| matches!(t.tok, Tok::Quote(_)));
        let reported = g.reporter().filter(|_| !quoted);
        if let Some(r) = reported {
            if self.unlisted_person(&s[r.clone()]) {
                self.discourse.outsider(bi);
            } else if let Outcome::Entity(e, _) =
                self.cast.resolve(&s[r], b, bi, &self.discourse, &[])
            {
                self.reporters.insert((bi, si), e);
                self.discourse.speaker(bi, e, self.cast.role(e));
            }
        }
        let Some(r) = opening else { return };
        let first = &s[r.start];
        let definite = first.tok == Tok::Word
            && self.pack.determiners.contains(&first.low)
            && !self.pack.indefinite.contains(&first.low);
        if definite {
            if let Outcome::Entity(e, Via::Title) =
                self.cast.resolve(&s[r], b, bi, &self.discourse, &[])
            {
                self.discourse.subject(bi, e, self.cast.role(e));
                if self.cast.role(e) == Role::Person && !quoted {
                    self.subjects.entry((bi, si)).or_insert(e);
                }
            }
        }
    }
}

impl Reader<'_, '_> {
    /// "A spokesman from Rees's office [said]", « un porte-parole [a
    /// indiqué] »: an indefinite determiner, then a noun for a person (the
    /// pack's gendered nouns), reporting speech.
    fn unlisted_person(&self, phrase: &[Token]) -> bool {
        let p = self.pack;
        match phrase {
            [first, next, ..] => {
                first.tok == Tok::Word
                    && p.indefinite.contains(&first.low)
                    && next.tok == Tok::Word
                    && p.gendered_nouns.contains_key(&next.low)
            }
            _ => false,
        }
    }
}

/// The sentence before sentence `si` of block `bi` (in the previous block
/// when `si` is its first), as (block, sentence): a quote opening a
/// sentence may be introduced by the one before ("He said:").
fn previous_sentence(blocks: &[Prepared<'_>], bi: usize, si: usize) -> Option<(usize, usize)> {
    if si > 0 {
        return Some((bi, si - 1));
    }
    let pb = bi.checked_sub(1)?;
    let n = blocks[pb].sentences.len();
    (n > 0).then(|| (pb, n - 1))
}

fn phrase_text(b: &Prepared<'_>, toks: &[Token]) -> String {
    match (toks.first(), toks.last()) {
        (Some(f), Some(l)) => b.text[f.start..l.end].to_string(),
        _ => String::new(),
    }
}

fn word_count(text: &str) -> usize {
    text.split(|c: char| c.is_whitespace() || c == '\'' || c == '’')
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// A quote left open at the end of its paragraph goes on in the next
/// paragraph that opens with a quote mark. The pieces are one quote: if
/// they name one speaker between them, it is the speaker of all.
fn continued(blocks: &[Prepared<'_>], out: &mut [FoundQuote], places: &[Place]) {
    let span = |c: usize| &blocks[places[c].block].quotes[places[c].span];
    let mut i = 0;
    while i < out.len() {
        let mut chain = vec![i];
        let mut k = i;
        while span(k).open_end {
            // quotes are in reading order: the first of the next block
            let next_block = out[k].block + 1;
            let n = out.partition_point(|q| q.block < next_block);
            match out.get(n) {
                Some(q) if q.block == next_block && span(n).open == 0 => {
                    chain.push(n);
                    k = n;
                }
                _ => break,
            }
        }
        if chain.len() > 1 {
            let mut speakers: Vec<EntityIx> =
                chain.iter().filter_map(|&c| out[c].speaker).collect();
            speakers.dedup();
            if let [e] = speakers[..] {
                for &c in &chain {
                    if out[c].speaker.is_none() && out[c].rule.is_none() {
                        out[c].speaker = Some(e);
                        out[c].rule = Some(Rule::Continued);
                        out[c].via = Some(Via::Inherited);
                    }
                }
            }
        }
        i = k + 1;
    }
}

/// What the `follows` rule reads besides the quotes.
struct FollowCx<'c, 's> {
    blocks: &'c [Prepared<'s>],
    entities: &'c IxVec<EntityIx, EntityFacts<'c>>,
    places: &'c [Place],
    reporters: &'c HashMap<(usize, usize), EntityIx>,
    subjects: &'c HashMap<(usize, usize), EntityIx>,
    pack: &'c Pack,
}

impl FollowCx<'_, '_> {
    /// A quote no rule reached continues the words of the speaker just
    /// before it, when nobody else is named in between:
    /// - `"A," Smith said. "B."`: a sentence that is nothing but a quote,
    ///   after a quote with a speaker (this paragraph or the one before);
    /// - `"A," said Smith, adding that it was "B"`: a later quote of the same
    ///   sentence, with no other speech verb between (participles aside);
    /// - `Smith said the fire was contained. "B."`: a quote alone after a
    ///   sentence reporting Smith's words.
    fn follows(&self, out: &mut [FoundQuote]) {
        for i in 0..out.len() {
            let Place {
                block: bi,
                sentence: si,
                ..
            } = self.places[i];
            if self.blocks[bi].heading || out[i].rule.is_some() {
                continue;
            }
            let prev = i.checked_sub(1).map(|p| (p, out[p].speaker));
            let alone = alone_in_sentence(&self.blocks[bi], si, self.places[i].span);
            // the nearest evidence first: a quote earlier in this sentence,
            // the sentence just before, then the last quote
            let inherited = match prev {
                Some((p, Some(e)))
                    if (self.places[p].block, self.places[p].sentence) == (bi, si) =>
                {
                    let clear = self.nobody_between(&out[p], &out[i], e)
                        && self.no_other_verb(&out[p], &out[i]);
                    clear.then_some(e)
                }
                Some((p, Some(e))) if !alone => {
                    let next_sentence =
                        (self.places[p].block, self.places[p].sentence + 1) == (bi, si);
                    let clear = next_sentence
                        && self.carries_the_verb(&out[i])
                        && self.no_speech_verb(bi, si)
                        && self.nobody_between(&out[p], &out[i], e);
                    clear.then_some(e)
                }
                _ if !alone => None,
                _ => self
                    .reported_before(bi, si)
                    .or_else(|| self.subject_before(bi, si))
                    .or_else(|| match prev {
                        Some((p, Some(e))) if out[p].block + 1 >= bi => {
                            self.nobody_between(&out[p], &out[i], e).then_some(e)
                        }
                        _ => None,
                    })
                    .or_else(|| self.subject_after(bi, si)),
            };
            if let Some(e) = inherited {
                out[i].speaker = Some(e);
                out[i].rule = Some(Rule::Follows);
                out[i].via = Some(Via::Inherited);
            }
        }
    }

    /// The person the sentence right before (bi, si), in the same
    /// paragraph, is about, when it names them as its subject and quotes
    /// nobody: `X est dépité. « Ce qui s'est passé … »`.
    fn subject_before(&self, bi: usize, si: usize) -> Option<EntityIx> {
        let ps = si.checked_sub(1)?;
        self.subjects.get(&(bi, ps)).copied()
    }

    /// The person the sentence right after (bi, si), in the same paragraph,
    /// is about, when it names them as its subject (by name or title) and
    /// quotes nobody: `« Personne ne sait … » Le maire de X fait face …`.
    fn subject_after(&self, bi: usize, si: usize) -> Option<EntityIx> {
        self.subjects.get(&(bi, si + 1)).copied()
    }

    /// The speaker of the sentence right before (bi, si), if it reports
    /// speech without quoting.
    fn reported_before(&self, bi: usize, si: usize) -> Option<EntityIx> {
        let (pb, ps) = previous_sentence(self.blocks, bi, si)?;
        self.reporters.get(&(pb, ps)).copied()
    }

    /// No other person named between two quotes (the phrase that named
    /// the first quote's speaker aside: "said Cal Fire Capt. Scott McLean").
    fn nobody_between(&self, a: &FoundQuote, b: &FoundQuote, e: EntityIx) -> bool {
        let in_phrase = |bi: usize, pos: usize| {
            a.phrase_at
                .is_some_and(|(pb, s, t)| pb == bi && s <= pos && pos < t)
        };
        (a.block..=b.block).all(|bi| {
            let lo = if bi == a.block { a.end } else { 0 };
            let hi = if bi == b.block { b.start } else { usize::MAX };
            let blk = &self.blocks[bi];
            blk.mentions_near(lo, hi).iter().all(|m| {
                m.entity == e
                    || self.entities[m.entity].role != Role::Person
                    || m.end <= lo
                    || m.start >= hi
                    || in_phrase(bi, m.start)
                    || blk.is_quoted(m.start)
            })
        })
    }

    /// Whether a quote opens on an auxiliary ("« ont été fermées … »"):
    /// the quoted words are the sentence's own verb and what follows,
    /// the speaker's words carried on after a subject of the writer's.
    /// A quoted fragment after the writer's own verb ("va rester fermé
    /// « pour 24 heures »") may be anybody's.
    fn carries_the_verb(&self, q: &FoundQuote) -> bool {
        let first = q
            .text
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .find(|w| !w.is_empty());
        first.is_some_and(|w| {
            w.chars().next().is_some_and(char::is_lowercase) && self.pack.auxiliaries.contains(w)
        })
    }

    /// No speech verb in sentence `si` of block `bi` outside its quotes.
    fn no_speech_verb(&self, bi: usize, si: usize) -> bool {
        let b = &self.blocks[bi];
        let toks = &b.toks[b.sentences[si].clone()];
        crate::work::add(&crate::work::QUOTE_READS, toks.len());
        toks.iter()
            .all(|t| t.tok != Tok::Word || self.pack.speech_verb(&t.low).is_none())
    }

    /// No finite speech verb between two quotes of one block but the one
    /// attributing the first (participles share its subject: "Nelson
    /// said, explaining that …").
    fn no_other_verb(&self, a: &FoundQuote, b: &FoundQuote) -> bool {
        let blk = &self.blocks[a.block];
        let mut own = a.rule == Some(Rule::VerbAfter);
        let first = blk.toks.partition_point(|t| t.start < a.end);
        let between = blk.toks[first..].partition_point(|t| t.start < b.start);
        crate::work::add(&crate::work::QUOTE_READS, between);
        blk.toks[first..first + between]
            .iter()
            .filter(|t| t.end <= b.start)
            .filter(|t| t.tok == Tok::Word && self.pack.speech_verb(&t.low).is_some())
            .filter(|t| !self.pack.speech_participle(&t.low))
            .all(|_| std::mem::replace(&mut own, false))
    }
}

/// Whether sentence `si` of `b` is nothing but its quote `span` (and
/// punctuation). It stops at the first other token, so a long sentence of
/// many quotes is not read whole for each.
fn alone_in_sentence(b: &Prepared<'_>, si: usize, span: usize) -> bool {
    let mut read = 0;
    let alone = b.toks[b.sentences[si].clone()].iter().all(|t| {
        read += 1;
        match t.tok {
            Tok::Quote(n) => n == span,
            Tok::Punct(_) => true,
            _ => false,
        }
    });
    crate::work::add(&crate::work::QUOTE_READS, read);
    alone
}

#[cfg(test)]
mod tests;
