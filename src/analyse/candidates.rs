//! Names the registry misses: capitalised word groups and acronyms that
//! recur in the text but match no entity, so an editor can add them to the
//! YAML in minutes instead of reading every article again.

use super::ArticleAnalysis;
use super::lexicon::{Pack, Packs};
use crate::model::{ArticleIx, BlockIx, Dossier, IxVec};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub text: String,
    pub count: usize,
    /// Where each occurrence stands, in reading order: (article id,
    /// paragraph number as in the `#pN` anchors).
    pub places: Vec<(String, usize)>,
}

/// `packs` give each language's words that are no names (sentence
/// starts, months, weekdays) and the words that join names.
pub fn find(
    d: &Dossier,
    articles: &IxVec<ArticleIx, ArticleAnalysis>,
    packs: &Packs,
) -> Vec<Candidate> {
    let mut found: BTreeMap<String, Vec<(ArticleIx, BlockIx)>> = BTreeMap::new();
    for (ai, a) in d.articles.iter_enumerated() {
        let w = packs.get(a.language);
        for (bi, b) in a.blocks.iter_enumerated() {
            // Groups and mentions both come in order, and mentions do not
            // overlap: one pointer walks the mentions alongside the groups
            // (looking at every mention for every group made a paragraph
            // of megabytes cost minutes).
            let hs = &articles[ai].hits[bi];
            let mut k = 0;
            let mut steps = 0;
            for (s, e) in name_groups(&b.text, w) {
                while k < hs.len() && hs[k].end <= s {
                    k += 1;
                    steps += 1;
                }
                steps += 1;
                if k < hs.len() && hs[k].start < e {
                    continue;
                }
                found
                    .entry(b.text[s..e].to_string())
                    .or_default()
                    .push((ai, bi));
            }
            crate::work::add(&crate::work::CANDIDATE_STEPS, steps);
        }
    }
    let mut out: Vec<Candidate> = found
        .into_iter()
        .filter(|(_, places)| places.len() >= 2)
        .map(|(text, places)| Candidate {
            count: places.len(),
            text,
            places: places
                .into_iter()
                .map(|(a, b)| (d.articles[a].id.clone(), b.get() + 1))
                .collect(),
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.text.cmp(&b.text)));
    out
}

/// Byte ranges of capitalised word groups: "Groupe des amis" stops at the
/// first lower-case word that is not a joiner; joiners at the end are cut.
fn name_groups(text: &str, lang: &Pack) -> Vec<(usize, usize)> {
    let words = words(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let (s, _, w) = words[i];
        if !is_capitalised(w) || lang.candidate_stop.contains(w) {
            i += 1;
            continue;
        }
        let sentence_start = text[..s]
            .trim_end_matches([' ', '«', '\u{a0}', '(', '"', '“'])
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | '–'));
        let mut last = i;
        let mut j = i + 1;
        while j < words.len() {
            let (ps, _, _) = words[j];
            let gap = &text[words[j - 1].1..ps];
            if gap != " " && !gap.is_empty() && gap != "’" && gap != "'" {
                break;
            }
            let w2 = words[j].2;
            if is_capitalised(w2) && !lang.candidate_stop.contains(w2) {
                last = j;
            } else if !lang.name_joiners.contains(w2) {
                break;
            }
            j += 1;
        }
        let single = last == i;
        let acronym =
            w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
        if !(single && sentence_start && !acronym) {
            out.push((s, words[last].1));
        }
        i = last + 1;
    }
    out
}

fn is_capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Words with their byte ranges; hyphens stay inside words ("Al-Qaïda").
fn words(text: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let inside = c.is_alphanumeric() || c == '-' && start.is_some();
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len(), &text[s..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    fn groups(t: &str) -> Vec<&str> {
        let w = Pack::new(Lang::Fr);
        name_groups(t, &w)
            .into_iter()
            .map(|(s, e)| &t[s..e])
            .collect()
    }

    fn groups_en(t: &str) -> Vec<&str> {
        let w = Pack::new(Lang::En);
        name_groups(t, &w)
            .into_iter()
            .map(|(s, e)| &t[s..e])
            .collect()
    }

    #[test]
    fn english_months_weekdays_and_sentence_starts_are_no_names() {
        assert_eq!(
            groups_en(
                "On Thursday, the Bank of England met. In November the IMF spoke. However, Jane Doe left on Monday."
            ),
            ["Bank of England", "IMF", "Jane Doe"]
        );
    }

    #[test]
    fn finds_names_and_acronyms_not_sentence_starts() {
        assert_eq!(
            groups("Cette rencontre au sein du Groupe de la Charte. Wagner est là. Le FMI aussi."),
            ["Groupe de la Charte", "FMI"]
        );
        assert_eq!(groups("selon Bamako et Kiev"), ["Bamako", "Kiev"]);
    }
}
