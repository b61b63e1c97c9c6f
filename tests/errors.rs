//! Issue 5, "bad input never costs the user their site": every way the
//! content can be wrong comes back as a typed error with its file, line and
//! column, and a rendered message that says how to fix it; what is merely
//! unusual (CRLF, BOM, NFD, tabs, a huge seed) builds; what is suspicious
//! is a warning. Each test starts from the standard fixture
//! (`tests/common/mod.rs`) and breaks one thing.

use crate::fixture::{self, Dossier, position, the_error};
use dossier::error::{Error, Loc};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use unicode_normalization::UnicodeNormalization;

const TALKS: &str = "content/articles/talks.yaml";
const VISIT: &str = "content/articles/visit.yaml";
const PEOPLE: &str = "content/entities/people.yaml";
const COUNTRIES: &str = "content/entities/countries.yaml";
const EVENTS: &str = "content/events.yaml";
const CLAIMS: &str = "content/claims.yaml";

/// Where `needle` first stands in the fixture's file `rel`, as a `Loc`.
fn loc_of(d: &Dossier, rel: &str, needle: &str) -> Loc {
    let (line, column) = position(&d.read(rel), needle);
    Loc::at(rel, line, column)
}

/// Asserts the rendered form of `e` carries `fragments`, plus the location
/// line (` --> file:line:col`) when `e` has one.
fn assert_rendered(d: &Dossier, e: &Error, fragments: &[&str]) {
    let text = e.render(d.root());
    if let Some(at) = e.location() {
        assert!(
            text.contains(&format!("--> {at}")),
            "no location in:\n{text}"
        );
    }
    for f in fragments {
        assert!(text.contains(f), "`{f}` missing from:\n{text}");
    }
}

/// Asserts the build fails with exactly one error and returns it.
fn only_error(d: &Dossier) -> Error {
    let f = d.build_err();
    assert_eq!(f.errors.len(), 1, "{}", d.render(&f));
    f.errors.into_iter().next().unwrap()
}

fn unknown_ref(e: &Error) -> (&Loc, &'static str, &str, Option<&str>) {
    match e {
        Error::UnknownRef {
            at,
            what,
            id,
            suggestion,
        } => (at, *what, id.as_str(), suggestion.as_deref()),
        other => panic!("not an UnknownRef: {other:?}"),
    }
}

#[test]
fn the_fixture_builds_without_warnings() {
    let d = Dossier::new();
    let r = d.build_ok();
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(r.articles, 2);
    assert_eq!(r.entities, 5);
}

// ---------------------------------------------------------------- YAML ----

#[test]
fn malformed_yaml_has_line_and_column() {
    let d = Dossier::new();
    // An unclosed flow sequence: the parser notices at the next key.
    d.replace(TALKS, "tags: [lavrov, mali]", "tags: [lavrov, mali");
    let e = only_error(&d);
    let Error::Yaml { at, message, .. } = &e else {
        panic!("{e:?}")
    };
    // It points at the bracket that is never closed, and says so.
    assert_eq!(at.file, Path::new(TALKS));
    assert_eq!((at.line, at.column), (8, 7), "{message}");
    assert_rendered(&d, &e, &[TALKS, "never closed", "close it with `]`"]);

    // A tab used for indentation, in an entity file: line 2, column 1.
    let d = Dossier::new();
    d.replace(PEOPLE, "  name: Sergei Lavrov", "\tname: Sergei Lavrov");
    let e = only_error(&d);
    let Error::Yaml { at, message, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(at.file, Path::new(PEOPLE));
    assert_eq!((at.line, at.column), (2, 1), "{message}");
    assert_rendered(
        &d,
        &e,
        &["\tname".replace('\t', "    ").as_str(), "spaces only"],
    );
}

#[test]
fn unknown_field_names_the_line_and_the_expected_fields() {
    let d = Dossier::new();
    d.replace(TALKS, "title:", "titel:");
    let e = only_error(&d);
    let Error::UnknownField {
        at,
        field,
        expected,
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(field, "titel");
    assert_eq!(*at, Loc::at(TALKS, 2, 1));
    assert!(expected.iter().any(|f| f == "title"), "{expected:?}");
    assert_rendered(
        &d,
        &e,
        &[
            "unknown field `titel`",
            "the fields allowed here are:",
            "title",
        ],
    );

    // In an entity, nested a level down.
    let d = Dossier::new();
    d.replace(
        PEOPLE,
        "  summary: Foreign minister of Mali.",
        "  sumary: x",
    );
    let e = only_error(&d);
    let Error::UnknownField { at, field, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(field, "sumary");
    assert_eq!(*at, Loc::at(PEOPLE, 11, 3));
    assert_rendered(&d, &e, &["summary"]);

    // In dossier.yaml.
    let d = Dossier::new();
    d.replace("content/dossier.yaml", "language:", "langage:");
    let e = only_error(&d);
    let Error::UnknownField { at, field, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(field, "langage");
    assert_eq!(*at, Loc::at("content/dossier.yaml", 3, 1));
    assert_rendered(&d, &e, &["language"]);
}

// ---------------------------------------------------------- references ----

/// Breaks `rel` by replacing `from` with `to`, expects one UnknownRef of
/// `what` for `bad` located at `needle`, suggesting `suggestion`.
fn assert_unknown_ref(
    rel: &str,
    from: &str,
    to: &str,
    what: &str,
    bad: &str,
    needle: &str,
    suggestion: &str,
) {
    let d = Dossier::new();
    d.replace(rel, from, to);
    let e = only_error(&d);
    let (at, w, id, s) = unknown_ref(&e);
    assert_eq!(w, what, "{e:?}");
    assert_eq!(id, bad);
    assert_eq!(*at, loc_of(&d, rel, needle), "{e:?}");
    assert_eq!(s, Some(suggestion));
    assert_rendered(
        &d,
        &e,
        &[
            &format!("unknown {what} `{bad}`"),
            &format!("did you mean `{suggestion}`?"),
        ],
    );
}

#[test]
fn unknown_entity_in_tags() {
    assert_unknown_ref(
        TALKS,
        "tags: [lavrov,",
        "tags: [lavrof,",
        "entity",
        "lavrof",
        "lavrof",
        "lavrov",
    );
}

#[test]
fn unknown_entity_in_event_entities() {
    assert_unknown_ref(
        EVENTS,
        "entities: [lavrov, diop]",
        "entities: [lavrov, dop]",
        "entity",
        "dop",
        "dop]",
        "diop",
    );
}

#[test]
fn unknown_article_in_event_sources() {
    assert_unknown_ref(
        EVENTS,
        "sources: [talks]",
        "sources: [talk]",
        "article",
        "talk",
        "talk]",
        "talks",
    );
}

#[test]
fn unknown_article_in_claim() {
    assert_unknown_ref(
        CLAIMS,
        "article: visit",
        "article: visits",
        "article",
        "visits",
        "visits",
        "visit",
    );
}

#[test]
fn unknown_entity_in_fact() {
    assert_unknown_ref(
        PEOPLE,
        "[[russia]]",
        "[[rusia]]",
        "entity",
        "rusia",
        "[[rusia",
        "russia",
    );
}

#[test]
fn unknown_entity_in_description() {
    assert_unknown_ref(
        PEOPLE,
        "talks with [[mali]]",
        "talks with [[malli]]",
        "entity",
        "malli",
        "[[malli",
        "mali",
    );
}

#[test]
fn unknown_entity_in_article_summary() {
    assert_unknown_ref(
        TALKS,
        "[[lavrov]] receives",
        "[[lavrof]] receives",
        "entity",
        "lavrof",
        "[[lavrof",
        "lavrov",
    );
}

#[test]
fn unknown_entity_in_event_description() {
    assert_unknown_ref(
        EVENTS,
        "\"[[lavrov]] meets",
        "\"[[lavrof]] meets",
        "entity",
        "lavrof",
        "[[lavrof",
        "lavrov",
    );
}

#[test]
fn unknown_entity_in_page() {
    assert_unknown_ref(
        "content/pages/about.md",
        "[[russia]]",
        "[[rusia]]",
        "entity",
        "rusia",
        "[[rusia",
        "russia",
    );
}

#[test]
fn unknown_entity_in_quote_correction() {
    assert_unknown_ref(
        VISIT,
        "speaker: diop",
        "speaker: dioop",
        "entity",
        "dioop",
        "dioop",
        "diop",
    );
}

#[test]
fn unknown_kind() {
    let d = Dossier::new();
    let text = d.read(PEOPLE);
    d.remove(PEOPLE).write("content/entities/peeple.yaml", text);
    // One error: the references to the people in that file are not
    // reported again as unknown entities.
    let e = only_error(&d);
    let e = &e;
    assert!(matches!(e, Error::UnknownRef { what: "kind", .. }), "{e:?}");
    let (at, _, id, s) = unknown_ref(e);
    assert_eq!(id, "peeple");
    assert_eq!(*at, Loc::file("content/entities/peeple.yaml"));
    assert_eq!(s, Some("people"));
    assert_rendered(&d, e, &["unknown kind `peeple`", "did you mean `people`?"]);
}

#[test]
fn unknown_reference_without_a_close_id_says_how_to_fix() {
    let d = Dossier::new();
    d.replace(TALKS, "tags: [lavrov,", "tags: [wagner,");
    let e = only_error(&d);
    let (at, _, _, s) = unknown_ref(&e);
    assert_eq!(s, None);
    assert_eq!(*at, loc_of(&d, TALKS, "wagner"));
    assert_rendered(&d, &e, &["define this entity first, or fix the spelling"]);
}

// --------------------------------------------------------------- seeds ----

#[test]
fn missing_seed() {
    let d = Dossier::new();
    d.remove("seeds/visit.txt");
    let e = only_error(&d);
    let Error::MissingSeed { at, seed, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(seed, Path::new("seeds/visit.txt"));
    assert_eq!(*at, Loc::at(VISIT, 1, 7));
    assert_rendered(
        &d,
        &e,
        &["seeds/visit.txt", "relative to the seeds/ folder"],
    );
}

#[test]
fn seed_not_utf8_names_file_and_byte_offset() {
    let d = Dossier::new();
    // "Abdoulaye Diop arrived" … then a Latin-1 "é" on line 3.
    let mut bytes = b"Abdoulaye Diop arrived in Russia.\n\nMali and Russia sign".to_vec();
    let offset = bytes.len();
    bytes.extend_from_slice(b"\xe9 an agreement.\n");
    d.write("seeds/visit.txt", &bytes);
    let e = only_error(&d);
    let Error::NotUtf8 { at, offset: o } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(*o, offset);
    assert_eq!(*at, Loc::at("seeds/visit.txt", 3, 21));
    assert_rendered(
        &d,
        &e,
        &[
            &format!("byte offset {offset}"),
            "seeds/visit.txt",
            "re-save the file as UTF-8",
        ],
    );
}

#[test]
fn yaml_file_not_utf8() {
    let d = Dossier::new();
    d.write(TALKS, b"seed: talks.txt\ntitle: Caf\xe9\n");
    let e = only_error(&d);
    let Error::NotUtf8 { at, offset } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(*offset, 26);
    assert_eq!(at.file, Path::new(TALKS));
    assert_eq!((at.line, at.column), (2, 11));
    assert_rendered(&d, &e, &["byte offset 26", "re-save the file as UTF-8"]);
}

#[test]
fn empty_seed() {
    let d = Dossier::new();
    d.write("seeds/visit.txt", "");
    let e = only_error(&d);
    assert_eq!(
        e,
        Error::EmptySeed {
            at: Loc::file("seeds/visit.txt")
        }
    );
    assert_rendered(&d, &e, &["the file is empty, or every line is dropped"]);
}

#[test]
fn seed_emptied_by_boilerplate() {
    let d = Dossier::new();
    // The first line is the title (dropped as such), the rest boilerplate.
    d.write(
        "seeds/visit.txt",
        "Diop visits Russia\n\nRead more\n  Read more  \n",
    );
    let e = only_error(&d);
    assert_eq!(
        e,
        Error::EmptySeed {
            at: Loc::file("seeds/visit.txt")
        }
    );
    assert_rendered(&d, &e, &["boilerplate rule"]);
}

// ---------------------------------------------------------- duplicates ----

#[test]
fn duplicate_entity_ids_across_files() {
    let d = Dossier::new();
    d.add_entity("people", "mali", "Modibo Mali", &[]);
    let (
        e,
        Dup {
            at,
            what,
            id,
            first,
        },
    ) = only_duplicate(&d);
    assert_eq!((what, id.as_str()), ("entity id", "mali"));
    // people.yaml comes after countries.yaml: the first is in countries.
    assert_eq!(first, loc_of(&d, COUNTRIES, "mali"));
    assert_eq!(at, Loc::at(PEOPLE, 12, 7));
    assert_rendered(
        &d,
        &e,
        &[
            "duplicate entity id `mali`",
            &format!("first defined at {first}"),
        ],
    );
}

#[test]
fn duplicate_entity_ids_in_one_file() {
    let d = Dossier::new();
    d.append(PEOPLE, "- id: lavrov\n  name: Another Lavrov\n");
    let (e, Dup { at, first, .. }) = only_duplicate(&d);
    assert_eq!(first, Loc::at(PEOPLE, 1, 7));
    assert_eq!(at, Loc::at(PEOPLE, 12, 7));
    assert_rendered(
        &d,
        &e,
        &["first defined at content/entities/people.yaml:1:7"],
    );
}

#[test]
fn duplicate_article_id_from_markdown_seed_and_yaml() {
    let d = Dossier::new();
    d.write(
        "seeds/talks.md",
        "---\ntitle: Talks again\ndate: 2025-04-05\nsource: { name: Wire }\n---\nLavrov spoke.\n",
    );
    let (
        e,
        Dup {
            at,
            what,
            id,
            first,
        },
    ) = only_duplicate(&d);
    assert_eq!((what, id.as_str()), ("article id", "talks"));
    assert_eq!(at, Loc::file("seeds/talks.md"));
    assert_eq!(first, Loc::file(TALKS));
    assert_rendered(
        &d,
        &e,
        &[
            "duplicate article id `talks`",
            "first defined at content/articles/talks.yaml",
        ],
    );
}

#[test]
fn alias_claimed_by_two_entities_of_a_kind() {
    let d = Dossier::new();
    d.replace(PEOPLE, "aliases: [Diop]", "aliases: [Diop, Lavrov]");
    let e = only_error(&d);
    let Error::SharedName {
        at,
        name,
        first,
        second,
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(
        (&name[..], &first[..], &second[..]),
        ("Lavrov", "lavrov", "diop")
    );
    assert_eq!(*at, Loc::at(PEOPLE, 10, 19));
    assert_rendered(&d, &e, &["remove it from one of them"]);
}

#[test]
fn same_alias_in_two_kinds_is_only_a_warning() {
    let d = Dossier::new();
    d.replace(COUNTRIES, "name: Mali", "name: Mali\n  aliases: [Diop]");
    let r = d.build_ok();
    assert!(
        r.warnings
            .iter()
            .any(|w| w.message.contains("`Diop` names both")),
        "{:?}",
        r.warnings
    );
}

// ------------------------------------------------------------- bad ids ----

#[test]
fn entity_ids_that_are_not_slugs() {
    for bad in ["../x", "a/b", "Lavrov", "serguei lavrov", "lavrov.", "é"] {
        let d = Dossier::new();
        d.replace(
            PEOPLE,
            "- id: diop",
            &format!("- id: {}", fixture::yaml_str(bad)),
        );
        let f = d.build_err();
        let e = the_error(&f, |e| matches!(e, Error::BadId { .. }));
        let Error::BadId { at, value } = e else {
            unreachable!()
        };
        assert_eq!(value, bad);
        assert_eq!(*at, Loc::at(PEOPLE, 8, 8), "{bad}");
        assert_rendered(&d, e, &["is not a valid id", "lower-case ASCII letters"]);
    }
}

#[test]
fn entity_id_from_a_name_that_gives_no_slug() {
    let d = Dossier::new();
    d.append(PEOPLE, "- name: \"???\"\n");
    let f = d.build_err();
    let e = the_error(&f, |e| matches!(e, Error::BadId { .. }));
    assert_eq!(e.location(), Some(&Loc::at(PEOPLE, 12, 10)));
    assert_rendered(&d, e, &["lower-case ASCII letters"]);
}

#[test]
fn article_file_names_that_are_not_slugs() {
    for bad in ["Talks", "two words", "talks_2025", "talks.v2"] {
        let d = Dossier::new();
        let text = d.read(TALKS);
        let rel = format!("content/articles/{bad}.yaml");
        d.remove(TALKS).write(&rel, text);
        // The event cites `talks`, which is now gone: drop the citation.
        d.replace(EVENTS, "sources: [talks]", "sources: []");
        let f = d.build_err();
        let e = the_error(&f, |e| matches!(e, Error::BadId { .. }));
        let Error::BadId { at, value } = e else {
            unreachable!()
        };
        assert_eq!(value, bad);
        assert_eq!(*at, Loc::file(&rel));
        assert_rendered(&d, e, &["lower-case ASCII letters"]);
    }
}

#[test]
fn claim_ids_that_are_not_slugs() {
    for bad in ["../x", "a/b", "Length", "how long"] {
        let d = Dossier::new();
        d.replace(
            CLAIMS,
            "id: length",
            &format!("id: {}", fixture::yaml_str(bad)),
        );
        let e = only_error(&d);
        let Error::BadId { at, value } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(value, bad);
        assert_eq!(*at, Loc::at(CLAIMS, 1, 8), "{bad}");
        assert_rendered(&d, &e, &["lower-case ASCII letters"]);
    }
}

// ---------------------------------------------------- quote corrections ----

/// A correction that begins no quote used to be ignored: it is an error at
/// its `starts`, and so is one that begins several.
#[test]
fn quote_corrections_must_match_exactly_one_quote() {
    let d = Dossier::new();
    d.replace(VISIT, "starts: \"We came\"", "starts: \"We went\"");
    let e = only_error(&d);
    let Error::QuoteFixMatch {
        at, starts, count, ..
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!((starts.as_str(), *count), ("We went", 0));
    assert_eq!(*at, Loc::at(VISIT, 8, 14));
    assert_rendered(&d, &e, &["matches 0 quotes", "check --quotes"]);

    let d = Dossier::new();
    d.append("seeds/visit.txt", "\n“We came back,” Diop said later.\n");
    let e = only_error(&d);
    let Error::QuoteFixMatch { count, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(*count, 2);
}

// --------------------------------------------------------------- dates ----

#[test]
fn article_dates_that_are_not_dates() {
    for bad in ["2025-02-30", "hier", "2025-4-3", "2025-13"] {
        let d = Dossier::new();
        d.replace(VISIT, "date: 2025-04-04", &format!("date: {bad}"));
        let e = only_error(&d);
        let Error::BadDate { at, value } = &e else {
            panic!("{bad}: {e:?}")
        };
        assert_eq!(value, bad);
        assert_eq!(*at, Loc::at(VISIT, 3, 7));
        // A date of the right form names what does not exist; another
        // form gets the forms.
        let help = match bad {
            "2025-02-30" | "2025-13" => "does not exist",
            _ => "YYYY-MM-DD",
        };
        assert_rendered(&d, &e, &[&format!("`{bad}` is not a date"), help]);
    }
}

/// A saved page often says only the month or the year: the help says
/// YYYY-MM and YYYY are dates, and they are.
#[test]
fn article_dates_may_be_partial() {
    for partial in ["2025-04", "2025"] {
        let d = Dossier::new();
        d.replace(VISIT, "date: 2025-04-04", &format!("date: {partial}"));
        d.build_ok();
    }
}

#[test]
fn event_dates_that_are_not_dates() {
    for bad in ["2025-02-30", "hier", "2025-13"] {
        let d = Dossier::new();
        d.replace(EVENTS, "date: 2025-04-03", &format!("date: {bad}"));
        let e = only_error(&d);
        let Error::BadDate { at, value } = &e else {
            panic!("{bad}: {e:?}")
        };
        assert_eq!(value, bad);
        assert_eq!(*at, Loc::at(EVENTS, 1, 9));
        let help = if bad == "hier" {
            "YYYY-MM-DD"
        } else {
            "does not exist"
        };
        assert_rendered(&d, &e, &[help]);
    }
}

// -------------------------------------------------------------- claims ----

#[test]
fn claim_quote_not_in_its_article() {
    let d = Dossier::new();
    d.replace(CLAIMS, "a visit of two days", "a visit of three days");
    let e = only_error(&d);
    let Error::QuoteNotFound {
        at,
        claim,
        article,
        quote,
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(claim, "length");
    assert_eq!(article, "visit");
    assert_eq!(quote, "a visit of three days");
    assert_eq!(*at, loc_of(&d, CLAIMS, "a visit of three days"));
    assert_rendered(
        &d,
        &e,
        &[
            "claim `length`",
            "article `visit`",
            "copy the quote from the article text exactly",
        ],
    );
}

// ---------------------------------------------------------------- URLs ----

#[test]
fn source_urls_that_are_not_http() {
    for bad in [
        "javascript:alert(1)",
        "data:text/html,x",
        "ftp://example.org/x",
        "example.org",
    ] {
        let d = Dossier::new();
        d.replace(TALKS, "https://example.org/talks", bad);
        let e = only_error(&d);
        let Error::BadUrl { at, url } = &e else {
            panic!("{bad}: {e:?}")
        };
        assert_eq!(url, bad);
        assert_eq!(*at, Loc::at(TALKS, 6, 8), "{bad}");
        assert_rendered(&d, &e, &["only http:// and https:// links are published"]);
    }
}

// ---------------------------------------------------------- hostile YAML --

#[test]
fn yaml_alias_bomb_is_bounded_and_an_error() {
    let d = Dossier::new();
    let mut s = String::from(
        "- id: bomb\n  name: Bomb\n  facts:\n    a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = 'a';
    for c in 'b'..='k' {
        let refs = vec![format!("*{prev}"); 9].join(",");
        s.push_str(&format!("    {c}: &{c} [{refs}]\n"));
        prev = c;
    }
    d.write(PEOPLE, s);
    let t = Instant::now();
    let f = d.build_err();
    let took = t.elapsed();
    assert!(took < Duration::from_secs(5), "took {took:?}");
    let e = the_error(&f, |e| matches!(e, Error::Yaml { .. }));
    let Error::Yaml { at, message, .. } = e else {
        unreachable!()
    };
    assert_eq!(at.file, Path::new(PEOPLE));
    assert!(at.line >= 1, "{e:?}");
    assert!(message.contains("too much data"), "{message}");
}

#[test]
fn deeply_nested_yaml_is_an_error() {
    // 100,000 levels, in flow and block style: refused at the level past
    // the limit, before the recursive parser could overflow the stack.
    for (text, column) in [
        (
            format!("title: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
            263,
        ),
        (
            format!(
                "title: {}x{}\n",
                "{a: ".repeat(100_000),
                "}".repeat(100_000)
            ),
            516,
        ),
    ] {
        let d = Dossier::new();
        d.write(TALKS, text);
        let e = only_error(&d);
        let Error::Yaml { at, message, .. } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(*at, Loc::at(TALKS, 1, column), "{message}");
        assert!(message.contains("too deeply"), "{message}");
    }
    let d = Dossier::new();
    d.write(EVENTS, format!("{}x\n", "- ".repeat(100_000)));
    let e = only_error(&d);
    assert_eq!(
        e.location(),
        Some(&Loc::at(EVENTS, 1, 2 * 128 + 1)),
        "{e:?}"
    );
}

#[test]
fn an_alias_is_refused_where_it_stands() {
    let d = Dossier::new();
    d.replace(
        TALKS,
        "tags: [lavrov, mali]",
        "tags: &t [lavrov, mali]\nalso: *t",
    );
    let e = only_error(&d);
    let Error::Yaml { at, message, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(*at, Loc::at(TALKS, 8, 10), "{message}");
    assert_rendered(
        &d,
        &e,
        &["anchors and aliases", "write the value out in full"],
    );
}

#[test]
fn a_key_given_twice_is_an_error_at_the_second() {
    let d = Dossier::new();
    d.append(TALKS, "title: Talks again\n");
    let (
        e,
        Dup {
            at,
            what,
            id,
            first,
        },
    ) = only_duplicate(&d);
    assert_eq!((what, id.as_str()), ("key", "title"));
    assert_eq!(at, Loc::at(TALKS, 9, 1));
    assert_eq!(first, Loc::at(TALKS, 2, 1));
    assert_rendered(
        &d,
        &e,
        &[
            "duplicate key `title`",
            "first defined at content/articles/talks.yaml:2:1",
        ],
    );

    // In a nested mapping too (a fact given twice).
    let d = Dossier::new();
    d.replace(
        PEOPLE,
        "    Country: \"[[russia]]\"",
        "    Country: \"[[russia]]\"\n    Country: x",
    );
    let (_, Dup { at, first, .. }) = only_duplicate(&d);
    assert_eq!((at, first.line), (Loc::at(PEOPLE, 8, 5), 7));
}

// ----------------------------------------------------------- templates ----

#[test]
fn template_error_in_an_override_names_template_and_line() {
    let d = Dossier::new();
    d.write(
        "templates/article.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title }</h1>\n{% endblock content %}\n",
    );
    let e = only_error(&d);
    let Error::Template { name, message } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(name, "article.html");
    assert!(
        message.contains("article.html:3:19"),
        "no line 3 in: {message}"
    );
    let text = e.render(d.root());
    assert!(text.contains("template `article.html`"), "{text}");
    assert!(text.contains("{{ page.title }</h1>"), "{text}");
    assert!(text.contains("check templates/article.html"), "{text}");
}

// ------------------------------------------------- all errors at once -----

#[test]
fn three_mistakes_in_three_files_all_come_back() {
    let d = Dossier::new();
    d.replace(TALKS, "tags: [lavrov,", "tags: [lavrof,");
    d.replace(PEOPLE, "[[russia]]", "[[rusia]]");
    d.replace(EVENTS, "date: 2025-04-03", "date: 2025-02-30");
    let f = d.build_err();
    assert_eq!(f.errors.len(), 3, "{}", d.render(&f));
    let files: Vec<&Path> = f
        .errors
        .iter()
        .map(|e| e.location().unwrap().file.as_path())
        .collect();
    for want in [TALKS, PEOPLE, EVENTS] {
        assert!(
            files.contains(&Path::new(want)),
            "{want} missing: {files:?}"
        );
    }
    let tag = the_error(
        &f,
        |e| matches!(e, Error::UnknownRef { id, .. } if id == "lavrof"),
    );
    assert_eq!(tag.location(), Some(&loc_of(&d, TALKS, "lavrof")));
    let fact = the_error(
        &f,
        |e| matches!(e, Error::UnknownRef { id, .. } if id == "rusia"),
    );
    assert_eq!(fact.location(), Some(&loc_of(&d, PEOPLE, "[[rusia")));
    let date = the_error(&f, |e| matches!(e, Error::BadDate { .. }));
    assert_eq!(date.location(), Some(&Loc::at(EVENTS, 1, 9)));
}

#[test]
fn content_errors_and_quote_errors_come_back_together() {
    // A wrong quote is found by the analysis, after loading: it must still
    // be reported along with the loading errors, not one build later.
    let d = Dossier::new();
    d.replace(TALKS, "tags: [lavrov,", "tags: [lavrof,");
    d.replace(CLAIMS, "a visit of two days", "a visit of three days");
    let f = d.build_err();
    assert_eq!(f.errors.len(), 2, "{}", d.render(&f));
    the_error(&f, |e| matches!(e, Error::UnknownRef { .. }));
    the_error(&f, |e| matches!(e, Error::QuoteNotFound { .. }));
}

#[test]
fn a_broken_article_does_not_cascade_into_unknown_references() {
    // `visit` has a bad date: the claim and the event citing it must not
    // add "unknown article `visit`" errors on top.
    let d = Dossier::new();
    d.replace(VISIT, "date: 2025-04-04", "date: hier");
    d.replace(EVENTS, "sources: [talks]", "sources: [talks, visit]");
    let f = d.build_err();
    assert_eq!(f.errors.len(), 1, "{}", d.render(&f));
    assert!(matches!(f.errors[0], Error::BadDate { .. }));
}

#[test]
fn a_broken_entity_file_does_not_cascade_into_unknown_references() {
    let d = Dossier::new();
    d.replace(PEOPLE, "aliases: [Diop]", "aliases: [Diop");
    let f = d.build_err();
    assert_eq!(f.errors.len(), 1, "{}", d.render(&f));
    assert!(matches!(f.errors[0], Error::Yaml { .. }));
}

#[test]
fn missing_dossier_yaml_says_what_a_dossier_is() {
    let d = Dossier::new();
    d.remove("content/dossier.yaml");
    let e = only_error(&d);
    assert!(matches!(e, Error::NotADossier { .. }), "{e:?}");
    assert_rendered(&d, &e, &["content/dossier.yaml is missing", "--root"]);
}

// --------------------------------------------------------- tolerated ------

/// Mention counts per entity, from dossier.json.
fn mention_counts(d: &Dossier) -> Vec<(String, usize)> {
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.output().join("dossier.json")).unwrap()).unwrap();
    json["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap().to_string(),
                e["mentions"].as_array().unwrap().len(),
            )
        })
        .collect()
}

fn all_files(d: &Dossier) -> Vec<PathBuf> {
    walkdir::WalkDir::new(d.root())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(d.root()).unwrap().to_path_buf())
        .filter(|p| !p.starts_with("public"))
        .collect()
}

#[test]
fn crlf_line_endings_and_bom_are_accepted() {
    let plain = Dossier::new();
    plain.build_ok();
    let want = mention_counts(&plain);

    for (what, f) in [
        (
            "crlf",
            (|s: &str| s.replace('\n', "\r\n")) as fn(&str) -> String,
        ),
        ("bom", |s: &str| format!("\u{feff}{s}")),
        ("both", |s: &str| {
            format!("\u{feff}{}", s.replace('\n', "\r\n"))
        }),
    ] {
        let d = Dossier::new();
        for rel in all_files(&d) {
            let rel = rel.to_str().unwrap();
            let text = d.read(rel);
            d.write(rel, f(&text));
        }
        let r = d
            .build()
            .unwrap_or_else(|e| panic!("{what}: {}", d.render(&e)));
        assert!(r.warnings.is_empty(), "{what}: {:?}", r.warnings);
        assert_eq!(mention_counts(&d), want, "{what}");
    }
}

#[test]
fn crlf_errors_keep_their_lines() {
    let d = Dossier::new();
    d.write(TALKS, TALKS_CRLF_TYPO);
    let e = only_error(&d);
    assert_eq!(e.location(), Some(&Loc::at(TALKS, 2, 1)));
}

const TALKS_CRLF_TYPO: &str = "\u{feff}seed: talks.txt\r\ntitel: Talks in Moscow\r\ndate: 2025-04-03\r\nsource:\r\n  name: X\r\n";

#[test]
fn nfd_text_finds_the_same_mentions_as_nfc() {
    let nfd = |s: &str| -> String { s.nfd().collect() };
    let nfc = Dossier::new();
    nfc.build_ok();
    let want = mention_counts(&nfc);
    assert!(
        want.iter().any(|(id, n)| id == "cedeao" && *n > 0),
        "the fixture mentions Cédéao: {want:?}"
    );

    // NFD seeds, NFC entities; then NFD everywhere.
    let d = Dossier::new();
    d.write("seeds/talks.txt", nfd(fixture::TALKS_TXT));
    assert_ne!(d.read("seeds/talks.txt"), fixture::TALKS_TXT);
    d.build_ok();
    assert_eq!(mention_counts(&d), want);

    d.write(COUNTRIES, nfd(fixture::COUNTRIES_YAML));
    d.build_ok();
    assert_eq!(mention_counts(&d), want);
}

#[test]
fn tabs_and_trailing_spaces_are_accepted() {
    let plain = Dossier::new();
    plain.build_ok();
    let want = mention_counts(&plain);

    let d = Dossier::new();
    // Tabs inside seed lines and YAML values, trailing spaces and tabs
    // after YAML lines and seed lines.
    let seed = fixture::TALKS_TXT
        .replace("Sergei Lavrov received", "Sergei\tLavrov\treceived")
        .replace('\n', " \t \n");
    d.write("seeds/talks.txt", seed);
    let yaml: String = fixture::TALKS_YAML
        .lines()
        .map(|l| format!("{l}  \t\n"))
        .collect::<String>()
        .replace("title: Talks in Moscow", "title:\tTalks in Moscow");
    d.write(TALKS, yaml);
    let people: String = fixture::PEOPLE_YAML
        .lines()
        .map(|l| format!("{l}   \n"))
        .collect();
    d.write(PEOPLE, people);
    let r = d.build_ok();
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(mention_counts(&d), want);
    let page = std::fs::read_to_string(d.output().join("articles/talks/index.html")).unwrap();
    assert!(page.contains("Talks in Moscow"));
}

#[test]
fn a_20_mb_seed_builds() {
    let d = Dossier::new();
    let para = "Sergei Lavrov received Abdoulaye Diop in Moscow, and Russia promised Mali \
                training, instructors and equipment; the Cédéao was not invited.\n\n";
    let target = 20 * 1024 * 1024;
    let mut text = String::with_capacity(target + para.len());
    text.push_str("Talks in Moscow\n\n");
    while text.len() < target {
        text.push_str(para);
    }
    d.write("seeds/talks.txt", &text);
    let t = Instant::now();
    let r = d.build_ok();
    let took = t.elapsed();
    println!("20 MB seed: built in {took:?} ({} mentions)", r.mentions);
    let paragraphs = target / para.len();
    assert!(r.mentions > 5 * paragraphs, "{} mentions", r.mentions);
    assert!(took < Duration::from_secs(600), "took {took:?}");
}

// ------------------------------------------------------------ warnings ----

#[test]
fn entity_never_mentioned_is_a_warning() {
    let d = Dossier::new();
    d.add_entity("people", "goita", "Assimi Goïta", &["Goïta"]);
    let r = d.build_ok();
    let w: Vec<_> = r
        .warnings
        .iter()
        .filter(|w| w.message.contains("never mentioned"))
        .collect();
    assert_eq!(w.len(), 1, "{:?}", r.warnings);
    assert!(w[0].message.contains("`goita`"));
    assert_eq!(w[0].at, Some(loc_of(&d, PEOPLE, "goita")));
}

#[test]
fn short_alias_is_a_warning() {
    let d = Dossier::new();
    d.replace(PEOPLE, "aliases: [Diop]", "aliases: [Diop, AD]");
    let r = d.build_ok();
    let w: Vec<_> = r
        .warnings
        .iter()
        .filter(|w| w.message.contains("shorter than 3 letters"))
        .collect();
    assert_eq!(w.len(), 1, "{:?}", r.warnings);
    assert!(w[0].message.contains("`AD`") && w[0].message.contains("`diop`"));
    assert_eq!(
        w[0].at.as_ref().map(|l| l.file.as_path()),
        Some(Path::new(PEOPLE))
    );
}

#[test]
fn article_with_no_entity_is_a_warning() {
    let d = Dossier::new();
    d.add_article(
        "weather",
        "Weather",
        "2025-04-05",
        &[],
        "It rained all day in the capital.\n",
    );
    let r = d.build_ok();
    let w: Vec<_> = r
        .warnings
        .iter()
        .filter(|w| w.message.contains("mentions no entity"))
        .collect();
    assert_eq!(w.len(), 1, "{:?}", r.warnings);
    assert!(w[0].message.contains("`weather`"));
}

// ------------------------------------------------------- dossier check ----

#[test]
fn check_writes_nothing() {
    let d = Dossier::new();
    let before = fixture::snapshot(d.root());
    let r = d.check().unwrap_or_else(|f| panic!("{}", d.render(&f)));
    assert!(r.files > 0);
    assert!(!d.output().exists(), "check created the output folder");
    assert!(fixture::staging_leftovers(&d.output()).is_empty());
    fixture::assert_same_tree(&before, &fixture::snapshot(d.root()));

    // Through the binary too, good and bad.
    let out = d.run(&["check"]);
    assert!(out.status.success());
    d.replace(TALKS, "tags: [lavrov,", "tags: [lavrof,");
    let before = fixture::snapshot(d.root());
    let out = d.run(&["check"]);
    assert!(!out.status.success());
    assert!(!d.output().exists());
    fixture::assert_same_tree(&before, &fixture::snapshot(d.root()));
}

#[test]
fn check_reports_what_build_reports() {
    // Errors.
    let d = Dossier::new();
    d.replace(TALKS, "tags: [lavrov,", "tags: [lavrof,");
    d.replace(CLAIMS, "a visit of two days", "a visit of three days");
    d.replace(VISIT, "date: 2025-04-04", "date: 2025-02-30");
    let c = d.check().unwrap_err();
    let b = d.build_err();
    assert_eq!(c.errors, b.errors);
    assert_eq!(c.warnings, b.warnings);

    // Warnings.
    let d = Dossier::new();
    d.add_entity("people", "goita", "Assimi Goïta", &["AG"]);
    let c = d.check().unwrap();
    let b = d.build_ok();
    assert_eq!(c.warnings, b.warnings);
    assert_eq!(c.warnings.len(), 2, "{:?}", c.warnings);
}

#[test]
fn check_exit_status_and_output() {
    let d = Dossier::new();
    // A name that recurs but is no entity: a candidate.
    d.append(
        "seeds/visit.txt",
        "\nVladimir Poutine welcomed the ministers.\n\nLater Vladimir Poutine spoke again.\n\nVladimir Poutine left.\n",
    );
    let out = d.run(&["check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains("Vladimir Poutine"),
        "no candidate in:\n{stdout}"
    );
    assert!(stdout.contains("ok: 2 articles"), "{stdout}");

    d.replace(TALKS, "tags: [lavrov,", "tags: [lavrof,");
    let out = d.run(&["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: unknown entity `lavrof`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> content/articles/talks.yaml:8:8"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `lavrov`?"), "{stderr}");
    assert!(stderr.contains("check failed: 1 error"), "{stderr}");
    assert!(!d.output().exists());
}

#[test]
fn build_exit_status_is_non_zero_on_error() {
    let d = Dossier::new();
    d.replace(TALKS, "tags: [lavrov,", "tags: [lavrof,");
    let out = d.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("build failed: 1 error"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

// ------------------------------------------- settings and named errors ----

const DOSSIER: &str = "content/dossier.yaml";

#[test]
fn a_kind_path_given_twice_is_reported_at_the_second_definition() {
    let d = Dossier::new();
    d.replace(DOSSIER, "path: countries", "path: people");
    let (
        e,
        Dup {
            at,
            what,
            id,
            first,
        },
    ) = only_duplicate(&d);
    assert_eq!((what, id.as_str()), ("kind path", "people"));
    // `  countries: { path: people, …` is line 6; the first is on line 5.
    assert_eq!(at, Loc::at(DOSSIER, 6, 22));
    assert_eq!(first, Loc::at(DOSSIER, 5, 19));
    assert_rendered(&d, &e, &["first defined at content/dossier.yaml:5:19"]);
}

#[test]
fn a_kind_path_given_twice_in_block_style_points_at_the_second() {
    let d = Dossier::new();
    d.replace(
        DOSSIER,
        "  countries: { path: countries, label: Countries, singular: Country }\n",
        "  countries:\n    path: people\n    label: Countries\n",
    );
    let (_, Dup { at, first, .. }) = only_duplicate(&d);
    assert_eq!(at, Loc::at(DOSSIER, 7, 11));
    assert_eq!(first, Loc::at(DOSSIER, 5, 19));
}

/// Each setting or article error that used to be a free-text `Invalid`
/// is its own variant, at its own place.
#[test]
fn settings_and_article_errors_are_named_and_located() {
    type Check = fn(&Error) -> bool;
    let cases: Vec<(&str, &str, &str, Check, Loc)> = vec![
        (
            DOSSIER,
            "language: en",
            "language: xx",
            |e| matches!(e, Error::UnknownLanguage { code, .. } if code == "xx"),
            Loc::at(DOSSIER, 3, 11),
        ),
        (
            DOSSIER,
            "singular: Country }",
            "singular: Country, role: place }",
            |e| matches!(e, Error::UnknownRole { role, .. } if role == "place"),
            Loc::at(DOSSIER, 6, 76),
        ),
        (
            DOSSIER,
            "path: countries",
            "path: Countries",
            |e| {
                matches!(
                    e,
                    Error::BadSlug {
                        what: "kind path",
                        ..
                    }
                )
            },
            Loc::at(DOSSIER, 6, 22),
        ),
        (
            DOSSIER,
            "path: countries",
            "path: graph",
            |e| matches!(e, Error::ReservedPath { path, .. } if path == "graph"),
            Loc::at(DOSSIER, 6, 22),
        ),
        (
            DOSSIER,
            "  - \"Read more\"",
            "  - { prefix: x, contains: y }",
            |e| matches!(e, Error::BoilerplateShape { .. }),
            Loc::at(DOSSIER, 7, 1),
        ),
        (
            DOSSIER,
            "  - \"Read more\"",
            "  - { pattern: \"a(\" }",
            |e| matches!(e, Error::BadPattern { .. }),
            Loc::at(DOSSIER, 8, 17),
        ),
        (
            DOSSIER,
            "language: en",
            "language: en\nmax_file_mb: 0",
            |e| matches!(e, Error::ZeroFileLimit { .. }),
            Loc::at(DOSSIER, 4, 1),
        ),
        (
            TALKS,
            "seed: talks.txt",
            "seed: ../talks.txt",
            |e| matches!(e, Error::SeedOutside { seed, .. } if seed == "../talks.txt"),
            Loc::at(TALKS, 1, 7),
        ),
        (
            TALKS,
            "title: Talks in Moscow\n",
            "",
            |e| matches!(e, Error::MissingKey { key: "title", .. }),
            Loc::file(TALKS),
        ),
        (
            TALKS,
            "seed: talks.txt\n",
            "",
            |e| matches!(e, Error::MissingKey { key: "seed", .. }),
            Loc::file(TALKS),
        ),
        (
            "content/pages/about.md",
            "---\ntitle: About\norder: 1\n---\n",
            "",
            |e| matches!(e, Error::NoFrontMatter { .. }),
            Loc::at("content/pages/about.md", 1, 1),
        ),
    ];
    for (file, from, to, check, at) in cases {
        let d = Dossier::new();
        d.replace(file, from, to);
        let e = only_error(&d);
        assert!(check(&e), "{to:?}: {e:?}");
        assert_eq!(e.location(), Some(&at), "{to:?}: {e:?}");
        assert!(e.help().is_some(), "{e:?}");
    }
}

/// A `Duplicate` error's fields, owned.
struct Dup {
    at: Loc,
    what: &'static str,
    id: String,
    first: Loc,
}

/// The dossier's one error, which must be a `Duplicate`.
fn only_duplicate(d: &Dossier) -> (Error, Dup) {
    let e = only_error(d);
    let Error::Duplicate {
        at,
        what,
        id,
        first,
    } = &e
    else {
        panic!("{e:?}")
    };
    let dup = Dup {
        at: at.clone(),
        what,
        id: id.clone(),
        first: first.clone(),
    };
    (e, dup)
}
