//! The command line: parse arguments, run the pipeline, print for humans.
//! All formatting of errors happens here, at the edge.

use clap::{Parser, Subcommand};
use dossier::{BuildOptions, Report};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "Static sites for investigative dossiers"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into <root>/public (or --output).
    Build {
        /// The dossier folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Absolute URL the site will be served from (overrides dossier.yaml).
        #[arg(long)]
        base_url: Option<String>,
        /// Print time per stage.
        #[arg(long)]
        timings: bool,
        /// Errors of one kind shown in full (the rest are counted).
        #[arg(long, default_value_t = dossier::MAX_ERRORS_PER_KIND)]
        max_errors: usize,
        /// Build no search index and no search page.
        #[arg(long)]
        no_search: bool,
    },
    /// Build, serve on this machine, rebuild on every change and reload the open pages.
    Serve {
        /// The dossier folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on [default: 1111, or the next free one]; 0 picks any free port.
        #[arg(long)]
        port: Option<u16>,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Build no search index (faster rebuilds).
        #[arg(long)]
        no_search: bool,
    },
    /// Validate the dossier without writing anything; lists candidate entities.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// List every statement with its speaker, the rule that found it and
        /// the phrase it linked.
        #[arg(long)]
        quotes: bool,
        /// Errors of one kind shown in full (the rest are counted).
        #[arg(long, default_value_t = dossier::MAX_ERRORS_PER_KIND)]
        max_errors: usize,
    },
    /// Start a new dossier in DIR: a commented dossier.yaml, an example
    /// article and one entity of each kind; `dossier build` works at once.
    Init {
        /// The folder to create (or an empty one).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The site's language: en or fr.
        #[arg(long, default_value = "en", value_parser = ["en", "fr"])]
        language: String,
        /// The dossier's title.
        #[arg(long)]
        title: Option<String>,
    },
    /// Add articles: saved web pages (.html), texts (.txt) or Markdown
    /// (.md). Writes each one's seed and article file, with the title,
    /// date, outlet and link the file gives and tags proposed from the
    /// known entities, and says what it could not find.
    Add {
        /// The files to add.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Publication date (YYYY-MM-DD, YYYY-MM or YYYY), over the file's.
        #[arg(long)]
        date: Option<String>,
        /// The outlet's name, over the file's.
        #[arg(long)]
        source: Option<String>,
        /// The article's address, over the file's.
        #[arg(long)]
        url: Option<String>,
        /// The title, over the file's.
        #[arg(long)]
        title: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Init {
            dir,
            language,
            title,
        } => init(dir, &language, title),
        Command::Add {
            files,
            root,
            date,
            source,
            url,
            title,
        } => add(dossier::add::AddOptions {
            root,
            files,
            date,
            source,
            url,
            title,
        }),
        Command::Build {
            root,
            output,
            base_url,
            timings,
            max_errors,
            no_search,
        } => build(
            BuildOptions {
                root,
                output,
                base_url,
                search: !no_search,
            },
            timings,
            max_errors,
        ),
        Command::Serve {
            root,
            port,
            bind,
            open,
            no_search,
        } => serve(
            dossier::serve::ServeOptions {
                root,
                port,
                bind,
                search: !no_search,
            },
            open,
        ),
        Command::Check {
            root,
            quotes,
            max_errors,
        } => check(BuildOptions::new(root), quotes, max_errors),
    }
}

fn build(opts: BuildOptions, timings: bool, max_errors: usize) -> ExitCode {
    let bars = Bars::new();
    let result =
        dossier::build_with_progress(&opts, &|stage, done, total| bars.update(stage, done, total));
    bars.clear();
    match result {
        Ok(report) => {
            print_warnings(&report);
            println!(
                "built {}, {}, {}, {}: {} ({} KiB) in {}",
                count(report.articles, "article"),
                count(report.entities, "entity"),
                count(report.mentions, "mention"),
                count(report.quotes, "quote"),
                count(report.files, "file"),
                report.bytes / 1024,
                opts.output().display()
            );
            if timings {
                for (stage, d) in report.timings {
                    println!("  {stage:<8} {:>8.1} ms", d.as_secs_f64() * 1000.0);
                }
            }
            ExitCode::SUCCESS
        }
        Err(f) => fail(&f, &opts, true, max_errors),
    }
}

fn check(opts: BuildOptions, quotes: bool, max_errors: usize) -> ExitCode {
    match dossier::check(&opts) {
        Ok(report) => {
            print_warnings(&report);
            if quotes {
                print_quotes(&report);
            }
            print_candidates(&report);
            println!(
                "ok: {}, {}, {}, {}",
                count(report.articles, "article"),
                count(report.entities, "entity"),
                count(report.mentions, "mention"),
                count(report.warnings.len(), "warning")
            );
            ExitCode::SUCCESS
        }
        Err(f) => fail(&f, &opts, false, max_errors),
    }
}

/// Names that recur in the text but match no entity, with where.
fn print_candidates(report: &Report) {
    if report.candidates.is_empty() {
        return;
    }
    println!("Names that recur in the text but match no entity:");
    for c in report.candidates.iter().take(40) {
        let places: Vec<String> = c
            .places
            .iter()
            .take(6)
            .map(|(a, p)| format!("{a}#p{p}"))
            .collect();
        let more = if c.places.len() > 6 { ", …" } else { "" };
        println!(
            "  {:>3}×  {}  ({}{more})",
            c.count,
            c.text,
            places.join(", ")
        );
    }
}

/// Progress bars on standard error, only when it is a terminal and the
/// site has more than a few hundred files: a small build is over before a
/// bar would be read, and a log or a pipe wants no control characters.
struct Bars {
    on: bool,
    bar: std::sync::Mutex<Option<(dossier::Stage, indicatif::ProgressBar)>>,
}

/// Files below which no bar is shown.
const BAR_MIN_FILES: u64 = 300;

/// A bar counting `total` things of a stage ("files", "pages").
fn counting_bar(total: u64, unit: &str) -> indicatif::ProgressBar {
    let b = indicatif::ProgressBar::new(total);
    b.set_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{{msg:8}} [{{bar:30}}] {{pos}}/{{len}} {unit}, {{eta}} left"
        ))
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    b
}

impl Bars {
    fn new() -> Bars {
        use std::io::IsTerminal;
        Bars {
            on: std::io::stderr().is_terminal(),
            bar: std::sync::Mutex::new(None),
        }
    }

    fn update(&self, stage: dossier::Stage, done: u64, total: u64) {
        if !self.on {
            return;
        }
        let mut slot = self.bar.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((s, bar)) = slot.as_ref() {
            if *s == stage {
                bar.set_position(done);
                return;
            }
            bar.finish_and_clear();
        }
        *slot = None;
        let bar = match stage {
            // Loading is not counted (its size is what it finds out).
            dossier::Stage::Load => return,
            dossier::Stage::Analyse if total >= BAR_MIN_FILES => {
                let b = indicatif::ProgressBar::new_spinner();
                b.enable_steady_tick(std::time::Duration::from_millis(120));
                b
            }
            dossier::Stage::Pages if total >= BAR_MIN_FILES => counting_bar(total, "files"),
            dossier::Stage::Search if total >= BAR_MIN_FILES => counting_bar(total, "pages"),
            dossier::Stage::Analyse | dossier::Stage::Pages | dossier::Stage::Search => return,
        };
        bar.set_message(match stage {
            dossier::Stage::Load => "load",
            dossier::Stage::Analyse => "analyse",
            dossier::Stage::Pages => "pages",
            dossier::Stage::Search => "search",
        });
        bar.set_position(done);
        *slot = Some((stage, bar));
    }

    fn clear(&self) {
        if let Some((_, bar)) = self.bar.lock().unwrap_or_else(|e| e.into_inner()).take() {
            bar.finish_and_clear();
        }
    }
}

fn init(dir: PathBuf, language: &str, title: Option<String>) -> ExitCode {
    let lang = if language == "fr" {
        dossier::model::Lang::Fr
    } else {
        dossier::model::Lang::En
    };
    match dossier::init::init(&dir, lang, title.as_deref()) {
        Ok(files) => {
            println!("new dossier in {}:", dir.display());
            for f in files {
                println!("  {}", f.display());
            }
            let cd = if dir == std::path::Path::new(".") {
                String::new()
            } else {
                format!("cd {} && ", dir.display())
            };
            println!(
                "next: {cd}dossier build   (then open public/index.html)\n      dossier add saved-page.html   adds an article from a saved web page or text"
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprint!(
                "{}",
                dossier::render_errors(&[e], std::path::Path::new("."))
            );
            ExitCode::FAILURE
        }
    }
}

fn add(opts: dossier::add::AddOptions) -> ExitCode {
    let results = match dossier::add::add(&opts) {
        Ok(r) => r,
        Err(errors) => {
            eprint!("{}", dossier::render_errors(&errors, &opts.root));
            eprintln!(
                "add failed: {}; nothing written",
                count(errors.len(), "error")
            );
            return ExitCode::FAILURE;
        }
    };
    let mut failed = 0;
    for r in results {
        match r {
            Ok(a) => {
                println!("added {} as `{}`", a.file.display(), a.id);
                let seed_note = if a.seed_written {
                    format!("{} paragraphs", a.paragraphs)
                } else {
                    "already in seeds/, left as it is".into()
                };
                println!("  seed     {} ({seed_note})", a.seed.display());
                match &a.article {
                    Some(p) => println!("  article  {}", p.display()),
                    None => println!("  article  the seed's front matter"),
                }
                for (field, value, from) in &a.found {
                    println!("  {field:<8} {value}   ({from})");
                }
                if a.tags.is_empty() {
                    println!("  tags     none: no known entity in the text");
                } else {
                    println!(
                        "  tags     {}   (known entities found in the text)",
                        a.tags.join(", ")
                    );
                }
                for d in &a.dropped {
                    let d: String = d.chars().take(100).collect();
                    println!("  dropped  {d}");
                }
                for (field, what) in &a.missing {
                    println!("  missing  {field}: {what}");
                }
            }
            Err(e) => {
                failed += 1;
                let e = match e {
                    dossier::error::Error::Io { path, message } if !path.exists() => {
                        let help = dossier::add::suggest_file(&path)
                            .map(|s| format!(" (did you mean `{s}`?)"))
                            .unwrap_or_default();
                        dossier::error::Error::Io {
                            path,
                            message: format!("{message}{help}"),
                        }
                    }
                    other => other,
                };
                eprint!(
                    "{}",
                    dossier::render_errors(&[e], std::path::Path::new("."))
                );
            }
        }
    }
    if failed > 0 {
        eprintln!("{} not added", count(failed, "file"));
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn print_quotes(report: &Report) {
    for q in &report.quote_list {
        let mut text: String = q.text.chars().take(70).collect();
        if text.len() < q.text.len() {
            text.push('…');
        }
        let speaker = q.speaker.as_deref().unwrap_or("none");
        let why = if q.corrected {
            "corrected in the article file".to_string()
        } else {
            match (q.rule, q.via, &q.phrase) {
                (Some(r), Some(v), Some(p)) => format!("{r}, {v}: “{p}”"),
                (Some(r), Some(v), None) => format!("{r}, {v}"),
                _ => "no rule found a speaker phrase".to_string(),
            }
        };
        println!(
            "{}#p{}  {speaker}  ({why})\n    “{text}”",
            q.article, q.paragraph
        );
    }
}

/// "1 article", "2 articles", "1 entity", "3 entities".
fn count(n: usize, word: &str) -> String {
    match (n, word.strip_suffix('y')) {
        (1, _) => format!("1 {word}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {word}s"),
    }
}

fn print_warnings(report: &Report) {
    for w in &report.warnings {
        eprintln!("{w}");
    }
}

fn fail(f: &dossier::Failure, opts: &BuildOptions, building: bool, max: usize) -> ExitCode {
    for w in &f.warnings {
        eprintln!("{w}");
    }
    eprint!(
        "{}",
        dossier::render_errors_limited(&f.errors, &opts.root, max)
    );
    let count = count(f.errors.len(), "error");
    if building {
        eprintln!(
            "build failed: {count}; {} left unchanged",
            opts.output().display()
        );
    } else {
        eprintln!("check failed: {count}");
    }
    ExitCode::FAILURE
}

fn serve(opts: dossier::serve::ServeOptions, open: bool) -> ExitCode {
    use dossier::serve::Event;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = Arc::clone(&stop);
        if let Err(e) = ctrlc::set_handler(move || stop.store(true, Ordering::Relaxed)) {
            eprintln!("warning: cannot catch Ctrl-C: {e}");
        }
    }
    let root = opts.root.clone();
    let mut on_event = move |e: Event| match e {
        Event::Listening { url } => {
            println!("serving {} at {url} (Ctrl-C to stop)", root.display());
            if open {
                if let Err(e) = std::process::Command::new("xdg-open").arg(url).spawn() {
                    eprintln!(
                        "warning: cannot open a browser (xdg-open: {e}); open {url} yourself"
                    );
                }
            }
        }
        Event::Changed { paths } => {
            let names: Vec<String> = paths
                .iter()
                .take(5)
                .map(|p| p.display().to_string())
                .collect();
            let more = if paths.len() > 5 {
                format!(" and {} more", paths.len() - 5)
            } else {
                String::new()
            };
            println!("changed: {}{more}", names.join(", "));
        }
        Event::Built { report, took } => {
            for w in &report.warnings {
                eprintln!("{w}");
            }
            println!(
                "built {} articles, {} entities: {} files in {:.0} ms",
                report.articles,
                report.entities,
                report.files,
                took.as_secs_f64() * 1000.0
            );
        }
        Event::Failed { failure, took } => {
            eprint!("{}", dossier::render_errors(&failure.errors, &root));
            let n = failure.errors.len();
            eprintln!(
                "build failed after {:.0} ms: {n} error{}; still serving the last good site",
                took.as_secs_f64() * 1000.0,
                if n == 1 { "" } else { "s" }
            );
        }
        Event::Warning { message } => eprintln!("warning: {message}"),
        Event::Stopped => println!("stopped"),
    };
    match dossier::serve::serve(&opts, stop, &mut on_event) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprint!("{}", e.render(&opts.root));
            ExitCode::FAILURE
        }
    }
}
