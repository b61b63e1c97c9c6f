//! What each page shows, as plain serialisable structs. Templates only
//! print these: every count, sort, grouping and link is decided here, so a
//! dossier's own template never has to re-implement any logic.
//!
//! Strings borrowed from the model are `&'a str`; only what is computed for
//! the page (hrefs, HTML fragments, formatted dates) is owned.

use serde::Serialize;

/// Shared by every page.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub lang: &'static str,
    pub nav: Vec<NavItem<'a>>,
    pub base_url: Option<&'a str>,
    /// Pages link the syntax stylesheet.
    pub has_code: bool,
    /// The search page, from the site's root; `None` without a search index.
    pub search_href: Option<String>,
}

#[derive(Serialize)]
pub struct NavItem<'a> {
    /// Stable key, compared with `page_key` to mark the current section.
    pub key: String,
    pub label: &'a str,
    pub href: String,
}

#[derive(Serialize, Clone)]
pub struct Link<'a> {
    pub label: &'a str,
    pub href: String,
}

#[derive(Serialize, Clone)]
pub struct EntityRef<'a> {
    pub name: &'a str,
    pub href: String,
    /// CSS class of the kind: `k-0`, `k-1`…
    pub class: String,
    pub kind: &'a str,
    /// A count shown beside the name, when the page has one to show.
    pub count: Option<usize>,
}

#[derive(Serialize)]
pub struct ArticleCard<'a> {
    pub title: &'a str,
    pub href: String,
    pub date: String,
    pub date_iso: String,
    pub source: &'a str,
    pub summary_html: String,
    pub entities: Vec<EntityRef<'a>>,
}

#[derive(Serialize)]
pub struct KindGroup<'a> {
    pub label: &'a str,
    pub href: String,
    pub entities: Vec<EntityRef<'a>>,
}

#[derive(Serialize)]
pub struct Figure<'a> {
    pub value: String,
    pub label: &'a str,
    pub href: Option<String>,
}

#[derive(Serialize)]
pub struct Home<'a> {
    pub figures: Vec<Figure<'a>>,
    pub latest: Vec<ArticleCard<'a>>,
    pub kinds: Vec<KindGroup<'a>>,
    pub events: Vec<EventView<'a>>,
    pub timeline_href: String,
    pub articles_href: String,
    pub period: String,
}

#[derive(Serialize)]
pub struct ArticleList<'a> {
    pub articles: Vec<ArticleCard<'a>>,
    /// Links to the other pages of the list, when it has more than one.
    pub pager: Option<Pager>,
}

/// Where a page of a list split into pages stands.
#[derive(Serialize)]
pub struct Pager {
    /// 1-based.
    pub page: usize,
    pub pages: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
}

#[derive(Serialize)]
pub struct ArticlePage<'a> {
    pub title: &'a str,
    pub date: String,
    pub date_iso: String,
    pub source: &'a str,
    pub source_url: Option<&'a str>,
    pub author: Option<&'a str>,
    pub lang: &'static str,
    pub reading_minutes: usize,
    pub summary_html: String,
    pub body_html: String,
    pub sidebar: Vec<KindGroup<'a>>,
    pub tags: Vec<EntityRef<'a>>,
    pub previous: Option<Link<'a>>,
    pub next: Option<Link<'a>>,
    pub related: Vec<RelatedView<'a>>,
    pub quotes: Vec<QuoteView<'a>>,
    pub seed: String,
}

#[derive(Serialize)]
pub struct RelatedView<'a> {
    pub title: &'a str,
    pub href: String,
    pub date: String,
    pub shared: Vec<EntityRef<'a>>,
}

#[derive(Serialize)]
pub struct KindPage<'a> {
    pub label: &'a str,
    pub singular: &'a str,
    pub entities: Vec<EntityCard<'a>>,
}

#[derive(Serialize)]
pub struct EntityCard<'a> {
    pub name: &'a str,
    pub href: String,
    pub summary: &'a str,
    pub mentions: usize,
    pub articles: usize,
}

#[derive(Serialize)]
pub struct EntityPage<'a> {
    pub name: &'a str,
    pub id: &'a str,
    pub kind: &'a str,
    pub kind_href: String,
    pub class: String,
    pub summary: &'a str,
    pub aliases: Vec<&'a str>,
    pub facts: Vec<Fact<'a>>,
    pub description_html: String,
    pub mention_count: usize,
    pub article_count: usize,
    pub mentions: Vec<MentionGroup<'a>>,
    pub neighbours: Vec<EntityRef<'a>>,
    pub events: Vec<EventView<'a>>,
    pub quotes: Vec<QuoteView<'a>>,
    pub tagged: Vec<Link<'a>>,
}

#[derive(Serialize)]
pub struct Fact<'a> {
    pub label: &'a str,
    pub html: String,
}

#[derive(Serialize)]
pub struct MentionGroup<'a> {
    pub title: &'a str,
    pub href: String,
    pub date: String,
    pub snippets: Vec<Snippet>,
    /// Mentions in this article not shown as snippets.
    pub more: usize,
}

#[derive(Serialize)]
pub struct Snippet {
    /// The sentence, escaped, the mention in `<mark>`.
    pub html: String,
    pub href: String,
    pub paragraph: usize,
}

#[derive(Serialize, Clone)]
pub struct EventView<'a> {
    pub date: String,
    pub date_iso: String,
    pub title: &'a str,
    pub description_html: String,
    pub entities: Vec<EntityRef<'a>>,
    pub sources: Vec<Link<'a>>,
}

#[derive(Serialize)]
pub struct YearGroup<'a> {
    pub year: i32,
    pub events: Vec<EventView<'a>>,
}

#[derive(Serialize)]
pub struct TimelinePage<'a> {
    pub years: Vec<YearGroup<'a>>,
}

#[derive(Serialize, Clone)]
pub struct QuoteView<'a> {
    /// Inner quotation marks already nested (“ ” → ‘ ’ in English).
    pub text: std::borrow::Cow<'a, str>,
    pub href: String,
    pub article: &'a str,
    pub date: String,
    pub speaker: Option<EntityRef<'a>>,
    pub corrected: bool,
}

#[derive(Serialize)]
pub struct SpeakerGroup<'a> {
    pub speaker: Option<EntityRef<'a>>,
    pub quotes: Vec<QuoteView<'a>>,
}

#[derive(Serialize)]
pub struct QuotesPage<'a> {
    pub groups: Vec<SpeakerGroup<'a>>,
    pub count: usize,
}

#[derive(Serialize)]
pub struct ClaimView<'a> {
    pub id: &'a str,
    pub question: &'a str,
    pub statements: Vec<StatementView<'a>>,
}

#[derive(Serialize)]
pub struct StatementView<'a> {
    pub article: &'a str,
    pub source: &'a str,
    pub date: String,
    pub href: String,
    pub says: &'a str,
    pub quote: &'a str,
    pub paragraph: usize,
}

#[derive(Serialize)]
pub struct ClaimsPage<'a> {
    pub claims: Vec<ClaimView<'a>>,
}

#[derive(Serialize)]
pub struct GraphPage<'a> {
    pub svg: String,
    /// The strongest connections as text: a drawing is hard to follow with
    /// a screen reader, and a list can be read, searched and printed.
    pub pairs: Vec<Pair<'a>>,
    pub legend: Vec<EntityRef<'a>>,
    pub nodes: usize,
    pub edges: usize,
}

#[derive(Serialize)]
pub struct Pair<'a> {
    pub a: EntityRef<'a>,
    pub b: EntityRef<'a>,
    pub weight: u32,
}

#[derive(Serialize)]
pub struct FreePage<'a> {
    pub title: &'a str,
    pub html: String,
}
