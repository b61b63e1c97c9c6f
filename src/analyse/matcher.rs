//! Finding entity names in text.
//!
//! One Aho–Corasick automaton per matching mode (exact, folded) over a
//! *key* of the text: the text with apostrophes and no-break spaces
//! unified, and for the folded key also lower-cased and stripped of accents.
//! A key keeps a byte map back to the original text, so hits are reported
//! as ranges of the text the reader sees. Mentions are chosen
//! leftmost-longest straight from the automata: "Fédération de Russie"
//! beats "Russie", and a name that fails its word-boundary check in the
//! original text never hides a shorter one at the same place that passes
//! (the search retries there, anchored, for a shorter match). Nothing but
//! the next match of each automaton is ever held, so names nested in each
//! other (`ox`, `ox ox`, …) cost neither memory nor a pass per name.

use crate::model::{Entity, EntityIx};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
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
                .match_kind(MatchKind::LeftmostLongest)
                .start_kind(StartKind::Both)
                .build(&order)
                .expect("automaton over in-memory patterns");
            Some(Automaton { ac, entity })
        };
        Matcher {
            exact: build(exact_order, exact),
            folded: build(folded_order, folded),
        }
    }

    /// Every mention in `text`, in order, non-overlapping.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let mut searches: Vec<Search> = [
            (&self.exact, exact_key as fn(&str) -> (String, Vec<usize>)),
            (&self.folded, fold_key),
        ]
        .into_iter()
        .filter_map(|(auto, keyer)| {
            let auto = auto.as_ref()?;
            let (key, map) = keyer(text);
            Some(Search {
                auto,
                key,
                map,
                next: None,
                from: 0,
                done: false,
            })
        })
        .collect();
        let mut out: Vec<Hit> = Vec::new();
        let mut pos = 0;
        let mut looked = 0;
        loop {
            // Each automaton's next mention at or after `pos`; the earliest
            // wins, the longer one on a tie, then the lower entity (as the
            // overlapping search sorted them).
            let mut best: Option<Hit> = None;
            for s in searches.iter_mut() {
                if !s.done && s.next.is_none_or(|h| h.start < pos) {
                    // Taken, overlapped by the one taken, or not looked for
                    // yet: search again from `pos`.
                    s.from = s.map.partition_point(|&t| t < pos);
                    s.next = s.next_hit(text, &mut looked);
                    s.done = s.next.is_none();
                }
                if let Some(h) = s.next {
                    if best.is_none_or(|b| {
                        (h.start, std::cmp::Reverse(h.end), h.entity)
                            < (b.start, std::cmp::Reverse(b.end), b.entity)
                    }) {
                        best = Some(h);
                    }
                }
            }
            let Some(h) = best else { break };
            out.push(h);
            pos = h.end;
        }
        crate::work::add(&crate::work::MATCH_CANDIDATES, looked);
        // Kept for the whole build, one list per block.
        out.shrink_to_fit();
        out
    }
}

/// One automaton's leftmost-longest search over its key of a text.
struct Search<'a> {
    auto: &'a Automaton,
    key: String,
    /// Key byte → text byte (one past the end included).
    map: Vec<usize>,
    /// The next mention found, not yet taken.
    next: Option<Hit>,
    /// Key offset the search goes on from.
    from: usize,
    /// No mention is left after `from`.
    done: bool,
}

impl Search<'_> {
    /// The next mention at or after key offset `self.from` that stands on
    /// word boundaries: the longest at the leftmost place where one does.
    /// `looked` counts the candidate matches examined.
    fn next_hit(&mut self, text: &str, looked: &mut usize) -> Option<Hit> {
        let key = self.key.as_str();
        while self.from <= key.len() {
            let m = self.auto.ac.find(Input::new(key).range(self.from..))?;
            *looked += 1;
            let at = m.start();
            let mut m = Some(m);
            // The longest at `at` first, then shorter ones there, anchored.
            while let Some(c) = m {
                let (start, end) = (self.map[c.start()], self.map[c.end()]);
                if start < end && on_boundaries(text, start, end) {
                    self.from = c.end();
                    return Some(Hit {
                        start,
                        end,
                        entity: self.auto.entity[c.pattern().as_usize()],
                    });
                }
                if c.end() <= at + 1 {
                    break;
                }
                m = self.auto.ac.find(
                    Input::new(key)
                        .range(at..c.end() - 1)
                        .anchored(Anchored::Yes),
                );
                *looked += usize::from(m.is_some());
            }
            // Nothing stands alone here: on from the next character.
            self.from = at + key[at..].chars().next().map_or(1, char::len_utf8);
        }
        None
    }
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
                    },
                    None => Alias {
                        text: (*a).into(),
                        fold: false,
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
}
