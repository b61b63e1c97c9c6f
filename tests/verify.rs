//! `dossier check` reports every error `dossier build` reports (issue 10,
//! item 1): both run the one validation step (load, analyse, render, then
//! `dossier::verify`: static collisions, links and anchors), and only
//! `build` writes. For each kind of error, the two report the same error
//! variants, the binary exits with the same status, and neither touches
//! the output.

use crate::fixture::{self, Dossier};
use dossier::error::Error;
use std::mem::discriminant;

/// Runs `check` and `build` on `d`, which must fail; asserts that both
/// fail with the same errors, that the binary exits with the same status
/// for both, and that the previous site is left as it was. Returns the
/// errors.
fn same_failure(d: &Dossier) -> Vec<Error> {
    let before = fixture::snapshot(&d.output());
    let check = match d.check() {
        Ok(r) => panic!("check passed (warnings: {:?})", r.warnings),
        Err(f) => f,
    };
    let build = d.build_err();
    assert_eq!(
        check.errors.iter().map(discriminant).collect::<Vec<_>>(),
        build.errors.iter().map(discriminant).collect::<Vec<_>>(),
        "check:\n{}\nbuild:\n{}",
        d.render(&check),
        d.render(&build)
    );
    assert_eq!(check.errors, build.errors);
    let (c, b) = (d.run(&["check"]), d.run(&["build"]));
    assert_eq!(
        c.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&c.stderr)
    );
    assert_eq!(b.status.code(), c.status.code());
    fixture::assert_same_tree(&before, &fixture::snapshot(&d.output()));
    build.errors
}

/// A dossier built once, so that a failed build has a site to keep.
fn built() -> Dossier {
    let d = Dossier::new();
    d.build_ok();
    d
}

#[test]
fn a_content_error_fails_check_and_build_alike() {
    let d = built();
    d.replace(
        "content/articles/talks.yaml",
        "tags: [lavrov",
        "tags: [lavrof",
    );
    let errors = same_failure(&d);
    assert!(
        errors.iter().any(|e| matches!(e, Error::UnknownRef { .. })),
        "{errors:?}"
    );
}

#[test]
fn a_broken_link_in_a_template_override_fails_check_and_build_alike() {
    let d = built();
    d.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title }}</h1>\n\
         <a href=\"{{ frame.root }}nowhere/index.html\">gone</a>\n{{ page.html | safe }}\n\
         {% endblock content %}\n",
    );
    let errors = same_failure(&d);
    assert!(!errors.is_empty());
    assert!(
        errors.iter().all(
            |e| matches!(e, Error::BrokenLink { page, target } if page.starts_with("pages/") && target.starts_with("../../nowhere/"))
        ),
        "{errors:?}"
    );
}

#[test]
fn a_static_file_over_a_generated_one_fails_check_and_build_alike() {
    let d = built();
    d.write("static/index.html", "<p>mine</p>");
    d.write("static/pagefind/pagefind.js", "// mine");
    let errors = same_failure(&d);
    let files: Vec<String> = errors
        .iter()
        .map(|e| match e {
            Error::BadStatic {
                at,
                problem: dossier::error::StaticProblem::OverGenerated,
            } => at.file.display().to_string(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(files, ["static/index.html", "static/pagefind/pagefind.js"]);
}

#[test]
fn without_search_the_index_folder_is_free() {
    let d = built();
    d.write("static/pagefind/notes.txt", "mine");
    let mut opts = d.opts();
    opts.search = false;
    dossier::check(&opts).unwrap_or_else(|f| panic!("{}", d.render(&f)));
    dossier::build(&opts).unwrap_or_else(|f| panic!("{}", d.render(&f)));
    assert_eq!(d.read("public/pagefind/notes.txt"), "mine");
}

#[test]
fn the_list_of_articles_is_split_into_pages_whose_links_are_verified() {
    let d = Dossier::new();
    // 2 standard articles + 999: 1,001 in all, newest first.
    for i in 0..999 {
        d.add_article(
            &format!("extra-{i:04}"),
            &format!("Extra {i}"),
            "2024-01-01",
            &[],
            "Sergei Lavrov met the press.",
        );
    }
    let mut opts = d.opts();
    opts.search = false;
    dossier::check(&opts).unwrap_or_else(|f| panic!("{}", d.render(&f)));
    dossier::build(&opts).unwrap_or_else(|f| panic!("{}", d.render(&f)));
    let out = d.output();
    let first = d.read("public/articles/index.html");
    let second = d.read("public/articles/page/2/index.html");
    assert_eq!(first.matches("<li class=\"card\">").count(), 1000);
    assert_eq!(second.matches("<li class=\"card\">").count(), 1);
    // the oldest article is alone on the last page
    assert!(second.contains("Extra 0<"), "{second}");
    assert!(first.contains("href=\"../articles/page/2/index.html\" rel=\"next\""));
    assert!(!first.contains("rel=\"prev\""));
    assert!(second.contains("href=\"../../../articles/index.html\" rel=\"prev\""));
    assert!(second.contains("Page 2 of 2"));
    assert!(!out.join("articles/page/3").exists());
}
