//! Text helpers shared by several stages. They live outside the stages so
//! that `load` (which extracts the plain text of Markdown blocks) and
//! `render` (which links mentions inside that Markdown) agree on the same
//! offsets without one reaching into the other.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use unicode_normalization::UnicodeNormalization;

/// The Markdown dialect used everywhere (tables, footnotes, strikethrough).
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

/// NFC, single spaces, trimmed: the form every block of text is analysed in.
/// No-break spaces (French typography puts them inside « ») are kept, as
/// they are part of the text; every other run of white space becomes one
/// ordinary space.
pub fn clean_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    // The space a run of white space becomes: a no-break one if the run
    // had one (typography wanted it), else an ordinary one.
    let mut space: Option<char> = None;
    for c in line.nfc() {
        if c.is_whitespace() || c.is_control() {
            let nb = matches!(c, '\u{a0}' | '\u{202f}');
            space = match space {
                Some(s) if s != ' ' => Some(s),
                _ if nb => Some(c),
                _ => Some(' '),
            };
        } else {
            if let Some(s) = space.take() {
                if !out.is_empty() {
                    out.push(s);
                }
            }
            out.push(c);
        }
    }
    out
}

/// Characters no HTML or XML document may carry (C0 controls but tab,
/// newline and carriage return; DEL; C1 controls; noncharacters).
pub fn is_forbidden_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || ('\u{fdd0}'..='\u{fdef}').contains(&c)
        || (c as u32 & 0xfffe) == 0xfffe
}

/// `bytes` (UTF-8) without [`is_forbidden_char`] characters, when it had
/// any. Applied to every HTML and XML file written: entity names, titles
/// and YAML escapes (`"\0"`, `"\a"`, `"\uFFFE"`) reach the pages through
/// the templates, which escape markup but not these.
pub fn strip_forbidden(bytes: &[u8]) -> Option<Vec<u8>> {
    strip_forbidden_str(std::str::from_utf8(bytes).ok()?).map(String::into_bytes)
}

/// [`strip_forbidden`] for text already known to be UTF-8.
pub fn strip_forbidden_str(s: &str) -> Option<String> {
    if !may_have_forbidden(s) {
        return None;
    }
    Some(s.chars().filter(|&c| !is_forbidden_char(c)).collect())
}

/// A byte scan that rules out [`is_forbidden_char`] without decoding: every
/// such character is an ASCII control, or starts with 0xC2 (C1 controls),
/// 0xEF (U+FDD0–U+FDEF, U+FFFE, U+FFFF) or 0xF0–0xF4 (the other planes'
/// noncharacters). Only those lead bytes are decoded.
fn may_have_forbidden(s: &str) -> bool {
    let b = s.as_bytes();
    // A branch-free test per 64-byte chunk (vectorised), the exact one
    // only in chunks that have a suspect byte.
    let suspect = |x: u8| {
        (x < 0x20 && x != b'\t' && x != b'\n' && x != b'\r')
            | (x == 0x7f)
            | (x == 0xc2)
            | (x >= 0xef)
    };
    b.chunks(64).enumerate().any(|(k, chunk)| {
        chunk.iter().fold(false, |acc, &x| acc | suspect(x))
            && chunk.iter().enumerate().any(|(j, &x)| match x {
                b'\t' | b'\n' | b'\r' => false,
                0..=0x1f | 0x7f => true,
                0xc2 | 0xef | 0xf0..=0xf4 => s[k * 64 + j..]
                    .chars()
                    .next()
                    .is_some_and(is_forbidden_char),
                _ => false,
            })
    })
}

/// Whether a Markdown event contributes to the plain text of its block, and
/// what it contributes. `load` and `render` both walk events with this, so a
/// byte offset in the plain text means the same thing to both.
pub fn plain_piece<'a>(ev: &'a Event<'a>) -> Option<&'a str> {
    match ev {
        Event::Text(t) | Event::Code(t) => Some(t),
        Event::SoftBreak | Event::HardBreak => Some(" "),
        _ => None,
    }
}

/// Splits a Markdown document into its top-level blocks: (source, plain
/// text, is a heading). Code blocks get no plain text: names in code are not
/// mentions.
pub fn markdown_blocks(src: &str) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0usize;
    let mut text = String::new();
    let mut heading = false;
    let mut in_code = false;
    for (ev, range) in Parser::new_ext(src, markdown_options()).into_offset_iter() {
        match &ev {
            Event::Start(tag) => {
                if depth == 0 {
                    start = range.start;
                    text.clear();
                    heading = matches!(tag, Tag::Heading { .. });
                }
                if matches!(tag, Tag::CodeBlock(_)) {
                    in_code = true;
                }
                depth += 1;
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                if matches!(tag, TagEnd::CodeBlock) {
                    in_code = false;
                }
                if matches!(tag, TagEnd::Paragraph | TagEnd::Item) {
                    text.push(' ');
                }
                if depth == 0 {
                    let source = src[start..range.end].trim_end().to_string();
                    out.push((source, text.trim_end().to_string(), heading));
                }
            }
            Event::Rule if depth == 0 => {
                out.push((src[range].to_string(), String::new(), false));
            }
            _ => {
                if !in_code {
                    if let Some(p) = plain_piece(&ev) {
                        text.push_str(p);
                    }
                }
            }
        }
    }
    out
}

/// Splits YAML front matter (between `---` lines) from a Markdown file.
/// Returns (front matter, body); the front matter starts on the file's
/// second line, which callers pass to `yaml::parse_at`.
pub fn split_front_matter(src: &str) -> Option<(&str, &str)> {
    let rest = src
        .strip_prefix("---\n")
        .or_else(|| src.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Some((front, body));
        }
        offset += line.len();
    }
    None
}

/// Escapes text for HTML and XML, element content and double-quoted
/// attributes alike. Control characters are dropped: neither HTML nor XML
/// 1.0 may carry them, and one would make the page invalid for every tool.
pub fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{7f}' | '\u{fffe}' | '\u{ffff}' => {}
            _ => out.push(c),
        }
    }
}

/// [`escape_into`] a new string.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_into(&mut out, s);
    out
}

/// A `[[id]]` or `[[id|label]]` link found in Markdown source.
#[derive(Debug, PartialEq, Eq)]
pub struct WikiLink<'a> {
    /// Byte range of the whole `[[…]]`.
    pub range: std::ops::Range<usize>,
    pub id: &'a str,
    pub label: Option<&'a str>,
}

/// Every `[[…]]` link in `src`, in order, except inside code (a YAML
/// example in a code block shows the syntax; it links nothing).
pub fn wikilinks(src: &str) -> Vec<WikiLink<'_>> {
    if !src.contains("[[") {
        return Vec::new();
    }
    let code: Vec<std::ops::Range<usize>> = Parser::new_ext(src, markdown_options())
        .into_offset_iter()
        .filter(|(ev, _)| matches!(ev, Event::Code(_) | Event::Start(Tag::CodeBlock(_))))
        .map(|(_, r)| r)
        .collect();
    let mut out = Vec::new();
    // One pass: every byte is looked at once, whether or not an opening
    // `[[` is ever closed (a page of 80,000 unclosed ones stays linear),
    // and the code spans, in order, are walked alongside.
    let bytes = src.as_bytes();
    let mut code_ix = 0;
    let mut from = 0;
    let mut scanned = 0;
    while let Some(i) = src[from..].find("[[") {
        let start = from + i;
        scanned += i + 2;
        // The inside runs to the first `]]`; a newline or a `[` before it
        // means this is no link, and the next candidate starts there.
        let mut k = start + 2;
        let close = loop {
            match bytes.get(k) {
                None => break None,
                Some(b']') if bytes.get(k + 1) == Some(&b']') => break Some(k),
                Some(b'\n' | b'[') => break None,
                Some(_) => k += 1,
            }
        };
        scanned += k - (start + 2);
        let Some(j) = close else {
            if k >= bytes.len() {
                break;
            }
            from = k;
            continue;
        };
        let inner = &src[start + 2..j];
        let end = j + 2;
        while code.get(code_ix).is_some_and(|r| r.end <= start) {
            code_ix += 1;
        }
        let in_code = code[code_ix..]
            .iter()
            .take_while(|r| r.start <= start)
            .any(|r| start < r.end);
        if !in_code {
            let (id, label) = match inner.split_once('|') {
                Some((id, label)) => (id.trim(), Some(label.trim())),
                None => (inner.trim(), None),
            };
            out.push(WikiLink {
                range: start..end,
                id,
                label,
            });
            from = end;
        } else {
            from = start + 2;
        }
    }
    crate::work::add(&crate::work::WIKILINK_BYTES, scanned);
    out
}

/// Markdown as plain text, for places that carry no markup (feeds):
/// `[[id|label]]` becomes its label and `[[id]]` whatever `name` gives for
/// the id; blocks are joined by a space.
pub fn markdown_plain(src: &str, name: impl Fn(&str) -> Option<String>) -> String {
    let mut expanded = String::with_capacity(src.len());
    let mut pos = 0;
    for w in wikilinks(src) {
        expanded.push_str(&src[pos..w.range.start]);
        match w.label.map(str::to_string).or_else(|| name(w.id)) {
            Some(label) => expanded.push_str(&label),
            None => expanded.push_str(w.id),
        }
        pos = w.range.end;
    }
    expanded.push_str(&src[pos..]);
    markdown_blocks(&expanded)
        .into_iter()
        .map(|(_, text, _)| text)
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The ids of every `[[…]]` link in `src`.
pub fn wikilink_ids(src: &str) -> impl Iterator<Item = &str> {
    wikilinks(src).into_iter().map(|w| w.id)
}

/// The one typography normaliser: what two texts must agree on to be "the
/// same words" whatever keyboard or page they were copied from. Curly and
/// modifier apostrophes become `'`, no-break and thin spaces a space,
/// Unicode hyphens `-`. The mention matcher, claim quotes, quote corrections
/// and quote attribution all compare through it.
pub fn unify_char(c: char) -> char {
    match c {
        '’' | '‘' | 'ʼ' | '′' => '\'',
        '\u{a0}' | '\u{202f}' | '\u{2009}' => ' ',
        '‐' | '‑' => '-',
        c => c,
    }
}

/// [`unify_char`] over a string.
pub fn unify(s: &str) -> String {
    s.chars().map(unify_char).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn wikilinks_parse() {
        let w = wikilinks("voir [[aes|l'AES]] et [[mali]], pas [[ x\n]]");
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].id, "aes");
        assert_eq!(w[0].label, Some("l'AES"));
        assert_eq!(w[1].id, "mali");
        assert_eq!(w[1].label, None);
        assert!(wikilinks("`[[x]]`\n\n```\n[[y]]\n```\n").is_empty());
    }

    use super::*;

    #[test]
    fn clean_collapses_spaces_and_composes() {
        assert_eq!(clean_line("  a \t b  "), "a b");
        assert_eq!(clean_line("e\u{301}te\u{301}"), "été");
        assert_eq!(clean_line("«\u{a0}x\u{a0}»"), "«\u{a0}x\u{a0}»");
        assert_eq!(clean_line("et \u{a0}l’AES"), "et\u{a0}l’AES");
    }

    #[test]
    fn plain_markdown() {
        let name = |id: &str| (id == "mali").then(|| "Mali".to_string());
        assert_eq!(
            markdown_plain("Le **[[mali]]** et l'[[aes|AES]].\n\nSuite.", name),
            "Le Mali et l’AES. Suite."
        );
    }

    #[test]
    fn forbidden_characters_found_by_the_byte_scan() {
        for c in [
            '\u{1}',
            '\u{7f}',
            '\u{85}',
            '\u{fdd0}',
            '\u{fffe}',
            '\u{1fffe}',
            '\u{10ffff}',
        ] {
            let s = format!("a « b » {c} c");
            assert_eq!(
                strip_forbidden(s.as_bytes()).as_deref(),
                Some("a « b »  c".as_bytes()),
                "{:?}",
                c
            );
        }
        assert_eq!(
            strip_forbidden("« é » \u{a0}\t\n ok 😀 \u{fffd}".as_bytes()),
            None
        );
    }

    #[test]
    fn escaping() {
        assert_eq!(escape("a<b>&\"c'\u{1}d"), "a&lt;b&gt;&amp;&quot;c&#39;d");
    }

    #[test]
    fn front_matter() {
        let (f, b) = split_front_matter("---\ntitle: x\n---\nbody\n").unwrap();
        assert_eq!(f, "title: x\n");
        assert_eq!(b, "body\n");
        assert!(split_front_matter("no front").is_none());
    }

    #[test]
    fn blocks_keep_plain_text() {
        let b = markdown_blocks("# Titre\n\nUn *mot* et `code`.\n\n```yaml\nx: 1\n```\n");
        assert_eq!(b.len(), 3);
        assert_eq!(b[0].1, "Titre");
        assert!(b[0].2);
        assert_eq!(b[1].1, "Un mot et code.");
        assert_eq!(b[2].1, "");
    }
}
