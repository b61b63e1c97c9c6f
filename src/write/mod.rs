//! Stage 4: put the site on disk without ever costing the user the one
//! they had.
//!
//! Everything is written into a staging folder beside the output (same
//! file system, so the final step is a rename), links are checked before
//! that, and the staging folder is swapped in only when all succeeded.
//! On Linux the swap is one atomic `renameat2(RENAME_EXCHANGE)`: there is
//! no instant where the output is missing. A build killed at any point
//! leaves the previous output as it was; its leftovers are removed by the
//! next build.

mod data;
mod links;

use crate::analyse::Analysis;
use crate::error::Error;
use crate::model::Dossier;
use crate::render::OutFile;
use rayon::prelude::*;
use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

/// Marks a folder as made by dossier, so that we only ever replace our own
/// output, never a folder the user pointed us at by mistake.
const MARKER: &str = ".dossier-output";

#[derive(Debug)]
pub struct Written {
    pub files: usize,
    pub bytes: u64,
}

/// The data files the site carries besides its pages, ready for
/// [`write`]. Kept apart from `write` so `dossier check` can build them
/// too without touching the disk.
pub fn data_files(d: &Dossier, a: &Analysis, pages: &[OutFile]) -> Vec<OutFile> {
    let mut out = vec![OutFile {
        path: "dossier.json".into(),
        bytes: data::dossier_json(d, a),
    }];
    let html: Vec<&str> = pages
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| p.ends_with(".html"))
        .collect();
    if let Some(s) = data::sitemap(d, &html) {
        out.push(OutFile {
            path: "sitemap.xml".into(),
            bytes: s,
        });
    }
    if let Some(f) = data::atom(d) {
        out.push(OutFile {
            path: "atom.xml".into(),
            bytes: f,
        });
    }
    out
}

/// Static files of the dossier (`static/`), as (site path, file on disk).
/// Symlinks leading outside the dossier are refused: a dossier shared
/// between colleagues must not publish someone's home folder.
pub fn static_files(root: &Path) -> Result<Vec<(String, PathBuf)>, Vec<Error>> {
    let dir = root.join("static");
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let root_real = fs::canonicalize(root).map_err(|e| {
        vec![Error::Io {
            path: root.to_path_buf(),
            message: e.to_string(),
        }]
    })?;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut walk = walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(Error::Io {
                    path: e.path().map_or(dir.clone(), Path::to_path_buf),
                    message: e.to_string(),
                });
                continue;
            }
        };
        let real = match fs::canonicalize(entry.path()) {
            Ok(r) => r,
            Err(e) => {
                errors.push(Error::Io {
                    path: entry.path().to_path_buf(),
                    message: e.to_string(),
                });
                continue;
            }
        };
        let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
        if !real.starts_with(&root_real) {
            errors.push(Error::Invalid {
                at: crate::error::Loc::file(Path::new("static").join(rel)),
                message: "this link points outside the dossier folder".into(),
                help: Some("copy the file into static/ instead of linking to it".into()),
            });
            // One error per link: not one more per file behind it.
            if entry.file_type().is_dir() {
                walk.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_file() {
            let site_path = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((site_path, entry.path().to_path_buf()));
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Checks links over pages, data and static files; writes them into a
/// staging folder; swaps it in for `output`.
pub fn write(
    files: &[OutFile],
    statics: &[(String, PathBuf)],
    root_path: &str,
    output: &Path,
) -> Result<Written, Vec<Error>> {
    // Paths are ours, but a bug must never write outside the output.
    for f in files {
        if !is_inside(&f.path) {
            return Err(vec![Error::Write {
                path: PathBuf::from(&f.path),
                message: "refusing a path outside the output folder".into(),
            }]);
        }
    }
    let generated: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut errors = Vec::new();
    for (p, _) in statics {
        if generated.contains(p.as_str()) {
            errors.push(Error::Invalid {
                at: crate::error::Loc::file(Path::new("static").join(p)),
                message: format!("static file `{p}` would replace a generated page"),
                help: Some("rename or move the file".into()),
            });
        }
    }
    let extra: HashSet<String> = statics.iter().map(|(p, _)| p.clone()).collect();
    let view: Vec<(&str, &[u8])> = files
        .iter()
        .map(|f| (f.path.as_str(), f.bytes.as_slice()))
        .collect();
    errors.extend(links::check(&view, &extra, root_path));
    if !errors.is_empty() {
        return Err(errors);
    }

    let (staging, old) = side_paths(output);
    remove_leftovers(&staging, &old).map_err(|e| vec![e])?;
    if output.exists() && !output.join(MARKER).exists() && !is_empty_dir(output) {
        return Err(vec![Error::Write {
            path: output.to_path_buf(),
            message: "exists and was not made by dossier; refusing to replace it".into(),
        }]);
    }

    let result = write_tree(&staging, files, statics).and_then(|written| {
        swap_in(&staging, output, &old)?;
        Ok(written)
    });
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result.map_err(|e| vec![e])
}

fn write_tree(
    staging: &Path,
    files: &[OutFile],
    statics: &[(String, PathBuf)],
) -> Result<Written, Error> {
    let werr = |p: &Path, e: std::io::Error| Error::Write {
        path: p.to_path_buf(),
        message: e.to_string(),
    };
    fs::create_dir_all(staging).map_err(|e| werr(staging, e))?;
    // Folders first (sorted, deduplicated), so the parallel writes below
    // each create exactly one file.
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .map(|f| f.path.as_str())
        .chain(statics.iter().map(|(p, _)| p.as_str()))
        .filter_map(|p| Path::new(p).parent().map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        let p = staging.join(d);
        fs::create_dir_all(&p).map_err(|e| werr(&p, e))?;
    }
    fs::write(
        staging.join(MARKER),
        b"This folder is generated by dossier and replaced by each build.\n",
    )
    .map_err(|e| werr(staging, e))?;
    files.par_iter().try_for_each(|f| {
        let p = staging.join(&f.path);
        fs::write(&p, &f.bytes).map_err(|e| werr(&p, e))
    })?;
    statics.par_iter().try_for_each(|(site, src)| {
        let p = staging.join(site);
        fs::copy(src, &p).map(|_| ()).map_err(|e| werr(&p, e))
    })?;
    let bytes = files.iter().map(|f| f.bytes.len() as u64).sum::<u64>();
    Ok(Written {
        files: files.len() + statics.len(),
        bytes,
    })
}

/// The staging and old-output folders: hidden siblings of the output.
fn side_paths(output: &Path) -> (PathBuf, PathBuf) {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = output.parent().unwrap_or(Path::new("."));
    (
        parent.join(format!(".{name}.dossier-staging")),
        parent.join(format!(".{name}.dossier-old")),
    )
}

/// What an interrupted build may have left.
fn remove_leftovers(staging: &Path, old: &Path) -> Result<(), Error> {
    for p in [staging, old] {
        if p.exists() {
            fs::remove_dir_all(p).map_err(|e| Error::Write {
                path: p.to_path_buf(),
                message: format!("cannot remove the leftover of an interrupted build: {e}"),
            })?;
        }
    }
    Ok(())
}

fn swap_in(staging: &Path, output: &Path, old: &Path) -> Result<(), Error> {
    let werr = |p: &Path, e: std::io::Error| Error::Write {
        path: p.to_path_buf(),
        message: e.to_string(),
    };
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(|e| werr(parent, e))?;
    }
    if !output.exists() {
        return fs::rename(staging, output).map_err(|e| werr(output, e));
    }
    if exchange(staging, output).is_ok() {
        // `staging` now holds the previous output.
        return fs::remove_dir_all(staging).map_err(|e| werr(staging, e));
    }
    // Fallback for systems without an atomic exchange: two renames. A crash
    // between them leaves the previous site in `old`, which the user can
    // still move back; the next build cleans it up.
    fs::rename(output, old).map_err(|e| werr(output, e))?;
    if let Err(e) = fs::rename(staging, output) {
        let _ = fs::rename(old, output);
        return Err(werr(output, e));
    }
    fs::remove_dir_all(old).map_err(|e| werr(old, e))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both pointers are valid NUL-terminated strings for the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::new(
        std::io::ErrorKind::Unsupported,
        "no atomic exchange",
    ))
}

fn is_empty_dir(p: &Path) -> bool {
    fs::read_dir(p)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false)
}

/// A relative path with no `..`, no root, no drive: stays inside.
fn is_inside(p: &str) -> bool {
    !p.is_empty()
        && Path::new(p)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_paths() {
        assert!(is_inside("a/b/index.html"));
        assert!(!is_inside("../x"));
        assert!(!is_inside("/etc/passwd"));
        assert!(!is_inside("a/../../x"));
        assert!(!is_inside(""));
    }
}
