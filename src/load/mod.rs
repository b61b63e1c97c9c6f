//! Stage 1: read a dossier folder into a validated [`Dossier`].
//!
//! Everything that can be wrong with the content is found here and reported
//! together: an editor fixing a dossier under deadline wants the whole list,
//! not one error per build. Ids are resolved to indexes on the way, so the
//! later stages cannot meet a dangling reference.

mod files;
mod raw;
pub mod seed;

use crate::error::{Error, Loc, Warning, suggest};
use crate::model::*;
use crate::text::split_front_matter;
use crate::yaml;
use raw::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// What `load` found: the dossier, or every error.
pub struct Loaded {
    pub dossier: Dossier,
    pub warnings: Vec<Warning>,
}

/// Reads and validates the dossier at `root`.
pub fn load(root: &Path) -> Result<Loaded, Vec<Error>> {
    let p = load_partial(root);
    match p.dossier {
        Some(d) if p.errors.is_empty() => Ok(Loaded {
            dossier: d,
            warnings: p.warnings,
        }),
        _ => Err(p.errors),
    }
}

/// What `load` found, errors or not.
pub struct Partial {
    /// The dossier with whatever could not be loaded left out (an article
    /// with an error, a reference to an unknown id); consistent (every
    /// index valid) even when `errors` is not empty, so that later stages
    /// can still look for their own errors in the same run. `None` when
    /// there is no dossier to speak of (no readable dossier.yaml).
    pub dossier: Option<Dossier>,
    pub errors: Vec<Error>,
    pub warnings: Vec<Warning>,
}

/// Like [`load`], but also returns what could be loaded when there are
/// errors.
pub fn load_partial(root: &Path) -> Partial {
    let mut cx = Cx {
        root: root.to_path_buf(),
        errors: Vec::new(),
        warnings: Vec::new(),
        broken_articles: HashSet::new(),
        maybe_entities: HashSet::new(),
        texts: HashMap::new(),
        files: files::Reader::new(root),
    };
    let dossier = cx.load_all();
    Partial {
        dossier,
        errors: cx.errors,
        warnings: cx.warnings,
    }
}

struct Cx {
    root: PathBuf,
    errors: Vec<Error>,
    warnings: Vec<Warning>,
    /// Ids of articles that exist but could not be loaded (their error is
    /// reported): references to them are not reported again as unknown.
    broken_articles: HashSet<String>,
    /// Ids that may be defined in an entity file that could not be read:
    /// likewise not reported as unknown.
    maybe_entities: HashSet<String>,
    /// Every file `read` gave, kept for locating errors and links later
    /// without reading the disk again.
    texts: HashMap<PathBuf, std::rc::Rc<str>>,
    /// Every file is read through it: checked, bounded.
    files: files::Reader,
}

impl Cx {
    fn read(&mut self, rel: &Path) -> Option<String> {
        match self.files.read(rel) {
            Ok(bytes) => match seed::decode(rel, bytes) {
                Ok(s) => {
                    self.texts.insert(rel.to_path_buf(), s.as_str().into());
                    Some(s)
                }
                Err(e) => {
                    self.errors.push(e);
                    None
                }
            },
            Err(p) => {
                self.errors.push(p.error(rel, Loc::file(rel)));
                None
            }
        }
    }

    /// The file an article's metadata was read from: its
    /// `content/articles/` file, or else the front matter of its seed.
    fn article_file(&self, a: &Article) -> PathBuf {
        ["yaml", "yml"]
            .iter()
            .map(|ext| Path::new("content/articles").join(format!("{}.{ext}", a.id)))
            .find(|p| self.texts.contains_key(p))
            .unwrap_or_else(|| a.seed.clone())
    }

    /// A file [`Cx::read`] gave before (empty if it could not: its error
    /// was reported then).
    fn reread(&self, rel: &Path) -> std::rc::Rc<str> {
        self.texts.get(rel).cloned().unwrap_or_else(|| "".into())
    }

    fn parse<T: serde::de::DeserializeOwned>(&mut self, rel: &Path, text: &str) -> Option<T> {
        // An empty file is an empty list/map, not an error.
        let text = if text.trim().is_empty() { "[]" } else { text };
        match yaml::parse(rel, text) {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    /// Files of a folder under the root with one of `exts`, sorted by name,
    /// as paths relative to the root. An unreadable folder is an error,
    /// not an empty one.
    fn list(&mut self, dir: &str, exts: &[&str]) -> Vec<PathBuf> {
        match self.files.list(dir, exts) {
            Ok(l) => l,
            Err(e) => {
                self.errors.push(e);
                Vec::new()
            }
        }
    }

    fn load_all(&mut self) -> Option<Dossier> {
        let dossier_rel = PathBuf::from("content/dossier.yaml");
        if !self.files.exists(&dossier_rel) {
            self.errors.push(Error::Invalid {
                at: Loc::file(&dossier_rel),
                message: format!(
                    "{} is not a dossier folder: content/dossier.yaml is missing",
                    self.root.display()
                ),
                help: Some(
                    "run dossier in the dossier's folder or pass --root DIR; `dossier init DIR` starts a new dossier, with a dossier.yaml that needs only `title: \"My dossier\"`"
                        .into(),
                ),
            });
            return None;
        }
        let text = self.read(&dossier_rel)?;
        let file: DossierFile = self.parse(&dossier_rel, &text)?;
        match file.max_file_mb {
            Some(0) => self.errors.push(Error::Invalid {
                at: yaml::locate(&dossier_rel, &text, "max_file_mb", 1),
                message: "`max_file_mb` must be at least 1".into(),
                help: Some(format!(
                    "leave it out for the default of {} MB",
                    files::DEFAULT_LIMIT_MB
                )),
            }),
            Some(mb) => self.files.limit = mb.saturating_mul(1024 * 1024),
            None => {}
        }
        let language = self.language(&file.language, &dossier_rel, &text);
        let base_url = file.base_url.as_deref().and_then(|u| {
            if u.trim().is_empty() {
                return None;
            }
            let normal = normalize_base_url(u);
            if normal.is_none() {
                self.errors.push(Error::BadUrl {
                    at: yaml::locate(&dossier_rel, &text, u.trim(), 1),
                    url: u.to_string(),
                });
            }
            normal
        });
        let quiet = file
            .quiet
            .iter()
            .map(|q| {
                let lines = yaml::key_lines(&text, "quiet");
                (q.clone(), yaml::locate_in(&dossier_rel, &text, q, lines))
            })
            .collect();
        let kinds = self.kinds(file.kinds, &dossier_rel, &text);
        let rules = self.rules(file.boilerplate, &dossier_rel, &text);

        let entities = self.entities(&kinds);
        let entity_ix: HashMap<String, EntityIx> = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        let refs = Refs {
            entity_ix: &entity_ix,
        };

        let articles = self.articles(&rules, language, &refs);
        let article_ix: HashMap<String, ArticleIx> = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        let events = self.events(&refs, &article_ix);
        let claims = self.claims(&article_ix);
        let pages = self.pages(&refs);
        let templates = self.templates();

        // [[id]] links in entity descriptions and facts.
        for e in &entities {
            let has_links = |m: &str| m.contains("[[");
            if !has_links(&e.description) && !e.facts.iter().any(|(_, v)| has_links(v)) {
                continue;
            }
            let file = e.source.file.clone();
            let text = self.reread(&file);
            let lines = yaml::items(&text)
                .into_iter()
                .find(|r| r.contains(&e.source.line))
                .unwrap_or(1..usize::MAX);
            let mut md = vec![e.description.as_str()];
            md.extend(e.facts.iter().map(|(_, v)| v.as_str()));
            for m in md {
                self.check_wikilinks(m, &refs, &file, &text, lines.clone());
            }
        }
        for a in &articles {
            if let Some(s) = &a.summary {
                let file = self.article_file(a);
                let text = self.reread(&file);
                let lines = yaml::key_lines(&text, "summary");
                self.check_wikilinks(s, &refs, &file, &text, lines);
            }
        }

        Some(Dossier {
            root: self.root.clone(),
            title: file.title,
            description: file.description,
            language,
            base_url,
            allow_html: file.allow_html,
            kinds,
            entities,
            articles,
            events,
            claims,
            pages,
            templates,
            quiet,
        })
    }

    fn language(&mut self, code: &str, file: &Path, text: &str) -> Lang {
        match code {
            "fr" => Lang::Fr,
            "en" => Lang::En,
            other => {
                self.errors.push(Error::Invalid {
                    at: yaml::locate(file, text, other, 1),
                    message: format!("unsupported language `{other}`"),
                    help: Some("`language: en` or `language: fr` (en when left out)".into()),
                });
                Lang::En
            }
        }
    }

    fn kinds(&mut self, raw: Vec<(String, KindFile)>, file: &Path, text: &str) -> Vec<Kind> {
        if raw.is_empty() {
            return [
                ("people", "people", "People", "Person", Role::Person),
                (
                    "countries",
                    "countries",
                    "Countries",
                    "Country",
                    Role::Other,
                ),
                (
                    "organizations",
                    "organizations",
                    "Organizations",
                    "Organization",
                    Role::Organization,
                ),
                ("topics", "topics", "Topics", "Topic", Role::Other),
            ]
            .into_iter()
            .map(|(key, path, label, singular, role)| Kind {
                key: key.into(),
                path: path.into(),
                label: label.into(),
                singular: singular.into(),
                role,
            })
            .collect();
        }
        let mut kinds: Vec<Kind> = Vec::new();
        for (key, k) in raw {
            for (what, v) in [("kind", &key), ("kind path", &k.path)] {
                if !is_slug(v) {
                    self.errors.push(Error::Invalid {
                        at: yaml::locate(file, text, v, 1),
                        message: format!("{what} `{v}` is not a slug"),
                        help: Some("use lower-case ASCII letters, digits and `-`, e.g. `people: { path: people, label: People, singular: Person }`".into()),
                    });
                }
            }
            if RESERVED_PATHS.contains(&k.path.as_str()) {
                self.errors.push(Error::Invalid {
                    at: yaml::locate(file, text, &k.path, 1),
                    message: format!("kind path `{}` is used by the site itself", k.path),
                    help: Some(format!(
                        "pick another path; reserved: {}",
                        RESERVED_PATHS.join(", ")
                    )),
                });
            }
            if kinds.iter().any(|o| o.path == k.path) {
                self.errors.push(Error::Duplicate {
                    at: yaml::locate(file, text, &k.path, 1),
                    what: "kind path",
                    id: k.path.clone(),
                    first: yaml::locate(file, text, &k.path, 1),
                });
            }
            let role = match k.role.as_deref() {
                Some("person") => Role::Person,
                Some("organization") => Role::Organization,
                Some("other") => Role::Other,
                Some(other) => {
                    self.errors.push(Error::Invalid {
                        at: yaml::locate(file, text, other, 1),
                        message: format!("unknown role `{other}`"),
                        help: Some(
                            "`role: person`, `role: organization` or `role: other` (the default)"
                                .into(),
                        ),
                    });
                    Role::Other
                }
                None => match key.as_str() {
                    "people" | "persons" | "personnes" | "personnalites" => Role::Person,
                    "organizations" | "organisations" | "orgs" => Role::Organization,
                    _ => Role::Other,
                },
            };
            kinds.push(Kind {
                singular: k.singular.unwrap_or_else(|| k.label.clone()),
                key,
                path: k.path,
                label: k.label,
                role,
            });
        }
        kinds
    }

    fn rules(&mut self, raw: Vec<BoilerplateRule>, file: &Path, text: &str) -> Vec<seed::Rule> {
        let mut out = Vec::new();
        for r in raw {
            match r {
                BoilerplateRule::Line(s) => out.push(seed::Rule::Line(s)),
                BoilerplateRule::Rule(m) => {
                    let given = [&m.contains, &m.prefix, &m.pattern]
                        .iter()
                        .filter(|x| x.is_some())
                        .count();
                    if given != 1 {
                        self.errors.push(Error::Invalid {
                            at: yaml::locate(file, text, "boilerplate", 1),
                            message: "a boilerplate rule takes exactly one of `contains`, `prefix`, `pattern`".into(),
                            help: Some("write one rule per list item: `- { contains: \"©\" }`, `- { prefix: \"By \" }`, `- { pattern: '^Updated .*' }`".into()),
                        });
                        continue;
                    }
                    if let Some(s) = m.contains {
                        out.push(seed::Rule::Contains(s));
                    } else if let Some(s) = m.prefix {
                        out.push(seed::Rule::Prefix(s));
                    } else if let Some(p) = m.pattern {
                        match regex::RegexBuilder::new(&p).size_limit(1 << 20).build() {
                            Ok(re) => out.push(seed::Rule::Pattern(re)),
                            Err(e) => self.errors.push(Error::Invalid {
                                at: yaml::locate(file, text, &p, 1),
                                message: format!("invalid pattern: {e}"),
                                help: Some("patterns are Rust regular expressions".into()),
                            }),
                        }
                    }
                }
            }
        }
        out
    }

    fn entities(&mut self, kinds: &[Kind]) -> Vec<Entity> {
        let mut entities = Vec::new();
        for path in self.list("content/entities", &["yaml", "yml"]) {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            let Some(kind) = kinds.iter().position(|k| k.key == stem) else {
                self.errors.push(Error::UnknownRef {
                    at: Loc::file(&path),
                    what: "kind",
                    suggestion: suggest(&stem, kinds.iter().map(|k| k.key.as_str())),
                    id: stem,
                });
                self.scrape_entity_ids(&path);
                continue;
            };
            let Some(text) = self.read(&path) else {
                self.scrape_entity_ids(&path);
                continue;
            };
            let Some(list): Option<Vec<EntityFile>> = self.parse(&path, &text) else {
                self.scrape_entity_ids(&path);
                continue;
            };
            let items = yaml::items(&text);
            let n = list.len();
            for (i, raw) in list.into_iter().enumerate() {
                let id = raw.id.clone().unwrap_or_else(|| slugify(&raw.name));
                let needle = raw.id.as_deref().unwrap_or(&raw.name);
                let at = yaml::locate_in(&path, &text, needle, yaml::item(&items, i, n));
                if !is_slug(&id) {
                    self.errors.push(Error::BadId {
                        at: at.clone(),
                        value: id.clone(),
                    });
                }
                let aliases = raw
                    .aliases
                    .into_iter()
                    .map(|a| match a {
                        AliasFile::Plain(text) => Alias {
                            text,
                            fold: false,
                            hidden: false,
                        },
                        AliasFile::Detailed(m) => Alias {
                            text: m.name,
                            fold: m.fold,
                            hidden: m.hidden,
                        },
                    })
                    .filter(|a| !a.text.trim().is_empty())
                    .collect();
                entities.push(Entity {
                    id,
                    kind,
                    name: raw.name,
                    aliases,
                    fold: raw.fold,
                    summary: raw.summary,
                    description: raw.description,
                    facts: raw
                        .facts
                        .into_iter()
                        .map(|(k, v)| (k, v.into_text()))
                        .collect(),
                    source: at.clone(),
                });
            }
        }
        // Ids are global: [[id]] links do not say the kind.
        let mut seen: HashMap<&str, &Entity> = HashMap::new();
        for e in &entities {
            if let Some(first) = seen.insert(&e.id, e) {
                self.errors.push(Error::Duplicate {
                    at: e.source.clone(),
                    what: "entity id",
                    id: e.id.clone(),
                    first: first.source.clone(),
                });
            }
        }
        // Two entities of a kind answering to the same name make mentions
        // ambiguous; across kinds the earlier kind wins, which is a warning.
        let mut names: HashMap<(usize, String), &Entity> = HashMap::new();
        let mut any_kind: HashMap<String, &Entity> = HashMap::new();
        for e in &entities {
            let all =
                std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(|a| a.text.as_str()));
            let mut own = std::collections::HashSet::new();
            for n in all {
                let key = crate::text::clean_line(n).replace('’', "'");
                if !own.insert(key.clone()) {
                    continue;
                }
                if let Some(other) = names.insert((e.kind, key.clone()), e) {
                    if other.id != e.id {
                        self.errors.push(Error::Invalid {
                            at: yaml::locate(&e.source.file, &self.reread(&e.source.file), n, e.source.line),
                            message: format!(
                                "`{n}` names both `{}` and `{}`",
                                other.id, e.id
                            ),
                            help: Some("an alias must belong to one entity of a kind; remove it from one of them".into()),
                        });
                    }
                } else if let Some(other) = any_kind.get(&key) {
                    if other.kind != e.kind {
                        let at = self.alias_loc(e, n);
                        self.warnings.push(Warning::new(
                            "shared-name",
                            &e.id,
                            Some(at),
                            format!(
                                "`{n}` names both `{}` and `{}`; mentions go to `{}`",
                                other.id, e.id, other.id
                            ),
                        ));
                    }
                }
                any_kind.entry(key).or_insert(e);
                if n.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
                    let at = self.alias_loc(e, n);
                    self.warnings.push(Warning::new(
                        "short-alias",
                        &e.id,
                        Some(at),
                        format!("alias `{n}` of `{}` is shorter than 3 letters and may match by accident", e.id),
                    ));
                }
            }
        }
        entities.sort_by(|a, b| {
            (a.kind, a.name.to_lowercase(), &a.id).cmp(&(b.kind, b.name.to_lowercase(), &b.id))
        });
        entities
    }

    /// Where alias (or name) `n` of entity `e` is written: inside the
    /// entity's list item, else the entity itself.
    fn alias_loc(&self, e: &Entity, n: &str) -> Loc {
        let text = self.reread(&e.source.file);
        let lines = yaml::items(&text)
            .into_iter()
            .find(|r| r.contains(&e.source.line))
            .unwrap_or(e.source.line..e.source.line + 1);
        match yaml::find(&text, n, lines) {
            Some((l, c)) => Loc::at(&e.source.file, l, c),
            None => e.source.clone(),
        }
    }

    fn articles(&mut self, rules: &[seed::Rule], lang: Lang, refs: &Refs) -> Vec<Article> {
        let mut articles = Vec::new();
        let mut seeds_used: HashMap<PathBuf, PathBuf> = HashMap::new();
        let mut ids: BTreeMap<String, PathBuf> = BTreeMap::new();

        let mut inputs: Vec<(PathBuf, String, ArticleFile, Option<String>, usize)> = Vec::new();
        // Every id an article file claims, loaded or not (see `broken_articles`).
        let mut claimed: Vec<String> = Vec::new();
        let stem = |p: &Path| p.file_stem().map(|s| s.to_string_lossy().into_owned());
        // Seeds named by article files that could not be read: not
        // reported as unused on top of their file's error.
        let mut broken_seeds: HashSet<String> = HashSet::new();
        for path in self.list("content/articles", &["yaml", "yml"]) {
            claimed.extend(stem(&path));
            let Some(text) = self.read(&path) else {
                continue;
            };
            let Some(raw): Option<ArticleFile> = self.parse_map(&path, &text) else {
                broken_seeds.extend(text.lines().filter_map(|l| {
                    let v = l.strip_prefix("seed:")?.split(" #").next()?;
                    Some(v.trim().trim_matches(['"', '\'']).to_string())
                }));
                continue;
            };
            inputs.push((path, text, raw, None, 0));
        }
        // Every file in seeds/, to suggest a name for a mistyped `seed:`
        // and to warn about the ones no article uses.
        let seed_files: Vec<String> = self
            .list("seeds", SEED_LIKE)
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        // Markdown seeds may carry their metadata themselves.
        let described: std::collections::HashSet<String> = inputs
            .iter()
            .filter_map(|(_, _, raw, _, _)| raw.seed.clone())
            .collect();
        for path in self.list("seeds", &["md", "markdown"]) {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if described.contains(&name) {
                continue;
            }
            let Some(text) = self.read(&path) else {
                claimed.extend(stem(&path));
                continue;
            };
            if let Some((front, body)) = split_front_matter(&text) {
                claimed.extend(stem(&path));
                match yaml::parse_at::<ArticleFile>(&path, front, 1) {
                    Ok(mut raw) => {
                        raw.seed = Some(name);
                        let body = body.to_string();
                        let offset = text.len() - body.len();
                        inputs.push((path, text, raw, Some(body), offset));
                    }
                    Err(e) => self.errors.push(e),
                }
            } else {
                self.warnings.push(Warning::new(
                    "unpublished-seed",
                    &name,
                    Some(Loc::file(&path)),
                    "Markdown seed without front matter and without content/articles/ file: not published".into(),
                ));
            }
        }

        for (path, text, mut raw, md_body, _) in inputs {
            let id = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            let at_file = Loc::file(&path);
            if !is_slug(&id) {
                self.errors.push(Error::BadId {
                    at: at_file.clone(),
                    value: id.clone(),
                });
                continue;
            }
            if let Some(first) = ids.insert(id.clone(), path.clone()) {
                self.errors.push(Error::Duplicate {
                    at: at_file.clone(),
                    what: "article id",
                    id: id.clone(),
                    first: Loc::file(first),
                });
                continue;
            }
            let title = match raw.title {
                Some(t) if !t.trim().is_empty() => crate::text::clean_line(&t),
                _ => {
                    self.errors.push(Error::Invalid {
                        at: key_or_file(&path, &text, "title"),
                        message: "article has no `title`".into(),
                        help: Some("add `title: \"Port strike spreads to three cities\"` (in quotes when it holds `: `)".into()),
                    });
                    String::new()
                }
            };
            let date = match &raw.date {
                Some(v) => {
                    let s = yaml_scalar(v);
                    match Date::parse(&s) {
                        Some(d) => Some(d),
                        None => {
                            self.errors.push(Error::BadDate {
                                at: yaml::locate(&path, &text, &s, 1),
                                value: s,
                            });
                            None
                        }
                    }
                }
                None => {
                    self.errors.push(Error::Invalid {
                        at: key_or_file(&path, &text, "date"),
                        message: "article has no `date`".into(),
                        help: Some("add `date: 2024-03-14`, the publication date as YYYY-MM-DD (YYYY-MM or YYYY when the day is unknown)".into()),
                    });
                    None
                }
            };
            let source = match raw.source {
                Some(s) => {
                    if let Some(u) = &s.url {
                        self.check_url(u, &path, &text);
                    }
                    Source {
                        name: s.name,
                        url: s.url,
                    }
                }
                None => {
                    self.errors.push(Error::Invalid {
                        at: key_or_file(&path, &text, "source"),
                        message: "article has no `source`".into(),
                        help: Some("add `source: { name: Reuters }`, or with a link `source: { name: Reuters, url: \"https://…\" }`".into()),
                    });
                    Source {
                        name: String::new(),
                        url: None,
                    }
                }
            };
            let language = match raw.language.as_deref() {
                Some(code) => self.language(code, &path, &text),
                None => lang,
            };
            let tag_lines = yaml::key_lines(&text, "tags");
            let tags = raw
                .tags
                .iter()
                .filter_map(|t| self.entity_ref(t, refs, &path, &text, tag_lines.clone()))
                .collect();
            let quote_lines = yaml::key_lines(&text, "quotes");
            let quote_items = yaml::items_in(&text, quote_lines.start + 1..quote_lines.end);
            let n_quotes = raw.quotes.len();
            let quote_fixes: Vec<QuoteFix> = raw
                .quotes
                .into_iter()
                .enumerate()
                .map(|(i, q)| QuoteFix {
                    speaker: q.speaker.as_deref().and_then(|s| {
                        let lines = match quote_items.get(i) {
                            Some(r) if quote_items.len() == n_quotes => r.clone(),
                            _ => quote_lines.clone(),
                        };
                        self.entity_ref(s, refs, &path, &text, lines)
                    }),
                    starts: crate::text::clean_line(&q.starts),
                })
                .collect();

            // The dossier's cleaning rules, then the article's own.
            let own = std::mem::take(&mut raw.boilerplate);
            let own_rules;
            let rules: &[seed::Rule] = if own.is_empty() {
                rules
            } else {
                own_rules = rules
                    .iter()
                    .cloned()
                    .chain(self.rules(own, &path, &text))
                    .collect::<Vec<_>>();
                &own_rules
            };

            // The text itself.
            let Some(seed_name) = raw.seed else {
                self.errors.push(Error::Invalid {
                    at: at_file,
                    message: "article has no `seed`".into(),
                    help: Some("add `seed: 2024-03-14-port-strike.txt`, the article's text file in seeds/ (`dossier add FILE` writes both)".into()),
                });
                continue;
            };
            let seed_rel = Path::new("seeds").join(&seed_name);
            if seed_name.contains("..") || Path::new(&seed_name).is_absolute() {
                self.errors.push(Error::Invalid {
                    at: yaml::locate(&path, &text, &seed_name, 1),
                    message: format!("seed path `{seed_name}` leaves the seeds/ folder"),
                    help: Some(
                        "name a file inside seeds/, e.g. `seed: 2024-03-14-port-strike.txt`".into(),
                    ),
                });
                continue;
            }
            if let Some(other) = seeds_used.insert(seed_rel.clone(), path.clone()) {
                self.warnings.push(Warning::new(
                    "shared-seed",
                    &id,
                    Some(yaml::locate(&path, &text, &seed_name, 1)),
                    format!(
                        "seed {} is also used by {}",
                        seed_rel.display(),
                        other.display()
                    ),
                ));
            }
            let blocks = match md_body {
                Some(body) => seed::markdown_seed_blocks(&body, rules),
                None => {
                    let bytes = match self.files.read(&seed_rel) {
                        Ok(b) => b,
                        Err(files::Problem::Missing) => {
                            self.errors.push(Error::MissingSeed {
                                at: yaml::locate(&path, &text, &seed_name, 1),
                                seed: seed_rel.clone(),
                                suggestion: suggest(
                                    &seed_name,
                                    seed_files.iter().map(String::as_str),
                                ),
                            });
                            continue;
                        }
                        Err(p) => {
                            let at = yaml::locate(&path, &text, &seed_name, 1);
                            self.errors.push(p.error(&seed_rel, at));
                            continue;
                        }
                    };
                    let decoded = match seed::decode(&seed_rel, bytes) {
                        Ok(t) => t,
                        Err(e) => {
                            self.errors.push(e);
                            continue;
                        }
                    };
                    if seed_rel
                        .extension()
                        .is_some_and(|e| e == "md" || e == "markdown")
                    {
                        let body =
                            split_front_matter(&decoded).map_or(decoded.as_str(), |(_, b)| b);
                        seed::markdown_seed_blocks(body, rules)
                    } else {
                        seed::text_blocks(&decoded, rules, &title)
                    }
                }
            };
            if blocks.iter().all(|b| b.text.trim().is_empty()) {
                self.errors.push(Error::EmptySeed {
                    at: Loc::file(&seed_rel),
                });
                continue;
            }
            self.check_quote_fixes(&id, &quote_fixes, &blocks, &path, &text, &quote_items);
            let (Some(date), false) = (date, title.is_empty()) else {
                continue;
            };
            articles.push(Article {
                id,
                seed: seed_rel,
                title,
                date,
                source,
                author: raw.author,
                language,
                summary: raw.summary,
                tags,
                quote_fixes,
                blocks,
            });
        }
        for name in &seed_files {
            let rel = Path::new("seeds").join(name);
            let md = name.ends_with(".md") || name.ends_with(".markdown");
            if seeds_used.contains_key(&rel)
                || described.contains(name)
                || broken_seeds.contains(name)
                || md
            {
                // (Markdown seeds without an article are warned about above.)
                continue;
            }
            let message = if name.ends_with(".html") || name.ends_with(".htm") {
                format!(
                    "{} is a web page, not a seed: no article uses it",
                    rel.display()
                )
            } else {
                format!(
                    "seed {} is used by no article: not published",
                    rel.display()
                )
            };
            self.warnings.push(Warning::new(
                "unpublished-seed",
                name,
                Some(Loc::file(&rel)),
                format!(
                    "{message}; `dossier add {}` writes its article file",
                    rel.display()
                ),
            ));
        }
        let loaded: HashSet<&str> = articles.iter().map(|a: &Article| a.id.as_str()).collect();
        self.broken_articles = claimed
            .into_iter()
            .filter(|id| !loaded.contains(id.as_str()))
            .collect();
        articles.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
        articles
    }

    /// Each `quotes:` correction must begin exactly one quote of its
    /// article: one that matches none corrects nothing (a typo, or
    /// "victimized" against "victimised"), one that matches several would
    /// correct them all.
    fn check_quote_fixes(
        &mut self,
        article: &str,
        fixes: &[QuoteFix],
        blocks: &[Block],
        path: &Path,
        text: &str,
        items: &[Range<usize>],
    ) {
        let quotes: Vec<&str> = blocks
            .iter()
            .flat_map(|b| {
                crate::quotemarks::quotes(&b.text)
                    .into_iter()
                    .map(|q| &b.text[q.inner_start..q.inner_end])
            })
            .collect();
        for (i, f) in fixes.iter().enumerate() {
            let count = quotes
                .iter()
                .filter(|q| crate::quotemarks::fix_matches(&f.starts, q))
                .count();
            if count != 1 {
                let lines = items.get(i).cloned().unwrap_or(1..usize::MAX);
                self.errors.push(Error::QuoteFixMatch {
                    at: yaml::locate_in(path, text, &f.starts, lines),
                    article: article.to_string(),
                    starts: f.starts.clone(),
                    count,
                });
            }
        }
    }

    /// Like `parse`, for files that hold a mapping: an empty file is an
    /// empty mapping.
    fn parse_map<T: serde::de::DeserializeOwned>(&mut self, rel: &Path, text: &str) -> Option<T> {
        let text = if text.trim().is_empty() { "{}" } else { text };
        match yaml::parse(rel, text) {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    fn check_url(&mut self, url: &str, file: &Path, text: &str) {
        let lower = url.trim().to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            self.errors.push(Error::BadUrl {
                at: yaml::locate(file, text, url, 1),
                url: url.to_string(),
            });
        }
    }

    fn entity_ref(
        &mut self,
        id: &str,
        refs: &Refs,
        file: &Path,
        text: &str,
        lines: Range<usize>,
    ) -> Option<EntityIx> {
        match refs.entity_ix.get(id) {
            Some(&i) => Some(i),
            None if self.maybe_entities.contains(id) => None,
            None => {
                self.errors.push(Error::UnknownRef {
                    at: yaml::locate_in(file, text, id, lines),
                    what: "entity",
                    id: id.to_string(),
                    suggestion: suggest(id, refs.entity_ix.keys().map(String::as_str)),
                });
                None
            }
        }
    }

    fn article_ref(
        &mut self,
        id: &str,
        articles: &HashMap<String, ArticleIx>,
        file: &Path,
        text: &str,
        lines: Range<usize>,
    ) -> Option<ArticleIx> {
        match articles.get(id) {
            Some(&i) => Some(i),
            None if self.broken_articles.contains(id) => None,
            None => {
                self.errors.push(Error::UnknownRef {
                    at: yaml::locate_in(file, text, id, lines),
                    what: "article",
                    id: id.to_string(),
                    suggestion: suggest(id, articles.keys().map(String::as_str)),
                });
                None
            }
        }
    }

    /// Every `[[id]]` in a piece of Markdown must name an entity. `lines`
    /// are where the Markdown stands in `text`, to locate the links.
    fn check_wikilinks(
        &mut self,
        md: &str,
        refs: &Refs,
        file: &Path,
        text: &str,
        lines: Range<usize>,
    ) {
        for id in crate::text::wikilink_ids(md) {
            if !refs.entity_ix.contains_key(id) && !self.maybe_entities.contains(id) {
                self.errors.push(Error::UnknownRef {
                    at: yaml::locate_in(file, text, &format!("[[{id}"), lines.clone()),
                    what: "entity",
                    id: id.to_string(),
                    suggestion: suggest(id, refs.entity_ix.keys().map(String::as_str)),
                });
            }
        }
    }

    /// The ids an entity file that could not be loaded seems to define
    /// (`id:` values, slugs of `name:` values), so that references to them
    /// are not reported as unknown on top of the file's own error.
    fn scrape_entity_ids(&mut self, rel: &Path) {
        // Its error is reported already; a file that cannot be read has
        // nothing to scrape.
        let Ok(bytes) = self.files.read(rel) else {
            return;
        };
        for line in String::from_utf8_lossy(&bytes).lines() {
            let l = line.trim_start().trim_start_matches(['-', ' ']);
            let value = |v: &str| {
                let v = v.split(" #").next().unwrap_or("").trim();
                v.trim_matches(['"', '\'']).trim().to_string()
            };
            if let Some(v) = l.strip_prefix("id:") {
                self.maybe_entities.insert(value(v));
            } else if let Some(v) = l.strip_prefix("name:") {
                self.maybe_entities.insert(slugify(&value(v)));
            }
        }
    }

    fn events(&mut self, refs: &Refs, articles: &HashMap<String, ArticleIx>) -> Vec<Event> {
        let path = PathBuf::from("content/events.yaml");
        if !self.files.exists(&path) {
            return Vec::new();
        }
        let Some(text) = self.read(&path) else {
            return Vec::new();
        };
        let Some(list): Option<Vec<EventFile>> = self.parse(&path, &text) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let items = yaml::items(&text);
        let n = list.len();
        for (i, raw) in list.into_iter().enumerate() {
            let lines = yaml::item(&items, i, n);
            let s = yaml_scalar(&raw.date);
            let Some(date) = Date::parse(&s) else {
                self.errors.push(Error::BadDate {
                    at: yaml::locate_in(&path, &text, &s, lines),
                    value: s,
                });
                continue;
            };
            let entities = raw
                .entities
                .iter()
                .filter_map(|id| self.entity_ref(id, refs, &path, &text, lines.clone()))
                .collect();
            let sources = raw
                .sources
                .iter()
                .filter_map(|id| self.article_ref(id, articles, &path, &text, lines.clone()))
                .collect();
            self.check_wikilinks(&raw.description, refs, &path, &text, lines);
            out.push(Event {
                date,
                title: raw.title,
                description: raw.description,
                entities,
                sources,
            });
        }
        out.sort_by_key(|e| e.date);
        out
    }

    fn claims(&mut self, articles: &HashMap<String, ArticleIx>) -> Vec<Claim> {
        let path = PathBuf::from("content/claims.yaml");
        if !self.files.exists(&path) {
            return Vec::new();
        }
        let Some(text) = self.read(&path) else {
            return Vec::new();
        };
        let Some(list): Option<Vec<ClaimFile>> = self.parse(&path, &text) else {
            return Vec::new();
        };
        let mut out: Vec<Claim> = Vec::new();
        let items = yaml::items(&text);
        let n = list.len();
        for (i, raw) in list.into_iter().enumerate() {
            let lines = yaml::item(&items, i, n);
            let at = yaml::locate_in(&path, &text, &raw.id, lines.clone());
            if !is_slug(&raw.id) {
                self.errors.push(Error::BadId {
                    at: at.clone(),
                    value: raw.id.clone(),
                });
            }
            if let Some(first) = out.iter().find(|c| c.id == raw.id) {
                self.errors.push(Error::Duplicate {
                    at: at.clone(),
                    what: "claim id",
                    id: raw.id.clone(),
                    first: first.source.clone(),
                });
            }
            let mut statements = Vec::new();
            let st_items = yaml::items_in(&text, lines.start + 1..lines.end);
            let n_st = raw.statements.len();
            for (j, s) in raw.statements.into_iter().enumerate() {
                let st_lines = match st_items.get(j) {
                    Some(r) if st_items.len() == n_st => r.clone(),
                    _ => lines.clone(),
                };
                // Point at the quote itself when it is written plainly,
                // else at the statement's article.
                let sat = match yaml::find(&text, &s.quote, st_lines.clone()) {
                    Some((line, column)) => Loc::at(&path, line, column),
                    None => yaml::locate_in(&path, &text, &s.article, st_lines.clone()),
                };
                let Some(article) = self.article_ref(&s.article, articles, &path, &text, st_lines)
                else {
                    continue;
                };
                statements.push(ClaimStatement {
                    article,
                    says: s.says,
                    quote: crate::text::clean_line(&s.quote),
                    source: sat.clone(),
                });
            }
            out.push(Claim {
                id: raw.id,
                question: raw.question,
                statements,
                source: at.clone(),
            });
        }
        out
    }

    fn pages(&mut self, refs: &Refs) -> Vec<Page> {
        let mut out = Vec::new();
        for path in self.list("content/pages", &["md", "markdown"]) {
            let slug = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            if !is_slug(&slug) {
                self.errors.push(Error::BadId {
                    at: Loc::file(&path),
                    value: slug,
                });
                continue;
            }
            let Some(text) = self.read(&path) else {
                continue;
            };
            let Some((front, body)) = split_front_matter(&text) else {
                self.errors.push(Error::Invalid {
                    at: Loc::at(&path, 1, 1),
                    message: "page has no front matter".into(),
                    help: Some("start the file with `---`, `title: …`, `---`".into()),
                });
                continue;
            };
            let front: PageFront = match yaml::parse_at(&path, front, 1) {
                Ok(f) => f,
                Err(e) => {
                    self.errors.push(e);
                    continue;
                }
            };
            self.check_wikilinks(body, refs, &path, &text, 1..usize::MAX);
            out.push(Page {
                slug,
                title: front.title,
                order: front.order,
                markdown: body.to_string(),
            });
        }
        out.sort_by(|a, b| (a.order, &a.slug).cmp(&(b.order, &b.slug)));
        out
    }

    /// The dossier's template overrides: `templates/*.html` by file name,
    /// `templates/static/*.css` as `static/<name>`.
    fn templates(&mut self) -> Vec<TemplateFile> {
        let mut out = Vec::new();
        for (dir, prefix) in [("templates", ""), ("templates/static", "static/")] {
            for path in self.list(dir, &["html", "xml", "css", "txt"]) {
                let Some(source) = self.read(&path) else {
                    continue;
                };
                out.push(TemplateFile {
                    name: format!("{prefix}{}", path.file_name().unwrap().to_string_lossy()),
                    path,
                    source,
                });
            }
        }
        out
    }
}

/// The line of top-level key `key` (written with no value), else the file.
fn key_or_file(file: &Path, text: &str, key: &str) -> Loc {
    text.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or_else(|| Loc::file(file), |n| Loc::at(file, n + 1, 1))
}

/// What the seeds/ folder holds, or what a user may put there expecting it
/// to be read.
const SEED_LIKE: &[&str] = &["txt", "md", "markdown", "html", "htm"];

/// URL folders the site uses for its own pages; a kind may not take them.
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

struct Refs<'a> {
    entity_ix: &'a HashMap<String, EntityIx>,
}

/// Dates come as YAML strings or as numbers (`2023`); we want the text.
fn yaml_scalar(v: &serde_yaml::Value) -> String {
    match v {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}
