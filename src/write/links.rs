//! The link check: every internal link and anchor of the generated site
//! must resolve, or the build fails before anything is swapped in. It runs
//! on the files in memory, so it costs no extra reads.

use crate::error::Error;
use std::collections::{HashMap, HashSet};

/// Checks every `href` and `src` of the HTML files among `files` (path →
/// bytes) against the set of paths and the `id`s of each page. `extra` are
/// paths that exist without being in memory (copied static files).
/// `root_path` is the URL path the site is served under ("/sub/"), for the
/// absolute links of the 404 page.
pub fn check(files: &[(&str, &[u8])], extra: &HashSet<String>, root_path: &str) -> Vec<Error> {
    let paths: HashSet<&str> = files
        .iter()
        .map(|(p, _)| *p)
        .chain(extra.iter().map(String::as_str))
        .collect();
    let html: Vec<(&str, &str)> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .filter_map(|(p, b)| std::str::from_utf8(b).ok().map(|s| (*p, s)))
        .collect();
    let ids: HashMap<&str, HashSet<&str>> = html
        .iter()
        .map(|(p, s)| (*p, attr_values(s, "id").collect()))
        .collect();

    let mut errors = Vec::new();
    for (page, text) in &html {
        let dir = match page.rfind('/') {
            Some(i) => &page[..=i],
            None => "",
        };
        for target in attr_values(text, "href").chain(attr_values(text, "src")) {
            if let Some(problem) = resolve(target, dir, page, root_path, &paths, &ids) {
                let e = Error::BrokenLink {
                    page: page.to_string(),
                    target: format!("{target}{problem}"),
                };
                if !errors.contains(&e) {
                    errors.push(e);
                }
            }
        }
    }
    errors
}

/// None when the link is fine (or not ours to check); otherwise what is wrong.
fn resolve(
    target: &str,
    dir: &str,
    page: &str,
    root_path: &str,
    paths: &HashSet<&str>,
    ids: &HashMap<&str, HashSet<&str>>,
) -> Option<&'static str> {
    let target = decode_entities(target);
    let t = target.as_str();
    if t.is_empty() {
        return Some(" (empty link)");
    }
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:")
    {
        return None;
    }
    if t.starts_with("//") || lower.contains("javascript:") || lower.starts_with("data:") {
        return Some(" (not an allowed link)");
    }
    let (path_part, fragment) = match t.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (t, None),
    };
    let path_part = path_part.split('?').next().unwrap_or("");
    let resolved: String = if path_part.is_empty() {
        page.to_string()
    } else if let Some(abs) = path_part.strip_prefix('/') {
        match ("/".to_string() + abs).strip_prefix(root_path) {
            Some(rest) => match normalize(rest) {
                Some(p) => p,
                None => return Some(" (outside the site)"),
            },
            None => return Some(" (outside the site)"),
        }
    } else {
        match normalize(&format!("{dir}{path_part}")) {
            Some(p) => p,
            None => return Some(" (outside the site)"),
        }
    };
    let resolved = if resolved.is_empty() || resolved.ends_with('/') {
        format!("{resolved}index.html")
    } else {
        resolved
    };
    if !paths.contains(resolved.as_str()) {
        return Some(" (no such page)");
    }
    if let Some(f) = fragment.filter(|f| !f.is_empty()) {
        if let Some(page_ids) = ids.get(resolved.as_str()) {
            if !page_ids.contains(f) {
                return Some(" (no such anchor)");
            }
        }
    }
    None
}

/// Resolves `.` and `..`; None when the path climbs out of the site.
fn normalize(p: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
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

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// Values of `name="…"` attributes, in a document we generated ourselves
/// (double-quoted attributes, escaped values), so a scan is enough.
fn attr_values<'a>(html: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let needle_len = name.len() + 2;
    let mut from = 0;
    std::iter::from_fn(move || {
        loop {
            let i = html[from..].find(name)? + from;
            from = i + needle_len;
            let bytes = html.as_bytes();
            let preceded = i > 0 && (bytes[i - 1] == b' ' || bytes[i - 1] == b'\n');
            if !preceded || !html[i + name.len()..].starts_with("=\"") {
                from = i + 1;
                continue;
            }
            let start = i + needle_len;
            let end = html[start..].find('"')? + start;
            from = end + 1;
            return Some(&html[start..end]);
        }
    })
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
