//! Build-speed benchmark: prints figures, asserts nothing (speed is
//! measured, not tested). Generates a synthetic dossier of N articles and M
//! entities in a temp folder, builds it a few times, and compares the build
//! with the floor: `cp -r` of its own output on the same disk.
//!
//!     cargo bench --bench build             # 2,000 articles, 400 entities
//!     cargo bench --bench build -- --quick  # 300 articles, 120 entities
//!     cargo bench --bench build -- --articles 10000 --entities 1000
//!     cargo bench --bench build -- --articles 10000 --generate-only DIR
//!                                           # writes the dossier, builds nothing
//!
//! When `hugo` is on the PATH (Debian package `hugo`), the same articles
//! are also written as a Hugo site, the entities as Hugo taxonomy terms
//! (one page per entity listing its articles: Hugo's nearest equivalent),
//! and Hugo's build is timed beside ours. Hugo does less work here (no
//! mention finding, no snippets, no quotes, no graph), so the comparison
//! flatters Hugo. `--no-hugo` skips it.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let quick = args.iter().any(|a| a == "--quick");
    let n_articles = arg("--articles", if quick { 300 } else { 2000 });
    let n_entities = arg("--entities", if quick { 120 } else { 400 });
    let runs = arg("--runs", if quick { 2 } else { 3 });
    if let Some(dir) = args
        .iter()
        .position(|a| a == "--generate-only")
        .and_then(|i| args.get(i + 1))
    {
        // For measuring by hand (`dossier serve` on a big dossier).
        generate(Path::new(dir), n_articles, n_entities);
        println!("generated {n_articles} articles, {n_entities} entities in {dir}");
        return;
    }

    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("dossier");
    let t = Instant::now();
    let corpus = generate(&root, n_articles, n_entities);
    println!(
        "generated {n_articles} articles, {n_entities} entities in {:.0} ms",
        ms(t.elapsed())
    );

    let opts = dossier::BuildOptions::new(&root);
    let mut best = Duration::MAX;
    let mut report = None;
    for i in 0..runs {
        let t = Instant::now();
        let r = dossier::build(&opts).unwrap_or_else(|f| {
            panic!("{}", dossier::render_errors(&f.errors, &root));
        });
        let d = t.elapsed();
        println!("build {}: {:.0} ms", i + 1, ms(d));
        best = best.min(d);
        report = Some(r);
    }
    let r = report.unwrap();
    println!(
        "site: {} files, {:.1} MiB, {} mentions",
        r.files,
        r.bytes as f64 / 1048576.0,
        r.mentions
    );
    for (stage, d) in r.timings {
        println!("  {stage:<8} {:>8.1} ms (last run)", ms(d));
    }

    // The floor: copying the finished site, file by file, on this disk.
    let copy = dir.path().join("copy");
    let t = Instant::now();
    let ok = Command::new("cp")
        .arg("-r")
        .arg(opts.output())
        .arg(&copy)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    let floor = t.elapsed();
    if ok {
        println!(
            "floor (cp -r of the output): {:.0} ms; best build: {:.0} ms = {:.1}× the floor; {:.2} ms per file",
            ms(floor),
            ms(best),
            best.as_secs_f64() / floor.as_secs_f64(),
            ms(best) / r.files as f64
        );
    }

    if !args.iter().any(|a| a == "--no-hugo") {
        match hugo(dir.path(), &corpus, runs) {
            Some((h, files)) => println!(
                "hugo (same articles, entities as taxonomy terms): best {:.0} ms for {files} files; dossier: best {:.0} ms for {} files ({:.2}× Hugo's time)",
                ms(h),
                ms(best),
                r.files,
                best.as_secs_f64() / h.as_secs_f64()
            ),
            None => println!("hugo: not installed (apt-get install hugo), comparison skipped"),
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// What was generated, to write the same corpus for Hugo.
struct Corpus {
    names: Vec<String>,
    /// Per article: its text and the entities it mentions.
    articles: Vec<(String, Vec<usize>)>,
}

const KINDS: [&str; 4] = ["people", "countries", "organizations", "topics"];

/// A deterministic synthetic dossier: names drawn from syllables, articles
/// made of sentences that mention a few entities each.
fn generate(root: &Path, n_articles: usize, n_entities: usize) -> Corpus {
    let w = |rel: &str, text: &str| {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    };
    w(
        "content/dossier.yaml",
        "title: Banc d'essai\nlanguage: fr\nkinds:\n  people: { path: personnes, label: Personnes }\n  countries: { path: pays, label: Pays }\n  organizations: { path: organisations, label: Organisations }\n  topics: { path: themes, label: Thèmes }\n",
    );
    const SYL: [&str; 16] = [
        "ka", "lo", "mi", "ra", "sé", "tu", "vo", "zi", "ban", "dor", "fel", "gar", "hon", "jul",
        "mar", "nov",
    ];
    let mut seed = 0x2545F4914F6CDD1Du64;
    let mut rand = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let kinds = KINDS;
    let mut articles = Vec::with_capacity(n_articles);
    let mut names: Vec<String> = Vec::new();
    let mut files = vec![String::new(); 4];
    for i in 0..n_entities {
        let mut name = String::new();
        for part in 0..2 {
            if part > 0 {
                name.push(' ');
            }
            let mut word = String::new();
            for _ in 0..2 + rand() % 2 {
                word.push_str(SYL[(rand() % 16) as usize]);
            }
            let mut c = word.chars();
            let first = c.next().unwrap().to_uppercase().collect::<String>();
            name.push_str(&(first + c.as_str()));
        }
        name.push_str(&format!(" {}", roman(i + 1)));
        let k = i % 4;
        let _ = writeln!(
            files[k],
            "- id: e{i}\n  name: \"{name}\"\n  summary: Entité numéro {i}.\n  description: Liée à [[e{}]].",
            (i + 1) % n_entities
        );
        names.push(name);
    }
    for (k, text) in files.iter().enumerate() {
        w(&format!("content/entities/{}.yaml", kinds[k]), text);
    }
    for a in 0..n_articles {
        let mut text = String::new();
        let mut mentioned = Vec::new();
        for _ in 0..8 {
            for _ in 0..3 {
                let i1 = (rand() as usize) % names.len();
                let i2 = (rand() as usize) % names.len();
                mentioned.extend([i1, i2]);
                let (e1, e2) = (&names[i1], &names[i2]);
                let _ = write!(
                    text,
                    "Selon l’équipe, {e1} a rencontré {e2} pour parler de coopération et d’économie. "
                );
            }
            text.push('\n');
        }
        mentioned.sort_unstable();
        mentioned.dedup();
        w(&format!("seeds/a{a}.txt"), &text);
        w(
            &format!("content/articles/a{a}.yaml"),
            &format!(
                "seed: a{a}.txt\ntitle: Article {a}\ndate: 2025-{:02}-{:02}\nsource: {{ name: Source {} }}\n",
                1 + a % 12,
                1 + a % 28,
                a % 7
            ),
        );
        articles.push((text, mentioned));
    }
    Corpus { names, articles }
}

/// Writes the corpus as a Hugo site and times `hugo` building it, best of
/// `runs`. None when hugo is not installed or fails.
fn hugo(dir: &Path, corpus: &Corpus, runs: usize) -> Option<(Duration, usize)> {
    let version = Command::new("hugo").arg("version").output().ok()?;
    println!("hugo: {}", String::from_utf8_lossy(&version.stdout).trim());
    let site = dir.join("hugo-site");
    let w = |rel: &str, text: &str| {
        let p = site.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    };
    let mut config = String::from(
        "baseURL = \"http://example.org/\"\nlanguageCode = \"fr\"\ntitle = \"Banc d'essai\"\ndisableKinds = [\"RSS\"]\n[taxonomies]\n",
    );
    for k in KINDS {
        let _ = writeln!(config, "  {k} = \"{k}\"");
    }
    w("hugo.toml", &config);
    let page = "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n";
    w("layouts/_default/baseof.html", page);
    w(
        "layouts/_default/single.html",
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ range $t, $_ := .Site.Taxonomies }}{{ range ($.GetTerms $t) }}<a href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a> {{ end }}{{ end }}{{ end }}\n",
    );
    w(
        "layouts/_default/list.html",
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
    );
    for (a, (text, mentioned)) in corpus.articles.iter().enumerate() {
        let mut front = format!(
            "---\ntitle: \"Article {a}\"\ndate: 2025-{:02}-{:02}\n",
            1 + a % 12,
            1 + a % 28
        );
        for (k, kind) in KINDS.iter().enumerate() {
            let terms: Vec<String> = mentioned
                .iter()
                .filter(|&&e| e % 4 == k)
                .map(|&e| format!("\"{}\"", corpus.names[e]))
                .collect();
            let _ = writeln!(front, "{kind}: [{}]", terms.join(", "));
        }
        front.push_str("---\n");
        let body = text.lines().collect::<Vec<_>>().join("\n\n");
        w(
            &format!("content/articles/a{a}.md"),
            &format!("{front}{body}\n"),
        );
    }
    let mut best = Duration::MAX;
    let mut files = 0;
    for i in 0..runs {
        let out = dir.join(format!("hugo-public-{i}"));
        let t = Instant::now();
        let status = Command::new("hugo")
            .arg("--quiet")
            .arg("--source")
            .arg(&site)
            .arg("--destination")
            .arg(&out)
            .status()
            .ok()?;
        let d = t.elapsed();
        if !status.success() {
            println!("hugo failed");
            return None;
        }
        println!("hugo build {}: {:.0} ms", i + 1, ms(d));
        best = best.min(d);
        files = walk_count(&out);
    }
    Some((best, files))
}

fn walk_count(dir: &Path) -> usize {
    fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| {
                    let p = e.path();
                    if p.is_dir() { walk_count(&p) } else { 1 }
                })
                .sum()
        })
        .unwrap_or(0)
}

/// Entity names get a numeral so that they are unique.
fn roman(mut n: usize) -> String {
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in table {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}
