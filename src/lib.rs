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
    /// Time per stage: load, analyse, pages (render, link check and write,
    /// streamed page by page), finish (the data files, the anchors left to
    /// check, flushing to the disk, the swap).
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
    build_with_progress(opts, &|_, _, _| {})
}

/// The stages [`build_with_progress`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Load,
    Analyse,
    /// Rendering, checking and writing the files, counted.
    Pages,
}

/// Called with (stage, done, total) as a build goes, from any thread.
/// `Load` reports (0, 0) once at its start, `Analyse` (0, articles) once,
/// `Pages` each file done out of all.
pub type Progress<'a> = dyn Fn(Stage, u64, u64) + Sync + 'a;

/// [`build`], telling `progress` how far it is (for a progress bar).
pub fn build_with_progress(opts: &BuildOptions, progress: &Progress) -> Result<Report, Failure> {
    let fail = |e| Failure {
        errors: vec![e],
        warnings: Vec::new(),
    };
    // The location first: a refused output gets no lock file either (it
    // would land in static/ or content/).
    let output = write::resolve_output(&opts.output()).map_err(fail)?;
    write::check_output_location(&opts.root, &output).map_err(fail)?;
    let lock = write::lock_output(&output).map_err(fail)?;
    run(opts, Some(&lock), progress)
}

/// [`build`] for a caller that already holds the output's lock (`serve`,
/// which keeps it across rebuilds). The site goes to `lock.output()`.
pub fn build_locked(opts: &BuildOptions, lock: &write::OutputLock) -> Result<Report, Failure> {
    run(opts, Some(lock), &|_, _, _| {})
}

/// Everything `build` does except writing: the same errors and warnings,
/// nothing on disk touched.
pub fn check(opts: &BuildOptions) -> Result<Report, Failure> {
    run(opts, None, &|_, _, _| {})
}

fn run(
    opts: &BuildOptions,
    lock: Option<&write::OutputLock>,
    progress: &Progress,
) -> Result<Report, Failure> {
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
    progress(Stage::Load, 0, 0);
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
    progress(Stage::Analyse, 0, dossier.articles.len() as u64);
    let (analysis, w) = analyse::analyse(&dossier).map_err(|e| fail(e, warnings.clone()))?;
    warnings.extend(w);
    let t2 = Instant::now();

    // Render, check and write stream: each page is checked and written as
    // soon as it is rendered, and dropped; what stays is what the link
    // check needs (paths, anchors), never the site.
    let pages = render::paths(&dossier);
    let page_refs: Vec<&str> = pages.iter().map(String::as_str).collect();
    // The data files are made after the pages (dossier.json of 100,000
    // articles is large); their paths are known now.
    let data_paths = write::data_paths(&dossier);
    let statics = write::static_files(&dossier.root, output.as_deref())
        .map_err(|e| fail(e, warnings.clone()))?;
    let generated: Vec<&str> = page_refs
        .iter()
        .copied()
        .chain(data_paths.iter().copied())
        .collect();
    write::check_paths(&generated, &statics).map_err(|e| fail(e, warnings.clone()))?;
    let root_path = model::base_path(dossier.base_url.as_deref());
    let checker = write::Checker::new(
        generated
            .iter()
            .map(|p| p.to_string())
            .chain(statics.iter().map(|(p, _)| p.clone())),
        &root_path,
    );
    drop(generated);
    let staging = match lock {
        Some(lock) => {
            Some(write::Staging::begin(lock).map_err(|e| fail(vec![e], warnings.clone()))?)
        }
        None => None,
    };
    let total = (pages.len() + data_paths.len()) as u64;
    let done = std::sync::atomic::AtomicU64::new(0);
    let bytes = std::sync::atomic::AtomicU64::new(0);
    progress(Stage::Pages, 0, total);
    let each = |mut f: render::OutFile| -> Result<(), Error> {
        // No control character or noncharacter in any page or XML file
        // (JSON escapes them itself).
        let markup = [".html", ".xml", ".svg"]
            .iter()
            .any(|x| f.path.ends_with(x));
        if markup {
            if let Ok(s) = std::str::from_utf8(&f.bytes) {
                match text::strip_forbidden_str(s) {
                    Some(clean) => {
                        checker.page(&f.path, &clean);
                        f.bytes = clean.into_bytes();
                    }
                    None => checker.page(&f.path, s),
                }
            }
        }
        bytes.fetch_add(f.bytes.len() as u64, std::sync::atomic::Ordering::Relaxed);
        if let Some(s) = &staging {
            s.file(&f)?;
        }
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        progress(Stage::Pages, n, total);
        Ok(())
    };
    let rendered = render::render_each(&dossier, &analysis, &|_, f| each(f));
    let t3 = Instant::now();
    let mut errors = match rendered {
        Ok(()) => Vec::new(),
        Err(e) => e,
    };
    // dossier.json straight to its file (or counted, for `check`), the
    // small data files like pages.
    let json = match &staging {
        Some(s) => s.stream("dossier.json", |w| {
            write::write_dossier_json(&dossier, &analysis, w)
        }),
        None => {
            let mut sink = write::Counting(std::io::sink(), 0);
            write::write_dossier_json(&dossier, &analysis, &mut sink)
                .map(|()| {
                    bytes.fetch_add(sink.1, std::sync::atomic::Ordering::Relaxed);
                    done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                })
                .map_err(|e| Error::Write {
                    path: "dossier.json".into(),
                    message: e.to_string(),
                })
        }
    };
    if let Err(e) = json {
        errors.push(e);
    }
    let data = write::small_data_files(&dossier, &page_refs);
    debug_assert_eq!(
        std::iter::once("dossier.json")
            .chain(data.iter().map(|f| f.path.as_str()))
            .collect::<Vec<_>>(),
        data_paths
    );
    for f in data {
        if let Err(e) = each(f) {
            errors.push(e);
        }
    }
    errors.extend(checker.finish());
    if !errors.is_empty() {
        // The staging folder goes with `staging`; the output is untouched.
        return Err(fail(errors, warnings));
    }
    let written = match staging {
        Some(s) => s.finish(&statics).map_err(|e| fail(e, warnings.clone()))?,
        None => write::Written {
            files: done.load(std::sync::atomic::Ordering::Relaxed) as usize + statics.len(),
            bytes: bytes.load(std::sync::atomic::Ordering::Relaxed),
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
            ("pages", t3 - t2),
            ("finish", t4 - t3),
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
