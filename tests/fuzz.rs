//! Property tests on hostile input: whatever bytes a seed holds, whatever
//! text the YAML files hold, whatever names and texts the matcher is given,
//! the result is a value or an error, never a panic; and the matcher's hits
//! keep their promises (char boundaries, sorted, non-overlapping).
//!
//! The number of cases per property defaults to a small figure so the file
//! runs in seconds in debug; set `PROPTEST_CASES` to run more (or fewer),
//! e.g. `PROPTEST_CASES=2000 cargo test --release --test main -- fuzz::`.

use crate::fixture::{self, Dossier};
use dossier::analyse::matcher::Matcher;
use dossier::load::seed::{self, Rule};
use dossier::model::{Alias, Entity, SourceRef};
use proptest::prelude::*;
use proptest::test_runner::Config;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

/// `default` cases unless PROPTEST_CASES says otherwise; no regression
/// files written into the tree (a failure prints its minimal input).
fn config(default: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

// ----------------------------------------------------------------- seeds --

fn rules() -> Vec<Rule> {
    vec![
        Rule::Line("Read more".into()),
        Rule::Contains("©".into()),
        Rule::Prefix("By ".into()),
        Rule::Pattern(regex::Regex::new(r"^date \d{4}-\d{2}\s*").unwrap()),
        Rule::Pattern(regex::Regex::new(r"\s+$").unwrap()),
    ]
}

/// Bytes that look like a seed more often than pure noise does: text
/// pieces, line endings, a BOM, invalid sequences.
fn seedish_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        "[A-Za-zéÉ’' «»,.;:!?-]{0,40}".prop_map(String::into_bytes),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\r".to_vec()),
        Just("\u{feff}".as_bytes().to_vec()),
        Just(b"Read more".to_vec()),
        Just(b"date 2025-04 ".to_vec()),
        Just("e\u{301}\u{a0}\u{202f}\t".as_bytes().to_vec()),
        prop::collection::vec(any::<u8>(), 0..4),
    ];
    prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
}

fn check_blocks(text: &str, title: &str) -> Result<(), TestCaseError> {
    for b in seed::text_blocks(text, &rules(), title) {
        prop_assert!(!b.text.trim().is_empty(), "empty block from {text:?}");
        prop_assert!(!b.text.contains(['\n', '\r']), "line break in {:?}", b.text);
        prop_assert_eq!(b.text.nfc().collect::<String>(), b.text.clone());
    }
    let _ = seed::markdown_seed_blocks(text, &rules());
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn seed_reader_takes_any_bytes(bytes in prop_oneof![
        prop::collection::vec(any::<u8>(), 0..300),
        seedish_bytes(),
    ], title in "[A-Za-z é]{0,12}") {
        let valid = std::str::from_utf8(&bytes).map_err(|e| e.valid_up_to());
        match seed::decode(Path::new("seeds/x.txt"), bytes.clone()) {
            Ok(text) => {
                prop_assert!(valid.is_ok());
                // One BOM dropped, every line ending made `\n`.
                let raw = std::str::from_utf8(&bytes).unwrap();
                let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
                prop_assert_eq!(&text, &raw.replace("\r\n", "\n").replace('\r', "\n"));
                check_blocks(&text, &title)?;
            }
            Err(dossier::error::Error::NotUtf8 { at, offset }) => {
                prop_assert_eq!(Err(offset), valid);
                let before = &bytes[..offset];
                prop_assert_eq!(at.line, before.iter().filter(|&&b| b == b'\n').count() + 1);
                prop_assert!(at.column >= 1);
            }
            Err(other) => prop_assert!(false, "unexpected error {other:?}"),
        }
    }

    #[test]
    fn seed_reader_takes_any_text(text in any::<String>(), title in any::<String>()) {
        let decoded = seed::decode(Path::new("seeds/x.txt"), text.clone().into_bytes());
        prop_assert!(decoded.is_ok());
        check_blocks(&decoded.unwrap(), &title)?;
    }
}

// ------------------------------------------------------------------ YAML --

/// A scalar as YAML writes it, including the awkward ones.
fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z][a-z0-9-]{0,10}",
        "[A-Za-zé ]{0,12}",
        Just("2025-04-03".to_string()),
        Just("2025-02-30".to_string()),
        Just("~".to_string()),
        Just("null".to_string()),
        Just("true".to_string()),
        Just("-1.5e3".to_string()),
        Just("\"quoted \\\" \\u00e9\"".to_string()),
        Just("'single ''q'''".to_string()),
        Just("[[lavrov]]".to_string()),
        Just("\"[[nobody|x]]\"".to_string()),
        Just("*a".to_string()),
        Just("&a x".to_string()),
        Just("!!binary aGVsbG8=".to_string()),
        Just("|\n  block\n  text".to_string()),
        Just("../x".to_string()),
        Just("javascript:alert(1)".to_string()),
        Just("{}".to_string()),
        Just("[]".to_string()),
        Just(":".to_string()),
        Just("- -".to_string()),
        Just("\t".to_string()),
    ]
}

/// Keys the files use, typos and strangers.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "id",
            "name",
            "aliases",
            "fold",
            "summary",
            "description",
            "facts",
            "seed",
            "title",
            "date",
            "source",
            "url",
            "author",
            "language",
            "tags",
            "quotes",
            "starts",
            "speaker",
            "entities",
            "sources",
            "question",
            "statements",
            "article",
            "says",
            "quote",
            "kinds",
            "path",
            "label",
            "singular",
            "role",
            "boilerplate",
            "contains",
            "prefix",
            "pattern",
            "allow_html",
            "base_url",
            "titel",
            "<<",
        ])
        .prop_map(str::to_string),
        "[a-z]{1,6}",
    ]
}

/// YAML-shaped text: nested mappings and sequences, block and flow, with
/// the keys and scalars above, at shifting indentation.
fn yamlish() -> impl Strategy<Value = String> {
    let leaf = scalar();
    let node = leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec((key(), inner.clone()), 0..5).prop_map(|kv| {
                kv.into_iter()
                    .map(|(k, v)| {
                        if v.contains('\n') {
                            format!("{k}:\n  {}\n", v.replace('\n', "\n  "))
                        } else {
                            format!("{k}: {v}\n")
                        }
                    })
                    .collect::<String>()
            }),
            prop::collection::vec(inner.clone(), 0..5).prop_map(|items| {
                items
                    .into_iter()
                    .map(|v| format!("- {}\n", v.trim_end().replace('\n', "\n  ")))
                    .collect::<String>()
            }),
            prop::collection::vec(inner, 0..4).prop_map(|items| {
                let flat: Vec<String> = items
                    .into_iter()
                    .map(|v| v.trim().replace('\n', " "))
                    .collect();
                format!("[{}]", flat.join(", "))
            }),
        ]
    });
    (node, any::<bool>()).prop_map(|(t, crlf)| if crlf { t.replace('\n', "\r\n") } else { t })
}

/// Where the arbitrary text goes.
const TARGETS: &[&str] = &[
    "content/entities/people.yaml",
    "content/articles/talks.yaml",
    "content/dossier.yaml",
    "content/events.yaml",
    "content/claims.yaml",
    "content/pages/about.md",
    "seeds/notes.md",
];

fn check_survives(target: &str, contents: &[u8]) -> Result<(), TestCaseError> {
    let d = Dossier::new();
    d.write(target, contents);
    // A panic fails the property (proptest catches it and shrinks).
    if let Err(f) = dossier::check(&d.opts()) {
        prop_assert!(!f.errors.is_empty(), "a failure without errors");
        // Rendering the errors must not panic either.
        let _ = d.render(&f);
    }
    prop_assert!(!d.output().exists(), "check wrote the output");
    Ok(())
}

/// The fixture's own text of a target, to mutate.
fn original(target: &str) -> &'static str {
    match target {
        "content/entities/people.yaml" => fixture::PEOPLE_YAML,
        "content/articles/talks.yaml" => fixture::TALKS_YAML,
        "content/dossier.yaml" => fixture::DOSSIER_YAML,
        "content/events.yaml" => fixture::EVENTS_YAML,
        "content/claims.yaml" => fixture::CLAIMS_YAML,
        "content/pages/about.md" => fixture::ABOUT_MD,
        _ => "---\ntitle: Notes\ndate: 2025-04-06\nsource: { name: Wire }\n---\nLavrov met Diop.\n",
    }
}

/// One small edit of a text: what a hurried editor does to a good file.
#[derive(Debug, Clone)]
enum Edit {
    /// Delete `len` chars at a position (a fraction of the length).
    Delete(f64, usize),
    /// Insert text at a position.
    Insert(f64, String),
    /// Duplicate a line.
    DuplicateLine(f64),
    /// Change the indentation of a line by -2..=2 spaces.
    Indent(f64, i8),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0.0..1.0, 1usize..6).prop_map(|(p, n)| Edit::Delete(p, n)),
        (
            0.0..1.0,
            prop_oneof![
                scalar(),
                key().prop_map(|k| format!("{k}: ")),
                Just("\n".to_string())
            ]
        )
            .prop_map(|(p, t)| Edit::Insert(p, t)),
        (0.0..1.0).prop_map(Edit::DuplicateLine),
        (0.0..1.0, -2i8..=2).prop_map(|(p, n)| Edit::Indent(p, n)),
    ]
}

fn apply(text: &str, e: &Edit) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = |p: f64, n: usize| ((p * n as f64) as usize).min(n);
    match e {
        Edit::Delete(p, len) => {
            let i = at(*p, chars.len());
            let j = (i + len).min(chars.len());
            chars[..i].iter().chain(&chars[j..]).collect()
        }
        Edit::Insert(p, t) => {
            let i = at(*p, chars.len());
            let mut s: String = chars[..i].iter().collect();
            s.push_str(t);
            s.extend(&chars[i..]);
            s
        }
        Edit::DuplicateLine(p) | Edit::Indent(p, _) => {
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            if lines.is_empty() {
                return text.to_string();
            }
            let i = at(*p, lines.len() - 1);
            match e {
                Edit::DuplicateLine(_) => lines.insert(i, lines[i].clone()),
                Edit::Indent(_, n) if *n >= 0 => {
                    lines[i] = format!("{}{}", " ".repeat(*n as usize), lines[i])
                }
                Edit::Indent(_, n) => {
                    let strip = n.unsigned_abs() as usize;
                    let l = &lines[i];
                    let k = l.len() - l.trim_start_matches(' ').len();
                    lines[i] = l[k.min(strip)..].to_string();
                }
                Edit::Delete(..) | Edit::Insert(..) => unreachable!(),
            }
            lines.join("\n") + "\n"
        }
    }
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn edited_fixture_files_never_panic(
        target in prop::sample::select(TARGETS),
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let text = edits.iter().fold(original(target).to_string(), |t, e| apply(&t, e));
        check_survives(target, text.as_bytes())?;
    }

    #[test]
    fn yaml_shaped_input_never_panics(
        target in prop::sample::select(TARGETS),
        text in yamlish(),
    ) {
        let text = if target.ends_with(".md") {
            format!("---\n{text}---\nLavrov and Diop.\n")
        } else {
            text
        };
        check_survives(target, text.as_bytes())?;
    }

    #[test]
    fn arbitrary_text_in_yaml_files_never_panics(
        target in prop::sample::select(TARGETS),
        text in prop_oneof![any::<String>(), "[-:\\[\\]{}&*!|>'\"#%@` \n\ta-z]{0,120}"],
    ) {
        check_survives(target, text.as_bytes())?;
    }

    #[test]
    fn arbitrary_bytes_in_yaml_files_never_panic(
        target in prop::sample::select(TARGETS),
        bytes in prop::collection::vec(any::<u8>(), 0..200),
    ) {
        check_survives(target, &bytes)?;
    }
}

// --------------------------------------------------------------- matcher --

fn entity(ix: usize, name: String, aliases: Vec<(String, bool)>, fold: bool) -> Entity {
    Entity {
        id: format!("e{ix}"),
        kind: dossier::model::KindIx::new(0),
        name,
        aliases: aliases
            .into_iter()
            .map(|(text, fold)| Alias {
                text,
                fold,
                hidden: false,
            })
            .collect(),
        fold,
        summary: String::new(),
        description: String::new(),
        facts: Vec::new(),
        source: SourceRef::default(),
    }
}

/// Names and texts over a small alphabet, so that names do occur in the
/// texts, with the characters the matcher treats specially (apostrophes,
/// no-break spaces, combining accents, case, hyphens).
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[abAB][abéAB’' -]{0,5}",
        "[abAB]e\u{301}[ab]{0,2}",
        any::<String>(),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof!["[abéAB’' .,\u{a0}\u{202f}\u{301}-]{0,80}", any::<String>(),]
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn matcher_hits_are_sound(
        specs in prop::collection::vec(
            (name(), prop::collection::vec((name(), any::<bool>()), 0..3), any::<bool>()),
            0..6,
        ),
        texts in prop::collection::vec(text(), 1..4),
    ) {
        let entities: Vec<Entity> = specs
            .into_iter()
            .enumerate()
            .map(|(i, (n, a, f))| entity(i, n, a, f))
            .collect();
        let m = Matcher::new(&entities);
        for t in &texts {
            let hits = m.find(t);
            for h in &hits {
                prop_assert!(h.start < h.end && h.end <= t.len(), "{h:?} in {t:?}");
                prop_assert!(t.is_char_boundary(h.start) && t.is_char_boundary(h.end));
                prop_assert!(h.entity.get() < entities.len());
            }
            for w in hits.windows(2) {
                prop_assert!(w[0].end <= w[1].start, "overlap or disorder: {w:?} in {t:?}");
            }
        }
    }

    #[test]
    fn exact_ascii_hits_are_the_names(
        names in prop::collection::vec("[ab]{1,3}( [ab]{1,2})?", 1..5),
        t in "[ab .,]{0,60}",
    ) {
        let entities: Vec<Entity> = names
            .iter()
            .enumerate()
            .map(|(i, n)| entity(i, n.clone(), Vec::new(), false))
            .collect();
        let hits = Matcher::new(&entities).find(&t);
        for h in &hits {
            let found = &t[h.start..h.end];
            prop_assert_eq!(found, entities[h.entity.get()].name.as_str());
            // On word boundaries.
            let before = t[..h.start].chars().next_back();
            let after = t[h.end..].chars().next();
            prop_assert!(before.is_none_or(|c| !c.is_alphanumeric()));
            prop_assert!(after.is_none_or(|c| !c.is_alphanumeric()));
        }
        // Every standalone occurrence of a one-word name is covered by a hit.
        for n in names.iter().filter(|n| !n.contains(' ')) {
            for w in t.split(|c: char| !c.is_alphanumeric()) {
                if w == n {
                    let start = w.as_ptr() as usize - t.as_ptr() as usize;
                    prop_assert!(
                        hits.iter().any(|h| h.start <= start && start < h.end),
                        "{n:?} at {start} not found in {t:?}: {hits:?}"
                    );
                }
            }
        }
    }
}
