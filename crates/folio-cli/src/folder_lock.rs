//! The output folder's lock: one run at a time renames its editions into a folder, so
//! two exports into one folder give one run's set or the other's, never a mix.
//!
//! The lock is an advisory lock (`flock` on Unix, `LockFileEx` on Windows) on
//! `DIR/.folio.lock`, held from just before the renames until just after. On Unix the
//! run that holds it removes the file before letting go, so no stray file stays in the
//! folder; a run that was waiting then finds that the file it locked is no longer the
//! one in the folder, and locks the new one instead. Elsewhere the file is kept.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::interrupt::{Recorded, record_file};

/// The lock file's name in the output folder.
pub const LOCK_FILE: &str = ".folio.lock";

/// How long a run waits for another to finish with the folder, by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// How often a waiting run tries the lock again.
const POLL: Duration = Duration::from_millis(100);

/// The lock held; dropped, the lock file is removed (on Unix) and the lock let go.
#[derive(Debug)]
pub struct FolderLock {
    path: PathBuf,
    /// Open while the lock is held (dropped after the file is removed).
    _file: File,
    /// The lock file's record for an interrupt, which removes it with the rest.
    _recorded: Recorded,
}

impl FolderLock {
    /// Takes the lock of `dir`, waiting up to `timeout` for a run that holds it;
    /// `waiting` is called once if this run has to wait. A file system that has no
    /// locks gives `Ok(None)`: the run goes on without it.
    pub fn take(
        dir: &Path,
        timeout: Duration,
        mut waiting: impl FnMut(),
    ) -> anyhow::Result<Option<FolderLock>> {
        let path = dir.join(LOCK_FILE);
        let started = Instant::now();
        let mut told = false;
        loop {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .with_context(|| format!("cannot open the lock file {}", path.display()))?;
            loop {
                // tried under the record's lock: a signal finds the file recorded once
                // it is held
                let attempt = record_file(|| match file.try_lock() {
                    Ok(()) if is_the_file_at(&file, &path) => Ok(((), path.clone())),
                    Ok(()) => Err(Refused::Removed),
                    Err(TryLockError::WouldBlock) => Err(Refused::Held),
                    Err(TryLockError::Error(_)) => Err(Refused::NoLocks),
                });
                match attempt {
                    Ok(((), recorded)) => {
                        return Ok(Some(FolderLock {
                            path,
                            _file: file,
                            _recorded: recorded,
                        }));
                    }
                    // the run that held it removed it: lock the one there now
                    Err(Refused::Removed) => break,
                    Err(Refused::NoLocks) => return Ok(None),
                    Err(Refused::Held) => {
                        if started.elapsed() >= timeout {
                            bail!(
                                "another folio run is writing into {} (it holds {}); gave up after waiting {} s, and nothing was written",
                                dir.display(),
                                path.display(),
                                timeout.as_secs_f64()
                            );
                        }
                        if !told {
                            waiting();
                            told = true;
                        }
                        std::thread::sleep(POLL.min(timeout.saturating_sub(started.elapsed())));
                    }
                }
            }
        }
    }
}

/// How long to wait for another run writing into the output folder:
/// `FOLIO_LOCK_TIMEOUT` (seconds, for tests and scripts), else 60 s. A value that is
/// not a number of seconds is ignored with a warning.
pub fn timeout(err: &mut dyn std::io::Write) -> std::io::Result<Duration> {
    let Some(value) = std::env::var_os("FOLIO_LOCK_TIMEOUT") else {
        return Ok(DEFAULT_TIMEOUT);
    };
    let text = value.to_string_lossy();
    match text.trim().parse::<f64>() {
        Ok(seconds) if (0.0..=1e9).contains(&seconds) => Ok(Duration::from_secs_f64(seconds)),
        _ => {
            writeln!(
                err,
                "folio: warning: FOLIO_LOCK_TIMEOUT={text:?} is not a number of seconds; waiting up to {} s",
                DEFAULT_TIMEOUT.as_secs()
            )?;
            Ok(DEFAULT_TIMEOUT)
        }
    }
}

/// Why the lock was not taken.
enum Refused {
    /// Another run holds it.
    Held,
    /// The file locked is no longer the one in the folder.
    Removed,
    /// The file system has no locks.
    NoLocks,
}

/// Whether `file` is still the file at `path` (on Unix: the same device and inode);
/// elsewhere, where the lock file is never removed, it is.
fn is_the_file_at(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(held), Ok(there)) => held.dev() == there.dev() && held.ino() == there.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        // removed while still held: a run waiting on this file finds it gone and
        // locks the next one
        #[cfg(unix)]
        let _ = std::fs::remove_file(&self.path);
        #[cfg(not(unix))]
        let _ = &self.path;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_then_gives_up_and_the_file_goes_with_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let first = FolderLock::take(dir.path(), DEFAULT_TIMEOUT, || panic!("no wait"))
            .unwrap()
            .expect("a file system with locks");
        let mut waited = 0;
        let started = Instant::now();
        let second = FolderLock::take(dir.path(), Duration::from_millis(300), || waited += 1);
        let error = second.expect_err("the lock is held").to_string();
        assert!(started.elapsed() >= Duration::from_millis(300));
        assert_eq!(waited, 1);
        assert!(
            error.contains("another folio run is writing into"),
            "{error}"
        );
        drop(first);
        #[cfg(unix)]
        assert!(!dir.path().join(LOCK_FILE).exists());
        let third = FolderLock::take(dir.path(), Duration::ZERO, || panic!("no wait"));
        assert!(third.unwrap().is_some());
    }

    #[test]
    fn a_run_waiting_on_a_removed_lock_file_locks_the_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let first = FolderLock::take(dir.path(), DEFAULT_TIMEOUT, || {})
            .unwrap()
            .unwrap();
        let path = dir.path().to_owned();
        let waiter = std::thread::spawn(move || {
            FolderLock::take(&path, Duration::from_secs(20), || {})
                .unwrap()
                .unwrap()
        });
        std::thread::sleep(Duration::from_millis(300));
        drop(first);
        let second = waiter.join().unwrap();
        // the waiter holds the file now in the folder, so a third run must wait
        assert!(dir.path().join(LOCK_FILE).exists());
        let third = FolderLock::take(dir.path(), Duration::from_millis(200), || {});
        assert!(third.is_err());
        drop(second);
    }
}
