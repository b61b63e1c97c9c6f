//! `content/dossier.yaml`: kinds, boilerplate rules, language.

use super::*;

/// `content/dossier.yaml`, checked.
pub(super) struct Settings {
    /// What is used as written (title, description, allow_html).
    pub file: DossierFile,
    pub language: Lang,
    pub base_url: Option<String>,
    pub quiet: Vec<(String, Loc)>,
    pub kinds: Vec<Kind>,
    pub rules: Vec<seed::Rule>,
}

impl Cx {
    /// The dossier's settings; `None` when there is no dossier.yaml to
    /// speak of (missing, unreadable, not YAML).
    pub(super) fn settings(&mut self) -> Option<Settings> {
        let dossier_rel = PathBuf::from("content/dossier.yaml");
        if !self.files.exists(&dossier_rel) {
            self.errors.push(Error::NotADossier {
                at: Loc::file(&dossier_rel),
                root: self.root.clone(),
            });
            return None;
        }
        let text = self.read(&dossier_rel)?;
        let mut file: DossierFile = self.parse(&dossier_rel, &text)?;
        match file.max_file_mb {
            Some(0) => self.errors.push(Error::ZeroFileLimit {
                at: yaml::locate(&dossier_rel, &text, "max_file_mb", 1),
                default_mb: files::DEFAULT_LIMIT_MB,
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
        let quiet_lines = yaml::key_lines(&text, "quiet");
        let quiet = file
            .quiet
            .iter()
            .map(|q| {
                let at = yaml::locate_in(&dossier_rel, &text, q, quiet_lines.clone());
                (q.clone(), at)
            })
            .collect();
        let kinds = self.kinds(std::mem::take(&mut file.kinds), &dossier_rel, &text);
        let rules = self.rules(std::mem::take(&mut file.boilerplate), &dossier_rel, &text);
        Some(Settings {
            file,
            language,
            base_url,
            quiet,
            kinds,
            rules,
        })
    }

    pub(super) fn language(&mut self, code: &str, file: &Path, text: &Doc) -> Lang {
        match code {
            "fr" => Lang::Fr,
            "en" => Lang::En,
            other => {
                self.errors.push(Error::UnknownLanguage {
                    at: yaml::locate(file, text, other, 1),
                    code: other.to_string(),
                });
                Lang::En
            }
        }
    }

    pub(super) fn kinds(
        &mut self,
        raw: Vec<(String, KindFile)>,
        file: &Path,
        text: &Doc,
    ) -> Vec<Kind> {
        if raw.is_empty() {
            return default_kinds();
        }
        let section = yaml::key_lines(text, "kinds");
        let mut kinds: Vec<Kind> = Vec::new();
        // Where each kind's path is written, for a duplicate's `first`.
        let mut paths: Vec<Loc> = Vec::new();
        for (key, k) in raw {
            // Each kind is searched from its own key, so that a path given
            // twice is found at its second definition.
            let from = yaml::key_line(text, &key, section.clone()).unwrap_or(section.start);
            let key_at = yaml::locate(file, text, &key, from);
            let path_at = yaml::locate(file, text, &k.path, from);
            for (what, v, at) in [("kind", &key, &key_at), ("kind path", &k.path, &path_at)] {
                if !is_slug(v) {
                    self.errors.push(Error::BadSlug {
                        at: at.clone(),
                        what,
                        value: v.clone(),
                    });
                }
            }
            if RESERVED_PATHS.contains(&k.path.as_str()) {
                self.errors.push(Error::ReservedPath {
                    at: path_at.clone(),
                    path: k.path.clone(),
                    reserved: RESERVED_PATHS.iter().map(|p| p.to_string()).collect(),
                });
            }
            if let Some(o) = kinds.iter().position(|o| o.path == k.path) {
                self.errors.push(Error::Duplicate {
                    at: path_at.clone(),
                    what: "kind path",
                    id: k.path.clone(),
                    first: paths[o].clone(),
                });
            }
            let role = self.role(&key, k.role.as_deref(), file, text, from);
            paths.push(path_at);
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

    /// A kind's role as written, else guessed from its key.
    pub(super) fn role(
        &mut self,
        key: &str,
        role: Option<&str>,
        file: &Path,
        text: &Doc,
        from: usize,
    ) -> Role {
        match role {
            Some("person") => Role::Person,
            Some("organization") => Role::Organization,
            Some("other") => Role::Other,
            Some(other) => {
                self.errors.push(Error::UnknownRole {
                    at: yaml::locate(file, text, other, from),
                    role: other.to_string(),
                });
                Role::Other
            }
            None => match key {
                "people" | "persons" | "personnes" | "personnalites" => Role::Person,
                "organizations" | "organisations" | "orgs" => Role::Organization,
                _ => Role::Other,
            },
        }
    }

    pub(super) fn rules(
        &mut self,
        raw: Vec<BoilerplateRule>,
        file: &Path,
        text: &Doc,
    ) -> Vec<seed::Rule> {
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
                        self.errors.push(Error::BoilerplateShape {
                            at: yaml::locate(file, text, "boilerplate", 1),
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
                            Err(e) => self.errors.push(Error::BadPattern {
                                at: yaml::locate(file, text, &p, 1),
                                message: e.to_string(),
                            }),
                        }
                    }
                }
            }
        }
        out
    }
}

/// The kinds of a dossier.yaml that names none.
pub(super) fn default_kinds() -> Vec<Kind> {
    [
        ("people", "People", "Person", Role::Person),
        ("countries", "Countries", "Country", Role::Other),
        (
            "organizations",
            "Organizations",
            "Organization",
            Role::Organization,
        ),
        ("topics", "Topics", "Topic", Role::Other),
    ]
    .into_iter()
    .map(|(key, label, singular, role)| Kind {
        key: key.into(),
        path: key.into(),
        label: label.into(),
        singular: singular.into(),
        role,
    })
    .collect()
}

/// URL folders the site uses for its own pages; a kind may not take them.
/// Their one owner is the render stage's routes.
pub use crate::render::urls::RESERVED_PATHS;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_kinds_are_four_with_their_roles_and_none_reserved() {
        let k = default_kinds();
        let keys: Vec<&str> = k.iter().map(|k| k.key.as_str()).collect();
        assert_eq!(keys, ["people", "countries", "organizations", "topics"]);
        assert_eq!(k[0].role, Role::Person);
        assert_eq!(k[2].role, Role::Organization);
        assert!(k.iter().all(|k| k.path == k.key && is_slug(&k.path)));
        assert!(!k.iter().any(|k| RESERVED_PATHS.contains(&k.path.as_str())));
    }

    #[test]
    fn a_kind_key_is_found_in_its_section_quoted_or_not() {
        let doc = Doc::new(
            "title: people\nkinds:\n  people: { path: p }\n  'orgs':\n    path: o\n".into(),
        );
        let section = yaml::key_lines(&doc, "kinds");
        assert_eq!(yaml::key_line(&doc, "people", section.clone()), Some(3));
        assert_eq!(yaml::key_line(&doc, "orgs", section.clone()), Some(4));
        assert_eq!(yaml::key_line(&doc, "title", section), None);
    }
}
