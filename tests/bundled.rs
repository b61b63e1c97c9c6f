//! The bundled dossier (content/ + seeds/ at the repository root) is what
//! every new user sees first; these tests hold it to the standard of issue
//! 3: every registered name linked wherever it occurs, claims verbatim,
//! events sourced, and each article's people and countries pinned so that a
//! regression in matching shows.

use crate::fixture;
use dossier::analyse::Analysis;
use dossier::model::Dossier;
use std::collections::BTreeSet;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

fn bundled() -> (Dossier, Analysis) {
    let root = fixture::bundled_root();
    let loaded = dossier::load::load(root)
        .unwrap_or_else(|e| panic!("{}", dossier::render_errors(&e.errors, root)));
    let (analysis, _) = dossier::analyse::analyse(&loaded.dossier);
    (loaded.dossier, analysis)
}

/// One char per char: lower-case, accents dropped, apostrophes unified —
/// written independently of the matcher so the test checks it.
fn fold_char(c: char, fold: bool) -> char {
    let c = match c {
        '’' | '‘' => '\'',
        '\u{a0}' | '\u{202f}' => ' ',
        c => c,
    };
    if !fold {
        return c;
    }
    let base = std::iter::once(c).nfd().next().unwrap_or(c);
    base.to_lowercase().next().unwrap_or(base)
}

/// Byte ranges where `name` occurs in `text` as a whole word.
fn occurrences(text: &str, name: &str, fold: bool) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let hay: Vec<char> = chars.iter().map(|&(_, c)| fold_char(c, fold)).collect();
    let needle: Vec<char> = name.nfc().map(|c| fold_char(c, fold)).collect();
    let mut out = Vec::new();
    if needle.is_empty() || needle.len() > hay.len() {
        return out;
    }
    for i in 0..=hay.len() - needle.len() {
        if hay[i..i + needle.len()] != needle[..] {
            continue;
        }
        let before = i.checked_sub(1).map(|j| chars[j].1);
        let after = chars.get(i + needle.len()).map(|&(_, c)| c);
        if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
            continue;
        }
        let start = chars[i].0;
        let end = chars.get(i + needle.len()).map_or(text.len(), |&(b, _)| b);
        out.push((start, end));
    }
    out
}

#[test]
fn every_registered_name_in_the_text_is_linked() {
    let (d, a) = bundled();
    let mut unlinked = Vec::new();
    let mut checked = 0;
    for (ai, art) in d.articles.iter_enumerated() {
        for (bi, block) in art.blocks.iter_enumerated() {
            let hits = &a.articles[ai].hits[bi];
            for e in &d.entities {
                let names = std::iter::once((e.name.as_str(), e.fold)).chain(
                    e.aliases
                        .iter()
                        .map(|al| (al.text.as_str(), al.fold || e.fold)),
                );
                for (name, fold) in names {
                    for (s, end) in occurrences(&block.text, name, fold) {
                        checked += 1;
                        // Linked: inside a link, or overlapping a link to
                        // this same entity (two of its aliases overlapping,
                        // "rompu ses relations" / "relations avec l’Ukraine").
                        let ix = d.entity_index()[e.id.as_str()];
                        let linked = hits.iter().any(|h| {
                            h.start <= s && end <= h.end
                                || h.entity == ix && h.start < end && s < h.end
                        });
                        if !linked {
                            unlinked.push(format!(
                                "{} #p{}: `{}` ({})",
                                art.id,
                                bi.get() + 1,
                                &block.text[s..end],
                                e.id
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(checked > 150, "the walk found only {checked} occurrences");
    assert!(unlinked.is_empty(), "unlinked:\n{}", unlinked.join("\n"));
}

#[test]
fn every_person_country_and_organization_has_a_page_and_is_mentioned() {
    let (d, a) = bundled();
    for (i, e) in d.entities.iter_enumerated() {
        let kind = d.kinds[e.kind].key.as_str();
        if kind != "topics" {
            assert!(
                !a.entities[i].mentions.is_empty(),
                "{} ({kind}) is never mentioned",
                e.id
            );
        }
    }
}

/// Which people and countries each article names, read off the seeds by
/// hand. A change in matching that adds or loses one shows here.
#[test]
fn each_article_names_the_expected_people_and_countries() {
    let (d, a) = bundled();
    let expected: &[(&str, &[&str], &[&str])] = &[
        (
            "seeds/000_c39438ca9af51ea2.txt",
            &["serguei-lavrov"],
            &["burkina-faso", "mali", "niger", "russie"],
        ),
        (
            "seeds/001_3567c712395e74d4.txt",
            &["serguei-lavrov"],
            &["burkina-faso", "mali", "niger", "russie"],
        ),
        (
            "seeds/002_400d849f6f99681b.txt",
            &[],
            &["burkina-faso", "mali", "niger", "russie"],
        ),
        (
            "seeds/003_f483a384aff065d7.txt",
            &["abdoulaye-diop", "assimi-goita", "serguei-lavrov"],
            &["burkina-faso", "mali", "niger", "russie"],
        ),
        (
            "seeds/004_91a6611a1c1f53d5.txt",
            &[
                "abdoulaye-diop",
                "assimi-goita",
                "bakary-yaou-sangare",
                "gueorgii-tykhy",
                "serguei-lavrov",
            ],
            &[
                "burkina-faso",
                "france",
                "mali",
                "niger",
                "russie",
                "ukraine",
            ],
        ),
    ];
    assert_eq!(d.articles.len(), expected.len());
    for (seed, people, countries) in expected {
        let ai = d
            .articles
            .iter_enumerated()
            .find(|(_, x)| x.seed == Path::new(seed))
            .map(|(i, _)| i)
            .unwrap_or_else(|| panic!("no article for {seed}"));
        let of_kind = |k: &str| -> BTreeSet<&str> {
            a.articles[ai]
                .entities
                .iter()
                .map(|&(e, _)| &d.entities[e])
                .filter(|e| d.kinds[e.kind].key == k)
                .map(|e| e.id.as_str())
                .collect()
        };
        assert_eq!(
            of_kind("people"),
            people.iter().copied().collect(),
            "{seed}: people"
        );
        assert_eq!(
            of_kind("countries"),
            countries.iter().copied().collect(),
            "{seed}: countries"
        );
    }
}

#[test]
fn claims_are_verbatim_and_events_are_sourced() {
    let (d, _) = bundled();
    assert!(d.claims.len() >= 4);
    for c in &d.claims {
        assert!(!c.statements.is_empty(), "{}", c.id);
        for s in &c.statements {
            let text = &d.articles[s.article].blocks[s.block].text;
            assert!(
                text.contains(&s.quote),
                "{}: {:?} not in its paragraph",
                c.id,
                s.quote
            );
        }
    }
    assert!(d.events.len() >= 10);
    for ev in &d.events {
        assert!(
            !ev.sources.is_empty(),
            "event `{}` cites no article",
            ev.title
        );
    }
}

#[test]
fn boilerplate_is_gone_from_the_text() {
    let (d, _) = bundled();
    for art in &d.articles {
        for b in &art.blocks {
            for noise in [
                "Auteur/Autrice",
                "Autres articles",
                "©",
                "Avec AFP",
                "By Ibrahim",
            ] {
                assert!(
                    !b.text.contains(noise),
                    "{}: `{noise}` left in {:?}",
                    art.id,
                    b.text
                );
            }
            assert!(!b.text.starts_with("date 2025"), "{}", art.id);
        }
    }
}

/// The graph page of the bundled dossier: every mentioned entity is a node,
/// a link, and no two node discs overlap.
#[test]
fn the_graph_has_every_entity_and_no_overlapping_nodes() {
    let (_dir, site, _) = fixture::build_bundled();
    let html = std::fs::read_to_string(site.join("graphe/index.html")).unwrap();
    let (d, a) = bundled();
    let mentioned = a.entities.iter().filter(|e| !e.mentions.is_empty()).count();
    let mut circles: Vec<(f64, f64, f64)> = Vec::new();
    for part in html.split("<circle ").skip(1) {
        let attr = |name: &str| -> f64 {
            let start = part.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            let end = part[start..].find('"').unwrap() + start;
            part[start..end].parse().unwrap()
        };
        circles.push((attr("cx"), attr("cy"), attr("r")));
    }
    assert_eq!(circles.len(), mentioned);
    for (i, p) in circles.iter().enumerate() {
        for q in &circles[i + 1..] {
            let dist = ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt();
            assert!(dist >= p.2 + q.2, "overlap: {p:?} {q:?}");
        }
    }
    for e in d.entities.iter().filter(|e| e.kind.get() < 3) {
        let href = format!("href=\"../{}/{}/index.html\"", d.kinds[e.kind].path, e.id);
        assert!(html.contains(&href), "{} not linked from the graph", e.id);
    }
}

/// Statements of the fourth and fifth seeds, with who said them, read off
/// the articles by hand. Every statement is listed: a new one, a lost one or
/// a changed speaker fails.
#[test]
fn statements_of_seeds_four_and_five_have_their_speakers() {
    let (d, a) = bundled();
    // The editor's corrections (`quotes:` in the article files) must not be
    // what makes this pass: attribute again without them.
    let mut raw = d.clone();
    for art in &mut raw.articles {
        art.quote_fixes.clear();
    }
    let (auto, _) = dossier::analyse::analyse(&raw);
    for (d, a) in [(&d, &a), (&raw, &auto)] {
        check_statements(d, a);
    }
}

/// (seed, [(first words of the statement, speaker id)]).
type ExpectedStatements<'a> = &'a [(&'a str, &'a [(&'a str, Option<&'a str>)])];

fn check_statements(d: &Dossier, a: &Analysis) {
    let expected: ExpectedStatements = &[
        (
            "seeds/003_f483a384aff065d7.txt",
            &[
                ("Nous sommes ravis", Some("serguei-lavrov")),
                ("Nos contacts sont réguliers", Some("serguei-lavrov")),
                ("Nos militaires collaborent", Some("serguei-lavrov")),
                ("coordination des plus étroites", Some("serguei-lavrov")),
                // « qualifié de « chargé » par Lavrov »: a one-word quote
                // is kept when its speaker is known
                ("chargé", Some("serguei-lavrov")),
                ("Je suis convaincu", Some("serguei-lavrov")),
            ],
        ),
        (
            "seeds/004_91a6611a1c1f53d5.txt",
            &[
                ("La Russie est prête", Some("serguei-lavrov")),
                ("priorités", Some("serguei-lavrov")),
                ("la défense et la sécurité", Some("serguei-lavrov")),
                ("cours spéciaux", Some("serguei-lavrov")),
                ("ses instructeurs dont beaucoup", Some("serguei-lavrov")),
                ("du matériel militaire", Some("serguei-lavrov")),
                ("de manière active", Some("serguei-lavrov")),
                ("s’intensifie", Some("serguei-lavrov")),
                ("Nous avons la lecture commune", Some("abdoulaye-diop")),
                ("un allié sincère et constant", Some("abdoulaye-diop")),
                ("l’Ukraine, nous la considérons", Some("abdoulaye-diop")),
                ("accusations sans fondement", Some("gueorgii-tykhy")),
                ("jamais étayées par des preuves", Some("gueorgii-tykhy")),
                ("Notre volonté commune", Some("abdoulaye-diop")),
                ("un évènement historique", Some("bakary-yaou-sangare")),
                ("compte beaucoup", Some("bakary-yaou-sangare")),
            ],
        ),
    ];
    for (seed, statements) in expected {
        let ai = d
            .articles
            .iter_enumerated()
            .find(|(_, x)| x.seed == Path::new(seed))
            .map(|(i, _)| i)
            .unwrap();
        let found: Vec<(&str, Option<&str>)> = a
            .quotes_of(ai)
            .iter()
            .map(|q| {
                (
                    q.text.as_str(),
                    q.speaker.map(|s| d.entities[s].id.as_str()),
                )
            })
            .collect();
        assert_eq!(found.len(), statements.len(), "{seed}: {found:#?}");
        for ((text, speaker), (start, want)) in found.iter().zip(statements.iter()) {
            assert!(
                text.starts_with(start),
                "{seed}: expected `{start}…`, found `{text}`"
            );
            assert_eq!(speaker, want, "{seed}: `{text}`");
        }
    }
}
