//! The link check: every internal link and anchor of the generated site
//! must resolve, or the build fails before anything is swapped in. It runs
//! on each page as it is rendered ([`Checker::page`]), keeping only what
//! the check needs: the set of paths, each page's `id`s, and the links to
//! an anchor of a page not seen yet. So it costs no extra reads, and its
//! memory does not grow with the size of the pages.

use crate::error::Error;
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

/// Checks every `href` and `src` of the HTML files among `files` (path →
/// bytes) against the set of paths and the `id`s of each page. `extra` are
/// paths that exist without being in memory (copied static files).
/// `root_path` is the URL path the site is served under ("/sub/"), for the
/// absolute links of the 404 page. (The build feeds a [`Checker`] page by
/// page instead.)
#[cfg(test)]
fn check(files: &[(&str, &[u8])], extra: &HashSet<String>, root_path: &str) -> Vec<Error> {
    let checker = Checker::new(
        files
            .iter()
            .map(|(p, _)| p.to_string())
            .chain(extra.iter().cloned()),
        root_path,
    );
    for (p, b) in files {
        if let Ok(s) = std::str::from_utf8(b) {
            checker.page(p, s);
        }
    }
    checker.finish()
}

/// The link check of one site, fed page by page from any thread.
pub struct Checker {
    /// Every path of the site, and its number.
    paths: HashMap<String, u32>,
    root_path: String,
    state: Mutex<State>,
}

/// A page (by number) and an anchor in it.
type Anchor = (u32, Box<str>);
/// The first page linking to an anchor, the link as written, its place.
type FirstLink = (u32, Box<str>, u32);

#[derive(Default)]
struct State {
    /// The `id`s of each HTML page seen so far.
    ids: HashMap<u32, HashSet<Box<str>>>,
    /// Links to an anchor of a page not seen yet: (page, anchor) → the
    /// first page linking there, the link as written, its place in that page.
    pending: HashMap<Anchor, FirstLink>,
    /// (page, place in page, target, what is wrong).
    broken: Vec<(u32, u32, String, &'static str)>,
}

/// What a link leads to.
enum Target<'t> {
    /// Nothing to check (an external link), or a page with no anchor asked.
    Fine,
    Broken(&'static str),
    /// A page of the site, and an anchor in it.
    Anchor(u32, &'t str),
}

impl Checker {
    pub fn new(paths: impl IntoIterator<Item = String>, root_path: &str) -> Checker {
        let paths = paths
            .into_iter()
            .enumerate()
            .map(|(i, p)| (p, i as u32))
            .collect();
        Checker {
            paths,
            root_path: root_path.to_string(),
            state: Mutex::new(State::default()),
        }
    }

    /// Checks the links of one generated file (only HTML files have any)
    /// and remembers its anchors.
    pub fn page(&self, page: &str, html: &str) {
        if !page.ends_with(".html") {
            return;
        }
        let Some(&me) = self.paths.get(page) else {
            return;
        };
        let dir = match page.rfind('/') {
            Some(i) => &page[..=i],
            None => "",
        };
        let (ids, links) = attrs(html);
        let ids: HashSet<Box<str>> = ids.into_iter().map(Box::from).collect();
        // Resolved outside the lock: the page's own work is parallel.
        let mut broken = Vec::new();
        let mut anchors: Vec<(u32, u32, Box<str>, &str)> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for (n, target) in links.into_iter().enumerate() {
            if !seen.insert(target) {
                continue;
            }
            let decoded = decode_entities(target);
            match self.resolve(&decoded, dir, me) {
                Target::Fine => {}
                Target::Broken(problem) => broken.push((me, n as u32, target.to_string(), problem)),
                Target::Anchor(p, f) => anchors.push((p, n as u32, Box::from(f), target)),
            }
        }
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.broken.extend(broken);
        for (p, n, f, target) in anchors {
            let known = if p == me { Some(&ids) } else { st.ids.get(&p) };
            match known {
                Some(page_ids) => {
                    if !page_ids.contains(&f) {
                        st.broken
                            .push((me, n, target.to_string(), " (no such anchor)"));
                    }
                }
                None => {
                    st.pending
                        .entry((p, f))
                        .and_modify(|first| {
                            if (me, n) < (first.0, first.2) {
                                *first = (me, Box::from(target), n);
                            }
                        })
                        .or_insert((me, Box::from(target), n));
                }
            }
        }
        // Links to this page that came before it are checked at the end.
        st.ids.insert(me, ids);
    }

    /// Every broken link, in the order of the paths given to
    /// [`Checker::new`] and of the links in each page, each once.
    pub fn finish(self) -> Vec<Error> {
        let st = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut broken = st.broken;
        for ((p, f), (page, target, n)) in st.pending {
            if st.ids.get(&p).is_some_and(|ids| !ids.contains(&f)) {
                broken.push((page, n, target.into(), " (no such anchor)"));
            }
        }
        broken.sort_by_key(|b| (b.0, b.1));
        let names: HashMap<u32, &str> = if broken.is_empty() {
            HashMap::new()
        } else {
            self.paths.iter().map(|(p, &i)| (i, p.as_str())).collect()
        };
        let mut seen = HashSet::new();
        broken
            .into_iter()
            .filter(|(page, _, target, problem)| seen.insert((*page, target.clone(), *problem)))
            .map(|(page, _, target, problem)| Error::BrokenLink {
                page: names[&page].to_string(),
                target: format!("{target}{problem}"),
            })
            .collect()
    }

    fn resolve<'t>(&self, t: &'t str, dir: &str, me: u32) -> Target<'t> {
        if t.is_empty() {
            return Target::Broken(" (empty link)");
        }
        // Schemes need a colon: most links (relative ones) have none.
        if t.contains(':') {
            let lower = t.to_ascii_lowercase();
            if lower.starts_with("http://")
                || lower.starts_with("https://")
                || lower.starts_with("mailto:")
            {
                return Target::Fine;
            }
            if lower.contains("javascript:") || lower.starts_with("data:") {
                return Target::Broken(" (not an allowed link)");
            }
        }
        if t.starts_with("//") {
            return Target::Broken(" (not an allowed link)");
        }
        let (path_part, fragment) = match t.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (t, None),
        };
        let path_part = path_part.split('?').next().unwrap_or("");
        let target = if path_part.is_empty() {
            me
        } else {
            let resolved = if let Some(abs) = path_part.strip_prefix('/') {
                match ("/".to_string() + abs).strip_prefix(self.root_path.as_str()) {
                    Some(rest) => normalize("", rest),
                    None => None,
                }
            } else {
                normalize(dir, path_part)
            };
            let Some(resolved) = resolved else {
                return Target::Broken(" (outside the site)");
            };
            let resolved = if resolved.is_empty() || resolved.ends_with('/') {
                format!("{resolved}index.html")
            } else {
                resolved
            };
            match self.paths.get(resolved.as_str()) {
                Some(&i) => i,
                None => return Target::Broken(" (no such page)"),
            }
        };
        match fragment.filter(|f| !f.is_empty()) {
            Some(f) => Target::Anchor(target, f),
            None => Target::Fine,
        }
    }
}

/// Resolves `.` and `..`; None when the path climbs out of the site.
fn normalize(dir: &str, p: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::with_capacity(8);
    for seg in dir.split('/').chain(p.split('/')) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if p.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return s.into();
    }
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .into()
}

/// The `id`, `href` and `src` values of a document we generated ourselves
/// (double-quoted attributes, escaped values, so `="` only ever stands
/// after an attribute name): one pass over the page for all three.
fn attrs(html: &str) -> (Vec<&str>, Vec<&str>) {
    let bytes = html.as_bytes();
    let (mut ids, mut links) = (Vec::new(), Vec::new());
    let mut from = 0;
    // Quotes are found with memchr; only one after `=` opens a value.
    while let Some(q) = html[from..].find('"').map(|q| q + from) {
        if q == 0 || bytes[q - 1] != b'=' {
            from = q + 1;
            continue;
        }
        let (i, start) = (q - 1, q + 1);
        let Some(end) = html[start..].find('"').map(|e| e + start) else {
            break;
        };
        from = end + 1;
        let named = |name: &str| {
            i > name.len()
                && &bytes[i - name.len()..i] == name.as_bytes()
                && matches!(bytes[i - name.len() - 1], b' ' | b'\n')
        };
        if named("id") {
            ids.push(&html[start..end]);
        } else if named("href") || named("src") {
            links.push(&html[start..end]);
        }
    }
    (ids, links)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(files: &[(&str, &str)]) -> Vec<String> {
        let f: Vec<(&str, &[u8])> = files.iter().map(|(p, s)| (*p, s.as_bytes())).collect();
        check(&f, &HashSet::new(), "/")
            .into_iter()
            .map(|e| e.to_string())
            .collect()
    }

    #[test]
    fn finds_broken_pages_and_anchors() {
        let errs = run(&[
            (
                "index.html",
                r##"<a href="a/index.html">x</a> <a href="a/index.html#p2">y</a> <a href="b/">z</a>"##,
            ),
            (
                "a/index.html",
                r##"<p id="p1"></p><a href="../index.html">h</a><a href="#p1">s</a><a href="https://x.org">e</a>"##,
            ),
        ]);
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].contains("a/index.html#p2") && errs[0].contains("anchor"));
        assert!(errs[1].contains("b/") && errs[1].contains("no such page"));
    }

    #[test]
    fn climbing_out_is_broken() {
        let errs = run(&[("index.html", r#"<a href="../x.html">x</a>"#)]);
        assert_eq!(errs.len(), 1);
    }

    #[test]
    fn absolute_links_under_root_path() {
        let f: Vec<(&str, &[u8])> = vec![
            (
                "404.html",
                br#"<a href="/sub/index.html">h</a><a href="/other/">o</a>"#,
            ),
            ("index.html", b""),
        ];
        let errs = check(&f, &HashSet::new(), "/sub/");
        assert_eq!(errs.len(), 1, "{errs:?}");
    }

    #[test]
    fn data_attributes_are_not_links() {
        let errs = run(&[(
            "index.html",
            r#"<div data-href="nowhere" data-id="x"></div>"#,
        )]);
        assert!(errs.is_empty());
    }
}
