//! Builds a small dossier written for these tests and checks the site it
//! makes: pages, cross-links both ways, mention counts on sentences chosen
//! for the matcher's hard cases, anchors, dossier.json, base_url, template
//! overrides.

use dossier::BuildOptions;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

/// A dossier in a temp folder. Each article's text is chosen so that the
/// expected counts can be read off by eye.
struct Fixture {
    dir: tempfile::TempDir,
}

const DOSSIER: &str = r#"title: "Dossier d'essai"
description: "Un dossier écrit pour les tests."
language: fr
kinds:
  people: { path: personnes, label: Personnes, singular: Personne }
  countries: { path: pays, label: Pays, singular: Pays }
  organizations: { path: organisations, label: Organisations, singular: Organisation }
boilerplate:
  - "Autres articles"
  - { contains: "©" }
  - { pattern: '^date \d{4}-\d{2}\s*' }
"#;

const PEOPLE: &str = r#"
- id: lavrov
  name: Sergueï Lavrov
  aliases: [Lavrov, M. Lavrov]
  summary: Ministre russe des Affaires étrangères.
  description: Il reçoit ses homologues du [[niger]] et du [[mali|Mali]].
  facts:
    Pays: "[[russie]]"
- id: diop
  name: Abdoulaye Diop
  aliases: [M. Diop]
  summary: Ministre malien des Affaires étrangères.
"#;

const COUNTRIES: &str = r#"
- id: niger
  name: Niger
- id: nigeria
  name: Nigeria
- id: mali
  name: Mali
- id: russie
  name: Russie
  aliases: [Fédération de Russie]
"#;

const ORGS: &str = r#"
- id: aes
  name: Alliance des États du Sahel
  aliases: [AES]
- id: cedeao
  name: Cédéao
  aliases: [{ name: Cedeao, fold: true }]
"#;

// Article one: elision with both apostrophes, accents folded where asked,
// longest match, Niger vs Nigeria, a name ending a sentence.
const SEED_ONE: &str = " date 2025-04 Le ministre d’Abdoulaye Diop et l'AES ont parlé.
La Fédération de Russie soutient l’AES. La Russie aussi.
Le Nigeria n'est pas le Niger. Les Nigériens ne sont pas comptés.
La CEDEAO, la Cedeao et la Cédéao sont la même.
Un intertitre sans point
Ils l'ont dit à Sergueï Lavrov. M. Diop a répondu à Lavrov.
Photo © Quelqu'un
Autres articles
";

const SEED_TWO: &str = "Sergueï Lavrov a reçu M. Diop au Mali.
Le Niger et le Mali ont quitté la Cédéao.
";

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let f = Fixture { dir };
        f.write("content/dossier.yaml", DOSSIER);
        f.write("content/entities/people.yaml", PEOPLE);
        f.write("content/entities/countries.yaml", COUNTRIES);
        f.write("content/entities/organizations.yaml", ORGS);
        f.write(
            "content/articles/un.yaml",
            "seed: one.txt\ntitle: Premier article\ndate: 2025-04-02\nsource: { name: Agence, url: https://example.org/1 }\ntags: [lavrov]\nsummary: Un résumé qui cite [[aes]].\n",
        );
        f.write(
            "content/articles/deux.yaml",
            "seed: two.txt\ntitle: Deuxième article\ndate: 2025-04-03\nsource: { name: Journal }\nauthor: Ibrahim\n",
        );
        f.write("seeds/one.txt", SEED_ONE);
        f.write("seeds/two.txt", SEED_TWO);
        f.write(
            "content/events.yaml",
            "- date: 2023-09\n  title: Formation de l'AES\n  entities: [aes, mali, niger]\n  sources: [un]\n- date: 2025-04-03\n  title: Rencontre à Moscou\n  entities: [lavrov, diop]\n  sources: [deux]\n",
        );
        f.write(
            "content/claims.yaml",
            "- id: qui-soutient\n  question: Qui soutient l'AES ?\n  statements:\n    - article: un\n      says: La Russie.\n      quote: \"La Fédération de Russie soutient l’AES.\"\n",
        );
        f.write(
            "content/pages/methode.md",
            "---\ntitle: Méthode\norder: 1\n---\nVoir [[lavrov]].\n\n```yaml\nid: lavrov\n```\n",
        );
        f
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.root().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    fn build(&self) -> PathBuf {
        self.build_with(None)
    }

    fn build_with(&self, base_url: Option<&str>) -> PathBuf {
        let mut opts = BuildOptions::new(self.root());
        opts.base_url = base_url.map(str::to_string);
        match dossier::build(&opts) {
            Ok(_) => opts.output(),
            Err(f) => panic!("{}", dossier::render_errors(&f.errors, self.root())),
        }
    }
}

fn read(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn json(out: &Path) -> Value {
    serde_json::from_str(&read(out, "dossier.json")).unwrap()
}

/// Mentions of `entity` in `article`, from dossier.json.
fn count(data: &Value, article: &str, entity: &str) -> u64 {
    data["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == article)
        .unwrap()["entities"][entity]
        .as_u64()
        .unwrap_or(0)
}

#[test]
fn every_page_kind_is_generated() {
    let f = Fixture::new();
    let out = f.build();
    for page in [
        "index.html",
        "404.html",
        "articles/index.html",
        "articles/un/index.html",
        "articles/deux/index.html",
        "personnes/index.html",
        "personnes/lavrov/index.html",
        "pays/niger/index.html",
        "organisations/cedeao/index.html",
        "chronologie/index.html",
        "citations/index.html",
        "divergences/index.html",
        "graphe/index.html",
        "pages/methode/index.html",
        "assets/style.css",
        "dossier.json",
    ] {
        assert!(out.join(page).is_file(), "{page} missing");
    }
    // nothing left beside the output
    let parent = out.parent().unwrap();
    let left: Vec<_> = fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("dossier-staging") || n.contains("dossier-old"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn mentions_on_the_hard_cases() {
    let f = Fixture::new();
    let data = json(&f.build());
    // d’Abdoulaye Diop + M. Diop
    assert_eq!(count(&data, "un", "diop"), 2);
    // l'AES (straight) + l’AES (curly)
    assert_eq!(count(&data, "un", "aes"), 2);
    // "Fédération de Russie" is one mention (longest match), "Russie" another
    assert_eq!(count(&data, "un", "russie"), 2);
    // Nigeria is not Niger; "Nigériens" is neither
    assert_eq!(count(&data, "un", "niger"), 1);
    assert_eq!(count(&data, "un", "nigeria"), 1);
    // CEDEAO / Cedeao via the folding alias, Cédéao by name
    assert_eq!(count(&data, "un", "cedeao"), 3);
    // "Sergueï Lavrov." ends a sentence, "Lavrov." too
    assert_eq!(count(&data, "un", "lavrov"), 2);
    assert_eq!(count(&data, "deux", "lavrov"), 1);
    assert_eq!(count(&data, "deux", "mali"), 2);
}

#[test]
fn cleaning_drops_boilerplate_and_marks_subheadings() {
    let f = Fixture::new();
    let out = f.build();
    let html = read(&out, "articles/un/index.html");
    assert!(!html.contains("date 2025-04"));
    assert!(!html.contains("Autres articles"));
    assert!(!html.contains("Quelqu"));
    assert!(html.contains("<h2 id=\"p5\">Un intertitre sans point"));
    // six blocks remain: 4 paragraphs, the subheading, the last paragraph
    assert!(html.contains("id=\"p6\""));
    assert!(!html.contains("id=\"p7\""));
}

#[test]
fn cross_links_both_ways_with_paragraph_anchors() {
    let f = Fixture::new();
    let out = f.build();
    let article = read(&out, "articles/un/index.html");
    // the article links the entity (relative, explicit index.html for file://)
    assert!(article.contains("href=\"../../personnes/diop/index.html\""));
    // paragraph anchors
    for n in 1..=6 {
        assert!(article.contains(&format!("id=\"p{n}\"")), "p{n}");
    }
    // the entity page links back to the exact paragraph, with the sentence
    let diop = read(&out, "personnes/diop/index.html");
    assert!(diop.contains("href=\"../../articles/un/index.html#p1\""));
    assert!(diop.contains("href=\"../../articles/un/index.html#p6\""));
    assert!(diop.contains("<mark>M. Diop</mark> a répondu"));
    // co-occurrence: Diop and Lavrov share paragraphs
    assert!(diop.contains("personnes/lavrov/index.html"));
    // Markdown [[links]] in descriptions and facts resolve
    let lavrov = read(&out, "personnes/lavrov/index.html");
    assert!(lavrov.contains("href=\"../../pays/niger/index.html\">Niger</a>"));
    assert!(lavrov.contains("href=\"../../pays/mali/index.html\">Mali</a>"));
    assert!(lavrov.contains("href=\"../../pays/russie/index.html\">Russie</a>"));
    // the kind index shows counts
    let people = read(&out, "personnes/index.html");
    assert!(people.contains("lavrov/index.html"));
    // timeline with a partial date written as such
    let tl = read(&out, "chronologie/index.html");
    assert!(tl.contains("septembre 2023"));
    assert!(tl.contains("href=\"../articles/un/index.html\""));
    // dates in the UI language
    assert!(article.contains("2 avril 2025"));
}

#[test]
fn dossier_json_has_the_documented_shape() {
    let f = Fixture::new();
    let data = json(&f.build());
    assert_eq!(data["title"], "Dossier d'essai");
    assert_eq!(data["language"], "fr");
    let a = &data["articles"][0];
    for key in ["id", "seed", "title", "date", "url", "source", "entities"] {
        assert!(!a[key].is_null(), "articles[].{key}");
    }
    assert_eq!(a["id"], "un");
    assert_eq!(a["url"], "articles/un/");
    assert_eq!(a["date"], "2025-04-02");
    let e = data["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "diop")
        .unwrap();
    for key in ["id", "kind", "name", "aliases", "url", "mentions"] {
        assert!(!e[key].is_null(), "entities[].{key}");
    }
    assert_eq!(e["mentions"][0]["article"], "un");
    assert_eq!(e["mentions"][0]["paragraph"], 1);
    for key in ["quotes", "claims", "events"] {
        assert!(data[key].is_array(), "{key}");
    }
    assert_eq!(data["claims"][0]["statements"][0]["paragraph"], 2);
    assert_eq!(data["events"][0]["date"], "2023-09");
}

#[test]
fn base_url_under_a_sub_path() {
    let f = Fixture::new();
    let out = f.build_with(Some("https://example.org/enquetes/aes"));
    let home = read(&out, "index.html");
    // internal links stay relative, so the site works under the sub-path
    assert!(home.contains("href=\"assets/style.css\""));
    assert!(home.contains("<link rel=\"canonical\" href=\"https://example.org/enquetes/aes/\">"));
    let article = read(&out, "articles/un/index.html");
    assert!(article.contains("href=\"../../assets/style.css\""));
    assert!(article.contains("href=\"https://example.org/enquetes/aes/articles/un/\""));
    // the 404 page is served at any depth: absolute links under the sub-path
    let nf = read(&out, "404.html");
    assert!(nf.contains("href=\"/enquetes/aes/assets/style.css\""));
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/enquetes/aes/articles/un/</loc>"));
    assert!(!sitemap.contains("404"));
    let feed = read(&out, "atom.xml");
    assert!(feed.contains("https://example.org/enquetes/aes/articles/deux/"));
    // summaries are plain text in the feed: links become names
    assert!(
        feed.contains("<summary>Un résumé qui cite Alliance des États du Sahel.</summary>"),
        "{feed}"
    );
    assert!(!feed.contains("[["));
}

#[test]
fn a_dossier_template_overrides_the_built_in_one() {
    let f = Fixture::new();
    f.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"custom\">{{ page.title }}</h1>{{ page.html | safe }}{% endblock content %}",
    );
    let out = f.build();
    let page = read(&out, "pages/methode/index.html");
    assert!(page.contains("<h1 class=\"custom\">Méthode</h1>"));
    // the rest of the site keeps the built-in templates
    assert!(read(&out, "index.html").contains("class=\"hero\""));
}

#[test]
fn code_blocks_are_highlighted_with_a_stylesheet() {
    let f = Fixture::new();
    let out = f.build();
    let page = read(&out, "pages/methode/index.html");
    assert!(page.contains("<pre class=\"code\"><code class=\"language-yaml\">"));
    assert!(page.contains("hl-"));
    assert!(page.contains("assets/syntax.css"));
    assert!(read(&out, "assets/syntax.css").contains(".hl-"));
}

#[test]
fn no_code_no_syntax_stylesheet() {
    let f = Fixture::new();
    f.write(
        "content/pages/methode.md",
        "---\ntitle: Méthode\n---\nSans code.\n",
    );
    let out = f.build();
    assert!(!out.join("assets/syntax.css").exists());
    assert!(!read(&out, "index.html").contains("syntax.css"));
}

#[test]
fn markdown_seed_with_front_matter() {
    let f = Fixture::new();
    f.write(
        "seeds/trois.md",
        "---\ntitle: Troisième\ndate: 2025-04-04\nsource: { name: Blog }\n---\n# Un titre\n\nLe **Niger** et M. Diop.\n\n- Lavrov au Mali\n",
    );
    let out = f.build();
    let html = read(&out, "articles/trois/index.html");
    assert!(html.contains("id=\"p1\""));
    assert!(html.contains("<strong><a class=\"mention"), "{html}");
    assert!(html.contains("../../personnes/diop/index.html"));
    let data = json(&out);
    assert_eq!(count(&data, "trois", "lavrov"), 1);
    assert_eq!(count(&data, "trois", "niger"), 1);
}

#[test]
fn a_broken_link_in_a_template_fails_the_build_and_keeps_the_site() {
    let f = Fixture::new();
    let out = f.build();
    let before = read(&out, "index.html");
    f.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<a href=\"{{ frame.root }}nulle-part/index.html\">x</a>{% endblock content %}",
    );
    let err = dossier::build(&BuildOptions::new(f.root())).unwrap_err();
    let text = dossier::render_errors(&err.errors, f.root());
    assert!(
        text.contains("broken link in pages/methode/index.html"),
        "{text}"
    );
    assert!(text.contains("nulle-part/index.html"), "{text}");
    assert_eq!(read(&out, "index.html"), before);
}

#[test]
fn the_bundled_dossier_builds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let opts = BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.path().join("site")),
        base_url: None,
        search: true,
    };
    let report = dossier::build(&opts)
        .unwrap_or_else(|f| panic!("{}", dossier::render_errors(&f.errors, root)));
    assert_eq!(report.articles, 5);
    assert!(
        out.path()
            .join("site/personnes/serguei-lavrov/index.html")
            .is_file()
    );
}

#[test]
fn an_english_dossier_gets_english_paths_strings_and_dates() {
    let f = Fixture::new();
    f.write(
        "content/dossier.yaml",
        &DOSSIER.replace("language: fr", "language: en"),
    );
    let out = f.build();
    for page in [
        "timeline/index.html",
        "quotes/index.html",
        "disagreements/index.html",
        "graph/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page}");
    }
    assert!(!out.join("chronologie").exists());
    let article = read(&out, "articles/un/index.html");
    assert!(article.contains("2 April 2025"));
    assert!(article.contains("Source: <a"));
    assert!(read(&out, "index.html").contains("<html lang=\"en\">"));
    assert!(read(&out, "timeline/index.html").contains("September 2023"));
}

#[test]
fn entity_snippets_merge_per_sentence_and_are_capped_per_article() {
    let f = Fixture::new();
    let mut text = String::from("Lavrov et M. Lavrov ont parlé au Mali.\n");
    for i in 0..30 {
        text.push_str(&format!("Phrase {i} sur le Mali.\n"));
    }
    f.write("seeds/trois.txt", &text);
    f.write(
        "content/articles/trois.yaml",
        "seed: trois.txt\ntitle: Trois\ndate: 2025-04-05\nsource: { name: Blog }\n",
    );
    let out = f.build();
    let lavrov = read(&out, "personnes/lavrov/index.html");
    assert!(
        lavrov.contains("<mark>Lavrov</mark> et <mark>M. Lavrov</mark> ont parlé"),
        "one snippet, two marks"
    );
    let mali = read(&out, "pays/mali/index.html");
    let in_trois = mali.split("articles/trois/index.html#p").count() - 1;
    assert_eq!(in_trois, 25, "snippets shown for the article");
    assert!(mali.contains("(6)"), "31 mentions: 25 shown, 6 counted");
}

#[test]
fn statements_are_marked_in_the_text_with_their_speaker() {
    let f = Fixture::new();
    f.write(
        "seeds/two.txt",
        "« Nous travaillons avec le Mali chaque jour », a déclaré Sergueï Lavrov.\nUn « mot » seul.\n",
    );
    let out = f.build();
    let html = read(&out, "articles/deux/index.html");
    // the statement is wrapped, the mention inside it still linked
    assert!(
        html.contains("« <span class=\"said\" title=\"Sergueï Lavrov\">Nous travaillons avec le <a class=\"mention"),
        "{html}"
    );
    assert!(html.contains("chaque jour</span> »"));
    // a one-word term is not a statement
    assert!(html.contains("Un « mot » seul."));
    let data = json(&out);
    let q = &data["quotes"][0];
    assert_eq!(q["speaker"], "lavrov");
    assert_eq!(q["article"], "deux");
    assert_eq!(q["paragraph"], 1);
}

#[test]
fn an_invalid_base_url_is_refused_not_published() {
    let f = Fixture::new();
    let mut opts = BuildOptions::new(f.root());
    opts.base_url = Some("http://127.0.0.1:99999/sub/".into());
    let err = dossier::build(&opts).unwrap_err();
    let text = dossier::render_errors(&err.errors, f.root());
    assert!(
        text.contains("99999") && text.contains("--base-url"),
        "{text}"
    );
    assert!(!opts.output().exists());
    f.write(
        "content/dossier.yaml",
        &format!("{DOSSIER}base_url: \"https://exa mple.org/\"\n"),
    );
    let err = dossier::build(&BuildOptions::new(f.root())).unwrap_err();
    let text = dossier::render_errors(&err.errors, f.root());
    assert!(text.contains("content/dossier.yaml:12:12"), "{text}");
}

#[test]
fn a_link_error_in_the_summary_of_a_markdown_seed_points_at_its_article_file() {
    let f = Fixture::new();
    f.write("seeds/trois.md", "Le Niger et M. Diop.\n");
    f.write(
        "content/articles/trois.yaml",
        "seed: trois.md\ntitle: Trois\ndate: 2025-04-05\nsource: { name: Blog }\nsummary: Voir [[lavrof]].\n",
    );
    let err = dossier::build(&BuildOptions::new(f.root())).unwrap_err();
    let text = dossier::render_errors(&err.errors, f.root());
    assert!(
        text.contains("--> content/articles/trois.yaml:5:"),
        "{text}"
    );
    assert!(text.contains("did you mean `lavrov`?"), "{text}");
}
