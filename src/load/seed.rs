//! Turning a seed file (text as pasted from the web) into clean blocks.
//! Seeds are the users' data and are never edited: everything that is
//! noise in them (credits, bylines, "Autres articles") is dropped here, by
//! rules the dossier declares.

use crate::error::{Error, Loc};
use crate::model::{Block, BlockKind};
use crate::text::{clean_line, markdown_blocks};
use regex::Regex;
use std::path::Path;

/// A compiled `boilerplate:` rule from dossier.yaml.
#[derive(Debug, Clone)]
pub enum Rule {
    Line(String),
    Contains(String),
    Prefix(String),
    Pattern(Regex),
}

/// Longest line that can still be a subheading.
const HEADING_MAX_CHARS: usize = 120;

/// Decodes a seed's bytes: UTF-8 required (with the offset of the first bad
/// byte otherwise), BOM and CR dropped.
pub fn decode(file: &Path, bytes: Vec<u8>) -> Result<String, Error> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        let col = offset
            - bytes[..offset]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1)
            + 1;
        Error::NotUtf8 {
            at: Loc::at(file, line, col),
            offset,
        }
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    })
}

/// Plain-text seed → blocks.
pub fn text_blocks(text: &str, rules: &[Rule], title: &str) -> Vec<Block> {
    let mut lines: Vec<String> = text
        .lines()
        .filter_map(|l| apply_rules(&clean_line(l), rules))
        .collect();
    if lines.first().is_some_and(|first| same_title(first, title)) {
        lines.remove(0);
    }
    let n = lines.len();
    lines
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let kind = if i + 1 < n && looks_like_heading(&text) {
                BlockKind::Heading
            } else {
                BlockKind::Paragraph
            };
            Block { kind, text }
        })
        .collect()
}

/// Markdown seed body → one block per top-level Markdown block. Boilerplate
/// rules apply to whole-line paragraphs here too.
pub fn markdown_seed_blocks(body: &str, rules: &[Rule]) -> Vec<Block> {
    markdown_blocks(body)
        .into_iter()
        .filter_map(|(source, text, _heading)| {
            let text = clean_line(&text);
            if !text.is_empty() && apply_rules(&text, rules).is_none() {
                return None;
            }
            Some(Block {
                kind: BlockKind::Markdown(source),
                text,
            })
        })
        .collect()
}

/// Returns the line as the rules leave it, or None when it is dropped.
fn apply_rules(line: &str, rules: &[Rule]) -> Option<String> {
    let mut line = std::borrow::Cow::Borrowed(line);
    for rule in rules {
        match rule {
            Rule::Line(s) if line.trim() == s.trim() => return None,
            Rule::Contains(s) if line.contains(s.as_str()) => return None,
            Rule::Prefix(s) if line.starts_with(s.as_str()) => return None,
            Rule::Pattern(re) => {
                if let std::borrow::Cow::Owned(s) = re.replace_all(&line, "") {
                    line = std::borrow::Cow::Owned(s.trim().to_string());
                }
            }
            _ => {}
        }
    }
    (!line.trim().is_empty()).then(|| line.into_owned())
}

/// A headline pasted at the top of the text is the title we already show.
fn same_title(line: &str, title: &str) -> bool {
    let norm = |s: &str| {
        s.trim()
            .trim_end_matches(['.', ' '])
            .to_lowercase()
            .replace('’', "'")
    };
    !title.is_empty() && norm(line) == norm(title)
}

/// Short, and not ending like a sentence.
fn looks_like_heading(line: &str) -> bool {
    if line.chars().count() > HEADING_MAX_CHARS {
        return false;
    }
    let trimmed = line.trim_end_matches(['»', '”', '"', ')', ' ', '\u{a0}', '\u{202f}']);
    !trimmed.ends_with(['.', '!', '?', '…', ';', ',', ':'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Vec<Rule> {
        vec![
            Rule::Line("Auteur/Autrice".into()),
            Rule::Contains("©".into()),
            Rule::Prefix("By ".into()),
            Rule::Pattern(Regex::new(r"^date \d{4}-\d{2}\s*").unwrap()),
        ]
    }

    #[test]
    fn cleaning_drops_boilerplate_and_title() {
        let text = "Le titre\n\nLégende. © Ministère\n date 2025-04 Les ministres sont là.\n\nUn intertitre\nTexte suivant.\nAuteur/Autrice\nBy Ibrahim\n";
        let b = text_blocks(text, &rules(), "Le titre");
        let texts: Vec<_> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Les ministres sont là.", "Un intertitre", "Texte suivant."]
        );
        assert_eq!(b[1].kind, BlockKind::Heading);
        assert_eq!(b[0].kind, BlockKind::Paragraph);
        // the last block is never a heading: nothing follows it
        assert_eq!(b[2].kind, BlockKind::Paragraph);
    }

    #[test]
    fn decode_reports_offset_and_accepts_bom_crlf() {
        let e = decode(Path::new("s.txt"), b"ab\ncd\xff".to_vec()).unwrap_err();
        assert_eq!(
            e,
            Error::NotUtf8 {
                at: Loc::at("s.txt", 2, 3),
                offset: 5
            }
        );
        let t = decode(Path::new("s.txt"), b"\xef\xbb\xbfa\r\nb\r\n".to_vec()).unwrap();
        assert_eq!(t, "a\nb\n");
    }

    #[test]
    fn quoted_subheading() {
        assert!(looks_like_heading("– « Partenariat gagnant-gagnant » –"));
        assert!(!looks_like_heading("Il a dit « oui. »"));
        assert!(!looks_like_heading("Une phrase."));
    }
}
