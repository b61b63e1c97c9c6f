//! All YAML parsing goes through here, so that replacing serde_yaml (0.9 is
//! archived upstream) with an API-compatible fork such as serde_norway or
//! serde_yaml_ng is a one-line change in this file and Cargo.toml.
//!
//! serde_yaml already bounds alias expansion ("billion laughs") and nesting
//! depth, so a hostile file costs bounded time and memory and comes back as
//! an ordinary error.

use crate::error::{Error, Loc};
use serde::de::DeserializeOwned;
use std::ops::Range;
use std::path::Path;

/// Deserializes `text`, read from `file` (a path relative to the dossier
/// root, used in errors), turning serde_yaml's errors into located ones.
pub fn parse<T: DeserializeOwned>(file: &Path, text: &str) -> Result<T, Error> {
    parse_at(file, text, 0)
}

/// Like [`parse`] for YAML that starts at line `line_offset + 1` of `file`
/// (front matter), so reported lines are the file's own.
pub fn parse_at<T: DeserializeOwned>(
    file: &Path,
    text: &str,
    line_offset: usize,
) -> Result<T, Error> {
    let value = serde_yaml::from_str(text).map_err(|e| explain(file, text, &e, line_offset))?;
    no_duplicate_keys(file, text, line_offset)?;
    Ok(value)
}

/// A key given twice in one mapping is an error at the second one, in
/// every mapping: the structs refuse it, but maps read as lists of pairs
/// (`kinds:`) or as free maps (`facts:`) would keep both or the last.
fn no_duplicate_keys(file: &Path, text: &str, line_offset: usize) -> Result<(), Error> {
    let Err(e) = serde_yaml::from_str::<serde_yaml::Value>(text) else {
        return Ok(());
    };
    let full = e.to_string();
    let Some(key) = full
        .split_once("duplicate entry with key ")
        .map(|(_, k)| k.split(" at line ").next().unwrap_or(k))
    else {
        return Ok(());
    };
    let key = key.trim_matches('"').to_string();
    let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
    let first = Loc::at(file, line + line_offset, column);
    // The second key: the next line after the first that starts with the
    // key at the same column (block mappings); else the first one.
    let lines: Vec<&str> = text.lines().collect();
    let second = (line..lines.len()).find_map(|i| {
        let l = lines[i];
        let rest: String = l.chars().skip(column.saturating_sub(1)).collect();
        let head: String = l.chars().take(column.saturating_sub(1)).collect();
        let at_key = head.trim_start_matches([' ', '-']).is_empty()
            && [
                format!("{key}:"),
                format!("\"{key}\":"),
                format!("'{key}':"),
            ]
            .iter()
            .any(|k| rest.starts_with(k.as_str()));
        at_key.then(|| Loc::at(file, i + 1 + line_offset, column))
    });
    Err(Error::Duplicate {
        at: second.unwrap_or_else(|| first.clone()),
        what: "key",
        id: key,
        first,
    })
}

/// An error met inside an untagged enum (a fact's value, an alias) hides
/// what went wrong below it, such as an alias bomb or a syntax error: a
/// plain parse of the text tells, so that error is the one reported.
fn explain(file: &Path, text: &str, e: &serde_yaml::Error, line_offset: usize) -> Error {
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Err(base) => convert(file, text, &base, line_offset),
        Ok(_) => convert(file, text, e, line_offset),
    }
}

fn convert(file: &Path, text: &str, e: &serde_yaml::Error, line_offset: usize) -> Error {
    let (line, column) = e
        .location()
        .map(|l| (l.line() + line_offset, l.column()))
        .unwrap_or((0, 0));
    let at = Loc::at(file, line, column);
    let full = e.to_string();
    // serde_yaml appends " at line L column C"; we carry those as data.
    let message = match full.find(" at line ") {
        Some(i) => &full[..i],
        None => &full,
    };
    // Below the top, serde_yaml puts the path first (`.[1].facts: …`); the
    // location says where, the rest says what.
    let message = match message.find(": ") {
        Some(i) if message.starts_with(['.', '[']) => message[i + 2..].to_string(),
        _ => message.to_string(),
    };
    if let Some(rest) = message.strip_prefix("unknown field `") {
        if let Some(end) = rest.find('`') {
            let field = rest[..end].to_string();
            let expected = rest[end..]
                .split('`')
                .skip(2)
                .step_by(2)
                .map(str::to_string)
                .collect();
            return Error::UnknownField {
                at,
                field,
                expected,
            };
        }
    }
    if message.contains("recursion limit exceeded") && first_alias(text).is_none() {
        return Error::Yaml {
            at,
            message: format!(
                "{message}: the file nests lists or mappings too deeply (over 128 levels)"
            ),
            help: None,
        };
    }
    if message.contains("repetition limit exceeded") || message.contains("recursion limit exceeded")
    {
        // The expansion has no place of its own: point at the first alias.
        let at = match first_alias(text) {
            Some((l, c)) if at.line == 0 => Loc::at(file, l + line_offset, c),
            _ => at,
        };
        let message =
            format!("{message}: the file expands into too much data (nested YAML aliases?)");
        return Error::Yaml {
            at,
            message,
            help: None,
        };
    }
    if let Some((at, message, help)) = syntax_hint(file, text, &full, &at, line_offset) {
        return Error::Yaml {
            at,
            message,
            help: Some(help),
        };
    }
    // Untagged enums say only that nothing matched: say what would.
    let message = match message.strip_prefix("data did not match any variant of untagged enum ") {
        Some("FactValue") => "a fact's value must be one piece of text, a number or true/false".into(),
        Some("AliasFile") => "an alias is a name, or `{ name: …, fold: true, hidden: true }`".into(),
        Some("BoilerplateRule") => "a boilerplate rule is a line of text, or one of `{ contains: … }`, `{ prefix: … }`, `{ pattern: … }`".into(),
        _ => message,
    };
    Error::Yaml {
        at,
        message,
        help: None,
    }
}

/// The common YAML mistakes, explained: an unquoted value containing
/// `: `, a tab in the indentation, a quote or bracket never closed. Gives
/// the place to point at, the message and the fix; `None` for any other
/// error. `full` is serde_yaml's whole message, whose "while scanning …
/// at line L column C" part says where an unclosed thing began.
fn syntax_hint(
    file: &Path,
    text: &str,
    full: &str,
    at: &Loc,
    line_offset: usize,
) -> Option<(Loc, String, String)> {
    let line_text = |l: usize| -> &str {
        l.checked_sub(line_offset + 1)
            .and_then(|i| text.lines().nth(i))
            .unwrap_or("")
    };
    // "while scanning a quoted scalar at line 1 column 8"
    let began = |what: &str| -> Option<Loc> {
        let rest = full.split_once(what)?.1;
        let rest = rest.strip_prefix(" at line ")?;
        let (l, rest) = rest.split_once(" column ")?;
        let c: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some(Loc::at(
            file,
            l.parse::<usize>().ok()? + line_offset,
            c.parse().ok()?,
        ))
    };
    if full.starts_with("mapping values are not allowed") {
        let line = line_text(at.line);
        // The first `:` of the line is a key's: then the key itself is out
        // of place; a later one is inside a value.
        let first_colon = line.find(':').map(|i| line[..i].chars().count() + 1);
        return Some(match line.split_once(": ") {
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
        });
    }
    let tab_in_indent = |l: usize| {
        line_text(l)
            .chars()
            .take_while(|c| c.is_whitespace())
            .any(|c| c == '\t')
    };
    if (full.contains("tab character") || full.contains("cannot start any token"))
        && tab_in_indent(at.line)
    {
        return Some((
            Loc::at(file, at.line, 1),
            "a tab in the indentation".into(),
            "YAML indents with spaces only: replace the tab at the start of this line with spaces (two per level)".into(),
        ));
    }
    if let Some(open) = began("while scanning a quoted scalar") {
        let quote = line_text(open.line)
            .chars()
            .nth(open.column.saturating_sub(1))
            .filter(|c| *c == '"' || *c == '\'')
            .unwrap_or('"');
        return Some((
            open,
            format!("the quote `{quote}` opened here is never closed"),
            format!(
                "end the value with `{quote}` on the same line, e.g. `title: {quote}Port strike{quote}`"
            ),
        ));
    }
    for (what, open, close) in [
        ("while parsing a flow mapping", '{', '}'),
        ("while parsing a flow sequence", '[', ']'),
    ] {
        if let Some(start) = began(what) {
            return Some((
                start,
                format!("the `{open}` opened here is never closed"),
                format!(
                    "close it with `{close}` on the same line, e.g. `tags: [lavrov, mali]`, `source: {{ name: AFP }}`"
                ),
            ));
        }
    }
    // A quoted value left open runs on to the next quote mark, lines
    // below, where the parser finally stumbles: point at where it began.
    let first = line_offset + 1;
    for l in first..at.line.max(first) {
        let line = line_text(l);
        let body = line.trim_start().trim_start_matches("- ");
        let Some(value_at) = body.find(": ").map(|i| i + 2) else {
            continue;
        };
        let value = body[value_at..].trim_start();
        let Some(q) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let marks = if q == '"' {
            value
                .replace("\\\\", "")
                .replace("\\\"", "")
                .matches('"')
                .count()
        } else {
            value.matches('\'').count()
        };
        if marks % 2 == 1 {
            let col = line.chars().count() - value.chars().count() + 1;
            return Some((
                Loc::at(file, l, col),
                format!("the quote `{q}` opened here is never closed"),
                format!(
                    "end the value with `{q}` on the same line, e.g. `title: {q}Port strike{q}`"
                ),
            ));
        }
    }
    None
}

/// (line, column) of the first alias (`*name`) in a YAML text.
fn first_alias(text: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(n, line)| {
        let chars: Vec<char> = line.chars().collect();
        (0..chars.len()).find_map(|i| {
            let before_ok = i == 0 || matches!(chars[i - 1], ' ' | '[' | ',' | '{' | ':' | '-');
            let next_ok = chars
                .get(i + 1)
                .is_some_and(|c| c.is_alphanumeric() || *c == '_' || *c == '-');
            (chars[i] == '*' && before_ok && next_ok).then_some((n + 1, i + 1))
        })
    })
}

/// Where `needle` first stands in `text` as a whole token (not inside a
/// longer id), searching from line `from_line` (1-based). serde gives us no
/// spans for values, and a good guess at the line beats no line at all.
pub fn locate(file: &Path, text: &str, needle: &str, from_line: usize) -> Loc {
    locate_in(file, text, needle, from_line.max(1)..usize::MAX)
}

/// Like [`locate`], searching the lines `lines` (1-based, end excluded)
/// first, then the whole file.
pub fn locate_in(file: &Path, text: &str, needle: &str, lines: Range<usize>) -> Loc {
    find(text, needle, lines)
        .or_else(|| find(text, needle, 1..usize::MAX))
        .map_or_else(|| Loc::file(file), |(l, c)| Loc::at(file, l, c))
}

/// (line, column) of `needle` as a whole token within `lines`. An
/// occurrence that stands as a YAML value (`key: x`, `[a, x]`, `- x`) is
/// preferred over one inside running text, so that `article: visit` is
/// found rather than the word "visit" in a question above it.
pub fn find(text: &str, needle: &str, lines: Range<usize>) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    let is_id_char = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let mut fallback = None;
    let skip = lines.start.saturating_sub(1);
    let take = lines.end.saturating_sub(lines.start);
    for (n, line) in text.lines().enumerate().skip(skip).take(take) {
        let mut start = 0;
        while let Some(i) = line[start..].find(needle) {
            let s = start + i;
            let e = s + needle.len();
            let before_ok = line[..s].chars().next_back().is_none_or(|c| !is_id_char(c));
            let after_ok = line[e..].chars().next().is_none_or(|c| !is_id_char(c));
            if before_ok && after_ok {
                let at = (n + 1, line[..s].chars().count() + 1);
                if stands_as_value(&line[..s], &line[e..]) {
                    return Some(at);
                }
                fallback = fallback.or(Some(at));
            }
            start = e;
        }
    }
    fallback
}

/// Whether text between `before` and `after` on a line is a whole YAML
/// scalar: after a key, a list dash or a flow separator, and followed by the
/// end of the line, a comment or a flow separator.
fn stands_as_value(before: &str, after: &str) -> bool {
    let before = before.trim_end();
    let before = before
        .strip_suffix(['"', '\''])
        .unwrap_or(before)
        .trim_end();
    let after = after
        .strip_prefix(['"', '\''])
        .unwrap_or(after)
        .trim_start();
    let before_ok = before.is_empty()
        || (before.ends_with([':', '[', ',', '-', '{']) && !before.ends_with("[["));
    let after_ok = after.is_empty() || after.starts_with([',', ']', '}', '#']);
    before_ok && after_ok
}

/// The lines (1-based, end excluded) of each item of the block sequence a
/// file holds (`- id: …`), in order. Files written otherwise (flow style)
/// give no items; callers then search everywhere.
pub fn items(text: &str) -> Vec<Range<usize>> {
    items_in(text, 1..usize::MAX)
}

/// Like [`items`], for the first block sequence found within `lines`: the
/// lines starting with `- ` at the indentation of the first such line.
pub fn items_in(text: &str, lines: Range<usize>) -> Vec<Range<usize>> {
    let dash = |l: &str| -> Option<usize> {
        let body = l.trim_start_matches(' ');
        (body == "-" || body.starts_with("- ") || body.starts_with("-\t"))
            .then(|| l.len() - body.len())
    };
    let skip = lines.start.saturating_sub(1);
    let take = lines.end.saturating_sub(lines.start);
    let mut indent = None;
    let mut starts = Vec::new();
    for (n, l) in text.lines().enumerate().skip(skip).take(take) {
        if let Some(i) = dash(l) {
            if *indent.get_or_insert(i) == i {
                starts.push(n + 1);
            }
        }
    }
    starts
        .iter()
        .enumerate()
        .map(|(i, &s)| s..starts.get(i + 1).copied().unwrap_or(lines.end))
        .collect()
}

/// The lines of item `i` of a list of `len` items whose item lines are
/// `items` (see [`items`]); every line when the two do not agree.
pub fn item(items: &[Range<usize>], i: usize, len: usize) -> Range<usize> {
    match items.get(i) {
        Some(r) if items.len() == len => r.clone(),
        _ => 1..usize::MAX,
    }
}

/// The lines (1-based, end excluded) of top-level key `key` of a mapping
/// file and its value; every line when the key is not found.
pub fn key_lines(text: &str, key: &str) -> Range<usize> {
    let mut start = None;
    for (n, line) in text.lines().enumerate() {
        match start {
            None => {
                if line
                    .strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
                {
                    start = Some(n + 1);
                }
            }
            Some(s) => {
                let top_level = line
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_whitespace() && c != '-' && c != '#');
                if top_level {
                    return s..n + 1;
                }
            }
        }
    }
    start.map_or(1..usize::MAX, |s| s..usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
        date: Option<String>,
    }

    #[test]
    fn unknown_field_has_line_and_expected() {
        let e = parse::<T>(Path::new("a.yaml"), "title: x\ntitel: y\n").unwrap_err();
        match e {
            Error::UnknownField {
                at,
                field,
                expected,
            } => {
                assert_eq!(field, "titel");
                assert_eq!(at.line, 2);
                assert_eq!(expected, vec!["title", "date"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn malformed_yaml_has_line_and_column() {
        let e = parse::<T>(Path::new("a.yaml"), "title: [x\n\ndate: y\n").unwrap_err();
        let at = e.location().unwrap();
        assert!(at.line >= 1, "{e:?}");
    }

    #[test]
    fn alias_bomb_is_an_error() {
        let mut s = String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
        let mut prev = 'a';
        for c in 'b'..='k' {
            s.push_str(&format!(
                "{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            ));
            prev = c;
        }
        let e = parse::<serde_yaml::Value>(Path::new("b.yaml"), &s).unwrap_err();
        assert!(e.to_string().contains("too much data"), "{e}");
    }

    #[test]
    fn locate_prefers_values_to_running_text() {
        let text = "- id: length\n  question: How long is the visit?\n  statements:\n    - article: visit\n";
        let at = locate(Path::new("c"), text, "visit", 1);
        assert_eq!((at.line, at.column), (4, 16));
        let text = "  description: \"[[lavrov]] meets\"\n  entities: [diop, lavrov]\n";
        let at = locate(Path::new("e"), text, "lavrov", 1);
        assert_eq!((at.line, at.column), (2, 20));
        let at = locate(Path::new("e"), text, "[[lavrov", 1);
        assert_eq!((at.line, at.column), (1, 17));
    }

    #[test]
    fn items_and_keys() {
        let text = "# c\n- id: a\n  name: A\n\n- id: b\n";
        assert_eq!(items(text), vec![2..5, 5..usize::MAX]);
        assert_eq!(item(&items(text), 1, 2), 5..usize::MAX);
        assert_eq!(item(&items(text), 1, 3), 1..usize::MAX);
        let text = "seed: x\ntags:\n- a\n- b\nquotes:\n  - starts: x\n";
        assert_eq!(key_lines(text, "tags"), 2..5);
        assert_eq!(key_lines(text, "quotes"), 5..usize::MAX);
        assert_eq!(key_lines(text, "nope"), 1..usize::MAX);
        let text =
            "- id: c\n  statements:\n    - article: a\n      says: x\n    - article: b\n- id: d\n";
        let claims = items(text);
        assert_eq!(claims, vec![1..6, 6..usize::MAX]);
        assert_eq!(items_in(text, 2..6), vec![3..5, 5..6]);
    }

    #[test]
    fn common_syntax_mistakes_get_a_fix() {
        let cases: [(&str, (usize, usize), &str); 6] = [
            (
                "title: Port strike: day two\n",
                (1, 19),
                "write `title: \"Port strike: day two\"`",
            ),
            ("title: x\n\tlanguage: en\n", (2, 1), "spaces only"),
            (
                "title: \"Port strike\nlanguage: en\n",
                (1, 8),
                "end the value with `\"`",
            ),
            (
                "kinds:\n  people: { path: people, label: People\n",
                (2, 11),
                "close it with `}`",
            ),
            ("tags: [a, b\ndate: 2024\n", (1, 7), "close it with `]`"),
            (
                "title: x\nlanguage: en\n  base_url: /x/\n",
                (3, 11),
                "line this key up",
            ),
        ];
        for (text, (line, col), help) in cases {
            let e = parse::<serde_yaml::Value>(Path::new("d.yaml"), text).unwrap_err();
            let at = e.location().unwrap();
            assert_eq!((at.line, at.column), (line, col), "{text:?}: {e:?}");
            let h = e.help().unwrap_or_default();
            assert!(h.contains(help), "{text:?}: {h}");
        }
    }

    #[test]
    fn locate_finds_whole_tokens() {
        let text = "tags: [lavrov-x, lavrov]\n";
        let at = locate(Path::new("a"), text, "lavrov", 1);
        assert_eq!((at.line, at.column), (1, 18));
    }
}
