//! The template set: built-in templates compiled into the binary (so the
//! tool works from any folder), overridden file by file by the dossier's own
//! `templates/`.

use crate::error::Error;
use crate::model::TemplateFile;

/// Built-in templates, by name. The repository's `templates/` folder is
/// their source.
const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    (
        "articles.html",
        include_str!("../../templates/articles.html"),
    ),
    ("article.html", include_str!("../../templates/article.html")),
    ("kind.html", include_str!("../../templates/kind.html")),
    ("entity.html", include_str!("../../templates/entity.html")),
    (
        "timeline.html",
        include_str!("../../templates/timeline.html"),
    ),
    ("quotes.html", include_str!("../../templates/quotes.html")),
    ("claims.html", include_str!("../../templates/claims.html")),
    ("graph.html", include_str!("../../templates/graph.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("search.html", include_str!("../../templates/search.html")),
    (
        "entity_list.html",
        include_str!("../../templates/entity_list.html"),
    ),
    ("event.html", include_str!("../../templates/event.html")),
    ("quote.html", include_str!("../../templates/quote.html")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    ("atom.xml", include_str!("../../templates/atom.xml")),
];

/// Built-in static assets, by name; `templates/static/<name>` overrides.
const ASSETS: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../templates/static/style.css"),
    ),
    (
        "graph.css",
        include_str!("../../templates/static/graph.css"),
    ),
    (
        "search.js",
        include_str!("../../templates/static/search.js"),
    ),
];

pub fn build(overrides: &[TemplateFile]) -> Result<tera::Tera, Error> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    let mut all: Vec<(&str, &str)> = BUILTIN
        .iter()
        .filter(|(name, _)| !overrides.iter().any(|o| o.name == *name))
        .copied()
        .collect();
    all.extend(
        overrides
            .iter()
            .filter(|o| !o.name.starts_with("static/"))
            .map(|o| (o.name.as_str(), o.source.as_str())),
    );
    tera.add_raw_templates(all).map_err(|e| Error::Template {
        name: failing_template(&e).unwrap_or_else(|| "templates".into()),
        message: describe(&e),
    })?;
    Ok(tera)
}

/// A built-in asset, or the dossier's `templates/static/<name>` if any.
/// (Overrides of assets are read from the dossier's template files list.)
pub fn asset(overrides: &[TemplateFile], name: &str) -> String {
    let wanted = format!("static/{name}");
    overrides
        .iter()
        .find(|o| o.name == wanted)
        .map(|o| o.source.clone())
        .or_else(|| {
            ASSETS
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, s)| s.to_string())
        })
        .unwrap_or_default()
}

/// Renders template `name`; an error names it, in Tera's words.
pub fn render(tera: &tera::Tera, name: &str, ctx: &tera::Context) -> Result<String, Error> {
    tera.render(name, ctx).map_err(|e| Error::Template {
        name: name.to_string(),
        message: describe(&e),
    })
}

/// Tera's own report (template name, line, the source line, a caret).
pub fn describe(e: &tera::Error) -> String {
    e.to_string()
}

fn failing_template(e: &tera::Error) -> Option<String> {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            Some(r.filename().to_string()).filter(|s| !s.is_empty())
        }
        _ => None,
    }
}
