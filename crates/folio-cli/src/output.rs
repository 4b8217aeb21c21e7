//! Writing outputs atomically: a temporary file in the same folder, renamed into place
//! once complete (see [`crate::commit`]), so a failed run never leaves a half-written
//! file and never destroys an existing one.
//!
//! A temporary file is named `.folio-PID-RANDOM.tmp`, after the process that writes it,
//! which also holds it locked while it lives; it is made with the permissions the umask
//! gives a new file (`0666 & !umask`), the ones the output keeps when it is new. A run
//! removes the temporary files in its output folder that runs which are gone left
//! ([`sweep_stale`]).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use folio::pdf::PdfOut;

use crate::interrupt::{Recorded, record_file, record_folders, record_tree};

/// An output written in full to a temporary file beside its path and flushed to disk,
/// not yet in place: [`crate::commit::put_in_place`] renames it into place; dropped
/// before, it is removed. Staging is the slow part (the write and the flush), so each
/// edition can do it as soon as it is made, and the editions are put in place together
/// once all of them are.
pub struct Staged {
    /// The temporary file.
    pub file: tempfile::NamedTempFile,
    /// Where it goes.
    pub path: PathBuf,
    /// Its record for an interrupt, struck once it is renamed or removed (declared after
    /// `file`, so dropped after the file is removed).
    pub recorded: Recorded,
}

/// A folder of files written in full into a temporary folder beside its path
/// (`.folio-PID-RANDOM.tmp`, held locked while it lives) and flushed to disk, not yet in
/// place: [`crate::commit::put_in_place`] renames it into place with the editions;
/// dropped before, it is removed with what it holds.
pub struct StagedFolder {
    /// The temporary folder.
    pub temporary: PathBuf,
    /// Where it goes.
    pub path: PathBuf,
    /// The temporary folder opened, holding its lock.
    _lock: Option<std::fs::File>,
    /// Its record for an interrupt (declared after the lock: struck once the folder is
    /// renamed or removed).
    _recorded: Recorded,
}

impl StagedFolder {
    /// The folder is in place (renamed): nothing is left to remove.
    pub fn placed(mut self) {
        self.temporary = PathBuf::new();
    }
}

impl Drop for StagedFolder {
    fn drop(&mut self) {
        if !self.temporary.as_os_str().is_empty() {
            let _ = std::fs::remove_dir_all(&self.temporary);
        }
    }
}

/// Writes `files` (each a path relative to the folder, with `/` between its parts, and
/// its bytes) into a temporary folder beside `path`, to be put in place as `path`.
pub fn stage_folder(path: &Path, files: &[(String, &[u8])]) -> anyhow::Result<StagedFolder> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let cannot = || format!("cannot write {}", path.display());
    let (temporary, recorded) = record_tree(|| {
        let prefix = temporary_prefix();
        let mut attempt = 0u32;
        loop {
            let random = random_suffix(attempt);
            let temporary = dir.join(format!("{prefix}{random}{TEMPORARY_SUFFIX}"));
            // made with what the umask leaves of rwxrwxrwx, as for any new folder
            match std::fs::create_dir(&temporary) {
                Ok(()) => return Ok((temporary.clone(), temporary)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
    })
    .with_context(|| format!("cannot write into {}", dir.display()))?;
    // held while the folder lives, so that no other run takes it for a stale one
    let lock = std::fs::File::open(&temporary).ok();
    if let Some(lock) = &lock {
        let _ = lock.try_lock();
    }
    let staged = StagedFolder {
        temporary,
        path: path.to_owned(),
        _lock: lock,
        _recorded: recorded,
    };
    for (relative, bytes) in files {
        let file = staged.temporary.join(relative);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).with_context(cannot)?;
        }
        let out = std::fs::File::create_new(&file).with_context(cannot)?;
        write_flushed(&out, bytes).with_context(cannot)?;
    }
    // the folder's entries flushed too, so that a crash cannot keep its name and lose them
    if let Ok(folder) = std::fs::File::open(&staged.temporary) {
        let _ = folder.sync_all();
    }
    Ok(staged)
}

/// Random letters for a temporary name, different at each `attempt`.
fn random_suffix(attempt: u32) -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(attempt);
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    format!("{:012x}", hasher.finish() & 0xffff_ffff_ffff)
}

/// Writes `bytes` into a temporary file beside `path`, to be put in place.
pub fn stage(path: &Path, bytes: &[u8]) -> anyhow::Result<Staged> {
    let (file, recorded) = temporary_beside(path)?;
    write_flushed(file.as_file(), bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(Staged {
        file,
        path: path.to_owned(),
        recorded,
    })
}

/// Stages the PDF that `make` writes into its [`PdfOut`]: the pieces it hands over go
/// to a thread that writes each into the temporary file while the next is made, so
/// the file is written when the last piece is, and no copy of it is kept in memory.
/// When `make` fails, its error is given and the temporary file removed; when the file
/// cannot be written, the error says so. (Without a thread, which could not be started,
/// the pieces are gathered and written at the end.)
pub fn stage_pieces<T, E>(
    path: &Path,
    make: impl FnOnce(&mut dyn PdfOut) -> Result<T, E>,
) -> anyhow::Result<Result<(T, Staged), E>> {
    let (file, recorded) = temporary_beside(path)?;
    let cannot = || format!("cannot write {}", path.display());
    let into = file.as_file().try_clone().with_context(cannot)?;
    let (sender, pieces) = std::sync::mpsc::sync_channel(PIECES_IN_FLIGHT);
    let (made, written) = std::thread::scope(|scope| {
        let writer = std::thread::Builder::new()
            .name("folio-out".into())
            .spawn_scoped(scope, move || write_pieces(into, pieces));
        match writer {
            Ok(writer) => {
                let made = make(&mut Pieces(sender));
                let written = writer
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (made, written)
            }
            Err(_) => {
                let mut bytes = Vec::new();
                let made = make(&mut bytes);
                let written = match made {
                    Ok(_) => write_flushed(file.as_file(), &bytes),
                    Err(_) => Ok(()),
                };
                (made, written)
            }
        }
    });
    let made = match made {
        Ok(made) => made,
        // the temporary file goes with `file`
        Err(e) => return Ok(Err(e)),
    };
    written.with_context(cannot)?;
    Ok(Ok((
        made,
        Staged {
            file,
            path: path.to_owned(),
            recorded,
        },
    )))
}

/// How many pieces may wait for the writing thread (each about a megabyte).
const PIECES_IN_FLIGHT: usize = 4;

/// How many bytes the writing thread writes between flushes to disk.
const SYNC_EVERY: usize = 4 << 20;

/// What the writing thread of [`stage_pieces`] is sent.
enum Piece {
    Bytes(Vec<u8>),
    /// The file is written again from its start.
    Restart,
}

/// The [`PdfOut`] of [`stage_pieces`]: each piece goes to the writing thread. Should
/// that thread have stopped (the file could not be written), the pieces are dropped
/// and the error is given once the PDF is made.
struct Pieces(std::sync::mpsc::SyncSender<Piece>);

impl PdfOut for Pieces {
    fn piece(&mut self, bytes: Vec<u8>) {
        let _ = self.0.send(Piece::Bytes(bytes));
    }

    fn restart(&mut self) {
        let _ = self.0.send(Piece::Restart);
    }
}

/// The writing thread of [`stage_pieces`]: writes the pieces into `file` as they come,
/// flushing every [`SYNC_EVERY`] bytes and once more when they are all written.
fn write_pieces(
    mut file: std::fs::File,
    pieces: std::sync::mpsc::Receiver<Piece>,
) -> std::io::Result<()> {
    use std::io::Seek;
    let mut unsynced = 0;
    for piece in pieces {
        match piece {
            Piece::Bytes(bytes) => {
                file.write_all(&bytes)?;
                unsynced += bytes.len();
                // flushed on the way, so that little is left to wait for at the end
                if unsynced >= SYNC_EVERY {
                    file.sync_data()?;
                    unsynced = 0;
                }
            }
            Piece::Restart => {
                file.set_len(0)?;
                file.rewind()?;
            }
        }
    }
    file.sync_all()
}

/// Writes `bytes` into `file` and flushes it to disk.
fn write_flushed(mut file: &std::fs::File, bytes: &[u8]) -> std::io::Result<()> {
    file.write_all(bytes)?;
    file.sync_all()
}

/// The start of the names of this process's temporary files: `.folio-PID-`.
pub fn temporary_prefix() -> String {
    format!(".folio-{}-", std::process::id())
}

/// The end of the names of temporary files.
pub const TEMPORARY_SUFFIX: &str = ".tmp";

/// A new temporary file beside `path`, in the same folder so that it can be renamed
/// into place, recorded for an interrupt and locked while it lives.
fn temporary_beside(path: &Path) -> anyhow::Result<(tempfile::NamedTempFile, Recorded)> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let (file, recorded) = record_file(|| {
        let mut builder = tempfile::Builder::new();
        let prefix = temporary_prefix();
        builder.prefix(&prefix).suffix(TEMPORARY_SUFFIX);
        // what the umask leaves of rw-rw-rw-, as for any new file (tempfile's own
        // default is 0600)
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let file = builder.tempfile_in(dir)?;
        let path = file.path().to_owned();
        Ok::<_, std::io::Error>((file, path))
    })
    .with_context(|| format!("cannot write into {}", dir.display()))?;
    // held while the file lives, so that no other run takes it for a stale one; a file
    // system without locks still gets the file (the owner's pid is in its name)
    let _ = file.as_file().try_lock();
    Ok((file, recorded))
}

/// Removes the temporary files and folders (`.folio-PID-RANDOM.tmp`) in `dir` that runs
/// which are gone left behind (stopped with SIGKILL, or by a power cut): those whose PID is no
/// live process and that no process holds locked. A live run's files are never touched.
/// On Linux only, where `/proc` tells which processes live; elsewhere nothing is removed.
pub fn sweep_stale(dir: &Path) {
    #[cfg(target_os = "linux")]
    {
        let proc = Path::new("/proc");
        if !proc.join("self").exists() {
            return;
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let Some(pid) = entry.file_name().to_str().and_then(temporary_owner) else {
                continue;
            };
            if pid == std::process::id() || proc.join(pid.to_string()).exists() {
                continue;
            }
            let path = entry.path();
            let Ok(metadata) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            if !metadata.is_file() && !metadata.is_dir() {
                continue;
            }
            let unlocked = std::fs::File::open(&path).is_ok_and(|file| file.try_lock().is_ok());
            if unlocked && metadata.is_dir() {
                // a staged media folder, or a folder it replaced
                let _ = std::fs::remove_dir_all(&path);
            } else if unlocked {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = dir;
}

/// The process id in the name of a temporary file, `.folio-PID-RANDOM.tmp`.
fn temporary_owner(name: &str) -> Option<u32> {
    let middle = name
        .strip_prefix(".folio-")?
        .strip_suffix(TEMPORARY_SUFFIX)?;
    let (pid, random) = middle.split_once('-')?;
    if random.is_empty() || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// The folder the outputs go to, created if it is missing (with its missing parents),
/// and removed again when nothing was put in it: a failed export leaves no empty
/// folders behind.
pub struct OutputDir {
    /// The folders created, the innermost first.
    created: Vec<PathBuf>,
    /// Their record for an interrupt (declared after `created`: struck once they are
    /// removed).
    _recorded: Recorded,
}

impl OutputDir {
    /// Creates `path` and its parents, those that are missing.
    pub fn create(path: &Path) -> anyhow::Result<OutputDir> {
        let (created, recorded) = record_folders(|| {
            let created = path
                .ancestors()
                .take_while(|folder| !folder.as_os_str().is_empty() && !folder.exists())
                .map(Path::to_owned)
                .collect();
            std::fs::create_dir_all(path)?;
            Ok(created)
        })
        .with_context(|| format!("cannot create {}", path.display()))?;
        Ok(OutputDir {
            created,
            _recorded: recorded,
        })
    }

    /// Keeps the folders created: the outputs are in place.
    pub fn keep(mut self) {
        self.created.clear();
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        for folder in &self.created {
            // fails, as it should, once an output is in it
            if std::fs::remove_dir(folder).is_err() {
                break;
            }
        }
    }
}

/// The names in `dir`, sorted: for the tests of this crate's modules.
#[cfg(test)]
pub(crate) fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn pieces_are_written_in_order_and_a_restart_forgets_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.pdf");
        let staged = stage_pieces(&path, |out| {
            out.piece(b"thrown away".to_vec());
            out.restart();
            for n in 0..100u8 {
                out.piece(vec![n; 70_000]);
            }
            Ok::<_, std::convert::Infallible>(7)
        })
        .unwrap()
        .unwrap();
        assert_eq!(staged.0, 7);
        // staged, not yet in place
        assert!(!path.exists());
        assert_eq!(
            crate::commit::put_in_place(
                dir.path(),
                vec![staged.1],
                Vec::new(),
                Duration::ZERO,
                || {}
            )
            .unwrap(),
            std::slice::from_ref(&path)
        );
        let written = std::fs::read(&path).unwrap();
        let expected: Vec<u8> = (0..100u8).flat_map(|n| vec![n; 70_000]).collect();
        assert!(written == expected, "{} bytes written", written.len());
        assert_eq!(files_in(dir.path()), ["out.pdf"]);
    }

    #[test]
    fn a_failed_make_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.pdf");
        let failed = stage_pieces(&path, |out| {
            out.piece(vec![1; 5 << 20]);
            Err::<(), _>("no")
        })
        .unwrap();
        assert!(matches!(failed, Err("no")));
        assert!(
            files_in(dir.path()).is_empty(),
            "{:?}",
            files_in(dir.path())
        );
    }

    #[test]
    fn temporary_files_carry_their_owner_and_the_umask_mode() {
        let dir = tempfile::tempdir().unwrap();
        let staged = stage(&dir.path().join("x.json"), b"{}").unwrap();
        let name = staged.file.path().file_name().unwrap().to_str().unwrap();
        assert_eq!(temporary_owner(name), Some(std::process::id()));
        assert!(crate::interrupt::is_recorded(staged.file.path()));
        // held locked while it lives
        let other = std::fs::File::open(staged.file.path()).unwrap();
        assert!(other.try_lock().is_err());
        let path = staged.file.path().to_owned();
        drop(staged);
        assert!(!path.exists());
        assert!(!crate::interrupt::is_recorded(&path));
        assert_eq!(temporary_owner(".folio-12-a1b2c3.tmp"), Some(12));
        for name in [
            ".folio-abc123.tmp",
            ".folio--x.tmp",
            ".folio-12-.tmp",
            "folio-12-x.tmp",
            ".folio-12-x.pdf",
        ] {
            assert_eq!(temporary_owner(name), None, "{name}");
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn only_the_files_of_runs_that_are_gone_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let gone = child.id();
        child.wait().unwrap();
        let at = |name: String| dir.path().join(name);
        let stale = at(format!(".folio-{gone}-stale1.tmp"));
        let stale_folder = at(format!(".folio-{gone}-stale2.tmp"));
        std::fs::create_dir_all(stale_folder.join("charts")).unwrap();
        std::fs::write(stale_folder.join("charts/a.png"), "x").unwrap();
        let held = at(format!(".folio-{gone}-held01.tmp"));
        let live = at(".folio-1-live01.tmp".to_owned());
        let own = at(format!(".folio-{}-own001.tmp", std::process::id()));
        let other = at(format!(".folio-{gone}.tmp"));
        for path in [&stale, &held, &live, &own, &other] {
            std::fs::write(path, "x").unwrap();
        }
        let holder = std::fs::File::open(&held).unwrap();
        holder.lock().unwrap();
        sweep_stale(dir.path());
        assert!(!stale.exists());
        assert!(!stale_folder.exists());
        for kept in [&held, &live, &own, &other] {
            assert!(kept.exists(), "{}", kept.display());
        }
    }
}
