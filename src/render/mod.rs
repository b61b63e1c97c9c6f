//! Stage 3: turn the dossier and its analysis into the site's files.
//!
//! Each page is a view struct (see [`views`]) handed to a Tera template;
//! every path and link comes from [`urls::Routes`]. Pages are independent,
//! so they are built and rendered in parallel and handed on one by one (to
//! `verify` and `write` in a build); the page builders live by kind of page
//! in `article`, `entity`, `lists` and `graph_page`, and this module holds
//! the job loop and what they share. The data files are made here too
//! (`data`): sitemap.xml and atom.xml through their templates, dossier.json
//! streamed to its file.

mod article;
mod data;
mod entity;
pub mod graph;
mod graph_page;
pub mod highlight;
pub mod i18n;
mod lists;
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
    let assets = assets(d, &highlighter, site.has_code, search);
    // Then the sitemap and the feed, from their templates.
    let data = cx.data_files(&tera, &site, search);
    for (k, f) in assets.into_iter().map(Ok).chain(data).enumerate() {
        let i = jobs.len() + k;
        if let Err(e) = f.and_then(|f| each(i, f)) {
            fail(i, e);
        }
    }
    let errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
    if errors.is_empty() {
        Ok(())
    } else {
        Err(in_order_once(errors))
    }
}

/// The errors of the files in the order of the files, each once (a broken
/// template fails every page it prints).
fn in_order_once(mut errors: Vec<(usize, Error)>) -> Vec<Error> {
    errors.sort_by_key(|(i, _)| *i);
    let mut out: Vec<Error> = Vec::new();
    for (_, e) in errors {
        if !out.contains(&e) {
            out.push(e);
        }
    }
    out
}

/// The built-in assets (or the dossier's own), in the order of [`paths`].
fn assets(d: &Dossier, highlighter: &Highlighter, has_code: bool, search: bool) -> Vec<OutFile> {
    let mut assets: Vec<OutFile> = ASSETS
        .iter()
        .map(|name| OutFile {
            path: urls::asset(name),
            bytes: templates::asset(&d.templates, name).into_bytes(),
        })
        .collect();
    if has_code {
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
    assets
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
    jobs.extend(d.articles.indices().map(Route::Article));
    jobs.extend((1..lists::article_pages(d)).map(Route::Articles));
    jobs.extend(d.kinds.indices().map(Route::Kind));
    jobs.extend(d.entities.indices().map(Route::Entity));
    jobs.extend((0..d.pages.len()).map(Route::Page));
    if search {
        jobs.push(Route::Search);
    }
    jobs
}

struct Cx<'a> {
    d: &'a Dossier,
    a: &'a Analysis,
    /// Entity ids to indexes, for `[[id]]` links.
    by_id: std::collections::HashMap<&'a str, EntityIx>,
    t: &'static Strings,
    routes: Routes<'a>,
    md: Markdown<'a>,
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
        let path = self.routes.path(job);
        let root = self.routes.root(&path);
        let page = self.page_view(job, &root);
        let template = template_of(job);
        let frame = Frame {
            // Only an absolute base URL makes canonical links (and the feed
            // link beside them: atom.xml is written only then).
            canonical: self.routes.absolute(&path),
            root,
            path: &path,
            title: self.title_of(job),
            section: self.section_of(job),
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

    /// What the page of `job` shows, for a page at `root`.
    fn page_view(&self, job: Route, root: &str) -> tera::Value {
        match job {
            Route::Home => value(&self.home(root)),
            Route::Articles(page) => value(&self.article_list(page, root)),
            Route::Timeline => value(&self.timeline(root)),
            Route::Quotes => value(&self.quotes_page(root)),
            Route::Claims => value(&self.claims_page(root)),
            Route::Graph => value(&self.graph_page(root)),
            Route::Article(i) => value(&self.article_page(i, root)),
            Route::Kind(k) => value(&self.kind_page(k, root)),
            Route::Entity(e) => value(&self.entity_page(e, root)),
            Route::Page(p) => {
                let pg = &self.d.pages[p];
                value(&FreePage {
                    title: &pg.title,
                    html: self.md.html(&pg.markdown, &self.resolver(root)),
                })
            }
            Route::NotFound | Route::Search => tera::Value::none(),
        }
    }

    /// The page's title (the site's title follows it in `<title>`).
    fn title_of(&self, job: Route) -> String {
        let d = self.d;
        match job {
            Route::Home => d.title.clone(),
            Route::Articles(_) => self.t.articles.into(),
            Route::Timeline => self.t.timeline.into(),
            Route::Quotes => self.t.quotes.into(),
            Route::Claims => self.t.claims.into(),
            Route::Graph => self.t.graph.into(),
            Route::NotFound => self.t.not_found.into(),
            Route::Article(i) => d.articles[i].title.clone(),
            Route::Kind(k) => d.kinds[k].label.clone(),
            Route::Entity(e) => d.entities[e].name.clone(),
            Route::Search => self.t.search.into(),
            Route::Page(p) => d.pages[p].title.clone(),
        }
    }

    /// The key of the navigation item the page belongs to.
    fn section_of(&self, job: Route) -> &'a str {
        let d = self.d;
        match job {
            Route::Home => "home",
            Route::Articles(_) | Route::Article(_) => "articles",
            Route::Timeline => "timeline",
            Route::Quotes => "quotes",
            Route::Claims => "claims",
            Route::Graph => "graph",
            Route::NotFound => "404",
            Route::Kind(k) => &d.kinds[k].key,
            Route::Entity(e) => &d.kinds[d.entities[e].kind].key,
            Route::Search => "search",
            Route::Page(p) => &d.pages[p].slug,
        }
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
        for (k, kind) in d.kinds.iter_enumerated() {
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
            class: format!("k-{}", ent.kind.get() % 8),
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
}

/// The template that prints the page of `job`.
fn template_of(job: Route) -> &'static str {
    match job {
        Route::Home => "index.html",
        Route::Articles(_) => "articles.html",
        Route::Timeline => "timeline.html",
        Route::Quotes => "quotes.html",
        Route::Claims => "claims.html",
        Route::Graph => "graph.html",
        Route::NotFound => "404.html",
        Route::Article(_) => "article.html",
        Route::Kind(_) => "kind.html",
        Route::Entity(_) => "entity.html",
        Route::Search => "search.html",
        Route::Page(_) => "page.html",
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
pub(super) mod tests {
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

    /// A dossier in memory: one kind (people), Ada and Grace, one
    /// article whose first paragraph names Ada twice in one sentence and
    /// Grace in the next.
    pub(super) fn small() -> Dossier {
        let mut d = Dossier::empty_for_tests();
        d.title = "D".into();
        d.kinds.push(Kind {
            key: "people".into(),
            path: "personnes".into(),
            label: "Personnes".into(),
            singular: "Personne".into(),
            role: Role::Person,
        });
        for (id, name) in [("ada", "Ada Lovelace"), ("grace", "Grace Hopper")] {
            d.entities.push(Entity {
                id: id.into(),
                kind: KindIx::new(0),
                name: name.into(),
                aliases: Vec::new(),
                fold: false,
                summary: String::new(),
                description: String::new(),
                facts: Vec::new(),
                source: crate::error::Loc::file("content/entities/people.yaml"),
            });
        }
        let para = |t: &str| Block {
            kind: BlockKind::Paragraph,
            text: t.into(),
        };
        d.articles.push(Article {
            id: "a1".into(),
            seed: "seeds/a1.txt".into(),
            title: "One".into(),
            date: Date {
                year: 2024,
                month: Some(3),
                day: Some(1),
            },
            source: Source {
                name: "Wire".into(),
                url: None,
            },
            author: None,
            language: Lang::Fr,
            summary: None,
            tags: vec![EntityIx::new(1)],
            quote_fixes: Vec::new(),
            blocks: IxVec::from_raw(vec![
                para("Ada Lovelace wrote, and Ada Lovelace again. Then Grace Hopper came."),
                para("Nothing here."),
            ]),
        });
        d
    }

    /// Runs `f` with the render context of `d` (no folder on disk).
    pub(super) fn with_cx<T>(d: &Dossier, f: impl FnOnce(&Cx) -> T) -> T {
        let (a, _) = crate::analyse::analyse(d);
        let highlighter = Highlighter::default();
        let cx = Cx {
            d,
            a: &a,
            by_id: d.entity_index(),
            t: i18n::strings(d.language),
            routes: Routes::new(d),
            md: Markdown {
                allow_html: false,
                highlighter: &highlighter,
            },
        };
        f(&cx)
    }

    #[test]
    fn an_entity_page_groups_mentions_by_sentence_and_links_their_paragraphs() {
        let d = small();
        with_cx(&d, |cx| {
            let root = cx
                .routes
                .root(&cx.routes.path(Route::Entity(EntityIx::new(0))));
            assert_eq!(root, "../../");
            let page = cx.entity_page(EntityIx::new(0), &root);
            assert_eq!(page.mention_count, 2);
            assert_eq!(page.mentions.len(), 1);
            let g = &page.mentions[0];
            assert_eq!(g.href, "../../articles/a1/index.html");
            assert_eq!(g.snippets.len(), 1, "one sentence, one snippet");
            assert_eq!(g.snippets[0].href, "../../articles/a1/index.html#p1");
            assert_eq!(g.snippets[0].html.matches("<mark>").count(), 2);
            assert_eq!(page.kind_href, "../../personnes/index.html");
            let grace = cx.entity_page(EntityIx::new(1), &root);
            assert_eq!(grace.tagged.len(), 1);
            assert_eq!(grace.tagged[0].href, "../../articles/a1/index.html");
        });
    }

    #[test]
    fn pages_are_titled_and_placed_in_their_section() {
        let d = small();
        with_cx(&d, |cx| {
            let grace = Route::Entity(EntityIx::new(1));
            assert_eq!(cx.section_of(grace), "people");
            assert_eq!(cx.title_of(grace), "Grace Hopper");
            assert_eq!(cx.section_of(Route::Article(ArticleIx::new(0))), "articles");
            assert_eq!(template_of(Route::Kind(KindIx::new(0))), "kind.html");
            let list = cx.article_list(0, "../");
            assert_eq!(list.articles.len(), 1);
            assert_eq!(list.articles[0].href, "../articles/a1/index.html");
            assert!(list.pager.is_none());
        });
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
