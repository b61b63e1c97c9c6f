//! Sentence bounds, for keyword-in-context snippets: an entity page shows
//! the sentence a mention stands in, not an arbitrary window of characters.

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "M", "MM", "Mme", "Mmes", "Mlle", "Dr", "Pr", "St", "Ste", "etc", "cf", "p", "av", "apr",
    "J.-C", "Mr", "Mrs", "Ms", "vs", "no", "n°",
];

/// The sentence bounds of one text, found once: each mention's sentence is
/// then a binary search, so a paragraph of a million words with a mention
/// in every sentence costs one scan, not one per mention.
pub struct Sentences {
    bounds: Vec<usize>,
    len: usize,
}

impl Sentences {
    pub fn new(text: &str) -> Sentences {
        Sentences {
            bounds: boundaries(text),
            len: text.len(),
        }
    }

    /// The byte range of the sentence containing `start..end`.
    pub fn around(&self, start: usize, end: usize) -> (usize, usize) {
        // Bounds are increasing: the last one at or before `start`, the
        // first one at or after `end`.
        let i = self.bounds.partition_point(|&b| b <= start);
        let s = if i == 0 { 0 } else { self.bounds[i - 1] };
        let j = self.bounds.partition_point(|&b| b < end);
        let e = self.bounds.get(j).copied().unwrap_or(self.len);
        (s, e.max(end).min(self.len))
    }
}

/// The byte range of the sentence containing `start..end` in `text` (one
/// scan of `text`: for many mentions of one text, use [`Sentences`]).
pub fn sentence_around(text: &str, start: usize, end: usize) -> (usize, usize) {
    Sentences::new(text).around(start, end)
}

/// Byte offsets where sentences start (after the space that follows the
/// end punctuation).
fn boundaries(text: &str) -> Vec<usize> {
    crate::work::add(&crate::work::SENTENCE_BYTES, text.len());
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        if matches!(c, '.' | '!' | '?' | '…') {
            // swallow closing quotes and brackets glued to the punctuation
            let mut j = i + 1;
            loop {
                match chars.get(j).map(|&(_, c)| c) {
                    Some('»' | '”' | '"' | ')' | '\u{a0}' | '\u{202f}') => j += 1,
                    // French puts a space before the closing guillemet
                    Some(' ') if matches!(chars.get(j + 1).map(|&(_, c)| c), Some('»' | '”')) => {
                        j += 1
                    }
                    _ => break,
                }
            }
            if j < chars.len() && chars[j].1 == ' ' {
                let next = chars.get(j + 1).map(|&(_, c)| c);
                let starts_sentence = next.is_some_and(|n| {
                    n.is_uppercase()
                        || n.is_ascii_digit()
                        || matches!(n, '«' | '“' | '"' | '–' | '—')
                });
                if starts_sentence && !(c == '.' && is_abbreviation(text, chars[i].0)) {
                    out.push(chars[j].0 + 1);
                }
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

fn is_abbreviation(text: &str, dot: usize) -> bool {
    let word_start = text[..dot]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || c == '(' || c == '«')
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &text[word_start..dot];
    ABBREVIATIONS.contains(&word)
        || word.chars().count() == 1 && word.chars().all(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn around(text: &str, needle: &str) -> String {
        let s = text.find(needle).unwrap();
        let (a, b) = sentence_around(text, s, s + needle.len());
        text[a..b].trim().to_string()
    }

    #[test]
    fn picks_the_sentence() {
        let t = "Première phrase. M. Diop a parlé au Niger. « Une citation. » Fin.";
        assert_eq!(around(t, "Diop"), "M. Diop a parlé au Niger.");
        assert_eq!(around(t, "Première"), "Première phrase.");
        assert_eq!(around(t, "Fin"), "Fin.");
        assert_eq!(around(t, "citation"), "« Une citation. »");
    }

    #[test]
    fn one_scan_gives_every_sentence() {
        let t = "Un. Deux trois. Quatre ! Cinq";
        let s = Sentences::new(t);
        for needle in ["Un", "Deux", "trois", "Quatre", "Cinq"] {
            let i = t.find(needle).unwrap();
            let (a, b) = s.around(i, i + needle.len());
            assert_eq!((a, b), sentence_around(t, i, i + needle.len()), "{needle}");
        }
        let i = t.find("trois").unwrap();
        let (a, b) = s.around(i, i + 5);
        assert_eq!(&t[a..b], "Deux trois. ");
    }

    #[test]
    fn no_bounds() {
        assert_eq!(
            around("un seul bloc sans point", "bloc"),
            "un seul bloc sans point"
        );
    }
}
