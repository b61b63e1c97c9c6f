//! A block as the grammar reads it: words, punctuation, and two opaque kinds
//! of item, entity mentions and quotes, each one token whatever its length.
//! Then sentences, cut only outside quotes, so a quote of three sentences
//! stays in the sentence that attributes it.

use crate::analyse::lexicon::{Pack, key};
use crate::quotemarks::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    Word,
    /// Index into the block's mentions.
    Mention(usize),
    /// Index into the block's quote spans.
    Quote(usize),
    Punct(char),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
    /// Lower case, apostrophes unified; empty for mentions and quotes.
    pub low: String,
    /// Starts with a capital letter.
    pub cap: bool,
    /// A subject pronoun split off an inverted verb ("dit-il", "a-t-elle").
    pub inverted: bool,
}

impl Token {
    pub fn is(&self, w: &str) -> bool {
        self.tok == Tok::Word && self.low == w
    }
    /// A word of one of the pack's classes.
    pub fn is_in(&self, set: &std::collections::HashSet<String>) -> bool {
        self.tok == Tok::Word && set.contains(&self.low)
    }

    pub fn punct(&self) -> Option<char> {
        match self.tok {
            Tok::Punct(c) => Some(c),
            _ => None,
        }
    }
}

/// Splits `text` into tokens; `mentions` and `quotes` are byte ranges
/// (sorted) that become single tokens.
pub fn tokenize(
    text: &str,
    mentions: &[(usize, usize)],
    quotes: &[Span],
    pack: &Pack,
) -> Vec<Token> {
    tokenize_in(text, 0..text.len(), mentions, quotes, pack)
}

/// [`tokenize`] over a part of `text` (the words inside a quote), offsets
/// and mention indexes staying those of the whole text.
pub fn tokenize_in(
    text: &str,
    range: std::ops::Range<usize>,
    mentions: &[(usize, usize)],
    quotes: &[Span],
    pack: &Pack,
) -> Vec<Token> {
    let mut out = Vec::new();
    let mut pos = range.start;
    let text_end = range.end;
    // Both lists are in text order: start at the range by binary search, so
    // tokenising each quote of a long paragraph does not walk past all the
    // paragraph's earlier mentions and quotes again.
    let mut mi = mentions.partition_point(|m| m.0 < pos);
    let mut qi = quotes.partition_point(|q| q.open < pos);
    while pos < text_end {
        while mi < mentions.len() && mentions[mi].0 < pos {
            mi += 1;
        }
        if let Some(q) = quotes.get(qi).filter(|q| q.open == pos) {
            out.push(opaque(Tok::Quote(qi), pos, q.close));
            pos = q.close;
            qi += 1;
            continue;
        }
        if let Some(&(s, e)) = mentions.get(mi).filter(|m| m.0 == pos) {
            out.push(opaque(Tok::Mention(mi), s, e));
            pos = e;
            mi += 1;
            continue;
        }
        let c = text[pos..text_end].chars().next().unwrap_or(' ');
        if c.is_whitespace() {
            pos += c.len_utf8();
            continue;
        }
        if !c.is_alphanumeric() {
            out.push(Token {
                tok: Tok::Punct(c),
                start: pos,
                end: pos + c.len_utf8(),
                low: String::new(),
                cap: false,
                inverted: false,
            });
            pos += c.len_utf8();
            continue;
        }
        // A word stops before the next opaque item.
        let limit = [
            mentions.get(mi).map(|m| m.0),
            quotes.get(qi).map(|q| q.open),
        ]
        .into_iter()
        .flatten()
        .filter(|&x| x > pos)
        .min()
        .unwrap_or(text_end)
        .min(text_end);
        let end = word_end(text, pos, limit, limit < text_end);
        split_word(&text[pos..end], pos, pack, &mut out);
        pos = end;
    }
    out
}

/// Where the word at `pos` ends: it runs over letters, digits, and
/// apostrophes or hyphens between them, up to `limit`. `before_item`: an
/// opaque item (a mention, a quote) follows at `limit`, so a final
/// apostrophe is an elision glued to it ("l’OFB").
fn word_end(text: &str, pos: usize, limit: usize, before_item: bool) -> usize {
    let mut end = pos;
    let mut it = text[pos..limit].char_indices().peekable();
    while let Some((i, ch)) = it.next() {
        let next = text[pos + i + ch.len_utf8()..].chars().next();
        let joiner =
            matches!(ch, '\'' | '’' | '-' | '‑' | '.') && next.is_some_and(char::is_alphanumeric);
        let elision = matches!(ch, '\'' | '’') && it.peek().is_none() && before_item;
        if ch.is_alphanumeric()
            || (joiner || elision) && ch != '.'
            || joiner && is_initialism(&text[pos..pos + i])
        {
            end = pos + i + ch.len_utf8();
        } else {
            break;
        }
    }
    end
}

/// "U.S" before another letter: the dot belongs to the word.
fn is_initialism(before: &str) -> bool {
    let last = before.rsplit(['.', ' ']).next().unwrap_or("");
    last.chars().count() == 1 && last.chars().all(char::is_uppercase)
}

fn opaque(tok: Tok, start: usize, end: usize) -> Token {
    Token {
        tok,
        start,
        end,
        low: String::new(),
        cap: false,
        inverted: false,
    }
}

/// One word, split where the pack's language glues words: French elisions
/// ("l'AFP" → "l'" + "AFP") and inversions ("a-t-il" → "a" + "il",
/// "ajoute-t-elle" → "ajoute" + "elle", also misspelt "a-telle"), English
/// possessives ("Smith's" → "Smith" + "'s").
fn split_word(w: &str, at: usize, pack: &Pack, out: &mut Vec<Token>) {
    let word = |s: usize, e: usize, inverted: bool| Token {
        tok: Tok::Word,
        start: at + s,
        end: at + e,
        low: key(&w[s..e]),
        cap: w[s..].chars().next().is_some_and(char::is_uppercase),
        inverted,
    };
    let low = key(w);
    if let Some(ap) = low.find('\'') {
        let head = &low[..ap];
        if pack.elisions.contains(head) && ap + 1 == low.len() {
            out.push(word(0, w.len(), false));
            return;
        }
        if pack.elisions.contains(head) && ap + 1 < low.len() {
            // byte offsets in `low` and `w` differ when ’ is 3 bytes
            let wap = w
                .char_indices()
                .nth(head.chars().count())
                .map_or(ap, |(i, _)| i);
            let after = wap + w[wap..].chars().next().map_or(1, char::len_utf8);
            out.push(word(0, after, false));
            split_word(&w[after..], at + after, pack, out);
            return;
        }
        if pack.possessives.contains(&low[ap..]) {
            let wap = w
                .char_indices()
                .nth(head.chars().count())
                .map_or(ap, |(i, _)| i);
            out.push(word(0, wap, false));
            out.push(word(wap, w.len(), false));
            return;
        }
    }
    if let Some((verb_end, pron_start)) = inversion(&low, pack) {
        // `low` and `w` have the same bytes after the last hyphen
        let shift = w.len() - low.len();
        if verb_end > 0 {
            out.push(word(0, verb_end + shift, false));
        }
        out.push(word(pron_start + shift, w.len(), true));
        return;
    }
    out.push(word(0, w.len(), false));
}

/// Where an inverted verb ends and its subject pronoun starts: "dit-il",
/// "a-t-elle", and the common misspellings "a-telle", "a t-il" (the
/// latter already split at the space, seen here as "t-il").
fn inversion(low: &str, pack: &Pack) -> Option<(usize, usize)> {
    let hy = low.rfind('-')?;
    let pron = &low[hy + 1..];
    if pack.inverted_pronouns.contains(pron) && hy > 0 {
        let head = &low[..hy];
        for l in &pack.euphonic_letters {
            match head.strip_suffix(l.as_str()) {
                // "t-il" after "a t-il": no verb in this word
                Some("") => return Some((0, hy + 1)),
                Some(verb) if verb.len() > 1 && verb.ends_with('-') => {
                    return Some((verb.len() - 1, hy + 1));
                }
                _ => {}
            }
        }
        return Some((hy, hy + 1));
    }
    // "a-telle": the euphonic letter glued to the pronoun
    pack.euphonic_letters.iter().find_map(|l| {
        let p = pron.strip_prefix(l.as_str())?;
        (hy > 0 && pack.inverted_pronouns.contains(p)).then_some((hy, hy + 1 + l.len()))
    })
}

/// Sentences as token ranges. A sentence ends at . ! ? … (or a quote whose
/// words end so) when the next token starts a sentence (a capital, a quote,
/// a mention, a digit) and the word before the full stop is no
/// abbreviation ("M.", "Dr.", an initial).
pub fn sentences(text: &str, toks: &[Token], pack: &Pack) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..toks.len() {
        let ends = match toks[i].tok {
            Tok::Punct('.') => i == 0 || !abbreviation(text, &toks[i - 1], pack),
            Tok::Punct('!' | '?' | '…') => true,
            Tok::Quote(_) => {
                let inner = text[toks[i].start..toks[i].end].trim_end_matches(|c: char| {
                    matches!(c, '»' | '”' | '"' | '’' | '›' | '“') || c.is_whitespace()
                });
                // `"… you know?" Kear Koch told KGO-TV.`: a question or an
                // exclamation cannot take the comma before its attribution,
                // so a speech verb right after it goes on the same sentence.
                inner.ends_with('.')
                    || inner.ends_with(['!', '?', '…'])
                        && !attribution_follows(&toks[i + 1..], pack)
            }
            _ => false,
        };
        let next_starts = toks.get(i + 1).is_some_and(|n| match n.tok {
            Tok::Word => n.cap || n.low.starts_with(|c: char| c.is_ascii_digit()),
            Tok::Mention(_) | Tok::Quote(_) => true,
            Tok::Punct(c) => matches!(c, '—' | '–' | '(' | '«' | '“' | '"'),
        });
        if ends && next_starts {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < toks.len() {
        out.push(start..toks.len());
    }
    out
}

/// A speech verb among the first words of `rest`, before any punctuation
/// but a hyphen or an apostrophe ("Kear Koch told", "said Smith").
fn attribution_follows(rest: &[Token], pack: &Pack) -> bool {
    rest.iter()
        .take(6)
        .take_while(|t| {
            matches!(
                t.tok,
                Tok::Word | Tok::Mention(_) | Tok::Punct('-' | '\'' | '’')
            )
        })
        .any(|t| t.tok == Tok::Word && !t.inverted && pack.speech_verb(&t.low).is_some())
}

fn abbreviation(text: &str, before: &Token, pack: &Pack) -> bool {
    if before.tok != Tok::Word {
        return false;
    }
    let w = &text[before.start..before.end];
    pack.abbreviations.contains(w) || w.chars().count() == 1 && w.chars().all(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;
    use crate::quotemarks as scan;

    fn words(text: &str) -> Vec<String> {
        let pack = Pack::new(if text.contains("'s") || text.contains("U.S") {
            Lang::En
        } else {
            Lang::Fr
        });
        tokenize(text, &[], &[], &pack)
            .iter()
            .map(|t| match t.tok {
                Tok::Word if t.inverted => format!("^{}", t.low),
                Tok::Word => t.low.clone(),
                Tok::Punct(c) => c.to_string(),
                _ => "?".into(),
            })
            .collect()
    }

    #[test]
    fn french_glue_is_split() {
        assert_eq!(words("a-t-il ajouté"), ["a", "^il", "ajouté"]);
        assert_eq!(
            words("dit-elle à l’AFP."),
            ["dit", "^elle", "à", "l'", "afp", "."]
        );
        assert_eq!(words("qu'il"), ["qu'", "il"]);
        assert_eq!(words("a-telle insisté"), ["a", "^elle", "insisté"]);
        assert_eq!(words("a t-il dit"), ["a", "^il", "dit"]);
        assert_eq!(words("peut-être"), ["peut-être"]);
        let text = "estime l’OFB.";
        let ofb = text.find("OFB").unwrap();
        let toks = tokenize(text, &[(ofb, ofb + 3)], &[], &Pack::new(Lang::Fr));
        assert_eq!(toks[1].low, "l'");
        assert_eq!(toks[2].tok, Tok::Mention(0));
        assert_eq!(words("Smith's view"), ["smith", "'s", "view"]);
        assert_eq!(words("the U.S. said"), ["the", "u.s", ".", "said"]);
    }

    #[test]
    fn quotes_and_mentions_are_single_tokens() {
        let text = "“It works,” said Ann Lee.";
        let q = scan::quotes(text);
        let ann = text.find("Ann").unwrap();
        let toks = tokenize(text, &[(ann, ann + 7)], &q, &Pack::new(Lang::En));
        let kinds: Vec<Tok> = toks.iter().map(|t| t.tok).collect();
        assert_eq!(
            kinds,
            [Tok::Quote(0), Tok::Word, Tok::Mention(0), Tok::Punct('.')]
        );
    }

    #[test]
    fn sentences_skip_abbreviations_and_quotes() {
        let pack = Pack::new(Lang::En);
        let text = "Mr. Lee left. “Stop. Now,” he said. Then Dr. Ray came.";
        let q = scan::quotes(text);
        let toks = tokenize(text, &[], &q, &pack);
        let s = sentences(text, &toks, &pack);
        let shown: Vec<&str> = s
            .iter()
            .map(|r| &text[toks[r.start].start..toks[r.end - 1].end])
            .collect();
        assert_eq!(
            shown,
            [
                "Mr. Lee left.",
                "“Stop. Now,” he said.",
                "Then Dr. Ray came."
            ]
        );
    }
}
