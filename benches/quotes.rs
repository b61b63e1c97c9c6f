//! The quote-attribution scorer: runs dossier's analysis on the
//! hand-annotated corpus in `tests/corpus/<lang>/<story>/` (real published
//! articles, annotated per `gold.yaml`) and prints, per language and split,
//! how many quotes with a named speaker got the right one, a wrong one or
//! none, how many anonymous quotes were left alone, and the precision of
//! each rule. It prints figures and asserts nothing.
//!
//! cargo bench --bench quotes                      # all rules
//! cargo bench --bench quotes -- --without follows # one rule switched off
//! cargo bench --bench quotes -- --ablation        # each rule off in turn
//! cargo bench --bench quotes -- --list wrong      # every wrong attribution
//!                              (--list none|anonymous|missed|unlisted likewise;
//!                               dev stories only, unless --split test|all)

use dossier::analyse::quotes::{Rule, Rules};
use dossier::analyse::{self, Quote};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct Gold {
    split: String,
    articles: Vec<GoldArticle>,
}

#[derive(Deserialize)]
struct GoldArticle {
    article: String,
    #[serde(default)]
    quotes: Vec<GoldQuote>,
}

#[derive(Deserialize)]
struct GoldQuote {
    starts: String,
    speaker: Option<String>,
    #[serde(default)]
    nth: Option<usize>,
}

#[derive(Default, Clone, Copy)]
struct Tally {
    named: usize,
    right: usize,
    wrong: usize,
    none: usize,
    /// Named quotes the extraction did not find at all (counted in `none`).
    missed: usize,
    anonymous: usize,
    anonymous_given: usize,
    /// Quotes given a speaker that the annotation does not list (titles of
    /// works, scare quotes, quotes the annotator left out as doubtful).
    extra: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.named += o.named;
        self.right += o.right;
        self.wrong += o.wrong;
        self.none += o.none;
        self.missed += o.missed;
        self.anonymous += o.anonymous;
        self.anonymous_given += o.anonymous_given;
        self.extra += o.extra;
    }
}

/// Per rule (and how it linked): right, wrong, given to an anonymous quote.
type RuleTally = BTreeMap<String, [usize; 3]>;

struct Listing {
    kind: String,
    /// Only stories of this split: `dev` unless `--split test` or
    /// `--split all` asks otherwise, so a listing never shows held-out
    /// quotes by default (tune on dev, judge on test by its totals).
    split: String,
    lines: Vec<String>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut rules = Rules::default();
    let mut i = 0;
    let mut list = None;
    let mut ablation = false;
    let mut split = None;
    while i < args.len() {
        match args[i].as_str() {
            "--without" => {
                i += 1;
                let r = args
                    .get(i)
                    .and_then(|n| Rule::from_name(n))
                    .unwrap_or_else(|| {
                        let names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
                        panic!("--without takes one of {}", names.join(", "))
                    });
                rules = rules.without(r);
            }
            "--list" => {
                i += 1;
                list = args.get(i).cloned();
            }
            "--ablation" => ablation = true,
            "--split" => {
                i += 1;
                split = args.get(i).cloned();
            }
            _ => {} // cargo bench passes --bench
        }
        i += 1;
    }
    let mut listing = list.map(|kind| Listing {
        kind,
        split: split.unwrap_or_else(|| "dev".into()),
        lines: Vec::new(),
    });
    for lang in ["en", "fr"] {
        let stories = stories(&root.join(lang));
        let (by_split, per_rule) = score(&stories, rules, &mut listing);
        report(lang, &by_split, &per_rule);
        if ablation {
            println!("  without each rule (all splits): right / wrong / anonymous given");
            for r in Rule::ALL {
                let (t, _) = score(&stories, rules.without(r), &mut None);
                let all = t.get("all").copied().unwrap_or_default();
                println!(
                    "    -{:<12} {:>4} / {:>3} / {:>3}",
                    r.name(),
                    all.right,
                    all.wrong,
                    all.anonymous_given
                );
            }
        }
    }
    if let Some(l) = listing {
        println!("\n{} quotes:", l.kind);
        for line in l.lines {
            println!("{line}");
        }
    }
}

fn stories(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.join("gold.yaml").is_file())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn score(
    stories: &[PathBuf],
    rules: Rules,
    listing: &mut Option<Listing>,
) -> (BTreeMap<String, Tally>, RuleTally) {
    let mut by_split: BTreeMap<String, Tally> = BTreeMap::new();
    let packs = dossier::analyse::lexicon::Packs::new();
    let mut per_rule = RuleTally::new();
    for story in stories {
        let gold: Gold = serde_yaml::from_str(
            &std::fs::read_to_string(story.join("gold.yaml")).expect("gold.yaml readable"),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", story.display()));
        let loaded = dossier::load::load(story).unwrap_or_else(|errs| {
            panic!(
                "{} does not load:\n{}",
                story.display(),
                dossier::render_errors(&errs.errors, story)
            )
        });
        let d = loaded.dossier;
        let (analysis, _) = analyse::analyse(&d);
        let quotes = analyse::find_quotes_with(&d, &analysis.articles, &packs, rules);
        let mut t = Tally::default();
        for ga in &gold.articles {
            let ai = d
                .articles
                .iter_enumerated()
                .find(|(_, a)| a.id == ga.article)
                .map(|(i, _)| i)
                .unwrap_or_else(|| panic!("{}: no article {}", story.display(), ga.article));
            let mine: Vec<&Quote> = quotes.iter().filter(|q| q.article == ai).collect();
            let unlisted: Vec<&&Quote> = mine
                .iter()
                .filter(|q| q.speaker.is_some())
                .filter(|q| {
                    !ga.quotes
                        .iter()
                        .any(|g| dossier::quotemarks::fix_matches(&g.starts, &q.text))
                })
                .collect();
            t.extra += unlisted.len();
            // held-out stories are read through totals only, like the others
            let wanted = |l: &&mut Listing| {
                l.kind == "unlisted" && (l.split == "all" || l.split == gold.split)
            };
            if let Some(l) = listing.as_mut().filter(wanted) {
                for q in unlisted {
                    l.lines.push(format!(
                        "  {}/{}: “{}” given {:?} ({})",
                        story.file_name().unwrap().to_string_lossy(),
                        ga.article,
                        q.text,
                        q.speaker.map(|e| d.entities[e].id.clone()),
                        rule_name(q)
                    ));
                }
            }
            for gq in &ga.quotes {
                let found = mine
                    .iter()
                    .filter(|q| dossier::quotemarks::fix_matches(&gq.starts, &q.text))
                    .nth(gq.nth.unwrap_or(1) - 1)
                    .copied();
                let got = found.and_then(|q| q.speaker.map(|e| d.entities[e].id.clone()));
                let rule = found
                    .map(rule_name)
                    .unwrap_or_else(|| "(not extracted)".into());
                let outcome = tally_one(&mut t, gq, found.is_some(), got.as_deref());
                if let Some(slot) = outcome.1 {
                    per_rule.entry(rule.clone()).or_default()[slot] += 1;
                }
                let wanted = |l: &&mut Listing| {
                    l.kind == outcome.0 && (l.split == "all" || l.split == gold.split)
                };
                if let Some(l) = listing.as_mut().filter(wanted) {
                    l.lines.push(format!(
                        "  {}/{}: “{}” want {:?} got {:?} ({rule}; {:?})",
                        story.file_name().unwrap().to_string_lossy(),
                        ga.article,
                        gq.starts,
                        gq.speaker,
                        got,
                        found.and_then(|q| q.phrase.clone())
                    ));
                }
            }
        }
        by_split.entry(gold.split.clone()).or_default().add(&t);
        by_split.entry("all".into()).or_default().add(&t);
    }
    (by_split, per_rule)
}

fn rule_name(q: &Quote) -> String {
    match (q.rule, q.via) {
        (Some(r), Some(v)) => format!("{}/{}", r.name(), v.name()),
        (Some(r), None) => r.name().to_string(),
        _ => "(no rule)".into(),
    }
}

/// Counts one gold quote; returns its listing kind and, when a speaker was
/// given, the per-rule slot (0 right, 1 wrong, 2 given to an anonymous one).
fn tally_one(
    t: &mut Tally,
    gq: &GoldQuote,
    extracted: bool,
    got: Option<&str>,
) -> (&'static str, Option<usize>) {
    match (&gq.speaker, got) {
        (Some(want), Some(g)) if want == g => {
            t.named += 1;
            t.right += 1;
            ("right", Some(0))
        }
        (Some(_), Some(_)) => {
            t.named += 1;
            t.wrong += 1;
            ("wrong", Some(1))
        }
        (Some(_), None) => {
            t.named += 1;
            t.none += 1;
            if extracted {
                ("none", None)
            } else {
                t.missed += 1;
                ("missed", None)
            }
        }
        (None, None) => {
            t.anonymous += 1;
            ("anonymous-left", None)
        }
        (None, Some(_)) => {
            t.anonymous += 1;
            t.anonymous_given += 1;
            ("anonymous", Some(2))
        }
    }
}

fn pct(a: usize, b: usize) -> String {
    if b == 0 {
        "–".into()
    } else {
        format!("{:.1}%", 100.0 * a as f64 / b as f64)
    }
}

fn report(lang: &str, by_split: &BTreeMap<String, Tally>, per_rule: &RuleTally) {
    println!(
        "\n== {lang}: quotes with a named speaker: right / wrong / none (of which not extracted); anonymous quotes: left alone / given a speaker"
    );
    for split in ["dev", "test", "all"] {
        let Some(t) = by_split.get(split) else {
            continue;
        };
        println!(
            "  {split:<5} named {:>3}: right {:>3} ({}), wrong {:>2}, none {:>3} ({} not extracted) | anonymous {:>2}: left {:>2}, given {:>2} | unlisted given {:>2}",
            t.named,
            t.right,
            pct(t.right, t.named),
            t.wrong,
            t.none,
            t.missed,
            t.anonymous,
            t.anonymous - t.anonymous_given,
            t.anonymous_given,
            t.extra
        );
    }
    println!("  per rule/link (all splits): right, wrong, anonymous given, precision");
    for (rule, [r, w, a]) in per_rule {
        println!(
            "    {rule:<28} {r:>4} {w:>3} {a:>3}  {}",
            pct(*r, r + w + a)
        );
    }
}
