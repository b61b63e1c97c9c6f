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
    while i < chars.len() {
        let (pos, c) = chars[i];
        let prev = i.checked_sub(1).and_then(at);
        if !opens(c, prev, at(i + 1)) {
            i += 1;
            continue;
        }
        match find_close(&chars, i) {
            Some(j) => {
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

/// The index of the mark closing the quote opened at `i`, skipping nested
/// quotes of another kind.
fn find_close(chars: &[(usize, char)], i: usize) -> Option<usize> {
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let open = chars[i].1;
    let mut nested: Vec<char> = Vec::new();
    let mut k = i + 1;
    while k < chars.len() {
        let c = chars[k].1;
        let (prev, next) = (at(k - 1), at(k + 1));
        if let Some(&inner) = nested.last() {
            if closes(inner, c, prev, next) {
                nested.pop();
            } else if c != open && c != inner && opens(c, prev, next) && closer_of(c).is_some() {
                nested.push(c);
            }
        } else if closes(open, c, prev, next) {
            return Some(k);
        } else if c != open && c != '‘' && opens(c, prev, next) && closer_of(c).is_some() {
            nested.push(c);
        }
        k += 1;
    }
    // A nested mark left open hid the closer: try again ignoring nesting.
    (i + 1..chars.len()).find(|&k| closes(open, chars[k].1, at(k - 1), at(k + 1)))
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
    fn sloppy_closing_mark_as_opener() {
        assert_eq!(inner("He said ”fine” then."), vec![("fine", false)]);
    }
}
