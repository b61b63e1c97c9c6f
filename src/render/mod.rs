//! Stage 3: turn the dossier and its analysis into pages, in memory.
//!
//! Each page is a view struct (see [`views`]) handed to a Tera template.
//! Pages are independent, so they are built and rendered in parallel; the
//! result is a list of files for the `write` stage, which checks links and
//! swaps the site in.

mod data;
pub mod graph;
pub mod highlight;
pub mod i18n;
pub mod markdown;
mod templates;
pub mod urls;
pub mod views;

use crate::analyse::Analysis;
use crate::error::Error;
use crate::model::*;
use crate::text::escape_into;
use highlight::Highlighter;
use i18n::{Strings, format_date};
use markdown::Markdown;
use rayon::prelude::*;
use serde::Serialize;
use urls::{Route, Routes};
use views::*;

pub use data::write_dossier_json;

/// One file of the site, by path relative to the output folder (`/`-separated).
#[derive(Debug, Clone)]
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Entities a page's side panel or card shows at most, per kind.
const HOME_ENTITIES_PER_KIND: usize = 8;
const NEIGHBOURS_MAX: usize = 12;
const CARD_ENTITIES: usize = 6;
/// Entities drawn in the graph, the most mentioned.
const GRAPH_NODES_MAX: usize = 400;
/// Connections listed as text under the graph.
const GRAPH_PAIRS_LISTED: usize = 40;
const SNIPPET_MAX_CHARS: usize = 320;
/// Snippets an entity page shows per article; the rest are counted.
const SNIPPETS_PER_ARTICLE: usize = 25;
/// Article cards per page of the list of articles: the list of 100,000
/// articles in one page was a 0.8 GB spike of memory while it was built,
/// and a page no browser shows well.
const ARTICLES_PER_PAGE: usize = 1000;

/// Pages of the list of articles (one at least, empty or not).
fn article_pages(d: &Dossier) -> usize {
    d.articles.len().div_ceil(ARTICLES_PER_PAGE).max(1)
}

/// Words read per minute, for the reading time.
const WORDS_PER_MINUTE: usize = 220;

/// Renders every page into memory. `Err` carries template errors (the
/// dossier's own templates can be wrong). With `search`, every page gets
/// the search box and the site a search page (the index itself is built by
/// [`crate::search`] from these pages). The build streams instead
/// ([`render_each`]); this is for callers that want the whole site at hand.
pub fn render(d: &Dossier, a: &Analysis, search: bool) -> Result<Vec<OutFile>, Vec<Error>> {
    let files = std::sync::Mutex::new(Vec::new());
    render_each(d, a, search, &|i, f| {
        files.lock().unwrap_or_else(|e| e.into_inner()).push((i, f));
        Ok(())
    })?;
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by_key(|(i, _)| *i);
    Ok(files.into_iter().map(|(_, f)| f).collect())
}

/// Every path [`render_each`] makes, in the order of its indexes.
pub fn paths(d: &Dossier, search: bool) -> Vec<String> {
    let routes = Routes::new(d);
    let mut out: Vec<String> = jobs(d, search).iter().map(|&r| routes.path(r)).collect();
    out.extend(ASSETS.iter().map(|a| urls::asset(a)));
    if may_have_code(d) {
        out.push(urls::asset("syntax.css"));
    }
    if search {
        out.push(urls::asset(SEARCH_ASSET));
    }
    if Routes::new(d).absolute_base().is_some() {
        out.extend([urls::SITEMAP.to_string(), urls::ATOM.to_string()]);
    }
    out
}

const ASSETS: [&str; 2] = ["style.css", "graph.css"];
/// The search page's script, with `search` only.
const SEARCH_ASSET: &str = "search.js";

/// Renders every file of the site (pages, then assets) and hands each to
/// `each` with its index in [`paths`] as soon as it is made, on the thread
/// that made it: nothing holds the whole site, so memory does not grow
/// with it. Files come in no particular order. Every template error and
/// every error `each` returns is collected (once each); `Err` lists them in
/// the order of the files.
pub fn render_each(
    d: &Dossier,
    a: &Analysis,
    search: bool,
    each: &(dyn Fn(usize, OutFile) -> Result<(), Error> + Sync),
) -> Result<(), Vec<Error>> {
    let tera = templates::build(&d.templates).map_err(|e| vec![e])?;
    let highlighter = Highlighter::default();
    let cx = Cx {
        d,
        a,
        ix: Indexes::new(d, a),
        by_id: d.entity_index(),
        t: i18n::strings(d.language),
        routes: Routes::new(d),
        md: Markdown {
            allow_html: d.allow_html,
            highlighter: &highlighter,
        },
    };
    let site = cx.site_view(search);
    let jobs = jobs(d, search);
    let errors = std::sync::Mutex::new(Vec::new());
    let fail = |i: usize, e: Error| {
        errors
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((i, e))
    };
    // Articles (and free pages) first, then the pages that link to their
    // paragraphs (entity pages, lists): the link check then finds every
    // anchor already known instead of holding millions of links to check
    // at the end.
    let targets = |j: &Route| matches!(j, Route::Article(_) | Route::Page(_));
    for first in [true, false] {
        jobs.par_iter()
            .enumerate()
            .filter(|(_, j)| targets(j) == first)
            .for_each(|(i, &job)| match cx.render_job(&tera, &site, job) {
                Ok(f) => {
                    if let Err(e) = each(i, f) {
                        fail(i, e)
                    }
                }
                Err(e) => fail(i, e),
            });
    }
    let mut assets: Vec<OutFile> = ASSETS
        .iter()
        .map(|name| OutFile {
            path: urls::asset(name),
            bytes: templates::asset(&d.templates, name).into_bytes(),
        })
        .collect();
    if site.has_code {
        assets.push(OutFile {
            path: urls::asset("syntax.css"),
            bytes: highlighter.stylesheet().into_bytes(),
        });
    }
    if search {
        assets.push(OutFile {
            path: urls::asset(SEARCH_ASSET),
            bytes: templates::asset(&d.templates, SEARCH_ASSET).into_bytes(),
        });
    }
    // Then the sitemap and the feed, from their templates.
    let data = cx.data_files(&tera, &site, search);
    for (k, f) in assets.into_iter().map(Ok).chain(data).enumerate() {
        let i = jobs.len() + k;
        if let Err(e) = f.and_then(|f| each(i, f)) {
            fail(i, e);
        }
    }
    let mut errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
    if errors.is_empty() {
        return Ok(());
    }
    errors.sort_by_key(|(i, _)| *i);
    let mut out: Vec<Error> = Vec::new();
    for (_, e) in errors {
        if !out.contains(&e) {
            out.push(e);
        }
    }
    Err(out)
}

/// Every page of the site, in the order of [`paths`].
fn jobs(d: &Dossier, search: bool) -> Vec<Route> {
    let mut jobs: Vec<Route> = vec![
        Route::Home,
        Route::Articles(0),
        Route::Timeline,
        Route::Quotes,
        Route::Claims,
        Route::Graph,
        Route::NotFound,
    ];
    jobs.extend((0..d.articles.len()).map(Route::Article));
    jobs.extend((1..article_pages(d)).map(Route::Articles));
    jobs.extend((0..d.kinds.len()).map(Route::Kind));
    jobs.extend((0..d.entities.len()).map(Route::Entity));
    jobs.extend((0..d.pages.len()).map(Route::Page));
    if search {
        jobs.push(Route::Search);
    }
    jobs
}

struct Cx<'a> {
    d: &'a Dossier,
    a: &'a Analysis,
    ix: Indexes,
    /// Entity ids to indexes, for `[[id]]` links.
    by_id: std::collections::HashMap<&'a str, EntityIx>,
    t: &'static Strings,
    routes: Routes<'a>,
    md: Markdown<'a>,
}

/// Lookups built once per render, so that no page scans every quote or
/// every article to find its own (which made the render grow with the
/// square of the dossier).
struct Indexes {
    /// Per article: its quotes (indexes into `Analysis::quotes`), in order.
    quotes_of_article: Vec<Vec<usize>>,
    /// Per entity: the quotes it is the speaker of, in order.
    quotes_of_speaker: Vec<Vec<usize>>,
    /// Quotes with no speaker, in order.
    unattributed: Vec<usize>,
    /// Per entity: the articles tagged with it, in order.
    tagged: Vec<Vec<ArticleIx>>,
}

impl Indexes {
    fn new(d: &Dossier, a: &Analysis) -> Indexes {
        let mut ix = Indexes {
            quotes_of_article: vec![Vec::new(); d.articles.len()],
            quotes_of_speaker: vec![Vec::new(); d.entities.len()],
            unattributed: Vec::new(),
            tagged: vec![Vec::new(); d.entities.len()],
        };
        for (i, q) in a.quotes.iter().enumerate() {
            ix.quotes_of_article[q.article].push(i);
            match q.speaker {
                Some(e) => ix.quotes_of_speaker[e].push(i),
                None => ix.unattributed.push(i),
            }
        }
        for (i, art) in d.articles.iter().enumerate() {
            let mut tags = art.tags.clone();
            tags.sort_unstable();
            tags.dedup();
            for e in tags {
                ix.tagged[e].push(i);
            }
        }
        ix
    }
}

/// What every template gets besides its page.
#[derive(Serialize)]
struct Frame<'a> {
    /// Prefix that leads from this page to the site root: "" or "../../".
    root: String,
    /// The page's own path, for canonical links.
    path: &'a str,
    canonical: Option<String>,
    title: String,
    /// Section key, to mark the current nav item.
    section: &'a str,
    /// The search page: its CSP lets Pagefind compile its WebAssembly, and
    /// the header has no second search box.
    search: bool,
}

impl<'a> Cx<'a> {
    fn render_job(&self, tera: &tera::Tera, site: &SiteView, job: Route) -> Result<OutFile, Error> {
        let d = self.d;
        let path = self.routes.path(job);
        let root = self.routes.root(&path);
        let r = root.as_str();
        let (template, section, title, page): (&str, &str, String, tera::Value) = match job {
            Route::Home => ("index.html", "home", d.title.clone(), value(&self.home(r))),
            Route::Articles(page) => (
                "articles.html",
                "articles",
                self.t.articles.into(),
                value(&self.article_list(page, r)),
            ),
            Route::Timeline => (
                "timeline.html",
                "timeline",
                self.t.timeline.into(),
                value(&self.timeline(r)),
            ),
            Route::Quotes => (
                "quotes.html",
                "quotes",
                self.t.quotes.into(),
                value(&self.quotes_page(r)),
            ),
            Route::Claims => (
                "claims.html",
                "claims",
                self.t.claims.into(),
                value(&self.claims_page(r)),
            ),
            Route::Graph => (
                "graph.html",
                "graph",
                self.t.graph.into(),
                value(&self.graph_page(r)),
            ),
            Route::NotFound => (
                "404.html",
                "404",
                self.t.not_found.into(),
                tera::Value::none(),
            ),
            Route::Article(i) => (
                "article.html",
                "articles",
                d.articles[i].title.clone(),
                value(&self.article_page(i, r)),
            ),
            Route::Kind(k) => (
                "kind.html",
                &d.kinds[k].key,
                d.kinds[k].label.clone(),
                value(&self.kind_page(k, r)),
            ),
            Route::Entity(e) => {
                let ent = &d.entities[e];
                (
                    "entity.html",
                    &d.kinds[ent.kind].key,
                    ent.name.clone(),
                    value(&self.entity_page(e, r)),
                )
            }
            Route::Search => (
                "search.html",
                "search",
                self.t.search.into(),
                tera::Value::none(),
            ),
            Route::Page(p) => {
                let pg = &d.pages[p];
                (
                    "page.html",
                    &pg.slug,
                    pg.title.clone(),
                    value(&FreePage {
                        title: &pg.title,
                        html: self.md.html(&pg.markdown, &self.resolver(r)),
                    }),
                )
            }
        };
        let frame = Frame {
            // Only an absolute base URL makes canonical links (and the feed
            // link beside them: atom.xml is written only then).
            canonical: self.routes.absolute(&path),
            root,
            path: &path,
            title,
            section,
            search: job == Route::Search,
        };
        let mut ctx = tera::Context::new();
        ctx.insert("site", site);
        ctx.insert("t", self.t);
        ctx.insert("frame", &frame);
        ctx.insert_value("page", page);
        let html = templates::render(tera, template, &ctx)?;
        Ok(OutFile {
            path,
            bytes: html.into_bytes(),
        })
    }

    /// `sitemap.xml` and `atom.xml`, with an absolute base URL only, each
    /// from the template of its name (which a dossier may override).
    fn data_files(
        &self,
        tera: &tera::Tera,
        site: &SiteView,
        search: bool,
    ) -> Vec<Result<OutFile, Error>> {
        let all = paths(self.d, search);
        let html: Vec<&str> = all
            .iter()
            .map(String::as_str)
            .filter(|p| p.ends_with(".html"))
            .collect();
        let render = |name: &str, page: tera::Value| {
            let mut ctx = tera::Context::new();
            ctx.insert("site", site);
            ctx.insert("t", self.t);
            ctx.insert_value("page", page);
            templates::render(tera, name, &ctx).map(|xml| OutFile {
                path: name.to_string(),
                bytes: xml.into_bytes(),
            })
        };
        let mut out = Vec::new();
        if let Some(s) = data::sitemap(&self.routes, &html) {
            out.push(render(urls::SITEMAP, value(&s)));
        }
        if let Some(f) = data::feed(self.d, &self.routes, &self.by_id) {
            out.push(render(urls::ATOM, value(&f)));
        }
        out
    }

    fn site_view(&self, search: bool) -> SiteView<'a> {
        let d = self.d;
        let mut nav = vec![NavItem {
            key: "articles".into(),
            label: self.t.articles,
            href: self.routes.path(Route::Articles(0)),
        }];
        for (k, kind) in d.kinds.iter().enumerate() {
            nav.push(NavItem {
                key: kind.key.clone(),
                label: &kind.label,
                href: self.routes.path(Route::Kind(k)),
            });
        }
        for (key, label, route) in [
            ("timeline", self.t.timeline, Route::Timeline),
            ("quotes", self.t.quotes, Route::Quotes),
            ("claims", self.t.claims, Route::Claims),
            ("graph", self.t.graph, Route::Graph),
        ] {
            nav.push(NavItem {
                key: key.into(),
                label,
                href: self.routes.path(route),
            });
        }
        for (i, p) in d.pages.iter().enumerate() {
            nav.push(NavItem {
                key: p.slug.clone(),
                label: &p.title,
                href: self.routes.path(Route::Page(i)),
            });
        }
        SiteView {
            title: &d.title,
            description: &d.description,
            lang: d.language.code(),
            nav,
            base_url: d.base_url.as_deref(),
            has_code: may_have_code(d),
            search_href: search.then(|| self.routes.path(Route::Search)),
        }
    }

    /// `[[id]]` resolution for Markdown on a page at `root`.
    fn resolver(&self, root: &str) -> impl Fn(&str) -> Option<(String, String)> + Sync + '_ {
        let d = self.d;
        let root = root.to_string();
        move |id: &str| {
            let i = *self.by_id.get(id)?;
            Some((
                self.routes.href(&root, Route::Entity(i)),
                d.entities[i].name.clone(),
            ))
        }
    }

    fn entity_ref(&self, e: EntityIx, root: &str, count: Option<usize>) -> EntityRef<'a> {
        let ent = &self.d.entities[e];
        EntityRef {
            name: &ent.name,
            href: self.routes.href(root, Route::Entity(e)),
            class: format!("k-{}", ent.kind % 8),
            kind: &self.d.kinds[ent.kind].singular,
            count,
        }
    }

    fn article_link(&self, i: ArticleIx, root: &str) -> Link<'a> {
        Link {
            label: &self.d.articles[i].title,
            href: self.routes.href(root, Route::Article(i)),
        }
    }

    fn date(&self, d: Date) -> String {
        format_date(d, self.d.language)
    }

    /// Page `page` of the list of articles, newest first.
    fn article_list(&self, page: usize, root: &str) -> ArticleList<'a> {
        let n = self.d.articles.len();
        let pages = article_pages(self.d);
        // Newest first: page 0 holds the last ARTICLES_PER_PAGE articles.
        let end = n.saturating_sub(page * ARTICLES_PER_PAGE);
        let start = end.saturating_sub(ARTICLES_PER_PAGE);
        let href = |p: usize| self.routes.href(root, Route::Articles(p));
        ArticleList {
            articles: (start..end)
                .rev()
                .map(|i| self.article_card(i, root))
                .collect(),
            pager: (pages > 1).then(|| Pager {
                page: page + 1,
                pages,
                previous: (page > 0).then(|| href(page - 1)),
                next: (page + 1 < pages).then(|| href(page + 1)),
            }),
        }
    }

    fn article_card(&self, i: ArticleIx, root: &str) -> ArticleCard<'a> {
        let art = &self.d.articles[i];
        ArticleCard {
            title: &art.title,
            href: self.routes.href(root, Route::Article(i)),
            date: self.date(art.date),
            date_iso: art.date.to_string(),
            source: &art.source.name,
            summary_html: art
                .summary
                .as_deref()
                .map(|s| self.md.html(s, &self.resolver(root)))
                .unwrap_or_default(),
            entities: self.a.article_entities[i]
                .iter()
                .take(CARD_ENTITIES)
                .map(|&(e, n)| self.entity_ref(e, root, Some(n)))
                .collect(),
        }
    }

    fn home(&self, root: &str) -> Home<'a> {
        let d = self.d;
        let a = self.a;
        // "1 Article", "2 Articles": the label agrees with the count.
        let one = |n: usize, one: &'a str, many: &'a str| if n == 1 { one } else { many };
        let mut figures = vec![Figure {
            value: d.articles.len().to_string(),
            label: one(d.articles.len(), self.t.article_one, self.t.articles),
            href: Some(self.routes.href(root, Route::Articles(0))),
        }];
        for (k, kind) in d.kinds.iter().enumerate() {
            let n = d.entities.iter().filter(|e| e.kind == k).count();
            if n > 0 {
                figures.push(Figure {
                    value: n.to_string(),
                    label: one(n, &kind.singular, &kind.label),
                    href: Some(self.routes.href(root, Route::Kind(k))),
                });
            }
        }
        let total: usize = a.mentions.iter().map(Vec::len).sum();
        figures.push(Figure {
            value: total.to_string(),
            label: one(total, self.t.mention, self.t.mentions),
            href: None,
        });
        figures.push(Figure {
            value: a.quotes.len().to_string(),
            label: one(a.quotes.len(), self.t.quote_one, self.t.quotes),
            href: Some(self.routes.href(root, Route::Quotes)),
        });
        figures.push(Figure {
            value: d.claims.len().to_string(),
            label: one(d.claims.len(), self.t.claim_one, self.t.claims),
            href: Some(self.routes.href(root, Route::Claims)),
        });
        let period = match (d.articles.first(), d.articles.last()) {
            (Some(f), Some(l)) if f.date != l.date => {
                format!("{} – {}", self.date(f.date), self.date(l.date))
            }
            (Some(f), _) => self.date(f.date),
            _ => String::new(),
        };
        let kinds = d
            .kinds
            .iter()
            .enumerate()
            .map(|(k, kind)| KindGroup {
                label: &kind.label,
                href: self.routes.href(root, Route::Kind(k)),
                entities: self
                    .by_mentions(k)
                    .into_iter()
                    .take(HOME_ENTITIES_PER_KIND)
                    .map(|e| self.entity_ref(e, root, Some(a.mentions[e].len())))
                    .collect(),
            })
            .filter(|g| !g.entities.is_empty())
            .collect();
        let n_ev = d.events.len();
        Home {
            figures,
            latest: (0..d.articles.len())
                .rev()
                .take(5)
                .map(|i| self.article_card(i, root))
                .collect(),
            kinds,
            events: (n_ev.saturating_sub(5)..n_ev)
                .map(|i| self.event_view(i, root))
                .collect(),
            timeline_href: self.routes.href(root, Route::Timeline),
            articles_href: self.routes.href(root, Route::Articles(0)),
            period,
        }
    }

    /// Entities of a kind, most mentioned first, then by name.
    fn by_mentions(&self, kind: usize) -> Vec<EntityIx> {
        let mut v: Vec<EntityIx> = (0..self.d.entities.len())
            .filter(|&e| self.d.entities[e].kind == kind)
            .collect();
        v.sort_by(|&x, &y| {
            self.a.mentions[y]
                .len()
                .cmp(&self.a.mentions[x].len())
                .then(x.cmp(&y))
        });
        v
    }

    fn article_page(&self, i: ArticleIx, root: &str) -> ArticlePage<'a> {
        let d = self.d;
        let art = &d.articles[i];
        let words: usize = art
            .blocks
            .iter()
            .map(|b| b.text.split_whitespace().count())
            .sum();
        let mut sidebar: Vec<KindGroup> = Vec::new();
        for (k, kind) in d.kinds.iter().enumerate() {
            let entities: Vec<EntityRef> = self.a.article_entities[i]
                .iter()
                .filter(|&&(e, _)| d.entities[e].kind == k)
                .map(|&(e, n)| self.entity_ref(e, root, Some(n)))
                .collect();
            if !entities.is_empty() {
                sidebar.push(KindGroup {
                    label: &kind.label,
                    href: self.routes.href(root, Route::Kind(k)),
                    entities,
                });
            }
        }
        ArticlePage {
            title: &art.title,
            date: self.date(art.date),
            date_iso: art.date.to_string(),
            source: &art.source.name,
            source_url: art.source.url.as_deref(),
            author: art.author.as_deref(),
            lang: art.language.code(),
            reading_minutes: words.div_ceil(WORDS_PER_MINUTE).max(1),
            summary_html: art
                .summary
                .as_deref()
                .map(|s| self.md.html(s, &self.resolver(root)))
                .unwrap_or_default(),
            body_html: self.article_body(i, root),
            sidebar,
            tags: art
                .tags
                .iter()
                .map(|&e| self.entity_ref(e, root, None))
                .collect(),
            previous: i.checked_sub(1).map(|p| self.article_link(p, root)),
            next: (i + 1 < d.articles.len()).then(|| self.article_link(i + 1, root)),
            related: self.a.related[i]
                .iter()
                .map(|r| RelatedView {
                    title: &d.articles[r.article].title,
                    href: self.routes.href(root, Route::Article(r.article)),
                    date: self.date(d.articles[r.article].date),
                    shared: r
                        .shared
                        .iter()
                        .map(|&e| self.entity_ref(e, root, None))
                        .collect(),
                })
                .collect(),
            quotes: self.ix.quotes_of_article[i]
                .iter()
                .map(|&q| self.quote_view(&self.a.quotes[q], root))
                .collect(),
            seed: art.seed.to_string_lossy().replace('\\', "/"),
        }
    }

    /// The article text as HTML: one element per block, anchored `pN`, each
    /// mention a link to its entity.
    fn article_body(&self, i: ArticleIx, root: &str) -> String {
        let d = self.d;
        let art = &d.articles[i];
        let mut out = String::with_capacity(art.blocks.iter().map(|b| b.text.len() * 2).sum());
        let mention = |h: &crate::analyse::matcher::Hit, text: &str| -> String {
            let ent = &d.entities[h.entity];
            let mut s = String::with_capacity(text.len() + 96);
            s.push_str("<a class=\"mention k-");
            s.push_str(&(ent.kind % 8).to_string());
            s.push_str("\" href=\"");
            s.push_str(&self.routes.href(root, Route::Entity(h.entity)));
            s.push_str("\" title=\"");
            escape_into(&mut s, &ent.name);
            s.push_str("\">");
            escape_into(&mut s, text);
            s.push_str("</a>");
            s
        };
        let resolve = self.resolver(root);
        for (bi, block) in art.blocks.iter().enumerate() {
            let hits = &self.a.hits[i][bi];
            let n = bi + 1;
            match &block.kind {
                BlockKind::Paragraph | BlockKind::Heading => {
                    let tag = if block.kind == BlockKind::Heading {
                        "h2"
                    } else {
                        "p"
                    };
                    out.push_str(&format!("<{tag} id=\"{}\">", urls::anchor(bi)));
                    let quotes = self.ix.quotes_of_article[i]
                        .iter()
                        .map(|&q| &self.a.quotes[q])
                        .filter(|q| q.block == bi);
                    self.block_html(&mut out, &block.text, hits, quotes, &mention);
                    out.push_str(&format!(
                        "<a class=\"anchor\" href=\"{}\" aria-label=\"{} {n}\">¶</a></{tag}>\n",
                        urls::anchor_href(bi),
                        self.t.paragraph
                    ));
                }
                BlockKind::Markdown(src) => {
                    out.push_str(&format!(
                        "<div class=\"block\" id=\"{}\">",
                        urls::anchor(bi)
                    ));
                    out.push_str(&self.md.seed_block(src, &resolve, hits, &mention));
                    out.push_str("</div>\n");
                }
            }
        }
        out
    }

    /// A paragraph's text with its mentions linked and its statements
    /// wrapped in `<span class="said">` naming the speaker. A statement
    /// that a mention straddles is left unwrapped: elements must nest.
    fn block_html<'q>(
        &self,
        out: &mut String,
        text: &str,
        hits: &[crate::analyse::matcher::Hit],
        quotes: impl Iterator<Item = &'q crate::analyse::Quote>,
        mention: &markdown::MentionHtml,
    ) {
        // (offset, order, what): at one offset a span closes before another
        // opens, and both before a mention starts.
        enum Item<'h> {
            Close,
            Open(String),
            Hit(&'h crate::analyse::matcher::Hit),
        }
        let mut items: Vec<(usize, u8, Item)> = Vec::new();
        for q in quotes {
            // Mentions are sorted and do not overlap: only the last one
            // starting before an offset can straddle it.
            let cuts = |at: usize| {
                let i = hits.partition_point(|h| h.start < at);
                i > 0 && at < hits[i - 1].end
            };
            let straddled = cuts(q.start) || cuts(q.end);
            if straddled {
                continue;
            }
            let mut open = String::from("<span class=\"said\"");
            if let Some(sp) = q.speaker {
                open.push_str(" title=\"");
                escape_into(&mut open, &self.d.entities[sp].name);
                open.push('"');
            }
            open.push('>');
            items.push((q.start, 1, Item::Open(open)));
            items.push((q.end, 0, Item::Close));
        }
        items.extend(hits.iter().map(|h| (h.start, 2, Item::Hit(h))));
        items.sort_by_key(|&(at, order, _)| (at, order));
        let mut pos = 0;
        for (at, _, item) in items {
            if at > pos {
                escape_into(out, &text[pos..at]);
                pos = at;
            }
            match item {
                Item::Close => out.push_str("</span>"),
                Item::Open(tag) => out.push_str(&tag),
                Item::Hit(h) => {
                    out.push_str(&mention(h, &text[h.start..h.end]));
                    pos = h.end;
                }
            }
        }
        escape_into(out, &text[pos..]);
    }

    fn kind_page(&self, k: usize, root: &str) -> KindPage<'a> {
        let kind = &self.d.kinds[k];
        KindPage {
            label: &kind.label,
            singular: &kind.singular,
            entities: self
                .by_mentions(k)
                .into_iter()
                .map(|e| {
                    let ent = &self.d.entities[e];
                    let m = &self.a.mentions[e];
                    let mut arts: Vec<ArticleIx> = m.iter().map(|x| x.article).collect();
                    arts.dedup();
                    EntityCard {
                        name: &ent.name,
                        href: self.routes.href(root, Route::Entity(e)),
                        summary: &ent.summary,
                        mentions: m.len(),
                        articles: arts.len(),
                    }
                })
                .collect(),
        }
    }

    fn entity_page(&self, e: EntityIx, root: &str) -> EntityPage<'a> {
        let d = self.d;
        let ent = &d.entities[e];
        let resolve = self.resolver(root);
        let mentions = &self.a.mentions[e];
        // Mentions grouped by article, then by sentence: two mentions in one
        // sentence make one snippet with two marks. Past a cap per article
        // the rest are counted, not shown (a 20 MB seed would otherwise
        // make one page of every sentence).
        struct Pending {
            block: usize,
            sentence: (usize, usize),
            spans: Vec<(usize, usize)>,
        }
        let mut groups: Vec<(ArticleIx, Vec<Pending>, usize)> = Vec::new();
        for m in mentions {
            if groups.last().is_none_or(|g| g.0 != m.article) {
                groups.push((m.article, Vec::new(), 0));
            }
            let g = groups.last_mut().unwrap();
            let sentence = m.sentence;
            let full = g.1.len() >= SNIPPETS_PER_ARTICLE;
            match g.1.last_mut() {
                Some(p) if p.block == m.block && p.sentence == sentence => {
                    p.spans.push((m.start, m.end))
                }
                _ if full => g.2 += 1,
                _ => g.1.push(Pending {
                    block: m.block,
                    sentence,
                    spans: vec![(m.start, m.end)],
                }),
            }
        }
        let groups: Vec<MentionGroup> = groups
            .into_iter()
            .map(|(ai, pending, more)| {
                let art = &d.articles[ai];
                let href = self.routes.href(root, Route::Article(ai));
                MentionGroup {
                    title: &art.title,
                    date: self.date(art.date),
                    snippets: pending
                        .iter()
                        .map(|p| Snippet {
                            html: snippet(&art.blocks[p.block].text, p.sentence, &p.spans),
                            href: self.routes.paragraph(root, ai, p.block),
                            paragraph: p.block + 1,
                        })
                        .collect(),
                    more,
                    href,
                }
            })
            .collect();
        EntityPage {
            name: &ent.name,
            id: &ent.id,
            kind: &d.kinds[ent.kind].singular,
            kind_href: self.routes.href(root, Route::Kind(ent.kind)),
            class: format!("k-{}", ent.kind % 8),
            summary: &ent.summary,
            aliases: ent
                .aliases
                .iter()
                .filter(|a| !a.hidden)
                .map(|a| a.text.as_str())
                .collect(),
            facts: ent
                .facts
                .iter()
                .map(|(label, v)| Fact {
                    label,
                    html: self.md.inline(v, &resolve),
                })
                .collect(),
            description_html: self.md.html(&ent.description, &resolve),
            mention_count: mentions.len(),
            article_count: groups.len(),
            mentions: groups,
            neighbours: self.a.neighbours[e]
                .iter()
                .take(NEIGHBOURS_MAX)
                .map(|&(o, w)| self.entity_ref(o, root, Some(w as usize)))
                .collect(),
            events: self.a.events[e]
                .iter()
                .map(|&i| self.event_view(i, root))
                .collect(),
            quotes: self.ix.quotes_of_speaker[e]
                .iter()
                .map(|&q| self.quote_view(&self.a.quotes[q], root))
                .collect(),
            tagged: self.ix.tagged[e]
                .iter()
                .map(|&i| self.article_link(i, root))
                .collect(),
        }
    }

    fn event_view(&self, i: usize, root: &str) -> EventView<'a> {
        let ev = &self.d.events[i];
        EventView {
            date: self.date(ev.date),
            date_iso: ev.date.to_string(),
            title: &ev.title,
            description_html: self.md.html(&ev.description, &self.resolver(root)),
            entities: ev
                .entities
                .iter()
                .map(|&e| self.entity_ref(e, root, None))
                .collect(),
            sources: ev
                .sources
                .iter()
                .map(|&a| self.article_link(a, root))
                .collect(),
        }
    }

    fn timeline(&self, root: &str) -> TimelinePage<'a> {
        let mut years: Vec<YearGroup> = Vec::new();
        for (i, ev) in self.d.events.iter().enumerate() {
            if years.last().is_none_or(|y| y.year != ev.date.year) {
                years.push(YearGroup {
                    year: ev.date.year,
                    events: Vec::new(),
                });
            }
            years
                .last_mut()
                .unwrap()
                .events
                .push(self.event_view(i, root));
        }
        TimelinePage { years }
    }

    fn quote_view(&self, q: &'a crate::analyse::Quote, root: &str) -> QuoteView<'a> {
        let art = &self.d.articles[q.article];
        QuoteView {
            text: nest_quotes(&q.text, self.d.language),
            href: self.routes.paragraph(root, q.article, q.block),
            article: &art.title,
            date: self.date(art.date),
            speaker: q.speaker.map(|s| self.entity_ref(s, root, None)),
            corrected: q.corrected,
        }
    }

    fn quotes_page(&self, root: &str) -> QuotesPage<'a> {
        // Speakers in entity order (kind, then name); unattributed last.
        let mut speakers: Vec<Option<EntityIx>> = self.a.quotes.iter().map(|q| q.speaker).collect();
        speakers.sort_by_key(|s| s.unwrap_or(usize::MAX));
        speakers.dedup();
        QuotesPage {
            groups: speakers
                .into_iter()
                .map(|s| SpeakerGroup {
                    speaker: s.map(|e| self.entity_ref(e, root, None)),
                    quotes: match s {
                        Some(e) => &self.ix.quotes_of_speaker[e],
                        None => &self.ix.unattributed,
                    }
                    .iter()
                    .map(|&q| self.quote_view(&self.a.quotes[q], root))
                    .collect(),
                })
                .collect(),
            count: self.a.quotes.len(),
        }
    }

    fn claims_page(&self, root: &str) -> ClaimsPage<'a> {
        let d = self.d;
        ClaimsPage {
            claims: d
                .claims
                .iter()
                .map(|c| ClaimView {
                    id: &c.id,
                    question: &c.question,
                    statements: c
                        .statements
                        .iter()
                        .map(|s| {
                            let b = s.block;
                            let art = &d.articles[s.article];
                            StatementView {
                                article: &art.title,
                                source: &art.source.name,
                                date: self.date(art.date),
                                href: self.routes.paragraph(root, s.article, b),
                                says: &s.says,
                                quote: &s.quote,
                                paragraph: b + 1,
                            }
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    fn graph_page(&self, root: &str) -> GraphPage<'a> {
        let d = self.d;
        // Only entities that are mentioned take part, at most the
        // GRAPH_NODES_MAX most mentioned: the layout costs the square of
        // the nodes (2,000 entities took longer than all other pages), and
        // beyond a few hundred the drawing is a hairball anyway.
        let mut present: Vec<EntityIx> = (0..d.entities.len())
            .filter(|&e| !self.a.mentions[e].is_empty())
            .collect();
        if present.len() > GRAPH_NODES_MAX {
            present.sort_by_key(|&e| (std::cmp::Reverse(self.a.mentions[e].len()), e));
            present.truncate(GRAPH_NODES_MAX);
            present.sort_unstable();
        }
        let mut index = vec![usize::MAX; d.entities.len()];
        for (i, &e) in present.iter().enumerate() {
            index[e] = i;
        }
        let hrefs: Vec<String> = present
            .iter()
            .map(|&e| self.routes.href(root, Route::Entity(e)))
            .collect();
        let nodes: Vec<graph::Node> = present
            .iter()
            .zip(&hrefs)
            .map(|(&e, href)| {
                let ent = &d.entities[e];
                graph::Node {
                    label: &ent.name,
                    href,
                    kind: ent.kind,
                    kind_label: &d.kinds[ent.kind].singular,
                    weight: self.a.mentions[e].len() as u32,
                }
            })
            .collect();
        let edges: Vec<graph::Edge> = self
            .a
            .edges
            .iter()
            .filter(|&&(a, b, _)| index[a] != usize::MAX && index[b] != usize::MAX)
            .map(|&(a, b, w)| graph::Edge {
                a: index[a],
                b: index[b],
                weight: w,
            })
            .collect();
        let svg = graph::render_svg(&nodes, &edges, self.t.graph, &graph::Options::default());
        GraphPage {
            svg,
            pairs: self
                .a
                .edges
                .iter()
                .take(GRAPH_PAIRS_LISTED)
                .map(|&(x, y, w)| Pair {
                    a: self.entity_ref(x, root, None),
                    b: self.entity_ref(y, root, None),
                    weight: w,
                })
                .collect(),
            legend: d
                .kinds
                .iter()
                .enumerate()
                .map(|(k, kind)| EntityRef {
                    name: &kind.label,
                    href: self.routes.href(root, Route::Kind(k)),
                    class: format!("k-{}", k % 8),
                    kind: &kind.singular,
                    count: None,
                })
                .collect(),
            nodes: nodes.len(),
            edges: edges.len(),
        }
    }
}

fn value<T: Serialize>(v: &T) -> tera::Value {
    tera::Value::from_serializable(v)
}

/// Whether any Markdown of the dossier may hold a code block; then every
/// page links the syntax stylesheet. A cheap over-approximation: a false
/// positive costs one small CSS file, and the syntax set itself still loads
/// only when a block is really highlighted.
fn may_have_code(d: &Dossier) -> bool {
    let code = |s: &str| s.contains("```") || s.contains("~~~") || s.contains("\n    ");
    d.pages.iter().any(|p| code(&p.markdown))
        || d.entities
            .iter()
            .any(|e| code(&e.description) || e.facts.iter().any(|(_, v)| code(v)))
        || d.events.iter().any(|e| code(&e.description))
        || d.articles.iter().any(|a| {
            a.summary.as_deref().is_some_and(code)
                || a.blocks
                    .iter()
                    .any(|b| matches!(&b.kind, BlockKind::Markdown(src) if code(src)))
        })
}

/// A sentence, escaped, its mentions in `<mark>`; a long sentence is cut
/// around its first and last mention with an ellipsis.
fn snippet(text: &str, sentence: (usize, usize), spans: &[(usize, usize)]) -> String {
    let (mut s, mut e) = sentence;
    let (first, last) = (spans[0].0, spans[spans.len() - 1].1);
    let half = SNIPPET_MAX_CHARS / 2;
    if text[s..first].chars().count() > half {
        s = floor_word(text, first, half);
    }
    if text[last..e].chars().count() > half {
        e = ceil_word(text, last, half);
    }
    let mut out = String::new();
    if s > 0 && !text[..s].trim_end().ends_with(['.', '!', '?', '…']) {
        out.push('…');
    }
    let mut pos = s;
    for &(a, b) in spans {
        let seg = &text[pos..a];
        escape_into(&mut out, if pos == s { seg.trim_start() } else { seg });
        out.push_str("<mark>");
        escape_into(&mut out, &text[a..b]);
        out.push_str("</mark>");
        pos = b;
    }
    escape_into(&mut out, text[pos..e].trim_end());
    if e < text.len() && !text[..e].trim_end().ends_with(['.', '!', '?', '…', '»']) {
        out.push('…');
    }
    out
}

/// A word start at most `chars` characters before `pos`.
fn floor_word(text: &str, pos: usize, chars: usize) -> usize {
    let start = text[..pos]
        .char_indices()
        .rev()
        .nth(chars)
        .map_or(0, |(i, _)| i);
    text[start..pos].find(' ').map_or(start, |i| start + i + 1)
}

/// A word end at most `chars` characters after `pos`.
fn ceil_word(text: &str, pos: usize, chars: usize) -> usize {
    let end = text[pos..]
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| pos + i);
    text[pos..end].rfind(' ').map_or(end, |i| pos + i)
}

/// A quote shown inside the site's own quotation marks: in English, its
/// inner double quotes become single ones (“a ‘b’ c”); French keeps them
/// (« a “b” c »).
fn nest_quotes(text: &str, lang: crate::model::Lang) -> std::borrow::Cow<'_, str> {
    if lang != crate::model::Lang::En || !text.contains(['“', '”']) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.replace('“', "‘").replace('”', "’"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    /// The whole site of `d`, rendered in memory.
    fn site(d: &Dossier) -> Vec<OutFile> {
        let (a, _) = crate::analyse::analyse(d);
        render(d, &a, false).expect("renders")
    }

    fn file<'f>(files: &'f [OutFile], path: &str) -> Option<&'f str> {
        files
            .iter()
            .find(|f| f.path == path)
            .map(|f| std::str::from_utf8(&f.bytes).unwrap())
    }

    #[test]
    fn sitemap_and_feed_only_with_an_absolute_base_url() {
        let mut d = Dossier::empty_for_tests();
        d.title = "T & co".into();
        d.base_url = Some("/sub/".into());
        let files = site(&d);
        assert!(file(&files, urls::SITEMAP).is_none());
        assert!(file(&files, urls::ATOM).is_none());
        d.base_url = Some("https://x.org/sub/".into());
        let files = site(&d);
        let sitemap = file(&files, urls::SITEMAP).unwrap();
        assert!(sitemap.contains("<loc>https://x.org/sub/</loc>"));
        assert!(sitemap.contains("<loc>https://x.org/sub/graphe/</loc>"));
        assert!(!sitemap.contains("404"));
        let feed = file(&files, urls::ATOM).unwrap();
        assert!(feed.contains("<title>T &amp; co</title>"));
        assert!(feed.contains("<link rel=\"self\" href=\"https://x.org/sub/atom.xml\"/>"));
        assert_eq!(paths(&d, false).len(), files.len());
    }

    #[test]
    fn a_dossier_overrides_the_feed_and_sitemap_templates() {
        let mut d = Dossier::empty_for_tests();
        d.title = "T".into();
        d.base_url = Some("https://x.org/".into());
        for (name, source) in [
            ("atom.xml", "feed of {{ page.title }} at {{ page.url }}"),
            ("sitemap.xml", "{{ page.urls | length }} pages"),
        ] {
            d.templates.push(TemplateFile {
                name: name.into(),
                path: format!("templates/{name}").into(),
                source: source.into(),
            });
        }
        let files = site(&d);
        assert_eq!(
            file(&files, urls::ATOM),
            Some("feed of T at https://x.org/")
        );
        assert_eq!(file(&files, urls::SITEMAP), Some("6 pages"));
    }

    #[test]
    fn inner_quotes_nest_in_english_only() {
        assert_eq!(
            nest_quotes("it was a “fair deal” for us", Lang::En),
            "it was a ‘fair deal’ for us"
        );
        assert_eq!(
            nest_quotes("c'était un “bon accord”", Lang::Fr),
            "c'était un “bon accord”"
        );
    }
}
