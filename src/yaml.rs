//! All YAML parsing goes through here, so that replacing serde_yaml (0.9 is
//! archived upstream) with an API-compatible fork such as serde_norway or
//! serde_yaml_ng is a one-line change in this file and Cargo.toml.
//!
//! serde_yaml already bounds alias expansion ("billion laughs") and nesting
//! depth, so a hostile file costs bounded time and memory and comes back as
//! an ordinary error.

use crate::error::{Error, Loc};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Deserializes `text`, read from `file` (a path relative to the dossier
/// root, used in errors), turning serde_yaml's errors into located ones.
pub fn parse<T: DeserializeOwned>(file: &Path, text: &str) -> Result<T, Error> {
    // An empty document is `null`; give the caller a chance to accept it as
    // an empty list or map by retrying on an explicit empty value.
    serde_yaml::from_str(text).map_err(|e| convert(file, &e, 0))
}

/// Like [`parse`] for YAML that starts at line `line_offset + 1` of `file`
/// (front matter), so reported lines are the file's own.
pub fn parse_at<T: DeserializeOwned>(
    file: &Path,
    text: &str,
    line_offset: usize,
) -> Result<T, Error> {
    serde_yaml::from_str(text).map_err(|e| convert(file, &e, line_offset))
}

fn convert(file: &Path, e: &serde_yaml::Error, line_offset: usize) -> Error {
    let (line, column) = e
        .location()
        .map(|l| (l.line() + line_offset, l.column()))
        .unwrap_or((0, 0));
    let at = Loc::at(file, line, column);
    let full = e.to_string();
    // serde_yaml appends " at line L column C"; we carry those as data.
    let message = match full.find(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
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
    let message = if message.contains("repetition limit exceeded")
        || message.contains("recursion limit exceeded")
    {
        format!("{message}: the file expands into too much data (nested YAML aliases?)")
    } else {
        message
    };
    Error::Yaml { at, message }
}

/// Where `needle` first stands in `text` as a whole token (not inside a
/// longer id), searching from line `from_line` (1-based). serde gives us no
/// spans for values, and a good guess at the line beats no line at all.
pub fn locate(file: &Path, text: &str, needle: &str, from_line: usize) -> Loc {
    let is_id_char = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    for (n, line) in text.lines().enumerate().skip(from_line.saturating_sub(1)) {
        let mut start = 0;
        while let Some(i) = line[start..].find(needle) {
            let s = start + i;
            let e = s + needle.len();
            let before_ok = line[..s].chars().next_back().is_none_or(|c| !is_id_char(c));
            let after_ok = line[e..].chars().next().is_none_or(|c| !is_id_char(c));
            if before_ok && after_ok {
                return Loc::at(file, n + 1, line[..s].chars().count() + 1);
            }
            start = e;
        }
    }
    if from_line > 1 {
        return locate(file, text, needle, 1);
    }
    Loc::file(file)
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
    fn locate_finds_whole_tokens() {
        let text = "tags: [lavrov-x, lavrov]\n";
        let at = locate(Path::new("a"), text, "lavrov", 1);
        assert_eq!((at.line, at.column), (1, 18));
    }
}
