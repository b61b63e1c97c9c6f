//! `dossier add FILE…`: a saved web page, a text or a Markdown file becomes
//! a seed (written once, never changed afterwards) and its article file,
//! with the title, date, outlet, author and link the file gives, and tags
//! proposed from the dossier's known entities found in its text. What could
//! not be found is left for the user to fill in, and said.

pub mod html;

use crate::error::{Error, Loc, suggest};
use crate::model::{Date, Dossier, EntityIx, slugify};
use std::path::{Path, PathBuf};

/// What `dossier add` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct AddOptions {
    /// The dossier folder.
    pub root: PathBuf,
    pub files: Vec<PathBuf>,
    /// Given on the command line, these win over what the file says.
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
}

/// One file added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    pub file: PathBuf,
    pub id: String,
    /// Relative to the dossier root.
    pub seed: PathBuf,
    /// Whether the seed was written (false: the file was in seeds/ already).
    pub seed_written: bool,
    /// Relative to the dossier root; `None` for a Markdown file whose front
    /// matter is its article file.
    pub article: Option<PathBuf>,
    /// (field, value, where it came from).
    pub found: Vec<(&'static str, String, &'static str)>,
    /// Fields left for the user, with what to do.
    pub missing: Vec<(&'static str, String)>,
    pub tags: Vec<String>,
    pub paragraphs: usize,
    /// What was dropped from a web page's body, and why.
    pub dropped: Vec<String>,
}

/// Adds each file; the result of each, in order. Errors before any file
/// (not a dossier, a bad `--date`) come back alone.
pub fn add(opts: &AddOptions) -> Result<Vec<Result<Added, Error>>, Vec<Error>> {
    let mut errors = Vec::new();
    if let Some(d) = &opts.date {
        if Date::parse(d).is_none() {
            errors.push(Error::BadDate {
                at: Loc::file("--date"),
                value: d.clone(),
            });
        }
    }
    if let Some(u) = &opts.url {
        let l = u.to_ascii_lowercase();
        if !(l.starts_with("http://") || l.starts_with("https://")) {
            errors.push(Error::BadUrl {
                at: Loc::file("--url"),
                url: u.clone(),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let dossier = crate::load::load_lenient(&opts.root)?;
    let matcher = crate::analyse::matcher::Matcher::new(dossier.entities.as_slice());
    let mut out = Vec::new();
    for f in &opts.files {
        out.push(add_one(opts, &dossier, &matcher, f));
    }
    Ok(out)
}

/// A Markdown file: the title and date from its front matter (which the
/// next build validates, as the article file it is) or its first heading.
fn markdown_source(text: String) -> Source {
    let (front, body) = match crate::text::split_front_matter(&text) {
        Some((f, b)) => (Some(f), b),
        None => (None, text.as_str()),
    };
    let mut page = html::Page::default();
    if let Some(f) = front {
        let v: serde_yaml::Value = serde_yaml::from_str(f).unwrap_or_default();
        page.title = v.get("title").and_then(|x| x.as_str()).map(str::to_string);
        page.date = v.get("date").map(|d| match d {
            serde_yaml::Value::String(s) => s.clone(),
            other => serde_yaml::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        });
        page.source = v
            .get("source")
            .and_then(|s| s.get("name"))
            .and_then(|n| n.as_str())
            .map(str::to_string);
    } else {
        page.title = body
            .lines()
            .find_map(|l| l.strip_prefix("# "))
            .map(|t| t.trim().to_string());
    }
    page.paragraphs = crate::text::markdown_blocks(body)
        .into_iter()
        .map(|(_, t, _)| t)
        .filter(|t| !t.trim().is_empty())
        .collect();
    let front_matter = front.is_some();
    Source {
        page,
        markdown: Some(text),
        front_matter,
    }
}

/// A text file: a paragraph per line; a first line short and without a
/// final full stop is the title.
fn text_source(text: &str) -> Source {
    let lines: Vec<String> = text
        .lines()
        .map(crate::text::clean_line)
        .filter(|l| !l.is_empty())
        .collect();
    let mut page = html::Page::default();
    if let Some(first) = lines.first() {
        if first.chars().count() <= 200 && !first.ends_with('.') {
            page.title = Some(first.clone());
        }
    }
    page.paragraphs = lines;
    Source {
        page,
        markdown: None,
        front_matter: false,
    }
}

/// The text of a file, and what it says about itself.
struct Source {
    page: html::Page,
    /// Markdown: the body to write as the seed, as it is.
    markdown: Option<String>,
    /// A Markdown file with front matter: complete as it is.
    front_matter: bool,
}

fn read_source(file: &Path) -> Result<Source, Error> {
    let meta = std::fs::metadata(file).map_err(|e| Error::Io {
        path: file.to_path_buf(),
        message: e.to_string(),
    })?;
    if !meta.is_file() {
        return Err(Error::BadFile {
            at: Loc::file(file),
            message: format!("{} is not a file", file.display()),
            help: "give the saved page (.html), text (.txt) or Markdown (.md) file".into(),
        });
    }
    if meta.len() > 50 * 1024 * 1024 {
        return Err(Error::BadFile {
            at: Loc::file(file),
            message: format!("{} is over 50 MB", file.display()),
            help: "save the article alone (the browser's \"Save page as…\", HTML only)".into(),
        });
    }
    let bytes = std::fs::read(file).map_err(|e| Error::Io {
        path: file.to_path_buf(),
        message: e.to_string(),
    })?;
    let text = crate::load::seed::decode(file, bytes)?;
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" | "xhtml" => Ok(Source {
            page: html::extract(&text),
            markdown: None,
            front_matter: false,
        }),
        "md" | "markdown" => Ok(markdown_source(text)),
        "txt" | "text" => Ok(text_source(&text)),
        other => Err(Error::BadFile {
            at: Loc::file(file),
            message: format!(
                "{} is not a file `dossier add` reads (.{other})",
                file.display()
            ),
            help: "give a saved web page (.html), a text (.txt; for a PDF, its text saved as .txt) or Markdown (.md)".into(),
        }),
    }
}

fn add_one(
    opts: &AddOptions,
    d: &Dossier,
    matcher: &crate::analyse::matcher::Matcher,
    file: &Path,
) -> Result<Added, Error> {
    let src = read_source(file)?;
    let mut page = src.page;
    let found = apply_given(opts, &mut page);
    if page.paragraphs.is_empty() {
        return Err(Error::EmptySeed {
            at: Loc::file(file),
        });
    }
    let base = base_id(file, &page, src.front_matter);
    let text = match &src.markdown {
        Some(md) => md.clone(),
        None => seed_text(&page),
    };
    let placed = place_seed(opts, file, src.markdown.is_some(), base, text)?;
    let tags = tags_of(d, matcher, &page.paragraphs);
    let article_rel =
        (!src.front_matter).then(|| PathBuf::from(format!("content/articles/{}.yaml", placed.id)));
    let missing = missing_fields(&page, src.front_matter, is_html(file));
    let lang = page
        .lang
        .as_deref()
        .filter(|l| *l != d.language.code() && (*l == "en" || *l == "fr"));
    let yaml = article_rel.as_ref().map(|_| {
        let seed_name = placed.rel.strip_prefix("seeds").unwrap_or(&placed.rel);
        article_yaml(&page, &seed_name.to_string_lossy(), &tags, lang)
    });
    let mut files: Vec<(&Path, &str)> = Vec::new();
    if let Some(text) = &placed.text {
        files.push((&placed.rel, text));
    }
    if let (Some(rel), Some(yaml)) = (&article_rel, &yaml) {
        files.push((rel, yaml));
    }
    write_new_files(&opts.root, &files)?;
    Ok(Added {
        file: file.to_path_buf(),
        id: placed.id,
        seed_written: placed.text.is_some(),
        seed: placed.rel,
        article: article_rel,
        found,
        missing,
        tags,
        paragraphs: page.paragraphs.len(),
        dropped: page.dropped,
    })
}

/// The fields given on the command line, which win over those read from
/// the file; every field found, with where from.
fn apply_given(
    opts: &AddOptions,
    page: &mut html::Page,
) -> Vec<(&'static str, String, &'static str)> {
    let mut found = Vec::new();
    let mut take = |field: &'static str, given: &Option<String>, guessed: &mut Option<String>| {
        if let Some(g) = given {
            *guessed = Some(g.clone());
            found.push((field, g.clone(), "given"));
        } else if let Some(v) = guessed.as_ref() {
            found.push((field, v.clone(), "from the file"));
        }
    };
    take("title", &opts.title, &mut page.title);
    take("date", &opts.date, &mut page.date);
    take("source", &opts.source, &mut page.source);
    take("url", &opts.url, &mut page.url);
    take("author", &None, &mut page.author);
    found
}

/// The article id before de-duplication: the file's own name when it has
/// front matter, else date and title, else the file's name.
fn base_id(file: &Path, page: &html::Page, front_matter: bool) -> String {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let base = match (&page.date, &page.title) {
        _ if front_matter => slugify(&stem),
        (Some(date), Some(t)) => format!("{date}-{}", short_slug(t)),
        (None, Some(t)) => short_slug(t),
        _ => short_slug(&stem),
    };
    if base.is_empty() {
        "article".into()
    } else {
        base
    }
}

/// Where the seed goes: the article's id, the seed's path under the root,
/// and its text when it is to be written (`None` for a text file already
/// in `seeds/`, used as it is).
struct Placed {
    id: String,
    rel: PathBuf,
    text: Option<String>,
}

fn place_seed(
    opts: &AddOptions,
    file: &Path,
    markdown: bool,
    base: String,
    text: String,
) -> Result<Placed, Error> {
    let seeds_dir = opts.root.join("seeds");
    let inside_seeds = std::fs::canonicalize(file)
        .ok()
        .zip(std::fs::canonicalize(&seeds_dir).ok())
        .and_then(|(f, s)| f.strip_prefix(&s).ok().map(Path::to_path_buf));
    let is_text_seed = markdown || !is_html(file);
    if let (Some(rel), true) = (&inside_seeds, is_text_seed) {
        return Ok(Placed {
            id: base,
            rel: Path::new("seeds").join(rel),
            text: None,
        });
    }
    let ext = if markdown { "md" } else { "txt" };
    let mut id = base.clone();
    let mut n = 1;
    loop {
        let seed = seeds_dir.join(format!("{id}.{ext}"));
        let art = opts
            .root
            .join("content/articles")
            .join(format!("{id}.yaml"));
        if !seed.exists() && !art.exists() {
            break;
        }
        if std::fs::read_to_string(&seed).is_ok_and(|t| t == text) {
            return Err(Error::AlreadyAdded {
                at: Loc::file(file),
                seed: PathBuf::from(format!("seeds/{id}.{ext}")),
                id,
            });
        }
        n += 1;
        id = format!("{base}-{n}");
    }
    Ok(Placed {
        rel: PathBuf::from(format!("seeds/{id}.{ext}")),
        id,
        text: Some(text),
    })
}

/// Tags: the known entities the text names, most named first.
fn tags_of(
    d: &Dossier,
    matcher: &crate::analyse::matcher::Matcher,
    paragraphs: &[String],
) -> Vec<String> {
    let mut counts: std::collections::BTreeMap<EntityIx, usize> = Default::default();
    for p in paragraphs {
        for h in matcher.find(&crate::text::clean_line(p)) {
            *counts.entry(h.entity).or_default() += 1;
        }
    }
    let mut tags: Vec<(EntityIx, usize)> = counts.into_iter().collect();
    tags.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    tags.into_iter()
        .map(|(e, _)| d.entities[e].id.clone())
        .collect()
}

/// The fields the user still has to write, with how.
fn missing_fields(
    page: &html::Page,
    front_matter: bool,
    html: bool,
) -> Vec<(&'static str, String)> {
    let mut missing = Vec::new();
    if page.title.is_none() {
        missing.push((
            "title",
            "not found: write `title: \"…\"` in the article file, or pass --title".to_string(),
        ));
    }
    if page.date.is_none() {
        missing.push((
            "date",
            "not found: write `date: 2024-03-14` (YYYY-MM or YYYY if the day is unknown) in the article file, or pass --date".to_string(),
        ));
    }
    if page.source.is_none() {
        missing.push((
            "source",
            "not found: write `source: { name: … }` in the article file, or pass --source"
                .to_string(),
        ));
    }
    if front_matter {
        // The front matter is the article file: it is copied as it is.
        for m in &mut missing {
            m.1 = format!("not in the front matter: add `{}:` to it", m.0);
        }
    }
    if page.url.is_none() && html {
        missing.push(("url", "not found (optional): `url:` under `source:`".into()));
    }
    missing
}

/// Writes each file under `root`, never over an existing one; on a failure
/// removes those it wrote, so an `add` is all or nothing.
fn write_new_files(root: &Path, files: &[(&Path, &str)]) -> Result<(), Error> {
    let mut written: Vec<PathBuf> = Vec::new();
    for (rel, text) in files {
        let p = root.join(rel);
        if let Err(e) = write_new(&p, text) {
            for w in written {
                let _ = std::fs::remove_file(w);
            }
            return Err(Error::Write {
                path: p,
                message: e.to_string(),
            });
        }
        written.push(p);
    }
    Ok(())
}

fn write_new(p: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(p)?;
    std::io::Write::write_all(&mut f, text.as_bytes())
}

fn is_html(file: &Path) -> bool {
    file.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["html", "htm", "xhtml"].contains(&e.to_ascii_lowercase().as_str()))
}

/// A slug of at most 60 characters, cut at a word.
fn short_slug(s: &str) -> String {
    let full = slugify(s);
    if full.len() <= 60 {
        return full;
    }
    let mut out = String::new();
    for part in full.split('-') {
        if out.len() + part.len() + 1 > 60 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(part);
    }
    if out.is_empty() {
        full[..60].to_string()
    } else {
        out
    }
}

/// The seed of a web page: its title, then one paragraph per line, a blank
/// line between them.
fn seed_text(page: &html::Page) -> String {
    let mut out = String::new();
    if let Some(t) = &page.title {
        if page.paragraphs.first().is_none_or(|p| p != t) {
            out.push_str(t);
            out.push_str("\n\n");
        }
    }
    for p in &page.paragraphs {
        out.push_str(p);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn article_yaml(page: &html::Page, seed: &str, tags: &[String], lang: Option<&str>) -> String {
    let mut y = String::from("# Written by `dossier add`: check it, then build.\n");
    y.push_str(&format!("seed: {}\n", quoted(seed)));
    match &page.title {
        Some(t) => y.push_str(&format!("title: {}\n", quoted(t))),
        None => y.push_str("title:            # not found: write the article's title\n"),
    }
    match &page.date {
        Some(d) => y.push_str(&format!("date: {d}\n")),
        None => y.push_str(
            "date:             # not found: the publication date, e.g. 2024-03-14 (or 2024-03, 2024)\n",
        ),
    }
    match (&page.source, &page.url) {
        (Some(s), Some(u)) => y.push_str(&format!(
            "source:\n  name: {}\n  url: {}\n",
            quoted(s),
            quoted(u)
        )),
        (Some(s), None) => y.push_str(&format!("source:\n  name: {}\n", quoted(s))),
        (None, Some(u)) => y.push_str(&format!(
            "source:\n  name:            # not found: the outlet's name\n  url: {}\n",
            quoted(u)
        )),
        (None, None) => y.push_str("source:           # not found: `{ name: … }`, the outlet\n"),
    }
    if let Some(a) = &page.author {
        y.push_str(&format!("author: {}\n", quoted(a)));
    }
    if let Some(l) = lang {
        y.push_str(&format!("language: {l}\n"));
    }
    if tags.is_empty() {
        y.push_str("tags: []          # no known entity found in the text\n");
    } else {
        y.push_str(&format!(
            "tags: [{}]   # known entities found in the text: keep the ones it is about\n",
            tags.join(", ")
        ));
    }
    y
}

/// "did you mean" for a file that does not exist, among its folder's files.
pub fn suggest_file(file: &Path) -> Option<String> {
    let dir = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = file.file_name()?.to_string_lossy().into_owned();
    let names: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    suggest(&name, names.iter().map(String::as_str))
}
