//! dossier: a static-site generator for investigative dossiers.
//!
//! One pipeline, one module per stage:
//! [`load`] (read and validate) → [`analyse`] (mentions, quotes, claims,
//! connections) → [`render`] (pages in memory) → [`write`] (link check,
//! staging folder, atomic swap). [`build`] runs them in order; each stage
//! only sees the outputs of the previous ones.

pub mod analyse;
pub mod error;
pub mod load;
pub mod model;
pub mod render;
pub mod search;
pub mod serve;
pub mod text;
pub mod write;
mod yaml;

use error::{Error, Warning};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What `dossier build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The dossier folder.
    pub root: PathBuf,
    /// Where the site goes; `<root>/public` by default.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from dossier.yaml.
    pub base_url: Option<String>,
    /// Build the search index (Pagefind) and the search page.
    pub search: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            search: true,
        }
    }

    pub fn output(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// A successful build.
#[derive(Debug)]
pub struct Report {
    pub warnings: Vec<Warning>,
    pub articles: usize,
    pub entities: usize,
    pub mentions: usize,
    pub quotes: usize,
    pub files: usize,
    pub bytes: u64,
    pub candidates: Vec<analyse::candidates::Candidate>,
    /// Time per stage: load, analyse, render, search, write.
    pub timings: [(&'static str, Duration); 5],
}

/// A failed build: every error found, and the warnings so far.
#[derive(Debug)]
pub struct Failure {
    pub errors: Vec<Error>,
    pub warnings: Vec<Warning>,
}

/// Runs the whole pipeline. On failure nothing in the output folder has
/// changed.
pub fn build(opts: &BuildOptions) -> Result<Report, Failure> {
    run(opts, true)
}

/// Everything `build` does except writing: the same errors and warnings,
/// nothing on disk touched.
pub fn check(opts: &BuildOptions) -> Result<Report, Failure> {
    run(opts, false)
}

fn run(opts: &BuildOptions, write_out: bool) -> Result<Report, Failure> {
    let fail = |errors, warnings| Failure { errors, warnings };
    let t0 = Instant::now();
    let loaded = load::load_partial(&opts.root);
    let mut warnings = loaded.warnings;
    let mut dossier = match loaded.dossier {
        Some(d) if loaded.errors.is_empty() => d,
        partial => {
            // Errors only the analysis finds (a claim quote missing from its
            // article) are content errors too: report them in the same run,
            // from what could be loaded. (Its warnings are left out: with
            // articles missing, "never mentioned" would be noise.)
            let mut errors = loaded.errors;
            if let Some(Err(e)) = partial.as_ref().map(analyse::analyse) {
                errors.extend(e);
            }
            return Err(fail(errors, warnings));
        }
    };
    if let Some(b) = &opts.base_url {
        match model::normalize_base_url(b) {
            Some(b) => dossier.base_url = Some(b),
            None => {
                let e = Error::BadUrl {
                    at: error::Loc::file("--base-url"),
                    url: b.clone(),
                };
                return Err(fail(vec![e], warnings));
            }
        }
    }
    let t1 = Instant::now();
    let (analysis, w) = analyse::analyse(&dossier).map_err(|e| fail(e, warnings.clone()))?;
    warnings.extend(w);
    let t2 = Instant::now();
    let mut files =
        render::render(&dossier, &analysis, opts.search).map_err(|e| fail(e, warnings.clone()))?;
    files.extend(write::data_files(&dossier, &analysis, &files));
    let statics = write::static_files(&dossier.root).map_err(|e| fail(e, warnings.clone()))?;
    let t3 = Instant::now();
    // The index is built from the pages in memory; `check` has no use for it.
    if opts.search && write_out {
        let index = search::index(&dossier, &files).map_err(|e| fail(vec![e], warnings.clone()))?;
        files.extend(index);
    }
    let t3s = Instant::now();
    let root_path = model::base_path(dossier.base_url.as_deref());
    let written = if write_out {
        write::write(&files, &statics, &root_path, &opts.output())
            .map_err(|e| fail(e, warnings.clone()))?
    } else {
        write::Written {
            files: files.len() + statics.len(),
            bytes: files.iter().map(|f| f.bytes.len() as u64).sum(),
        }
    };
    let t4 = Instant::now();
    Ok(Report {
        warnings,
        articles: dossier.articles.len(),
        entities: dossier.entities.len(),
        mentions: analysis.mentions.iter().map(Vec::len).sum(),
        quotes: analysis.quotes.len(),
        files: written.files,
        bytes: written.bytes,
        candidates: analysis.candidates,
        timings: [
            ("load", t1 - t0),
            ("analyse", t2 - t1),
            ("render", t3 - t2),
            ("search", t3s - t3),
            ("write", t4 - t3s),
        ],
    })
}

/// Renders a list of errors for a terminal.
pub fn render_errors(errors: &[Error], root: &Path) -> String {
    let mut out = String::new();
    for e in errors {
        out.push_str(&e.render(root));
        out.push('\n');
    }
    out
}
