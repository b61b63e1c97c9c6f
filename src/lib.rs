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
pub mod quotemarks;
pub mod render;
pub mod text;
#[doc(hidden)]
pub mod work;
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
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
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
    /// Every statement with its speaker and why, for `check --quotes`.
    pub quote_list: Vec<QuoteLine>,
    /// Time per stage: load, analyse, render, write.
    pub timings: [(&'static str, Duration); 4],
}

/// One statement as `dossier check --quotes` lists it.
#[derive(Debug, Clone)]
pub struct QuoteLine {
    pub article: String,
    /// As in the `#pN` anchors.
    pub paragraph: usize,
    pub text: String,
    pub speaker: Option<String>,
    /// The speaker was set by a `quotes:` correction.
    pub corrected: bool,
    pub rule: Option<&'static str>,
    pub via: Option<&'static str>,
    pub phrase: Option<String>,
}

fn quote_lines(d: &model::Dossier, a: &analyse::Analysis) -> Vec<QuoteLine> {
    a.quotes
        .iter()
        .map(|q| QuoteLine {
            article: d.articles[q.article].id.clone(),
            paragraph: q.block + 1,
            text: q.text.clone(),
            speaker: q.speaker.map(|e| d.entities[e].id.clone()),
            corrected: q.corrected,
            rule: q.rule.map(analyse::quotes::Rule::name),
            via: q.via.map(analyse::quotes::Resolution::name),
            phrase: q.phrase.clone(),
        })
        .collect()
}

/// A failed build: every error found, and the warnings so far.
#[derive(Debug)]
pub struct Failure {
    pub errors: Vec<Error>,
    pub warnings: Vec<Warning>,
}

/// Runs the whole pipeline. On failure nothing in the output folder has
/// changed. Takes the output's lock ([`write::lock_output`]) for the whole
/// build: a second build into the same output meanwhile is refused.
pub fn build(opts: &BuildOptions) -> Result<Report, Failure> {
    let fail = |e| Failure {
        errors: vec![e],
        warnings: Vec::new(),
    };
    // The location first: a refused output gets no lock file either (it
    // would land in static/ or content/).
    let output = write::resolve_output(&opts.output()).map_err(fail)?;
    write::check_output_location(&opts.root, &output).map_err(fail)?;
    let lock = write::lock_output(&output).map_err(fail)?;
    build_locked(opts, &lock)
}

/// [`build`] for a caller that already holds the output's lock (`serve`,
/// which keeps it across rebuilds). The site goes to `lock.output()`.
pub fn build_locked(opts: &BuildOptions, lock: &write::OutputLock) -> Result<Report, Failure> {
    run(opts, Some(lock))
}

/// Everything `build` does except writing: the same errors and warnings,
/// nothing on disk touched.
pub fn check(opts: &BuildOptions) -> Result<Report, Failure> {
    run(opts, None)
}

fn run(opts: &BuildOptions, lock: Option<&write::OutputLock>) -> Result<Report, Failure> {
    let fail = |errors, warnings| Failure { errors, warnings };
    let t0 = Instant::now();
    // Where the site goes, symlinks resolved; refused before anything is
    // read if the build would read it back.
    let output = match lock {
        Some(l) => Some(l.output().to_path_buf()),
        None => write::resolve_output(&opts.output()).ok(),
    };
    if let Some(o) = &output {
        write::check_output_location(&opts.root, o).map_err(|e| fail(vec![e], Vec::new()))?;
    }
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
    let mut files = render::render(&dossier, &analysis).map_err(|e| fail(e, warnings.clone()))?;
    files.extend(write::data_files(&dossier, &analysis, &files));
    // No control character or noncharacter in any page or XML file (JSON
    // escapes them itself).
    {
        use rayon::prelude::*;
        files.par_iter_mut().for_each(|f| {
            if [".html", ".xml", ".svg"]
                .iter()
                .any(|x| f.path.ends_with(x))
            {
                if let Some(clean) = text::strip_forbidden(&f.bytes) {
                    f.bytes = clean;
                }
            }
        });
    }
    let statics = write::static_files(&dossier.root, output.as_deref())
        .map_err(|e| fail(e, warnings.clone()))?;
    let t3 = Instant::now();
    let root_path = model::base_path(dossier.base_url.as_deref());
    let written = match lock {
        Some(lock) => write::write(&files, &statics, &root_path, lock)
            .map_err(|e| fail(e, warnings.clone()))?,
        None => write::Written {
            files: files.len() + statics.len(),
            bytes: files.iter().map(|f| f.bytes.len() as u64).sum(),
            warnings: Vec::new(),
        },
    };
    warnings.extend(written.warnings);
    let t4 = Instant::now();
    Ok(Report {
        warnings,
        articles: dossier.articles.len(),
        entities: dossier.entities.len(),
        mentions: analysis.mentions.iter().map(Vec::len).sum(),
        quotes: analysis.quotes.len(),
        files: written.files,
        bytes: written.bytes,
        quote_list: quote_lines(&dossier, &analysis),
        candidates: analysis.candidates,
        timings: [
            ("load", t1 - t0),
            ("analyse", t2 - t1),
            ("render", t3 - t2),
            ("write", t4 - t3),
        ],
    })
}

/// How many errors of one kind [`render_errors`] shows by default.
pub const MAX_ERRORS_PER_KIND: usize = 50;

/// Renders a list of errors for a terminal (at most
/// [`MAX_ERRORS_PER_KIND`] of each kind in full).
pub fn render_errors(errors: &[Error], root: &Path) -> String {
    error::render_all(errors, root, MAX_ERRORS_PER_KIND)
}

/// [`render_errors`] with another limit per kind of error.
pub fn render_errors_limited(errors: &[Error], root: &Path, max_per_kind: usize) -> String {
    error::render_all(errors, root, max_per_kind)
}
