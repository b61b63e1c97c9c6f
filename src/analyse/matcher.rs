//! Finding entity names in text.
//!
//! One Aho–Corasick automaton per matching mode over a *key* of the text:
//! exact names over the text with apostrophes and no-break spaces unified;
//! folded names (and, for the case variants news prints, exact names
//! again: `cased`) over the text also lower-cased and stripped of accents.
//! A key keeps a byte map back to the original text, so hits are reported
//! as ranges of the text the reader sees. Mentions are chosen
//! leftmost-longest straight from the automata: "Fédération de Russie"
//! beats "Russie", and a name that fails its checks in the original text
//! (word boundaries; for `cased`, being ALL CAPS or a capitalised acronym)
//! never hides a shorter one at the same place that passes (the search
//! goes down the shorter names there, longest first). Names of other
//! entities inside a mention ("Ukraine" in "guerre en Ukraine") are found
//! by the same search run again within the mention, skipping the
//! mention's own entity. Nothing but the next match of each automaton is
//! ever held, so names nested in each other (`ox`, `ox ox`, …) cost no
//! memory beyond the mentions themselves.

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
    /// Exact names again, folded, for the two case variants news text
    /// prints them in: ALL CAPS ("TRAORE" for "Traoré") and, for a short
    /// acronym, the capitalised word ("l'Onu" for "ONU").
    cased: Option<Automaton>,
}

struct Automaton {
    ac: AhoCorasick,
    /// Pattern index → entity.
    entity: Vec<EntityIx>,
    /// Pattern index → the longest other pattern that is a prefix of it
    /// (the next shorter name matching at the same place).
    shorter: Vec<Option<u32>>,
    /// Pattern index → the longest prefix pattern of another entity (the
    /// next shorter name at the same place that a search skipping this
    /// pattern's entity may take).
    shorter_other: Vec<Option<u32>>,
    /// Pattern index → its length in bytes of the key.
    len: Vec<u32>,
    /// Pattern index → whether a name of another entity may stand inside
    /// a mention of it (else there is no nested mention to look for).
    may_nest: Vec<bool>,
    /// For `cased`: per pattern, whether the name is an acronym. Empty for
    /// the other automata, whose hits need no case check.
    acronym: Vec<bool>,
}

/// Which keying of the text an automaton runs over.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keying {
    Exact,
    Folded,
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
            let ix = EntityIx::new(ix);
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
        let inner = Inner::new([&exact, &folded, &cased]);
        Matcher {
            exact: Automaton::build(exact_order, exact, Vec::new(), &|k, e| {
                inner.may_hold(&fold_key(k).0, e)
            }),
            folded: Automaton::build(folded_order, folded, Vec::new(), &|k, e| {
                inner.may_hold(k, e)
            }),
            cased: Automaton::build(cased_order, cased, cased_acronym, &|k, e| {
                inner.may_hold(k, e)
            }),
        }
    }

    /// Every mention in `text`, in order, non-overlapping.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let mut looked = 0;
        let keys = self.keys(text);
        let mut searches = self.searches(&keys);
        let out = leftmost_longest(text, &mut searches, 0, text.len(), None, None, &mut looked);
        crate::work::add(&crate::work::MATCH_CANDIDATES, looked);
        out
    }

    /// The mentions, and the names of other entities standing inside them:
    /// "Ukraine" inside the topic "guerre en Ukraine" is still a mention of
    /// the country, though the link goes to the longer name.
    pub fn find_with_nested(&self, text: &str) -> (Vec<Hit>, Vec<Hit>) {
        let mut looked = 0;
        let keys = self.keys(text);
        let mut searches = self.searches(&keys);
        let mut may_nest = Vec::new();
        let out = leftmost_longest(
            text,
            &mut searches,
            0,
            text.len(),
            None,
            Some(&mut may_nest),
            &mut looked,
        );
        let mut nested = Vec::new();
        for (h, _) in out.iter().zip(&may_nest).filter(|(_, m)| **m) {
            // The same search within the mention, its own entity skipped.
            let mut inner = self.searches(&keys);
            nested.extend(leftmost_longest(
                text,
                &mut inner,
                h.start,
                h.end,
                Some(h.entity),
                None,
                &mut looked,
            ));
        }
        crate::work::add(&crate::work::MATCH_CANDIDATES, looked);
        (out, nested)
    }

    /// The keys of `text` the automata need: exact, folded.
    fn keys(&self, text: &str) -> [Option<Key>; 2] {
        let exact = self.exact.as_ref().map(|_| Key::new(text, Keying::Exact));
        let folded =
            (self.folded.is_some() || self.cased.is_some()).then(|| Key::new(text, Keying::Folded));
        [exact, folded]
    }

    /// One search per automaton, over its key.
    fn searches<'a>(&'a self, keys: &'a [Option<Key>; 2]) -> Vec<Search<'a>> {
        [
            (&self.exact, &keys[0]),
            (&self.folded, &keys[1]),
            (&self.cased, &keys[1]),
        ]
        .into_iter()
        .filter_map(|(auto, key)| {
            Some(Search {
                auto: auto.as_ref()?,
                key: key.as_ref()?,
                next: None,
                next_may_nest: false,
                from: 0,
                done: false,
            })
        })
        .collect()
    }
}

impl Automaton {
    /// `may_nest` tells whether a name of another entity may stand inside
    /// a mention matching a pattern (its key, its entity).
    fn build(
        order: Vec<String>,
        map: HashMap<String, EntityIx>,
        acronym: Vec<bool>,
        may_nest: &dyn Fn(&str, EntityIx) -> bool,
    ) -> Option<Automaton> {
        if order.is_empty() {
            return None;
        }
        let entity: Vec<EntityIx> = order.iter().map(|k| map[k]).collect();
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Both)
            .build(&order)
            .expect("automaton over in-memory patterns");
        // Each pattern's longest proper prefix among the patterns: one
        // anchored search over the pattern less its last character.
        let shorter: Vec<Option<u32>> = order
            .iter()
            .map(|p| {
                let cut = p.char_indices().next_back().map_or(0, |(i, _)| i);
                ac.find(Input::new(&p[..cut]).anchored(Anchored::Yes))
                    .map(|m| m.pattern().as_u32())
            })
            .collect();
        // Patterns by length: a prefix is shorter, so it is settled first.
        let mut by_len: Vec<usize> = (0..order.len()).collect();
        by_len.sort_by_key(|&i| order[i].len());
        let mut shorter_other: Vec<Option<u32>> = vec![None; order.len()];
        for i in by_len {
            shorter_other[i] = shorter[i].and_then(|s| {
                if entity[s as usize] != entity[i] {
                    Some(s)
                } else {
                    shorter_other[s as usize]
                }
            });
        }
        let len = order.iter().map(|p| p.len() as u32).collect();
        let may_nest = order
            .iter()
            .zip(&entity)
            .map(|(p, &e)| may_nest(p, e))
            .collect();
        Some(Automaton {
            ac,
            entity,
            len,
            may_nest,
            shorter,
            shorter_other,
            acronym,
        })
    }
}

/// A text keyed for matching, with the map back to the text.
struct Key {
    key: String,
    /// Key byte → text byte (one past the end included).
    map: Vec<usize>,
}

impl Key {
    fn new(text: &str, keying: Keying) -> Key {
        let (key, map) = match keying {
            Keying::Exact => exact_key(text),
            Keying::Folded => fold_key(text),
        };
        Key { key, map }
    }

    /// The key offset of text offset `pos`: the first key byte at or after it.
    fn at(&self, pos: usize) -> usize {
        self.map.partition_point(|&t| t < pos)
    }
}

/// The leftmost-longest mentions in `text[from..to]` over all `searches`,
/// skipping entity `skip`: the earliest wins, the longer one on a tie,
/// then the lower entity. `may_nest` gets, per mention, whether a name of
/// another entity may stand inside it.
fn leftmost_longest(
    text: &str,
    searches: &mut [Search],
    from: usize,
    to: usize,
    skip: Option<EntityIx>,
    mut may_nest: Option<&mut Vec<bool>>,
    looked: &mut usize,
) -> Vec<Hit> {
    let mut out: Vec<Hit> = Vec::new();
    let mut pos = from;
    loop {
        let mut best: Option<(Hit, bool)> = None;
        for s in searches.iter_mut() {
            if !s.done && s.next.is_none_or(|h| h.start < pos) {
                // Taken, overlapped by the one taken, or not looked for
                // yet: search again from `pos`.
                s.from = s.key.at(pos);
                s.next = s.next_hit(text, s.key.at(to), skip, looked);
                s.done = s.next.is_none();
            }
            if let Some(h) = s.next {
                if best.is_none_or(|(b, _)| {
                    (h.start, std::cmp::Reverse(h.end), h.entity)
                        < (b.start, std::cmp::Reverse(b.end), b.entity)
                }) {
                    best = Some((h, s.next_may_nest));
                }
            }
        }
        let Some((h, nest)) = best else { break };
        out.push(h);
        if let Some(m) = may_nest.as_deref_mut() {
            m.push(nest);
        }
        pos = h.end;
    }
    // Kept for the whole build, one list per block.
    out.shrink_to_fit();
    out
}

/// One automaton's leftmost-longest search over its key of a text.
struct Search<'a> {
    auto: &'a Automaton,
    key: &'a Key,
    /// The next mention found, not yet taken.
    next: Option<Hit>,
    /// Whether a name of another entity may stand inside `next`.
    next_may_nest: bool,
    /// Key offset the search goes on from.
    from: usize,
    /// No mention is left after `from`.
    done: bool,
}

impl Search<'_> {
    /// The next mention at or after key offset `self.from` and ending by
    /// key offset `until` that stands on word boundaries, passes the case
    /// check of `cased` and is not of entity `skip`: the longest at the
    /// leftmost place where one does. `looked` counts the candidate
    /// matches examined.
    fn next_hit(
        &mut self,
        text: &str,
        until: usize,
        skip: Option<EntityIx>,
        looked: &mut usize,
    ) -> Option<Hit> {
        let (key, map) = (self.key.key.as_str(), &self.key.map);
        let auto = self.auto;
        while self.from < until {
            let m = auto.ac.find(Input::new(key).range(self.from..until))?;
            *looked += 1;
            let at = m.start();
            // The longest at `at` first, then shorter ones there. A case
            // variant starts with a capital: none of them starts in lower
            // case (so lower-case text costs `cased` one match per place).
            let lower_start = !auto.acronym.is_empty()
                && text[map[at]..]
                    .chars()
                    .find(|c| c.is_alphabetic())
                    .is_some_and(char::is_lowercase);
            let mut p = (!lower_start).then(|| m.pattern().as_u32());
            let mut len = m.len();
            while let Some(pid) = p {
                let pid = pid as usize;
                let entity = auto.entity[pid];
                let (start, end) = (map[at], map[at + len]);
                let case_ok =
                    auto.acronym.is_empty() || case_variant(&text[start..end], auto.acronym[pid]);
                if skip == Some(entity) {
                    // None of this entity's prefixes either.
                    p = auto.shorter_other[pid];
                } else if start < end && case_ok && on_boundaries(text, start, end) {
                    self.from = at + len;
                    self.next_may_nest = auto.may_nest[pid];
                    return Some(Hit { start, end, entity });
                } else {
                    p = auto.shorter[pid];
                }
                if let Some(q) = p {
                    len = auto.len[q as usize] as usize;
                    *looked += 1;
                }
            }
            // Nothing stands alone here: on from the next character.
            self.from = at + key[at..].chars().next().map_or(1, char::len_utf8);
        }
        None
    }
}

/// Every name's folded key, to tell at build time which names may hold a
/// name of another entity: a mention nested in another has its folded key
/// inside the other's (folding works character by character), so a name
/// whose folded key holds no other entity's has no nested mention to look
/// for.
struct Inner {
    ac: Option<AhoCorasick>,
    /// Per key of `ac`: the entities with a name of that key.
    owners: Vec<Vec<EntityIx>>,
}

impl Inner {
    /// From the maps of name keys (exact, folded, cased) to entities.
    fn new(maps: [&HashMap<String, EntityIx>; 3]) -> Inner {
        let mut by_key: HashMap<String, Vec<EntityIx>> = HashMap::new();
        for (i, map) in maps.into_iter().enumerate() {
            for (k, &e) in map {
                let k = if i == 0 { fold_key(k).0 } else { k.clone() };
                let owners = by_key.entry(k).or_default();
                if !owners.contains(&e) {
                    owners.push(e);
                }
            }
        }
        let (keys, owners): (Vec<String>, Vec<Vec<EntityIx>>) = by_key.into_iter().unzip();
        let ac = (!keys.is_empty())
            .then(|| AhoCorasick::new(&keys).expect("automaton over in-memory patterns"));
        Inner { ac, owners }
    }

    /// Whether a name of an entity other than `e` may stand inside text
    /// whose folded key is `folded`. Gives up (yes) after looking at a
    /// bounded number of matches, so that names nested in each other by
    /// the thousand cost no more than a pass over each name.
    fn may_hold(&self, folded: &str, e: EntityIx) -> bool {
        let Some(ac) = &self.ac else { return false };
        let budget = 16 * (folded.len() + 1);
        for (n, m) in ac.find_overlapping_iter(folded).enumerate() {
            if n > budget || self.owners[m.pattern().as_usize()].iter().any(|&o| o != e) {
                return true;
            }
        }
        false
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
            kind: crate::model::KindIx::new(0),
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
            .map(|h| {
                (
                    text[h.start..h.end].to_string(),
                    es[h.entity.get()].id.clone(),
                )
            })
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
            m.find(t)
                .iter()
                .map(|h| es[h.entity.get()].id.clone())
                .collect()
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
        let ids =
            |v: &[Hit]| -> Vec<&str> { v.iter().map(|h| es[h.entity.get()].id.as_str()).collect() };
        assert_eq!(ids(&hits), ["guerre", "ukraine"]);
        assert_eq!(ids(&nested), ["ukraine"]);
    }

    /// All mentions and nested ones the slow way: every occurrence of
    /// every name kept, sorted, then chosen (as the matcher did before it
    /// searched leftmost-longest in bounded memory).
    fn oracle(es: &[Entity], text: &str) -> (Vec<Hit>, Vec<Hit>) {
        // (mode: 0 exact, 1 folded, 2 cased; key) → (entity, acronym)
        let mut names: Vec<(u8, String, EntityIx, bool)> = Vec::new();
        for (ix, e) in es.iter().enumerate() {
            let ix = EntityIx::new(ix);
            let all = std::iter::once((e.name.as_str(), e.fold)).chain(
                e.aliases
                    .iter()
                    .map(|a| (a.text.as_str(), a.fold || e.fold)),
            );
            for (name, fold) in all {
                let name = crate::text::clean_line(name);
                let mut add = |mode: u8, key: String, acronym: bool| {
                    if !key.is_empty() && !names.iter().any(|n| n.0 == mode && n.1 == key) {
                        names.push((mode, key, ix, acronym));
                    }
                };
                if !fold {
                    add(2, fold_key(&name).0, is_acronym(&name));
                    add(0, exact_key(&name).0, false);
                } else {
                    add(1, fold_key(&name).0, false);
                }
            }
        }
        let (ek, em) = exact_key(text);
        let (fk, fm) = fold_key(text);
        let mut cands = Vec::new();
        for (mode, key, entity, acronym) in &names {
            let (hay, map) = if *mode == 0 { (&ek, &em) } else { (&fk, &fm) };
            for i in (0..hay.len()).filter(|&i| hay.is_char_boundary(i)) {
                if !hay[i..].starts_with(key.as_str()) {
                    continue;
                }
                let (start, end) = (map[i], map[i + key.len()]);
                let case_ok = *mode != 2 || case_variant(&text[start..end], *acronym);
                if start < end && case_ok && on_boundaries(text, start, end) {
                    cands.push(Hit {
                        start,
                        end,
                        entity: *entity,
                    });
                }
            }
        }
        cands.sort_by(|a, b| (a.start, b.end, a.entity).cmp(&(b.start, a.end, b.entity)));
        let (mut out, mut nested): (Vec<Hit>, Vec<Hit>) = (Vec::new(), Vec::new());
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

    #[test]
    fn same_mentions_as_keeping_every_overlapping_match() {
        // Words that nest, fold and change case into each other.
        const WORDS: &[&str] = &[
            "ox", "Ox", "OX", "öx", "ab", "AB", "Ab", "l’ab", "d'Ox", "Niger", "NIGER", "niger",
            "Nigeria", "ONU", "Onu", "œuvre", "Œuvre", "x", "de", "la",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut rand = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for round in 0..3000 {
            let phrase = |words: usize, rand: &mut dyn FnMut(usize) -> usize| {
                (0..words)
                    .map(|_| WORDS[rand(WORDS.len())])
                    .collect::<Vec<_>>()
                    .join(if rand(4) == 0 { "-" } else { " " })
            };
            let es: Vec<Entity> = (0..1 + rand(5))
                .map(|i| {
                    let name = phrase(1 + rand(3), &mut rand);
                    let aliases: Vec<String> = (0..rand(3))
                        .map(|_| {
                            let a = phrase(1 + rand(3), &mut rand);
                            if rand(3) == 0 { format!("~{a}") } else { a }
                        })
                        .collect();
                    let aliases: Vec<&str> = aliases.iter().map(String::as_str).collect();
                    ent(&format!("e{i}"), &name, &aliases, rand(4) == 0)
                })
                .collect();
            let text = phrase(1 + rand(30), &mut rand);
            let m = Matcher::new(&es);
            assert_eq!(
                m.find_with_nested(&text),
                oracle(&es, &text),
                "round {round}: {text:?} with {:?}",
                es.iter()
                    .map(|e| (
                        &e.name,
                        e.fold,
                        e.aliases
                            .iter()
                            .map(|a| (&a.text, a.fold))
                            .collect::<Vec<_>>()
                    ))
                    .collect::<Vec<_>>()
            );
        }
    }
}
