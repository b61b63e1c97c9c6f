//! The one fixture builder of the integration tests: [`Dossier`] writes a
//! dossier into a temporary folder (removed when dropped) — the settings,
//! entity files, articles and their seeds, events, claims, pages,
//! templates and static files — and builds or checks it, in process or
//! through the real binary. Helpers to look at what a build produced
//! follow it.
//!
//! ```ignore
//! use crate::fixture::{self, Dossier};
//!
//! let d = Dossier::new();                       // builds cleanly, no warnings
//! d.replace("content/articles/talks.yaml", "tags: [lavrov", "tags: [lavrof");
//! let f = d.build_err();                        // a `dossier::Failure`
//! let e = fixture::the_error(&f, |e| matches!(e, Error::UnknownRef { .. }));
//!
//! let d = Dossier::empty();                     // or a dossier of one's own
//! d.settings("title: T\nlanguage: fr\n")
//!     .entities("people", "- id: diop\n  name: Abdoulaye Diop\n")
//!     .article("un", "seed: un.txt\ntitle: Un\ndate: 2025-04-02\nsource: { name: X }\n")
//!     .seed("un.txt", "Abdoulaye Diop a parlé.\n")
//!     .template("page.html", "...")
//!     .static_file("logo.svg", "<svg/>");
//! let out = d.site();                           // built, or a panic with the errors
//! ```
//!
//! The standard dossier ([`Dossier::new`]) is written with a fixed layout so
//! tests can assert line numbers; the files and their lines are listed in
//! the constants below (`DOSSIER_YAML`, `PEOPLE_YAML`, ...). It has:
//!
//! - kinds `people` (path `people`) and `countries` (path `countries`);
//! - entities `lavrov` (“Sergei Lavrov”, alias “Lavrov”), `diop`
//!   (“Abdoulaye Diop”, alias “Diop”), `russia` (“Russia”), `mali`
//!   (“Mali”), `cedeao` (“Cédéao”, an accented name);
//! - articles `talks` (seed `talks.txt`) and `visit` (seed `visit.txt`),
//!   each mentioning several entities;
//! - one event, one claim (`length`, quoting `visit`), one page (`about`);
//! - a boilerplate rule dropping lines equal to “Read more”.
//!
//! Every entity is mentioned, every article mentions an entity and no alias
//! is short, so the standard dossier builds with no warning at all. Tests
//! that need other content (the French matcher cases of `build`) write
//! their own with [`Dossier::empty`] and the builder methods.
//!
//! Every dossier is its own temporary folder and every build writes under
//! it (the bundled dossier is built into a temporary folder too, see
//! [`build_bundled`]), so tests share no path and run in parallel.

use dossier::error::Error;
use dossier::{BuildOptions, Failure, Report};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `content/dossier.yaml` of the standard dossier.
pub const DOSSIER_YAML: &str = "\
title: Test dossier
description: A small dossier written by the tests.
language: en
kinds:
  people: { path: people, label: People, singular: Person }
  countries: { path: countries, label: Countries, singular: Country }
boilerplate:
  - \"Read more\"
";

/// `content/entities/people.yaml`. Line 1 `- id: lavrov`, line 8 `- id: diop`.
pub const PEOPLE_YAML: &str = "\
- id: lavrov
  name: Sergei Lavrov
  aliases: [Lavrov]
  summary: Foreign minister of Russia.
  description: Hosts the talks with [[mali]].
  facts:
    Country: \"[[russia]]\"
- id: diop
  name: Abdoulaye Diop
  aliases: [Diop]
  summary: Foreign minister of Mali.
";

/// `content/entities/countries.yaml`.
pub const COUNTRIES_YAML: &str = "\
- id: russia
  name: Russia
- id: mali
  name: Mali
- id: cedeao
  name: Cédéao
";

/// `content/articles/talks.yaml`.
pub const TALKS_YAML: &str = "\
seed: talks.txt
title: Talks in Moscow
date: 2025-04-03
source:
  name: Example News
  url: https://example.org/talks
summary: \"[[lavrov]] receives [[diop]].\"
tags: [lavrov, mali]
";

/// `seeds/talks.txt`. The first line equals the title and is dropped; the
/// last is boilerplate.
pub const TALKS_TXT: &str = "\
Talks in Moscow

Sergei Lavrov received Abdoulaye Diop in Moscow on Thursday.

Russia will help Mali as much as it can, said Lavrov after the meeting.

The Cédéao was not invited to the talks.

Read more
";

/// `content/articles/visit.yaml`.
pub const VISIT_YAML: &str = "\
seed: visit.txt
title: Diop visits Russia
date: 2025-04-04
source:
  name: Other Wire
tags: [diop, russia]
quotes:
  - starts: \"We came\"
    speaker: diop
";

/// `seeds/visit.txt`.
pub const VISIT_TXT: &str = "\
Abdoulaye Diop arrived in Russia for a visit of two days.

Mali and Russia signed an agreement, Diop said.

“We came to listen,” he said.
";

/// `content/events.yaml`.
pub const EVENTS_YAML: &str = "\
- date: 2025-04-03
  title: Talks in Moscow
  description: \"[[lavrov]] meets [[diop]].\"
  entities: [lavrov, diop]
  sources: [talks]
";

/// `content/claims.yaml`. Line 4 is the statement's `article:`, line 6 its
/// `quote:`.
pub const CLAIMS_YAML: &str = "\
- id: length
  question: How long is the visit?
  statements:
    - article: visit
      says: Two days.
      quote: \"a visit of two days\"
";

/// `content/pages/about.md`.
pub const ABOUT_MD: &str = "\
---
title: About
order: 1
---
A dossier about [[mali]] and [[russia]].
";

/// A dossier in a temporary folder, removed when dropped.
pub struct Dossier {
    dir: tempfile::TempDir,
    /// The dossier root: `dir` itself, or a folder inside it (see
    /// [`Dossier::nested`]).
    root: PathBuf,
}

impl Default for Dossier {
    fn default() -> Self {
        Dossier::new()
    }
}

impl Dossier {
    /// The standard small dossier described in the module docs.
    pub fn new() -> Dossier {
        let d = Dossier::bare();
        d.entities("people", PEOPLE_YAML)
            .entities("countries", COUNTRIES_YAML)
            .article("talks", TALKS_YAML)
            .seed("talks.txt", TALKS_TXT)
            .article("visit", VISIT_YAML)
            .seed("visit.txt", VISIT_TXT)
            .events(EVENTS_YAML)
            .claims(CLAIMS_YAML)
            .page("about", ABOUT_MD);
        d
    }

    /// Only `content/dossier.yaml` (the standard one): add the rest with
    /// the builder methods.
    pub fn bare() -> Dossier {
        let d = Dossier::empty();
        d.settings(DOSSIER_YAML);
        d
    }

    /// An empty temporary folder: a dossier to write from scratch, or a
    /// folder that is not a dossier (yet).
    pub fn empty() -> Dossier {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().to_path_buf();
        Dossier { dir, root }
    }

    /// The standard dossier in `<tmp>/dossier/`, so that a test can watch
    /// `<tmp>` for files written outside the dossier (see [`Dossier::outer`]).
    pub fn nested() -> Dossier {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("dossier");
        std::fs::create_dir_all(&root).unwrap();
        let d = Dossier { dir, root };
        let std = Dossier::new();
        copy_tree(std.root(), &d.root);
        d
    }

    /// The dossier folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The temporary folder holding everything (the root itself unless
    /// [`Dossier::nested`]).
    pub fn outer(&self) -> &Path {
        self.dir.path()
    }

    /// `rel` under the dossier root.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// The default output folder, `<root>/public`.
    pub fn output(&self) -> PathBuf {
        self.root.join("public")
    }

    /// Writes a file (creating its folders), replacing any previous one.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, contents).unwrap_or_else(|e| panic!("write {}: {e}", p.display()));
        self
    }

    /// Appends text to a file (creating it if needed).
    pub fn append(&self, rel: &str, text: &str) -> &Self {
        let mut s = std::fs::read_to_string(self.path(rel)).unwrap_or_default();
        s.push_str(text);
        self.write(rel, s)
    }

    /// Replaces the first occurrence of `from` in a file; panics if it is
    /// not there, so a test never silently tests the unbroken dossier.
    pub fn replace(&self, rel: &str, from: &str, to: &str) -> &Self {
        let s = self.read(rel);
        assert!(s.contains(from), "`{from}` not in {rel}:\n{s}");
        self.write(rel, s.replacen(from, to, 1))
    }

    /// Deletes a file.
    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.path(rel)).unwrap_or_else(|e| panic!("remove {rel}: {e}"));
        self
    }

    /// A file's text.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Writes `content/dossier.yaml`, the settings.
    pub fn settings(&self, yaml: &str) -> &Self {
        self.write("content/dossier.yaml", yaml)
    }

    /// Writes `content/entities/<kind>.yaml`, the entities of a kind.
    pub fn entities(&self, kind: &str, yaml: &str) -> &Self {
        self.write(&format!("content/entities/{kind}.yaml"), yaml)
    }

    /// Writes `content/articles/<id>.yaml` (its seed is written apart, with
    /// [`Dossier::seed`]; [`Dossier::add_article`] writes both).
    pub fn article(&self, id: &str, yaml: &str) -> &Self {
        self.write(&format!("content/articles/{id}.yaml"), yaml)
    }

    /// Writes `seeds/<name>` (a `.txt`, `.md` or `.html` seed).
    pub fn seed(&self, name: &str, text: &str) -> &Self {
        self.write(&format!("seeds/{name}"), text)
    }

    /// Writes `content/events.yaml`.
    pub fn events(&self, yaml: &str) -> &Self {
        self.write("content/events.yaml", yaml)
    }

    /// Writes `content/claims.yaml`.
    pub fn claims(&self, yaml: &str) -> &Self {
        self.write("content/claims.yaml", yaml)
    }

    /// Writes `content/pages/<name>.md`.
    pub fn page(&self, name: &str, markdown: &str) -> &Self {
        self.write(&format!("content/pages/{name}.md"), markdown)
    }

    /// Writes `templates/<name>`, overriding the built-in template of that
    /// name.
    pub fn template(&self, name: &str, text: &str) -> &Self {
        self.write(&format!("templates/{name}"), text)
    }

    /// Writes `static/<rel>`, copied as is into the site.
    pub fn static_file(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        self.write(&format!("static/{rel}"), contents)
    }

    /// Appends an entity to `content/entities/<kind>.yaml`.
    pub fn add_entity(&self, kind: &str, id: &str, name: &str, aliases: &[&str]) -> &Self {
        let aliases: Vec<String> = aliases.iter().map(|a| yaml_str(a)).collect();
        self.append(
            &format!("content/entities/{kind}.yaml"),
            &format!(
                "- id: {id}\n  name: {}\n  aliases: [{}]\n",
                yaml_str(name),
                aliases.join(", ")
            ),
        )
    }

    /// Writes `content/articles/<id>.yaml` and its seed `seeds/<id>.txt`.
    pub fn add_article(
        &self,
        id: &str,
        title: &str,
        date: &str,
        tags: &[&str],
        text: &str,
    ) -> &Self {
        self.write(
            &format!("content/articles/{id}.yaml"),
            format!(
                "seed: {id}.txt\ntitle: {}\ndate: {date}\nsource:\n  name: Test Wire\ntags: [{}]\n",
                yaml_str(title),
                tags.join(", ")
            ),
        )
        .write(&format!("seeds/{id}.txt"), text)
    }

    pub fn opts(&self) -> BuildOptions {
        BuildOptions::new(&self.root)
    }

    pub fn build(&self) -> Result<Report, Failure> {
        dossier::build(&self.opts())
    }

    pub fn check(&self) -> Result<Report, Failure> {
        dossier::check(&self.opts())
    }

    /// Builds, panicking with the rendered errors if the build fails.
    pub fn build_ok(&self) -> Report {
        self.build()
            .unwrap_or_else(|f| panic!("build failed:\n{}", self.render(&f)))
    }

    /// Builds with `opts`, panicking with the rendered errors if it fails.
    pub fn build_ok_with(&self, opts: &BuildOptions) -> Report {
        dossier::build(opts).unwrap_or_else(|f| panic!("build failed:\n{}", self.render(&f)))
    }

    /// Builds (panicking with the rendered errors if the build fails) and
    /// returns the output folder.
    pub fn site(&self) -> PathBuf {
        self.build_ok();
        self.output()
    }

    /// Builds, panicking if the build succeeds.
    pub fn build_err(&self) -> Failure {
        match self.build() {
            Ok(r) => panic!("build succeeded (warnings: {:?})", r.warnings),
            Err(f) => f,
        }
    }

    /// The errors as the command line prints them.
    pub fn render(&self, f: &Failure) -> String {
        dossier::render_errors(&f.errors, &self.root)
    }

    /// Runs the real binary with `args`, in the dossier root.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(args)
            .current_dir(&self.root)
            .output()
            .expect("run dossier")
    }
}

/// The bundled dossier: `content/` and `seeds/` at the repository root.
/// Read only: build it with [`build_bundled`].
pub fn bundled_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the bundled dossier (with search) into `<tmp>/site`, never into
/// the repository; the site lives as long as the returned folder.
pub fn build_bundled() -> (tempfile::TempDir, PathBuf, Report) {
    let root = bundled_root();
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("site");
    let opts = BuildOptions {
        root: root.to_path_buf(),
        output: Some(site.clone()),
        base_url: None,
        search: true,
    };
    let report = dossier::build(&opts)
        .unwrap_or_else(|f| panic!("{}", dossier::render_errors(&f.errors, root)));
    (out, site, report)
}

/// A YAML double-quoted string.
pub fn yaml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// 1-based (line, column in chars) of the first `needle` in `text`.
pub fn position(text: &str, needle: &str) -> (usize, usize) {
    let i = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in:\n{text}"));
    let before = &text[..i];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |p| p + 1)..]
        .chars()
        .count()
        + 1;
    (line, col)
}

/// The one error matching `pred`; panics listing every error otherwise.
pub fn the_error(f: &Failure, pred: impl Fn(&Error) -> bool) -> &Error {
    let found: Vec<&Error> = f.errors.iter().filter(|e| pred(e)).collect();
    assert_eq!(
        found.len(),
        1,
        "expected exactly one matching error, got:\n{:#?}",
        f.errors
    );
    found[0]
}

/// Every file under `dir` (recursively) with its bytes, by relative path.
/// Two snapshots are equal when the trees are byte-for-byte the same.
/// The empty lock files builds leave beside their output
/// (`.<name>.dossier-lock`, by design) are left out.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        let lock = e.file_name().to_string_lossy().ends_with(".dossier-lock");
        if e.file_type().is_file() && !lock {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            out.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    out
}

/// Asserts two snapshots are identical, naming the first difference.
pub fn assert_same_tree(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>) {
    let ka: Vec<_> = a.keys().collect();
    let kb: Vec<_> = b.keys().collect();
    assert_eq!(ka, kb, "not the same files");
    for (p, bytes) in a {
        assert!(bytes == &b[p], "{} differs", p.display());
    }
}

/// Every `.html` file under `dir`, with its text.
pub fn html_files(dir: &Path) -> Vec<(PathBuf, String)> {
    snapshot(dir)
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|x| x == "html"))
        .map(|(p, b)| (p, String::from_utf8(b).expect("HTML is UTF-8")))
        .collect()
}

/// The folders an interrupted or failed build could leave beside `output`
/// (`.<name>.dossier-staging.<unique>`, `.<name>.dossier-old.<unique>`).
pub fn staging_leftovers(output: &Path) -> Vec<PathBuf> {
    let name = output.file_name().unwrap().to_string_lossy().into_owned();
    let parent = output.parent().unwrap();
    let prefixes = [
        format!(".{name}.dossier-staging"),
        format!(".{name}.dossier-old"),
    ];
    let mut out: Vec<PathBuf> = std::fs::read_dir(parent)
        .map(|d| {
            d.flatten()
                .filter(|e| {
                    let n = e.file_name().to_string_lossy().into_owned();
                    prefixes.iter().any(|p| n.starts_with(p.as_str()))
                })
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Copies a folder tree (files and folders only).
pub fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else if e.file_type().is_file() {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}
