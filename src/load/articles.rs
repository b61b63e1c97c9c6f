//! Articles: `content/articles/*.yaml` and Markdown seeds with front
//! matter, each with its seed cleaned into blocks.

use super::*;

impl Cx {
    pub(super) fn articles(
        &mut self,
        rules: &[seed::Rule],
        lang: Lang,
        refs: &Refs,
    ) -> Vec<Article> {
        let mut articles = Vec::new();
        let mut seeds_used: HashMap<PathBuf, PathBuf> = HashMap::new();
        let mut ids: BTreeMap<String, PathBuf> = BTreeMap::new();

        let mut inputs: Vec<ArticleInput> = Vec::new();
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
            inputs.push(ArticleInput {
                path,
                text,
                raw,
                md_body: None,
            });
        }
        // Every file in seeds/, to suggest a name for a mistyped `seed:`
        // and to warn about the ones no article uses.
        let seed_files: Vec<String> = self
            .list("seeds", SEED_LIKE)
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        // Markdown seeds may carry their metadata themselves.
        let described: std::collections::HashSet<String> =
            inputs.iter().filter_map(|i| i.raw.seed.clone()).collect();
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
                        let md_body = Some(body.to_string());
                        inputs.push(ArticleInput {
                            path,
                            text,
                            raw,
                            md_body,
                        });
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

        for ArticleInput {
            path,
            text,
            mut raw,
            md_body,
        } in inputs
        {
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
                    self.errors.push(Error::MissingKey {
                        at: key_or_file(&path, &text, "title"),
                        key: "title",
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
                    self.errors.push(Error::MissingKey {
                        at: key_or_file(&path, &text, "date"),
                        key: "date",
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
                    self.errors.push(Error::MissingKey {
                        at: key_or_file(&path, &text, "source"),
                        key: "source",
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
                self.errors.push(Error::MissingKey {
                    at: at_file,
                    key: "seed",
                });
                continue;
            };
            let seed_rel = Path::new("seeds").join(&seed_name);
            if seed_name.contains("..") || Path::new(&seed_name).is_absolute() {
                self.errors.push(Error::SeedOutside {
                    at: yaml::locate(&path, &text, &seed_name, 1),
                    seed: seed_name,
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
    pub(super) fn check_quote_fixes(
        &mut self,
        article: &str,
        fixes: &[QuoteFix],
        blocks: &[Block],
        path: &Path,
        text: &Doc,
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

    pub(super) fn check_url(&mut self, url: &str, file: &Path, text: &Doc) {
        let lower = url.trim().to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            self.errors.push(Error::BadUrl {
                at: yaml::locate(file, text, url, 1),
                url: url.to_string(),
            });
        }
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

/// An article to load, as its metadata file gives it.
struct ArticleInput {
    /// `content/articles/<id>.yaml`, or a Markdown seed whose front matter
    /// is its metadata.
    path: PathBuf,
    text: Rc<Doc>,
    raw: ArticleFile,
    /// The body of a Markdown seed carrying its own metadata.
    md_body: Option<String>,
}
