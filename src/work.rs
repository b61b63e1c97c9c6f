//! Work counters for the complexity tests (`tests/complexity.rs`): each
//! counts the units of work of a loop whose cost could grow faster than its
//! input, so a test can assert that doubling an input does not quadruple
//! the work, without timing anything. One relaxed atomic add per call (not
//! per byte), and only on the threads of a [`counted`] pool: nothing
//! measurable at run time. Not an API.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

/// Bytes of block text scanned for sentence boundaries.
pub static SENTENCE_BYTES: AtomicU64 = AtomicU64::new(0);
/// Bytes of Markdown scanned for `[[…]]` links.
pub static WIKILINK_BYTES: AtomicU64 = AtomicU64::new(0);
/// Mentions looked at to tell whether a capitalised group is one.
pub static CANDIDATE_STEPS: AtomicU64 = AtomicU64::new(0);
/// Candidate matches the mention matcher looked at (and, before the
/// leftmost-longest search, held in memory at once).
pub static MATCH_CANDIDATES: AtomicU64 = AtomicU64::new(0);
/// Tokens, mentions and earlier speakers handed to the quote-attribution
/// rules for each quote (its sentence window, the mentions between it and
/// the quote before, the pronoun antecedents in reach).
pub static QUOTE_READS: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// Whether this thread's work is counted: only the threads of a
    /// [`counted`] pool's, so work other threads do meanwhile (the other
    /// tests of the binary, on rayon's global pool) never reaches a counter.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

pub(crate) fn add(counter: &AtomicU64, n: usize) {
    if COUNTING.with(Cell::get) {
        counter.fetch_add(n as u64, Ordering::Relaxed);
    }
}

/// Runs `f` on a thread pool of its own whose threads count their work
/// (rayon's parallel loops inside `f` run there too).
pub fn counted<R: Send>(f: impl FnOnce() -> R + Send) -> Result<R, rayon::ThreadPoolBuildError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .start_handler(|_| COUNTING.with(|c| c.set(true)))
        .build()?;
    Ok(pool.install(f))
}

/// Reads and resets a counter.
pub fn take(counter: &AtomicU64) -> u64 {
    counter.swap(0, Ordering::Relaxed)
}
