//! From a folder of saved articles to a first dossier: `dossier init`,
//! `dossier add`, and the surprises a new user met (issue 13), one test or
//! more per item of the list.

use crate::fixture::{self, Dossier, the_error};
use dossier::add::{AddOptions, add};
use dossier::error::{Error, Loc};
use std::path::{Path, PathBuf};
use std::process::Command;

const PEOPLE: &str = "content/entities/people.yaml";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
}

fn pages() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages")
}

// ------------------------------------------------------ 1. a way to start ----

#[test]
fn init_then_build_gives_a_site() {
    for lang in ["en", "fr"] {
        let dir = Dossier::empty();
        let root = dir.path("new");
        let out = bin()
            .args(["init", root.to_str().unwrap(), "--language", lang])
            .args(["--title", "Port strike: a dossier"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let out = bin().args(["build"]).current_dir(&root).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{lang}: {stdout}{stderr}");
        // A clean first build: no warning to puzzle over.
        assert!(!stderr.contains("warning"), "{lang}: {stderr}");
        let index = std::fs::read_to_string(root.join("public/index.html")).unwrap();
        assert!(index.contains("Port strike: a dossier"), "{lang}");
        assert!(root.join(".gitignore").exists());
        // Every entity of the example has its page, the article its own.
        let report = dossier::build(&dossier::BuildOptions::new(&root)).unwrap();
        assert_eq!(report.articles, 1, "{lang}");
        assert_eq!(report.entities, 4, "{lang}");
        assert!(report.warnings.is_empty(), "{lang}: {:?}", report.warnings);
        // And init never overwrites.
        let out = bin()
            .args(["init", root.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(!out.status.success());
    }
}

/// `init` refuses a folder holding a dossier, and any file it would
/// overwrite, each with its own error, and writes nothing then.
#[test]
fn init_refuses_a_dossier_and_a_file_it_would_overwrite() {
    use dossier::model::Lang;
    let dir = Dossier::empty();
    let root = dir.path("new");
    dossier::init::init(&root, Lang::En, None).unwrap();
    let e = dossier::init::init(&root, Lang::En, None).unwrap_err();
    assert!(
        matches!(&e, Error::AlreadyADossier { dir, .. } if dir == &root),
        "{e:?}"
    );
    let dossier_yaml = root.join("content/dossier.yaml");
    assert_eq!(e.location(), Some(&Loc::file(&dossier_yaml)));
    assert!(e.help().is_some(), "{e:?}");

    // No dossier.yaml yet, but a file init writes is there.
    let other = dir.path("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join(".gitignore"), "mine\n").unwrap();
    let e = dossier::init::init(&other, Lang::Fr, None).unwrap_err();
    let gitignore = other.join(".gitignore");
    assert!(
        matches!(&e, Error::InitWouldOverwrite { path, .. } if path == &gitignore),
        "{e:?}"
    );
    assert_eq!(e.location(), Some(&Loc::file(&gitignore)));
    assert!(e.help().is_some(), "{e:?}");
    assert!(!other.join("content").exists());
    assert_eq!(std::fs::read_to_string(&gitignore).unwrap(), "mine\n");
}

#[test]
fn a_title_alone_is_a_dossier_and_no_dossier_points_at_init() {
    let d = Dossier::bare();
    d.write("content/dossier.yaml", "title: Only a title\n");
    d.add_article(
        "a",
        "A",
        "2024-03-14",
        &[],
        "Some text about nothing in particular.\n",
    );
    let r = d.build_ok();
    assert_eq!(r.articles, 1);

    d.remove("content/dossier.yaml");
    let f = d.build_err();
    let text = d.render(&f);
    assert!(text.contains("dossier init"), "{text}");
    assert!(!text.contains("docs/"), "{text}");
}

// ---------------------------------------------------- 2. adding articles ----

fn add_to(d: &Dossier, files: &[PathBuf]) -> Vec<dossier::add::Added> {
    let r = add(&AddOptions {
        root: d.root().to_path_buf(),
        files: files.to_vec(),
        ..AddOptions::default()
    })
    .unwrap_or_else(|e| {
        panic!(
            "{}",
            d.render(&dossier::Failure {
                errors: e,
                warnings: vec![]
            })
        )
    });
    r.into_iter()
        .map(|r| r.unwrap_or_else(|e| panic!("{e:?}")))
        .collect()
}

#[test]
fn add_reads_saved_news_pages() {
    let d = Dossier::new();
    d.add_entity("people", "de-vries", "Marieke de Vries", &[]);
    let a = add_to(
        &d,
        &[
            pages().join("wire-og.html"),
            pages().join("jsonld.html"),
            pages().join("fr-presse.html"),
        ],
    );

    // Open Graph and article: meta tags.
    let og = &a[0];
    assert_eq!(og.id, "2024-03-14-port-strike-spreads-to-three-more-cities");
    let art = d.read("content/articles/2024-03-14-port-strike-spreads-to-three-more-cities.yaml");
    assert!(
        art.contains("title: \"Port strike spreads to three more cities\""),
        "{art}"
    );
    assert!(art.contains("date: 2024-03-14"), "{art}");
    assert!(art.contains("name: \"The Daily Ledger\""), "{art}");
    assert!(
        art.contains(
            "url: \"https://www.dailyledger.example/world/2024/mar/14/port-strike-spreads\""
        ),
        "{art}"
    );
    assert!(art.contains("author: \"Helen Marsh\""), "{art}");
    // Known entities found in the text are proposed as tags.
    assert_eq!(og.tags, ["de-vries"]);
    let seed = d.read("seeds/2024-03-14-port-strike-spreads-to-three-more-cities.txt");
    assert!(seed.starts_with("Port strike spreads to three more cities\n\nThe strike that closed"));
    assert!(
        seed.contains("\n\nSupply chains under strain\n\n"),
        "{seed}"
    );
    assert!(seed.contains("“We have been patient for eighteen months"));
    assert!(
        seed.trim_end()
            .ends_with("Talks are due to resume in Brussels on Monday.")
    );
    for noise in [
        "cookie",
        "Share on",
        "Most viewed",
        "Photograph:",
        "Sign up",
        "Related",
        "Advertisement",
        "All rights reserved",
        "Subscribe",
        "By Helen Marsh",
    ] {
        assert!(!seed.contains(noise), "`{noise}` in the seed:\n{seed}");
    }

    // JSON-LD NewsArticle inside @graph, no Open Graph at all.
    let art = d.read("content/articles/2023-11-02-minister-resigns-over-procurement-report.yaml");
    assert!(art.contains("date: 2023-11-02"), "{art}");
    assert!(art.contains("name: \"Capital Times\""), "{art}");
    assert!(art.contains("url: \"https://capitaltimes.example/politics/minister-resigns-1234\""));
    assert!(
        art.contains("author: \"Tomás Ribeiro, Ana Costa\""),
        "{art}"
    );
    let seed = d.read("seeds/2023-11-02-minister-resigns-over-procurement-report.txt");
    assert!(seed.contains("The health minister, Paulo Mendes, resigned on Thursday evening"));
    assert!(seed.contains("parliamentary inquiry."));
    for noise in [
        "ADVERTISEMENT",
        "READ MORE",
        "Photo:",
        "Trending",
        "Comments",
        "WhatsApp",
        "Log in",
    ] {
        assert!(!seed.contains(noise), "`{noise}` in the seed:\n{seed}");
    }

    // French: the language differs from the dossier's, and is written.
    let art =
        d.read("content/articles/2025-04-03-au-sahel-les-ministres-de-l-aes-recus-a-moscou.yaml");
    assert!(art.contains("language: fr"), "{art}");
    assert!(art.contains("name: \"Le Quotidien du Fleuve\""), "{art}");
    let seed = d.read("seeds/2025-04-03-au-sahel-les-ministres-de-l-aes-recus-a-moscou.txt");
    assert!(seed.contains("« Nous sommes venus chercher des partenaires sincères »"));
    for noise in ["© AFP", "Lire aussi", "Partager", "Par Awa Traoré"] {
        assert!(!seed.contains(noise), "`{noise}` in the seed:\n{seed}");
    }

    // The result builds, and what it dropped was said.
    d.build_ok();
    assert!(a[1].dropped.iter().any(|x| x.starts_with("caption:")));
}

#[test]
fn add_says_what_it_could_not_find_and_never_overwrites() {
    let d = Dossier::new();
    let out = d.run(&["add", pages().join("bare.html").to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(stdout.contains("missing  date"), "{stdout}");
    assert!(stdout.contains("missing  source"), "{stdout}");
    // The build then names the empty key's line.
    let f = d.build_err();
    let e = the_error(&f, |e| matches!(e, Error::MissingKey { key: "date", .. }));
    assert_eq!(
        e.location().unwrap(),
        &Loc::at("content/articles/notes-from-the-hearing.yaml", 4, 1)
    );
    // Adding the same page again is refused; the files are unchanged.
    let before = fixture::snapshot(d.root());
    let out = d.run(&["add", pages().join("bare.html").to_str().unwrap()]);
    assert!(!out.status.success());
    fixture::assert_same_tree(&before, &fixture::snapshot(d.root()));
    // The same through the library: the error names the seed it is.
    let bare = pages().join("bare.html");
    let r = add(&AddOptions {
        root: d.root().to_path_buf(),
        files: vec![bare.clone()],
        ..AddOptions::default()
    })
    .unwrap();
    let e = r[0].as_ref().unwrap_err();
    assert!(
        matches!(e, Error::AlreadyAdded { seed, id, .. }
            if seed == Path::new("seeds/notes-from-the-hearing.txt")
                && id == "notes-from-the-hearing"),
        "{e:?}"
    );
    assert_eq!(e.location(), Some(&Loc::file(&bare)));
    assert!(e.help().is_some(), "{e:?}");
    fixture::assert_same_tree(&before, &fixture::snapshot(d.root()));
    // --date and --source fill in what the page lacks.
    let d = Dossier::new();
    let out = d.run(&[
        "add",
        pages().join("bare.html").to_str().unwrap(),
        "--date",
        "2024-05",
        "--source",
        "Hearing notes",
    ]);
    assert!(out.status.success(), "{out:?}");
    d.build_ok();
    // A bad --date is refused before anything is written.
    let d = Dossier::new();
    let out = d.run(&[
        "add",
        pages().join("bare.html").to_str().unwrap(),
        "--date",
        "14/05/2024",
    ]);
    assert!(!out.status.success());
    assert!(!d.path("seeds/notes-from-the-hearing.txt").exists());
}

#[test]
fn add_takes_text_and_markdown_and_a_seed_already_in_place() {
    let d = Dossier::new();
    // A text already in seeds/: only its article file is written.
    d.write(
        "seeds/mali-note.txt",
        "Lavrov meets the Mali delegation\nSergei Lavrov met the Mali delegation again.\n",
    );
    let r = add(&AddOptions {
        root: d.root().to_path_buf(),
        files: vec![d.path("seeds/mali-note.txt")],
        date: Some("2025-04-05".into()),
        source: Some("Notes".into()),
        ..AddOptions::default()
    })
    .unwrap();
    let a = r[0].as_ref().unwrap();
    assert!(!a.seed_written);
    assert_eq!(a.seed, Path::new("seeds/mali-note.txt"));
    assert_eq!(a.id, "2025-04-05-lavrov-meets-the-mali-delegation");
    assert_eq!(a.tags, ["lavrov", "mali"]);
    let art = d.read("content/articles/2025-04-05-lavrov-meets-the-mali-delegation.yaml");
    assert!(art.contains("seed: \"mali-note.txt\""), "{art}");
    assert!(
        art.contains("title: \"Lavrov meets the Mali delegation\""),
        "{art}"
    );
    // A Markdown file with front matter is a complete article: copied.
    let elsewhere = Dossier::empty();
    elsewhere.write(
        "brief.md",
        "---\ntitle: A brief\ndate: 2025-04-05\nsource: { name: Notes }\n---\nDiop spoke to Russia.\n",
    );
    let md = elsewhere.path("brief.md");
    let a = add_to(&d, &[md]);
    assert_eq!(a[0].article, None);
    assert!(a[0].missing.is_empty(), "{:?}", a[0].missing);
    assert_eq!(d.read("seeds/brief.md").lines().next(), Some("---"));
    let r = d.build_ok();
    assert_eq!(r.articles, 4);
}

// ------------------------------------------------ 3. no silent ignores ----

#[test]
fn a_seed_no_article_uses_is_a_warning() {
    let d = Dossier::new();
    d.write("seeds/forgotten.txt", "Lavrov said nothing.\n");
    d.write("seeds/saved.html", "<p>Lavrov</p>\n");
    let r = d.build_ok();
    let codes: Vec<&str> = r.warnings.iter().map(|w| w.code.as_str()).collect();
    assert!(
        codes.contains(&"unpublished-seed:forgotten.txt"),
        "{codes:?}"
    );
    assert!(codes.contains(&"unpublished-seed:saved.html"), "{codes:?}");
    let w = r
        .warnings
        .iter()
        .find(|w| w.code == "unpublished-seed:forgotten.txt")
        .unwrap();
    assert_eq!(w.at, Some(Loc::file("seeds/forgotten.txt")));
    assert!(w.message.contains("dossier add"), "{}", w.message);

    // A seed whose article file has a syntax error is not "unused" too.
    d.replace(
        "content/articles/visit.yaml",
        "title: Diop visits Russia",
        "title: Diop: a visit",
    );
    let f = d.build_err();
    assert!(
        !f.warnings
            .iter()
            .any(|w| w.code == "unpublished-seed:visit.txt"),
        "{:?}",
        f.warnings
    );
}

#[test]
fn a_mistyped_seed_gets_a_did_you_mean() {
    let d = Dossier::new();
    d.replace(
        "content/articles/visit.yaml",
        "seed: visit.txt",
        "seed: vist.txt",
    );
    let f = d.build_err();
    let e = the_error(&f, |e| matches!(e, Error::MissingSeed { .. }));
    let Error::MissingSeed { suggestion, .. } = e else {
        unreachable!()
    };
    assert_eq!(suggestion.as_deref(), Some("visit.txt"));
    assert!(d.render(&f).contains("did you mean `visit.txt`?"));
}

// ------------------------------------------------ 4. YAML and dates ----

#[test]
fn an_unquoted_colon_in_a_title_says_to_quote_it() {
    let d = Dossier::new();
    d.replace(
        "content/articles/visit.yaml",
        "title: Diop visits Russia",
        "title: Diop visits Russia: day two",
    );
    let f = d.build_err();
    let e = the_error(&f, |e| matches!(e, Error::Yaml { .. }));
    assert_eq!(
        e.location().unwrap(),
        &Loc::at("content/articles/visit.yaml", 2, 26)
    );
    let help = e.help().unwrap();
    assert!(
        help.contains("title: \"Diop visits Russia: day two\""),
        "{help}"
    );
}

#[test]
fn a_tab_and_an_unclosed_quote_are_explained() {
    let d = Dossier::new();
    d.replace(
        "content/articles/visit.yaml",
        "  name: Other Wire",
        "\tname: Other Wire",
    );
    let f = d.build_err();
    let e = the_error(&f, |e| matches!(e, Error::Yaml { .. }));
    assert!(e.help().unwrap().contains("spaces only"), "{e:?}");

    let d = Dossier::new();
    d.replace(
        "content/articles/visit.yaml",
        "title: Diop visits Russia",
        "title: \"Diop visits Russia",
    );
    let f = d.build_err();
    let e = the_error(&f, |e| matches!(e, Error::Yaml { .. }));
    assert_eq!(
        e.location().unwrap(),
        &Loc::at("content/articles/visit.yaml", 2, 8),
        "{e:?}"
    );
    assert!(
        e.help().unwrap().contains("end the value with `\"`"),
        "{e:?}"
    );
}

#[test]
fn a_date_of_the_right_form_that_does_not_exist_says_so() {
    let d = Dossier::new();
    d.replace(
        "content/articles/visit.yaml",
        "date: 2025-04-04",
        "date: 2025-02-30",
    );
    let f = d.build_err();
    let e = the_error(&f, |e| matches!(e, Error::BadDate { .. }));
    let help = e.help().unwrap();
    assert!(help.contains("does not exist"), "{help}");
    assert!(!help.contains("write dates as"), "{help}");
}

// ------------------------------------------------ 5. English ----

fn page(d: &Dossier, rel: &str) -> String {
    std::fs::read_to_string(d.output().join(rel)).unwrap()
}

#[test]
fn english_quotes_get_english_quotation_marks() {
    let d = Dossier::new();
    d.build_ok();
    let quotes = page(&d, "quotes/index.html");
    assert!(
        quotes.contains("<blockquote><p>“We came to listen,”</p></blockquote>")
            || quotes.contains("<p>“"),
        "{quotes}"
    );
    assert!(!quotes.contains('«'), "{quotes}");
    let claims = page(&d, "disagreements/index.html");
    assert!(claims.contains("<p>“a visit of two days”</p>"), "{claims}");
    assert!(!claims.contains('«'));
}

#[test]
fn counts_of_one_are_singular_on_pages_and_in_the_cli() {
    let d = Dossier::new();
    d.build_ok();
    // Cédéao is named in one article only.
    let cedeao = page(&d, "countries/cedeao/index.html");
    assert!(cedeao.contains("1 article<"), "{cedeao}");
    assert!(!cedeao.contains("1 articles"));
    let graph = page(&d, "graph/index.html");
    assert!(graph.contains(">1 paragraph</span>"), "{graph}");
    assert!(!graph.contains(">1 paragraphs<"), "{graph}");
    // One claim on the home page: "1 Disagreement".
    let home = page(&d, "index.html");
    assert!(
        home.contains("<strong>1</strong> <span>Disagreement</span>"),
        "{home}"
    );

    let d = Dossier::new();
    d.remove("content/articles/visit.yaml");
    d.remove("seeds/visit.txt");
    d.write("content/claims.yaml", "");
    let out = d.run(&["build"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("built 1 article,"), "{stdout}{stderr}");
}

#[test]
fn english_candidates_are_not_months_or_weekdays() {
    let d = Dossier::new();
    d.append(
        "seeds/visit.txt",
        "\nOn Thursday the Bank of England spoke. In November the Bank of England spoke again.\n\nThursday came. The Bank of England, in November, was silent.\n",
    );
    let r = d.check().unwrap();
    let names: Vec<&str> = r.candidates.iter().map(|c| c.text.as_str()).collect();
    assert!(names.contains(&"Bank of England"), "{names:?}");
    for no in ["Thursday", "November", "On", "In", "The"] {
        assert!(!names.contains(&no), "{no} in {names:?}");
    }
}

#[test]
fn the_entity_page_heads_its_tagged_articles_as_such() {
    let d = Dossier::new();
    d.build_ok();
    let lavrov = page(&d, "people/lavrov/index.html");
    assert!(
        lavrov.contains("<h2>Articles tagged with it</h2>"),
        "{lavrov}"
    );
    assert!(!lavrov.contains("<h2>Tags</h2>"));
}

// ------------------------------------------------ 6. warnings ----

#[test]
fn the_short_alias_warning_points_at_the_alias() {
    let d = Dossier::new();
    d.add_entity("people", "goita", "Assimi Goïta", &["AG"]);
    d.append("seeds/visit.txt", "\nAssimi Goïta was not there.\n");
    let r = d.build_ok();
    let w = r
        .warnings
        .iter()
        .find(|w| w.kind() == "short-alias")
        .unwrap();
    // Lines 12–14 of people.yaml: `- id: goita`, `name:`, `aliases: ["AG"]`.
    assert_eq!(w.at, Some(Loc::at(PEOPLE, 14, 14)), "{w}");
    assert_eq!(w.code, "short-alias:goita");
}

#[test]
fn quiet_acknowledges_a_warning_and_a_stale_entry_is_said() {
    let d = Dossier::new();
    d.add_entity("people", "goita", "Assimi Goïta", &["AG"]);
    d.append("seeds/visit.txt", "\nAssimi Goïta was not there.\n");
    assert_eq!(d.build_ok().warnings.len(), 1);
    d.append("content/dossier.yaml", "quiet: [short-alias:goita]\n");
    let r = d.build_ok();
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let out = d.run(&["check"]);
    assert!(String::from_utf8_lossy(&out.stderr).is_empty(), "{out:?}");

    // An entry that silences nothing is itself a warning, at its line.
    d.replace(
        "content/dossier.yaml",
        "short-alias:goita",
        "short-alias:goitaa",
    );
    let r = d.build_ok();
    let w = r
        .warnings
        .iter()
        .find(|w| w.kind() == "unused-quiet")
        .unwrap();
    assert_eq!(w.at.as_ref().unwrap().line, 9);
    assert!(
        w.message.contains("did you mean `short-alias:goita`?"),
        "{}",
        w.message
    );
}

#[test]
fn hidden_aliases_match_but_are_not_shown() {
    let d = Dossier::new();
    d.replace(
        PEOPLE,
        "aliases: [Diop]",
        "aliases: [Diop, { name: Dioop, hidden: true }]",
    );
    d.append("seeds/talks.txt", "\nDioop was misspelt by the wire.\n");
    let r = d.build_ok();
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let diop = page(&d, "people/diop/index.html");
    // The misspelling is found in the text (a mention) …
    assert!(diop.contains("was misspelt by the wire"), "{diop}");
    // … but not listed among the names.
    assert!(
        !diop.contains("Diop, Dioop") && !diop.contains(", Dioop<"),
        "{diop}"
    );
    let json = page(&d, "dossier.json");
    assert!(!json.contains("\"Dioop\""), "{json}");
}

// ------------------------------------------------ 7. phone, boilerplate ----

#[test]
fn an_article_file_can_carry_its_own_boilerplate_rules() {
    let d = Dossier::new();
    d.replace(
        "seeds/visit.txt",
        "Abdoulaye Diop arrived",
        "Diop at the airport. Photo: Wire\n\nAbdoulaye Diop arrived",
    );
    d.write(
        "seeds/talks.txt",
        d.read("seeds/talks.txt") + "\nDiop at the airport. Photo: Wire\n",
    );
    d.append(
        "content/articles/visit.yaml",
        "boilerplate:\n  - { contains: \"Photo: Wire\" }\n",
    );
    d.build_ok();
    let visit = page(&d, "articles/visit/index.html");
    assert!(!visit.contains("Photo: Wire"), "{visit}");
    assert!(visit.contains("id=\"p1\"") && visit.contains("arrived in"));
    // The rule is the article's own: the other article keeps the line.
    let talks = page(&d, "articles/talks/index.html");
    assert!(talks.contains("Photo: Wire"));
}

#[test]
fn the_graph_has_a_narrow_screen_layout() {
    let d = Dossier::new();
    d.build_ok();
    let css = page(&d, "assets/graph.css");
    let narrow = css
        .split("@media (max-width: 40rem)")
        .nth(1)
        .expect("a narrow rule");
    assert!(narrow.contains(".graph { max-width: none; }"), "{css}");
    assert!(narrow.contains("overflow-x: auto"));
    let graph = page(&d, "graph/index.html");
    assert!(graph.contains("class=\"graph-hint"), "{graph}");
}
