//! A saved web page → the article's text and what the page says about it.
//!
//! The article body is found by dom_smoothie, a maintained Rust port of
//! Mozilla's Readability (the reader view of Firefox): it drops navigation,
//! footers, share bars, sidebars and most advertising by scoring the page's
//! blocks. Its result is then walked here, block by block, to keep one
//! paragraph per line and to drop what a reader view keeps but a dossier
//! does not want as paragraphs: photo captions, "Read more" link lines,
//! advertising labels, the byline.
//!
//! The metadata (title, date, outlet, author, canonical URL) is read from the
//! page itself: Open Graph and `article:` meta tags, JSON-LD `NewsArticle`
//! (also inside `@graph`), `<link rel=canonical>`, `<time datetime>`, then
//! `<title>`. Nothing is fetched: the page is read from disk only.

use dom_query::{Document, NodeRef};

/// What a saved page gave.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Page {
    pub title: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The outlet's name.
    pub source: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    /// The page's language code, when it says (`en`, `fr`).
    pub lang: Option<String>,
    /// The article's text, one paragraph or subheading per item.
    pub paragraphs: Vec<String>,
    /// What was dropped from the body, and why ("caption: …").
    pub dropped: Vec<String>,
    /// The reader view found no article body: the page's whole text was kept.
    pub whole_page: bool,
}

/// Elements whose text is never article text.
const SKIP: &[&str] = &[
    "figure",
    "figcaption",
    "script",
    "style",
    "noscript",
    "nav",
    "aside",
    "footer",
    "form",
    "button",
    "svg",
    "iframe",
    "template",
    "select",
    "input",
    "label",
    "textarea",
    "object",
    "video",
    "audio",
    "picture",
    "img",
    "head",
    "title",
    "meta",
    "link",
];

/// Elements that stand inside a paragraph.
const INLINE: &[&str] = &[
    "a", "span", "strong", "em", "b", "i", "u", "s", "time", "abbr", "sup", "sub", "q", "cite",
    "code", "mark", "small", "big", "font", "br", "wbr", "del", "ins", "kbd", "var", "bdi", "bdo",
    "data", "dfn",
];

/// Short lines that only label an advertising slot.
const AD_LABELS: &[&str] = &[
    "advertisement",
    "advertising",
    "sponsored",
    "publicité",
    "annonce",
    "anzeige",
    "publicidad",
];

/// Reads a saved page.
pub fn extract(html: &str) -> Page {
    let doc = Document::from(html);
    let mut page = metadata(&doc);

    let reader = dom_smoothie::Readability::new(html, None, None)
        .ok()
        .and_then(|mut r| r.parse().ok());
    let body = match &reader {
        Some(a) => {
            if page.title.is_none() && !a.title.trim().is_empty() {
                page.title = Some(a.title.trim().to_string());
            }
            if page.author.is_none() {
                page.author = a.byline.clone().filter(|b| !b.trim().is_empty());
            }
            if page.source.is_none() {
                page.source = a.site_name.clone().filter(|b| !b.trim().is_empty());
            }
            if page.date.is_none() {
                page.date = a.published_time.as_deref().and_then(day);
            }
            Document::from(a.content.as_ref())
        }
        None => {
            page.whole_page = true;
            doc.clone()
        }
    };
    let mut w = Walker::default();
    for n in body.select("body").nodes() {
        w.walk(n);
    }
    w.flush();
    if w.out.is_empty() && !page.whole_page {
        // The reader view kept nothing usable: the whole page then.
        page.whole_page = true;
        w = Walker::default();
        for n in doc.select("body").nodes() {
            w.walk(n);
        }
        w.flush();
    }
    // "Title | Section | Outlet" from <title>: the outlet's part goes.
    if let (Some(t), Some(src)) = (&page.title, &page.source) {
        for sep in [" | ", " - ", " – ", " — "] {
            if let Some((head, _)) = t.split_once(sep) {
                if t.ends_with(src.as_str()) && !head.trim().is_empty() {
                    page.title = Some(head.trim().to_string());
                    break;
                }
            }
        }
    }
    let title = page.title.clone().unwrap_or_default();
    let author = page.author.clone().unwrap_or_default();
    for (text, link_chars) in w.out {
        let chars = text.chars().count();
        let low = text.to_lowercase();
        let why = if AD_LABELS.contains(&low.trim_end_matches(['.', ':'])) {
            Some("advertising label")
        } else if chars < 300 && link_chars * 10 > chars * 6 {
            Some("link line")
        } else if !title.is_empty() && same(&text, &title) {
            Some("title")
        } else if !author.is_empty() && chars < 120 && byline(&text, &author) {
            Some("byline")
        } else {
            None
        };
        match why {
            Some(why) => page.dropped.push(format!("{why}: {text}")),
            None => page.paragraphs.push(text),
        }
    }
    for c in w.skipped_caption {
        page.dropped.push(format!("caption: {c}"));
    }
    page
}

/// The same text, ignoring case, spaces and final punctuation.
fn same(a: &str, b: &str) -> bool {
    let n = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .trim_end_matches(['.', ' '])
            .to_lowercase()
    };
    n(a) == n(b)
}

/// "By Helen Marsh in Rotterdam", "Par Awa Traoré · Publié le …".
fn byline(text: &str, author: &str) -> bool {
    author
        .split([',', '&'])
        .flat_map(|a| a.split(" and "))
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .any(|a| text.contains(a))
}

#[derive(Default)]
struct Walker {
    /// Paragraphs with the number of their chars inside links.
    out: Vec<(String, usize)>,
    cur: String,
    cur_links: usize,
    skipped_caption: Vec<String>,
}

impl Walker {
    fn walk(&mut self, node: &NodeRef) {
        for child in node.children() {
            if child.is_text() {
                self.cur.push_str(&child.text());
                continue;
            }
            if !child.is_element() {
                continue;
            }
            let name = child
                .node_name()
                .map(|n| n.to_lowercase())
                .unwrap_or_default();
            if SKIP.contains(&name.as_str()) {
                if name == "figcaption" || name == "figure" {
                    let t = clean(&child.text());
                    if !t.is_empty() {
                        self.skipped_caption.push(t);
                    }
                }
                if name == "br" {
                    self.cur.push(' ');
                }
                continue;
            }
            if child.attr("hidden").is_some()
                || child.attr("aria-hidden").is_some_and(|v| &*v == "true")
            {
                continue;
            }
            if INLINE.contains(&name.as_str()) {
                if name == "br" {
                    self.cur.push(' ');
                    continue;
                }
                let before = self.cur.chars().count();
                self.walk(&child);
                if name == "a" {
                    self.cur_links += self.cur.chars().count() - before;
                }
                continue;
            }
            // A block: what came before is a paragraph of its own.
            self.flush();
            self.walk(&child);
            self.flush();
        }
    }

    fn flush(&mut self) {
        let raw = std::mem::take(&mut self.cur);
        let links = std::mem::take(&mut self.cur_links);
        let text = clean(&raw);
        if !text.is_empty() {
            // Link chars were counted before whitespace was collapsed.
            let links = links.min(text.chars().count());
            self.out.push((text, links));
        }
    }
}

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `2024-03-14` out of `2024-03-14T06:30:12Z`, `2024-03-14`, `2024-03-14 06:30`.
fn day(s: &str) -> Option<String> {
    let s = s.trim();
    let d = s.get(..10)?;
    let b = d.as_bytes();
    let ok = b.iter().enumerate().all(|(i, c)| match i {
        4 | 7 => *c == b'-',
        _ => c.is_ascii_digit(),
    });
    (ok && crate::model::Date::parse(d).is_some()).then(|| d.to_string())
}

fn metadata(doc: &Document) -> Page {
    let meta = |sel: &str| -> Option<String> {
        doc.select(sel)
            .nodes()
            .iter()
            .filter_map(|n| n.attr("content"))
            .map(|c| clean(&c))
            .find(|c| !c.is_empty())
    };
    let ld = json_ld(doc);
    let ld_str = |key: &str| -> Option<String> {
        ld.iter()
            .filter_map(|o| o.get(key))
            .find_map(|v| v.as_str().map(clean))
            .filter(|s| !s.is_empty())
    };
    let title = meta(r#"meta[property="og:title"]"#)
        .or_else(|| meta(r#"meta[name="twitter:title"]"#))
        .or_else(|| ld_str("headline"))
        .or_else(|| {
            let t = clean(&doc.select("title").text());
            (!t.is_empty()).then_some(t)
        });
    let date = meta(r#"meta[property="article:published_time"]"#)
        .or_else(|| ld_str("datePublished"))
        .or_else(|| meta(r#"meta[name="date"]"#))
        .or_else(|| meta(r#"meta[name="pubdate"]"#))
        .or_else(|| meta(r#"meta[name="DC.date.issued"]"#))
        .or_else(|| meta(r#"meta[itemprop="datePublished"]"#))
        .or_else(|| {
            doc.select("article time[datetime], time[datetime]")
                .nodes()
                .first()
                .and_then(|n| n.attr("datetime"))
                .map(|d| d.to_string())
        })
        .and_then(|d| day(&d));
    let publisher = ld.iter().find_map(|o| {
        o.get("publisher")
            .and_then(|p| p.get("name"))
            .and_then(|n| n.as_str())
            .map(clean)
    });
    let source = meta(r#"meta[property="og:site_name"]"#)
        .or(publisher)
        .or_else(|| meta(r#"meta[name="application-name"]"#));
    let ld_authors: Vec<String> = ld
        .iter()
        .filter_map(|o| o.get("author"))
        .flat_map(|a| match a {
            serde_json::Value::Array(v) => v.clone(),
            other => vec![other.clone()],
        })
        .filter_map(|a| match a {
            serde_json::Value::String(s) => Some(clean(&s)),
            serde_json::Value::Object(o) => o.get("name").and_then(|n| n.as_str()).map(clean),
            _ => None,
        })
        .filter(|s| !s.is_empty())
        .collect();
    let is_url = |s: &String| s.starts_with("http://") || s.starts_with("https://");
    let author = meta(r#"meta[name="author"]"#)
        .or_else(|| meta(r#"meta[property="article:author"]"#).filter(|a| !is_url(a)))
        .or_else(|| (!ld_authors.is_empty()).then(|| ld_authors.join(", ")));
    let canonical = doc
        .select(r#"link[rel="canonical"]"#)
        .nodes()
        .iter()
        .filter_map(|n| n.attr("href"))
        .map(|h| h.trim().to_string())
        .find(is_url);
    let ld_url = ld.iter().find_map(|o| {
        let m = o.get("mainEntityOfPage")?;
        m.as_str()
            .map(str::to_string)
            .or_else(|| m.get("@id").and_then(|v| v.as_str()).map(str::to_string))
    });
    let url = canonical
        .or_else(|| meta(r#"meta[property="og:url"]"#).filter(is_url))
        .or_else(|| ld_url.filter(is_url))
        .or_else(|| ld_str("url").filter(is_url));
    let lang = doc
        .select("html")
        .nodes()
        .first()
        .and_then(|n| n.attr("lang"))
        .map(|l| l.split(['-', '_']).next().unwrap_or("").to_lowercase())
        .filter(|l| !l.is_empty());
    Page {
        title,
        date,
        source,
        author,
        url,
        lang,
        ..Page::default()
    }
}

/// The JSON-LD objects of a page that describe an article (`NewsArticle`,
/// `Article`, `BlogPosting`, `ReportageNewsArticle`, …), wherever they
/// stand: alone, in a list, or in a `@graph`.
fn json_ld(doc: &Document) -> Vec<serde_json::Map<String, serde_json::Value>> {
    fn visit(v: &serde_json::Value, out: &mut Vec<serde_json::Map<String, serde_json::Value>>) {
        match v {
            serde_json::Value::Array(items) => items.iter().for_each(|i| visit(i, out)),
            serde_json::Value::Object(o) => {
                let types: Vec<&str> = match o.get("@type") {
                    Some(serde_json::Value::String(t)) => vec![t.as_str()],
                    Some(serde_json::Value::Array(ts)) => {
                        ts.iter().filter_map(|t| t.as_str()).collect()
                    }
                    _ => Vec::new(),
                };
                if types
                    .iter()
                    .any(|t| t.ends_with("Article") || *t == "BlogPosting" || *t == "Report")
                {
                    out.push(o.clone());
                }
                if let Some(g) = o.get("@graph") {
                    visit(g, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for n in doc.select(r#"script[type="application/ld+json"]"#).nodes() {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&n.text()) {
            visit(&v, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_days() {
        assert_eq!(
            day("2024-03-14T06:30:12.000Z").as_deref(),
            Some("2024-03-14")
        );
        assert_eq!(day("2024-02-30T00:00"), None);
        assert_eq!(day("14/03/2024"), None);
    }

    #[test]
    fn a_page_without_metadata_still_gives_its_text() {
        let p = extract(
            "<html><head><title>Notes</title></head><body><div><p>One paragraph that is long enough to be kept by the reader view, with several clauses, commas, and more words than a caption would have.</p><p>Another paragraph, also long enough to count as article text for the reader, and it goes on for a while to be sure.</p></div></body></html>",
        );
        assert_eq!(p.title.as_deref(), Some("Notes"));
        assert_eq!(p.date, None);
        assert_eq!(p.paragraphs.len(), 2, "{p:?}");
    }
}
