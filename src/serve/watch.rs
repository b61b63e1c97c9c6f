//! The watcher side of `serve`: which changes trigger a rebuild, gathered
//! into bursts.

use super::{Event, WATCHED};
use crate::error::Error;
use notify::{EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

/// How long the watcher waits for a burst of changes (an editor's save,
/// a `git checkout`) to end before rebuilding.
const DEBOUNCE: Duration = Duration::from_millis(40);

/// The watched folders of one dossier and the changes seen in them.
pub(super) struct Watch {
    root: PathBuf,
    watcher: notify::RecommendedWatcher,
    rx: Receiver<notify::Result<notify::Event>>,
    watching: Vec<&'static str>,
}

impl Watch {
    /// Watches the folders that exist, and the root itself (not
    /// recursively) to see `static/` or `templates/` appear.
    pub(super) fn start(root: &Path) -> Result<Watch, Error> {
        let serr = |message: String| Error::Serve { message };
        let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
        let mut watcher = notify::recommended_watcher(tx)
            .map_err(|e| serr(format!("cannot watch files: {e}")))?;
        let mut watching = Vec::new();
        for d in WATCHED {
            let p = root.join(d);
            if p.is_dir() {
                watcher
                    .watch(&p, RecursiveMode::Recursive)
                    .map_err(|e| serr(format!("cannot watch {}: {e}", p.display())))?;
                watching.push(d);
            }
        }
        watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| serr(format!("cannot watch {}: {e}", root.display())))?;
        Ok(Watch {
            root: root.to_path_buf(),
            watcher,
            rx,
            watching,
        })
    }

    /// The next burst of relevant changes, paths relative to the root;
    /// `None` once `stop` turns true.
    pub(super) fn next_burst(
        &mut self,
        stop: &AtomicBool,
        emit: &(dyn Fn(Event) + Sync),
    ) -> Option<Vec<PathBuf>> {
        while !stop.load(Ordering::Relaxed) {
            let Ok(first) = self.rx.recv_timeout(Duration::from_millis(100)) else {
                continue;
            };
            let mut changed = Vec::new();
            let mut collect = |r: notify::Result<notify::Event>| match r {
                // Reads (the build's own) change nothing.
                Ok(e) if matches!(e.kind, EventKind::Access(_)) => {}
                Ok(e) => changed.extend(e.paths),
                Err(e) => emit(Event::Warning {
                    message: format!("file watcher: {e}"),
                }),
            };
            collect(first);
            // Debounce: the burst is over when nothing came for DEBOUNCE.
            while let Ok(more) = self.rx.recv_timeout(DEBOUNCE) {
                collect(more);
            }
            changed.extend(self.watch_new_folders(emit));
            let changed = relevant(&self.root, changed);
            if !changed.is_empty() {
                return Some(changed);
            }
        }
        None
    }

    /// A watched folder created since the start: watch it too, and count
    /// it as changed.
    fn watch_new_folders(&mut self, emit: &(dyn Fn(Event) + Sync)) -> Vec<PathBuf> {
        let mut created = Vec::new();
        for d in WATCHED {
            let p = self.root.join(d);
            if !self.watching.contains(&d) && p.is_dir() {
                match self.watcher.watch(&p, RecursiveMode::Recursive) {
                    Ok(()) => self.watching.push(d),
                    Err(e) => emit(Event::Warning {
                        message: format!("cannot watch {}: {e}", p.display()),
                    }),
                }
                created.push(p);
            }
        }
        created
    }
}

/// The paths that matter: under one of the watched folders, not an
/// editor's swap or backup file.
fn relevant(root: &Path, paths: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = paths
        .into_iter()
        .filter_map(|p| {
            let rel = p
                .strip_prefix(root)
                .ok()
                .map(Path::to_path_buf)
                .or_else(|| {
                    let real_root = std::fs::canonicalize(root).ok()?;
                    p.strip_prefix(real_root).ok().map(Path::to_path_buf)
                })?;
            let name = rel.file_name()?.to_string_lossy().into_owned();
            let editor_noise = name.starts_with(".#")
                || name.ends_with('~')
                || name.ends_with(".swp")
                || name.ends_with(".swx")
                || name == "4913";
            let watched = rel
                .components()
                .next()
                .is_some_and(|c| WATCHED.iter().any(|w| c.as_os_str() == *w));
            (watched && !editor_noise).then_some(rel)
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_watched_folders_and_no_editor_files_trigger_a_build() {
        let root = Path::new("/d");
        let got = relevant(
            root,
            vec![
                "/d/content/articles/a.yaml".into(),
                "/d/seeds/.#x.txt".into(),
                "/d/seeds/x.txt~".into(),
                "/d/public/index.html".into(),
                "/d/.dossier-serve/site/index.html".into(),
                "/d/seeds/x.txt".into(),
                "/d/seeds/x.txt".into(),
            ],
        );
        assert_eq!(
            got,
            vec![
                PathBuf::from("content/articles/a.yaml"),
                PathBuf::from("seeds/x.txt")
            ]
        );
    }
}
