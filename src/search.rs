//! The search index: Pagefind, run in process through its Rust crate, so a
//! build needs no Node. The build streams its pages to the staging folder
//! and keeps none in memory: once every page is written and verified, the
//! indexed ones are read back from there one at a time, in a fixed order
//! (the index is the same whatever order the pages were rendered in). Its
//! output (the index, Pagefind's WebAssembly and UI scripts) is more files
//! for the staging folder, under `pagefind/`. What Pagefind itself holds
//! until it writes the index (each page's words and excerpt text) is
//! bounded by building the index in parts (see [`PART_PAGES`]), which
//! the search page merges in the browser.
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
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering::Relaxed};

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

/// Pages per part of the index: the index is built in parts of at most
/// this many pages, each written and dropped before the next is begun,
/// so that what Pagefind holds (every page's words and excerpt text until
/// it writes the index) is bounded by the part, not by the site. The
/// search page merges the parts in the browser. See ARCHITECTURE.md for
/// how this number was chosen.
pub const PART_PAGES: usize = 2_500;

/// The environment variable that sets another part size (a positive
/// number of pages): for tests, which need sites of several parts, and
/// for trading memory against the number of parts on a big site.
pub const PART_PAGES_VAR: &str = "DOSSIER_SEARCH_PART_PAGES";

/// The file, in [`BUNDLE`], listing the parts other than the first (which
/// is the bundle itself), as paths relative to the bundle, for the
/// search page to merge: `{"parts": ["part-1/", …]}`.
pub const PARTS_FILE: &str = "dossier-parts.json";

/// How many parts are built at once, each on its own thread: Pagefind
/// reads the pages of one part on one thread, so two keep two cores busy;
/// what the build holds is bounded by this many parts.
pub const PARTS_AT_ONCE: usize = 2;

/// What the index is built from: each page to index, its path and tags,
/// and the language. Small (a few strings a page), so that the build can
/// drop the dossier and its analysis before indexing.
pub struct Plan {
    language: &'static str,
    entries: Vec<Entry>,
}

/// The pages of `d` to index and their tags.
pub fn plan(d: &Dossier) -> Plan {
    let t: &Strings = crate::render::i18n::strings(d.language);
    Plan {
        language: d.language.code(),
        entries: entries(d, t, &Routes::new(d)),
    }
}

/// Builds the index over the site's pages, in parts (see [`PART_PAGES`]),
/// and hands each of its files to `write` as soon as its part is built,
/// with paths under [`BUNDLE`]. `page` reads one page of the rendered site
/// by its path; `progress` is told (pages indexed, pages to index). The
/// files are the same whatever order the parts are built in.
pub fn index(
    plan: &Plan,
    page: &(dyn Fn(&str) -> Result<Vec<u8>, Error> + Sync),
    write: &(dyn Fn(OutFile) -> Result<(), Error> + Sync),
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<(), Error> {
    let entries = &plan.entries;
    let parts = parts(entries.len(), part_pages()?);
    let total = entries.len() as u64;
    let done = AtomicU64::new(0);
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let threads = PARTS_AT_ONCE.min(parts);
    // Each thread takes the next part not taken until none is left or
    // one has failed.
    let work = || -> Vec<(usize, Error)> {
        let mut errors = Vec::new();
        while !failed.load(Relaxed) {
            let part = next.fetch_add(1, Relaxed);
            if part >= parts {
                break;
            }
            // Every `parts`-th page, so that each part holds the same mix
            // of kinds of page: Pagefind ranks within each part (word
            // rarity, page length), and the search page sorts the parts'
            // results by score, so like parts keep their scores comparable.
            let members = entries.iter().skip(part).step_by(parts);
            let indexed = || {
                progress(done.fetch_add(1, Relaxed) + 1, total);
            };
            if let Err(e) = index_part(plan.language, part, members, page, write, &indexed) {
                failed.store(true, Relaxed);
                errors.push((part, e));
            }
        }
        errors
    };
    let mut errors: Vec<(usize, Error)> = std::thread::scope(|s| {
        let others: Vec<_> = (1..threads).map(|_| s.spawn(work)).collect();
        let mut errors = work();
        for t in others {
            match t.join() {
                Ok(e) => errors.extend(e),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        errors
    });
    // The first part's error, whichever thread met it first.
    errors.sort_by_key(|(part, _)| *part);
    if let Some((_, e)) = errors.into_iter().next() {
        return Err(e);
    }
    let merged: Vec<String> = (1..parts)
        .map(|p| part_folder(p)[BUNDLE.len() + 1..].to_string())
        .collect();
    write(OutFile {
        path: format!("{BUNDLE}/{PARTS_FILE}"),
        bytes: serde_json::to_vec(&serde_json::json!({ "parts": merged })).map_err(|e| {
            Error::Search {
                message: e.to_string(),
            }
        })?,
    })
}

/// Builds one part of the index over `members` and writes its files.
fn index_part<'e>(
    language: &str,
    part: usize,
    members: impl Iterator<Item = &'e Entry>,
    page: &(dyn Fn(&str) -> Result<Vec<u8>, Error> + Sync),
    write: &(dyn Fn(OutFile) -> Result<(), Error> + Sync),
    indexed: &dyn Fn(),
) -> Result<(), Error> {
    let fail = |message: String| Error::Search { message };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| fail(format!("cannot start the indexer: {e}")))?;
    let files = runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .force_language(language.to_string())
            .keep_index_url(true)
            // Snippet lists (also cut out below) and the paragraph anchors'
            // "¶", which would end every heading and excerpt.
            .exclude_selectors(vec![".kwic".into(), ".anchor".into()])
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| fail(e.to_string()))?;
        for entry in members {
            let bytes = page(&entry.path)?;
            let tagged = tag(&without_lists(&String::from_utf8_lossy(&bytes)), entry);
            drop(bytes);
            index
                .add_html_file(Some(entry.path.clone()), None, tagged)
                .await
                .map_err(|e| fail(format!("{}: {e}", entry.path)))?;
            indexed();
        }
        index.get_files().await.map_err(|e| fail(e.to_string()))
    })?;
    let folder = part_folder(part);
    for f in files {
        let name = f
            .filename
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if kept(&name, part) {
            let bytes = if name == "pagefind-ui.js" {
                ui_script(f.contents)
            } else {
                f.contents
            };
            write(OutFile {
                path: format!("{folder}{name}"),
                bytes,
            })?;
        }
    }
    Ok(())
}

/// In Pagefind's UI script (1.6.0), what ends its start-up: the instance
/// is handed over (`X=Q`) and its filters are loaded (`Ts()`) without
/// being waited for. A search begun at once (the search page's `?q=`, from
/// the header's box) then counts only the filter chunks already loaded:
/// on a slow link, counts short by one or more pages, whole filters
/// missing, or the site's totals in their place, in one part or in many.
const UI_START: &str = "X=Q,Ts()}}";
/// The same, the filters loaded before the instance is handed over: the
/// UI's first search waits for the instance, so also for its filters.
const UI_START_FIXED: &str = "await Q.filters(),X=Q,Ts()}}";

/// Pagefind's UI script with its start-up waiting for the filters (see
/// [`UI_START`]). Pagefind is pinned to the version this was written for,
/// and a test fails if the script no longer holds the text it replaces.
fn ui_script(bytes: Vec<u8>) -> Vec<u8> {
    match String::from_utf8(bytes) {
        Ok(s) if s.matches(UI_START).count() == 1 => {
            s.replacen(UI_START, UI_START_FIXED, 1).into_bytes()
        }
        Ok(s) => s.into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

/// How many parts for `pages` pages of at most `per_part` each (at least
/// one: an empty index still gives the search page its scripts).
fn parts(pages: usize, per_part: usize) -> usize {
    pages.div_ceil(per_part).max(1)
}

/// The folder of a part in the site, ending in `/`: the first is the
/// bundle itself (with Pagefind's scripts), the others folders in it.
fn part_folder(part: usize) -> String {
    if part == 0 {
        format!("{BUNDLE}/")
    } else {
        format!("{BUNDLE}/part-{part}/")
    }
}

/// Whether a file of Pagefind's output for a part goes into the site:
/// Pagefind's other UIs (modular, web component, highlighting) never;
/// of the parts after the first only the index itself (entry, metadata,
/// words, filters, page fragments): the first part's scripts and
/// WebAssembly search them all.
fn kept(name: &str, part: usize) -> bool {
    if UNUSED.iter().any(|u| name.starts_with(u)) {
        return false;
    }
    part == 0
        || name == "pagefind-entry.json"
        || name.ends_with(".pf_meta")
        || ["index/", "filter/", "fragment/"]
            .iter()
            .any(|d| name.starts_with(d))
}

/// The part size: [`PART_PAGES`], or [`PART_PAGES_VAR`] when set.
fn part_pages() -> Result<usize, Error> {
    match std::env::var(PART_PAGES_VAR) {
        Err(std::env::VarError::NotPresent) => Ok(PART_PAGES),
        Ok(v) => match v.trim().parse::<usize>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(Error::Search {
                message: format!(
                    "{PART_PAGES_VAR} is `{v}`: it must be a whole number of pages, 1 or more \
                     (or unset, for {PART_PAGES})"
                ),
            }),
        },
        Err(e) => Err(Error::Search {
            message: format!("{PART_PAGES_VAR}: {e}"),
        }),
    }
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

/// What is cut out of a page before Pagefind reads it: the parts that
/// list other pages, each of which is indexed itself. On an entity page,
/// the groups of mention snippets (`<section class="mentions">`: an
/// article's title and sentences of it); on an article, the related
/// articles with the entities they share and the links to the previous
/// and next ones; anywhere, a list of snippets (`<ul class="kwic">`).
/// They were most of the text Pagefind parsed and kept (on the benchmark's
/// articles, 60 % of `<main>`; on entity pages the snippets alone were
/// more than half the indexing time), and they made a page match the
/// words of the pages it lists. Matching by name on entity pages is kept
/// by the weighted names [`tag`] adds.
const CUT: [(&str, &str); 4] = [
    ("<section class=\"mentions\">", "section"),
    ("<ul class=\"kwic\">", "ul"),
    ("<ul class=\"related\">", "ul"),
    ("<nav class=\"prev-next\"", "nav"),
];

/// The page without the elements [`CUT`] lists, each from its opening tag
/// to the end tag that closes it (elements of the same name nested in it
/// counted), or to the end of the page when it is not closed.
fn without_lists(html: &str) -> std::borrow::Cow<'_, str> {
    // The next place of each opening tag at or after `from`, each looked
    // for again only once passed: one scan of the page per tag.
    let mut at = CUT.map(|(open, _)| html.find(open));
    if at.iter().all(Option::is_none) {
        return html.into();
    }
    let mut out = String::with_capacity(html.len());
    let mut done = 0;
    while let Some((i, k)) = at
        .iter()
        .enumerate()
        .filter_map(|(k, i)| Some(((*i)?, k)))
        .min()
    {
        out.push_str(&html[done..i]);
        done = i + closing(&html[i..], CUT[k].1);
        for (k, (open, _)) in CUT.iter().enumerate() {
            if at[k].is_some_and(|j| j < done) {
                at[k] = html[done..].find(open).map(|j| done + j);
            }
        }
    }
    out.push_str(&html[done..]);
    out.into()
}

/// Where the element opening `s` ends: just after the end tag that closes
/// it, or the length of `s` when none does.
fn closing(s: &str, name: &str) -> usize {
    let (open, close) = (format!("<{name}"), format!("</{name}>"));
    let mut depth = 0usize;
    let mut at = 0;
    while let Some(i) = s[at..].find('<') {
        let i = at + i;
        let rest = &s[i..];
        if rest.starts_with(&close) {
            depth -= 1;
            if depth == 0 {
                return i + close.len();
            }
        } else if rest.starts_with(&open)
            && rest[open.len()..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace())
        {
            depth += 1;
        }
        at = i + 1;
    }
    s.len()
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
    fn lists_of_other_pages_are_left_out() {
        let html = "<main><h1>A</h1><ul class=\"kwic\"><li>x <mark>A</mark></li></ul><p>b</p>\
                    <ul class=\"kwic\"><li>y</li></ul><ul><li>kept</li></ul></main>";
        assert_eq!(
            without_lists(html),
            "<main><h1>A</h1><p>b</p><ul><li>kept</li></ul></main>"
        );
        // Nested lists of the same element go with the one cut, up to the
        // end tag that closes it.
        let html = "<p>a</p><ul class=\"related\"><li>R <ul class=\"chips\"><li>X</li></ul></li>\
                    <li>S <ul><li>Y</li></ul></li></ul><ul class=\"side\"><li>kept</li></ul>\
                    <nav class=\"prev-next\" aria-label=\"x\"><a>next</a></nav><nav>kept</nav>\
                    <section class=\"mentions\"><h3>T</h3><ul class=\"kwic\"><li>s</li></ul></section>\
                    <section class=\"mentionsX\">kept</section>";
        assert_eq!(
            without_lists(html),
            "<p>a</p><ul class=\"side\"><li>kept</li></ul><nav>kept</nav>\
             <section class=\"mentionsX\">kept</section>"
        );
        // Unclosed: to the end.
        assert_eq!(
            without_lists("<p>a</p><ul class=\"related\"><li>"),
            "<p>a</p>"
        );
        assert_eq!(without_lists("<p>a</p>"), "<p>a</p>");
    }

    #[test]
    fn the_ui_script_waits_for_the_filters_before_its_first_search() {
        let files = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async {
                let mut index = PagefindIndex::new(None).unwrap();
                index
                    .add_html_file(
                        Some("a.html".into()),
                        None,
                        "<html><body><p>a</p></body></html>".into(),
                    )
                    .await
                    .unwrap();
                index.get_files().await.unwrap()
            });
        let ui = files
            .into_iter()
            .find(|f| f.filename.to_string_lossy() == "pagefind-ui.js")
            .expect("Pagefind writes pagefind-ui.js");
        let original = String::from_utf8(ui.contents.clone()).unwrap();
        assert_eq!(
            original.matches(UI_START).count(),
            1,
            "Pagefind's UI changed: see UI_START"
        );
        let fixed = String::from_utf8(ui_script(ui.contents)).unwrap();
        assert_eq!(fixed.matches(UI_START_FIXED).count(), 1);
        assert_eq!(
            fixed.len(),
            original.len() + UI_START_FIXED.len() - UI_START.len()
        );
    }

    #[test]
    fn attribute_values_are_escaped() {
        assert_eq!(attr("a, \"b\" & <c>"), "a\\, &quot;b&quot; &amp; &lt;c&gt;");
    }
}
