//! The search index: Pagefind, run in process through its Rust crate, so a
//! build needs no Node. The build streams its pages to the staging folder
//! and keeps none in memory: once every page is written and verified, the
//! indexed ones are read back from there one at a time, in a fixed order
//! (the index is the same whatever order the pages were rendered in). Its
//! output (the index, Pagefind's WebAssembly and UI scripts) is more files
//! for the staging folder, under `pagefind/`. What Pagefind itself holds
//! until it writes the index (each page's words and excerpt text) does
//! grow with the site.
//!
//! What is indexed: articles, entity pages, free pages and the quotes page,
//! in the dossier's language (its stemmer: "ministre" finds "ministres").
//! Each page is tagged before indexing, in the copy handed to Pagefind
//! only, so a dossier's own templates need no Pagefind attributes: a
//! `Type` filter (the kind's label, "Articles", "Pages", …), for articles a
//! `Source` and a year filter, and a `kind` meta the search page shows
//! beside each title.

use crate::error::Error;
use crate::model::Dossier;
use crate::render::OutFile;
use crate::render::i18n::Strings;
use crate::render::urls::{Route, Routes};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

/// The folder of the search index in the site.
pub const BUNDLE: &str = "pagefind";

/// Files of the bundle the search page links to: known before the index is
/// built, so that links to them are checked with the pages.
pub const LINKED: [&str; 2] = ["pagefind/pagefind-ui.css", "pagefind/pagefind-ui.js"];

/// Files of Pagefind's bundle the site does not use.
const UNUSED: [&str; 3] = [
    "pagefind-component-ui",
    "pagefind-modular-ui",
    "pagefind-highlight",
];

/// One page to index and how to tag it.
struct Entry {
    path: String,
    /// (filter name, value)
    filters: Vec<(&'static str, String)>,
    /// The kind of page, shown in results ("Personne", "Article").
    kind: String,
    /// Entity pages weigh their name more, so they come before the
    /// articles that mention it.
    boost: Option<String>,
}

/// Builds the index over the site's pages and returns its files, with
/// paths under [`BUNDLE`]. `page` reads one page of the rendered site by
/// its path; `progress` is told (pages indexed, pages to index).
pub fn index(
    d: &Dossier,
    page: &mut dyn FnMut(&str) -> Result<Vec<u8>, Error>,
    progress: &dyn Fn(u64, u64),
) -> Result<Vec<OutFile>, Error> {
    let t: &Strings = crate::render::i18n::strings(d.language);
    let entries = entries(d, t, &Routes::new(d));
    let fail = |message: String| Error::Search { message };

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| fail(format!("cannot start the indexer: {e}")))?;
    let files = runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .force_language(d.language.code().to_string())
            .keep_index_url(true)
            // Snippet lists (also cut out below) and the paragraph anchors'
            // "¶", which would end every heading and excerpt.
            .exclude_selectors(vec![".kwic".into(), ".anchor".into()])
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| fail(e.to_string()))?;
        let total = entries.len() as u64;
        for (n, entry) in entries.iter().enumerate() {
            let bytes = page(&entry.path)?;
            let html = String::from_utf8_lossy(&bytes);
            let tagged = tag(&without_snippets(&html), entry);
            index
                .add_html_file(Some(entry.path.clone()), None, tagged)
                .await
                .map_err(|e| fail(format!("{}: {e}", entry.path)))?;
            progress(n as u64 + 1, total);
        }
        index.get_files().await.map_err(|e| fail(e.to_string()))
    })?;
    Ok(files
        .into_iter()
        .filter(|f| {
            // Pagefind's other UIs (modular, web component, highlighting)
            // are not used by the search page.
            let name = f.filename.to_string_lossy();
            !UNUSED.iter().any(|u| name.starts_with(u))
        })
        .map(|f| OutFile {
            path: format!(
                "{BUNDLE}/{}",
                f.filename
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/")
            ),
            bytes: f.contents,
        })
        .collect())
}

fn entries(d: &Dossier, t: &Strings, routes: &Routes) -> Vec<Entry> {
    let mut out = Vec::new();
    for (e, ent) in d.entities.iter_enumerated() {
        let kind = &d.kinds[ent.kind];
        let mut names = vec![ent.name.clone()];
        names.extend(ent.aliases.iter().map(|a| a.text.clone()));
        out.push(Entry {
            path: routes.path(Route::Entity(e)),
            filters: vec![(t.search_type, kind.label.clone())],
            kind: kind.singular.clone(),
            boost: Some(names.join(" · ")),
        });
    }
    for (i, a) in d.articles.iter_enumerated() {
        out.push(Entry {
            path: routes.path(Route::Article(i)),
            filters: vec![
                (t.search_type, t.articles.to_string()),
                (t.source, a.source.name.clone()),
                (t.search_year, a.date.year.to_string()),
            ],
            kind: t.article.to_string(),
            boost: None,
        });
    }
    for i in 0..d.pages.len() {
        out.push(Entry {
            path: routes.path(Route::Page(i)),
            filters: vec![(t.search_type, t.page.to_string())],
            kind: t.page.to_string(),
            boost: None,
        });
    }
    out.push(Entry {
        path: routes.path(Route::Quotes),
        filters: vec![(t.search_type, t.quotes.to_string())],
        kind: t.quotes.to_string(),
        boost: None,
    });
    out
}

/// The page with its Pagefind tags, placed at the start of the indexed
/// part (`data-pagefind-body`, else `<main>`, else `<body>`). The tags
/// carry their values in attributes and have no text, so they change
/// neither excerpts nor word counts; the boost element does add the
/// entity's names, with the highest weight, and is ignored for excerpts.
fn tag(html: &str, e: &Entry) -> String {
    let mut tags = String::new();
    for (name, value) in &e.filters {
        tags.push_str(&format!(
            "<span data-pagefind-filter=\"{}:{}\"></span>",
            attr(name),
            attr(value)
        ));
    }
    tags.push_str(&format!(
        "<span data-pagefind-meta=\"kind:{}\"></span>",
        attr(&e.kind)
    ));
    if let Some(names) = &e.boost {
        tags.push_str(&format!(
            "<p data-pagefind-weight=\"10\" data-pagefind-ignore=\"excerpt\" hidden>{}</p>",
            text(names)
        ));
    }
    let at = ["data-pagefind-body", "<main", "<body"]
        .iter()
        .find_map(|needle| {
            let i = html.find(needle)?;
            Some(i + html[i..].find('>')? + 1)
        })
        .unwrap_or(0);
    let mut out = String::with_capacity(html.len() + tags.len());
    out.push_str(&html[..at]);
    out.push_str(&tags);
    out.push_str(&html[at..]);
    out
}

/// The page without its lists of mention snippets (`<ul class="kwic">`):
/// on an entity page they repeat sentences of articles that are indexed
/// themselves, and they are most of the text Pagefind would parse (on the
/// 10,000-article benchmark, parsing them took more than half the
/// indexing time). Matching by name on entity pages is kept by the
/// weighted names [`tag`] adds.
fn without_snippets(html: &str) -> std::borrow::Cow<'_, str> {
    const OPEN: &str = "<ul class=\"kwic\">";
    if !html.contains(OPEN) {
        return html.into();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(OPEN) {
        out.push_str(&rest[..i]);
        match rest[i..].find("</ul>") {
            Some(j) => rest = &rest[i + j + "</ul>".len()..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.into()
}

/// An attribute value: Pagefind splits `name:value` at the first colon
/// and lists at commas, so commas are escaped for it; `&`, `"` and `<`
/// for HTML.
fn attr(s: &str) -> String {
    text(s).replace('"', "&quot;").replace(',', "\\,")
}

fn text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_go_inside_the_indexed_part() {
        let e = Entry {
            path: "x/index.html".into(),
            filters: vec![("Type", "Personnes".into())],
            kind: "Personne".into(),
            boost: Some("A, B & C".into()),
        };
        let out = tag(
            "<html><body><nav>n</nav><main id=\"main\" data-pagefind-body>\n<h1>A</h1></main></body></html>",
            &e,
        );
        let main = out.find("data-pagefind-body>").unwrap() + "data-pagefind-body>".len();
        assert!(out[main..].starts_with("<span data-pagefind-filter=\"Type:Personnes\"></span>"));
        assert!(out.contains("data-pagefind-meta=\"kind:Personne\""));
        assert!(out.contains(">A, B &amp; C</p>"));
        assert!(out.find("<nav>").unwrap() < main);
    }

    #[test]
    fn snippet_lists_are_left_out() {
        let html = "<main><h1>A</h1><ul class=\"kwic\"><li>x <mark>A</mark></li></ul><p>b</p>\
                    <ul class=\"kwic\"><li>y</li></ul><ul><li>kept</li></ul></main>";
        assert_eq!(
            without_snippets(html),
            "<main><h1>A</h1><p>b</p><ul><li>kept</li></ul></main>"
        );
    }

    #[test]
    fn attribute_values_are_escaped() {
        assert_eq!(attr("a, \"b\" & <c>"), "a\\, &quot;b&quot; &amp; &lt;c&gt;");
    }
}
