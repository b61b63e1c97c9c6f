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
        let (mut file, keys): (DossierFile, _) = self.parse_keyed(&dossier_rel, &text)?;
        let key = |k: &str| keys.get(k).unwrap_or_else(|| Loc::file(&dossier_rel));
        match file.max_file_mb {
            Some(0) => self.errors.push(Error::ZeroFileLimit {
                at: key("max_file_mb"),
                default_mb: files::DEFAULT_LIMIT_MB,
            }),
            Some(mb) => self.files.limit = mb.saturating_mul(1024 * 1024),
            None => {}
        }
        let language = self.language(&file.language, &dossier_rel, &text);
        let base_url = file.base_url.as_ref().and_then(|u| {
            if u.trim().is_empty() {
                return None;
            }
            let normal = normalize_base_url(u);
            if normal.is_none() {
                self.errors.push(Error::BadUrl {
                    at: yaml::at(&dossier_rel, &text, u),
                    url: u.to_string(),
                });
            }
            normal
        });
        let quiet = file
            .quiet
            .iter()
            .map(|q| (q.to_string(), yaml::at(&dossier_rel, &text, q)))
            .collect();
        let kinds = self.kinds(std::mem::take(&mut file.kinds), &dossier_rel, &text);
        let rules = self.rules(
            std::mem::take(&mut file.boilerplate),
            &dossier_rel,
            &text,
            key("boilerplate"),
        );
        Some(Settings {
            file,
            language,
            base_url,
            quiet,
            kinds,
            rules,
        })
    }

    pub(super) fn language(&mut self, code: &Spanned<String>, file: &Path, text: &Doc) -> Lang {
        match code.as_str() {
            "fr" => Lang::Fr,
            "en" => Lang::En,
            other => {
                self.errors.push(Error::UnknownLanguage {
                    at: yaml::at(file, text, code),
                    code: other.to_string(),
                });
                Lang::En
            }
        }
    }

    pub(super) fn kinds(
        &mut self,
        raw: Vec<(Spanned<String>, KindFile)>,
        file: &Path,
        text: &Doc,
    ) -> Vec<Kind> {
        if raw.is_empty() {
            return default_kinds();
        }
        let mut kinds: Vec<Kind> = Vec::new();
        // Where each kind's path is written, for a duplicate's `first`.
        let mut paths: Vec<Loc> = Vec::new();
        for (key, k) in raw {
            let key_at = yaml::at(file, text, &key);
            let path_at = yaml::at(file, text, &k.path);
            let (key, path) = (yaml::take(key), yaml::take(k.path));
            for (what, v, at) in [("kind", &key, &key_at), ("kind path", &path, &path_at)] {
                if !is_slug(v) {
                    self.errors.push(Error::BadSlug {
                        at: at.clone(),
                        what,
                        value: v.clone(),
                    });
                }
            }
            if RESERVED_PATHS.contains(&path.as_str()) {
                self.errors.push(Error::ReservedPath {
                    at: path_at.clone(),
                    path: path.clone(),
                    reserved: RESERVED_PATHS.iter().map(|p| p.to_string()).collect(),
                });
            }
            if let Some(o) = kinds.iter().position(|o| o.path == path) {
                self.errors.push(Error::Duplicate {
                    at: path_at.clone(),
                    what: "kind path",
                    id: path.clone(),
                    first: paths[o].clone(),
                });
            }
            let role = self.role(&key, k.role.as_ref(), file, text);
            paths.push(path_at);
            kinds.push(Kind {
                singular: k.singular.unwrap_or_else(|| k.label.clone()),
                key,
                path,
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
        role: Option<&Spanned<String>>,
        file: &Path,
        text: &Doc,
    ) -> Role {
        match role.map(|r| r.as_str()) {
            Some("person") => Role::Person,
            Some("organization") => Role::Organization,
            Some("other") => Role::Other,
            Some(other) => {
                self.errors.push(Error::UnknownRole {
                    at: role.map_or_else(|| Loc::file(file), |r| yaml::at(file, text, r)),
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

    /// Boilerplate rules; `key` is where the `boilerplate:` key is
    /// written (a rule of the wrong shape is reported there).
    pub(super) fn rules(
        &mut self,
        raw: Vec<BoilerplateRule>,
        file: &Path,
        text: &Doc,
        key: Loc,
    ) -> Vec<seed::Rule> {
        let mut out = Vec::new();
        for r in raw {
            match r {
                BoilerplateRule::Line(s) => out.push(seed::Rule::Line(s)),
                BoilerplateRule::Rule(m) => {
                    let given = [
                        m.contains.is_some(),
                        m.prefix.is_some(),
                        m.pattern.is_some(),
                    ]
                    .iter()
                    .filter(|x| **x)
                    .count();
                    if given != 1 {
                        self.errors
                            .push(Error::BoilerplateShape { at: key.clone() });
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
                                at: yaml::at(file, text, &p),
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
}
