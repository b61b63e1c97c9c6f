//! Stage 2: from a speaker phrase to an entity of the dossier.
//!
//! A phrase names its speaker by a name ("Lewis Kaplan", "M. Diop"), a
//! pronoun ("he", "a-t-elle"), a title the article gave someone ("the
//! judge", "le ministre de l'Intérieur"), or a document speaking for its
//! issuer ("a statement from X", "le communiqué de X"). Anything else (an
//! unnamed source, a name the dossier does not list, a title several
//! entities share, a pronoun with two possible antecedents) is nobody.

use super::tokens::{Tok, Token};
use super::{EntityFacts, Prepared};
use crate::analyse::lexicon::{Gender, Pack};
use crate::model::{EntityIx, IxVec, Role};
use std::collections::{HashMap, HashSet};

/// How a phrase was linked to an entity, or why it was not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Via {
    Name,
    Pronoun,
    Title,
    Document,
    /// From the quote it continues or follows.
    Inherited,
    /// Somebody, but nobody of the dossier: an unnamed source, an unlisted
    /// name, a group.
    Outside,
    /// Several entities fit.
    Ambiguous,
}

impl Via {
    pub fn name(self) -> &'static str {
        match self {
            Via::Name => "name",
            Via::Pronoun => "pronoun",
            Via::Title => "title",
            Via::Document => "document",
            Via::Inherited => "inherited",
            Via::Outside => "not in the dossier",
            Via::Ambiguous => "ambiguous",
        }
    }
}

pub enum Outcome {
    Entity(EntityIx, Via),
    Nobody(Via),
}

/// Who the article's people and organisations are, as far as it says:
/// the words it describes each with ("X, the mayor of Springfield";
/// "le ministre de l'Intérieur, X") and their gender where a title or
/// honorific tells it.
pub struct Cast<'a> {
    pack: &'a Pack,
    entities: &'a IxVec<EntityIx, EntityFacts<'a>>,
    titles: HashMap<EntityIx, HashSet<String>>,
    gender: HashMap<EntityIx, Gender>,
}

impl<'a> Cast<'a> {
    pub fn new(
        blocks: &[Prepared<'_>],
        pack: &'a Pack,
        entities: &'a IxVec<EntityIx, EntityFacts<'a>>,
    ) -> Cast<'a> {
        let mut cast = Cast {
            pack,
            entities,
            titles: HashMap::new(),
            gender: HashMap::new(),
        };
        let present: HashSet<EntityIx> = blocks
            .iter()
            .flat_map(|b| b.mentions.iter().map(|m| m.entity))
            .collect();
        for &e in &present {
            if !cast.speaks(e) {
                continue;
            }
            for about in &entities[e].about {
                let words: Vec<String> = words_of(about).collect();
                if let Some(g) = words
                    .iter()
                    .find_map(|w| pack.gendered_nouns.get(w).copied().flatten())
                {
                    cast.gender.entry(e).or_insert(g);
                }
                let content: Vec<String> = words
                    .into_iter()
                    .take_while(|w| !pack.relatives.contains(w))
                    .filter(|w| cast.content(w))
                    .collect();
                cast.add_titles(e, content);
            }
            for name in &entities[e].names {
                let content: Vec<String> = words_of(name).filter(|w| cast.content(w)).collect();
                cast.add_titles(e, content);
            }
        }
        for b in blocks {
            for r in &b.sentences {
                let s = &b.toks[r.clone()];
                for (k, t) in s.iter().enumerate() {
                    if let Tok::Mention(m) = t.tok {
                        let e = b.mentions[m].entity;
                        if cast.speaks(e) {
                            cast.describe(b, s, k, e);
                        }
                    }
                }
            }
        }
        cast
    }

    pub fn role(&self, e: EntityIx) -> Role {
        self.entities[e].role
    }

    fn speaks(&self, e: EntityIx) -> bool {
        matches!(self.entities[e].role, Role::Person | Role::Organization)
    }

    fn content(&self, w: &str) -> bool {
        let p = self.pack;
        w.chars().count() > 1
            && !p.determiners.contains(w)
            && !p.indefinite.contains(w)
            && !p.of.contains(w)
            && !p.clause_words.contains(w)
            && !p.pronouns.contains_key(w)
            && w != "'s"
    }

    /// The words around the mention at `k` that describe it: the title
    /// before it and the apposition after it.
    fn describe(&mut self, b: &Prepared<'_>, s: &[Token], k: usize, e: EntityIx) {
        let p = self.pack;
        let j = self.title_start(b, s, k);
        let mut words: Vec<String> = Vec::new();
        for t in &s[j..k] {
            if let Some(g) = p.honorifics.get(&t.low).copied().flatten() {
                self.gender.entry(e).or_insert(g);
            }
            words.push(self.word_of(b, t));
        }
        // an organisation's grammatical gender, from its determiner: « le
        // tribunal de Paris », « la SNCF »
        if k >= 1 && self.role(e) == Role::Organization {
            if let Some(&g) = p.gendered_determiners.get(&s[k - 1].low) {
                self.gender.entry(e).or_insert(g);
            }
        }
        // a gendered determiner right before a title: "la ministre X"
        if k >= 2 && p.honorifics.contains_key(&s[k - 1].low) {
            if let Some(&g) = p.gendered_determiners.get(&s[k - 2].low) {
                self.gender.entry(e).or_insert(g);
            }
        }
        for seg in self.appositions(b, s, k, e) {
            if let Some(g) = seg
                .iter()
                .find_map(|t| p.gendered_nouns.get(&t.low).copied().flatten())
            {
                self.gender.entry(e).or_insert(g);
            }
            words.extend(seg.iter().map(|t| self.word_of(b, t)));
        }
        let content: Vec<String> = words.into_iter().filter(|w| self.content(w)).collect();
        self.add_titles(e, content);
    }

    /// Where the title before the mention at `k` starts ("Springfield Mayor
    /// X", "le ministre de l'Intérieur, X"): back to a verb, a clause word,
    /// another person or a second comma.
    fn title_start(&self, b: &Prepared<'_>, s: &[Token], k: usize) -> usize {
        let p = self.pack;
        let mut j = k;
        let mut commas = 0;
        let mut comma_at = None;
        while j > 0 && k - j < 12 {
            let t = &s[j - 1];
            let ok = match t.tok {
                Tok::Word => {
                    p.speech_verb(&t.low).is_none()
                        && !p.speech_participle(&t.low)
                        && !p.auxiliaries.contains(&t.low)
                        && !p.clause_words.contains(&t.low)
                }
                Tok::Punct('.') => j >= 2 && p.honorifics.contains_key(&s[j - 2].low),
                Tok::Punct(',') => {
                    commas += 1;
                    if j < k {
                        comma_at.get_or_insert(j - 1);
                    }
                    commas == 1
                }
                Tok::Punct('-' | '\'') => true,
                // an organisation or a place in a title ("Harbour Board
                // spokeswoman X"); another person ends it
                Tok::Mention(m) => self.role(b.mentions[m].entity) != Role::Person,
                _ => false,
            };
            if !ok {
                break;
            }
            j -= 1;
        }
        // "Enseignant-chercheur à l'université Y": Y is the object of the
        // preposition, and the words before it are no title of Y.
        let object = s[j..k]
            .iter()
            .rev()
            .find(|t| !(t.tok == Tok::Word && p.determiners.contains(&t.low)))
            .is_some_and(|t| t.tok == Tok::Word && p.of.contains(&t.low));
        if object {
            return k;
        }
        // Past a comma the words describe the mention only if they open the
        // sentence ("Enseignant-chercheur à Saclay, le physicien X"), not in
        // "X, the harbour master, met Y".
        match comma_at.filter(|_| j > 0) {
            Some(c) => c + 1,
            None => j,
        }
    }

    /// The appositions after the mention at `k`: "X, 42, a lawyer for the
    /// family," (an age, then a description), none that names another
    /// person ("…de Justine Triet, la ministre X s'est dite": a new clause).
    fn appositions<'t>(
        &self,
        b: &Prepared<'_>,
        s: &'t [Token],
        k: usize,
        e: EntityIx,
    ) -> Vec<&'t [Token]> {
        let p = self.pack;
        let mut out = Vec::new();
        let mut i = k + 1;
        for _ in 0..2 {
            if s.get(i).and_then(Token::punct) != Some(',') {
                break;
            }
            i += 1;
            let seg_start = i;
            while i < s.len() && i - seg_start < 12 {
                let t = &s[i];
                let stop = matches!(
                    t.tok,
                    Tok::Quote(_) | Tok::Punct(',' | '.' | ';' | ')' | ':')
                ) || t.tok == Tok::Word
                    && (p.clause_words.contains(&t.low) || p.speech_verb(&t.low).is_some());
                if stop {
                    break;
                }
                i += 1;
            }
            let seg = &s[seg_start..i];
            let other_person = seg.iter().any(|t| match t.tok {
                Tok::Mention(m) => {
                    let o = b.mentions[m].entity;
                    o != e && self.role(o) == Role::Person
                }
                _ => false,
            });
            if other_person {
                break;
            }
            out.push(seg);
            let age_only = seg.len() == 1 && seg[0].low.chars().all(|c| c.is_ascii_digit());
            if !age_only {
                break;
            }
        }
        out
    }

    /// Records title words, a hyphenated one also by its parts
    /// ("Zurich-Kloten" answers to "Kloten").
    fn add_titles(&mut self, e: EntityIx, words: Vec<String>) {
        let set = self.titles.entry(e).or_default();
        for w in words {
            if w.contains('-') && !w.starts_with('@') {
                set.extend(
                    w.split('-')
                        .filter(|p| p.chars().count() > 1)
                        .map(str::to_string),
                );
            }
            if let Some(same) = self.pack.synonyms.get(&w) {
                set.extend(same.iter().cloned());
            }
            set.insert(w);
        }
    }

    /// The entities of `role` whose title words hold every one of `words`.
    fn fitting(&self, role: Role, words: &[String]) -> Vec<EntityIx> {
        self.titles
            .iter()
            .filter(|(e, set)| {
                self.role(**e) == role
                    && words
                        .iter()
                        .all(|w| set.contains(w) || self.named_in(w, set))
            })
            .map(|(&e, _)| e)
            .collect()
    }

    /// Whether the title word `w`, a mention (`@N`), stands in `set` by
    /// one of its entity's names written out: a summary says "Directeur
    /// délégué du centre hospitalier d'Armentières" in words, where the
    /// phrase "le directeur délégué du CH d'Armentières" names the entity.
    fn named_in(&self, w: &str, set: &HashSet<String>) -> bool {
        let Some(o) = w.strip_prefix('@').and_then(|n| n.parse::<usize>().ok()) else {
            return false;
        };
        let Some(o) = self.entities.get(EntityIx::new(o)) else {
            return false;
        };
        o.names.iter().any(|name| {
            let mut content = words_of(name).filter(|w| self.content(w)).peekable();
            content.peek().is_some() && content.all(|w| set.contains(&w))
        })
    }

    /// A token as a title word: its lower-case form, or `@N` for a mention.
    fn word_of(&self, b: &Prepared<'_>, t: &Token) -> String {
        match t.tok {
            Tok::Mention(m) => format!("@{}", b.mentions[m].entity.get()),
            _ => t.low.clone(),
        }
    }

    pub fn gender(&self, e: EntityIx) -> Option<Gender> {
        self.gender.get(&e).copied()
    }

    /// The entity a speaker phrase names. `quoted`: the persons the quote
    /// itself names, whom a pronoun attributing it does not stand for
    /// (« Les propos de la ministre Agnès Buzyn … », a-t-elle déclaré).
    pub fn resolve(
        &self,
        np: &[Token],
        b: &Prepared<'_>,
        bi: usize,
        d: &Discourse,
        quoted: &[EntityIx],
    ) -> Outcome {
        let p = self.pack;
        // The phrase proper stops at its apposition: "Lewis Kaplan, a lawyer".
        let cut = np
            .iter()
            .position(|t| matches!(t.tok, Tok::Punct(',' | '(')))
            .unwrap_or(np.len());
        let head = &np[..cut];
        let Some(first) = head.first() else {
            return Outcome::Nobody(Via::Outside);
        };
        if head
            .iter()
            .any(|t| t.is_in(&p.coordinators) || t.punct() == Some('&'))
        {
            return Outcome::Nobody(Via::Outside);
        }
        if first.tok == Tok::Word {
            if let Some(&g) = p.pronouns.get(&first.low) {
                let person = d.pronoun(bi, Some(g), Role::Person, self, quoted);
                // French "il"/"elle" stand for organisations too, when no
                // person is in view: "L'exploitant recommande … ajoute-t-il".
                if matches!(person, Outcome::Nobody(Via::Outside))
                    && p.org_pronouns.contains(&first.low)
                {
                    return d.organisation_speaking(bi, Some(g), self);
                }
                return person;
            }
            if p.org_pronouns.contains(&first.low) {
                return d.pronoun(bi, None, Role::Organization, self, &[]);
            }
        }
        // "the foreign minister, Jane Doe, said": the name in apposition
        if let Some(o) = self.apposed_name(head, &np[cut..], b) {
            return o;
        }
        if let Some(o) = self.named(head, b) {
            return o;
        }
        if let Some(o) = self.document(head, b, bi, d) {
            return o;
        }
        self.title(head, b, bi, d)
    }

    /// A mention heading the phrase: "Lewis Kaplan", "Mayor X", "le
    /// ministre des Affaires étrangères X"; not "a lawyer for X", not "X's
    /// lawyer".
    fn named(&self, head: &[Token], b: &Prepared<'_>) -> Option<Outcome> {
        let p = self.pack;
        for (i, t) in head.iter().enumerate() {
            match t.tok {
                Tok::Mention(first) => {
                    // "du", "des" are determiners and "of" at once: "le
                    // directeur délégué du CH" is the complement's
                    let before = head[..i].iter().rev().find(|t| {
                        !(t.tok == Tok::Word
                            && p.determiners.contains(&t.low)
                            && !p.of.contains(&t.low))
                    });
                    let after_of =
                        before.is_some_and(|t| t.tok == Tok::Word && p.of.contains(&t.low));
                    let possessor = head.get(i + 1).is_some_and(|n| n.is_in(&p.possessives));
                    if possessor {
                        return None;
                    }
                    if after_of {
                        // a complement ("the spokesman for X"); a name may
                        // still follow ("le porte-parole de la SOPFEU Rémi
                        // Barriault")
                        continue;
                    }
                    // "Cal Fire Capt. Scott McLean", "FEMA spokesman Rafael
                    // Lemaitre": a name modifying a later name is its
                    // organisation; the last name of the chain is the head.
                    let m = self.chain_head(head, i, first, b);
                    let e = b.mentions[m].entity;
                    if !self.speaks(e) {
                        // a place or a country in a title: "la ministre
                        // responsable de la Côte-Nord X", "Paradise
                        // councilman X"
                        continue;
                    }
                    return Some(Outcome::Entity(e, Via::Name));
                }
                Tok::Word if p.indefinite.contains(&t.low) => return None,
                Tok::Word => {}
                Tok::Punct('.' | '-' | '\'') => {}
                _ => return None,
            }
        }
        // No mention: a capitalised word that is no title nor determiner is
        // a name the dossier does not know.
        let unknown_name = head.iter().any(|t| {
            t.tok == Tok::Word
                && t.cap
                && !p.determiners.contains(&t.low)
                && !p.honorifics.contains_key(&t.low)
                && !p.intro_words.contains(&t.low)
                && !self.known_title_word(&t.low)
        });
        unknown_name.then_some(Outcome::Nobody(Via::Outside))
    }

    /// A description without a name, then the name between commas:
    /// "le porte-parole de la diplomatie ukrainienne, Guéorgiï Tykhy".
    fn apposed_name(&self, head: &[Token], rest: &[Token], b: &Prepared<'_>) -> Option<Outcome> {
        // A person described by their organisation ("le délégué syndical
        // CGT de Nutrimaine, Franck Bizet"): the organisation is a modifier.
        let names_someone = head.iter().any(|t| match t.tok {
            Tok::Mention(m) => self.role(b.mentions[m].entity) == Role::Person,
            _ => false,
        });
        if names_someone || rest.first()?.punct() != Some(',') {
            return None;
        }
        let name = rest.get(1)?;
        let Tok::Mention(m) = name.tok else {
            return None;
        };
        let closed = rest.get(2).is_none_or(|t| t.punct() == Some(','));
        let e = b.mentions[m].entity;
        let person = self.role(e) == Role::Person;
        (closed && person).then_some(Outcome::Entity(e, Via::Name))
    }

    /// The mention index heading a chain of names and title words starting
    /// with the mention at `i`.
    fn chain_head(&self, head: &[Token], i: usize, mut m: usize, b: &Prepared<'_>) -> usize {
        let p = self.pack;
        for t in &head[i + 1..] {
            match t.tok {
                Tok::Mention(n) if self.speaks(b.mentions[n].entity) => m = n,
                Tok::Mention(_) => {}
                Tok::Word
                    if !p.of.contains(&t.low)
                        && !t.is_in(&p.possessives)
                        && !p.clause_words.contains(&t.low) => {}
                Tok::Punct('.' | '-') => {}
                _ => break,
            }
        }
        m
    }

    /// "la direction de Teisseire", "the management of X": the organisation
    /// named in the complement of a noun for the part that speaks for it.
    fn spoken_for(&self, noun: &str, complement: &[Token], b: &Prepared<'_>) -> Option<EntityIx> {
        if !self.pack.speaks_for.contains(noun) {
            return None;
        }
        complement.iter().find_map(|t| match t.tok {
            Tok::Mention(m) => {
                let e = b.mentions[m].entity;
                (self.role(e) == Role::Organization).then_some(e)
            }
            _ => None,
        })
    }

    /// A phrase opening with a definite determiner ("la", "the", "its").
    fn definite(&self, head: &[Token]) -> bool {
        let p = self.pack;
        head.first().is_some_and(|t| {
            t.tok == Tok::Word && p.determiners.contains(&t.low) && !p.indefinite.contains(&t.low)
        })
    }

    fn known_title_word(&self, w: &str) -> bool {
        self.titles.values().any(|set| set.contains(w))
    }

    /// "a statement from X", "le communiqué de X", "the X statement".
    fn document(
        &self,
        head: &[Token],
        b: &Prepared<'_>,
        bi: usize,
        dis: &Discourse,
    ) -> Option<Outcome> {
        let p = self.pack;
        let d = head
            .iter()
            .position(|t| t.tok == Tok::Word && p.document_nouns.contains(&t.low))?;
        // "the Ministry statement": the issuer just before the noun
        if d > 0 {
            if let Tok::Mention(m) = head[d - 1].tok {
                let e = b.mentions[m].entity;
                return Some(self.issuer(e));
            }
        }
        // "… from/of/de (the) X"
        let mut k = d + 1;
        while k < head.len() && head[k].tok == Tok::Word && !p.of.contains(&head[k].low) {
            k += 1;
        }
        if k >= head.len() {
            // "the email said", « le communiqué précise »: a document of
            // its own, issued by the one organisation speaking or in view
            if d == 1 && self.definite(head) && head.len() == 2 {
                return match dis.organisation_speaking(bi, None, self) {
                    Outcome::Entity(e, _) => Some(Outcome::Entity(e, Via::Document)),
                    _ => match dis.only_organisation(bi) {
                        Outcome::Entity(e, _) => Some(Outcome::Entity(e, Via::Document)),
                        o => Some(o),
                    },
                };
            }
            return None;
        }
        k += 1;
        while k < head.len() && head[k].tok == Tok::Word && p.determiners.contains(&head[k].low) {
            k += 1;
        }
        match head.get(k).map(|t| t.tok) {
            Some(Tok::Mention(m)) => Some(self.issuer(b.mentions[m].entity)),
            _ => Some(Outcome::Nobody(Via::Outside)),
        }
    }

    fn issuer(&self, e: EntityIx) -> Outcome {
        if self.speaks(e) {
            Outcome::Entity(e, Via::Document)
        } else {
            Outcome::Nobody(Via::Outside)
        }
    }

    /// A description: the one entity the article (or the dossier) gave
    /// every content word of it; nobody for an indefinite one ("one
    /// official"), zero or several matches.
    fn title(&self, head: &[Token], b: &Prepared<'_>, bi: usize, d: &Discourse) -> Outcome {
        let p = self.pack;
        if head.first().is_some_and(|t| p.indefinite.contains(&t.low)) {
            return Outcome::Nobody(Via::Outside);
        }
        // The head noun ("mairesse" in "la mairesse de Chapais", "farmer"
        // in "the distraught farmer") and any name the phrase holds must
        // all be among an entity's title words; adjectives need not be.
        let first_of = head
            .iter()
            .position(|t| t.tok == Tok::Word && p.of.contains(&t.low))
            .unwrap_or(head.len());
        let nouns: Vec<String> = head[..first_of]
            .iter()
            .filter(|t| t.tok == Tok::Word)
            .map(|t| t.low.clone())
            .filter(|w| self.content(w))
            .collect();
        let noun = if p.noun_first {
            nouns.first()
        } else {
            nouns.last()
        };
        let Some(noun) = noun else {
            return Outcome::Nobody(Via::Outside);
        };
        if let Some(org) = self.spoken_for(noun, &head[first_of..], b) {
            return Outcome::Entity(org, Via::Title);
        }
        // names in the phrase count too: a mention, or a capitalised word
        // after the first ("le ministre de l'Intérieur", "la mairesse de
        // Chapais")
        let words: Vec<String> = std::iter::once(noun.clone())
            .chain(head.iter().skip(1).filter_map(|t| match t.tok {
                Tok::Mention(_) => Some(self.word_of(b, t)),
                Tok::Word if t.cap && self.content(&t.low) => Some(t.low.clone()),
                _ => None,
            }))
            .collect();
        // "the company" is an organisation, "the mayor" a person
        let role = if p.organisation_nouns.contains(noun) {
            Role::Organization
        } else {
            Role::Person
        };
        let fits = self.fitting(role, &words);
        match fits[..] {
            [e] => Outcome::Entity(e, Via::Title),
            // "l'entreprise", "the company", "la direction": a definite
            // description that fits any organisation, when the dossier gave
            // none such a title, is the one organisation in view, if only
            // one is ("the city" is not any organisation)
            [] if p.any_organisation.contains(noun) && words.len() == 1 && self.definite(head) => {
                d.only_organisation(bi)
            }
            [] => Outcome::Nobody(Via::Outside),
            _ => {
                // "Du côté de Corsair, la compagnie précise": the one that
                // fits and was just named, earlier in this paragraph or in
                // the one before
                let np_start = head.first().map_or(0, |t| t.start);
                // this sentence's names are not in view yet; a bounded
                // stretch before the phrase holds them
                let before = b.mentions_near(np_start.saturating_sub(JUST_NAMED_BYTES), np_start);
                let mut named = fits.iter().copied().filter(|&e| {
                    d.in_view(bi, e) || before.iter().any(|m| m.entity == e && m.end <= np_start)
                });
                match (named.next(), named.next()) {
                    (Some(e), None) => Outcome::Entity(e, Via::Title),
                    _ => Outcome::Nobody(Via::Ambiguous),
                }
            }
        }
    }
}

/// The words of a summary or a name, as title words are kept.
fn words_of(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .map(crate::analyse::lexicon::key)
}

/// How far before a title, in bytes of its paragraph, a name counts as
/// just named for it: a long sentence's worth, so that a paragraph of many
/// titles is not read whole for each.
const JUST_NAMED_BYTES: usize = 2_000;

/// How many sentences back a pronoun looks for its antecedent, within
/// its paragraph and the one before. News paragraphs hold a few sentences,
/// so this bounds only a paragraph with no end (a pasted transcript),
/// where reading every earlier sentence for each pronoun would cost the
/// square of its length; no reader carries a "she" over a dozen sentences.
const PRONOUN_REACH: usize = 12;

/// Who the passage is about, for pronouns: every person or organisation
/// named, in reading order, and whether it was a subject or a speaker.
pub struct Discourse {
    events: Vec<Event>,
    /// Sentences read so far: events of one sentence share a number.
    sentences: usize,
    /// For each block, the first block a pronoun there looks back to: the
    /// paragraph before, past any subheading between (a subheading does
    /// not change who the text is about).
    reach: Vec<usize>,
}

struct Event {
    block: usize,
    sentence: usize,
    /// None: somebody the dossier does not list ("a spokesman").
    entity: Option<EntityIx>,
    role: Role,
    salient: bool,
    /// A quote was attributed to it.
    spoke: bool,
}

impl Discourse {
    pub fn new(blocks: &[Prepared<'_>]) -> Discourse {
        let mut reach = Vec::with_capacity(blocks.len());
        let mut last_paragraph = None;
        for (bi, b) in blocks.iter().enumerate() {
            reach.push(last_paragraph.unwrap_or(bi));
            if !b.heading {
                last_paragraph = Some(bi);
            }
        }
        Discourse {
            events: Vec::new(),
            sentences: 0,
            reach,
        }
    }

    pub fn speaker(&mut self, block: usize, entity: EntityIx, role: Role) {
        self.push(block, Some(entity), role, true, true);
    }

    /// A subject the sentence names by a title, not a name.
    pub fn subject(&mut self, block: usize, entity: EntityIx, role: Role) {
        self.push(block, Some(entity), role, true, false);
    }

    /// A person the dossier does not list opens the sentence ("A spokesman
    /// from Rees's office said …"): a "he" after it is more likely them
    /// than anyone named before, so it goes to nobody.
    pub fn outsider(&mut self, block: usize) {
        self.push(block, None, Role::Person, true, false);
    }

    fn push(
        &mut self,
        block: usize,
        entity: Option<EntityIx>,
        role: Role,
        salient: bool,
        spoke: bool,
    ) {
        self.events.push(Event {
            block,
            sentence: self.sentences,
            entity,
            role,
            salient,
            spoke,
        });
    }

    /// The events a pronoun in block `bi` can look back to: those of this
    /// block and the paragraph before (past a subheading), and of the last [`PRONOUN_REACH`]
    /// sentences. Events come in reading order, so they are a tail found
    /// by binary search, not a scan of the article for each pronoun.
    fn near(&self, bi: usize) -> &[Event] {
        let from_block = self.reach.get(bi).copied().unwrap_or(bi);
        let by_block = self.events.partition_point(|ev| ev.block < from_block);
        let by_sentence = self
            .events
            .partition_point(|ev| ev.sentence + PRONOUN_REACH < self.sentences);
        let from = by_block.max(by_sentence);
        crate::work::add(&crate::work::QUOTE_READS, self.events.len() - from);
        &self.events[from..]
    }

    /// Whether `e` was named or spoke within a pronoun's reach of block `bi`.
    fn in_view(&self, bi: usize, e: EntityIx) -> bool {
        self.near(bi).iter().any(|ev| ev.entity == Some(e))
    }

    /// The named subject heading a sentence, recorded before its quotes
    /// are read: a pronoun later in the sentence is most likely them
    /// ("L'ancien maire X a annoncé … en réaction à des propos qu'il juge
    /// « … »").
    pub fn opening_subject(&mut self, block: usize, e: EntityIx, role: Role) {
        self.push(block, Some(e), role, true, false);
    }

    /// Records the persons and organisations a sentence names.
    pub fn sentence(
        &mut self,
        block: usize,
        s: &[Token],
        b: &Prepared<'_>,
        cast: &Cast<'_>,
        pack: &Pack,
    ) {
        let subject = subject_index(s, pack);
        for (k, t) in s.iter().enumerate() {
            if let Tok::Mention(m) = t.tok {
                let e = b.mentions[m].entity;
                if cast.speaks(e) {
                    self.push(block, Some(e), cast.role(e), subject == Some(k), false);
                }
            }
        }
        self.sentences += 1;
    }

    /// The organisation that spoke last, in this paragraph or the one
    /// before, when it is the only one that did.
    /// `g`: the gender of the pronoun standing for it, when one does (« le
    /// tribunal » is no « elle »).
    fn organisation_speaking(&self, bi: usize, g: Option<Gender>, cast: &Cast<'_>) -> Outcome {
        let mut spoke = self
            .near(bi)
            .iter()
            .filter(|ev| ev.spoke && ev.role == Role::Organization)
            .filter_map(|ev| ev.entity)
            .filter(|&e| match (g, cast.gender(e)) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            });
        match spoke.next() {
            Some(e) if spoke.all(|x| x == e) => Outcome::Entity(e, Via::Pronoun),
            Some(_) => Outcome::Nobody(Via::Ambiguous),
            None => Outcome::Nobody(Via::Outside),
        }
    }

    /// The one organisation named or speaking in block `bi` and the
    /// paragraph before, if there is exactly one, it was a subject or a speaker
    /// there (not a newspaper cited in passing), and no person is in view
    /// (some organisation nouns name people too: "l'exploitant", a farmer).
    fn only_organisation(&self, bi: usize) -> Outcome {
        let near = self.near(bi);
        if near.iter().any(|ev| ev.role == Role::Person) {
            return Outcome::Nobody(Via::Ambiguous);
        }
        let mut orgs = near.iter().filter(|ev| ev.role == Role::Organization);
        let Some(first) = orgs.next() else {
            return Outcome::Nobody(Via::Outside);
        };
        let mut salient = first.salient;
        for ev in orgs {
            if ev.entity != first.entity {
                return Outcome::Nobody(Via::Ambiguous);
            }
            salient |= ev.salient;
        }
        match first.entity {
            Some(e) if salient => Outcome::Entity(e, Via::Title),
            _ => Outcome::Nobody(Via::Outside),
        }
    }

    /// The antecedent of a pronoun in block `bi`: within this paragraph and
    /// the one before, the only entity of that role and gender, or the
    /// latest one if it was the subject or a speaker. Otherwise nobody.
    fn pronoun(
        &self,
        bi: usize,
        g: Option<Gender>,
        role: Role,
        cast: &Cast<'_>,
        quoted: &[EntityIx],
    ) -> Outcome {
        let fits: Vec<&Event> = self
            .near(bi)
            .iter()
            .filter(|ev| ev.role == role)
            // a person speaks of others in the third person, rarely of
            // themselves (an organisation often does: « L'Anssi a été
            // informée … », a-t-elle indiqué)
            .filter(|ev| !ev.entity.is_some_and(|e| quoted.contains(&e)))
            .filter(|ev| match (g, ev.entity.and_then(|e| cast.gender(e))) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            })
            .collect();
        let Some(last) = fits.last() else {
            return Outcome::Nobody(Via::Outside);
        };
        let antecedent = |ev: &Event| match ev.entity {
            Some(e) => Outcome::Entity(e, Via::Pronoun),
            None => Outcome::Nobody(Via::Outside),
        };
        if fits.iter().all(|ev| ev.entity == last.entity) || last.salient {
            return antecedent(last);
        }
        // The subject of the latest sentence naming a candidate wins over
        // its objects: "Porter urged Hunt to withdraw. He said: …"
        match fits
            .iter()
            .rev()
            .find(|ev| ev.sentence == last.sentence && ev.salient)
        {
            Some(subject) => antecedent(subject),
            None => Outcome::Nobody(Via::Ambiguous),
        }
    }
}

/// The token index of the sentence's subject when it is a mention heading
/// the sentence (after an introductory adverbial and titles).
pub(super) fn subject_index(s: &[Token], pack: &Pack) -> Option<usize> {
    let mut st = 0;
    if s.first()
        .is_some_and(|t| t.tok == Tok::Word && pack.intro_words.contains(&t.low))
    {
        st = s.iter().position(|t| t.punct() == Some(','))? + 1;
    }
    if let Some(k) = after_adverbial(s, st, pack) {
        return Some(k);
    }
    for (k, t) in s.iter().enumerate().skip(st) {
        match t.tok {
            Tok::Mention(_) => {
                return (!s.get(k + 1).is_some_and(|n| n.is_in(&pack.possessives))).then_some(k);
            }
            Tok::Word
                if k - st < 6
                    && !pack.of.contains(&t.low)
                    && (t.cap
                        || pack.determiners.contains(&t.low)
                        || pack.honorifics.contains_key(&t.low)
                        || pack.gendered_nouns.contains_key(&t.low)) => {}
            Tok::Punct('.' | '-' | ',') if k - st < 6 => {}
            _ => return None,
        }
    }
    None
}

/// "Venue récupérer son prix des mains de Jane Fonda, Justine Triet en a
/// profité": a name right after the comma closing an opening adverbial,
/// followed by its verb (no preposition, no relative word), when nothing
/// before the comma is a name.
fn after_adverbial(s: &[Token], st: usize, pack: &Pack) -> Option<usize> {
    let c = st + s[st..].iter().position(|t| t.punct() == Some(','))?;
    // a name in the adverbial is the object of a preposition there ("des
    // mains de Jane Fonda"), or the adverbial is no adverbial
    let named = (st..c).any(|k| match s[k].tok {
        Tok::Quote(_) => true,
        Tok::Mention(_) => !s[st..k]
            .iter()
            .rev()
            .find(|t| !(t.tok == Tok::Word && pack.determiners.contains(&t.low)))
            .is_some_and(|t| t.tok == Tok::Word && pack.of.contains(&t.low)),
        _ => false,
    });
    if named {
        return None;
    }
    let k = c + 1;
    let Tok::Mention(_) = s.get(k)?.tok else {
        return None;
    };
    let next = s.get(k + 1)?;
    // "Justine Triet en a profité": a clitic before an auxiliary is no
    // preposition
    let clitic = s
        .get(k + 2)
        .is_some_and(|t| t.tok == Tok::Word && pack.auxiliaries.contains(&t.low));
    let verbish = next.tok == Tok::Word
        && !next.cap
        && (!pack.of.contains(&next.low) || clitic)
        && !pack.clause_words.contains(&next.low)
        && !next.is_in(&pack.possessives);
    verbish.then_some(k)
}
