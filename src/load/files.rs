//! Reading the dossier's files without surprises: every file the loader
//! lists is read or is an error naming it. Symlinks are followed while
//! they stay inside the dossier (as in `static/`); pipes, devices, folders
//! where a file is expected, unreadable files and folders, and files over
//! the size limit are errors, never skipped. A pipe never blocks: files
//! are checked before they are opened, and opened non-blocking.
//!
//! Above the checked [`Reader`], the loader's one text cache ([`Cx::read`]):
//! every file `load` reads, seeds included, is read once, decoded, and kept
//! with its line index for locating errors later.

use crate::error::{Error, Loc};
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// Largest file read by default (`max_file_mb` in dossier.yaml).
pub const DEFAULT_LIMIT_MB: u64 = 50;

/// Why a file could not be read, ready to be placed at a location.
#[derive(Debug)]
pub enum Problem {
    /// Nothing at that path.
    Missing,
    /// Anything else: (message, help).
    Bad(String, String),
}

impl Problem {
    /// The error for `rel`, at `at`.
    pub fn error(self, rel: &Path, at: Loc) -> Error {
        match self {
            Problem::Missing => Error::BadFile {
                at,
                message: format!("{} does not exist", rel.display()),
                help: "check the file name".into(),
            },
            Problem::Bad(message, help) => Error::BadFile {
                at,
                message: format!("{} {message}", rel.display()),
                help,
            },
        }
    }
}

/// The dossier root, resolved once.
pub struct Reader {
    root: PathBuf,
    root_real: Option<PathBuf>,
    /// In bytes.
    pub limit: u64,
}

impl Reader {
    pub fn new(root: &Path) -> Reader {
        Reader {
            root: root.to_path_buf(),
            root_real: fs::canonicalize(root).ok(),
            limit: DEFAULT_LIMIT_MB * 1024 * 1024,
        }
    }

    /// Whether anything (a file, a folder, a link, even a broken one) is
    /// at `rel`.
    pub fn exists(&self, rel: &Path) -> bool {
        fs::symlink_metadata(self.root.join(rel)).is_ok()
    }

    /// Where `rel` really is, when it stays inside the dossier.
    fn resolve(&self, rel: &Path) -> Result<PathBuf, Problem> {
        let abs = self.root.join(rel);
        if fs::symlink_metadata(&abs).is_err() {
            // A missing file, or one inside an unreadable folder.
            return Err(match fs::symlink_metadata(&abs) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Problem::Missing,
                Err(e) => io_problem(&e),
                Ok(_) => Problem::Missing,
            });
        }
        let real = fs::canonicalize(&abs).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Problem::Bad(
                "is a link to a file that does not exist".into(),
                "fix or remove the link".into(),
            ),
            _ => io_problem(&e),
        })?;
        match &self.root_real {
            Some(root) if !real.starts_with(root) => Err(Problem::Bad(
                "is a link leading outside the dossier folder".into(),
                "copy the file into the dossier instead of linking to it".into(),
            )),
            _ => Ok(real),
        }
    }

    /// The bytes of the file at `rel` (relative to the root).
    pub fn read(&self, rel: &Path) -> Result<Vec<u8>, Problem> {
        let real = self.resolve(rel)?;
        let meta = fs::metadata(&real).map_err(|e| io_problem(&e))?;
        check_kind(&meta)?;
        if meta.len() > self.limit {
            return Err(self.too_big(meta.len()));
        }
        let mut file = open_nonblocking(&real).map_err(|e| io_problem(&e))?;
        // Checked again on the open file: it may have been swapped since.
        check_kind(&file.metadata().map_err(|e| io_problem(&e))?)?;
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        (&mut file)
            .take(self.limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| io_problem(&e))?;
        if bytes.len() as u64 > self.limit {
            return Err(self.too_big(bytes.len() as u64));
        }
        Ok(bytes)
    }

    fn too_big(&self, len: u64) -> Problem {
        Problem::Bad(
            format!(
                "is larger than the limit of {} MB ({} MB or more)",
                self.limit / (1024 * 1024),
                len.div_ceil(1024 * 1024)
            ),
            "raise `max_file_mb` in content/dossier.yaml if the file is really that large".into(),
        )
    }

    /// The entries of folder `dir` (relative to the root) whose extension
    /// is one of `exts`, sorted by name, as paths relative to the root;
    /// nothing when the folder does not exist. Each is checked when read.
    pub fn list(&self, dir: &str, exts: &[&str]) -> Result<Vec<PathBuf>, Error> {
        let rel = Path::new(dir);
        if !self.exists(rel) {
            return Ok(Vec::new());
        }
        let at = || Loc::file(rel);
        let real = self.resolve(rel).map_err(|p| p.error(rel, at()))?;
        let entries = fs::read_dir(&real).map_err(|e| {
            if real.is_file() {
                Problem::Bad(
                    "is a file, not a folder".into(),
                    "move the file away and make a folder".into(),
                )
                .error(rel, at())
            } else {
                io_problem(&e).error(rel, at())
            }
        })?;
        let mut out = Vec::new();
        for e in entries {
            let e = e.map_err(|e| io_problem(&e).error(rel, at()))?;
            let name = e.file_name();
            let p = Path::new(&name);
            if p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| exts.contains(&x))
            {
                out.push(rel.join(&name));
            }
        }
        out.sort();
        Ok(out)
    }
}

fn check_kind(meta: &fs::Metadata) -> Result<(), Problem> {
    if meta.is_file() {
        Ok(())
    } else if meta.is_dir() {
        Err(Problem::Bad(
            "is a folder, not a file".into(),
            "rename the folder, or put the file in its place".into(),
        ))
    } else {
        Err(Problem::Bad(
            "is not a regular file (a pipe, socket or device)".into(),
            "replace it with an ordinary file".into(),
        ))
    }
}

fn io_problem(e: &std::io::Error) -> Problem {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => Problem::Bad(
            "cannot be read: permission denied".into(),
            "give yourself read access (and for a folder, execute access): chmod u+rX".into(),
        ),
        _ if e.raw_os_error() == Some(libc::ELOOP) => Problem::Bad(
            "is a link that leads to itself (a loop)".into(),
            "fix or remove the link".into(),
        ),
        _ => Problem::Bad(
            format!("cannot be read: {e}"),
            "check the file and its folder".into(),
        ),
    }
}

#[cfg(unix)]
fn open_nonblocking(p: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(p)
}

#[cfg(not(unix))]
fn open_nonblocking(p: &Path) -> std::io::Result<fs::File> {
    fs::File::open(p)
}

// ------------------------------------------------------- the text cache ----

use super::*;

impl Cx {
    /// A file of the dossier, read once, decoded and kept; `None` when it
    /// cannot be read (its error reported, at the file).
    pub(super) fn read(&mut self, rel: &Path) -> Option<Rc<Doc>> {
        match self.read_named(rel) {
            Ok(doc) => doc,
            Err(p) => {
                self.errors.push(p.error(rel, Loc::file(rel)));
                None
            }
        }
    }

    /// Like [`Cx::read`], for a file another one names (a seed, by its
    /// article): a problem opening it comes back for the caller to place
    /// at the line naming it. `Ok(None)`: it is not valid text (reported,
    /// in the file itself).
    pub(super) fn read_named(&mut self, rel: &Path) -> Result<Option<Rc<Doc>>, Problem> {
        if let Some(doc) = self.texts.get(rel) {
            return Ok(Some(doc.clone()));
        }
        let bytes = self.files.read(rel)?;
        match seed::decode(rel, bytes) {
            Ok(s) => {
                let doc = Rc::new(Doc::new(s));
                self.texts.insert(rel.to_path_buf(), doc.clone());
                Ok(Some(doc))
            }
            Err(e) => {
                self.errors.push(e);
                Ok(None)
            }
        }
    }

    /// The file an article's metadata was read from: its
    /// `content/articles/` file, or else the front matter of its seed.
    pub(super) fn article_file(&self, a: &Article) -> PathBuf {
        ["yaml", "yml"]
            .iter()
            .map(|ext| Path::new("content/articles").join(format!("{}.{ext}", a.id)))
            .find(|p| self.texts.contains_key(p))
            .unwrap_or_else(|| a.seed.clone())
    }

    /// A file [`Cx::read`] gave before (empty if it could not: its error
    /// was reported then).
    pub(super) fn reread(&self, rel: &Path) -> Rc<Doc> {
        self.texts.get(rel).cloned().unwrap_or_default()
    }

    /// A YAML file's value; `None` when it has an error (reported). An
    /// empty file is an empty list or mapping.
    pub(super) fn parse<T: serde::de::DeserializeOwned>(
        &mut self,
        rel: &Path,
        text: &str,
    ) -> Option<T> {
        match yaml::parse(rel, text) {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    /// Like [`Cx::parse`], with where each top-level key is written.
    pub(super) fn parse_keyed<T: serde::de::DeserializeOwned>(
        &mut self,
        rel: &Path,
        text: &str,
    ) -> Option<(T, yaml::Keys)> {
        match yaml::parse_keyed(rel, text) {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    /// Files of a folder under the root with one of `exts`, sorted by name,
    /// as paths relative to the root. An unreadable folder is an error,
    /// not an empty one.
    pub(super) fn list(&mut self, dir: &str, exts: &[&str]) -> Vec<PathBuf> {
        match self.files.list(dir, exts) {
            Ok(l) => l,
            Err(e) => {
                self.errors.push(e);
                Vec::new()
            }
        }
    }
}
