//! Where the quotes are: top-level stretches between quotation marks in one
//! block of text. Shared by `load` (a `quotes:` correction must begin
//! exactly one quote) and `analyse` (attribution). Nested marks (“ ” inside « ») belong to the outer quote.
//!
//! Marks are read as pairs: « », “ ”, ‹ ›, „ “, straight " ", and ‘ ’ when
//! they close (an unclosed ‘ is an apostrophe more often than a quote). A
//! quote still open at the end of its paragraph runs to the end of it: in
//! news style a quote continued in the next paragraph is not closed until
//! its last one.

/// One quote in a block: byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The opening mark.
    pub open: usize,
    /// The quoted words, spaces just inside the marks excluded.
    pub inner_start: usize,
    pub inner_end: usize,
    /// Just past the closing mark, or the end of the block.
    pub close: usize,
    /// No closing mark in this block: the quote goes on in the next one.
    pub open_end: bool,
}

/// Which mark closes a top-level opening mark.
fn closer_of(open: char) -> Option<char> {
    match open {
        '«' => Some('»'),
        '“' => Some('”'),
        '‹' => Some('›'),
        '„' => Some('“'),
        '"' => Some('"'),
        '‘' => Some('’'),
        '\'' => Some('\''),
        _ => None,
    }
}

fn is_space(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace())
}

/// A mark that can open a quote here: after a space, a bracket or a dash
/// (or at the start), and before something that is not a space (French
/// puts a no-break space after «, so « is always an opener).
fn opens(c: char, prev: Option<char>, next: Option<char>) -> bool {
    let after_gap = is_space(prev) || matches!(prev, Some('(' | '[' | '—' | '–' | '-' | '/' | ':'));
    match c {
        '«' | '„' | '‹' => true,
        '“' => !is_space(next) || after_gap,
        '"' | '‘' | '\'' => after_gap && !is_space(next),
        // Sloppy typing: a closing curly mark used to open.
        '”' => is_space(prev) && next.is_some_and(char::is_alphanumeric),
        _ => false,
    }
}

/// A mark that can close the quote opened by `open` here.
fn closes(open: char, c: char, prev: Option<char>, next: Option<char>) -> bool {
    let want = if open == '”' {
        Some('”')
    } else {
        closer_of(open)
    };
    if Some(c) != want {
        // « … ”, “ … », “ … " and ‘ … " happen in copied text: accept
        // another closing mark for a curly or angle opening.
        return matches!((open, c), ('«', '”') | ('“', '»') | ('“', '"') | ('‘', '"'))
            && !is_space(prev);
    }
    match c {
        '’' | '\'' => !is_space(prev) && !next.is_some_and(char::is_alphanumeric),
        '"' => !is_space(prev) || !next.is_some_and(char::is_alphanumeric),
        _ => true,
    }
}

/// Every top-level quote of `text`, in order.
pub fn quotes(text: &str) -> Vec<Span> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let mut out = Vec::new();
    let mut i = 0;
    let same = SameKind::new(&chars);
    while i < chars.len() {
        let (pos, c) = chars[i];
        let prev = i.checked_sub(1).and_then(at);
        if !opens(c, prev, at(i + 1)) {
            i += 1;
            continue;
        }
        match find_close(&chars, i, &same) {
            Some(End::Cut(j)) => {
                // an unclosed quote cut before the next one of its kind
                let end = chars[j].0;
                out.push(span(text, pos, pos + c.len_utf8(), end, end, false));
                i = j;
            }
            Some(End::Mark(j)) => {
                let close = chars[j].0 + chars[j].1.len_utf8();
                out.push(span(
                    text,
                    pos,
                    pos + c.len_utf8(),
                    chars[j].0,
                    close,
                    false,
                ));
                i = j + 1;
            }
            // A single quote mark that never closes is an apostrophe, unless
            // it opens the paragraph or follows a colon: then it is a quote
            // going on in the next paragraph.
            None if matches!(c, '‘' | '\'') && !(i == 0 || colon_before(&chars, i)) => i += 1,
            None => {
                out.push(span(
                    text,
                    pos,
                    pos + c.len_utf8(),
                    text.len(),
                    text.len(),
                    true,
                ));
                break;
            }
        }
    }
    out
}

fn colon_before(chars: &[(usize, char)], i: usize) -> bool {
    chars[..i]
        .iter()
        .rev()
        .find(|&&(_, c)| !c.is_whitespace())
        .is_some_and(|&(_, c)| c == ':')
}

/// Where the quote opened at `i` ends.
enum End {
    /// At this closing mark.
    Mark(usize),
    /// Just before this character, with no mark: the quote was never
    /// closed and another of its kind opens later in the block.
    Cut(usize),
}

/// Where the quote opened at `i` ends, skipping nested quotes of another
/// kind, or `None` when it runs to the end of the block.
fn find_close(chars: &[(usize, char)], i: usize, same: &SameKind) -> Option<End> {
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let open = chars[i].1;
    let mut nested: Vec<char> = Vec::new();
    let mut k = i + 1;
    while k < chars.len() {
        let c = chars[k].1;
        let (prev, next) = (at(k - 1), at(k + 1));
        if nested.is_empty() && c == open && matches!(c, '«' | '„' | '‹') {
            // « A « B » C »: a quote nested in one of its own kind, when a
            // closer for the outer one follows the inner one. Otherwise the
            // outer one was never closed: « A. X dit « B ». It ends at the
            // last sentence end before the new mark.
            match same.nested_end(c, k) {
                Some(after) => {
                    k = after;
                    continue;
                }
                None => return Some(End::Cut(cut_before(chars, i, k))),
            }
        }
        if let Some(&inner) = nested.last() {
            if closes(inner, c, prev, next) {
                nested.pop();
            } else if c != open && c != inner && opens(c, prev, next) && closer_of(c).is_some() {
                nested.push(c);
            }
        } else if closes(open, c, prev, next) {
            return Some(End::Mark(k));
        } else if c != open && c != '‘' && opens(c, prev, next) && closer_of(c).is_some() {
            nested.push(c);
        }
        k += 1;
    }
    // A nested mark left open hid the closer: try again ignoring nesting.
    (i + 1..chars.len())
        .find(|&k| closes(open, chars[k].1, at(k - 1), at(k + 1)))
        .map(End::Mark)
}

/// Where the openers and closers of the marks that only ever open (« „ ‹)
/// stand in a block, so that a mark of an open quote's own kind is judged
/// nested or not by binary search, not by a scan to the end of the block
/// for each (which made a paragraph of many unclosed « quadratic).
struct SameKind {
    /// (opening mark, its positions, its closers' positions), ascending.
    kinds: Vec<(char, Vec<usize>, Vec<usize>)>,
}

impl SameKind {
    fn new(chars: &[(usize, char)]) -> SameKind {
        let at = |x: usize| chars.get(x).map(|&(_, c)| c);
        let kinds = ['«', '„', '‹']
            .into_iter()
            .filter(|&open| chars.iter().any(|&(_, c)| c == open))
            .map(|open| {
                let openers = (0..chars.len()).filter(|&x| chars[x].1 == open).collect();
                let closers = (0..chars.len())
                    .filter(|&x| closes(open, chars[x].1, x.checked_sub(1).and_then(at), at(x + 1)))
                    .collect();
                (open, openers, closers)
            })
            .collect();
        SameKind { kinds }
    }

    /// For a mark `open` at `k` inside an open quote of its kind: the index
    /// past its own closer when another closer (the outer quote's) follows
    /// before any new opener of that kind; `None` when the outer quote has
    /// no closer left.
    fn nested_end(&self, open: char, k: usize) -> Option<usize> {
        let (_, openers, closers) = self.kinds.iter().find(|(o, _, _)| *o == open)?;
        let ci = closers.partition_point(|&x| x <= k);
        let inner = *closers.get(ci)?;
        let outer = *closers.get(ci + 1)?;
        let next_open = openers.get(openers.partition_point(|&x| x <= inner));
        next_open.is_none_or(|&o| outer < o).then_some(inner + 1)
    }
}

/// Where an unclosed quote opened at `i` ends when a mark of its kind opens
/// at `k`: after the last full stop (or ! ? …) between them, else at `k`.
fn cut_before(chars: &[(usize, char)], i: usize, k: usize) -> usize {
    (i + 1..k)
        .rev()
        .find(|&x| {
            matches!(chars[x].1, '.' | '!' | '?' | '…')
                && chars.get(x + 1).is_some_and(|&(_, c)| c.is_whitespace())
        })
        .map_or(k, |x| x + 1)
}

fn span(
    text: &str,
    open: usize,
    inner: usize,
    inner_end: usize,
    close: usize,
    open_end: bool,
) -> Span {
    let inner_text = &text[inner..inner_end];
    let lead = inner_text.len() - inner_text.trim_start().len();
    let trail = inner_text.len() - inner_text.trim_end().len();
    let (inner_start, inner_end) = if lead + trail >= inner_text.len() {
        (inner, inner)
    } else {
        (inner + lead, inner_end - trail)
    };
    Span {
        open,
        inner_start,
        inner_end,
        close,
        open_end,
    }
}

/// Whether a `quotes:` correction's `starts` names this quote: its words
/// begin so, whatever apostrophes and spaces the editor typed.
pub fn fix_matches(starts: &str, quote: &str) -> bool {
    crate::text::unify(quote).starts_with(&crate::text::unify(starts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inner(text: &str) -> Vec<(&str, bool)> {
        quotes(text)
            .into_iter()
            .map(|s| (&text[s.inner_start..s.inner_end], s.open_end))
            .collect()
    }

    #[test]
    fn pairs_of_each_kind() {
        assert_eq!(inner("Il a dit : « Oui. » Fin."), vec![("Oui.", false)]);
        assert_eq!(
            inner("“Yes,” he said. “No.”"),
            vec![("Yes,", false), ("No.", false)]
        );
        assert_eq!(inner("\"Yes,\" he said."), vec![("Yes,", false)]);
        assert_eq!(inner("He called it ‘odd’ twice."), vec![("odd", false)]);
    }

    #[test]
    fn nested_marks_belong_to_the_outer_quote() {
        assert_eq!(
            inner("« Il a parlé d’un “ami”, rien de plus », dit-elle."),
            vec![("Il a parlé d’un “ami”, rien de plus", false)]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(inner("It’s the players’ union, l’AFP and don’t.").is_empty());
        assert!(inner("It's the players' union, l'AFP and don't.").is_empty());
    }

    #[test]
    fn straight_single_quotes_and_mixed_marks() {
        assert_eq!(inner("He said: 'We won.' Then"), vec![("We won.", false)]);
        assert_eq!(inner("He said: 'We won and"), vec![("We won and", true)]);
        assert_eq!(inner("‘Sam and I,\" said X"), vec![("Sam and I,", false)]);
        assert_eq!(inner("was “not candid\" with"), vec![("not candid", false)]);
    }

    #[test]
    fn unclosed_quote_runs_to_the_end_of_the_block() {
        assert_eq!(
            inner("She said: “We will go on. And on"),
            vec![("We will go on. And on", true)]
        );
    }

    #[test]
    fn same_kind_marks_nest_or_cut_an_unclosed_quote() {
        assert_eq!(
            inner("« Il dit « non » et part », dit-elle."),
            vec![("Il dit « non » et part", false)]
        );
        assert_eq!(
            inner("« Trop, a dit la maire. Elle juge ça « illégal ». Fin."),
            vec![("Trop, a dit la maire.", false), ("illégal", false)]
        );
    }

    #[test]
    fn sloppy_closing_mark_as_opener() {
        assert_eq!(inner("He said ”fine” then."), vec![("fine", false)]);
    }
}
