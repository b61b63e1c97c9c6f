//! The search index (Pagefind, in process): what a build writes with and
//! without it. Searching itself is tested in a browser (tests/e2e).

use crate::fixture::{self, Dossier};

#[test]
fn a_build_carries_the_index_the_search_page_and_a_box_on_every_page() {
    let f = Dossier::new();
    f.build_ok();
    let out = f.output();
    for file in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-ui.js",
        "pagefind/pagefind-ui.css",
        "pagefind/pagefind-worker.js",
        "pagefind/pagefind-entry.json",
        "pagefind/wasm.en.pagefind",
        "search/index.html",
        "assets/search.js",
    ] {
        assert!(out.join(file).is_file(), "{file} is missing");
    }
    // The index is in the dossier's language, and covers the articles, the
    // entity pages, the free page and the quotes page.
    let entry: serde_json::Value =
        serde_json::from_str(&f.read("public/pagefind/pagefind-entry.json")).unwrap();
    let langs = entry["languages"].as_object().unwrap();
    assert_eq!(langs.keys().collect::<Vec<_>>(), ["en"], "{entry}");
    // 2 articles, 5 entities, 1 page, the quotes page.
    assert_eq!(langs["en"]["page_count"], 9, "{entry}");

    for (path, html) in fixture::html_files(&out) {
        let p = path.to_string_lossy();
        if p == "search/index.html" {
            assert!(!html.contains("class=\"site-search\""));
            assert!(html.contains("script-src 'self' 'wasm-unsafe-eval';"));
            assert!(html.contains("pagefind/pagefind-ui.js"));
        } else {
            assert!(
                html.contains("class=\"site-search\""),
                "{p} has no search box"
            );
            // Only the search page may compile WebAssembly.
            assert!(!html.contains("wasm-unsafe-eval"), "{p}");
        }
    }
}

#[test]
fn no_search_builds_neither_index_nor_box() {
    let f = Dossier::new();
    let out = f.run(&["build", "--no-search"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!f.output().join("pagefind").exists());
    assert!(!f.output().join("search").exists());
    assert!(!f.output().join("assets/search.js").exists());
    for (path, html) in fixture::html_files(&f.output()) {
        assert!(!html.contains("site-search"), "{}", path.display());
    }
}

#[test]
fn a_kind_cannot_take_the_search_folders() {
    for path in ["search", "recherche", "pagefind"] {
        let f = Dossier::new();
        f.replace(
            "content/dossier.yaml",
            "path: countries",
            &format!("path: {path}"),
        );
        let failure = f.build_err();
        fixture::the_error(&failure, |e| {
            matches!(e, dossier::error::Error::ReservedPath { at, .. }
                if at.file.ends_with("dossier.yaml"))
        });
    }
}

/// `dossier build` with the index in parts of `part_pages` pages (the
/// environment variable the build reads; unset: the default size).
fn build_in_parts(f: &Dossier, part_pages: Option<&str>) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"));
    cmd.arg("build").current_dir(f.root());
    match part_pages {
        Some(n) => cmd.env(dossier::search::PART_PAGES_VAR, n),
        None => cmd.env_remove(dossier::search::PART_PAGES_VAR),
    };
    cmd.output().unwrap()
}

/// The pages a part of the index holds: the URL in each of its page
/// fragments (gzip, Pagefind's signature, then JSON).
fn fragment_urls(part: &std::path::Path) -> Vec<String> {
    use std::io::Read;
    let mut urls = Vec::new();
    for e in std::fs::read_dir(part.join("fragment")).unwrap() {
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(e.unwrap().path()).unwrap())
            .read_to_end(&mut bytes)
            .unwrap();
        let json = bytes
            .strip_prefix(b"pagefind_dcd")
            .expect("Pagefind's signature");
        let v: serde_json::Value = serde_json::from_slice(json).unwrap();
        urls.push(v["url"].as_str().unwrap().to_string());
    }
    urls
}

fn page_count(part: &std::path::Path) -> u64 {
    let entry: serde_json::Value =
        serde_json::from_slice(&std::fs::read(part.join("pagefind-entry.json")).unwrap()).unwrap();
    entry["languages"]["en"]["page_count"].as_u64().unwrap()
}

#[test]
fn a_dossier_larger_than_a_part_has_every_page_in_exactly_one_part() {
    let f = Dossier::new();
    let out = build_in_parts(&f, None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bundle = f.output().join("pagefind");
    // The standard dossier fits in one part: nothing to merge.
    assert_eq!(
        f.read("public/pagefind/dossier-parts.json"),
        r#"{"parts":[]}"#
    );
    let mut whole = fragment_urls(&bundle);
    whole.sort();
    assert_eq!(whole.len(), 9, "{whole:?}");

    // Parts of 2 pages: 5 parts, the first the bundle itself, the others
    // listed for the search page to merge.
    let out = build_in_parts(&f, Some("2"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: serde_json::Value =
        serde_json::from_str(&f.read("public/pagefind/dossier-parts.json")).unwrap();
    let parts: Vec<&str> = list["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(parts, ["part-1/", "part-2/", "part-3/", "part-4/"]);
    let mut found = fragment_urls(&bundle);
    let mut counted = page_count(&bundle);
    assert!(counted <= 2);
    for p in &parts {
        let dir = bundle.join(p);
        let n = page_count(&dir);
        assert!((1..=2).contains(&n), "{p}: {n} pages");
        counted += n;
        found.extend(fragment_urls(&dir));
        // Only the index: the first part's scripts and WebAssembly search
        // every part.
        assert!(!dir.join("pagefind.js").exists(), "{p}");
        assert!(!dir.join("wasm.en.pagefind").exists(), "{p}");
        assert!(dir.join("index").is_dir(), "{p}");
    }
    found.sort();
    // Every page indexed, each in one part only.
    assert_eq!(found, whole);
    assert_eq!(counted, 9);
    assert!(bundle.join("pagefind-ui.js").is_file());

    // The same input gives the same index.
    let before = fixture::snapshot(&bundle);
    let out = build_in_parts(&f, Some("2"));
    assert!(out.status.success());
    assert!(
        before == fixture::snapshot(&bundle),
        "the index changed between two builds"
    );
}

#[test]
fn a_part_size_that_is_no_number_of_pages_fails_the_build() {
    for bad in ["0", "many", "-3"] {
        let f = Dossier::new();
        let out = build_in_parts(&f, Some(bad));
        assert!(!out.status.success(), "{bad}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(dossier::search::PART_PAGES_VAR),
            "{bad}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!f.output().exists(), "{bad}");
    }
}
