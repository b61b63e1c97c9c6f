//! Finding entity names in text.
//!
//! One Aho–Corasick automaton per matching mode (exact, folded) over a
//! *key* of the text: the text with apostrophes and no-break spaces
//! unified, and for the folded key also lower-cased and stripped of accents.
//! A key keeps a byte map back to the original text, so hits are reported
//! as ranges of the text the reader sees. All matches are collected
//! (overlapping), filtered on word boundaries in the original text, then
//! chosen leftmost-longest: "Fédération de Russie" beats "Russie", and a
//! name that fails its boundary check never hides a shorter one that passes.

use crate::model::{Entity, EntityIx};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// One mention: a byte range of the text and the entity it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub entity: EntityIx,
}

pub struct Matcher {
    exact: Option<Automaton>,
    folded: Option<Automaton>,
    /// Exact names again, folded, for the two case variants news text
    /// prints them in: ALL CAPS ("TRAORE" for "Traoré") and, for a short
    /// acronym, the capitalised word ("l'Onu" for "ONU").
    cased: Option<Automaton>,
    /// Per pattern of `cased`: the name is an acronym.
    acronym: Vec<bool>,
}

struct Automaton {
    ac: AhoCorasick,
    /// Pattern index → entity.
    entity: Vec<EntityIx>,
}

impl Matcher {
    /// Builds the automata for every name and alias. When two entities share
    /// a name the first in `entities` order keeps it (load has already
    /// rejected such clashes within a kind and warned across kinds).
    pub fn new(entities: &[Entity]) -> Matcher {
        let mut exact: HashMap<String, EntityIx> = HashMap::new();
        let mut folded: HashMap<String, EntityIx> = HashMap::new();
        let mut exact_order = Vec::new();
        let mut folded_order = Vec::new();
        let mut cased: HashMap<String, EntityIx> = HashMap::new();
        let mut cased_order = Vec::new();
        let mut cased_acronym = Vec::new();
        for (ix, e) in entities.iter().enumerate() {
            let names = std::iter::once((e.name.as_str(), e.fold)).chain(
                e.aliases
                    .iter()
                    .map(|a| (a.text.as_str(), a.fold || e.fold)),
            );
            for (name, fold) in names {
                let name: String = crate::text::clean_line(name);
                if name.is_empty() {
                    continue;
                }
                if !fold {
                    let key = fold_key(&name).0;
                    if !key.is_empty() && !cased.contains_key(&key) {
                        cased.insert(key.clone(), ix);
                        cased_acronym.push(is_acronym(&name));
                        cased_order.push(key);
                    }
                }
                let (map, order, key) = if fold {
                    (&mut folded, &mut folded_order, fold_key(&name).0)
                } else {
                    (&mut exact, &mut exact_order, exact_key(&name).0)
                };
                if key.is_empty() {
                    continue;
                }
                if let std::collections::hash_map::Entry::Vacant(v) = map.entry(key.clone()) {
                    v.insert(ix);
                    order.push(key);
                }
            }
        }
        let build = |order: Vec<String>, map: HashMap<String, EntityIx>| {
            if order.is_empty() {
                return None;
            }
            let entity = order.iter().map(|k| map[k]).collect();
            let ac = AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&order)
                .expect("automaton over in-memory patterns");
            Some(Automaton { ac, entity })
        };
        Matcher {
            exact: build(exact_order, exact),
            folded: build(folded_order, folded),
            cased: build(cased_order, cased),
            acronym: cased_acronym,
        }
    }

    /// Every mention in `text`, in order, non-overlapping.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        self.find_with_nested(text).0
    }

    /// The mentions, and the names of other entities standing inside them:
    /// "Ukraine" inside the topic "guerre en Ukraine" is still a mention of
    /// the country, though the link goes to the longer name.
    pub fn find_with_nested(&self, text: &str) -> (Vec<Hit>, Vec<Hit>) {
        let mut cands: Vec<Hit> = Vec::new();
        let exact = self.exact.as_ref().map(|_| exact_key(text));
        let folded = (self.folded.is_some() || self.cased.is_some()).then(|| fold_key(text));
        let runs = [
            (&self.exact, &exact, false),
            (&self.folded, &folded, false),
            (&self.cased, &folded, true),
        ];
        for (auto, keyed, cased) in runs {
            let (Some(auto), Some((key, map))) = (auto, keyed) else {
                continue;
            };
            for m in auto.ac.find_overlapping_iter(key) {
                let (start, end) = (map[m.start()], map[m.end()]);
                let case_ok =
                    !cased || case_variant(&text[start..end], self.acronym[m.pattern().as_usize()]);
                if start < end && case_ok && on_boundaries(text, start, end) {
                    cands.push(Hit {
                        start,
                        end,
                        entity: auto.entity[m.pattern().as_usize()],
                    });
                }
            }
        }
        cands.sort_by(|a, b| (a.start, b.end, a.entity).cmp(&(b.start, a.end, b.entity)));
        let mut out: Vec<Hit> = Vec::with_capacity(cands.len());
        let mut nested: Vec<Hit> = Vec::new();
        for h in cands {
            match out.last() {
                Some(l) if h.start < l.end => {
                    let inside = h.end <= l.end && h.entity != l.entity;
                    let clear = nested.last().is_none_or(|n| h.start >= n.end);
                    if inside && clear {
                        nested.push(h);
                    }
                }
                _ => out.push(h),
            }
        }
        (out, nested)
    }
}

/// A short all-capitals name: "ONU", "AES", "UN".
fn is_acronym(name: &str) -> bool {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    (2..=6).contains(&letters) && !name.contains(' ') && name.chars().all(|c| !c.is_lowercase())
}

/// Text that is a case variant of a name news prints that way: all
/// capitals (at least two letters, "TRAORE"), or for an acronym the
/// capitalised word ("Onu").
fn case_variant(span: &str, acronym: bool) -> bool {
    let letters: Vec<char> = span.chars().filter(|c| c.is_alphabetic()).collect();
    let all_caps = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
    let capitalised = letters.first().is_some_and(|c| c.is_uppercase())
        && letters[1..].iter().all(|c| c.is_lowercase());
    all_caps || acronym && capitalised
}

/// A name stands alone: no letter or digit glued to either side. An
/// apostrophe before it is an elision (l’AES, d'Abdoulaye), a boundary.
fn on_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
}

/// Unifies what typing and typography vary without changing meaning.
/// The exact key: the text with apostrophes and spaces unified, and the map
/// from each key byte (plus one past the end) to its byte in the text.
fn exact_key(text: &str) -> (String, Vec<usize>) {
    let mut key = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        let u = crate::text::unify_char(c);
        for _ in 0..u.len_utf8() {
            map.push(i);
        }
        key.push(u);
    }
    map.push(text.len());
    (key, map)
}

/// The folded key: also lower-case, without accents ("Cédéao" → "cedeao").
fn fold_key(text: &str) -> (String, Vec<usize>) {
    let mut key = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut buf = [0u8; 4];
    for (i, c) in text.char_indices() {
        let c = crate::text::unify_char(c);
        let mut push = |k: char| {
            for _ in 0..k.encode_utf8(&mut buf).len() {
                map.push(i);
            }
            key.push(k);
        };
        match c {
            'œ' | 'Œ' => {
                push('o');
                push('e');
            }
            'æ' | 'Æ' => {
                push('a');
                push('e');
            }
            c if c.is_ascii() => push(c.to_ascii_lowercase()),
            c => {
                for d in std::iter::once(c).nfd().filter(|d| !is_combining_mark(*d)) {
                    for l in d.to_lowercase() {
                        push(l);
                    }
                }
            }
        }
    }
    map.push(text.len());
    (key, map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Alias, Entity, SourceRef};

    fn ent(id: &str, name: &str, aliases: &[&str], fold: bool) -> Entity {
        Entity {
            id: id.into(),
            kind: 0,
            name: name.into(),
            aliases: aliases
                .iter()
                .map(|a| match a.strip_prefix('~') {
                    Some(a) => Alias {
                        text: a.into(),
                        fold: true,
                        hidden: false,
                    },
                    None => Alias {
                        text: (*a).into(),
                        fold: false,
                        hidden: false,
                    },
                })
                .collect(),
            fold,
            summary: String::new(),
            description: String::new(),
            facts: vec![],
            source: SourceRef::default(),
        }
    }

    fn registry() -> Vec<Entity> {
        vec![
            ent("niger", "Niger", &[], false),
            ent("nigeria", "Nigeria", &[], false),
            ent("russie", "Russie", &["Fédération de Russie"], false),
            ent("aes", "Alliance des États du Sahel", &["AES"], false),
            ent("cedeao", "Cédéao", &["~Cedeao"], false),
            ent(
                "abdoulaye-diop",
                "Abdoulaye Diop",
                &["M. Diop", "Diop"],
                false,
            ),
            ent("terrorisme", "terrorisme", &["jihadistes"], true),
            ent("cote-divoire", "Côte d'Ivoire", &[], false),
        ]
    }

    fn found(text: &str) -> Vec<(String, String)> {
        let es = registry();
        let m = Matcher::new(&es);
        m.find(text)
            .into_iter()
            .map(|h| (text[h.start..h.end].to_string(), es[h.entity].id.clone()))
            .collect()
    }

    fn ids(text: &str) -> Vec<String> {
        found(text).into_iter().map(|(_, id)| id).collect()
    }

    #[test]
    fn word_boundaries() {
        assert_eq!(ids("Le Nigeria et le Niger."), ["nigeria", "niger"]);
        assert!(ids("les Nigériens du Nigerien").is_empty());
        assert_eq!(ids("Fin de phrase au Niger"), ["niger"]);
        assert_eq!(ids("(Niger)"), ["niger"]);
    }

    #[test]
    fn longest_match_wins() {
        assert_eq!(
            found("la Fédération de Russie et la Russie"),
            [
                ("Fédération de Russie".into(), "russie".into()),
                ("Russie".into(), "russie".into())
            ]
        );
        assert_eq!(found("selon M. Diop,")[0].0, "M. Diop");
    }

    #[test]
    fn elision_with_both_apostrophes() {
        assert_eq!(
            ids("l’AES et l'AES, d’Abdoulaye Diop"),
            ["aes", "aes", "abdoulaye-diop"]
        );
        assert_eq!(ids("qu’Abdoulaye Diop"), ["abdoulaye-diop"]);
        // an alias with a straight apostrophe matches a curly one
        assert_eq!(found("en Côte d’Ivoire")[0].0, "Côte d’Ivoire");
    }

    #[test]
    fn folding_only_where_asked() {
        assert_eq!(
            ids("la CEDEAO, la Cedeao, la Cédéao"),
            ["cedeao", "cedeao", "cedeao"]
        );
        // exact names stay exact
        assert!(ids("l'alliance des etats du sahel").is_empty());
        assert!(ids("aes").is_empty());
        assert_eq!(
            ids("Le Terrorisme et les djihadistes, les Jihadistes"),
            ["terrorisme", "terrorisme"]
        );
    }

    #[test]
    fn nfd_text_is_matched_after_cleaning() {
        let nfd = "la Ce\u{301}de\u{301}ao";
        let text = crate::text::clean_line(nfd);
        assert_eq!(ids(&text), ["cedeao"]);
    }

    #[test]
    fn no_break_space_in_name() {
        assert_eq!(ids("selon M.\u{a0}Diop"), ["abdoulaye-diop"]);
    }

    #[test]
    fn offsets_are_in_the_original_text() {
        let text = "« l’Œuvre » de la Cédéao";
        let es = registry();
        let hits = Matcher::new(&es).find(text);
        assert_eq!(&text[hits[0].start..hits[0].end], "Cédéao");
    }

    #[test]
    fn empty_registry_finds_nothing() {
        assert!(Matcher::new(&[]).find("Niger").is_empty());
    }

    #[test]
    fn all_caps_names_and_capitalised_acronyms() {
        let es = vec![
            ent("traore", "Ibrahim Traoré", &["Traoré"], false),
            ent("onu", "Organisation des Nations unies", &["ONU"], false),
            ent("niger", "Niger", &[], false),
        ];
        let m = Matcher::new(&es);
        let ids = |t: &str| -> Vec<String> {
            m.find(t).iter().map(|h| es[h.entity].id.clone()).collect()
        };
        assert_eq!(
            ids("Le capitaine TRAORE a parlé à l’Onu."),
            ["traore", "onu"]
        );
        assert_eq!(
            ids("IBRAHIM TRAORÉ, ONU, NIGER"),
            ["traore", "onu", "niger"]
        );
        // a name is no acronym: "Niger" does not match "niger" or "NiGer"
        assert_eq!(
            ids("le niger, le NiGer, traoré, Traore"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_name_inside_a_longer_one_is_a_nested_mention() {
        let es = vec![
            ent("ukraine", "Ukraine", &[], false),
            ent("guerre", "guerre en Ukraine", &[], false),
        ];
        let m = Matcher::new(&es);
        let (hits, nested) = m.find_with_nested("La guerre en Ukraine dure. L’Ukraine résiste.");
        let ids = |v: &[Hit]| -> Vec<&str> { v.iter().map(|h| es[h.entity].id.as_str()).collect() };
        assert_eq!(ids(&hits), ["guerre", "ukraine"]);
        assert_eq!(ids(&nested), ["ukraine"]);
    }
}
