//! Writing outputs atomically: a temporary file in the same folder, renamed into place
//! once complete, so a failed run never leaves a half-written file and never destroys
//! an existing one.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

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
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut file = tempfile::Builder::new()
        .prefix(".folio-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write into {}", dir.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(Staged {
        file,
        path: path.to_owned(),
    })
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
