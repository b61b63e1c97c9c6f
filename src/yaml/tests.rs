use super::*;
use serde::Deserialize;

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct T {
    title: String,
    date: Option<Spanned<String>>,
}

fn err(text: &str) -> Error {
    parse::<serde_json::Value>(Path::new("d.yaml"), text).unwrap_err()
}

#[test]
fn unknown_field_has_line_and_expected() {
    let e = parse::<T>(Path::new("a.yaml"), "title: x\ntitel: y\n").unwrap_err();
    match e {
        Error::UnknownField {
            at,
            field,
            expected,
        } => {
            assert_eq!(field, "titel");
            assert_eq!((at.line, at.column), (2, 1));
            assert_eq!(expected, vec!["title", "date"]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn values_are_placed_by_the_parser_at_their_text() {
    let doc = Doc::new("title: x\ndate: \"2024\"\n".into());
    let t: T = parse(Path::new("a.yaml"), &doc).unwrap();
    let at = super::at(Path::new("a.yaml"), &doc, t.date.as_ref().unwrap());
    // Inside the quotes.
    assert_eq!((at.line, at.column), (2, 8));
    // Front matter: the file's own lines.
    let t: T = parse_at(Path::new("a.md"), "title: x\ndate: 2024\n", 1).unwrap();
    assert_eq!(t.date.unwrap().span().start().unwrap().line(), 3);
}

#[test]
fn a_key_without_a_value_is_no_value_but_keeps_its_place() {
    let (t, keys): (T, Keys) = parse_keyed(Path::new("a.yaml"), "title: x\ndate:\n").unwrap();
    assert!(t.date.is_none());
    assert_eq!(keys.get("date"), Some(Loc::at("a.yaml", 2, 1)));
    assert_eq!(keys.get("seed"), None);
    let (t, _): (T, Keys) = parse_keyed(Path::new("a.yaml"), "title: x\ndate: ~\n").unwrap();
    assert!(t.date.is_none());
    // Quoted, "null" is text.
    let (t, _): (T, Keys) = parse_keyed(Path::new("a.yaml"), "title: x\ndate: \"null\"\n").unwrap();
    assert_eq!(t.date.as_deref().map(String::as_str), Some("null"));
}

#[test]
fn a_duplicate_key_is_an_error_at_the_second() {
    let e = parse::<serde_json::Value>(
        Path::new("k.yaml"),
        "title: a\nkinds:\n  people: { path: p }\n  people: { path: q }\n",
    )
    .unwrap_err();
    let Error::Duplicate { at, first, id, .. } = e else {
        panic!("{e:?}")
    };
    assert_eq!(id, "people");
    assert_eq!((at.line, at.column), (4, 3));
    assert_eq!((first.line, first.column), (3, 3));
}

#[test]
fn malformed_yaml_has_line_and_column() {
    let e = err("title: [x\n\ndate: y\n");
    let at = e.location().unwrap();
    assert_eq!((at.line, at.column), (1, 8), "{e:?}");
}

#[test]
fn anchors_and_aliases_are_refused_at_the_first() {
    let mut s = String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    let mut prev = 'a';
    for c in 'b'..='k' {
        s.push_str(&format!(
            "{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
        prev = c;
    }
    let e = err(&s);
    assert!(e.to_string().contains("too much data"), "{e}");
    let at = e.location().unwrap();
    // At the anchored value.
    assert_eq!((at.line, at.column), (1, 7), "{e:?}");
    // An alias alone (its anchor undefined) too.
    let e = err("a: *b\n");
    assert!(matches!(e, Error::Yaml { .. }), "{e:?}");
    assert_eq!(e.location().unwrap().line, 1);
}

#[test]
fn deep_nesting_is_refused_before_the_tree_is_built() {
    for (head, open, close) in [
        ("title: ", "[", "]"),
        ("title: ", "{a: ", "}"),
        ("", "- ", ""),
    ] {
        let depth = 100_000;
        let text = format!("{head}{}x{}\n", open.repeat(depth), close.repeat(depth));
        let e = err(&text);
        assert!(e.to_string().contains("too deeply"), "{open}: {e}");
        let at = e.location().unwrap();
        assert_eq!(at.line, 1, "{open}: {e:?}");
    }
    // Just under the limit is fine.
    let ok = format!(
        "x: {}1{}\n",
        "[".repeat(MAX_DEPTH - 1),
        "]".repeat(MAX_DEPTH - 1)
    );
    parse::<serde_json::Value>(Path::new("d.yaml"), &ok).unwrap();
}

#[test]
fn a_second_document_is_an_error() {
    let e = err("title: a\n---\ntitle: b\n");
    assert_eq!(e.location().unwrap().line, 2, "{e:?}");
}

#[test]
fn doc_lines_are_str_lines() {
    for text in ["", "a", "a\n", "a\r\nb", "a\n\nb\n", "\n", "a\r", "a\r\n"] {
        let doc = Doc::new(text.into());
        let ours: Vec<(usize, &str)> = doc.lines_in(1..usize::MAX).collect();
        let std: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
        assert_eq!(ours, std, "{text:?}");
        let tail: Vec<(usize, &str)> = doc.lines_in(2..3).collect();
        assert_eq!(
            tail,
            std.iter().skip(1).take(1).copied().collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_place_inside_a_value() {
    let text = "a: \"see [[x]] and [[y]]\"\nb: >\n  folded [[z]]\n  and [[w]]\n";
    let doc = Doc::new(text.into());
    let v: std::collections::BTreeMap<String, Spanned<String>> =
        parse(Path::new("w.yaml"), text).unwrap();
    let f = Path::new("w.yaml");
    let a = super::at(f, &doc, &v["a"]);
    let at = within(&doc, &a, &v["a"], v["a"].find("[[y").unwrap(), "[[");
    assert_eq!((at.line, at.column), (1, 19));
    let b = super::at(f, &doc, &v["b"]);
    let at = within(&doc, &b, &v["b"], v["b"].find("[[w").unwrap(), "[[");
    assert_eq!((at.line, at.column), (4, 7));
}

#[test]
fn common_syntax_mistakes_get_a_fix() {
    let cases: [(&str, (usize, usize), &str); 6] = [
        (
            "title: Port strike: day two\n",
            (1, 19),
            "write `title: \"Port strike: day two\"`",
        ),
        ("title: x\n\tlanguage: en\n", (2, 1), "spaces only"),
        (
            "title: \"Port strike\nlanguage: en\n",
            (1, 8),
            "end the value with `\"`",
        ),
        (
            "kinds:\n  people: { path: people, label: People\n",
            (2, 11),
            "close it with `}`",
        ),
        ("tags: [a, b\ndate: 2024\n", (1, 7), "close it with `]`"),
        (
            "title: x\nlanguage: en\n  base_url: /x/\n",
            (3, 11),
            "line this key up",
        ),
    ];
    for (text, (line, col), help) in cases {
        let e = err(text);
        let at = e.location().unwrap();
        assert_eq!((at.line, at.column), (line, col), "{text:?}: {e:?}");
        let h = e.help().unwrap_or_default();
        assert!(h.contains(help), "{text:?}: {h}");
    }
}

#[test]
fn a_tab_after_a_colon_is_read_as_a_space() {
    let text = "title:\tPort strike\ndate:\t\t2024\ndescription: |\n  keep:\tthis\n";
    let v: std::collections::BTreeMap<String, String> = parse(Path::new("t.yaml"), text).unwrap();
    assert_eq!(v["title"], "Port strike");
    assert_eq!(v["date"], "2024");
    // Inside a block scalar the tab is text.
    assert_eq!(v["description"], "keep:\tthis\n");
}

#[test]
fn a_quoted_value_continued_at_the_margin_is_explained() {
    let e = err("a:\n  d: \"x\n\ny\n\"\n");
    assert_eq!(e.location(), Some(&Loc::at("d.yaml", 2, 6)), "{e:?}");
    assert!(e.help().unwrap_or_default().contains("indent"), "{e:?}");
}
