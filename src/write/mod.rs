//! Stage 4: put the site on disk without ever costing the user the one
//! they had.
//!
//! Disk work only: everything is written into a staging folder beside the
//! output (same file system, so the final step is a rename) as it is
//! rendered and verified ([`crate::verify`]), and the staging folder is
//! swapped in only when all succeeded.
//! On Linux the swap is one atomic `renameat2(RENAME_EXCHANGE)`: there is
//! no instant where the output is missing. A build killed at any point
//! leaves the previous output as it was; its leftovers are removed by the
//! next build. One build at a time writes to an output: [`lock_output`].

use crate::error::{Error, StaticProblem, Warning};
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
    /// Things that went wrong once the new site was in place (an old tree
    /// that could not be deleted): the build succeeded all the same.
    pub warnings: Vec<Warning>,
}

/// Static files of the dossier (`static/`), as (site path, file on disk).
/// Symlinks leading outside the dossier are refused: a dossier shared
/// between colleagues must not publish someone's home folder; so are links
/// into the output folder (`output`, resolved), which would publish the
/// previous site inside the new one.
pub fn static_files(
    root: &Path,
    output: Option<&Path>,
) -> Result<Vec<(String, PathBuf)>, Vec<Error>> {
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
        let kind = entry.file_type();
        if let Some(problem) = static_problem(&real, &root_real, output, kind) {
            errors.push(Error::BadStatic {
                at: crate::error::Loc::file(Path::new("static").join(rel)),
                problem,
            });
            // One error per link: not one more per file behind it.
            if kind.is_dir() {
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

/// Why an entry of `static/` (at `real`, links resolved) cannot be copied.
fn static_problem(
    real: &Path,
    root_real: &Path,
    output: Option<&Path>,
    kind: fs::FileType,
) -> Option<StaticProblem> {
    if !real.starts_with(root_real) {
        Some(StaticProblem::OutsideDossier)
    } else if output.is_some_and(|o| real.starts_with(o)) {
        Some(StaticProblem::IntoOutput)
    } else if !kind.is_file() && !kind.is_dir() {
        Some(StaticProblem::NotAFile)
    } else {
        None
    }
}

/// Holds the lock on one output folder: while it lives, no other dossier
/// process (a `build`, a `serve`) writes to that output. Released when
/// dropped (or when the process dies: it is an `flock`).
#[derive(Debug)]
pub struct OutputLock {
    file: fs::File,
    output: PathBuf,
}

impl Drop for OutputLock {
    /// Unlocks before the file closes: a process forked by another thread
    /// of this one (a test harness, a host program) holds a copy of the
    /// descriptor until it execs, and an `flock` lives until every copy is
    /// closed, unless it is released explicitly.
    fn drop(&mut self) {
        unlock(&self.file);
    }
}

impl OutputLock {
    /// The output folder the lock is for, absolute, symlinks resolved: the
    /// folder that is really replaced.
    pub fn output(&self) -> &Path {
        &self.output
    }
}

/// Takes the lock on `output` (a lock file beside it, `.<name>.dossier-lock`),
/// resolving a symlinked output to its target first, so that a build into
/// the link and one into the target take the same lock. A second process
/// asking for the same output is refused with [`Error::Busy`] rather than
/// left waiting without a word.
pub fn lock_output(output: &Path) -> Result<OutputLock, Error> {
    let real = resolve_output(output)?;
    let (parent, name) = parent_and_name(&real)?;
    if fs::metadata(&real).is_ok_and(|m| !m.is_dir()) {
        return Err(Error::Write {
            path: real,
            message: "is a file, not a folder; refusing to replace it".into(),
        });
    }
    fs::create_dir_all(&parent).map_err(|e| Error::Write {
        path: parent.clone(),
        message: e.to_string(),
    })?;
    let lock_path = parent.join(format!(".{name}.dossier-lock"));
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&lock_path)
        .map_err(|e| Error::Write {
            path: lock_path.clone(),
            message: e.to_string(),
        })?;
    try_flock(&file).map_err(|e| {
        if e.kind() == std::io::ErrorKind::WouldBlock {
            Error::Busy {
                output: real.clone(),
            }
        } else {
            Error::Write {
                path: lock_path.clone(),
                message: format!("cannot lock: {e}"),
            }
        }
    })?;
    Ok(OutputLock { file, output: real })
}

#[cfg(unix)]
fn try_flock(file: &fs::File) -> std::io::Result<()> {
    use std::os::unix::io::AsRawFd;
    // SAFETY: the descriptor is open for the duration of the call.
    let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(unix))]
fn try_flock(_: &fs::File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn unlock(file: &fs::File) {
    use std::os::unix::io::AsRawFd;
    // SAFETY: the descriptor is open for the duration of the call.
    unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_UN) };
}

#[cfg(not(unix))]
fn unlock(_: &fs::File) {}

/// The output as an absolute path with every symlink resolved (the output
/// itself may be a link: the swap happens at its target, so the link keeps
/// pointing at the new site). A part that does not exist yet is kept as
/// given, under its resolved existing ancestor.
pub fn resolve_output(output: &Path) -> Result<PathBuf, Error> {
    let err = |message: String| Error::Write {
        path: output.to_path_buf(),
        message,
    };
    let abs = if output.is_absolute() {
        output.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| err(e.to_string()))?
            .join(output)
    };
    if fs::symlink_metadata(&abs).is_ok() {
        return fs::canonicalize(&abs).map_err(|e| {
            err(format!(
                "is a link that cannot be followed ({e}); point it at a folder or remove it"
            ))
        });
    }
    // Find the deepest ancestor that exists, resolve it, add the rest.
    let mut rest = Vec::new();
    let mut cur = abs.as_path();
    while let Some(parent) = cur.parent() {
        let name = cur
            .file_name()
            .ok_or_else(|| err("has `..` after a folder that does not exist".into()))?;
        rest.push(name.to_os_string());
        cur = parent;
        if fs::symlink_metadata(cur).is_ok() {
            break;
        }
    }
    let mut real = fs::canonicalize(cur).map_err(|e| err(e.to_string()))?;
    for part in rest.iter().rev() {
        real.push(part);
    }
    Ok(real)
}

fn parent_and_name(output: &Path) -> Result<(PathBuf, String), Error> {
    match (output.parent(), output.file_name()) {
        (Some(parent), Some(name)) => Ok((parent.to_path_buf(), name.to_string_lossy().into())),
        _ => Err(Error::Write {
            path: output.to_path_buf(),
            message: "the output must be a folder of its own, not the root of the file system"
                .into(),
        }),
    }
}

/// Refuses an output folder where the build would read it back as input
/// (inside `static/`, `content/`, `seeds/` or `templates/`, which would
/// copy the previous site into the new one at every build) or that holds
/// the dossier itself. `output` is resolved ([`resolve_output`]).
pub fn check_output_location(root: &Path, output: &Path) -> Result<(), Error> {
    let Ok(root_real) = fs::canonicalize(root) else {
        return Ok(()); // Loading reports an unreadable root.
    };
    if root_real.starts_with(output) {
        return Err(Error::Write {
            path: output.to_path_buf(),
            message: "the output folder would contain the dossier itself; choose a folder inside or beside it, such as public/".into(),
        });
    }
    for dir in INPUT_DIRS {
        if let Ok(input) = fs::canonicalize(root.join(dir)) {
            if output.starts_with(&input) {
                return Err(Error::Write {
                    path: output.to_path_buf(),
                    message: format!(
                        "the output folder is inside {dir}/, which the build reads: each build would publish the previous one; choose a folder outside it, such as public/"
                    ),
                });
            }
        }
    }
    Ok(())
}

/// The folders of a dossier that a build reads.
const INPUT_DIRS: [&str; 4] = ["static", "content", "seeds", "templates"];

/// The staging folder of one build, beside the locked output: files are
/// written into it as they are rendered ([`Staging::file`], from any
/// thread), and [`Staging::finish`] flushes it to the disk and swaps it in.
/// Dropped without `finish` (a render or link error, a failed write), it
/// removes itself: the output is never touched before the swap.
pub struct Staging<'l> {
    lock: &'l OutputLock,
    dir: PathBuf,
    parent: PathBuf,
    name: String,
    unique: String,
    warnings: Vec<Warning>,
    /// Folders created so far (relative), each flushed before the swap.
    dirs: std::sync::Mutex<HashSet<PathBuf>>,
    files: std::sync::atomic::AtomicUsize,
    bytes: std::sync::atomic::AtomicU64,
    done: bool,
}

impl<'l> Staging<'l> {
    /// Checks that the output is ours (nothing is deleted before that),
    /// removes what interrupted builds left, and makes the staging folder
    /// with its marker.
    pub fn begin(lock: &'l OutputLock) -> Result<Staging<'l>, Error> {
        let output = lock.output();
        let (parent, name) = parent_and_name(output)?;
        if fs::symlink_metadata(output).is_ok()
            && !output.join(MARKER).exists()
            && !is_empty_dir(output)
        {
            return Err(Error::Write {
                path: output.to_path_buf(),
                message: "exists and was not made by dossier; refusing to replace it".into(),
            });
        }
        let warnings = remove_leftovers(&parent, &name);
        let unique = format!(
            "{}.{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        );
        let dir = parent.join(format!(".{name}.dossier-staging.{unique}"));
        fs::create_dir(&dir).map_err(|e| werr(&dir, e))?;
        let staging = Staging {
            lock,
            dir,
            parent,
            name,
            unique,
            warnings,
            dirs: Default::default(),
            files: Default::default(),
            bytes: Default::default(),
            done: false,
        };
        // The marker first: a leftover of a killed build is then
        // recognisably ours, and only ours is ever deleted.
        write_file(
            &staging.dir.join(MARKER),
            b"This folder is generated by dossier and replaced by each build.\n",
        )
        .map_err(|e| werr(&staging.dir, e))?;
        Ok(staging)
    }

    /// Writes one generated file (its folders made as needed).
    pub fn file(&self, f: &OutFile) -> Result<(), Error> {
        if !is_inside(&f.path) {
            return Err(Error::Write {
                path: PathBuf::from(&f.path),
                message: "refusing a path outside the output folder".into(),
            });
        }
        let p = self.dir.join(&f.path);
        self.folders_for(&f.path)?;
        write_file(&p, &f.bytes).map_err(|e| werr(&p, e))?;
        self.files
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.bytes
            .fetch_add(f.bytes.len() as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }

    /// Writes one generated file through `write`, which gets a buffered
    /// writer on it (for a file too large to hold in memory first).
    pub fn stream(
        &self,
        path: &str,
        write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), Error> {
        if !is_inside(path) {
            return Err(Error::Write {
                path: PathBuf::from(path),
                message: "refusing a path outside the output folder".into(),
            });
        }
        let p = self.dir.join(path);
        self.folders_for(path)?;
        let mut w = Counting(
            std::io::BufWriter::new(fs::File::create(&p).map_err(|e| werr(&p, e))?),
            0,
        );
        write(&mut w)
            .and_then(|()| std::io::Write::flush(&mut w))
            .map_err(|e| werr(&p, e))?;
        self.files
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.bytes
            .fetch_add(w.1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }

    /// Reads back a file written into the staging folder (the search index
    /// is built from the pages once they are all there).
    pub fn read(&self, site_path: &str) -> Result<Vec<u8>, Error> {
        let p = self.dir.join(site_path);
        fs::read(&p).map_err(|e| Error::Io {
            path: p,
            message: e.to_string(),
        })
    }

    /// Makes the folders of a site path not made yet, remembering each.
    fn folders_for(&self, site_path: &str) -> Result<(), Error> {
        let Some(parent) = Path::new(site_path).parent() else {
            return Ok(());
        };
        if parent.as_os_str().is_empty() {
            return Ok(());
        }
        // Made under the lock: a folder in the set exists on the disk.
        let mut dirs = self.dirs.lock().unwrap_or_else(|e| e.into_inner());
        if dirs.contains(parent) {
            return Ok(());
        }
        let p = self.dir.join(parent);
        fs::create_dir_all(&p).map_err(|e| werr(&p, e))?;
        for a in parent.ancestors().filter(|a| !a.as_os_str().is_empty()) {
            if !dirs.insert(a.to_path_buf()) {
                break;
            }
        }
        Ok(())
    }

    /// Copies the static files, flushes everything to the disk, and swaps
    /// the staging folder in for the output.
    pub fn finish(mut self, statics: &[(String, PathBuf)]) -> Result<Written, Vec<Error>> {
        let copy = |(site, src): &(String, PathBuf)| {
            let p = self.dir.join(site);
            self.folders_for(site)?;
            fs::copy(src, &p).map_err(|e| werr(&p, e))?;
            self.files
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok::<(), Error>(())
        };
        statics.par_iter().try_for_each(copy).map_err(|e| vec![e])?;
        // Everything written reaches the disk before the swap: the swap
        // must not publish a tree that a power loss could empty.
        let dirs: Vec<PathBuf> = self
            .dirs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .map(|d| self.dir.join(d))
            .chain(std::iter::once(self.dir.clone()))
            .collect();
        let files = self.files.load(std::sync::atomic::Ordering::Relaxed);
        flush_tree(&self.dir, &dirs, files).map_err(|e| vec![e])?;
        let old = self
            .parent
            .join(format!(".{}.dossier-old.{}", self.name, self.unique));
        let output = self.lock.output();
        let w = swap_in(&self.dir, output, &old, &self.parent).map_err(|e| vec![e])?;
        self.done = true;
        let mut warnings = std::mem::take(&mut self.warnings);
        warnings.extend(w);
        Ok(Written {
            files: self.files.load(std::sync::atomic::Ordering::Relaxed),
            bytes: self.bytes.load(std::sync::atomic::Ordering::Relaxed),
            warnings,
        })
    }
}

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// A writer that counts the bytes through it.
pub struct Counting<W>(pub W, pub u64);

impl<W: std::io::Write> std::io::Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.0.write(buf)?;
        self.1 += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

fn werr(p: &Path, e: std::io::Error) -> Error {
    Error::Write {
        path: p.to_path_buf(),
        message: e.to_string(),
    }
}

/// Sites of at least this many files are flushed with one `syncfs`.
const SYNCFS_MIN_FILES: usize = 1000;

/// Flushes a staging tree of `files` files to the disk. For a large site on
/// Linux, one `syncfs` on its file system flushes every file and folder
/// written (errors included, since Linux 5.8): one call instead of an
/// `fsync` per file, which at 100,000 pages cost more than writing them.
/// It also waits for whatever else is dirty on that file system, so a small
/// site (and any site elsewhere) flushes each file and folder in turn, in
/// parallel: a cost that follows its own size.
fn flush_tree(root: &Path, dirs: &[PathBuf], files: usize) -> Result<(), Error> {
    #[cfg(target_os = "linux")]
    if files >= SYNCFS_MIN_FILES {
        use std::os::unix::io::AsRawFd;
        let f = fs::File::open(root).map_err(|e| werr(root, e))?;
        // SAFETY: the descriptor is open for the duration of the call.
        if unsafe { libc::syncfs(f.as_raw_fd()) } == 0 {
            return Ok(());
        }
    }
    let mut all = Vec::new();
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.map_err(|e| Error::Write {
            path: root.to_path_buf(),
            message: e.to_string(),
        })?;
        if entry.file_type().is_file() {
            all.push(entry.into_path());
        }
    }
    all.par_iter().try_for_each(|p| {
        fs::File::open(p)
            .and_then(|f| f.sync_all())
            .map_err(|e| werr(p, e))
    })?;
    dirs.par_iter()
        .try_for_each(|d| sync_dir(d).map_err(|e| werr(d, e)))
}

fn write_file(p: &Path, bytes: &[u8]) -> std::io::Result<()> {
    fs::write(p, bytes)
}

fn sync_dir(p: &Path) -> std::io::Result<()> {
    fs::File::open(p)?.sync_all()
}

/// Removes what interrupted builds left beside the output
/// (`.<name>.dossier-staging.*`, `.<name>.dossier-old.*`): only folders
/// marked as ours (or empty). What cannot be removed is a warning naming
/// the folder, never a reason to fail this build.
fn remove_leftovers(parent: &Path, name: &str) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let Ok(entries) = fs::read_dir(parent) else {
        return warnings;
    };
    let prefixes = [
        format!(".{name}.dossier-staging"),
        format!(".{name}.dossier-old"),
    ];
    for e in entries.flatten() {
        let file_name = e.file_name().to_string_lossy().into_owned();
        if !prefixes.iter().any(|p| {
            file_name
                .strip_prefix(p.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
        }) {
            continue;
        }
        let p = e.path();
        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
        if !is_dir || !(p.join(MARKER).exists() || is_empty_dir(&p)) {
            warnings.push(Warning::new(
                "output",
                "site",
                None,
                format!(
                    "{} looks like the leftover of an interrupted build but was not made by dossier; left as it is",
                    p.display()
                ),
            ));
            continue;
        }
        if let Err(e) = fs::remove_dir_all(&p) {
            warnings.push(Warning::new(
                "output",
                "site",
                None,
                format!(
                    "cannot remove {}, the leftover of an earlier build ({e}); remove it yourself",
                    p.display()
                ),
            ));
        }
    }
    warnings
}

/// Swaps the staging folder in. Once the output holds the new site the
/// build has succeeded: failing to delete the previous site afterwards is
/// a warning naming the folder, not an error.
fn swap_in(
    staging: &Path,
    output: &Path,
    old: &Path,
    parent: &Path,
) -> Result<Vec<Warning>, Error> {
    let werr = |p: &Path, e: std::io::Error| Error::Write {
        path: p.to_path_buf(),
        message: e.to_string(),
    };
    let previous = if fs::symlink_metadata(output).is_err() {
        fs::rename(staging, output).map_err(|e| werr(output, e))?;
        None
    } else if exchange(staging, output).is_ok() {
        // `staging` now holds the previous output.
        Some(staging)
    } else {
        // Fallback for systems without an atomic exchange: two renames. A
        // crash between them leaves the previous site in `old`, which the
        // user can still move back.
        fs::rename(output, old).map_err(|e| werr(output, e))?;
        if let Err(e) = fs::rename(staging, output) {
            let _ = fs::rename(old, output);
            return Err(werr(output, e));
        }
        Some(old)
    };
    let mut warnings = Vec::new();
    if let Err(e) = sync_dir(parent) {
        warnings.push(Warning::new(
            "output",
            "site",
            None,
            format!(
                "the new site is in place but {} could not be flushed to the disk: {e}",
                parent.display()
            ),
        ));
    }
    if let Some(prev) = previous {
        if let Err(e) = remove_tree(prev) {
            warnings.push(Warning::new(
                "output",
                "site",
                None,
                format!(
                    "the new site is in place, but the previous one could not be fully removed from {} ({e}); remove that folder yourself",
                    prev.display()
                ),
            ));
        }
    }
    Ok(warnings)
}

/// `remove_dir_all`, its folders emptied in parallel: deleting the
/// previous site of 100,000 pages file by file took longer than writing
/// the new one. Links are removed, never followed.
fn remove_tree(p: &Path) -> std::io::Result<()> {
    let entries: Vec<fs::DirEntry> = fs::read_dir(p)?.collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            remove_tree(&e.path())
        } else {
            fs::remove_file(e.path())
        }
    })?;
    fs::remove_dir(p)
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
pub(crate) fn is_inside(p: &str) -> bool {
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
