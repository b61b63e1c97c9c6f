//! All YAML parsing goes through here. The parser is marked-yaml (on
//! yaml-rust2): every value the loader reports an error about is read as a
//! [`Spanned`] value, so its place comes from the parser, not from
//! searching the text.
//!
//! Before the tree is built, one pass over the parser's events (iterative,
//! no recursion) refuses what would cost unbounded time, memory or stack:
//! nesting deeper than [`MAX_DEPTH`] (the tree builder, serde and the
//! tree's drop recurse), anchors and aliases (an alias bomb expands
//! exponentially; dossier files have no use for them), and a second
//! document in one file. Only then is the file parsed into a tree, a
//! duplicate key being an error at its second occurrence.
//!
//! The parser says where a scan error was found, not where an unclosed
//! quote or bracket began: [`syntax_hint`] finds that with its own small
//! scan of the lines before the error.

use crate::error::{Error, Loc};
use marked_yaml::{LoadError, LoaderOptions, Node, Span};
use serde::de::DeserializeOwned;
use std::ops::Range;
use std::path::Path;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::ScanError;

pub use marked_yaml::Spanned;

/// The value of a [`Spanned`], once its place is taken.
pub fn take<T: Clone>(s: Spanned<T>) -> T {
    (*s).clone()
}

/// The deepest nesting of lists and mappings a file may have.
pub const MAX_DEPTH: usize = 128;

/// Deserializes `text`, read from `file` (a path relative to the dossier
/// root, used in errors).
pub fn parse<T: DeserializeOwned>(file: &Path, text: &str) -> Result<T, Error> {
    parse_keyed(file, text).map(|(v, _)| v)
}

/// Like [`parse`] for YAML that starts at line `line_offset + 1` of `file`
/// (front matter), so reported lines are the file's own.
pub fn parse_at<T: DeserializeOwned>(
    file: &Path,
    text: &str,
    line_offset: usize,
) -> Result<T, Error> {
    parse_keyed_at(file, text, line_offset).map(|(v, _)| v)
}

/// Like [`parse`], with where each top-level key of a mapping file is
/// written (for errors about a key given without a value).
pub fn parse_keyed<T: DeserializeOwned>(file: &Path, text: &str) -> Result<(T, Keys), Error> {
    parse_keyed_at(file, text, 0)
}

/// [`parse_keyed`] and [`parse_at`] in one.
pub fn parse_keyed_at<T: DeserializeOwned>(
    file: &Path,
    text: &str,
    line_offset: usize,
) -> Result<(T, Keys), Error> {
    // Blank lines in front keep the parser's line numbers the file's own.
    let padded;
    let text = if line_offset > 0 {
        padded = format!("{}{text}", "\n".repeat(line_offset));
        &padded
    } else {
        text
    };
    let tabbed;
    let (text, top) = match precheck(file, text) {
        Ok(top) => (text, top),
        Err(Stop::TabAfterColon(at)) => {
            tabbed = tabs_to_spaces(file, text, at)?;
            (tabbed.0.as_str(), tabbed.1)
        }
        Err(Stop::Error(e)) => return Err(e),
    };
    let options = LoaderOptions::default()
        .error_on_duplicate_keys(true)
        .prevent_coercion(true);
    let options = match top {
        Top::Sequence => options.toplevel_sequence(),
        Top::Mapping | Top::Empty => options.toplevel_mapping(),
        Top::Scalar(at) => {
            return Err(Error::Yaml {
                at: Loc::at(file, at.0, at.1),
                message: "the file holds a single value, not a mapping or a list".into(),
                help: Some("see docs/content-format.md for what this file holds".into()),
            });
        }
    };
    let mut node = marked_yaml::parse_yaml_with_options(0, text, options)
        .map_err(|e| load_error(file, text, e))?;
    let keys = Keys(
        node.as_mapping()
            .map(|m| {
                m.keys()
                    .map(|k| (k.as_str().to_string(), span_loc(file, text, k.span())))
                    .collect()
            })
            .unwrap_or_default(),
    );
    drop_nulls(&mut node);
    let value = match top {
        // A file of comments only: an empty mapping or an empty list,
        // whichever the type takes.
        Top::Empty => from_node(file, text, &node).or_else(|e| {
            let empty = Node::from(marked_yaml::types::MarkedSequenceNode::new_empty(
                Span::new_blank(),
            ));
            from_node(file, text, &empty).map_err(|_| e)
        })?,
        _ => from_node(file, text, &node)?,
    };
    Ok((value, keys))
}

fn from_node<T: DeserializeOwned>(file: &Path, text: &str, node: &Node) -> Result<T, Error> {
    marked_yaml::from_node(node).map_err(|e| node_error(file, text, e))
}

/// The top-level keys of a mapping file and where each is written.
#[derive(Debug, Default)]
pub struct Keys(Vec<(String, Loc)>);

impl Keys {
    /// Where top-level key `key` is written, if it is.
    pub fn get(&self, key: &str) -> Option<Loc> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, l)| l.clone())
    }
}

/// What the document holds at its top.
enum Top {
    Mapping,
    Sequence,
    Scalar((usize, usize)),
    Empty,
}

/// A tab after `key:` is legal YAML that yaml-rust2 refuses ("':' must
/// be followed by a valid YAML whitespace"), and editors put it there:
/// each tab the scanner stops at is made a space (the columns stay) and
/// the file scanned again, at most [`MAX_TAB_FIXES`] times. Only files
/// holding such a tab pay for the rescans.
fn tabs_to_spaces(file: &Path, text: &str, first: Loc) -> Result<(String, Top), Error> {
    let mut fixed = text.to_string();
    let mut at = first;
    for _ in 0..MAX_TAB_FIXES {
        let start = fixed
            .split_inclusive('\n')
            .take(at.line.saturating_sub(1))
            .map(str::len)
            .sum::<usize>();
        let line_end = fixed[start..].find('\n').map_or(fixed.len(), |i| start + i);
        // The scanner stops on the value after the tabs: the tabs run
        // back from there to the colon.
        let upto = fixed[start..line_end]
            .char_indices()
            .nth(at.column.saturating_sub(1))
            .map_or(line_end, |(i, _)| start + i);
        let from = fixed[start..upto].trim_end_matches([' ', '\t']).len() + start;
        let spaces = fixed[from..upto].replace('\t', " ");
        fixed.replace_range(from..upto, &spaces);
        match precheck(file, &fixed) {
            Ok(top) => return Ok((fixed, top)),
            Err(Stop::TabAfterColon(next)) if next != at => at = next,
            Err(Stop::TabAfterColon(_)) => break,
            Err(Stop::Error(e)) => return Err(e),
        }
    }
    Err(Error::Yaml {
        at,
        message: "a tab after `:`".into(),
        help: Some("put a space after the `:` of a key".into()),
    })
}

/// How many tabs after `key:` one file may have (see [`tabs_to_spaces`]).
const MAX_TAB_FIXES: usize = 200;

/// One pass over the parser's events before anything recursive runs:
/// nesting depth, anchors and aliases, one document per file.
fn precheck(file: &Path, text: &str) -> Result<Top, Stop> {
    let mut parser = Parser::new_from_str(text);
    let mut depth = 0usize;
    let mut top = None;
    let mut documents = 0;
    loop {
        let (event, mark) = parser.next_token().map_err(|e| {
            let m = e.marker();
            if e.info() == "':' must be followed by a valid YAML whitespace" {
                Stop::TabAfterColon(Loc::at(file, m.line(), m.col() + 1))
            } else {
                Stop::Error(scan_error(file, text, &e))
            }
        })?;
        let at = Loc::at(file, mark.line(), mark.col() + 1);
        let anchor = match &event {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(Stop::Error(Error::Yaml {
                        at,
                        message: "a second YAML document in one file".into(),
                        help: Some(
                            "a file holds one document: remove the `---` line and what follows, or move it to a file of its own".into(),
                        ),
                    }));
                }
                0
            }
            Event::Alias(_) => return Err(alias_error(at).into()),
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(Stop::Error(Error::Yaml {
                        at,
                        message: format!(
                            "the file nests lists or mappings too deeply (over {MAX_DEPTH} levels)"
                        ),
                        help: Some("no dossier file needs more than a few levels: check the brackets and the indentation here".into()),
                    }));
                }
                top.get_or_insert(if matches!(event, Event::MappingStart(..)) {
                    Top::Mapping
                } else {
                    Top::Sequence
                });
                *anchor
            }
            Event::MappingEnd | Event::SequenceEnd => {
                depth = depth.saturating_sub(1);
                0
            }
            Event::Scalar(_, _, anchor, _) => {
                top.get_or_insert(Top::Scalar((at.line, at.column)));
                *anchor
            }
            _ => 0,
        };
        if anchor > 0 {
            return Err(alias_error(at).into());
        }
    }
    Ok(top.unwrap_or(Top::Empty))
}

/// Why [`precheck`] stopped.
enum Stop {
    /// See [`tabs_to_spaces`].
    TabAfterColon(Loc),
    Error(Error),
}

impl From<Error> for Stop {
    fn from(e: Error) -> Stop {
        Stop::Error(e)
    }
}

fn alias_error(at: Loc) -> Error {
    Error::Yaml {
        at,
        message: "YAML anchors and aliases (`&name`, `*name`) are not accepted: an alias can expand into too much data".into(),
        help: Some("write the value out in full where it is used".into()),
    }
}

/// Removes from every mapping the keys whose value is a plain null (`~`,
/// `null` or nothing), so that `date:` reads as no date at all, as it did
/// with serde_yaml, and not as an empty text.
fn drop_nulls(node: &mut Node) {
    match node {
        Node::Mapping(m) => {
            m.retain(|_, v| !is_null(v));
            for (_, v) in m.iter_mut() {
                drop_nulls(v);
            }
        }
        Node::Sequence(s) => s.iter_mut().for_each(drop_nulls),
        Node::Scalar(_) => {}
    }
}

fn is_null(node: &Node) -> bool {
    match node {
        // With `prevent_coercion`, only plain scalars may coerce: a quoted
        // "null" is text.
        Node::Scalar(s) => {
            s.may_coerce() && matches!(s.as_str(), "" | "~" | "null" | "Null" | "NULL")
        }
        _ => false,
    }
}

/// Where a value the parser marked is written: the first character of its
/// text (after its opening quote, when it is quoted); the file when the
/// value has no mark (a default).
pub fn span_loc(file: &Path, text: &str, span: &Span) -> Loc {
    let Some(m) = span.start() else {
        return Loc::file(file);
    };
    let quoted = text
        .lines()
        .nth(m.line().saturating_sub(1))
        .and_then(|l| l.chars().nth(m.column().saturating_sub(1)))
        .is_some_and(|c| c == '"' || c == '\'');
    Loc::at(file, m.line(), m.column() + usize::from(quoted))
}

/// [`span_loc`] for a [`Spanned`] value, reading the line from `doc`'s
/// index rather than counting lines from the start.
pub fn at<T>(file: &Path, doc: &Doc, value: &Spanned<T>) -> Loc {
    let Some(m) = value.span().start() else {
        return Loc::file(file);
    };
    let quoted = doc
        .lines_in(m.line()..m.line() + 1)
        .next()
        .and_then(|(_, l)| l.chars().nth(m.column().saturating_sub(1)))
        .is_some_and(|c| c == '"' || c == '\'');
    Loc::at(file, m.line(), m.column() + usize::from(quoted))
}

/// Where the text `value[offset..]` stands, `value` being a scalar whose
/// text begins at `start` (see [`at`]). Exact when the scalar is written on
/// one line without escapes (the source then reads as the value); else
/// the `n`-th occurrence of `needle` from the scalar's start, `n` counting
/// those in `value` before `offset`: a search, but only from the parser's
/// mark of that very scalar on.
pub fn within(doc: &Doc, start: &Loc, value: &str, offset: usize, needle: &str) -> Loc {
    if start.line == 0 {
        return start.clone();
    }
    let before = &value[..offset];
    if let Some((_, line)) = doc.lines_in(start.line..start.line + 1).next() {
        let from: String = line.chars().skip(start.column - 1).collect();
        if !before.contains('\n') && from.starts_with(&format!("{before}{needle}")) {
            return Loc::at(
                &start.file,
                start.line,
                start.column + before.chars().count(),
            );
        }
    }
    let n = before.matches(needle).count();
    let mut seen = 0;
    for (l, line) in doc.lines_in(start.line..usize::MAX) {
        let skip = if l == start.line { start.column - 1 } else { 0 };
        let from: String = line.chars().skip(skip).collect();
        for (i, _) in from.match_indices(needle) {
            if seen == n {
                return Loc::at(&start.file, l, skip + from[..i].chars().count() + 1);
            }
            seen += 1;
        }
    }
    start.clone()
}

// ------------------------------------------------------------ errors ----

fn load_error(file: &Path, text: &str, e: LoadError) -> Error {
    let at = |m: &marked_yaml::Marker| Loc::at(file, m.line(), m.column());
    match e {
        LoadError::ScanError(_, se) => scan_error(file, text, &se),
        LoadError::DuplicateKey(d) => Error::Duplicate {
            at: span_loc(file, text, d.key.span()),
            what: "key",
            id: d.key.as_str().to_string(),
            first: span_loc(file, text, d.prev_key.span()),
        },
        LoadError::MappingKeyMustBeScalar(m) => Error::Yaml {
            at: at(&m),
            message: "a key must be a single word or text, not a list or a mapping".into(),
            help: None,
        },
        LoadError::UnexpectedTag(m) => Error::Yaml {
            at: at(&m),
            message: "YAML tags (`!name`) are not accepted".into(),
            help: Some("remove the tag, or put the value in quotes".into()),
        },
        LoadError::UnexpectedAnchor(m) => alias_error(at(&m)),
        LoadError::TopLevelMustBeMapping(m) | LoadError::TopLevelMustBeSequence(m) => Error::Yaml {
            at: at(&m),
            message: "the file holds a single value, not a mapping or a list".into(),
            help: None,
        },
    }
}

/// A serde error on the tree: its place is the node the error is about
/// (marked-yaml follows serde's path to it), for an unknown field the key.
fn node_error(file: &Path, text: &str, e: marked_yaml::FromNodeError) -> Error {
    use marked_yaml::Error as E;
    let e = e.into_inner();
    let at = e
        .start_mark()
        .map_or_else(|| Loc::file(file), |m| Loc::at(file, m.line(), m.column()));
    let at = match at.line {
        0 => at,
        // A quoted value: its text.
        _ => {
            let mut span = Span::new_blank();
            span.set_start(e.start_mark());
            span_loc(file, text, &span)
        }
    };
    match e {
        E::UnknownFieldError(field, expected, _) => Error::UnknownField {
            at,
            field,
            expected: expected.iter().map(|s| s.to_string()).collect(),
        },
        E::NotBoolean(_) => Error::Yaml {
            at,
            message: "expected true or false".into(),
            help: None,
        },
        E::IntegerParseFailure(..) | E::FloatParseFailure(..) => Error::Yaml {
            at,
            message: "expected a number".into(),
            help: None,
        },
        E::Other(message, _) => Error::Yaml {
            at,
            message,
            help: None,
        },
    }
}

/// A scan error, with the fix for the common mistakes.
fn scan_error(file: &Path, text: &str, e: &ScanError) -> Error {
    let m = e.marker();
    let at = Loc::at(file, m.line(), m.col() + 1);
    let info = e.info();
    if let Some((at, message, help)) = syntax_hint(file, text, info, &at) {
        return Error::Yaml {
            at,
            message,
            help: Some(help),
        };
    }
    let message = match info {
        "recursion limit exceeded" => {
            format!("the file nests lists or mappings too deeply (over {MAX_DEPTH} levels)")
        }
        other => other.to_string(),
    };
    Error::Yaml {
        at,
        message,
        help: None,
    }
}

/// A located YAML mistake explained: where to point, the message, the fix.
type Hint = (Loc, String, String);

/// The common YAML mistakes, explained: an unquoted value containing
/// `: `, a tab in the indentation, a quote or bracket never closed. Gives
/// the place to point at, the message and the fix; `None` for any other
/// error. The parser says where it gave up; where an unclosed quote or
/// bracket began is found by a small scan of the lines up to there.
/// The checks go from the most specific to the least: a tab or an
/// unclosed quote also make the parser complain of `: ` or indentation.
fn syntax_hint(file: &Path, text: &str, info: &str, at: &Loc) -> Option<Hint> {
    tab_hint(file, text, info, at)
        .or_else(|| continued_quote_hint(text, info, at))
        .or_else(|| unclosed(file, text, at))
        .or_else(|| colon_hint(text, info, at))
}

/// Line `l` (1-based) of `text`, or "" when there is none.
fn line_of(text: &str, l: usize) -> &str {
    l.checked_sub(1)
        .and_then(|i| text.lines().nth(i))
        .unwrap_or("")
}

/// A tab in the indentation of the error's line or a neighbour, when the
/// parser's complaint is one a tab causes.
fn tab_hint(file: &Path, text: &str, info: &str, at: &Loc) -> Option<Hint> {
    let tab_in_indent = |l: usize| {
        line_of(text, l)
            .chars()
            .take_while(|c| c.is_whitespace())
            .any(|c| c == '\t')
    };
    let l = (at.line.saturating_sub(1).max(1)..=at.line + 1).find(|&l| tab_in_indent(l))?;
    let caused_by_tab = info.contains("tab")
        || info.contains("cannot start any token")
        || info.contains("indent")
        || info.contains("mapping values")
        || info.contains("simple key");
    caused_by_tab.then(|| {
        (
            Loc::at(file, l, 1),
            "a tab in the indentation".into(),
            "YAML indents with spaces only: replace the tab at the start of this line with spaces (two per level)".into(),
        )
    })
}

/// A quoted value going on at the margin (rather than a quote never
/// closed, which [`unclosed`] explains).
fn continued_quote_hint(text: &str, info: &str, at: &Loc) -> Option<Hint> {
    (info == "invalid indentation in quoted scalar" && !next_line_is_key(text, at.line)).then(
        || {
            (
                at.clone(),
                "a quoted value goes on over a line indented less than its key".into(),
                "indent every line of the value more than its key, or write it as a block: `description: |` and its lines indented below".into(),
            )
        },
    )
}

/// Whether the first non-blank line after line `after` reads as a key
/// (`date: …`) or a list item: then a quote open before it was never
/// closed and ran into it, rather than going on at the margin.
fn next_line_is_key(text: &str, after: usize) -> bool {
    text.lines()
        .skip(after)
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| {
            let key: String = l
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            l.starts_with("- ")
                || (!key.is_empty()
                    && l[key.len()..].starts_with(':')
                    && l[key.len() + 1..]
                        .chars()
                        .next()
                        .is_none_or(char::is_whitespace))
        })
}

/// "mapping values are not allowed": a value holding `: ` unquoted, or a
/// key indented too far.
fn colon_hint(text: &str, info: &str, at: &Loc) -> Option<Hint> {
    if !info.contains("mapping values are not allowed") {
        return None;
    }
    let line = line_of(text, at.line);
    // The first `:` of the line is a key's: then the key itself is out
    // of place; a later one is inside a value.
    let first_colon = line.find(':').map(|i| line[..i].chars().count() + 1);
    Some(match line.split_once(": ") {
        Some((key, value)) if first_colon != Some(at.column) => (
            at.clone(),
            "a value containing `: ` must be in quotes".into(),
            format!(
                "write `{}: \"{}\"`",
                key.trim(),
                value.trim().replace('"', "\\\"")
            ),
        ),
        _ => (
            at.clone(),
            "a key indented more than the keys above it".into(),
            "line this key up with the others at its level (each level is indented by two spaces more than its parent), or put the whole value in quotes".into(),
        ),
    })
}

/// A quote or a `[`/`{` opened at or before `at` and never closed: where it
/// was opened. Scans the text up to the error's line as YAML's flow and
/// quote syntax reads (comments skipped, `''` and `\"` inside quotes).
fn unclosed(file: &Path, text: &str, at: &Loc) -> Option<Hint> {
    // (char, line, column) of each bracket still open, and of an open quote.
    let mut open: Vec<(char, usize, usize)> = Vec::new();
    let mut quote: Option<(char, usize, usize)> = None;
    for (n, line) in text.lines().enumerate().take(at.line.max(1)) {
        let n = n + 1;
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        // A quote or bracket starts a token only after a space, an
        // indicator or the line's start.
        let token_start = |i: usize| {
            i == 0 || matches!(chars[i - 1], ' ' | '\t' | '[' | '{' | ',' | ':' | '-' | '?')
        };
        while i < chars.len() {
            let c = chars[i];
            if let Some((q, _, _)) = quote {
                if q == '"' && c == '\\' {
                    i += 2;
                    continue;
                }
                if c == q {
                    if q == '\'' && chars.get(i + 1) == Some(&'\'') {
                        i += 2;
                        continue;
                    }
                    quote = None;
                }
                i += 1;
                continue;
            }
            match c {
                '#' if i == 0 || chars[i - 1] == ' ' || chars[i - 1] == '\t' => break,
                '"' | '\'' if token_start(i) => quote = Some((c, n, i + 1)),
                '[' | '{' if token_start(i) || !open.is_empty() => open.push((c, n, i + 1)),
                ']' | '}' if !open.is_empty() => {
                    open.pop();
                }
                _ => {}
            }
            i += 1;
        }
        // A quoted scalar may run over lines; a bracket too, but a
        // bracket still open at a line holding a new key at the left
        // margin (where the parser stopped) was never closed.
    }
    if let Some((q, l, c)) = quote {
        return Some((
            Loc::at(file, l, c),
            format!("the quote `{q}` opened here is never closed"),
            format!("end the value with `{q}` on the same line, e.g. `title: {q}Port strike{q}`"),
        ));
    }
    let (b, l, c) = open.first().copied()?;
    let close = if b == '[' { ']' } else { '}' };
    Some((
        Loc::at(file, l, c),
        format!("the `{b}` opened here is never closed"),
        format!(
            "close it with `{close}` on the same line, e.g. `tags: [lavrov, mali]`, `source: {{ name: AFP }}`"
        ),
    ))
}

// --------------------------------------------------------- the text ----

/// A file's text and where each of its lines starts, so that reading line
/// `n` costs that line, not the whole file before it.
#[derive(Debug, Default)]
pub struct Doc {
    text: String,
    /// Byte offset of each line's start.
    starts: Vec<usize>,
}

impl Doc {
    pub fn new(text: String) -> Doc {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        // As `str::lines`: no empty last line after a final newline.
        if starts.last() == Some(&text.len()) {
            starts.pop();
        }
        Doc { text, starts }
    }

    /// The lines `range` (1-based, end excluded) with their numbers, as
    /// `str::lines` gives them (no line ending).
    pub fn lines_in(&self, range: Range<usize>) -> impl Iterator<Item = (usize, &str)> {
        let end = range.end.min(self.starts.len() + 1);
        (range.start.max(1)..end.max(range.start.max(1))).map(move |n| {
            let from = self.starts[n - 1];
            let to = self.starts.get(n).copied().unwrap_or(self.text.len());
            let line = &self.text[from..to];
            let line = match line.strip_suffix('\n') {
                Some(l) => l.strip_suffix('\r').unwrap_or(l),
                None => line,
            };
            (n, line)
        })
    }
}

impl std::ops::Deref for Doc {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

#[cfg(test)]
mod tests;
