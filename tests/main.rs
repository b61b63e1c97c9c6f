//! The integration tests: one test binary, one module per concern (as
//! ripgrep's `tests/tests.rs` and mdBook's `tests/testsuite/`), so the
//! library and its dependencies are linked into one executable instead of
//! one per file. Run them all with `cargo test`, one module with
//! `cargo test --test main -- errors::`.
//!
//! Adding tests: put them in the module of their concern; a new concern is
//! a new file `tests/<concern>.rs` declared below with `mod <concern>;`
//! (Cargo.toml sets `autotests = false`, so a file in `tests/` is never a
//! binary of its own; `every_test_file_is_a_module` fails for one that is
//! not declared here). Build dossiers with the fixture module, not by hand.
//! A file written for the old layout (a binary of its own with `mod
//! common;`, e.g. `verify.rs` or `complexity.rs` from a branch) joins as
//! `mod verify;` here, its `mod common;` deleted and
//! `use crate::fixture::{self, Dossier};` for `common` and `Fixture`.

mod fixture;

mod authoring;
mod build;
mod bundled;
mod complexity;
mod errors;
mod fuzz;
mod safety;
mod search;
mod serve;
mod verify;

/// Every `.rs` file in `tests/` (and every folder there with a `mod.rs` or
/// `main.rs`) is declared above: with `autotests = false`, one left out
/// would never be compiled or run, and its tests would pass by absence.
#[test]
fn every_test_file_is_a_module() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let main = std::fs::read_to_string(dir.join("main.rs")).unwrap();
    let declared = |name: &str| main.lines().any(|l| l.trim() == format!("mod {name};"));
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let is_module = if path.is_dir() {
            path.join("mod.rs").is_file() || path.join("main.rs").is_file()
        } else {
            path.extension().is_some_and(|x| x == "rs") && name != "main"
        };
        if is_module && !declared(&name) {
            missing.push(path.strip_prefix(&dir).unwrap().display().to_string());
        }
    }
    missing.sort();
    assert!(
        missing.is_empty(),
        "not part of the test binary: tests/{missing:?}; declare each as `mod <name>;` in tests/main.rs"
    );
}
