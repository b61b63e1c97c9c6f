//! Work counters for the complexity tests (`tests/complexity.rs`): each
//! counts the units of work of a loop whose cost could grow faster than its
//! input, so a test can assert that doubling an input does not quadruple
//! the work, without timing anything. One relaxed atomic add per call (not
//! per byte): nothing measurable at run time. Not an API.

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

pub(crate) fn add(counter: &AtomicU64, n: usize) {
    counter.fetch_add(n as u64, Ordering::Relaxed);
}

/// Reads and resets a counter.
pub fn take(counter: &AtomicU64) -> u64 {
    counter.swap(0, Ordering::Relaxed)
}
