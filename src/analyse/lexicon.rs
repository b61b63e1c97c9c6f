//! Language packs: every word list the analysis reads text with, one data
//! file per language (`src/analyse/lang/<code>.yaml`), compiled into the
//! binary. Adding a language is adding a pack and a line in [`Pack::new`];
//! no rule names a word.
//!
//! Verbs are listed as lemmas and their forms generated here, so a pack says
//! `announce` once instead of listing announce, announces, announced,
//! announcing (the old French lists missed every present tense they did not
//! spell out). Generation over-produces a little (`admitted` and `admited`):
//! a form no text contains costs nothing.

use crate::model::Lang;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

/// Grammatical gender, as far as a text tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Gender {
    #[serde(rename = "m")]
    M,
    #[serde(rename = "f")]
    F,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    code: String,
    speech_verbs: Vec<VerbEntry>,
    speech_phrases: Vec<String>,
    speech_participles: Vec<String>,
    relative_subject: Vec<String>,
    listener_verbs: Vec<String>,
    qualify_verbs: Vec<VerbEntry>,
    adverbs: Vec<String>,
    auxiliaries: Vec<String>,
    according: Vec<String>,
    pour: Vec<String>,
    that: Vec<String>,
    pronouns: HashMap<String, Gender>,
    org_pronouns: Vec<String>,
    honorifics: HashMap<String, Option<Gender>>,
    gendered_nouns: HashMap<String, Option<Gender>>,
    noun_first: bool,
    organisation_nouns: Vec<String>,
    speaks_for: Vec<String>,
    relatives: Vec<String>,
    any_organisation: Vec<String>,
    determiners: Vec<String>,
    indefinite: Vec<String>,
    gendered_determiners: HashMap<String, Gender>,
    of: Vec<String>,
    agent: Vec<String>,
    coordinators: Vec<String>,
    possessives: Vec<String>,
    reflexives: Vec<String>,
    gerund_markers: Vec<String>,
    passive_auxiliaries: Vec<String>,
    document_nouns: Vec<String>,
    intro_words: Vec<String>,
    clause_words: Vec<String>,
    abbreviations: Vec<String>,
    months: Vec<String>,
    weekdays: Vec<String>,
    sentence_starts: Vec<String>,
    name_joiners: Vec<String>,
    title_synonyms: Vec<Vec<String>>,
    elisions: Vec<String>,
    inverted_pronouns: Vec<String>,
    euphonic_letters: Vec<String>,
}

/// A lemma alone, or a lemma with its irregular forms.
#[derive(Deserialize)]
#[serde(untagged)]
enum VerbEntry {
    Lemma(String),
    Irregular(HashMap<String, Vec<String>>),
}

/// The words of one language, ready for look-ups. Every word is stored as
/// the tokenizer produces it: lower case, apostrophes unified.
#[derive(Debug)]
pub struct Pack {
    pub lang: Lang,
    /// Form → lemma.
    speech: HashMap<String, String>,
    qualify: HashSet<String>,
    /// Present participles of speech verbs (« déclarant que »): a verb
    /// without a subject of its own, sharing the sentence's.
    participles: HashSet<String>,
    /// Multi-word speech verbs, each as its words.
    phrases: Vec<Vec<String>>,
    pub relative_subject: HashSet<String>,
    listener: HashSet<String>,
    pub adverbs: HashSet<String>,
    pub auxiliaries: HashSet<String>,
    /// Multi-word markers, each as its words.
    pub according: Vec<Vec<String>>,
    pub pour: HashSet<String>,
    pub that: HashSet<String>,
    pub pronouns: HashMap<String, Gender>,
    pub org_pronouns: HashSet<String>,
    pub honorifics: HashMap<String, Option<Gender>>,
    pub gendered_nouns: HashMap<String, Option<Gender>>,
    /// The head noun comes first ("la mairesse consternée"), not last
    /// ("the distraught mayor").
    pub noun_first: bool,
    pub organisation_nouns: HashSet<String>,
    /// The part of an organisation that speaks for it: "la direction de
    /// X", "the management of X" is X.
    pub speaks_for: HashSet<String>,
    /// Relative words: in an entity's summary, what follows one is what
    /// the entity did, not what it is ("… force whose reserve assisted
    /// the city" is no city).
    pub relatives: HashSet<String>,
    /// Organisation nouns that fit any organisation ("l'entreprise", "the
    /// company"), unlike "the city" or "the union".
    pub any_organisation: HashSet<String>,
    pub determiners: HashSet<String>,
    pub indefinite: HashSet<String>,
    pub gendered_determiners: HashMap<String, Gender>,
    pub of: HashSet<String>,
    pub agent: HashSet<String>,
    pub coordinators: HashSet<String>,
    pub possessives: HashSet<String>,
    pub reflexives: HashSet<String>,
    pub gerund_markers: HashSet<String>,
    pub passive_auxiliaries: HashSet<String>,
    pub document_nouns: HashSet<String>,
    pub intro_words: HashSet<String>,
    pub clause_words: HashSet<String>,
    /// Case as written: "Mr", "M".
    pub abbreviations: HashSet<String>,
    /// Months and weekdays, case as written, for the candidate filter.
    pub calendar_words: HashSet<String>,
    /// Capitalised words that are no names (sentence starts, months,
    /// weekdays), case as written, for the candidate filter.
    pub candidate_stop: HashSet<String>,
    /// Lower-case words that may join the parts of a name, as written.
    pub name_joiners: HashSet<String>,
    /// Each title word's synonyms ("édile" → "maire"), itself excluded.
    pub synonyms: HashMap<String, Vec<String>>,
    /// Words glued to the next by an apostrophe ("l" of "l'AFP"), lower case.
    pub elisions: HashSet<String>,
    /// Subject pronouns hyphenated after an inverted verb ("dit-il").
    pub inverted_pronouns: HashSet<String>,
    /// Letters between an inverted verb and its pronoun ("a-t-il").
    pub euphonic_letters: Vec<String>,
}

/// The packs of every language, read once per analysis.
pub struct Packs {
    fr: Pack,
    en: Pack,
}

impl Packs {
    pub fn new() -> Packs {
        Packs {
            fr: Pack::new(Lang::Fr),
            en: Pack::new(Lang::En),
        }
    }

    pub fn get(&self, lang: Lang) -> &Pack {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

impl Default for Packs {
    fn default() -> Self {
        Packs::new()
    }
}

/// A speech verb form, as [`Pack::speech_verb`] finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerbInfo {
    /// Its object is the listener ("told reporters"), never the speaker.
    pub listener: bool,
}

impl Pack {
    /// The built-in pack for a language.
    pub fn new(lang: Lang) -> Pack {
        let src = match lang {
            Lang::Fr => include_str!("lang/fr.yaml"),
            Lang::En => include_str!("lang/en.yaml"),
        };
        // The packs are compiled in and covered by tests: a broken one is a
        // bug of this program, not of the user's dossier.
        let raw: RawPack = serde_yaml::from_str(src).expect("built-in language pack parses");
        debug_assert_eq!(raw.code, lang.code());
        Pack::from_raw(lang, raw)
    }

    fn from_raw(lang: Lang, raw: RawPack) -> Pack {
        let low = |v: Vec<String>| -> HashSet<String> { v.iter().map(|w| key(w)).collect() };
        let mut speech = HashMap::new();
        for (lemma, forms) in expand(lang, &raw.speech_verbs) {
            for f in forms {
                speech.insert(f, lemma.clone());
            }
        }
        let qualify = expand(lang, &raw.qualify_verbs)
            .into_iter()
            .flat_map(|(_, f)| f)
            .collect();
        let listener = low(raw.listener_verbs);
        Pack {
            lang,
            speech,
            qualify,
            participles: raw
                .speech_verbs
                .iter()
                .flat_map(|e| match e {
                    VerbEntry::Lemma(l) => vec![key(l)],
                    VerbEntry::Irregular(m) => m.keys().map(|l| key(l)).collect(),
                })
                .flat_map(|l| participles(lang, &l))
                .chain(raw.speech_participles.iter().map(|w| key(w)))
                .collect(),
            phrases: word_lists(&raw.speech_phrases),
            relative_subject: low(raw.relative_subject),
            listener,
            adverbs: low(raw.adverbs),
            auxiliaries: low(raw.auxiliaries),
            according: word_lists(&raw.according),
            pour: low(raw.pour),
            that: low(raw.that),
            pronouns: keyed(raw.pronouns),
            org_pronouns: low(raw.org_pronouns),
            honorifics: keyed(raw.honorifics),
            gendered_nouns: keyed(raw.gendered_nouns),
            noun_first: raw.noun_first,
            organisation_nouns: low(raw.organisation_nouns),
            speaks_for: low(raw.speaks_for),
            relatives: low(raw.relatives),
            any_organisation: low(raw.any_organisation),
            determiners: low(raw.determiners),
            indefinite: low(raw.indefinite),
            gendered_determiners: keyed(raw.gendered_determiners),
            of: low(raw.of),
            agent: low(raw.agent),
            coordinators: low(raw.coordinators),
            possessives: low(raw.possessives),
            reflexives: low(raw.reflexives),
            gerund_markers: low(raw.gerund_markers),
            passive_auxiliaries: low(raw.passive_auxiliaries),
            document_nouns: low(raw.document_nouns),
            intro_words: low(raw.intro_words),
            clause_words: low(raw.clause_words),
            abbreviations: raw.abbreviations.into_iter().collect(),
            candidate_stop: raw
                .sentence_starts
                .iter()
                .chain(&raw.months)
                .chain(&raw.weekdays)
                .cloned()
                .collect(),
            name_joiners: raw.name_joiners.into_iter().collect(),
            synonyms: synonyms(&raw.title_synonyms),
            elisions: low(raw.elisions),
            inverted_pronouns: low(raw.inverted_pronouns),
            euphonic_letters: raw.euphonic_letters.iter().map(|w| key(w)).collect(),
            calendar_words: raw.months.into_iter().chain(raw.weekdays).collect(),
        }
    }

    /// The speech verb a word form belongs to, if any.
    pub fn speech_verb(&self, w: &str) -> Option<VerbInfo> {
        self.speech.get(w).map(|lemma| VerbInfo {
            listener: self.listener.contains(lemma),
        })
    }

    /// The length of a multi-word speech verb ("pointed out", "fait part")
    /// whose words start `words`, if one does.
    pub fn speech_phrase<'w>(&self, words: impl Fn(usize) -> Option<&'w str>) -> Option<usize> {
        self.phrases
            .iter()
            .find(|p| {
                p.iter()
                    .enumerate()
                    .all(|(i, w)| words(i) == Some(w.as_str()))
            })
            .map(Vec::len)
    }

    /// "déclarant", "affirmant": a speech verb's present participle.
    pub fn speech_participle(&self, w: &str) -> bool {
        self.participles.contains(w)
    }

    /// "called", "qualifié": verbs that put a partial quote in the
    /// subject's mouth inside a clause.
    pub fn qualify_verb(&self, w: &str) -> bool {
        self.qualify.contains(w)
    }
}

/// A written word as the tokenizer reads it: "d'après" is "d'" + "après".
/// A map's keys as the tokenizer produces words.
fn keyed<V>(m: HashMap<String, V>) -> HashMap<String, V> {
    m.into_iter().map(|(k, v)| (key(&k), v)).collect()
}

/// Multi-word entries as word lists, elisions split as the tokenizer does.
fn word_lists(entries: &[String]) -> Vec<Vec<String>> {
    entries
        .iter()
        .map(|p| p.split(' ').flat_map(elided).collect())
        .collect()
}

/// Every word of a synonym group pointing at the others.
fn synonyms(groups: &[Vec<String>]) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for g in groups {
        let words: Vec<String> = g.iter().map(|w| key(w)).collect();
        for w in &words {
            let others = words.iter().filter(|o| *o != w).cloned();
            out.entry(w.clone()).or_default().extend(others);
        }
    }
    out
}

fn elided(w: &str) -> Vec<String> {
    let k = key(w);
    match k.find('\'') {
        Some(i) if i + 1 < k.len() => vec![k[..=i].to_string(), k[i + 1..].to_string()],
        _ => vec![k],
    }
}

/// The form every pack word and every token is compared in.
pub fn key(w: &str) -> String {
    crate::text::unify(w).to_lowercase()
}

fn expand(lang: Lang, entries: &[VerbEntry]) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for e in entries {
        match e {
            VerbEntry::Lemma(l) => out.push((key(l), forms(lang, &key(l)))),
            VerbEntry::Irregular(m) => {
                for (l, extra) in m {
                    let l = key(l);
                    let mut f = forms(lang, &l);
                    f.extend(extra.iter().map(|x| key(x)));
                    out.push((l, f));
                }
            }
        }
    }
    out
}

/// The forms of a verb that news text uses around quotes.
pub fn forms(lang: Lang, lemma: &str) -> Vec<String> {
    // A pronominal verb ("s'exclamer") is found by its verb; the reflexive
    // pronoun is a separate token.
    let lemma = lemma
        .strip_prefix("s'")
        .or_else(|| lemma.strip_prefix("se "))
        .unwrap_or(lemma);
    match lang {
        Lang::En => english_forms(lemma),
        Lang::Fr => french_forms(lemma),
    }
}

fn english_forms(l: &str) -> Vec<String> {
    let mut out = vec![l.to_string()];
    let last = l.chars().last().unwrap_or('a');
    let before_last = l.chars().rev().nth(1).unwrap_or('a');
    let vowel = |c: char| "aeiou".contains(c);
    // third person singular
    if ["s", "x", "z", "ch", "sh", "o"]
        .iter()
        .any(|e| l.ends_with(e))
    {
        out.push(format!("{l}es"));
    } else if last == 'y' && !vowel(before_last) {
        out.push(format!("{}ies", &l[..l.len() - 1]));
    } else {
        out.push(format!("{l}s"));
    }
    // past and participle, -ing
    if last == 'e' {
        out.push(format!("{l}d"));
        if !l.ends_with("ee") {
            out.push(format!("{}ing", &l[..l.len() - 1]));
        } else {
            out.push(format!("{l}ing"));
        }
    } else if last == 'y' && !vowel(before_last) {
        out.push(format!("{}ied", &l[..l.len() - 1]));
        out.push(format!("{l}ing"));
    } else {
        out.push(format!("{l}ed"));
        out.push(format!("{l}ing"));
        // consonant-vowel-consonant: the final consonant may double
        // ("admitted", "labelled"); both spellings are kept.
        if !vowel(last) && !"wxy".contains(last) && vowel(before_last) {
            out.push(format!("{l}{last}ed"));
            out.push(format!("{l}{last}ing"));
        }
    }
    out
}

/// The present participles of a regular verb (English -ing, French -ant and
/// -issant).
fn participles(lang: Lang, lemma: &str) -> Vec<String> {
    let lemma = lemma
        .strip_prefix("s'")
        .or_else(|| lemma.strip_prefix("se "))
        .unwrap_or(lemma);
    match lang {
        Lang::En => english_forms(lemma)
            .into_iter()
            .filter(|f| f.ends_with("ing"))
            .collect(),
        Lang::Fr => french_participle(lemma).into_iter().collect(),
    }
}

fn french_participle(lemma: &str) -> Option<String> {
    if let Some(stem) = lemma.strip_suffix("er") {
        Some(format!("{}ant", soft_stem(stem)))
    } else {
        lemma.strip_suffix("ir").map(|stem| format!("{stem}issant"))
    }
}

/// -cer and -ger keep their sound before a and o: "lança", "jugea".
fn soft_stem(stem: &str) -> String {
    if let Some(s) = stem.strip_suffix('c') {
        format!("{s}ç")
    } else if stem.ends_with('g') {
        format!("{stem}e")
    } else {
        stem.to_string()
    }
}

fn french_forms(l: &str) -> Vec<String> {
    let mut out = vec![l.to_string()];
    if let Some(stem) = l.strip_suffix("er") {
        // Stems whose vowel opens before a silent ending ("répète",
        // "rappelle", "achète"): both spellings, an unused one costs nothing.
        let mut stems = vec![stem.to_string()];
        if let Some((i, c)) = stem
            .char_indices()
            .rev()
            .find(|&(_, c)| "aeiouyéè".contains(c))
        {
            let tail = &stem[i + c.len_utf8()..];
            if c == 'é' || c == 'e' {
                stems.push(format!("{}è{tail}", &stem[..i]));
            }
            if c == 'e' && (tail == "l" || tail == "t") {
                stems.push(format!("{stem}{tail}"));
            }
        }
        let soft = soft_stem(stem);
        for s in &stems {
            for end in ["e", "es", "ent", "era", "eront", "erait", "eraient"] {
                out.push(format!("{s}{end}"));
            }
        }
        for end in ["é", "ée", "és", "ées", "èrent", "ions", "iez"] {
            out.push(format!("{stem}{end}"));
        }
        // No present participle: "en assurant" has no subject of its own.
        for end in ["a", "ait", "aient"] {
            out.push(format!("{soft}{end}"));
        }
    } else if let Some(stem) = l.strip_suffix("ir") {
        for end in [
            "it", "issent", "i", "ie", "is", "ies", "issait", "issaient", "ira", "iront", "irait",
        ] {
            out.push(format!("{stem}{end}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_parse_and_answer() {
        for lang in [Lang::Fr, Lang::En] {
            let p = Pack::new(lang);
            assert!(p.speech.len() > 100, "{lang:?}");
            assert!(!p.determiners.is_empty());
        }
    }

    #[test]
    fn english_forms_are_generated() {
        let p = Pack::new(Lang::En);
        for w in [
            "say", "says", "said", "saying", "added", "adds", "replied", "argues", "told",
        ] {
            assert!(p.speech_verb(w).is_some(), "{w}");
        }
        assert!(p.speech_verb("told").unwrap().listener);
        assert!(!p.speech_verb("said").unwrap().listener);
        assert!(p.speech_verb("table").is_none());
        assert!(p.qualify_verb("called") && p.qualify_verb("labelled"));
    }

    #[test]
    fn french_forms_are_generated() {
        let p = Pack::new(Lang::Fr);
        for w in [
            "déclare",
            "déclaré",
            "déclarent",
            "affirmait",
            "lança",
            "rappelle",
            "répète",
            "avertit",
            "dit",
            "reconnaît",
            "exclamé",
            "jugea",
        ] {
            assert!(p.speech_verb(w).is_some(), "{w}");
        }
        assert!(p.speech_verb("maison").is_none());
    }
}
