//! Which file a request target names, if any. The server serves files
//! under its output folder and nothing else: every form of leaving it
//! (`..`, `%2e%2e`, encoded slashes or backslashes, empty segments that
//! would make an absolute path, NUL, an absolute-form target, a symlink
//! leading out) is a miss, and so are hidden files (`.dossier-output`).

use std::path::{Path, PathBuf};

#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A file to send.
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect there, so
    /// its relative links resolve.
    Redirect(String),
    NotFound,
}

/// Resolves a request target (`/articles/x/?q=1`) against `root`, the
/// output folder (canonical: see [`canonical_root`]).
pub fn resolve(root: &Path, target: &str) -> Resolved {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let Some(segments) = segments(path) else {
        return Resolved::NotFound;
    };
    let mut file = root.to_path_buf();
    for s in &segments {
        file.push(s);
    }
    // Symlinks are followed, then the result must still lie inside.
    let Ok(real) = std::fs::canonicalize(&file) else {
        return Resolved::NotFound;
    };
    if !real.starts_with(root) {
        return Resolved::NotFound;
    }
    if real.is_dir() {
        if !path.ends_with('/') {
            return Resolved::Redirect(format!("{path}/"));
        }
        let Ok(index) = std::fs::canonicalize(real.join("index.html")) else {
            return Resolved::NotFound;
        };
        if !index.starts_with(root) || !index.is_file() {
            return Resolved::NotFound;
        }
        return Resolved::File(index);
    }
    if real.is_file() {
        Resolved::File(real)
    } else {
        Resolved::NotFound
    }
}

/// The decoded segments of a path, or `None` if the path tries to leave
/// the root or is malformed.
fn segments(path: &str) -> Option<Vec<String>> {
    // Origin-form only: "http://host/..." and "*" are not ours.
    let rest = path.strip_prefix('/')?;
    let lower = rest.to_ascii_lowercase();
    // Encoded separators never name a file here; refusing them before
    // decoding means no decoded text can carry a separator.
    if lower.contains("%2f") || lower.contains("%5c") || rest.contains('\\') {
        return None;
    }
    let mut out = Vec::new();
    let parts: Vec<&str> = rest.split('/').collect();
    for (i, raw) in parts.iter().enumerate() {
        if raw.is_empty() {
            // Only a trailing slash (or the root itself) may be empty:
            // "//etc/passwd" or "a//b" is not a path we make.
            if i + 1 == parts.len() {
                continue;
            }
            return None;
        }
        let s = percent_decode(raw)?;
        if s.is_empty() || s.starts_with('.') || s.contains(['/', '\\', '\0']) || s.contains(':') {
            return None;
        }
        out.push(s);
    }
    Some(out)
}

/// `%XX` decoding into UTF-8; `None` on a bad escape or bad UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The Content-Type for a file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "wasm" => "application/wasm",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        // Pagefind's index, fragments, filters and its compressed WebAssembly
        // are gzip data its scripts fetch and decode.
        "pagefind" | "pf_meta" | "pf_index" | "pf_fragment" | "pf_filter" => {
            "application/octet-stream"
        }
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaving_forms_have_no_segments() {
        for bad in [
            "/../etc/passwd",
            "/a/../../etc",
            "/%2e%2e/etc",
            "/%2E%2E/etc",
            "/.%2e/etc",
            "/a%2f..%2f..%2fetc",
            "/a%2F..",
            "/..%5c..%5cetc",
            "/a\\..\\etc",
            "//etc/passwd",
            "/a//b",
            "http://example.org/",
            "etc/passwd",
            "/%00",
            "/a%00.html",
            "/.dossier-output",
            "/%ff",
            "/%2",
            "/C:/Windows",
        ] {
            assert_eq!(segments(bad), None, "{bad}");
        }
        assert_eq!(segments("/"), Some(vec![]));
        assert_eq!(
            segments("/personnes/serguei-lavrov/"),
            Some(vec!["personnes".into(), "serguei-lavrov".into()])
        );
        assert_eq!(segments("/a%20b.html"), Some(vec!["a b.html".into()]));
    }
}
