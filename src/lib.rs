//! dossier: a static-site generator for investigative dossiers.
//!
//! One pipeline, one module per stage:
//! [`load`] (read and validate) → [`analyse`] (mentions, quotes, claims,
//! connections) → [`render`] (one page at a time) → [`verify`] (paths,
//! static collisions, links and anchors; `check` stops here) → [`write`]
//! (staging folder, atomic swap), the last three streamed page by page,
//! then [`search`] (the index, from the staged pages). [`build`] runs them
//! in order; each stage only sees the outputs of the previous ones.

pub mod add;
pub mod analyse;
pub mod error;
pub mod init;
pub mod load;
pub mod model;
pub mod quotemarks;
pub mod render;
pub mod search;
pub mod serve;
pub mod text;
pub mod verify;
#[doc(hidden)]
pub mod work;
pub mod write;
mod yaml;

use error::{Error, Warning};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
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
    /// Every statement with its speaker and why, for `check --quotes`
    /// (empty after a build).
    pub quote_list: Vec<QuoteLine>,
    /// Time per stage: load, analyse, pages (render, verify and write,
    /// streamed page by page), search (the index, from the written pages),
    /// finish (the data files, the anchors left to check, flushing to the
    /// disk, the swap).
    pub timings: [(&'static str, Duration); 5],
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
            paragraph: q.block.get() + 1,
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
    /// Rendering, verifying and writing the files, counted.
    Pages,
    /// The search index, pages indexed out of all to index.
    Search,
}

/// Called with (stage, done, total) as a build goes, from any thread.
/// `Load` reports (0, 0) once at its start, `Analyse` (0, articles) once,
/// `Pages` each file done out of all, `Search` each page indexed.
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

/// The pipeline of [`build`] and [`check`]: load, analyse, plan and verify
/// the site's paths, then render, check and stage each page as it comes,
/// then the search index and the swap (`build` only, `lock` given).
fn run(
    opts: &BuildOptions,
    lock: Option<&write::OutputLock>,
    progress: &Progress,
) -> Result<Report, Failure> {
    let fail = |errors, warnings| Failure { errors, warnings };
    let t0 = Instant::now();
    let output = output_of(opts, lock).map_err(|e| fail(vec![e], Vec::new()))?;
    progress(Stage::Load, 0, 0);
    let (dossier, mut warnings) = load_with_base_url(opts)?;
    let t1 = Instant::now();
    progress(Stage::Analyse, 0, dossier.articles.len() as u64);
    let (analysis, w) = analyse::analyse(&dossier);
    warnings.extend(w);
    let t2 = Instant::now();
    let search = opts.search;
    let plan =
        plan_site(&dossier, output.as_deref(), search).map_err(|e| fail(e, warnings.clone()))?;
    let staging = lock
        .map(write::Staging::begin)
        .transpose()
        .map_err(|e| fail(vec![e], warnings.clone()))?;
    // Render, verify and write stream: each page is verified and written as
    // soon as it is rendered, and dropped; what stays is what the link
    // check needs (paths, anchors), never the site.
    let sink = Sink {
        site: &plan.site,
        staging: staging.as_ref(),
        done: AtomicU64::new(0),
        bytes: AtomicU64::new(0),
        progress,
        total: plan.pages as u64 + 1,
    };
    progress(Stage::Pages, 0, sink.total);
    let rendered = render::render_each(&dossier, &analysis, search, &|_, f| sink.file(f));
    let t3 = Instant::now();
    let mut errors = rendered.err().unwrap_or_default();
    match dossier_json(&dossier, &analysis, staging.as_ref()) {
        Ok(n) => _ = sink.count(n),
        Err(e) => errors.push(e),
    }
    let counts = (sink.done.into_inner(), sink.bytes.into_inner());
    errors.extend(plan.site.finish());
    if !errors.is_empty() {
        // The staging folder goes with `staging`; the output is untouched.
        return Err(fail(errors, warnings));
    }
    let t4 = Instant::now();
    // What the report tells of the dossier and its analysis is taken now:
    // the search index needs neither (only each page's path and tags),
    // and at 100,000 articles they are a gigabyte and more.
    let to_index = (search && staging.is_some()).then(|| search::plan(&dossier));
    let quiet_list = dossier.quiet.clone();
    let mut report = report(&dossier, analysis, warnings, lock.is_none());
    drop(dossier);
    release_freed_memory();
    // The search index, from the pages read back from the staging folder
    // one at a time (`check` has no use for it).
    if let (Some(to_index), Some(s)) = (to_index, &staging) {
        search_index(&to_index, s, progress).map_err(|e| fail(vec![e], report.warnings.clone()))?;
    }
    let t5 = Instant::now();
    let written =
        publish(staging, &plan.statics, counts).map_err(|e| fail(e, report.warnings.clone()))?;
    report.warnings.extend(written.warnings);
    report.warnings = quiet(std::mem::take(&mut report.warnings), &quiet_list);
    (report.files, report.bytes) = (written.files, written.bytes);
    let t6 = Instant::now();
    report.timings = timings([t0, t1, t2, t3, t4, t5, t6]);
    Ok(report)
}

/// The site as known before any page is rendered: how many pages, the
/// static files, and the link check primed with every path.
struct Plan {
    pages: usize,
    statics: Vec<(String, PathBuf)>,
    site: verify::Site,
}

/// The site's paths, generated and static, checked against each other
/// (a static file over a page, a link out of the dossier) before anything
/// is rendered, so `check` and `build` refuse the same.
fn plan_site(
    dossier: &model::Dossier,
    output: Option<&Path>,
    search: bool,
) -> Result<Plan, Vec<Error>> {
    let pages = render::paths(dossier, search);
    let statics = write::static_files(&dossier.root, output)?;
    // dossier.json is made after the pages (at 100,000 articles it is
    // large) and streamed to its file; its path is known now.
    let generated: Vec<&str> = pages
        .iter()
        .map(String::as_str)
        .chain([render::urls::DOSSIER_JSON])
        .collect();
    let site = verify_site(dossier, &generated, &statics, search)?;
    Ok(Plan {
        pages: pages.len(),
        statics,
        site,
    })
}

/// The staging folder swapped in for the output with the static files
/// (`build`), or what would have been written, counted (`check`, no
/// staging): `(done, bytes)` are the files rendered and their size.
fn publish(
    staging: Option<write::Staging>,
    statics: &[(String, PathBuf)],
    (done, bytes): (u64, u64),
) -> Result<write::Written, Vec<Error>> {
    match staging {
        Some(s) => s.finish(statics),
        None => Ok(write::Written {
            files: done as usize + statics.len(),
            bytes,
            warnings: Vec::new(),
        }),
    }
}

/// Gives the memory freed so far back to the system, where the allocator
/// keeps it for the threads that freed it (glibc's arenas): the dossier
/// and its analysis, dropped before the search index, would otherwise
/// still count in the build's resident memory while Pagefind's threads
/// allocate anew.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory of the allocator's
    // arenas to the system; it touches no live allocation.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// What a build or check tells: counts, warnings and with `check` the
/// quote list; the files written and the timings are filled in at the
/// end (see [`timings`]).
fn report(
    dossier: &model::Dossier,
    analysis: analyse::Analysis,
    warnings: Vec<Warning>,
    check: bool,
) -> Report {
    Report {
        warnings,
        articles: dossier.articles.len(),
        entities: dossier.entities.len(),
        mentions: analysis.mention_count(),
        quotes: analysis.quotes.len(),
        files: 0,
        bytes: 0,
        // only `check --quotes` shows them; a build does not copy them
        quote_list: if check {
            quote_lines(dossier, &analysis)
        } else {
            Vec::new()
        },
        candidates: analysis.candidates,
        timings: timings([Instant::now(); 7]),
    }
}

/// The stages' times from the instants between them (start, loaded,
/// analysed, pages, verified, indexed, finished).
fn timings(t: [Instant; 7]) -> [(&'static str, Duration); 5] {
    [
        ("load", t[1] - t[0]),
        ("analyse", t[2] - t[1]),
        ("pages", t[3] - t[2]),
        ("search", t[5] - t[4]),
        ("finish", (t[4] - t[3]) + (t[6] - t[5])),
    ]
}

/// Where each rendered file goes as it is made: cleaned, to the link
/// check, into the staging folder (with `build`), counted.
struct Sink<'s> {
    site: &'s verify::Site,
    staging: Option<&'s write::Staging<'s>>,
    done: AtomicU64,
    bytes: AtomicU64,
    progress: &'s Progress<'s>,
    total: u64,
}

impl Sink<'_> {
    fn file(&self, mut f: render::OutFile) -> Result<(), Error> {
        clean_and_verify(self.site, &mut f);
        if let Some(s) = self.staging {
            s.file(&f)?;
        }
        let n = self.count(f.bytes.len() as u64);
        (self.progress)(Stage::Pages, n, self.total);
        Ok(())
    }

    /// One more file of `bytes`; the files counted so far.
    fn count(&self, bytes: u64) -> u64 {
        self.bytes.fetch_add(bytes, Relaxed);
        self.done.fetch_add(1, Relaxed) + 1
    }
}

/// Where the site goes, symlinks resolved (None for `check` when it
/// cannot be resolved); refused before anything is read if the build would
/// read it back.
fn output_of(
    opts: &BuildOptions,
    lock: Option<&write::OutputLock>,
) -> Result<Option<PathBuf>, Error> {
    let output = match lock {
        Some(l) => Some(l.output().to_path_buf()),
        None => write::resolve_output(&opts.output()).ok(),
    };
    if let Some(o) = &output {
        write::check_output_location(&opts.root, o)?;
    }
    Ok(output)
}

/// No control character or noncharacter in any page or XML file (JSON
/// escapes them itself); then the page's links and anchors go to the
/// link check.
fn clean_and_verify(site: &verify::Site, f: &mut render::OutFile) {
    let markup = [".html", ".xml", ".svg"]
        .iter()
        .any(|x| f.path.ends_with(x));
    if !markup {
        return;
    }
    if let Ok(s) = std::str::from_utf8(&f.bytes) {
        match text::strip_forbidden_str(s) {
            Some(clean) => {
                site.page(&f.path, &clean);
                f.bytes = clean.into_bytes();
            }
            None => site.page(&f.path, s),
        }
    }
}

/// The dossier, its base URL replaced by `--base-url` if given.
fn load_with_base_url(opts: &BuildOptions) -> Result<(model::Dossier, Vec<Warning>), Failure> {
    let loaded = load::load(&opts.root).map_err(|f| Failure {
        errors: f.errors,
        warnings: f.warnings,
    })?;
    let mut dossier = loaded.dossier;
    if let Some(b) = &opts.base_url {
        match model::normalize_base_url(b) {
            Some(b) => dossier.base_url = Some(b),
            None => {
                let e = Error::BadUrl {
                    at: error::Loc::file("--base-url"),
                    url: b.clone(),
                };
                return Err(Failure {
                    errors: vec![e],
                    warnings: loaded.warnings,
                });
            }
        }
    }
    Ok((dossier, loaded.warnings))
}

/// The one validation step of `build` and `check`: paths and static files
/// now, links and anchors as the pages come.
fn verify_site(
    dossier: &model::Dossier,
    generated: &[&str],
    statics: &[(String, PathBuf)],
    search: bool,
) -> Result<verify::Site, Vec<Error>> {
    let (reserved, linkable): (&[&str], &[&str]) = if search {
        (&[search::BUNDLE], &search::LINKED)
    } else {
        (&[], &[])
    };
    let root_path = render::urls::Routes::new(dossier).base_path();
    verify::Site::new(generated, reserved, linkable, statics, &root_path)
}

/// dossier.json streamed to its file in the staging folder (which counts
/// it: 0 here), or serialised into nothing and its size returned (`check`).
fn dossier_json(
    dossier: &model::Dossier,
    analysis: &analyse::Analysis,
    staging: Option<&write::Staging>,
) -> Result<u64, Error> {
    if let Some(s) = staging {
        let json = |w: &mut dyn std::io::Write| render::write_dossier_json(dossier, analysis, w);
        return s.stream(render::urls::DOSSIER_JSON, json).map(|()| 0);
    }
    let mut sink = write::Counting(std::io::sink(), 0);
    render::write_dossier_json(dossier, analysis, &mut sink)
        .map(|()| sink.1)
        .map_err(|e| Error::Write {
            path: render::urls::DOSSIER_JSON.into(),
            message: e.to_string(),
        })
}

/// The search index, from the pages read back from the staging folder one
/// at a time, written into it part by part as each part is built.
fn search_index(
    plan: &search::Plan,
    staging: &write::Staging,
    progress: &Progress,
) -> Result<(), Error> {
    let linked = search::LINKED.map(|_| std::sync::atomic::AtomicBool::new(false));
    search::index(
        plan,
        &|p| staging.read(p),
        &|f| {
            if let Some(i) = search::LINKED.iter().position(|l| *l == f.path) {
                linked[i].store(true, Relaxed);
            }
            staging.file(&f)
        },
        &|n, total| progress(Stage::Search, n, total),
    )?;
    // The links checked with the pages lead to these.
    match search::LINKED
        .iter()
        .zip(&linked)
        .find(|(_, seen)| !seen.load(Relaxed))
    {
        Some((l, _)) => Err(Error::Search {
            message: format!("the index has no `{l}`, which the search page loads"),
        }),
        None => Ok(()),
    }
}

/// Whether `quiet:` lists this warning: its whole code
/// (`short-alias:ua`) or its kind (`short-alias`).
pub(crate) fn is_quiet(w: &Warning, quiet: &[(String, error::Loc)]) -> bool {
    quiet.iter().any(|(q, _)| *q == w.code || q == w.kind())
}

/// The warnings `quiet:` does not list, and one more for each `quiet:`
/// entry that silenced nothing (a typo there would hide nothing and say
/// nothing).
fn quiet(mut warnings: Vec<Warning>, quiet: &[(String, error::Loc)]) -> Vec<Warning> {
    let unused: Vec<Warning> = quiet
        .iter()
        .filter(|(q, _)| !warnings.iter().any(|w| *q == w.code || q == w.kind()))
        .map(|(q, at)| {
            let codes: Vec<&str> = warnings.iter().map(|w| w.code.as_str()).collect();
            let hint = match error::suggest(q, codes) {
                Some(s) => format!(" (did you mean `{s}`?)"),
                None => String::new(),
            };
            Warning::new(
                "unused-quiet",
                q,
                Some(at.clone()),
                format!("`quiet:` entry `{q}` matches no warning of this build{hint}"),
            )
        })
        .collect();
    warnings.retain(|w| !is_quiet(w, quiet));
    warnings.extend(unused);
    warnings
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
