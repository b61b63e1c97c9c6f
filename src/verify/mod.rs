//! The validation of the generated site, one step that `build` and `check`
//! both run (issue 10): before anything is rendered, no generated path may
//! lead outside the output and no static file may replace a generated
//! one; then every page, as it is rendered, has its links and anchors
//! checked ([`Site::page`]); [`Site::finish`] reports what is left. It
//! reads and writes nothing: `check` renders and verifies without writing,
//! `build` writes each verified page into its staging folder
//! ([`crate::write::Staging`]) and swaps it in only when this step found
//! nothing.

mod links;

pub use links::Checker;

use crate::error::Error;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The site being verified: its paths, and the link check fed page by page.
pub struct Site {
    links: Checker,
}

impl Site {
    /// Checks the paths before anything is rendered. `generated`: every
    /// file the build makes (pages, assets, data files); `reserved`:
    /// folders the build fills with files whose names are known only once
    /// made (the search index), which no static file may enter; `linkable`:
    /// files in those folders that pages link to; `statics`: (site path,
    /// file) of `static/`; `root_path`: the URL path the site is served
    /// under, for the 404 page's absolute links. Every collision is
    /// reported, each as an error located at the static file.
    pub fn new(
        generated: &[&str],
        reserved: &[&str],
        linkable: &[&str],
        statics: &[(String, PathBuf)],
        root_path: &str,
    ) -> Result<Site, Vec<Error>> {
        for p in generated {
            // Paths are ours, but a bug must never write outside the output.
            if !crate::write::is_inside(p) {
                return Err(vec![Error::Write {
                    path: PathBuf::from(p),
                    message: "refusing a path outside the output folder".into(),
                }]);
            }
        }
        let taken: HashSet<&str> = generated.iter().copied().collect();
        let mut errors = Vec::new();
        for (p, _) in statics {
            let in_reserved = reserved
                .iter()
                .any(|r| p.strip_prefix(r).is_some_and(|rest| rest.starts_with('/')));
            if taken.contains(p.as_str()) || in_reserved {
                errors.push(Error::BadStatic {
                    at: crate::error::Loc::file(Path::new("static").join(p)),
                    problem: crate::error::StaticProblem::OverGenerated,
                });
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let links = Checker::new(
            generated
                .iter()
                .chain(linkable)
                .map(|p| p.to_string())
                .chain(statics.iter().map(|(p, _)| p.clone())),
            root_path,
        );
        Ok(Site { links })
    }

    /// Verifies one generated file as it is rendered (only HTML pages have
    /// links), from any thread.
    pub fn page(&self, path: &str, html: &str) {
        self.links.page(path, html);
    }

    /// Every broken link and anchor, once all pages were seen.
    pub fn finish(self) -> Vec<Error> {
        self.links.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statics(paths: &[&str]) -> Vec<(String, PathBuf)> {
        paths
            .iter()
            .map(|p| (p.to_string(), PathBuf::from("/x").join(p)))
            .collect()
    }

    #[test]
    fn static_files_may_not_replace_generated_ones() {
        let errs = Site::new(
            &["index.html", "a/index.html"],
            &["pagefind"],
            &[],
            &statics(&["a/index.html", "pagefind/x.js", "pagefind.txt", "b.png"]),
            "/",
        )
        .err()
        .expect("two collisions");
        let at: Vec<String> = errs
            .iter()
            .map(|e| match e {
                Error::BadStatic {
                    at,
                    problem: crate::error::StaticProblem::OverGenerated,
                } => at.file.display().to_string(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(at, ["static/a/index.html", "static/pagefind/x.js"]);
    }

    #[test]
    fn links_into_a_reserved_folder_resolve_when_announced() {
        let site = Site::new(
            &["index.html"],
            &["pagefind"],
            &["pagefind/ui.js"],
            &[],
            "/",
        )
        .unwrap_or_else(|_| panic!("no collision"));
        site.page(
            "index.html",
            r#"<script src="pagefind/ui.js"></script><a href="pagefind/other.js">x</a>"#,
        );
        let errs = site.finish();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(
            matches!(&errs[0], Error::BrokenLink { target, .. } if target.starts_with("pagefind/other.js"))
        );
    }
}
