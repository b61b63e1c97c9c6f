//! Load-speed benchmark: prints figures, asserts nothing (speed is
//! measured, not tested). Generates dossiers of many entities in a temp
//! folder (four entity files; each entity with an alias, a summary, a fact
//! and every tenth an `[[id]]` link; 200 articles tagging them) and times
//! `load::load` on each. Load must stay linear in the number of entities.
//!
//!     cargo bench --bench load                   # 10,000, 40,000 and 100,000 entities
//!     cargo bench --bench load -- --entities 40000
//!     cargo bench --bench load -- --quick        # 2,000 and 8,000

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let sizes: Vec<usize> = match args.iter().position(|a| a == "--entities") {
        Some(i) => args[i + 1..].iter().map_while(|v| v.parse().ok()).collect(),
        None if quick => vec![2_000, 8_000],
        None => vec![10_000, 40_000, 100_000],
    };
    let runs = if quick { 1 } else { 2 };
    println!("entities   articles   load (best of {runs})   per 1,000 entities");
    for n in sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("dossier");
        generate(&root, n, 200);
        let mut best = Duration::MAX;
        for _ in 0..runs {
            let t = Instant::now();
            let loaded = dossier::load::load(&root);
            let took = t.elapsed();
            match loaded {
                Ok(l) => assert_eq!(l.dossier.entities.len(), n),
                Err(e) => panic!("the generated dossier does not load: {:?}", &e.errors[..1]),
            }
            best = best.min(took);
        }
        println!(
            "{n:>8}   {:>8}   {:>10.0} ms           {:>6.1} ms",
            200,
            ms(best),
            ms(best) * 1000.0 / n as f64
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A valid dossier of `n_entities` entities over four kinds, and
/// `n_articles` articles each tagging a few of them.
fn generate(root: &Path, n_entities: usize, n_articles: usize) {
    for d in ["content/entities", "content/articles", "seeds"] {
        fs::create_dir_all(root.join(d)).unwrap();
    }
    fs::write(
        root.join("content/dossier.yaml"),
        "title: Load benchmark\nlanguage: en\n",
    )
    .unwrap();
    let kinds = ["people", "countries", "organizations", "topics"];
    let mut files = vec![String::new(); kinds.len()];
    for i in 0..n_entities {
        let f = &mut files[i % kinds.len()];
        let _ = write!(
            f,
            "- id: e{i}\n  name: Entity Number {i}\n  aliases: [Number {i} Alias]\n  summary: \"Summary of entity {i}.\"\n"
        );
        if i % 10 == 0 && i > 0 {
            let _ = writeln!(f, "  description: \"Works with [[e{}]].\"", i - 1);
        }
        let _ = writeln!(f, "  facts:\n    Born: \"{}\"", 1900 + i % 100);
    }
    for (k, text) in kinds.iter().zip(&files) {
        fs::write(root.join(format!("content/entities/{k}.yaml")), text).unwrap();
    }
    for a in 0..n_articles {
        let tags: Vec<String> = (0..5)
            .map(|t| format!("e{}", (a * 7 + t * 13) % n_entities))
            .collect();
        fs::write(
            root.join(format!("content/articles/a{a}.yaml")),
            format!(
                "seed: a{a}.txt\ntitle: \"Article {a}\"\ndate: 2024-01-{:02}\nsource: {{ name: Wire }}\ntags: [{}]\n",
                a % 28 + 1,
                tags.join(", ")
            ),
        )
        .unwrap();
        fs::write(
            root.join(format!("seeds/a{a}.txt")),
            format!("Article {a}\n\nEntity Number {a} met the press on Monday.\n"),
        )
        .unwrap();
    }
}
