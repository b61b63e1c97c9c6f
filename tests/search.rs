//! The search index (Pagefind, in process): what a build writes with and
//! without it. Searching itself is tested in a browser (tests/e2e).

mod common;

use common::Fixture;

#[test]
fn a_build_carries_the_index_the_search_page_and_a_box_on_every_page() {
    let f = Fixture::new();
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

    for (path, html) in common::html_files(&out) {
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
    let f = Fixture::new();
    let out = f.run(&["build", "--no-search"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!f.output().join("pagefind").exists());
    assert!(!f.output().join("search").exists());
    assert!(!f.output().join("assets/search.js").exists());
    for (path, html) in common::html_files(&f.output()) {
        assert!(!html.contains("site-search"), "{}", path.display());
    }
}

#[test]
fn a_kind_cannot_take_the_search_folders() {
    for path in ["search", "recherche", "pagefind"] {
        let f = Fixture::new();
        f.replace(
            "content/dossier.yaml",
            "path: countries",
            &format!("path: {path}"),
        );
        let failure = f.build_err();
        common::the_error(&failure, |e| {
            matches!(e, dossier::error::Error::Invalid { at, .. }
                if at.file.ends_with("dossier.yaml"))
        });
    }
}
