//! The machine-readable outputs: `dossier.json` (the whole dossier as
//! data, for journalists' own scripts), serialised straight to its file,
//! and the views of `sitemap.xml` and `atom.xml` (these two need absolute
//! URLs, so only with an absolute `base_url`), which built-in templates a
//! dossier can override print like pages.

use crate::analyse::Analysis;
use crate::model::{ArticleIx, Dossier, EntityIx};
use crate::render::urls::{ATOM, Route, Routes};
use serde::Serialize;
use std::collections::BTreeMap;

/// A list serialised straight from its iterator, each item made when it is
/// written: dossier.json of 100,000 articles is a gigabyte, and neither it
/// nor its items are ever held whole.
struct Lazy<'a, T>(std::cell::RefCell<Option<Box<dyn Iterator<Item = T> + 'a>>>);

impl<'a, T> Lazy<'a, T> {
    fn new(items: impl Iterator<Item = T> + 'a) -> Self {
        Lazy(std::cell::RefCell::new(Some(Box::new(items))))
    }
}

impl<T: Serialize> Serialize for Lazy<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.borrow_mut().take() {
            Some(items) => s.collect_seq(items),
            None => Err(serde::ser::Error::custom("a lazy list is written once")),
        }
    }
}

#[derive(Serialize)]
struct Data<'a> {
    title: &'a str,
    description: &'a str,
    language: &'static str,
    base_url: Option<&'a str>,
    kinds: Vec<KindData<'a>>,
    articles: Lazy<'a, ArticleData<'a>>,
    entities: Lazy<'a, EntityData<'a>>,
    quotes: Lazy<'a, QuoteData<'a>>,
    claims: Vec<ClaimData<'a>>,
    events: Vec<EventData<'a>>,
    cooccurrence: Lazy<'a, EdgeData<'a>>,
    candidates: Vec<CandidateData<'a>>,
}

#[derive(Serialize)]
struct KindData<'a> {
    key: &'a str,
    path: &'a str,
    label: &'a str,
}

#[derive(Serialize)]
struct ArticleData<'a> {
    id: &'a str,
    seed: String,
    title: &'a str,
    date: String,
    url: String,
    source: SourceData<'a>,
    author: Option<&'a str>,
    language: &'static str,
    summary: Option<&'a str>,
    tags: Vec<&'a str>,
    paragraphs: usize,
    entities: BTreeMap<&'a str, usize>,
}

#[derive(Serialize)]
struct SourceData<'a> {
    name: &'a str,
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct EntityData<'a> {
    id: &'a str,
    kind: &'a str,
    name: &'a str,
    aliases: Vec<&'a str>,
    summary: &'a str,
    url: String,
    mentions: Vec<MentionData<'a>>,
}

#[derive(Serialize)]
struct MentionData<'a> {
    article: &'a str,
    paragraph: usize,
}

#[derive(Serialize)]
struct QuoteData<'a> {
    text: &'a str,
    speaker: Option<&'a str>,
    article: &'a str,
    paragraph: usize,
}

#[derive(Serialize)]
struct ClaimData<'a> {
    id: &'a str,
    question: &'a str,
    statements: Vec<StatementData<'a>>,
}

#[derive(Serialize)]
struct StatementData<'a> {
    article: &'a str,
    paragraph: usize,
    says: &'a str,
    quote: &'a str,
}

#[derive(Serialize)]
struct EventData<'a> {
    date: String,
    title: &'a str,
    entities: Vec<&'a str>,
    sources: Vec<&'a str>,
}

#[derive(Serialize)]
struct EdgeData<'a> {
    a: &'a str,
    b: &'a str,
    weight: u32,
}

#[derive(Serialize)]
struct CandidateData<'a> {
    text: &'a str,
    count: usize,
}

/// Writes `dossier.json` to `w` as it is serialised.
pub fn write_dossier_json(
    d: &Dossier,
    a: &Analysis,
    mut w: impl std::io::Write,
) -> std::io::Result<()> {
    let routes = Routes::new(d);
    let routes = &routes;
    let id = move |e: EntityIx| d.entities[e].id.as_str();
    let art = move |i: ArticleIx| d.articles[i].id.as_str();
    let data = Data {
        title: &d.title,
        description: &d.description,
        language: d.language.code(),
        base_url: d.base_url.as_deref(),
        kinds: d
            .kinds
            .iter()
            .map(|k| KindData {
                key: &k.key,
                path: &k.path,
                label: &k.label,
            })
            .collect(),
        articles: Lazy::new(
            d.articles
                .indices()
                .map(move |i| article_data(d, a, routes, i)),
        ),
        entities: Lazy::new(
            d.entities
                .indices()
                .map(move |e| entity_data(d, a, routes, e)),
        ),
        quotes: Lazy::new(a.quotes.iter().map(move |q| QuoteData {
            text: &q.text,
            speaker: q.speaker.map(id),
            article: art(q.article),
            paragraph: q.block.get() + 1,
        })),
        claims: d.claims.iter().map(|c| claim_data(d, c)).collect(),
        events: d.events.iter().map(|e| event_data(d, e)).collect(),
        cooccurrence: Lazy::new(a.edges.iter().map(move |&(x, y, w)| EdgeData {
            a: id(x),
            b: id(y),
            weight: w,
        })),
        candidates: a
            .candidates
            .iter()
            .map(|c| CandidateData {
                text: &c.text,
                count: c.count,
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut w, &data)?;
    w.write_all(b"\n")
}

fn article_data<'a>(
    d: &'a Dossier,
    a: &Analysis,
    routes: &Routes,
    i: ArticleIx,
) -> ArticleData<'a> {
    let x = &d.articles[i];
    let id = |e: EntityIx| d.entities[e].id.as_str();
    ArticleData {
        id: &x.id,
        seed: x.seed.to_string_lossy().replace('\\', "/"),
        title: &x.title,
        date: x.date.to_string(),
        url: routes.pretty(Route::Article(i)),
        source: SourceData {
            name: &x.source.name,
            url: x.source.url.as_deref(),
        },
        author: x.author.as_deref(),
        language: x.language.code(),
        summary: x.summary.as_deref(),
        tags: x.tags.iter().map(|&e| id(e)).collect(),
        paragraphs: x.blocks.len(),
        entities: a.articles[i]
            .entities
            .iter()
            .map(|&(e, n)| (id(e), n))
            .collect(),
    }
}

fn entity_data<'a>(d: &'a Dossier, a: &Analysis, routes: &Routes, e: EntityIx) -> EntityData<'a> {
    let x = &d.entities[e];
    EntityData {
        id: &x.id,
        kind: &d.kinds[x.kind].key,
        name: &x.name,
        aliases: x
            .aliases
            .iter()
            .filter(|a| !a.hidden)
            .map(|a| a.text.as_str())
            .collect(),
        summary: &x.summary,
        url: routes.pretty(Route::Entity(e)),
        mentions: a.entities[e]
            .mentions
            .iter()
            .map(|m| MentionData {
                article: &d.articles[m.article].id,
                paragraph: m.block.get() + 1,
            })
            .collect(),
    }
}

fn claim_data<'a>(d: &'a Dossier, c: &'a crate::model::Claim) -> ClaimData<'a> {
    ClaimData {
        id: &c.id,
        question: &c.question,
        statements: c
            .statements
            .iter()
            .map(|s| StatementData {
                article: &d.articles[s.article].id,
                paragraph: s.block.get() + 1,
                says: &s.says,
                quote: &s.quote,
            })
            .collect(),
    }
}

fn event_data<'a>(d: &'a Dossier, e: &'a crate::model::Event) -> EventData<'a> {
    EventData {
        date: e.date.to_string(),
        title: &e.title,
        entities: e
            .entities
            .iter()
            .map(|&x| d.entities[x].id.as_str())
            .collect(),
        sources: e
            .sources
            .iter()
            .map(|&x| d.articles[x].id.as_str())
            .collect(),
    }
}

/// What `sitemap.xml` prints: the absolute URL of every page but the
/// 404 page, sorted.
#[derive(Serialize)]
pub struct Sitemap {
    pub urls: Vec<String>,
}

/// The sitemap of the pages at `html_paths`; None without an absolute
/// base URL.
pub fn sitemap(routes: &Routes, html_paths: &[&str]) -> Option<Sitemap> {
    routes.absolute_base()?;
    let not_found = routes.path(Route::NotFound);
    let mut paths: Vec<&str> = html_paths
        .iter()
        .copied()
        .filter(|p| *p != not_found)
        .collect();
    paths.sort_unstable();
    Some(Sitemap {
        urls: paths.iter().filter_map(|p| routes.absolute(p)).collect(),
    })
}

/// What `atom.xml` prints: the feed of every article, newest first.
#[derive(Serialize)]
pub struct Feed<'a> {
    pub lang: &'static str,
    pub title: &'a str,
    /// The site's absolute URL, the feed's id.
    pub url: &'a str,
    pub self_url: String,
    /// The newest article's date (RFC 3339), 1970 without articles.
    pub updated: String,
    pub entries: Vec<FeedEntry<'a>>,
}

#[derive(Serialize)]
pub struct FeedEntry<'a> {
    pub title: &'a str,
    /// The article's absolute URL, also its id.
    pub url: String,
    pub updated: String,
    /// Its author, else its source.
    pub author: &'a str,
    /// The summary as plain text, `[[id]]` links as the entity's name.
    pub summary: Option<String>,
}

/// The feed; None without an absolute base URL. `by_id` finds the
/// entities `[[id]]` links in summaries name.
pub fn feed<'a>(
    d: &'a Dossier,
    routes: &Routes<'a>,
    by_id: &std::collections::HashMap<&str, EntityIx>,
) -> Option<Feed<'a>> {
    let url = routes.absolute_base()?;
    let updated = d
        .articles
        .iter()
        .map(|a| a.date)
        .max()
        .map(|x| x.timestamp())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let entries = d
        .articles
        .iter_enumerated()
        .rev()
        .map(|(i, a)| FeedEntry {
            title: &a.title,
            url: routes
                .absolute(&routes.path(Route::Article(i)))
                .unwrap_or_default(),
            updated: a.date.timestamp(),
            author: a.author.as_deref().unwrap_or(&a.source.name),
            summary: a.summary.as_deref().map(|s| {
                crate::text::markdown_plain(s, |id| {
                    by_id.get(id).map(|&e| d.entities[e].name.clone())
                })
                .trim()
                .to_string()
            }),
        })
        .collect();
    Some(Feed {
        lang: d.language.code(),
        title: &d.title,
        url,
        self_url: routes.absolute(ATOM)?,
        updated,
        entries,
    })
}
