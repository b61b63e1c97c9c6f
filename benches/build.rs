//! Build-speed benchmark: prints figures, asserts nothing (speed is
//! measured, not tested). Generates a synthetic dossier of N articles and M
//! entities in a temp folder and compares, in interleaved rounds (so that a
//! noisy machine blurs all of them alike), the `dossier` binary's build
//! with the floor, `cp -r` of its own output on the same disk, and with
//! Hugo and Zola when they are installed. Each build writes into a new
//! folder, as Hugo's and Zola's do. Medians of the rounds, wall time and
//! peak resident memory (of the child process, from `wait4`).
//!
//!     cargo bench --bench build                                  # 2,000 articles, 400 entities
//!     cargo bench --bench build -- --quick                       # 300 articles, 120 entities
//!     cargo bench --bench build -- --articles 10000 --entities 1000 [--runs 3] [--no-search]
//!     cargo bench --bench build -- --articles 10000 --generate-only DIR
//!                                           # writes the dossier, builds nothing
//!
//! When `hugo` is on the PATH (Debian package `hugo`), the same articles
//! are also written as a Hugo site, the entities as Hugo taxonomy terms
//! (one page per entity listing its articles: Hugo's nearest equivalent).
//! Hugo does less work here (no mention finding, no snippets, no quotes,
//! no graph), so the comparison flatters Hugo. `--no-hugo` skips it. Zola
//! gets the same treatment when `zola` is on the PATH (it is in no registry
//! this project uses; the line says so when it is missing).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
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
    let runs = arg("--runs", if quick { 2 } else { 3 }).max(1);
    // dossier without its search index (Pagefind), which Hugo and Zola
    // do not build either.
    let no_search = args.iter().any(|a| a == "--no-search");
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_dossier"));
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
    let hugo_site = (!args.iter().any(|a| a == "--no-hugo"))
        .then(|| hugo_site(dir.path(), &corpus))
        .flatten();
    let zola_site = (!args.iter().any(|a| a == "--no-zola"))
        .then(|| zola_site(dir.path(), &corpus))
        .flatten();
    drop(corpus);

    let mut ours: Vec<Run> = Vec::new();
    let mut floor: Vec<Duration> = Vec::new();
    let mut hugo: Vec<Run> = Vec::new();
    let mut zola: Vec<Run> = Vec::new();
    let mut last_timings = String::new();
    let mut summary = String::new();
    for i in 0..runs {
        let out = dir.path().join(format!("public-{i}"));
        let mut cmd = Command::new(&bin);
        cmd.arg("build")
            .arg("--root")
            .arg(&root)
            .arg("--output")
            .arg(&out)
            .arg("--timings");
        if no_search {
            cmd.arg("--no-search");
        }
        let r = run(&mut cmd).unwrap_or_else(|e| panic!("dossier build failed: {e}"));
        println!(
            "round {}: dossier {:.0} ms, {:.0} MiB peak",
            i + 1,
            ms(r.wall),
            r.rss_mib()
        );
        last_timings = r.stdout.clone();
        summary = r.stdout.lines().next().unwrap_or("").to_string();
        ours.push(r);
        // The floor: copying the finished site, file by file, on this disk.
        let copy = dir.path().join("copy");
        let t = Instant::now();
        let ok = Command::new("cp")
            .arg("-r")
            .arg(&out)
            .arg(&copy)
            .status()
            .is_ok_and(|s| s.success());
        let d = t.elapsed();
        if ok {
            println!("round {}: cp -r {:.0} ms", i + 1, ms(d));
            floor.push(d);
        }
        let _ = fs::remove_dir_all(&copy);
        if let Some(site) = &hugo_site {
            let out = dir.path().join(format!("hugo-public-{i}"));
            let mut cmd = Command::new("hugo");
            cmd.arg("--quiet")
                .arg("--source")
                .arg(site)
                .arg("--destination")
                .arg(&out);
            match run(&mut cmd) {
                Ok(r) => {
                    println!(
                        "round {}: hugo {:.0} ms, {:.0} MiB peak",
                        i + 1,
                        ms(r.wall),
                        r.rss_mib()
                    );
                    hugo.push(Run {
                        files: walk_count(&out),
                        ..r
                    });
                }
                Err(e) => println!("hugo failed: {e}"),
            }
            let _ = fs::remove_dir_all(&out);
        }
        if let Some(site) = &zola_site {
            let out = dir.path().join(format!("zola-public-{i}"));
            let mut cmd = Command::new("zola");
            cmd.arg("--root")
                .arg(site)
                .arg("build")
                .arg("--output-dir")
                .arg(&out);
            match run(&mut cmd) {
                Ok(r) => {
                    println!(
                        "round {}: zola {:.0} ms, {:.0} MiB peak",
                        i + 1,
                        ms(r.wall),
                        r.rss_mib()
                    );
                    zola.push(Run {
                        files: walk_count(&out),
                        ..r
                    });
                }
                Err(e) => println!("zola failed: {e}"),
            }
            let _ = fs::remove_dir_all(&out);
        }
        let files = walk_count(&out);
        if let Some(r) = ours.last_mut() {
            r.files = files;
            r.bytes = du(&out);
        }
        let _ = fs::remove_dir_all(&out);
    }

    println!("\n{summary}");
    print!("dossier --timings (last round):\n{}", {
        let t: Vec<&str> = last_timings.lines().skip(1).collect();
        t.join("\n") + "\n"
    });
    let d = median(ours.iter().map(|r| r.wall).collect());
    let rss = ours.iter().map(|r| r.rss_kib).max().unwrap_or(0);
    let files = ours.last().map_or(0, |r| r.files);
    let bytes = ours.last().map_or(0, |r| r.bytes);
    println!(
        "dossier: median {:.0} ms over {runs} round(s), {files} files, {:.1} MiB, {:.0} pages/s, peak RSS {:.0} MiB",
        ms(d),
        bytes as f64 / 1048576.0,
        files as f64 / d.as_secs_f64(),
        rss as f64 / 1024.0
    );
    if !floor.is_empty() {
        let f = median(floor);
        println!(
            "floor (cp -r of dossier's output): median {:.0} ms; dossier = {:.2}× the floor",
            ms(f),
            ratio(d, f)
        );
    }
    for (name, peer, installed) in [
        ("hugo", &hugo, hugo_site.is_some()),
        ("zola", &zola, zola_site.is_some()),
    ] {
        if peer.is_empty() {
            println!(
                "{name}: {}",
                if installed {
                    "failed, comparison skipped"
                } else {
                    "not installed (or skipped), comparison not measured"
                }
            );
            continue;
        }
        let p = median(peer.iter().map(|r| r.wall).collect());
        let prss = peer.iter().map(|r| r.rss_kib).max().unwrap_or(0);
        let pfiles = peer.last().map_or(0, |r| r.files);
        println!(
            "{name} (same articles, entities as taxonomy terms): median {:.0} ms for {pfiles} files, {:.0} pages/s, peak RSS {:.0} MiB; dossier = {:.2}× its time, {:.2}× its memory",
            ms(p),
            pfiles as f64 / p.as_secs_f64(),
            prss as f64 / 1024.0,
            ratio(d, p),
            rss as f64 / prss.max(1) as f64
        );
    }
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// One child process: wall time, peak resident set, what it printed.
struct Run {
    wall: Duration,
    rss_kib: u64,
    stdout: String,
    files: usize,
    bytes: u64,
}

impl Run {
    fn rss_mib(&self) -> f64 {
        self.rss_kib as f64 / 1024.0
    }
}

/// Runs a command to its end; its peak RSS comes from `wait4`.
fn run(cmd: &mut Command) -> Result<Run, String> {
    use std::io::Read;
    let t = Instant::now();
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut stdout = String::new();
    let mut stderr = String::new();
    if let Some(mut o) = child.stdout.take() {
        let _ = o.read_to_string(&mut stdout);
    }
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut stderr);
    }
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our child's; both pointers are valid for the call.
    let r = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    let wall = t.elapsed();
    if r < 0 {
        return Err(std::io::Error::last_os_error().to_string());
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        return Err(format!("exit status {status}: {stderr}"));
    }
    Ok(Run {
        wall,
        rss_kib: usage.ru_maxrss as u64,
        stdout,
        files: 0,
        bytes: 0,
    })
}

fn du(dir: &Path) -> u64 {
    fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| {
                    let p = e.path();
                    if p.is_dir() {
                        du(&p)
                    } else {
                        e.metadata().map_or(0, |m| m.len())
                    }
                })
                .sum()
        })
        .unwrap_or(0)
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

/// Writes the corpus as a Hugo site; None when hugo is not installed.
fn hugo_site(dir: &Path, corpus: &Corpus) -> Option<PathBuf> {
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
        for (kind, terms) in taxonomy_terms(corpus, mentioned) {
            let _ = writeln!(front, "{kind}: [{terms}]");
        }
        front.push_str("---\n");
        let body = text.lines().collect::<Vec<_>>().join("\n\n");
        w(
            &format!("content/articles/a{a}.md"),
            &format!("{front}{body}\n"),
        );
    }
    Some(site)
}

/// Writes the corpus as a Zola site (entities as taxonomy terms, as for
/// Hugo); None when zola is not installed.
fn zola_site(dir: &Path, corpus: &Corpus) -> Option<PathBuf> {
    let version = Command::new("zola").arg("--version").output().ok()?;
    println!("zola: {}", String::from_utf8_lossy(&version.stdout).trim());
    let site = dir.join("zola-site");
    let w = |rel: &str, text: &str| {
        let p = site.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    };
    let mut config = String::from(
        "base_url = \"http://example.org\"\ntitle = \"Banc d'essai\"\ndefault_language = \"fr\"\ntaxonomies = [\n",
    );
    for k in KINDS {
        let _ = writeln!(config, "  {{ name = \"{k}\" }},");
    }
    config.push_str("]\n");
    w("config.toml", &config);
    w(
        "templates/index.html",
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{{ config.title }}</title></head><body><main>{{ section.title }}</main></body></html>\n",
    );
    w(
        "templates/section.html",
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{{ section.title }}</title></head><body><main><ul>{% for p in section.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul></main></body></html>\n",
    );
    w(
        "templates/page.html",
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{{ page.title }}</title></head><body><main><h1>{{ page.title }}</h1>{{ page.content | safe }}{% for t, terms in page.taxonomies %}{% for term in terms %}<a href=\"{{ get_taxonomy_url(kind=t, name=term) }}\">{{ term }}</a> {% endfor %}{% endfor %}</main></body></html>\n",
    );
    w(
        "templates/taxonomy_list.html",
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{{ taxonomy.name }}</title></head><body><main><ul>{% for t in terms %}<li><a href=\"{{ t.permalink }}\">{{ t.name }}</a></li>{% endfor %}</ul></main></body></html>\n",
    );
    w(
        "templates/taxonomy_single.html",
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{{ term.name }}</title></head><body><main><ul>{% for p in term.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul></main></body></html>\n",
    );
    w(
        "content/articles/_index.md",
        "+++\ntitle = \"Articles\"\n+++\n",
    );
    for (a, (text, mentioned)) in corpus.articles.iter().enumerate() {
        let mut front = format!(
            "+++\ntitle = \"Article {a}\"\ndate = 2025-{:02}-{:02}\n[taxonomies]\n",
            1 + a % 12,
            1 + a % 28
        );
        for (kind, terms) in taxonomy_terms(corpus, mentioned) {
            let _ = writeln!(front, "{kind} = [{terms}]");
        }
        front.push_str("+++\n");
        let body = text.lines().collect::<Vec<_>>().join("\n\n");
        w(
            &format!("content/articles/a{a}.md"),
            &format!("{front}{body}\n"),
        );
    }
    Some(site)
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

/// An article's mentioned entities as the peers' taxonomy terms: each kind
/// with its quoted names, comma-separated (the same in YAML and TOML).
fn taxonomy_terms<'c>(
    corpus: &'c Corpus,
    mentioned: &'c [usize],
) -> impl Iterator<Item = (&'static str, String)> + 'c {
    KINDS.iter().enumerate().map(move |(k, kind)| {
        let terms: Vec<String> = mentioned
            .iter()
            .filter(|&&e| e % 4 == k)
            .map(|&e| format!("\"{}\"", corpus.names[e]))
            .collect();
        (*kind, terms.join(", "))
    })
}
