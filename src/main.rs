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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            timings,
            max_errors,
        } => {
            let opts = BuildOptions {
                root,
                output,
                base_url,
            };
            let bars = Bars::new();
            let result = dossier::build_with_progress(&opts, &|stage, done, total| {
                bars.update(stage, done, total)
            });
            bars.clear();
            match result {
                Ok(report) => {
                    print_warnings(&report);
                    println!(
                        "built {} articles, {} entities, {} mentions, {} quotes: {} files ({} KiB) in {}",
                        report.articles,
                        report.entities,
                        report.mentions,
                        report.quotes,
                        report.files,
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
        Command::Check {
            root,
            quotes,
            max_errors,
        } => {
            let opts = BuildOptions::new(root);
            match dossier::check(&opts) {
                Ok(report) => {
                    print_warnings(&report);
                    if quotes {
                        print_quotes(&report);
                    }
                    if !report.candidates.is_empty() {
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
                    println!(
                        "ok: {} articles, {} entities, {} mentions, {} warnings",
                        report.articles,
                        report.entities,
                        report.mentions,
                        report.warnings.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(f) => fail(&f, &opts, false, max_errors),
            }
        }
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
            dossier::Stage::Pages if total >= BAR_MIN_FILES => {
                let b = indicatif::ProgressBar::new(total);
                b.set_style(
                    indicatif::ProgressStyle::with_template(
                        "{msg:8} [{bar:30}] {pos}/{len} files, {eta} left",
                    )
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                    .progress_chars("=> "),
                );
                b
            }
            dossier::Stage::Analyse | dossier::Stage::Pages => return,
        };
        bar.set_message(match stage {
            dossier::Stage::Load => "load",
            dossier::Stage::Analyse => "analyse",
            dossier::Stage::Pages => "pages",
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
    let count = format!(
        "{} error{}",
        f.errors.len(),
        if f.errors.len() == 1 { "" } else { "s" }
    );
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
