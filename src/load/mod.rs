//! Stage 1: read a dossier folder into a validated [`Dossier`].
//!
//! Everything that can be wrong with the content is found here and reported
//! together: an editor fixing a dossier under deadline wants the whole list,
//! not one error per build. Ids are resolved to indexes on the way, so the
//! later stages cannot meet a dangling reference.

mod articles;
mod claims;
mod entities;
mod extras;
mod files;
mod raw;
pub mod seed;
mod settings;

use crate::error::{Error, Loc, Warning, suggest};
use crate::model::*;
use crate::text::split_front_matter;
use crate::yaml;
use raw::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use yaml::{Doc, Spanned};

/// What `load` found: the dossier, or every error.
pub struct Loaded {
    pub dossier: Dossier,
    pub warnings: Vec<Warning>,
}

/// Why `load` failed: every error, and the warnings found on the way
/// (less those `quiet:` lists).
#[derive(Debug)]
pub struct Failed {
    pub errors: Vec<Error>,
    pub warnings: Vec<Warning>,
}

/// Reads and validates the dossier at `root`: the whole dossier, or every
/// error in it.
pub fn load(root: &Path) -> Result<Loaded, Failed> {
    let (dossier, errors, mut warnings) = load_all(root);
    match dossier {
        Some(d) if errors.is_empty() => Ok(Loaded {
            dossier: d,
            warnings,
        }),
        d => {
            if let Some(d) = d {
                warnings.retain(|w| !crate::is_quiet(w, &d.quiet));
            }
            Err(Failed { errors, warnings })
        }
    }
}

/// For `dossier add`, which reads the dossier only to find its known
/// entities in new text and must work on a dossier being edited: the
/// dossier with whatever has an error left out (every index still valid).
/// Fails only when there is no dossier (no readable dossier.yaml).
pub fn load_lenient(root: &Path) -> Result<Dossier, Vec<Error>> {
    match load_all(root) {
        (Some(d), _, _) => Ok(d),
        (None, errors, _) => Err(errors),
    }
}

fn load_all(root: &Path) -> (Option<Dossier>, Vec<Error>, Vec<Warning>) {
    let mut cx = Cx {
        root: root.to_path_buf(),
        errors: Vec::new(),
        warnings: Vec::new(),
        broken_articles: HashSet::new(),
        maybe_entities: HashSet::new(),
        texts: HashMap::new(),
        files: files::Reader::new(root),
        entity_marks: Vec::new(),
        summaries: HashMap::new(),
    };
    let dossier = cx.load_all();
    (dossier, cx.errors, cx.warnings)
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
    texts: HashMap<PathBuf, Rc<Doc>>,
    /// Every file is read through it: checked, bounded.
    files: files::Reader,
    /// Where each entity's name, aliases, description and facts are
    /// written, in the order of the entities (see `Cx::entities`).
    entity_marks: Vec<entities::Marks>,
    /// Where each article's summary is written, by article id.
    summaries: HashMap<String, Loc>,
}

impl Cx {
    fn load_all(&mut self) -> Option<Dossier> {
        let settings = self.settings()?;
        let entities: IxVec<EntityIx, Entity> = self.entities(&settings.kinds).into();
        let entity_ix: HashMap<String, EntityIx> = entities
            .iter_enumerated()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        let refs = Refs {
            entity_ix: &entity_ix,
        };
        let articles: IxVec<ArticleIx, Article> = self
            .articles(&settings.rules, settings.language, &refs)
            .into();
        let article_ix: HashMap<String, ArticleIx> = articles
            .iter_enumerated()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        let events = self.events(&refs, &article_ix);
        let claims = self.claims(&articles, &article_ix);
        let pages = self.pages(&refs);
        let templates = self.templates();
        self.check_links_in(entities.as_slice(), articles.as_slice(), &refs);
        let file = settings.file;
        Some(Dossier {
            root: self.root.clone(),
            title: file.title,
            description: file.description,
            language: settings.language,
            base_url: settings.base_url,
            allow_html: file.allow_html,
            kinds: settings.kinds.into(),
            entities,
            articles,
            events,
            claims,
            pages,
            templates,
            quiet: settings.quiet,
        })
    }

    /// `[[id]]` links in entity descriptions and facts and in article
    /// summaries (those in events and pages are checked as they load).
    fn check_links_in(&mut self, entities: &[Entity], articles: &[Article], refs: &Refs) {
        let entity_marks = std::mem::take(&mut self.entity_marks);
        for (e, marks) in entities.iter().zip(&entity_marks) {
            let has_links = |m: &str| m.contains("[[");
            if !has_links(&e.description) && !e.facts.iter().any(|(_, v)| has_links(v)) {
                continue;
            }
            let file = e.source.file.clone();
            let text = self.reread(&file);
            let md = std::iter::once((e.description.as_str(), &marks.description))
                .chain(e.facts.iter().map(|(_, v)| v.as_str()).zip(&marks.facts));
            for (m, at) in md {
                self.check_wikilinks(m, refs, &|o, n| yaml::within(&text, at, m, o, n));
            }
        }
        self.entity_marks = entity_marks;
        let summaries = std::mem::take(&mut self.summaries);
        for a in articles {
            if let (Some(s), Some(at)) = (&a.summary, summaries.get(&a.id)) {
                let file = self.article_file(a);
                let text = self.reread(&file);
                self.check_wikilinks(s, refs, &|o, n| yaml::within(&text, at, s, o, n));
            }
        }
    }

    /// The entity `id` names, reporting it unknown at `at` (where `id` is
    /// written) when it is not.
    fn entity_ref(&mut self, id: &str, refs: &Refs, at: impl FnOnce() -> Loc) -> Option<EntityIx> {
        match refs.entity_ix.get(id) {
            Some(&i) => Some(i),
            None if self.maybe_entities.contains(id) => None,
            None => {
                self.errors.push(Error::UnknownRef {
                    at: at(),
                    what: "entity",
                    id: id.to_string(),
                    suggestion: suggest(id, refs.entity_ix.keys().map(String::as_str)),
                });
                None
            }
        }
    }

    /// Like [`Cx::entity_ref`], for an article.
    fn article_ref(
        &mut self,
        id: &str,
        articles: &HashMap<String, ArticleIx>,
        at: impl FnOnce() -> Loc,
    ) -> Option<ArticleIx> {
        match articles.get(id) {
            Some(&i) => Some(i),
            None if self.broken_articles.contains(id) => None,
            None => {
                self.errors.push(Error::UnknownRef {
                    at: at(),
                    what: "article",
                    id: id.to_string(),
                    suggestion: suggest(id, articles.keys().map(String::as_str)),
                });
                None
            }
        }
    }

    /// Every `[[id]]` in a piece of Markdown must name an entity. `place`
    /// gives where the text `needle` (`[[`) at a byte offset of `md` is
    /// written.
    fn check_wikilinks(&mut self, md: &str, refs: &Refs, place: &dyn Fn(usize, &str) -> Loc) {
        for link in crate::text::wikilinks(md) {
            let id = link.id;
            if !refs.entity_ix.contains_key(id) && !self.maybe_entities.contains(id) {
                self.errors.push(Error::UnknownRef {
                    at: place(link.range.start, "[["),
                    what: "entity",
                    id: id.to_string(),
                    suggestion: suggest(id, refs.entity_ix.keys().map(String::as_str)),
                });
            }
        }
    }
}

struct Refs<'a> {
    entity_ix: &'a HashMap<String, EntityIx>,
}
