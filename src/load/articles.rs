//! Articles: `content/articles/*.yaml` and Markdown seeds with front
//! matter, each with its seed cleaned into blocks.

use super::*;

/// What the article pass keeps from one article to the next.
#[derive(Default)]
struct Seen {
    /// Article ids so far, with their files.
    ids: BTreeMap<String, PathBuf>,
    /// Seeds used so far, with the article file using each.
    seeds_used: HashMap<PathBuf, PathBuf>,
    /// Every file in seeds/, to suggest a name for a mistyped `seed:` and
    /// to warn about the ones no article uses.
    seed_files: Vec<String>,
}

/// An article's metadata, checked.
struct Meta {
    title: String,
    date: Option<Date>,
    source: Source,
    language: Lang,
}

impl Cx {
    pub(super) fn articles(
        &mut self,
        rules: &[seed::Rule],
        lang: Lang,
        refs: &Refs,
    ) -> Vec<Article> {
        // Every id an article file claims, loaded or not (see `broken_articles`).
        let mut claimed: Vec<String> = Vec::new();
        // Seeds named by article files that could not be read: not
        // reported as unused on top of their file's error.
        let mut broken_seeds: HashSet<String> = HashSet::new();
        let mut inputs = self.article_files(&mut claimed, &mut broken_seeds);
        let mut seen = Seen {
            seed_files: self
                .list("seeds", SEED_LIKE)
                .iter()
                .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .collect(),
            ..Seen::default()
        };
        // Markdown seeds may carry their metadata themselves.
        let described: HashSet<String> = inputs
            .iter()
            .filter_map(|i| i.raw.seed.as_ref().map(|s| s.to_string()))
            .collect();
        inputs.extend(self.markdown_seeds(&described, &mut claimed));
        let mut articles: Vec<Article> = inputs
            .into_iter()
            .filter_map(|input| self.article(input, rules, lang, refs, &mut seen))
            .collect();
        self.warn_unused_seeds(&seen, &described, &broken_seeds);
        let loaded: HashSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
        self.broken_articles = claimed
            .into_iter()
            .filter(|id| !loaded.contains(id.as_str()))
            .collect();
        articles.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
        articles
    }

    /// `content/articles/*.yaml`, parsed.
    fn article_files(
        &mut self,
        claimed: &mut Vec<String>,
        broken_seeds: &mut HashSet<String>,
    ) -> Vec<ArticleInput> {
        let mut inputs = Vec::new();
        for path in self.list("content/articles", &["yaml", "yml"]) {
            claimed.extend(stem(&path));
            let Some(text) = self.read(&path) else {
                continue;
            };
            let Some((raw, keys)): Option<(ArticleFile, _)> = self.parse_keyed(&path, &text) else {
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
                keys,
                md_body: None,
            });
        }
        inputs
    }

    /// Markdown seeds no article file describes: with front matter, they
    /// are articles; without, a warning.
    fn markdown_seeds(
        &mut self,
        described: &HashSet<String>,
        claimed: &mut Vec<String>,
    ) -> Vec<ArticleInput> {
        let mut inputs = Vec::new();
        for path in self.list("seeds", &["md", "markdown"]) {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if described.contains(&name) {
                continue;
            }
            let Some(text) = self.read(&path) else {
                claimed.extend(stem(&path));
                continue;
            };
            let Some((front, body)) = split_front_matter(&text) else {
                self.warnings.push(Warning::new(
                    "unpublished-seed",
                    &name,
                    Some(Loc::file(&path)),
                    "Markdown seed without front matter and without content/articles/ file: not published".into(),
                ));
                continue;
            };
            claimed.extend(stem(&path));
            match yaml::parse_keyed_at::<ArticleFile>(&path, front, 1) {
                Ok((mut raw, keys)) => {
                    raw.seed = Some(Spanned::new(marked_yaml::Span::new_blank(), name));
                    let md_body = Some(body.to_string());
                    inputs.push(ArticleInput {
                        path,
                        text: text.clone(),
                        raw,
                        keys,
                        md_body,
                    });
                }
                Err(e) => self.errors.push(e),
            }
        }
        inputs
    }

    /// One article, or `None` when it has an error (reported).
    fn article(
        &mut self,
        input: ArticleInput,
        rules: &[seed::Rule],
        lang: Lang,
        refs: &Refs,
        seen: &mut Seen,
    ) -> Option<Article> {
        let ArticleInput {
            path,
            text,
            mut raw,
            keys,
            md_body,
        } = input;
        let id = stem(&path).unwrap_or_default();
        self.article_id(&id, &path, seen)?;
        let meta = self.meta(&mut raw, &path, &text, &keys, lang);
        let tags = raw
            .tags
            .iter()
            .filter_map(|t| self.entity_ref(t, refs, || yaml::at(&path, &text, t)))
            .collect();
        let starts_at: Vec<Loc> = raw
            .quotes
            .iter()
            .map(|q| yaml::at(&path, &text, &q.starts))
            .collect();
        let quote_fixes = self.quote_fixes(&mut raw, refs, &path, &text);
        if let Some(s) = &raw.summary {
            self.summaries.insert(id.clone(), yaml::at(&path, &text, s));
        }
        // The dossier's cleaning rules, then the article's own.
        let own = std::mem::take(&mut raw.boilerplate);
        let own_rules;
        let rules: &[seed::Rule] = if own.is_empty() {
            rules
        } else {
            own_rules = rules
                .iter()
                .cloned()
                .chain(self.rules(
                    own,
                    &path,
                    &text,
                    keys.get("boilerplate").unwrap_or_else(|| Loc::file(&path)),
                ))
                .collect::<Vec<_>>();
            &own_rules
        };
        let (seed_rel, blocks) = self.seed_blocks(
            &id,
            raw.seed.take(),
            md_body,
            &path,
            &text,
            rules,
            &meta.title,
            seen,
        )?;
        self.check_quote_fixes(&id, &quote_fixes, &blocks, &starts_at);
        let (Some(date), false) = (meta.date, meta.title.is_empty()) else {
            return None;
        };
        Some(Article {
            id,
            seed: seed_rel,
            title: meta.title,
            date,
            source: meta.source,
            author: raw.author,
            language: meta.language,
            summary: raw.summary.map(yaml::take),
            tags,
            quote_fixes,
            blocks: blocks.into(),
        })
    }

    /// An article id must be a slug, and given once.
    fn article_id(&mut self, id: &str, path: &Path, seen: &mut Seen) -> Option<()> {
        if !is_slug(id) {
            self.errors.push(Error::BadId {
                at: Loc::file(path),
                value: id.to_string(),
            });
            return None;
        }
        if let Some(first) = seen.ids.insert(id.to_string(), path.to_path_buf()) {
            self.errors.push(Error::Duplicate {
                at: Loc::file(path),
                what: "article id",
                id: id.to_string(),
                first: Loc::file(first),
            });
            return None;
        }
        Some(())
    }

    /// Title, date, source and language, each checked (an error leaves an
    /// empty or default value, and the article out).
    fn meta(
        &mut self,
        raw: &mut ArticleFile,
        path: &Path,
        text: &Doc,
        keys: &yaml::Keys,
        lang: Lang,
    ) -> Meta {
        // A key written without a value: at its line; else the file.
        let key_or_file = |key: &str| keys.get(key).unwrap_or_else(|| Loc::file(path));
        let title = match raw.title.take() {
            Some(t) if !t.trim().is_empty() => crate::text::clean_line(&t),
            _ => {
                self.errors.push(Error::MissingKey {
                    at: key_or_file("title"),
                    key: "title",
                });
                String::new()
            }
        };
        let date = match &raw.date {
            Some(v) => {
                let date = Date::parse(v);
                if date.is_none() {
                    self.errors.push(Error::BadDate {
                        at: yaml::at(path, text, v),
                        value: v.to_string(),
                    });
                }
                date
            }
            None => {
                self.errors.push(Error::MissingKey {
                    at: key_or_file("date"),
                    key: "date",
                });
                None
            }
        };
        let source = match raw.source.take() {
            Some(s) => {
                if let Some(u) = &s.url {
                    self.check_url(u, path, text);
                }
                Source {
                    name: s.name,
                    url: s.url.map(yaml::take),
                }
            }
            None => {
                self.errors.push(Error::MissingKey {
                    at: key_or_file("source"),
                    key: "source",
                });
                Source {
                    name: String::new(),
                    url: None,
                }
            }
        };
        let language = match raw.language.as_ref() {
            Some(code) => self.language(code, path, text),
            None => lang,
        };
        Meta {
            title,
            date,
            source,
            language,
        }
    }

    /// The article's `quotes:` corrections, speakers resolved.
    fn quote_fixes(
        &mut self,
        raw: &mut ArticleFile,
        refs: &Refs,
        path: &Path,
        text: &Doc,
    ) -> Vec<QuoteFix> {
        std::mem::take(&mut raw.quotes)
            .into_iter()
            .map(|q| QuoteFix {
                speaker: q
                    .speaker
                    .as_ref()
                    .and_then(|s| self.entity_ref(s, refs, || yaml::at(path, text, s))),
                starts: crate::text::clean_line(&q.starts),
            })
            .collect()
    }

    /// The article's text: its seed (or its own Markdown body) read
    /// through the text cache and cleaned into blocks. `None` when the seed
    /// is missing, unreadable or empty (reported).
    #[allow(clippy::too_many_arguments)]
    fn seed_blocks(
        &mut self,
        id: &str,
        seed_name: Option<Spanned<String>>,
        md_body: Option<String>,
        path: &Path,
        text: &Doc,
        rules: &[seed::Rule],
        title: &str,
        seen: &mut Seen,
    ) -> Option<(PathBuf, Vec<Block>)> {
        let Some(seed_name) = seed_name else {
            self.errors.push(Error::MissingKey {
                at: Loc::file(path),
                key: "seed",
            });
            return None;
        };
        // The seed's place, made only when there is something to report.
        let at = || yaml::at(path, text, &seed_name);
        let seed_rel = self.seed_path(id, &seed_name, path, &at, seen)?;
        let blocks = match md_body {
            Some(body) => seed::markdown_seed_blocks(&body, rules),
            None => self.read_seed(&seed_name, &seed_rel, &at, seen, rules, title)?,
        };
        if blocks.iter().all(|b| b.text.trim().is_empty()) {
            self.errors.push(Error::EmptySeed {
                at: Loc::file(&seed_rel),
            });
            return None;
        }
        Some((seed_rel, blocks))
    }

    /// `seeds/NAME` for the article's `seed: NAME`, refused when it leaves
    /// seeds/; a seed two articles share is a warning (and used by both).
    fn seed_path(
        &mut self,
        id: &str,
        seed_name: &str,
        article: &Path,
        at: &impl Fn() -> Loc,
        seen: &mut Seen,
    ) -> Option<PathBuf> {
        if seed_name.contains("..") || Path::new(seed_name).is_absolute() {
            self.errors.push(Error::SeedOutside {
                at: at(),
                seed: seed_name.to_string(),
            });
            return None;
        }
        let seed_rel = Path::new("seeds").join(seed_name);
        if let Some(other) = seen
            .seeds_used
            .insert(seed_rel.clone(), article.to_path_buf())
        {
            self.warnings.push(Warning::new(
                "shared-seed",
                id,
                Some(at()),
                format!(
                    "seed {} is also used by {}",
                    seed_rel.display(),
                    other.display()
                ),
            ));
        }
        Some(seed_rel)
    }

    /// The seed file `seed_rel` read and cleaned into blocks: as Markdown
    /// (its front matter skipped) or as text. `None` when it is missing or
    /// unreadable (reported), or excluded by the loader (already said).
    fn read_seed(
        &mut self,
        seed_name: &str,
        seed_rel: &Path,
        at: &impl Fn() -> Loc,
        seen: &Seen,
        rules: &[seed::Rule],
        title: &str,
    ) -> Option<Vec<Block>> {
        let seed = match self.read_named(seed_rel) {
            Ok(Some(doc)) => doc,
            Ok(None) => return None,
            Err(files::Problem::Missing) => {
                self.errors.push(Error::MissingSeed {
                    at: at(),
                    seed: seed_rel.to_path_buf(),
                    suggestion: suggest(seed_name, seen.seed_files.iter().map(String::as_str)),
                });
                return None;
            }
            Err(p) => {
                self.errors.push(p.error(seed_rel, at()));
                return None;
            }
        };
        let markdown = seed_rel
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown");
        Some(if markdown {
            let body = split_front_matter(&seed).map_or(&seed[..], |(_, b)| b);
            seed::markdown_seed_blocks(body, rules)
        } else {
            seed::text_blocks(&seed, rules, title)
        })
    }

    /// A warning for each file in seeds/ no article uses.
    fn warn_unused_seeds(
        &mut self,
        seen: &Seen,
        described: &HashSet<String>,
        broken_seeds: &HashSet<String>,
    ) {
        for name in &seen.seed_files {
            let rel = Path::new("seeds").join(name);
            let md = name.ends_with(".md") || name.ends_with(".markdown");
            if seen.seeds_used.contains_key(&rel)
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
        starts_at: &[Loc],
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
                self.errors.push(Error::QuoteFixMatch {
                    at: starts_at[i].clone(),
                    article: article.to_string(),
                    starts: f.starts.clone(),
                    count,
                });
            }
        }
    }

    pub(super) fn check_url(&mut self, url: &Spanned<String>, file: &Path, text: &Doc) {
        let lower = url.trim().to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            self.errors.push(Error::BadUrl {
                at: yaml::at(file, text, url),
                url: url.to_string(),
            });
        }
    }
}

/// A file's name without its extension.
fn stem(p: &Path) -> Option<String> {
    p.file_stem().map(|s| s.to_string_lossy().into_owned())
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
    /// Where its top-level keys are written.
    keys: yaml::Keys,
    /// The body of a Markdown seed carrying its own metadata.
    md_body: Option<String>,
}
