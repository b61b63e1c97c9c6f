//! Every way a build can fail, as data. Stages return these; only the CLI
//! edge turns them into text for humans (see [`Error::render`]), so tests can
//! match on the variant and the location instead of on wording.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A place in a file of the dossier. `line` and `column` are 1-based; 0 means
/// the problem concerns the file as a whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loc {
    /// Relative to the dossier root when it lies inside it.
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl Loc {
    pub fn file(file: impl Into<PathBuf>) -> Loc {
        Loc {
            file: file.into(),
            line: 0,
            column: 0,
        }
    }

    pub fn at(file: impl Into<PathBuf>, line: usize, column: usize) -> Loc {
        Loc {
            file: file.into(),
            line,
            column,
        }
    }
}

impl std::fmt::Display for Loc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column.max(1))?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum Error {
    #[error("cannot read {}: {message}", path.display())]
    Io { path: PathBuf, message: String },

    #[error("{message}")]
    Yaml { at: Loc, message: String },

    #[error("unknown field `{field}`")]
    UnknownField {
        at: Loc,
        field: String,
        expected: Vec<String>,
    },

    #[error("unknown {what} `{id}`")]
    UnknownRef {
        at: Loc,
        what: &'static str,
        id: String,
        suggestion: Option<String>,
    },

    #[error("duplicate {what} `{id}`")]
    Duplicate {
        at: Loc,
        what: &'static str,
        id: String,
        first: Loc,
    },

    #[error("`{value}` is not a valid id")]
    BadId { at: Loc, value: String },

    #[error("`{value}` is not a date")]
    BadDate { at: Loc, value: String },

    #[error("`{url}` is not a valid http or https URL")]
    BadUrl { at: Loc, url: String },

    #[error("{} is not valid UTF-8 (byte offset {offset})", at.file.display())]
    NotUtf8 { at: Loc, offset: usize },

    #[error("seed file not found: {}", seed.display())]
    MissingSeed { at: Loc, seed: PathBuf },

    #[error("seed has no text left after cleaning")]
    EmptySeed { at: Loc },

    #[error("claim `{claim}`: quote not found in article `{article}`: “{quote}”")]
    QuoteNotFound {
        at: Loc,
        claim: String,
        article: String,
        quote: String,
    },

    #[error("{message}")]
    Invalid {
        at: Loc,
        message: String,
        help: Option<String>,
    },

    #[error("template `{name}`: {message}")]
    Template { name: String, message: String },

    #[error("broken link in {page}: `{target}`")]
    BrokenLink { page: String, target: String },

    #[error("cannot write {}: {message}", path.display())]
    Write { path: PathBuf, message: String },

    #[error("search index: {message}")]
    Search { message: String },

    #[error("{message}")]
    Serve { message: String },
}

impl Error {
    pub fn location(&self) -> Option<&Loc> {
        use Error::*;
        match self {
            Yaml { at, .. }
            | UnknownField { at, .. }
            | UnknownRef { at, .. }
            | Duplicate { at, .. }
            | BadId { at, .. }
            | BadDate { at, .. }
            | BadUrl { at, .. }
            | NotUtf8 { at, .. }
            | MissingSeed { at, .. }
            | EmptySeed { at }
            | QuoteNotFound { at, .. }
            | Invalid { at, .. } => Some(at),
            Io { .. }
            | Template { .. }
            | BrokenLink { .. }
            | Write { .. }
            | Search { .. }
            | Serve { .. } => None,
        }
    }

    /// What the editor can do about it, when we know.
    pub fn help(&self) -> Option<String> {
        use Error::*;
        match self {
            UnknownField { expected, .. } if !expected.is_empty() => Some(format!(
                "the fields allowed here are: {}",
                expected.join(", ")
            )),
            UnknownRef {
                suggestion: Some(s),
                ..
            } => Some(format!("did you mean `{s}`?")),
            UnknownRef { what, .. } => Some(format!(
                "define this {what} first, or fix the spelling of the id"
            )),
            Duplicate { first, .. } => Some(format!("first defined at {first}")),
            BadId { .. } => Some(
                "ids are lower-case ASCII letters, digits and `-`, e.g. `serguei-lavrov`".into(),
            ),
            BadDate { .. } => Some("write dates as YYYY, YYYY-MM or YYYY-MM-DD".into()),
            BadUrl { .. } => Some(
                "only http:// and https:// links are published, with a valid host and port (a base_url may also be a path starting with /)"
                    .into(),
            ),
            NotUtf8 { .. } => {
                Some("re-save the file as UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8`)".into())
            }
            MissingSeed { .. } => Some("the `seed:` path is relative to the seeds/ folder".into()),
            EmptySeed { .. } => {
                Some("the file is empty, or every line is dropped by a boilerplate rule".into())
            }
            QuoteNotFound { .. } => Some(
                "copy the quote from the article text exactly (apostrophes and accents included)"
                    .into(),
            ),
            Template { name, .. } => Some(format!(
                "check templates/{name} and the templates it extends or includes; deleting an override brings the built-in template back"
            )),
            BrokenLink { .. } => {
                Some("a template or Markdown link points at a page that is not generated".into())
            }
            Invalid { help, .. } => help.clone(),
            _ => None,
        }
    }

    /// The human form: message, location, the offending line with a caret
    /// and the help, in the style of rustc. `root` is where relative
    /// locations are read from to quote the line.
    pub fn render(&self, root: &Path) -> String {
        let mut out = format!("error: {self}\n");
        if let Some(at) = self.location() {
            let _ = writeln!(out, "  --> {at}");
            if at.line > 0 {
                if let Some(line) = read_line(&root.join(&at.file), at.line) {
                    let num = at.line.to_string();
                    let pad = " ".repeat(num.len());
                    let col = at.column.max(1);
                    let caret_at: usize = line.chars().take(col - 1).map(char_width).sum();
                    let _ = writeln!(out, "{pad} |");
                    let _ = writeln!(out, "{num} | {line}");
                    let _ = writeln!(out, "{pad} | {}^", " ".repeat(caret_at));
                }
            }
        }
        if let Some(help) = self.help() {
            let _ = writeln!(out, "  = help: {help}");
        }
        out
    }
}

fn char_width(c: char) -> usize {
    if c == '\t' { 4 } else { 1 }
}

fn read_line(path: &Path, line: usize) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    text.lines().nth(line - 1).map(|l| l.replace('\t', "    "))
}

/// Something legal but suspicious; the build goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub at: Option<Loc>,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.at {
            Some(at) => write!(f, "warning: {} ({at})", self.message),
            None => write!(f, "warning: {}", self.message),
        }
    }
}

/// The closest known id, for "did you mean" hints: small edit distance only,
/// so a hint is never a wild guess.
pub fn suggest<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for k in known {
        let d = edit_distance(wanted, k);
        let limit = (wanted.chars().count() / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k.to_string())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_close_or_none() {
        let known = ["serguei-lavrov", "abdoulaye-diop", "mali"];
        assert_eq!(
            suggest("serguei-lavrof", known).as_deref(),
            Some("serguei-lavrov")
        );
        assert_eq!(suggest("mal", known).as_deref(), Some("mali"));
        assert_eq!(suggest("wagner", known), None);
    }
}
