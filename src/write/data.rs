//! The machine-readable outputs: `dossier.json` (the whole dossier as
//! data, for journalists' own scripts), `sitemap.xml` and `atom.xml` (these
//! two need absolute URLs, so only with a `base_url`).

use crate::analyse::Analysis;
use crate::model::{Dossier, EntityIx};
use crate::render::urls::{Route, Routes};
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
    let art = move |i: usize| d.articles[i].id.as_str();
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
        articles: Lazy::new(d.articles.iter().enumerate().map(move |(i, x)| {
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
                entities: a.article_entities[i]
                    .iter()
                    .map(|&(e, n)| (id(e), n))
                    .collect(),
            }
        })),
        entities: Lazy::new(d.entities.iter().enumerate().map(move |(e, x)| {
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
                mentions: a.mentions[e]
                    .iter()
                    .map(|m| MentionData {
                        article: art(m.article),
                        paragraph: m.block + 1,
                    })
                    .collect(),
            }
        })),
        quotes: Lazy::new(a.quotes.iter().map(move |q| QuoteData {
            text: &q.text,
            speaker: q.speaker.map(id),
            article: art(q.article),
            paragraph: q.block + 1,
        })),
        claims: d
            .claims
            .iter()
            .map(|c| ClaimData {
                id: &c.id,
                question: &c.question,
                statements: c
                    .statements
                    .iter()
                    .map(|s| StatementData {
                        article: art(s.article),
                        paragraph: s.block + 1,
                        says: &s.says,
                        quote: &s.quote,
                    })
                    .collect(),
            })
            .collect(),
        events: d
            .events
            .iter()
            .map(|e| EventData {
                date: e.date.to_string(),
                title: &e.title,
                entities: e.entities.iter().map(|&x| id(x)).collect(),
                sources: e.sources.iter().map(|&x| art(x)).collect(),
            })
            .collect(),
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

pub fn sitemap(d: &Dossier, html_paths: &[&str]) -> Option<Vec<u8>> {
    let routes = Routes::new(d);
    routes.absolute_base()?;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut paths: Vec<&str> = html_paths
        .iter()
        .copied()
        .filter(|p| *p != "404.html")
        .collect();
    paths.sort_unstable();
    for p in paths {
        out.push_str("  <url><loc>");
        out.push_str(&xml_escape(&routes.absolute(p)?));
        out.push_str("</loc></url>\n");
    }
    out.push_str("</urlset>\n");
    Some(out.into_bytes())
}

pub fn atom(d: &Dossier) -> Option<Vec<u8>> {
    let routes = Routes::new(d);
    let base = routes.absolute_base()?;
    let updated = d
        .articles
        .iter()
        .map(|a| a.date)
        .max()
        .map(|x| x.timestamp())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <id>{}</id>\n  <link href=\"{}\"/>\n  <link rel=\"self\" href=\"{}atom.xml\"/>\n  <updated>{updated}</updated>\n",
        d.language.code(),
        xml_escape(&d.title),
        xml_escape(base),
        xml_escape(base),
        xml_escape(base),
    );
    for (i, a) in d.articles.iter().enumerate().rev() {
        let url = routes.absolute(&routes.path(Route::Article(i)))?;
        out.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link href=\"{}\"/>\n    <updated>{}</updated>\n    <author><name>{}</name></author>\n",
            xml_escape(&a.title),
            xml_escape(&url),
            xml_escape(&url),
            a.date.timestamp(),
            xml_escape(a.author.as_deref().unwrap_or(&a.source.name)),
        ));
        if let Some(s) = &a.summary {
            let s = crate::text::markdown_plain(s, |id| {
                d.entities
                    .iter()
                    .find(|e| e.id == id)
                    .map(|e| e.name.clone())
            });
            out.push_str(&format!(
                "    <summary>{}</summary>\n",
                xml_escape(s.trim())
            ));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    Some(out.into_bytes())
}

use crate::text::escape as xml_escape;
