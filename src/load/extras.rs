//! The rest: `content/events.yaml`, `content/pages/*.md`, `templates/`.

use super::*;

impl Cx {
    pub(super) fn events(
        &mut self,
        refs: &Refs,
        articles: &HashMap<String, ArticleIx>,
    ) -> Vec<Event> {
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
        for raw in list {
            let Some(date) = Date::parse(&raw.date) else {
                self.errors.push(Error::BadDate {
                    at: yaml::at(&path, &text, &raw.date),
                    value: yaml::take(raw.date),
                });
                continue;
            };
            let entities = raw
                .entities
                .iter()
                .filter_map(|id| self.entity_ref(id, refs, || yaml::at(&path, &text, id)))
                .collect();
            let sources = raw
                .sources
                .iter()
                .filter_map(|id| self.article_ref(id, articles, || yaml::at(&path, &text, id)))
                .collect();
            let description = raw.description.as_str();
            let at = yaml::at(&path, &text, &raw.description);
            self.check_wikilinks(description, refs, &|o, n| {
                yaml::within(&text, &at, description, o, n)
            });
            out.push(Event {
                date,
                title: raw.title,
                description: yaml::take(raw.description),
                entities,
                sources,
            });
        }
        out.sort_by_key(|e| e.date);
        out
    }

    pub(super) fn pages(&mut self, refs: &Refs) -> Vec<Page> {
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
                self.errors.push(Error::NoFrontMatter {
                    at: Loc::at(&path, 1, 1),
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
            // Markdown, not YAML: each link is found in the body, which
            // starts after the front matter.
            let body_line = text[..text.len() - body.len()].lines().count() + 1;
            let start = Loc::at(&path, body_line, 1);
            self.check_wikilinks(body, refs, &|o, n| yaml::within(&text, &start, body, o, n));
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
    pub(super) fn templates(&mut self) -> Vec<TemplateFile> {
        let mut out = Vec::new();
        for (dir, prefix) in [("templates", ""), ("templates/static", "static/")] {
            for path in self.list(dir, &["html", "xml", "css", "txt"]) {
                let Some(source) = self.read(&path) else {
                    continue;
                };
                out.push(TemplateFile {
                    name: format!("{prefix}{}", path.file_name().unwrap().to_string_lossy()),
                    path,
                    source: source.to_string(),
                });
            }
        }
        out
    }
}
