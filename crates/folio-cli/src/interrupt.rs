//! Runs stopped by SIGINT (Ctrl-C) or SIGTERM (what `kill` and `timeout` send): the
//! temporary files and the folders the run made are removed, and the process exits
//! with 128 and the signal's number (130 or 143).
//!
//! Everything a run makes that must not outlive it is recorded here while it is made,
//! under one lock, so that a signal, whenever it comes, finds it. The renames that put
//! the editions in place are not cut in the middle: a signal waits for them (they take
//! milliseconds), and the editions are then all in place or all as they were.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// What the runs of this process have made and not yet put in place or removed.
struct Made {
    /// Temporary files, and a folder's lock file while it is held.
    files: Vec<PathBuf>,
    /// Folders created for outputs, the innermost of each run first.
    folders: Vec<PathBuf>,
    /// Temporary folders, removed with what they hold (a staged media folder).
    trees: Vec<PathBuf>,
}

static MADE: Mutex<Made> = Mutex::new(Made {
    files: Vec::new(),
    folders: Vec::new(),
    trees: Vec::new(),
});

/// Held while editions are being renamed into place (see [`putting_in_place`]).
static PUTTING_IN_PLACE: Mutex<()> = Mutex::new(());

fn made() -> MutexGuard<'static, Made> {
    MADE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Held while the editions are renamed into place and while any of them is put back:
/// a signal waits until it is dropped.
pub struct PuttingInPlace {
    _guard: MutexGuard<'static, ()>,
}

/// Holds off signals until the returned guard is dropped.
pub fn putting_in_place() -> PuttingInPlace {
    PuttingInPlace {
        _guard: PUTTING_IN_PLACE
            .lock()
            .unwrap_or_else(PoisonError::into_inner),
    }
}

/// A file or folders recorded as made; dropped, the record is struck (the file was put
/// in place or removed, the folders kept or removed).
#[derive(Debug)]
pub struct Recorded {
    files: Vec<PathBuf>,
    folders: Vec<PathBuf>,
    trees: Vec<PathBuf>,
}

impl Drop for Recorded {
    fn drop(&mut self) {
        if self.files.is_empty() && self.folders.is_empty() && self.trees.is_empty() {
            return;
        }
        let mut made = made();
        for tree in &self.trees {
            if let Some(at) = made.trees.iter().position(|t| t == tree) {
                made.trees.swap_remove(at);
            }
        }
        for file in &self.files {
            if let Some(at) = made.files.iter().position(|f| f == file) {
                made.files.swap_remove(at);
            }
        }
        for folder in &self.folders {
            if let Some(at) = made.folders.iter().position(|f| f == folder) {
                made.folders.remove(at);
            }
        }
    }
}

/// Makes a file with `make`, which gives it and its path, and records the path, both
/// under the record's lock: a signal comes before the file is made or after it is
/// recorded.
pub fn record_file<T, E>(
    make: impl FnOnce() -> Result<(T, PathBuf), E>,
) -> Result<(T, Recorded), E> {
    let mut made = made();
    let (file, path) = make()?;
    made.files.push(path.clone());
    Ok((
        file,
        Recorded {
            files: vec![path],
            folders: Vec::new(),
            trees: Vec::new(),
        },
    ))
}

/// Makes a temporary folder with `make`, which gives it and its path, and records the
/// path, both under the record's lock: a signal removes the folder with what it holds.
pub fn record_tree<T, E>(
    make: impl FnOnce() -> Result<(T, PathBuf), E>,
) -> Result<(T, Recorded), E> {
    let mut made = made();
    let (tree, path) = make()?;
    made.trees.push(path.clone());
    Ok((
        tree,
        Recorded {
            files: Vec::new(),
            folders: Vec::new(),
            trees: vec![path],
        },
    ))
}

/// Creates folders with `make`, which gives those it created (the innermost first), and
/// records them, under the record's lock.
pub fn record_folders(
    make: impl FnOnce() -> std::io::Result<Vec<PathBuf>>,
) -> std::io::Result<(Vec<PathBuf>, Recorded)> {
    let mut made = made();
    let folders = make()?;
    made.folders.extend(folders.iter().cloned());
    Ok((
        folders.clone(),
        Recorded {
            files: Vec::new(),
            folders,
            trees: Vec::new(),
        },
    ))
}

/// Removes what was made and not put in place, then ends the process with status 128 +
/// `signal`. Waits for renames under way to finish first.
pub fn interrupted(signal: i32) -> ! {
    let _renames_done = putting_in_place();
    // held until the process ends: nothing more is made
    let made = made();
    remove_made(&made);
    eprintln!(
        "folio: interrupted by {}; temporary files removed",
        signal_name(signal)
    );
    std::process::exit(128 + signal)
}

fn remove_made(made: &Made) {
    for file in &made.files {
        let _ = std::fs::remove_file(file);
    }
    for tree in &made.trees {
        let _ = std::fs::remove_dir_all(tree);
    }
    for folder in &made.folders {
        // fails, as it should, once an edition is in it
        let _ = std::fs::remove_dir(folder);
    }
}

fn signal_name(signal: i32) -> String {
    match signal {
        2 => "SIGINT".to_owned(),
        15 => "SIGTERM".to_owned(),
        other => format!("signal {other}"),
    }
}

/// Starts a thread that waits for SIGINT and SIGTERM, then removes the temporary files
/// and folders the runs of this process made and ends it with status 130 or 143. The
/// `folio` binary calls it once, first thing; a program that runs [`crate::run`] itself
/// keeps its own handling of signals. Elsewhere than on Unix, it does nothing (the
/// system's default ends the process, and what it leaves stays).
pub fn handle_signals() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
        std::thread::Builder::new()
            .name("folio-signals".into())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    interrupted(signal);
                }
            })?;
    }
    Ok(())
}

/// Whether `path` is recorded as made (for tests).
#[cfg(test)]
pub fn is_recorded(path: &std::path::Path) -> bool {
    let made = made();
    made.files
        .iter()
        .chain(&made.folders)
        .chain(&made.trees)
        .any(|p| p == path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_struck_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("file");
        let (_, recorded) = record_file(|| Ok::<_, ()>(((), path.clone()))).unwrap();
        assert!(is_recorded(&path));
        drop(recorded);
        assert!(!is_recorded(&path));
        let folder = dir.path().join("a");
        let (folders, recorded) = record_folders(|| Ok(vec![folder.clone()])).unwrap();
        assert_eq!(folders, std::slice::from_ref(&folder));
        assert!(is_recorded(&folder));
        drop(recorded);
        assert!(!is_recorded(&folder));
        // a failed make records nothing
        let failed = record_file(|| Err::<((), PathBuf), _>(std::io::Error::other("no")));
        assert!(failed.is_err());
    }

    #[test]
    fn what_was_made_is_removed_and_what_holds_an_edition_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let temporary = dir.path().join(".folio-1-x.tmp");
        std::fs::write(&temporary, "partial").unwrap();
        let empty = dir.path().join("empty/inner");
        std::fs::create_dir_all(&empty).unwrap();
        let full = dir.path().join("full");
        std::fs::create_dir(&full).unwrap();
        std::fs::write(full.join("x.pdf"), "an edition").unwrap();
        let tree = dir.path().join(".folio-1-tree.tmp");
        std::fs::create_dir_all(tree.join("charts")).unwrap();
        std::fs::write(tree.join("charts/a.png"), "an image").unwrap();
        remove_made(&Made {
            files: vec![temporary.clone()],
            folders: vec![empty.clone(), dir.path().join("empty"), full.clone()],
            trees: vec![tree.clone()],
        });
        assert!(!tree.exists());
        assert!(!temporary.exists());
        assert!(!dir.path().join("empty").exists());
        assert!(full.join("x.pdf").exists());
    }
}
