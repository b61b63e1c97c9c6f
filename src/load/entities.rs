//! `content/entities/*.yaml`: one file per kind, one list item per entity.

use super::*;

/// Where an entity's texts are written, from the parser.
#[derive(Clone, Debug, Default)]
pub(super) struct Marks {
    /// The name, then each alias kept (as `Entity::aliases`).
    pub names: Vec<Loc>,
    pub description: Loc,
    /// Each fact's value, in order.
    pub facts: Vec<Loc>,
}

impl Cx {
    pub(super) fn entities(&mut self, kinds: &[Kind]) -> Vec<Entity> {
        let mut entities = Vec::new();
        let mut marks = Vec::new();
        for path in self.list("content/entities", &["yaml", "yml"]) {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            let Some(kind) = kinds.iter().position(|k| k.key == stem).map(KindIx::new) else {
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
            self.entity_file(&path, &text, kind, list, &mut entities, &mut marks);
        }
        self.check_ids(&entities);
        self.check_names(&entities, &marks);
        let mut both: Vec<(Entity, Marks)> = entities.into_iter().zip(marks).collect();
        both.sort_by(|(a, _), (b, _)| {
            (a.kind, a.name.to_lowercase(), &a.id).cmp(&(b.kind, b.name.to_lowercase(), &b.id))
        });
        let (entities, marks) = both.into_iter().unzip();
        self.entity_marks = marks;
        entities
    }

    /// The entities of one file, of kind `kind`, and where their texts are.
    fn entity_file(
        &mut self,
        path: &Path,
        text: &Doc,
        kind: KindIx,
        list: Vec<EntityFile>,
        entities: &mut Vec<Entity>,
        marks: &mut Vec<Marks>,
    ) {
        for raw in list {
            let id = raw
                .id
                .as_ref()
                .map_or_else(|| slugify(&raw.name), |i| i.to_string());
            let at = yaml::at(path, text, raw.id.as_ref().unwrap_or(&raw.name));
            if !is_slug(&id) {
                self.errors.push(Error::BadId {
                    at: at.clone(),
                    value: id.clone(),
                });
            }
            let mut names = vec![yaml::at(path, text, &raw.name)];
            let aliases = raw
                .aliases
                .into_iter()
                .map(|a| match a {
                    AliasFile::Plain(text) => (
                        text,
                        Alias {
                            text: String::new(),
                            fold: false,
                            hidden: false,
                        },
                    ),
                    AliasFile::Detailed(m) => (
                        m.name,
                        Alias {
                            text: String::new(),
                            fold: m.fold,
                            hidden: m.hidden,
                        },
                    ),
                })
                .filter(|(t, _)| !t.trim().is_empty())
                .map(|(t, a)| {
                    names.push(yaml::at(path, text, &t));
                    Alias {
                        text: yaml::take(t),
                        ..a
                    }
                })
                .collect();
            let facts_at = raw
                .facts
                .iter()
                .map(|(_, v)| yaml::at(path, text, v))
                .collect();
            marks.push(Marks {
                names,
                description: yaml::at(path, text, &raw.description),
                facts: facts_at,
            });
            entities.push(Entity {
                id,
                kind,
                name: yaml::take(raw.name),
                aliases,
                fold: raw.fold,
                summary: raw.summary,
                description: yaml::take(raw.description),
                facts: raw
                    .facts
                    .into_iter()
                    .map(|(k, v)| (k, yaml::take(v).0))
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
    fn check_names(&mut self, entities: &[Entity], marks: &[Marks]) {
        let mut names: HashMap<(KindIx, String), &Entity> = HashMap::new();
        let mut any_kind: HashMap<String, &Entity> = HashMap::new();
        for (e, m) in entities.iter().zip(marks) {
            let all =
                std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(|a| a.text.as_str()));
            let mut own = std::collections::HashSet::new();
            for (n, at) in all.zip(&m.names) {
                let key = crate::text::clean_line(n).replace('’', "'");
                if !own.insert(key.clone()) {
                    continue;
                }
                if let Some(other) = names.insert((e.kind, key.clone()), e) {
                    if other.id != e.id {
                        self.errors.push(Error::SharedName {
                            at: at.clone(),
                            name: n.to_string(),
                            first: other.id.clone(),
                            second: e.id.clone(),
                        });
                    }
                } else if let Some(other) = any_kind.get(&key) {
                    if other.kind != e.kind {
                        self.warnings.push(Warning::new(
                            "shared-name",
                            &e.id,
                            Some(at.clone()),
                            format!(
                                "`{n}` names both `{}` and `{}`; mentions go to `{}`",
                                other.id, e.id, other.id
                            ),
                        ));
                    }
                }
                any_kind.entry(key).or_insert(e);
                if n.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
                    self.warnings.push(Warning::new(
                        "short-alias",
                        &e.id,
                        Some(at.clone()),
                        format!("alias `{n}` of `{}` is shorter than 3 letters and may match by accident", e.id),
                    ));
                }
            }
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
