//! The corner cases where one input grew the work with its square (issue
//! 12): a long paragraph full of mentions, a page full of `[[`, aliases
//! nested in each other. Each test doubles one input and asserts, through
//! the work counters of `dossier::work` (never a clock), that the work
//! does not grow faster than the input.

use crate::fixture::Dossier;
use dossier::work;
use std::sync::Mutex;

/// Work done on a pool of its own, the only threads whose work counts
/// (other tests of this binary run meanwhile on rayon's global pool).
fn counted<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    work::counted(f).expect("a thread pool for the counted work")
}

/// The counters are global: one test at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// Sentence-boundary work and candidate-name work for a dossier with one
/// article made of a single paragraph of `n` sentences, each mentioning
/// entities.
fn sentence_work(n: usize) -> (u64, u64) {
    let d = Dossier::new();
    let para: String = (0..n)
        .map(|i| format!("Sentence {i} says that Mali and Sergei Lavrov met again. "))
        .collect();
    d.add_article("long", "One long paragraph", "2025-04-05", &[], &para);
    counted(|| {
        work::take(&work::SENTENCE_BYTES);
        work::take(&work::CANDIDATE_STEPS);
        let r = d.check().unwrap_or_else(|f| panic!("{}", d.render(&f)));
        assert!(r.mentions >= 2 * n);
        (
            work::take(&work::SENTENCE_BYTES),
            work::take(&work::CANDIDATE_STEPS),
        )
    })
}

#[test]
fn a_long_paragraph_costs_linear_work() {
    let _g = serial();
    let ((small, c_small), (big, c_big)) = (sentence_work(400), sentence_work(800));
    assert!(small > 0 && c_small > 0, "the counters count");
    // Each capitalised group was checked against every mention.
    assert!(
        c_big * 10 <= c_small * 25,
        "candidate work grew {:.2}× for 2× the text ({c_small} → {c_big})",
        c_big as f64 / c_small as f64
    );
    // Twice the paragraph (and twice the mentions): at most about twice
    // the work. A scan of the whole paragraph per mention would be 4×.
    assert!(
        big * 10 <= small * 25,
        "sentence work grew {:.2}× for 2× the text ({small} → {big})",
        big as f64 / small as f64
    );
}

fn wikilink_work(src: &str) -> (u64, usize) {
    counted(|| {
        work::take(&work::WIKILINK_BYTES);
        let n = dossier::text::wikilinks(src).len();
        (work::take(&work::WIKILINK_BYTES), n)
    })
}

#[test]
fn many_unclosed_wikilinks_cost_linear_work() {
    let _g = serial();
    // `[[` after `[[`, closed once at the very end: each opening used to
    // look for its `]]` across the rest of the page.
    let page = |n: usize| format!("{}[[mali]]", "[[x ".repeat(n));
    let (small, links) = wikilink_work(&page(20_000));
    assert_eq!(links, 1, "only the last one is a link");
    let (big, _) = wikilink_work(&page(40_000));
    assert!(
        big * 10 <= small * 25,
        "wikilink work grew {:.2}× for 2× the page ({small} → {big})",
        big as f64 / small as f64
    );
    // Well-formed links: linear too, and all found.
    let (w, links) = wikilink_work(&"[[mali]] et ".repeat(80_000));
    assert_eq!(links, 80_000);
    assert!(w <= 2 * 12 * 80_000, "{w}");
}

fn entity(id: &str, name: &str, aliases: Vec<String>) -> dossier::model::Entity {
    dossier::model::Entity {
        id: id.into(),
        kind: dossier::model::KindIx::new(0),
        name: name.into(),
        aliases: aliases
            .into_iter()
            .map(|text| dossier::model::Alias {
                text,
                fold: false,
                hidden: false,
            })
            .collect(),
        fold: false,
        summary: String::new(),
        description: String::new(),
        facts: vec![],
        source: Default::default(),
    }
}

/// Matches of `n` nested aliases (`ox`, `ox ox`, …) over `words` words.
fn nested_alias_work(n: usize, words: usize) -> (u64, usize) {
    let aliases = (2..=n).map(|k| vec!["ox"; k].join(" ")).collect();
    let es = vec![entity("ox", "ox", aliases)];
    let m = dossier::analyse::matcher::Matcher::new(&es);
    let text = vec!["ox"; words].join(" ");
    let (w, hits) = counted(|| {
        work::take(&work::MATCH_CANDIDATES);
        let hits = m.find(&text);
        (work::take(&work::MATCH_CANDIDATES), hits)
    });
    // Leftmost-longest: runs of `n` words, the rest in the last one.
    assert_eq!(hits.len(), words.div_ceil(n));
    assert_eq!(&text[hits[0].start..hits[0].end], vec!["ox"; n].join(" "));
    (w, hits.len())
}

#[test]
fn nested_aliases_are_matched_in_bounded_work_and_memory() {
    let _g = serial();
    let (w100, _) = nested_alias_work(100, 4_000);
    let (w200, _) = nested_alias_work(200, 4_000);
    // Twice the aliases over the same text: no more candidates. Keeping
    // every overlapping match would hold about words × aliases of them.
    assert!(
        w200 <= w100 + w100 / 4,
        "candidates grew from {w100} to {w200} for 2× the aliases"
    );
    assert!(w100 <= 4 * 4_000, "{w100} candidates for 4,000 words");
    let (w8k, _) = nested_alias_work(100, 8_000);
    assert!(w8k * 10 <= w100 * 25, "{w100} → {w8k} for 2× the text");
}

/// Mentions and nested mentions of `n` nested aliases of one entity
/// (`ox ox`, …) with a second entity named `ox`, over `words` words.
fn nested_mention_work(n: usize, words: usize) -> u64 {
    let aliases = (2..=n).map(|k| vec!["ox"; k].join(" ")).collect();
    let es = vec![
        entity("oxen", "ox ox ox ox ox ox", aliases),
        entity("ox", "ox", vec![]),
    ];
    let m = dossier::analyse::matcher::Matcher::new(&es);
    let text = vec!["ox"; words].join(" ");
    let (w, (hits, nested)) = counted(|| {
        work::take(&work::MATCH_CANDIDATES);
        let found = m.find_with_nested(&text);
        (work::take(&work::MATCH_CANDIDATES), found)
    });
    assert_eq!(hits.len(), words.div_ceil(n));
    // Every word inside a mention of the other entity is a nested `ox`.
    let inside: usize = hits
        .iter()
        .filter(|h| h.entity.get() == 0)
        .map(|h| text[h.start..h.end].split(' ').count())
        .sum();
    assert_eq!(nested.len(), inside);
    assert!(nested.iter().all(|h| h.entity.get() == 1));
    w
}

#[test]
fn nested_mentions_are_found_in_bounded_work() {
    let _g = serial();
    let (w100, w200) = (
        nested_mention_work(100, 4_000),
        nested_mention_work(200, 4_000),
    );
    // Within a mention the search skips its entity's own shorter names at
    // once, instead of going down them one by one.
    assert!(
        w200 <= w100 + w100 / 4,
        "candidates grew from {w100} to {w200} for 2× the aliases"
    );
    let w8k = nested_mention_work(100, 8_000);
    assert!(w8k * 10 <= w100 * 25, "{w100} → {w8k} for 2× the text");
}

/// Quote-attribution work for one article made of a single paragraph of
/// `n` copies of `unit`, and the quotes found.
fn quote_work(unit: &str, n: usize) -> (u64, usize) {
    let d = Dossier::new();
    d.add_article("quotes", "Quotes", "2025-04-05", &[], &unit.repeat(n));
    counted(|| {
        work::take(&work::QUOTE_READS);
        let r = d.check().unwrap_or_else(|f| panic!("{}", d.render(&f)));
        (work::take(&work::QUOTE_READS), r.quotes)
    })
}

#[test]
fn a_paragraph_of_many_quotes_costs_linear_work() {
    let _g = serial();
    let shapes = [
        // No sentence end and no speech verb: one "sentence" of quotes
        // whose every rule would read it whole.
        "\u{201c}one two three four\u{201d} Mali and ",
        // Sentences of one paragraph: quotes with speakers, pronouns, a
        // quote standing alone after its speaker's, mentions between.
        "\"Word one,\" said Sergei Lavrov. \"Word two,\" he added. \"More.\" \
         Abdoulaye Diop said \"no\" to Mali, ",
    ];
    for unit in shapes {
        let ((small, q_small), (big, q_big)) = (quote_work(unit, 300), quote_work(unit, 600));
        assert!(
            small > 0 && q_small >= 300,
            "{unit:?}: the counter counts ({small}, {q_small} quotes)"
        );
        assert!(q_big >= 2 * q_small - 2, "{unit:?}: every quote is read");
        // Twice the quotes: at most about twice the work. Reading the
        // whole paragraph (or every earlier speaker) per quote would be 4×.
        assert!(
            big * 10 <= small * 25,
            "{unit:?}: quote work grew {:.2}× for 2× the quotes ({small} → {big})",
            big as f64 / small as f64
        );
    }
}
