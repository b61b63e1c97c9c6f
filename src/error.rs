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
    Yaml {
        at: Loc,
        message: String,
        /// The fix for a common mistake (unquoted `: `, a tab, an
        /// unclosed quote or bracket).
        help: Option<String>,
    },

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
    MissingSeed {
        at: Loc,
        seed: PathBuf,
        /// The closest file name in seeds/, if one is close.
        suggestion: Option<String>,
    },

    #[error("seed has no text left after cleaning")]
    EmptySeed { at: Loc },

    #[error("claim `{claim}`: quote not found in article `{article}`: “{quote}”")]
    QuoteNotFound {
        at: Loc,
        claim: String,
        article: String,
        quote: String,
    },

    /// A `quotes:` correction whose `starts` begins no quote of its
    /// article, or several.
    #[error("quote correction `{starts}` matches {count} quotes of article `{article}`")]
    QuoteFixMatch {
        at: Loc,
        article: String,
        starts: String,
        count: usize,
    },

    /// `dossier init` into a folder that has `content/dossier.yaml`.
    #[error("{} already holds a dossier", dir.display())]
    AlreadyADossier { at: Loc, dir: PathBuf },

    /// `dossier init` would write a file where one exists (`path`, as
    /// given, also `at`'s file).
    #[error("{} exists already", path.display())]
    InitWouldOverwrite { at: Loc, path: PathBuf },

    /// `dossier add` of a file whose text is already a seed, `seed`
    /// (relative to the dossier), of article `id`.
    #[error("{} was added already, as {}", at.file.display(), seed.display())]
    AlreadyAdded { at: Loc, seed: PathBuf, id: String },

    /// A file or link in `static/` that cannot be copied into the site.
    #[error("{}", problem.message())]
    BadStatic { at: Loc, problem: StaticProblem },

    /// `--root` (or the current folder) has no `content/dossier.yaml`.
    #[error("{} is not a dossier folder: content/dossier.yaml is missing", root.display())]
    NotADossier { at: Loc, root: PathBuf },

    /// `max_file_mb: 0`.
    #[error("`max_file_mb` must be at least 1")]
    ZeroFileLimit { at: Loc, default_mb: u64 },

    #[error("unsupported language `{code}`")]
    UnknownLanguage { at: Loc, code: String },

    /// A kind's key or path (`what`) that is not a slug.
    #[error("{what} `{value}` is not a slug")]
    BadSlug {
        at: Loc,
        what: &'static str,
        value: String,
    },

    /// A kind path the site's own pages use.
    #[error("kind path `{path}` is used by the site itself")]
    ReservedPath {
        at: Loc,
        path: String,
        reserved: Vec<String>,
    },

    #[error("unknown role `{role}`")]
    UnknownRole { at: Loc, role: String },

    /// A boilerplate rule with none or several of contains/prefix/pattern.
    #[error("a boilerplate rule takes exactly one of `contains`, `prefix`, `pattern`")]
    BoilerplateShape { at: Loc },

    #[error("invalid pattern: {message}")]
    BadPattern { at: Loc, message: String },

    /// A name or alias of two entities of one kind.
    #[error("`{name}` names both `{first}` and `{second}`")]
    SharedName {
        at: Loc,
        name: String,
        first: String,
        second: String,
    },

    /// An article without `title`, `date`, `source` or `seed`.
    #[error("article has no `{key}`")]
    MissingKey { at: Loc, key: &'static str },

    #[error("seed path `{seed}` leaves the seeds/ folder")]
    SeedOutside { at: Loc, seed: String },

    #[error("page has no front matter")]
    NoFrontMatter { at: Loc },

    #[error("template `{name}`: {message}")]
    Template { name: String, message: String },

    #[error("broken link in {page}: `{target}`")]
    BrokenLink { page: String, target: String },

    #[error("cannot write {}: {message}", path.display())]
    Write { path: PathBuf, message: String },

    #[error("another dossier build or serve is writing to {} right now", output.display())]
    Busy { output: PathBuf },

    /// A file the dossier lists that cannot be used as one: a link leading
    /// outside the dossier, a pipe or device, a folder, an unreadable file
    /// or folder, a file over the size limit.
    #[error("{message}")]
    BadFile {
        at: Loc,
        message: String,
        help: String,
    },
    #[error("search index: {message}")]
    Search { message: String },

    #[error("{message}")]
    Serve { message: String },
}

/// What is wrong with an entry of `static/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaticProblem {
    /// A link to something outside the dossier folder.
    OutsideDossier,
    /// A link into the output folder: the old site would be published
    /// inside the new one.
    IntoOutput,
    /// A pipe, socket or device.
    NotAFile,
    /// A file at the path of a generated page (or in a folder the build
    /// fills, `pagefind/`).
    OverGenerated,
}

impl StaticProblem {
    fn message(self) -> &'static str {
        match self {
            StaticProblem::OutsideDossier => "this link points outside the dossier folder",
            StaticProblem::IntoOutput => {
                "this link points into the output folder: the previous site would be published inside the new one"
            }
            StaticProblem::NotAFile => "not a regular file or folder (a pipe, socket or device)",
            StaticProblem::OverGenerated => "this static file would replace a generated page",
        }
    }

    fn help(self) -> &'static str {
        match self {
            StaticProblem::OutsideDossier => "copy the file into static/ instead of linking to it",
            StaticProblem::IntoOutput => "remove the link",
            StaticProblem::NotAFile => "put only ordinary files and folders in static/",
            StaticProblem::OverGenerated => "rename or move the file",
        }
    }
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
            | QuoteFixMatch { at, .. }
            | AlreadyADossier { at, .. }
            | InitWouldOverwrite { at, .. }
            | AlreadyAdded { at, .. }
            | BadStatic { at, .. }
            | NotADossier { at, .. }
            | ZeroFileLimit { at, .. }
            | UnknownLanguage { at, .. }
            | BadSlug { at, .. }
            | ReservedPath { at, .. }
            | UnknownRole { at, .. }
            | BoilerplateShape { at }
            | BadPattern { at, .. }
            | SharedName { at, .. }
            | MissingKey { at, .. }
            | SeedOutside { at, .. }
            | NoFrontMatter { at }
            | BadFile { at, .. } => Some(at),
            Io { .. }
            | Template { .. }
            | BrokenLink { .. }
            | Write { .. }
            | Busy { .. }
            | Search { .. }
            | Serve { .. } => None,
        }
    }

    /// What the editor can do about it, when we know. Each variant's help
    /// is in the group of its stage; a variant is in one group only, so the
    /// first group that answers is the answer.
    pub fn help(&self) -> Option<String> {
        self.input_help()
            .or_else(|| self.settings_help())
            .or_else(|| self.content_help())
            .or_else(|| self.output_help())
            .or_else(|| self.command_help())
    }

    /// Reading files and YAML, and the values every file shares: ids,
    /// references, dates, URLs.
    fn input_help(&self) -> Option<String> {
        use Error::*;
        match self {
            Yaml { help, .. } => help.clone(),
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
            BadDate { value, .. } => Some(date_help(value)),
            BadUrl { .. } => Some(
                "only http:// and https:// links are published, with a valid host and port (a base_url may also be a path starting with /)"
                    .into(),
            ),
            NotUtf8 { .. } => {
                Some("re-save the file as UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8`)".into())
            }
            BadFile { help, .. } => Some(help.clone()),
            _ => None,
        }
    }

    /// dossier.yaml's settings: kinds, rules, language, limits.
    fn settings_help(&self) -> Option<String> {
        use Error::*;
        match self {
            ZeroFileLimit { default_mb, .. } => Some(format!(
                "leave it out for the default of {default_mb} MB"
            )),
            UnknownLanguage { .. } => {
                Some("`language: en` or `language: fr` (en when left out)".into())
            }
            BadSlug { .. } => Some("use lower-case ASCII letters, digits and `-`, e.g. `people: { path: people, label: People, singular: Person }`".into()),
            ReservedPath { reserved, .. } => Some(format!(
                "pick another path; reserved: {}",
                reserved.join(", ")
            )),
            UnknownRole { .. } => Some(
                "`role: person`, `role: organization` or `role: other` (the default)".into(),
            ),
            BoilerplateShape { .. } => Some("write one rule per list item: `- { contains: \"©\" }`, `- { prefix: \"By \" }`, `- { pattern: '^Updated .*' }`".into()),
            BadPattern { .. } => Some("patterns are Rust regular expressions".into()),
            SharedName { .. } => Some(
                "an alias must belong to one entity of a kind; remove it from one of them".into(),
            ),
            _ => None,
        }
    }

    /// Articles, their seeds and quotes, claims, pages.
    fn content_help(&self) -> Option<String> {
        use Error::*;
        match self {
            MissingSeed {
                suggestion: Some(s),
                ..
            } => Some(format!("did you mean `{s}`?")),
            MissingSeed { .. } => Some(
                "the `seed:` path is relative to the seeds/ folder, e.g. `seed: 2024-03-14-port-strike.txt` for seeds/2024-03-14-port-strike.txt"
                    .into(),
            ),
            EmptySeed { .. } => {
                Some("the file is empty, or every line is dropped by a boilerplate rule".into())
            }
            QuoteNotFound { .. } => Some(
                "copy the quote from the article text exactly (apostrophes and accents included)"
                    .into(),
            ),
            QuoteFixMatch { count: 0, .. } => Some(
                "`starts` is the beginning of a quote as it stands in the seed, inside its quotation marks (`dossier check --quotes` lists them)"
                    .into(),
            ),
            QuoteFixMatch { .. } => {
                Some("write more of the quote's first words, so that one quote begins with them".into())
            }
            MissingKey { key, .. } => Some(missing_key_help(key)),
            SeedOutside { .. } => Some(
                "name a file inside seeds/, e.g. `seed: 2024-03-14-port-strike.txt`".into(),
            ),
            NoFrontMatter { .. } => Some("start the file with `---`, `title: …`, `---`".into()),
            _ => None,
        }
    }

    /// Templates, links, static files, the output folder.
    fn output_help(&self) -> Option<String> {
        use Error::*;
        match self {
            Template { name, .. } => Some(format!(
                "check templates/{name} and the templates it extends or includes; deleting an override brings the built-in template back"
            )),
            BrokenLink { .. } => {
                Some("a template or Markdown link points at a page that is not generated".into())
            }
            BadStatic { problem, .. } => Some(problem.help().into()),
            Busy { .. } => {
                Some("wait for it to finish and build again, or write to another --output".into())
            }
            _ => None,
        }
    }

    /// The commands around a build: finding the dossier, `init`, `add`.
    fn command_help(&self) -> Option<String> {
        use Error::*;
        match self {
            NotADossier { .. } => Some(
                "run dossier in the dossier's folder or pass --root DIR; `dossier init DIR` starts a new dossier, with a dossier.yaml that needs only `title: \"My dossier\"`"
                    .into(),
            ),
            AlreadyADossier { .. } => Some(
                "`dossier init` never overwrites: pick a new folder, e.g. `dossier init my-dossier`"
                    .into(),
            ),
            InitWouldOverwrite { .. } => {
                Some("`dossier init` never overwrites: move it away, or pick a new folder".into())
            }
            AlreadyAdded { id, .. } => Some(format!(
                "its article file is content/articles/{id}.yaml (or the seed's front matter)"
            )),
            _ => None,
        }
    }

    /// The human form: message, location, the offending line with a caret
    /// and the help, in the style of rustc. `root` is where relative
    /// locations are read from to quote the line.
    pub fn render(&self, root: &Path) -> String {
        let mut files = Files::default();
        self.render_with(root, &mut files, true)
    }

    /// [`Error::render`], reading each file once through `files`, and
    /// quoting the line only when `quote` is true. The snippet (location,
    /// line, caret, help) is laid out by codespan-reporting, in ASCII.
    fn render_with(&self, root: &Path, files: &mut Files, quote: bool) -> String {
        use codespan_reporting::diagnostic::{Diagnostic, Label};
        use codespan_reporting::term::{self, Chars, Config};
        let mut diagnostic = Diagnostic::error().with_message(self.to_string());
        if let Some(help) = self.help() {
            diagnostic = diagnostic.with_notes(vec![format!("help: {help}")]);
        }
        let config = Config {
            chars: Chars::ascii(),
            ..Config::default()
        };
        let at = self.location();
        let line = at
            .filter(|at| at.line > 0 && quote)
            .and_then(|at| Some((at, files.line(&root.join(&at.file), at.line)?)));
        let rendered = match line {
            Some((at, line)) => {
                let (shown, caret) = window(&line, at.column.max(1));
                let start = shown
                    .char_indices()
                    .nth(caret)
                    .map_or(shown.len(), |(i, _)| i);
                let end = shown[start..]
                    .chars()
                    .next()
                    .map_or(start, |c| start + c.len_utf8());
                let file = OneLine {
                    at: at.clone(),
                    name: at.file.display().to_string(),
                    source: shown,
                };
                let diagnostic = diagnostic
                    .clone()
                    .with_labels(vec![Label::primary((), start..end)]);
                term::emit_into_string(&config, &file, &diagnostic).ok()
            }
            None => None,
        };
        let text = rendered.unwrap_or_else(|| {
            // No line to quote: the message, the place, the help.
            let text = term::emit_into_string(&config, &NoFile, &diagnostic).unwrap_or_default();
            match (at, text.split_once('\n')) {
                (Some(at), Some((head, rest))) => format!("{head}\n  --> {at}\n{rest}"),
                _ => text,
            }
        });
        format!("{}\n", text.trim_end())
    }

    /// A short name for the kind of error, to count them.
    fn kind(&self) -> String {
        match self {
            Error::UnknownRef { what, .. } => format!("unknown {what}"),
            Error::Duplicate { what, .. } => format!("duplicate {what}"),
            other => {
                let d = format!("{other:?}");
                d.split([' ', '{', '(']).next().unwrap_or("").to_string()
            }
        }
    }
}

/// The help for a `BadDate`: a value shaped like a date but naming no day
/// (`2024-02-30`) is told so, rather than shown the format it already has.
fn date_help(value: &str) -> String {
    let shape: String = value
        .trim()
        .chars()
        .map(|c| if c.is_ascii_digit() { 'N' } else { c })
        .collect();
    if ["NNNN-NN-NN", "NNNN-NN"].contains(&shape.as_str()) {
        format!(
            "`{}` has the right form, but that month or day does not exist (months 01–12, days up to the month's last)",
            value.trim()
        )
    } else {
        "write dates as YYYY-MM-DD (`date: 2024-03-14`), or YYYY-MM or YYYY when the day is unknown"
            .into()
    }
}

/// The help for an article without `key`: an example of the line to add.
fn missing_key_help(key: &str) -> String {
    match key {
        "title" => "add `title: \"Port strike spreads to three cities\"` (in quotes when it holds `: `)".into(),
        "date" => "add `date: 2024-03-14`, the publication date as YYYY-MM-DD (YYYY-MM or YYYY when the day is unknown)".into(),
        "source" => "add `source: { name: Reuters }`, or with a link `source: { name: Reuters, url: \"https://…\" }`".into(),
        "seed" => "add `seed: 2024-03-14-port-strike.txt`, the article's text file in seeds/ (`dossier add FILE` writes both)".into(),
        key => format!("add `{key}:`"),
    }
}

/// Renders errors for a terminal: each located line is quoted once (later
/// errors on the same line only give the place), cut to a window around
/// the column; at most `max_per_kind` errors of one kind are shown, then a
/// count of the rest.
pub fn render_all(errors: &[Error], root: &Path, max_per_kind: usize) -> String {
    let mut files = Files::default();
    let mut quoted = std::collections::HashSet::new();
    let mut shown: std::collections::BTreeMap<String, usize> = Default::default();
    let mut hidden: std::collections::BTreeMap<String, usize> = Default::default();
    let mut out = String::new();
    for e in errors {
        let kind = e.kind();
        let n = shown.entry(kind.clone()).or_default();
        if *n >= max_per_kind {
            *hidden.entry(kind).or_default() += 1;
            continue;
        }
        *n += 1;
        let quote = e
            .location()
            .is_none_or(|at| quoted.insert((at.file.clone(), at.line)));
        out.push_str(&e.render_with(root, &mut files, quote));
        out.push('\n');
    }
    for (kind, k) in hidden {
        let _ = writeln!(
            out,
            "… and {k} more `{kind}` error{} (--max-errors N shows more)",
            if k == 1 { "" } else { "s" }
        );
    }
    out
}

/// The longest stretch of a source line quoted under an error, in chars.
const WINDOW: usize = 160;

/// `line` cut to at most [`WINDOW`] chars around `col` (1-based, in chars),
/// with `…` where it was cut; and the caret's offset in the result.
fn window(line: &str, col: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let col = (col - 1).min(chars.len());
    let (start, end) = if chars.len() <= WINDOW {
        (0, chars.len())
    } else {
        let start = col.saturating_sub(WINDOW / 2).min(chars.len() - WINDOW);
        (start, start + WINDOW)
    };
    // Control characters would garble the terminal: shown as `?`.
    let clean = |c: &char| {
        if *c == '\t' {
            "    ".to_string()
        } else if c.is_control() {
            "?".to_string()
        } else {
            c.to_string()
        }
    };
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    let caret_at = usize::from(start > 0)
        + chars[start..col]
            .iter()
            .map(|&c| char_width(c))
            .sum::<usize>();
    shown.extend(chars[start..end].iter().map(clean));
    if end < chars.len() {
        shown.push('…');
    }
    (shown, caret_at)
}

fn char_width(c: char) -> usize {
    if c == '\t' { 4 } else { 1 }
}

/// The one line an error quotes, as codespan-reporting's file: its real
/// line and column are given as they are, the line's text as shown
/// (cut to a window, tabs and control characters replaced).
struct OneLine {
    at: Loc,
    name: String,
    source: String,
}

impl<'a> codespan_reporting::files::Files<'a> for OneLine {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, _: ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.name)
    }

    fn source(&'a self, _: ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.source)
    }

    fn line_index(&'a self, _: (), _: usize) -> Result<usize, codespan_reporting::files::Error> {
        Ok(0)
    }

    fn line_number(&'a self, _: (), _: usize) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.at.line)
    }

    fn column_number(
        &'a self,
        _: (),
        _: usize,
        _: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.at.column.max(1))
    }

    fn line_range(
        &'a self,
        _: (),
        _: usize,
    ) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        Ok(0..self.source.len())
    }
}

/// No file: for a diagnostic without a label.
struct NoFile;

impl<'a> codespan_reporting::files::Files<'a> for NoFile {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, _: ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Err(codespan_reporting::files::Error::FileMissing)
    }

    fn source(&'a self, _: ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Err(codespan_reporting::files::Error::FileMissing)
    }

    fn line_index(&'a self, _: (), _: usize) -> Result<usize, codespan_reporting::files::Error> {
        Err(codespan_reporting::files::Error::FileMissing)
    }

    fn line_range(
        &'a self,
        _: (),
        _: usize,
    ) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        Err(codespan_reporting::files::Error::FileMissing)
    }
}

/// Files read to quote lines, each once.
#[derive(Default)]
struct Files(std::collections::HashMap<PathBuf, Option<String>>);

impl Files {
    fn line(&mut self, path: &Path, line: usize) -> Option<String> {
        let text = self.0.entry(path.to_path_buf()).or_insert_with(|| {
            // Never a pipe or a huge file: only what loading accepted.
            let meta = std::fs::metadata(path).ok()?;
            if !meta.is_file() || meta.len() > 256 * 1024 * 1024 {
                return None;
            }
            let bytes = std::fs::read(path).ok()?;
            Some(String::from_utf8_lossy(&bytes).into_owned())
        });
        text.as_deref()?.lines().nth(line - 1).map(str::to_string)
    }
}

/// Something legal but suspicious; the build goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub at: Option<Loc>,
    pub message: String,
    /// `kind:subject` (`short-alias:union-africaine`): what `quiet:` in
    /// dossier.yaml lists to acknowledge this warning.
    pub code: String,
}

impl Warning {
    /// A warning of kind `kind` about `subject` (an id, a file).
    pub fn new(kind: &str, subject: &str, at: Option<Loc>, message: String) -> Warning {
        Warning {
            at,
            message,
            code: format!("{kind}:{subject}"),
        }
    }

    /// The part of [`Warning::code`] before the colon.
    pub fn kind(&self) -> &str {
        self.code.split(':').next().unwrap_or("")
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "warning: {}", self.message)?;
        if let Some(at) = &self.at {
            writeln!(f, "  --> {at}")?;
        }
        write!(
            f,
            "  = note: if this is intended, add `{}` to `quiet:` in content/dossier.yaml",
            self.code
        )
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

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("{}X{}", "a".repeat(5000), "b".repeat(5000));
        let (shown, caret) = window(&line, 5001);
        assert!(shown.chars().count() <= WINDOW + 2, "{}", shown.len());
        assert_eq!(shown.chars().nth(caret), Some('X'));
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        let (shown, caret) = window("short line", 7);
        assert_eq!((shown.as_str(), caret), ("short line", 6));
        let (shown, caret) = window(&line, 1);
        assert_eq!((shown.chars().next(), caret), (Some('a'), 0));
        assert!(shown.ends_with('…'));
    }
}
