//! The one owner of the site's URLs: every page's path, the relative root
//! a page at that path links through, canonical and absolute URLs, the
//! site-relative URLs dossier.json lists, and the folders a kind may not
//! take. Pages, templates' links, the sitemap, the feed, dossier.json and
//! the search index all ask [`Routes`]; nothing else spells a site path.
//! The link check (`crate::verify`) stays as the backstop for what users
//! write themselves (templates, Markdown).

use crate::model::{ArticleIx, BlockIx, Dossier, EntityIx, KindIx, Lang};

/// A page of the site. Each is one file (`Routes::path`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    /// One page of the list of articles (0: `articles/index.html`).
    Articles(usize),
    Timeline,
    Quotes,
    Claims,
    Graph,
    NotFound,
    Article(ArticleIx),
    Kind(KindIx),
    Entity(EntityIx),
    Page(usize),
    Search,
}

/// The folders of the site's own sections, named in the dossier's language.
#[derive(Clone, Copy, Debug)]
pub struct Sections {
    pub timeline: &'static str,
    pub quotes: &'static str,
    pub claims: &'static str,
    pub graph: &'static str,
    pub search: &'static str,
}

pub fn sections(lang: Lang) -> Sections {
    match lang {
        Lang::Fr => Sections {
            timeline: "chronologie",
            quotes: "citations",
            claims: "divergences",
            graph: "graphe",
            search: "recherche",
        },
        Lang::En => Sections {
            timeline: "timeline",
            quotes: "quotes",
            claims: "disagreements",
            graph: "graph",
            search: "search",
        },
    }
}

/// Folders the site uses for its own pages, in every language; a kind
/// may not take them (the loader checks). A test below keeps this list
/// and [`sections`] together.
pub const RESERVED_PATHS: &[&str] = &[
    "articles",
    "assets",
    "pages",
    "chronologie",
    "timeline",
    "citations",
    "quotes",
    "divergences",
    "disagreements",
    "graphe",
    "graph",
    "static",
    "recherche",
    "search",
    "pagefind",
];

/// The data files beside the pages: dossier.json always, the sitemap and
/// the feed only with an absolute base URL (they need absolute URLs).
pub const DOSSIER_JSON: &str = "dossier.json";
pub const SITEMAP: &str = "sitemap.xml";
pub const ATOM: &str = "atom.xml";
/// The 404 page, at the root whatever the language.
const NOT_FOUND: &str = "404.html";

/// The site's URLs, built once per build from the dossier's settings.
pub struct Routes<'a> {
    d: &'a Dossier,
    sections: Sections,
}

impl<'a> Routes<'a> {
    pub fn new(d: &'a Dossier) -> Routes<'a> {
        Routes {
            d,
            sections: sections(d.language),
        }
    }

    pub fn sections(&self) -> Sections {
        self.sections
    }

    /// The file of a page, relative to the site root (`/`-separated).
    pub fn path(&self, r: Route) -> String {
        let mut s = String::new();
        self.push_path(&mut s, r);
        s
    }

    /// [`Routes::path`] appended to `out`: the links of an article's
    /// mentions are made by the hundred thousand, with no string of their
    /// own.
    pub fn push_path(&self, out: &mut String, r: Route) {
        let d = self.d;
        let s = &self.sections;
        let mut folder = |parts: &[&str]| {
            for p in parts {
                out.push_str(p);
                out.push('/');
            }
            out.push_str("index.html");
        };
        match r {
            Route::Home => folder(&[]),
            Route::Articles(0) => folder(&["articles"]),
            // An article id has no `/`, so no article can be there.
            Route::Articles(page) => folder(&["articles", "page", &(page + 1).to_string()]),
            Route::Timeline => folder(&[s.timeline]),
            Route::Quotes => folder(&[s.quotes]),
            Route::Claims => folder(&[s.claims]),
            Route::Graph => folder(&[s.graph]),
            Route::Search => folder(&[s.search]),
            Route::NotFound => out.push_str(NOT_FOUND),
            Route::Article(i) => folder(&["articles", &d.articles[i].id]),
            Route::Kind(k) => folder(&[&d.kinds[k].path]),
            Route::Entity(e) => {
                let ent = &d.entities[e];
                folder(&[&d.kinds[ent.kind].path, &ent.id])
            }
            Route::Page(p) => folder(&["pages", &d.pages[p].slug]),
        }
    }

    /// A link to a page from a page whose root prefix is `root`.
    pub fn href(&self, root: &str, r: Route) -> String {
        let mut s = String::with_capacity(root.len() + 48);
        s.push_str(root);
        self.push_path(&mut s, r);
        s
    }

    /// A link to paragraph `block` (0-based) of article `i`.
    pub fn paragraph(&self, root: &str, i: ArticleIx, block: BlockIx) -> String {
        use std::fmt::Write as _;
        let mut s = self.href(root, Route::Article(i));
        let _ = write!(s, "{}", anchor_href(block));
        s
    }

    /// The prefix that leads from the page at `path` to the site root:
    /// "" or "../../", by its depth. The 404 page is served at any depth,
    /// so its links are absolute, under the base URL's path.
    pub fn root(&self, path: &str) -> String {
        if path == NOT_FOUND {
            self.base_path()
        } else {
            "../".repeat(path.matches('/').count())
        }
    }

    /// The absolute base URL (`http(s)://…/`), if the dossier has one:
    /// canonical links, the sitemap and the feed need it; a path-only base
    /// URL gives none of them.
    pub fn absolute_base(&self) -> Option<&'a str> {
        self.d
            .base_url
            .as_deref()
            .filter(|b| b.starts_with("http://") || b.starts_with("https://"))
    }

    /// The URL path the site is served under: "https://x.org/sub/" →
    /// "/sub/"; "/" without a base URL.
    pub fn base_path(&self) -> String {
        let Some(b) = self.d.base_url.as_deref() else {
            return "/".into();
        };
        let rest = b
            .strip_prefix("https://")
            .or_else(|| b.strip_prefix("http://"));
        match rest {
            Some(r) => r.find('/').map_or("/".into(), |i| r[i..].to_string()),
            None if b.starts_with('/') => b.to_string(),
            None => "/".into(),
        }
    }

    /// The absolute URL of the file at `path`, in its pretty form (no
    /// `index.html`), with an absolute base URL.
    pub fn absolute(&self, path: &str) -> Option<String> {
        self.absolute_base().map(|b| format!("{b}{}", pretty(path)))
    }

    /// The site-relative URL of a page in its pretty form, as dossier.json
    /// lists them (`articles/x/`).
    pub fn pretty(&self, r: Route) -> String {
        let mut p = self.path(r);
        p.truncate(pretty(&p).len());
        p
    }

    /// The data files the site carries, in the order they are made.
    pub fn data_paths(&self) -> Vec<&'static str> {
        if self.absolute_base().is_some() {
            vec![DOSSIER_JSON, SITEMAP, ATOM]
        } else {
            vec![DOSSIER_JSON]
        }
    }
}

/// The path of a built-in asset (`style.css`…).
pub fn asset(name: &str) -> String {
    format!("assets/{name}")
}

/// A path without its trailing `index.html`.
pub fn pretty(path: &str) -> &str {
    path.strip_suffix("index.html").unwrap_or(path)
}

/// The id of paragraph `block` (0-based) of an article: `p1`, `p2`…
/// (written where it is printed, made once per paragraph of every article).
pub fn anchor(block: BlockIx) -> impl std::fmt::Display {
    Anchor("p", block)
}

/// `#p1`, `#p2`…: a link to a paragraph of the same page.
pub fn anchor_href(block: BlockIx) -> impl std::fmt::Display {
    Anchor("#p", block)
}

struct Anchor(&'static str, BlockIx);

impl std::fmt::Display for Anchor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.0, self.1.get() + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_of_every_language_is_reserved() {
        for lang in [Lang::Fr, Lang::En] {
            let s = sections(lang);
            for p in [s.timeline, s.quotes, s.claims, s.graph, s.search] {
                assert!(RESERVED_PATHS.contains(&p), "{p}");
            }
        }
        for p in ["articles", "assets", "pages", "pagefind", "static"] {
            assert!(RESERVED_PATHS.contains(&p), "{p}");
        }
    }

    fn dossier(base_url: Option<&str>) -> Dossier {
        let mut d = Dossier::empty_for_tests();
        d.base_url = base_url.map(String::from);
        d
    }

    #[test]
    fn roots_follow_depth_and_the_404_page_is_absolute() {
        let d = dossier(Some("https://x.org/sub/"));
        let r = Routes::new(&d);
        assert_eq!(r.root("index.html"), "");
        assert_eq!(r.root("chronologie/index.html"), "../");
        assert_eq!(r.root("articles/page/2/index.html"), "../../../");
        assert_eq!(r.root("404.html"), "/sub/");
        assert_eq!(r.path(Route::Articles(0)), "articles/index.html");
        assert_eq!(r.path(Route::Articles(1)), "articles/page/2/index.html");
        assert_eq!(r.path(Route::Timeline), "chronologie/index.html");
    }

    #[test]
    fn absolute_urls_only_with_an_absolute_base() {
        let d = dossier(Some("https://x.org/sub/"));
        let r = Routes::new(&d);
        assert_eq!(
            r.absolute("graphe/index.html").as_deref(),
            Some("https://x.org/sub/graphe/")
        );
        assert_eq!(r.data_paths(), [DOSSIER_JSON, SITEMAP, ATOM]);
        let d = dossier(Some("/sub/"));
        let r = Routes::new(&d);
        assert_eq!(r.absolute("index.html"), None);
        assert_eq!(r.base_path(), "/sub/");
        assert_eq!(r.data_paths(), [DOSSIER_JSON]);
        let d = dossier(None);
        assert_eq!(Routes::new(&d).base_path(), "/");
    }
}
