//! Writing outputs atomically: a temporary file in the same folder, renamed into place
//! once complete, so a failed run never leaves a half-written file and never destroys
//! an existing one.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use folio::pdf::PdfOut;

/// An output written in full to a temporary file beside its path and flushed to disk,
/// not yet in place: [`Staged::commit`] renames it into place; dropped uncommitted, it
/// is removed. Staging is the slow part (the write and the flush), so each edition can
/// do it as soon as it is made, and the editions are put in place together once all of
/// them are.
pub struct Staged {
    file: tempfile::NamedTempFile,
    path: PathBuf,
}

/// Writes `bytes` into a temporary file beside `path`, for [`Staged::commit`].
pub fn stage(path: &Path, bytes: &[u8]) -> anyhow::Result<Staged> {
    let file = temporary_beside(path)?;
    write_flushed(file.as_file(), bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(Staged {
        file,
        path: path.to_owned(),
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
    let file = temporary_beside(path)?;
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

/// A new temporary file beside `path`, in the same folder so that it can be renamed
/// into place.
fn temporary_beside(path: &Path) -> anyhow::Result<tempfile::NamedTempFile> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    tempfile::Builder::new()
        .prefix(".folio-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write into {}", dir.display()))
}

impl Staged {
    /// Puts the output in place, replacing the file there; gives its path.
    pub fn commit(self) -> anyhow::Result<PathBuf> {
        let Staged { file, path } = self;
        // a temporary file is private (0600); an output is not: keep the permissions of
        // the file it replaces, or give the usual ones
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let permissions = std::fs::metadata(&path)
                .map(|existing| existing.permissions())
                .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644));
            file.as_file()
                .set_permissions(permissions)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        file.persist(&path)
            .map_err(|e| e.error)
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(path)
    }
}

/// The folder the outputs go to, created if it is missing (with its missing parents),
/// and removed again when nothing was put in it: a failed export leaves no empty
/// folders behind.
pub struct OutputDir {
    /// The folders created, the innermost first.
    created: Vec<PathBuf>,
}

impl OutputDir {
    /// Creates `path` and its parents, those that are missing.
    pub fn create(path: &Path) -> anyhow::Result<OutputDir> {
        let created = path
            .ancestors()
            .take_while(|folder| !folder.as_os_str().is_empty() && !folder.exists())
            .map(Path::to_owned)
            .collect();
        std::fs::create_dir_all(path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        Ok(OutputDir { created })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

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
        assert_eq!(staged.1.commit().unwrap(), path);
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
}
