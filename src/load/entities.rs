//! `content/entities/*.yaml`: one file per kind, one list item per entity.

use super::*;

impl Cx {
    pub(super) fn entities(&mut self, kinds: &[Kind]) -> Vec<Entity> {
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
            self.entity_file(&path, &text, kind, list, &mut entities);
        }
        self.check_ids(&entities);
        self.check_names(&entities);
        entities.sort_by(|a, b| {
            (a.kind, a.name.to_lowercase(), &a.id).cmp(&(b.kind, b.name.to_lowercase(), &b.id))
        });
        entities
    }

    /// The entities of one file, of kind `kind`.
    fn entity_file(
        &mut self,
        path: &Path,
        text: &Doc,
        kind: usize,
        list: Vec<EntityFile>,
        entities: &mut Vec<Entity>,
    ) {
        let items = yaml::items(text);
        let n = list.len();
        self.entity_items.insert(path.to_path_buf(), items.clone());
        for (i, raw) in list.into_iter().enumerate() {
            let id = raw.id.clone().unwrap_or_else(|| slugify(&raw.name));
            let needle = raw.id.as_deref().unwrap_or(&raw.name);
            let at = yaml::locate_in(path, text, needle, yaml::item(&items, i, n));
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

    /// Ids are global: [[id]] links do not say the kind.
    fn check_ids(&mut self, entities: &[Entity]) {
        let mut seen: HashMap<&str, &Entity> = HashMap::new();
        for e in entities {
            if let Some(first) = seen.insert(&e.id, e) {
                self.errors.push(Error::Duplicate {
                    at: e.source.clone(),
                    what: "entity id",
                    id: e.id.clone(),
                    first: first.source.clone(),
                });
            }
        }
    }

    /// Two entities of a kind answering to the same name make mentions
    /// ambiguous; across kinds the earlier kind wins, which is a warning.
    fn check_names(&mut self, entities: &[Entity]) {
        let mut names: HashMap<(usize, String), &Entity> = HashMap::new();
        let mut any_kind: HashMap<String, &Entity> = HashMap::new();
        for e in entities {
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
                        self.errors.push(Error::SharedName {
                            at: yaml::locate(
                                &e.source.file,
                                &self.reread(&e.source.file),
                                n,
                                e.source.line,
                            ),
                            name: n.to_string(),
                            first: other.id.clone(),
                            second: e.id.clone(),
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
    }

    /// The lines of entity `e`'s list item in its file.
    pub(super) fn entity_lines(&self, e: &Entity) -> Option<Range<usize>> {
        yaml::item_at(self.entity_items.get(&e.source.file)?, e.source.line)
    }

    /// Where alias (or name) `n` of entity `e` is written: inside the
    /// entity's list item, else the entity itself.
    pub(super) fn alias_loc(&self, e: &Entity, n: &str) -> Loc {
        let text = self.reread(&e.source.file);
        let lines = self
            .entity_lines(e)
            .unwrap_or(e.source.line..e.source.line + 1);
        match yaml::find(&text, n, lines) {
            Some((l, c)) => Loc::at(&e.source.file, l, c),
            None => e.source.clone(),
        }
    }

    /// The ids an entity file that could not be loaded seems to define
    /// (`id:` values, slugs of `name:` values), so that references to them
    /// are not reported as unknown on top of the file's own error.
    pub(super) fn scrape_entity_ids(&mut self, rel: &Path) {
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
}
