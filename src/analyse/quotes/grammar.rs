//! Stage 1: from a quote to the phrase that names its speaker.
//!
//! Each rule recognises one shape of attribution inside the quote's
//! sentence (or, for a quote opening its sentence, the sentence before).
//! The rules read only the pack's word classes (speech verbs, auxiliaries,
//! determiners, …), never a particular word, so they hold for any language
//! whose news prose attributes quotes this way; English and French do.

use super::tokens::{Tok, Token};
use super::{Prepared, Rule, Rules};
use crate::analyse::lexicon::{Pack, VerbInfo};
use std::ops::Range;

/// A speaker phrase: a token range of one sentence, or of the words
/// inside the quote.
pub struct Np {
    /// (block, sentence) the range is in.
    pub sentence: (usize, usize),
    pub range: Range<usize>,
    pub inside: bool,
}

pub struct Grammar<'g, 's> {
    pub pack: &'g Pack,
    pub b: &'g Prepared<'s>,
    /// The quote's sentence, or the part of it within [`WINDOW`] tokens of
    /// the quote.
    pub s: &'g [Token],
    /// Where `s` starts in its sentence: ranges [`Grammar::find`] returns
    /// are shifted by it, so they stay sentence-relative.
    pub from: usize,
    /// (block, sentence) of `s`.
    pub at: (usize, usize),
    /// The words inside the quote, for an incise there.
    pub inner: &'g [Token],
}

/// A verb group: auxiliaries and adverbs, the speech verb, and a subject
/// pronoun glued to it by inversion ("a-t-il déclaré", "dit-elle").
struct Vg {
    end: usize,
    inverted: Option<usize>,
    info: VerbInfo,
}

/// Longest speaker phrase read, in tokens.
const NP_MAX: usize = 12;

/// How far from its quote, in tokens either way, the rules read a
/// sentence. Attribution is local: every rule looks for a verb, a marker
/// or a phrase next to the quote or a few words off (`NP_MAX`, a clause of
/// at most 30 tokens), so this bound is far beyond anything a rule uses
/// in news prose, where a long sentence is under 100 tokens. It is there
/// for text with no sentence ends (a pasted transcript, a PDF export):
/// without it each quote's rules would read the whole "sentence", and a
/// paragraph of many quotes would cost the square of its length.
pub const WINDOW: usize = 200;

/// The part of sentence `s` the rules read for its quote at `qi`: (start,
/// end) in `s`.
pub fn window(s: &[Token], qi: usize) -> (usize, usize) {
    (
        qi.saturating_sub(WINDOW),
        qi.saturating_add(WINDOW + 1).min(s.len()),
    )
}

impl Grammar<'_, '_> {
    /// The first rule that finds a speaker phrase for the quote at `qi`.
    /// `before` is the sentence preceding `s` (when the quote opens `s`)
    /// with its tokens.
    pub fn find(
        &self,
        qi: usize,
        before: Option<((usize, usize), &[Token])>,
        rules: Rules,
    ) -> Option<(Rule, Np)> {
        let here = |r: Range<usize>| Np {
            sentence: self.at,
            range: r,
            inside: false,
        };
        // A range of the quote's own sentence, read through the window
        // (`introduced` and `incise` build theirs with `self.at` too).
        let shift = |mut np: Np| {
            if np.sentence == self.at && !np.inside {
                np.range = np.range.start + self.from..np.range.end + self.from;
            }
            np
        };
        let tries: [(Rule, &dyn Fn() -> Option<Np>); 7] = [
            (Rule::VerbAfter, &|| self.verb_after(qi).map(here)),
            (Rule::VerbBefore, &|| self.verb_before(qi, before)),
            (Rule::According, &|| self.according(qi).map(here)),
            (Rule::Headline, &|| self.headline(qi).map(here)),
            (Rule::Incise, &|| {
                self.incise(qi).map(|i| Np {
                    sentence: self.at,
                    range: i.range,
                    inside: i.inside,
                })
            }),
            (Rule::Clause, &|| self.clause(qi).map(here)),
            (Rule::Subject, &|| self.subject_of(qi).map(here)),
        ];
        tries
            .into_iter()
            .filter(|(r, _)| rules.on(*r))
            .find_map(|(r, f)| f().map(|np| (r, shift(np))))
    }

    fn word<'t>(&self, t: &'t Token) -> Option<&'t str> {
        (t.tok == Tok::Word).then_some(t.low.as_str())
    }

    fn speech(&self, t: &Token) -> Option<VerbInfo> {
        self.word(t)
            .filter(|_| !t.inverted)
            .and_then(|w| self.pack.speech_verb(w))
    }

    /// A speech verb that can have a subject: not an infinitive after "to",
    /// "de", "à" ("en vue de déclarer", "to say").
    fn finite_speech(&self, s: &[Token], k: usize) -> bool {
        self.speech_at(s, k).is_some() && !(k > 0 && self.nominal_context(&s[k - 1]))
    }

    /// A speech verb of one word or several ("pointed out", "fait part")
    /// at `k`: what it is and how many tokens it takes.
    fn speech_at(&self, s: &[Token], k: usize) -> Option<(VerbInfo, usize)> {
        if let Some(info) = self.speech(&s[k]) {
            return Some((info, 1));
        }
        let word = |i: usize| s.get(k + i).and_then(|t| self.word(t));
        self.pack
            .speech_phrase(word)
            .map(|n| (VerbInfo { listener: false }, n))
    }

    /// After a preposition a verb form is an infinitive; after a determiner
    /// it is a noun ("les analyses", "la critique").
    fn nominal_context(&self, before: &Token) -> bool {
        self.in_set(before, &self.pack.of) || self.in_set(before, &self.pack.determiners)
    }

    fn in_set(&self, t: &Token, set: &std::collections::HashSet<String>) -> bool {
        self.word(t).is_some_and(|w| set.contains(w))
    }

    fn aux_or_adverb(&self, t: &Token) -> bool {
        !t.inverted
            && (self.in_set(t, &self.pack.auxiliaries) || self.in_set(t, &self.pack.adverbs))
    }

    fn preposition(&self, t: &Token) -> bool {
        self.in_set(t, &self.pack.of) || self.in_set(t, &self.pack.intro_words)
    }

    /// A verb group starting at `i`: at most four auxiliaries, adverbs or
    /// inverted pronouns, then a speech verb (and maybe its inverted
    /// pronoun).
    fn verb_group(&self, s: &[Token], i: usize) -> Option<Vg> {
        let mut inverted = None;
        let mut k = i;
        while k < s.len() && k < i + 5 {
            let t = &s[k];
            if let Some((info, len)) = self.speech_at(s, k) {
                if !self.finite_speech(s, k) {
                    return None;
                }
                let mut end = k + len;
                if s.get(end).is_some_and(|n| n.inverted) {
                    inverted = Some(end);
                    end += 1;
                }
                return Some(Vg {
                    end,
                    inverted,
                    info,
                });
            }
            if t.inverted {
                inverted = Some(k);
            } else if !self.aux_or_adverb(t) && t.punct() != Some('-') {
                return None;
            }
            k += 1;
        }
        None
    }

    /// Where the verb group ending in the speech verb at `v` starts.
    fn group_start(&self, s: &[Token], v: usize) -> usize {
        let mut k = v;
        while k > 0 && v - k < 4 && (self.aux_or_adverb(&s[k - 1]) || s[k - 1].inverted) {
            k -= 1;
        }
        k
    }

    /// A noun phrase from `k`: up to a clause boundary (punctuation, a
    /// quote, a relative word, a speech verb or its participle: "a indiqué
    /// l'hôpital confirmant une information", "said the council, adding").
    fn np_from(&self, s: &[Token], k: usize) -> Option<Range<usize>> {
        let mut e = k;
        while e < s.len() && e - k < NP_MAX {
            let t = &s[e];
            let go_on = match t.tok {
                Tok::Quote(_) => false,
                Tok::Mention(_) => true,
                Tok::Punct('.') => e > k && self.abbreviation(&s[e - 1]),
                Tok::Punct(c) => matches!(c, '-' | '\'' | '’'),
                Tok::Word => {
                    e == k
                        || !(self.in_set(t, &self.pack.clause_words)
                            || self.finite_speech(s, e)
                            || self.pack.speech_participle(&t.low))
                }
            };
            if !go_on {
                break;
            }
            e += 1;
        }
        (e > k).then_some(k..e)
    }

    fn abbreviation(&self, t: &Token) -> bool {
        t.tok == Tok::Word
            && (self.pack.honorifics.contains_key(&t.low)
                || self.b.text[t.start..t.end].chars().count() == 1)
    }

    /// Adjuncts between an inverted verb and its subject: "a indiqué à
    /// l'AFP le maire", "explique mardi X", "said in a statement X".
    fn skip_adjuncts(&self, s: &[Token], mut k: usize) -> usize {
        let start = k;
        while k < s.len() && k - start < 8 {
            let t = &s[k];
            if self.in_set(t, &self.pack.of) {
                k = self.skip_pp(s, k + 1);
            } else if self.in_set(t, &self.pack.adverbs) {
                k += 1;
            } else if self.preposition(t) {
                k = self.skip_pp(s, k + 1);
            } else if t.punct() == Some(',') && k == start {
                // "a annoncé, ce lundi soir, Emmanuel Macron": an aside of
                // plain words between commas
                k = match s[k + 1..]
                    .iter()
                    .take(7)
                    .position(|t| t.punct() == Some(','))
                {
                    Some(c) if c > 0 && s[k + 1..k + 1 + c].iter().all(|t| t.tok == Tok::Word) => {
                        k + c + 2
                    }
                    _ => k + 1,
                };
            } else {
                break;
            }
        }
        k
    }

    /// The rest of a prepositional phrase: determiners, one head, and its
    /// own "de …" complements.
    fn skip_pp(&self, s: &[Token], mut k: usize) -> usize {
        loop {
            while k < s.len() && self.in_set(&s[k], &self.pack.determiners) {
                k += 1;
            }
            if k < s.len() && matches!(s[k].tok, Tok::Word | Tok::Mention(_)) {
                k += 1;
            }
            if k < s.len() && self.in_set(&s[k], &self.pack.of) {
                k += 1;
            } else {
                return k;
            }
        }
    }

    /// The subject before a verb group starting at `vs`: from the start of
    /// the sentence, after an introductory adverbial ("On Monday, …",
    /// "Interrogé par l'AFP, …").
    fn subject_before(&self, s: &[Token], vs: usize) -> Option<Range<usize>> {
        let base = self.clause_start(s, vs);
        if base >= vs {
            return None;
        }
        if let Some(r) = self.relative_antecedent(s, base, vs) {
            return Some(r);
        }
        let mut st = base;
        // « un point de vue que X considère comme … », "the plan that X
        // called …": the subject follows the conjunction or relative.
        if let Some(r) = (base..vs)
            .rev()
            .find(|&k| self.in_set(&s[k], &self.pack.that))
        {
            if r + 1 < vs && self.np_start(&s[r + 1]) {
                st = r + 1;
            }
        }
        if self.in_set(&s[st], &self.pack.intro_words) {
            st = match s[st..vs].iter().position(|t| t.punct() == Some(',')) {
                Some(c) => st + c + 1,
                None => st + 1,
            };
        }
        if st >= vs {
            return None;
        }
        // "Regarding the planets, Nelson explained": a subject after the
        // last comma, when one stands there, follows an adverbial.
        if let Some(c) = s[st..vs].iter().rposition(|t| t.punct() == Some(',')) {
            let mut after = st + c + 1;
            // ", mais les analyses …", ", but the company …": a new clause
            if after + 1 < vs && self.in_set(&s[after], &self.pack.clause_words) {
                after += 1;
            }
            if after < vs && self.np_start(&s[after]) && self.subject_head(&s[after]) {
                st = after;
            }
        }
        let np = st..vs;
        let limit = if s[st..vs].iter().any(|t| t.punct() == Some(',')) {
            2 * NP_MAX
        } else {
            NP_MAX
        };
        // a parenthesis may hold anything: "X (pictured in the 'welcome'
        // area) stated"
        let mut depth = 0usize;
        let mut plain = 0;
        let ok = !np.is_empty()
            && s[np.clone()].iter().all(|t| match t.punct() {
                Some('(') => {
                    depth += 1;
                    true
                }
                Some(')') => {
                    depth = depth.saturating_sub(1);
                    true
                }
                _ if depth > 0 => true,
                p => {
                    plain += 1;
                    !matches!(t.tok, Tok::Quote(_)) && !matches!(p, Some(';' | ':'))
                }
            })
            && (st..vs).all(|k| !self.finite_speech(s, k))
            && plain <= limit;
        ok.then_some(np)
    }

    /// Where the clause ending at `vs` starts: after the last quote before it
    /// (`"A," Smith said, "B."`), a quote inside a parenthesis aside.
    fn clause_start(&self, s: &[Token], vs: usize) -> usize {
        let mut depth = 0usize;
        let mut st = 0;
        for (k, t) in s[..vs].iter().enumerate() {
            match t.tok {
                Tok::Punct('(') => depth += 1,
                Tok::Punct(')') => depth = depth.saturating_sub(1),
                Tok::Quote(_) if depth == 0 => st = k + 1,
                _ => {}
            }
        }
        while s
            .get(st)
            .is_some_and(|t| matches!(t.punct(), Some(',' | '—' | '–')))
        {
            st += 1;
        }
        st
    }

    /// "X, who said", « X qui, sur Twitter, se dit »: the name a relative
    /// pronoun before the verb stands for.
    fn relative_antecedent(&self, s: &[Token], base: usize, vs: usize) -> Option<Range<usize>> {
        let r = (base..vs)
            .rev()
            .find(|&k| self.in_set(&s[k], &self.pack.relative_subject))?;
        if r > base && matches!(s[r - 1].tok, Tok::Mention(_)) {
            return Some(r - 1..r);
        }
        let after_comma = r > base + 1 && s[r - 1].punct() == Some(',');
        (after_comma && matches!(s[r - 2].tok, Tok::Mention(_))).then(|| r - 2..r - 1)
    }

    /// A token that can open a subject after a comma: a name, a
    /// determiner, a pronoun, a capitalised word.
    fn subject_head(&self, t: &Token) -> bool {
        match t.tok {
            Tok::Mention(_) => true,
            Tok::Word => {
                t.cap
                    || self.in_set(t, &self.pack.determiners)
                    || self.pack.pronouns.contains_key(&t.low)
            }
            _ => false,
        }
    }

    /// `"…," X said` / `"…," said X` / `« … », a-t-il ajouté` /
    /// `« … », a indiqué à l'AFP le maire`; also when more of the clause
    /// (and more partial quotes) stands between the quote and the verb:
    /// `« A » de l'Afrique, « B », a-t-il affirmé`.
    fn verb_after(&self, qi: usize) -> Option<Range<usize>> {
        let s = self.s;
        let mut i = qi + 1;
        while i < s.len() && i < qi + 3 && matches!(s[i].punct(), Some(',' | '—' | '–' | '-')) {
            i += 1;
        }
        if i >= s.len() || matches!(s[i].tok, Tok::Quote(_)) {
            return self.deferred_verb(qi);
        }
        if let Some(vg) = self.verb_group(s, i) {
            return self.inverted_subject(s, &vg);
        }
        // Subject first: the verb within a short phrase after the quote (an
        // apposition between commas may make it long: "Roy Wright, deputy
        // associate administrator for …, said").
        let reach = if s
            .get(i + 1..)
            .is_some_and(|r| r.iter().take(4).any(|t| t.punct() == Some(',')))
        {
            2 * NP_MAX
        } else {
            NP_MAX
        };
        for v in i + 1..s.len().min(i + reach + 1) {
            let t = &s[v];
            if self.finite_speech(s, v) {
                let vs = self.group_start(s, v);
                if vs > i && self.np_start(&s[i]) {
                    return Some(self.past_adverbial(s, i..vs));
                }
                break;
            }
            if matches!(t.tok, Tok::Quote(_))
                || matches!(t.punct(), Some(';' | ':' | '(' | '?' | '!'))
            {
                break;
            }
            if t.punct() == Some('.') && !self.abbreviation(&s[v - 1]) {
                break;
            }
        }
        self.deferred_verb(qi)
    }

    /// `"…" Wednesday, union President Dave Green said`: when the words
    /// before a subject's last comma name nobody and the words after it
    /// name someone, the first are an adverbial and the subject is the rest.
    /// Stricter than `subject_before`'s test (any subject head after the
    /// comma): after a quote, a comma more often closes an apposition
    /// ("Roy Wright, a deputy administrator, said"), and taking what
    /// follows it cost two right English speakers when tried.
    fn past_adverbial(&self, s: &[Token], np: Range<usize>) -> Range<usize> {
        let named = |r: &[Token]| r.iter().any(|t| matches!(t.tok, Tok::Mention(_)));
        match s[np.clone()].iter().rposition(|t| t.punct() == Some(',')) {
            Some(c) => {
                let c = np.start + c;
                let (before, after) = (&s[np.start..c], &s[c + 1..np.end]);
                if !named(before) && named(after) && self.np_start(&after[0]) {
                    c + 1..np.end
                } else {
                    np
                }
            }
            None => np,
        }
    }

    /// The subject after an inverted verb group.
    fn inverted_subject(&self, s: &[Token], vg: &Vg) -> Option<Range<usize>> {
        if let Some(p) = vg.inverted {
            return Some(p..p + 1);
        }
        if vg.info.listener {
            return None;
        }
        let k = self.skip_adjuncts(s, vg.end);
        self.np_from(s, k)
    }

    /// A token a subject can start with: a name, a determiner, a pronoun, a
    /// capitalised word; not a preposition.
    fn np_start(&self, t: &Token) -> bool {
        match t.tok {
            Tok::Mention(_) => true,
            Tok::Word => {
                !self.preposition(t)
                    && !self.in_set(t, &self.pack.clause_words)
                    && !self.in_set(t, &self.pack.adverbs)
            }
            _ => false,
        }
    }

    /// `« A » …, a affirmé X`: the first ", <verb group>" after the quote
    /// in its sentence, with no other speech verb before it, whose subject
    /// follows it (a pronoun glued to it, or a phrase that is no indefinite
    /// object: "promet des échanges" is not "a affirmé le ministre").
    fn deferred_verb(&self, qi: usize) -> Option<Range<usize>> {
        let s = self.s;
        if self.agent_after(qi).is_some() {
            return None;
        }
        for c in qi + 1..s.len() {
            match s[c].tok {
                Tok::Punct(',') => {
                    // ", she noted", ", Smith said"
                    let short_subject = s.get(c + 1).is_some_and(|t| {
                        matches!(t.tok, Tok::Mention(_)) || self.pack.pronouns.contains_key(&t.low)
                    });
                    if short_subject && self.verb_group(s, c + 2).is_some() {
                        return Some(c + 1..c + 2);
                    }
                    if let Some(vg) = self.verb_group(s, c + 1) {
                        let np = self.inverted_subject(s, &vg)?;
                        let object = s[np.start].tok == Tok::Word
                            && self.in_set(&s[np.start], &self.pack.indefinite);
                        return (!object).then_some(np);
                    }
                }
                Tok::Punct(';' | ':' | '(' | '?' | '!') => return None,
                _ if self.finite_speech(s, c) => return None,
                _ => {}
            }
        }
        None
    }

    /// `X said: "…"`, `X a déclaré que « … »`, and `X said:` closing the
    /// sentence (or paragraph) before a quote that opens the next.
    fn verb_before(&self, qi: usize, before: Option<((usize, usize), &[Token])>) -> Option<Np> {
        if qi > 0 {
            return self.introduced(self.s, qi).map(|r| Np {
                sentence: self.at,
                range: r,
                inside: false,
            });
        }
        let (at, prev) = before?;
        let last = prev.len().checked_sub(1)?;
        if prev[last].punct() != Some(':') {
            return None;
        }
        self.introduced(prev, last + 1).map(|r| Np {
            sentence: at,
            range: r,
            inside: false,
        })
    }

    /// The subject of a speech verb that introduces what stands at `qi`
    /// through a colon, a comma or a "that".
    fn introduced(&self, s: &[Token], qi: usize) -> Option<Range<usize>> {
        let j = qi - 1;
        let link = &s[j];
        let linked = matches!(link.punct(), Some(':' | ',')) || self.in_set(link, &self.pack.that);
        if !linked || j == 0 {
            return None;
        }
        // the verb, perhaps followed by its listener: "told reporters:"
        let v = (j.saturating_sub(6)..j)
            .rev()
            .take_while(|&x| !matches!(s[x].tok, Tok::Quote(_) | Tok::Punct(',' | ';' | ':' | '.')))
            .find(|&x| self.speech(&s[x]).is_some())?;
        if s.get(v + 1).is_some_and(|t| t.inverted) {
            return Some(v + 1..v + 2);
        }
        let vs = self.group_start(s, v);
        if let Some(p) = (vs..v).find(|&k| s[k].inverted) {
            return Some(p..p + 1);
        }
        self.subject_before(s, vs)
    }

    /// `according to X, "…"`, `« … », selon X`, `Pour X, « … »`.
    fn according(&self, qi: usize) -> Option<Range<usize>> {
        let s = self.s;
        let marker_at = |k: usize| -> Option<usize> {
            self.pack
                .according
                .iter()
                .find(|m| {
                    m.iter()
                        .enumerate()
                        .all(|(x, w)| s.get(k + x).is_some_and(|t| t.is(w)))
                })
                .map(|m| k + m.len())
        };
        // after the quote
        let mut i = qi + 1;
        if s.get(i).is_some_and(|t| t.punct() == Some(',')) {
            i += 1;
        }
        if let Some(k) = marker_at(i) {
            return self.np_from(s, k);
        }
        // before it, as the sentence's opening adjunct
        for a in 0..qi {
            if a > 0 && s[a - 1].punct() != Some(',') {
                continue;
            }
            let k = match marker_at(a) {
                Some(k) => k,
                None if a == 0 && self.in_set(&s[0], &self.pack.pour) => 1,
                None => continue,
            };
            let np = self.np_from(s, k)?;
            let closed = s.get(np.end).is_some_and(|t| t.punct() == Some(','));
            return (closed && np.end < qi).then_some(np);
        }
        None
    }

    /// `Name: "…"` in a heading or opening a paragraph.
    fn headline(&self, qi: usize) -> Option<Range<usize>> {
        let s = self.s;
        let opens_block = self.at.1 == 0;
        if qi < 2 || s[qi - 1].punct() != Some(':') || !(self.b.heading || opens_block) {
            return None;
        }
        let np = 0..qi - 1;
        let plain = s[np.clone()].iter().all(|t| {
            matches!(t.tok, Tok::Word | Tok::Mention(_) | Tok::Punct('.' | '-'))
                && self.speech(t).is_none()
        });
        (plain && np.len() <= NP_MAX).then_some(np)
    }

    /// A partial quote inside the clause of a speech verb whose subject opens
    /// the sentence: `X called it "unworkable"`, `X said the plan was
    /// "reckless"`, `X a qualifié la situation de « catastrophique »`.
    fn clause(&self, qi: usize) -> Option<Range<usize>> {
        let s = self.s;
        let is_verb = |k: usize| {
            self.finite_speech(s, k) || self.word(&s[k]).is_some_and(|w| self.pack.qualify_verb(w))
        };
        // the nearest verb before the quote; through "and said", "et
        // explique" back to the verb whose subject they share
        // « …, déclarant que « … » »: a participle shares the sentence's
        // subject
        let participle = |k: usize| {
            self.word(&s[k])
                .is_some_and(|w| self.pack.speech_participle(w))
        };
        let mut nearest = (0..qi).rev().find(|&k| is_verb(k) || participle(k))?;
        // « le ministre a affirmé que les FAC étaient présentes à des fins
        // « logistiques » »: in reported speech the reporting verb speaks,
        // not a describing verb inside its clause.
        if !self.finite_speech(s, nearest) {
            let reporting = (0..nearest).rev().find(|&k| self.finite_speech(s, k));
            if let Some(k) = reporting {
                if (k + 1..nearest).any(|j| self.in_set(&s[j], &self.pack.that)) {
                    nearest = k;
                }
            }
        }
        let mut v = nearest;
        if participle(nearest) {
            // "with councillor Sarah Hacker saying": its own subject
            if nearest > 0 && matches!(s[nearest - 1].tok, Tok::Mention(_)) {
                return Some(nearest - 1..nearest);
            }
            // only after a comma (or "en") does it share the sentence's
            let shared = nearest > 0
                && (s[nearest - 1].punct() == Some(',')
                    || s[nearest - 1].is_in(&self.pack.gerund_markers));
            if !shared {
                return None;
            }
            match super::attribute::subject_index(s, self.pack) {
                Some(k) if k < nearest => return Some(k..k + 1),
                // "Il a souligné …, expliquant que « … »": the finite verb
                // before it has the subject
                _ => v = (0..nearest).rev().find(|&k| is_verb(k))?,
            }
        }
        let between = v + 1..qi;
        let clean = between.len() <= 30
            && between
                .clone()
                .all(|k| !matches!(s[k].tok, Tok::Punct(';' | ':')));
        if !clean || self.names_the_listener(v, qi) {
            return None;
        }
        if let Some(np) = self.agent_after(qi) {
            return Some(np);
        }
        loop {
            let vs = self.group_start(s, v);
            let coordinated = vs > 0 && s[vs - 1].is_in(&self.pack.coordinators);
            match (0..vs.saturating_sub(1)).rev().find(|&k| is_verb(k)) {
                Some(prev) if coordinated => v = prev,
                _ => break,
            }
        }
        if s.get(v + 1).is_some_and(|t| t.inverted) {
            return None;
        }
        self.subject_before(s, self.group_start(s, v))
    }

    /// "Kurtz told NBC's “Today”": a quote in the listener's place after a
    /// verb like "told" is a name (a show, a paper), not speech.
    fn names_the_listener(&self, v: usize, qi: usize) -> bool {
        let s = self.s;
        let listener = self.speech_at(s, v).is_some_and(|(info, _)| info.listener);
        listener
            && s[v + 1..qi].iter().all(|t| {
                matches!(t.tok, Tok::Mention(_))
                    || t.cap
                    || t.is_in(&self.pack.possessives)
                    || self.in_set(t, &self.pack.determiners)
            })
    }

    /// The agent of a passive right after the quote: « qualifié de « … »
    /// par X », "described as "…" by X".
    fn agent_after(&self, qi: usize) -> Option<Range<usize>> {
        let s = self.s;
        let mut a = qi + 1;
        if s.get(a).is_some_and(|t| t.punct() == Some(',')) {
            a += 1;
        }
        if !s.get(a).is_some_and(|t| self.in_set(t, &self.pack.agent)) {
            return None;
        }
        // the nearest verb before the quote, used as a passive participle:
        // no auxiliary ("L'ordre du jour, qualifié de « … » par X") or a
        // passive one ("a été qualifié"), not "s'est dite « … » par"
        let v = (0..qi).rev().find(|&k| {
            self.speech(&s[k]).is_some()
                || self.word(&s[k]).is_some_and(|w| self.pack.qualify_verb(w))
        })?;
        let group = &s[self.group_start(s, v)..v];
        let passive = group.is_empty()
            || group
                .iter()
                .any(|t| self.in_set(t, &self.pack.passive_auxiliaries))
                && !group.iter().any(|t| t.is_in(&self.pack.reflexives));
        passive.then(|| self.np_from(s, a + 1)).flatten()
    }

    /// A few quoted words used as a name or a label, not as anyone's
    /// words: between a possessive or a determiner and a noun ("NBC's
    /// “Today” show", "the 'welcome' area"); not "the government's
    /// "refusal to negotiate"". The annotation guide
    /// and readers do not count them as quotes.
    pub fn quoted_label(&self, qi: usize) -> bool {
        let s = self.s;
        let q = &s[qi];
        let words = self.b.text[q.start..q.end].split_whitespace().count();
        if words > 3 || qi == 0 {
            return false;
        }
        let before = &s[qi - 1];
        let noun_after = s.get(qi + 1).is_some_and(|t| {
            t.tok == Tok::Word
                && !t.cap
                && !self.in_set(t, &self.pack.clause_words)
                && !self.in_set(t, &self.pack.of)
        });
        (before.is("'s") || self.in_set(before, &self.pack.determiners)) && noun_after
    }

    /// The subject of a sentence reporting speech without quoting it ("M.
    /// Beaupré a précisé que …"), for a quote standing alone after it.
    pub fn reporter(&self) -> Option<Range<usize>> {
        let s = self.s;
        let v = (0..s.len()).find(|&k| self.finite_speech(s, k))?;
        let vs = self.group_start(s, v);
        // "…, affirme la mairesse": the subject after the verb
        if vs > 0 && s[vs - 1].punct() == Some(',') {
            let vg = self.verb_group(s, vs)?;
            return self.inverted_subject(s, &vg);
        }
        if s.get(v + 1).is_some_and(|t| t.inverted) {
            return None;
        }
        self.subject_before(s, vs)
    }

    /// The phrase opening the sentence, after an introductory adverbial:
    /// who the sentence is about when it is a title ("la ministre de la
    /// Culture s'est emparée …").
    pub fn opening_phrase(&self) -> Option<Range<usize>> {
        let s = self.s;
        let mut st = 0;
        // "Ce samedi, après la soirée de clôture, la ministre …"
        while s
            .get(st)
            .is_some_and(|t| self.in_set(t, &self.pack.intro_words))
        {
            st += s[st..].iter().position(|t| t.punct() == Some(','))? + 1;
        }
        // up to its verb, as far as auxiliaries tell it
        let np = self.np_from(s, st)?;
        let end = (np.start + 1..np.end)
            .find(|&k| self.in_set(&s[k], &self.pack.auxiliaries))
            .unwrap_or(np.end);
        Some(np.start..end)
    }

    /// The sentence's opening phrase when the quote right after it is the
    /// rest of the sentence's clause, from its verb: `la Seita « comprend
    /// et partage … »`, `Le ministre « a pris acte … »`. The quote must
    /// open on a lower-case word that is no determiner, preposition or
    /// relative word: `La Verrerie « de père en fils » ferme` is no
    /// predicate. (An apposition, `Le maire, « un homme de terrain »`, is
    /// not right after the phrase.)
    fn subject_of(&self, qi: usize) -> Option<Range<usize>> {
        if self.from != 0 {
            return None;
        }
        let r = self.opening_phrase()?;
        if r.end != qi || r.is_empty() {
            return None;
        }
        let first = self.inner.first()?;
        let p = self.pack;
        let verb_like = first.tok == Tok::Word
            && !first.cap
            && ![
                &p.determiners,
                &p.of,
                &p.relatives,
                &p.clause_words,
                &p.coordinators,
            ]
            .iter()
            .any(|set| set.contains(&first.low));
        verb_like.then_some(r)
    }

    /// An incise anywhere in the sentence, set off by commas: `Les experts,
    /// a-t-elle poursuivi, seront …`; or inside the quote itself: `« Une
    /// partie des gens, dit-elle, est convaincue … »`.
    fn incise(&self, qi: usize) -> Option<Incise> {
        for (toks, inside) in [(self.inner, true), (self.s, false)] {
            for c in 0..toks.len() {
                if toks[c].punct() != Some(',') || !inside && c > qi && c == qi + 1 {
                    continue;
                }
                let Some(vg) = self.verb_group(toks, c + 1) else {
                    continue;
                };
                let after_verb = vg.end;
                let range = match vg.inverted {
                    Some(p) => p..p + 1,
                    None if vg.info.listener => continue,
                    None => match self.np_from(toks, self.skip_adjuncts(toks, vg.end)) {
                        Some(r) => r,
                        None => continue,
                    },
                };
                // the incise closes with a comma or ends the sentence
                let close = toks.get(range.end.max(after_verb)).map(|t| t.punct());
                if matches!(close, None | Some(Some(',' | '.' | '!' | '?'))) {
                    return Some(Incise { inside, range });
                }
            }
        }
        None
    }
}

/// Where an incise names the speaker: inside the quote's own words, or in
/// the sentence.
struct Incise {
    pub inside: bool,
    pub range: Range<usize>,
}
