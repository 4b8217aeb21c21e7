//! Putting the editions in place, all of them or none.
//!
//! The editions are staged (written to temporary files beside their names) first. Then,
//! holding the output folder's lock ([`crate::folder_lock`]), every name is checked
//! before the first rename, and the editions are renamed into place one by one; an
//! existing file is kept as a hard link (or a copy) until the last rename has
//! succeeded, so that when a rename fails the files already replaced are put back as
//! they were. A staged folder (the media folder of the XML editions) goes in place the
//! same way: swapped with the folder it replaces in one step where the system can
//! (Linux's `renameat2` with `RENAME_EXCHANGE`), else by moving the old one aside first;
//! the old one is kept until every edition is in place, then removed.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, anyhow, bail};

use crate::folder_lock::FolderLock;
use crate::interrupt::putting_in_place;
use crate::output::{Staged, StagedFolder, TEMPORARY_SUFFIX, sweep_stale, temporary_prefix};

/// The longest file name, in bytes, that file systems take.
const MAX_FILE_NAME_BYTES: usize = 255;

/// Renames the `staged` editions and `folders` into place in `dir`, all or none,
/// holding the folder's lock (waiting up to `lock_timeout` for another run; `waiting`
/// is called if it has to). First removes the temporary files that runs which are gone
/// left there. Gives the paths written, in order (the folders first).
pub fn put_in_place(
    dir: &Path,
    staged: Vec<Staged>,
    folders: Vec<StagedFolder>,
    lock_timeout: Duration,
    waiting: impl FnMut(),
) -> anyhow::Result<Vec<PathBuf>> {
    let _lock = FolderLock::take(dir, lock_timeout, waiting)?;
    let _signals_wait = putting_in_place();
    sweep_stale(dir);
    check_targets(staged.iter().map(|s| s.path.as_path()))?;
    check_folder_targets(folders.iter().map(|f| f.path.as_path()))?;
    replace_all(folders, staged)
}

/// Checks, before anything is renamed, that every folder target can be written: no
/// file or symbolic link of its name is in the way, and the name is not too long.
pub fn check_folder_targets<'a>(targets: impl IntoIterator<Item = &'a Path>) -> anyhow::Result<()> {
    for target in targets {
        if target.file_name().map_or(0, |name| name.len()) > MAX_FILE_NAME_BYTES {
            bail!(
                "cannot write {}: the folder name is longer than the {MAX_FILE_NAME_BYTES} bytes a file system takes; nothing was written",
                target.display()
            );
        }
        if std::fs::symlink_metadata(target).is_ok_and(|m| !m.is_dir()) {
            bail!(
                "cannot write the folder {}: a file of that name is in the way; nothing was written",
                target.display()
            );
        }
    }
    Ok(())
}

/// Checks, before anything is renamed, that every target can be written: no two are
/// the same, no name is too long for a file system, and no folder is in the way.
pub fn check_targets<'a>(targets: impl IntoIterator<Item = &'a Path>) -> anyhow::Result<()> {
    let mut seen = HashSet::new();
    for target in targets {
        if !seen.insert(target) {
            bail!(
                "two editions would be written to {}; nothing was written",
                target.display()
            );
        }
        if target.file_name().map_or(0, |name| name.len()) > MAX_FILE_NAME_BYTES {
            bail!(
                "cannot write {}: the file name is longer than the {MAX_FILE_NAME_BYTES} bytes a file system takes; nothing was written",
                target.display()
            );
        }
        if std::fs::symlink_metadata(target).is_ok_and(|m| m.is_dir()) {
            bail!(
                "cannot write {}: a folder of that name is in the way; nothing was written",
                target.display()
            );
        }
    }
    Ok(())
}

/// Refuses targets that would replace an input (a file given on the command line, a
/// source or font a manifest names, a font given with `--font`), comparing canonical
/// paths, and on Unix the files themselves (which also finds an input on a file system
/// that ignores case).
pub fn refuse_to_replace_inputs(targets: &[PathBuf], inputs: &[PathBuf]) -> anyhow::Result<()> {
    let mut taken: Vec<(PathBuf, &Path)> = Vec::new();
    for input in inputs {
        if let Ok(real) = input.canonicalize() {
            taken.push((real, input));
        }
        // an input given through a symbolic link: the link itself would be replaced
        if let (Some(name), Ok(folder)) = (input.file_name(), folder_of(input).canonicalize()) {
            taken.push((folder.join(name), input));
        }
    }
    for target in targets {
        let Some(name) = target.file_name() else {
            continue;
        };
        // a folder not there yet holds no input
        let Ok(folder) = folder_of(target).canonicalize() else {
            continue;
        };
        let real = folder.join(name);
        let input = taken
            .iter()
            .find(|(path, _)| *path == real)
            .map(|&(_, input)| input)
            .or_else(|| {
                inputs
                    .iter()
                    .find(|input| same_file(target, input))
                    .map(PathBuf::as_path)
            });
        if let Some(input) = input {
            bail!(
                "{} is an input of this export: writing {} would replace it; nothing was written (write the editions into another folder with -o DIR)",
                input.display(),
                target.display()
            );
        }
    }
    Ok(())
}

/// Whether `a` and `b` are one file (on Unix: one device and inode).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// The folder of `path` (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|folder| !folder.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// An edition in place, with the file it replaced kept until every edition is.
struct Replaced {
    path: PathBuf,
    /// The old file or folder, under a temporary name; none when there was none.
    old: Option<Old>,
}

/// What an edition replaced, kept under a temporary name.
enum Old {
    File(tempfile::NamedTempFile<()>),
    /// A folder (removed with what it holds once every edition is in place), or `None`
    /// for a folder that was put in place where there was none.
    Folder(Option<OldFolder>),
}

/// A folder moved aside, removed with what it holds when dropped.
struct OldFolder(PathBuf);

impl Drop for OldFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Renames each staged folder and edition into place; when one fails, puts back what
/// the ones before it replaced, and the rest are removed with their temporary files.
fn replace_all(folders: Vec<StagedFolder>, staged: Vec<Staged>) -> anyhow::Result<Vec<PathBuf>> {
    let mut replaced = Vec::with_capacity(staged.len() + folders.len());
    let renames = folders
        .into_iter()
        .map(either_folder)
        .chain(staged.into_iter().map(either_file));
    for edition in renames {
        let done = match edition {
            Either::File(edition) => replace(edition),
            Either::Folder(folder) => replace_folder(folder),
        };
        match done {
            Ok(done) => replaced.push(done),
            Err(error) => {
                let problems = put_back(replaced);
                return Err(if problems.is_empty() {
                    anyhow!(
                        "{error:#}; the files the editions before it replaced were put back, and nothing was written"
                    )
                } else {
                    anyhow!(
                        "{error:#}; and putting back the files the editions before it replaced failed: {}",
                        problems.join("; ")
                    )
                });
            }
        }
    }
    // every edition is in place: the old files go
    Ok(replaced.into_iter().map(|done| done.path).collect())
}

/// A staged file or folder, to rename in one loop.
enum Either {
    File(Staged),
    Folder(StagedFolder),
}

fn either_file(staged: Staged) -> Either {
    Either::File(staged)
}

fn either_folder(staged: StagedFolder) -> Either {
    Either::Folder(staged)
}

/// Renames a staged folder into place, keeping the folder it replaces.
fn replace_folder(folder: StagedFolder) -> anyhow::Result<Replaced> {
    let path = folder.path.clone();
    let cannot = || format!("cannot write {}", path.display());
    let existing = std::fs::symlink_metadata(&path).ok();
    let old = match existing {
        None => {
            std::fs::rename(&folder.temporary, &path).with_context(cannot)?;
            None
        }
        Some(metadata) => {
            // the new folder takes the old one's permissions, as a replaced file does
            let _ = std::fs::set_permissions(&folder.temporary, metadata.permissions());
            if exchange(&folder.temporary, &path) {
                // the temporary name now holds the old folder
                Some(OldFolder(folder.temporary.clone()))
            } else {
                let aside = aside_name(&path).with_context(cannot)?;
                std::fs::rename(&path, &aside).with_context(|| {
                    format!(
                        "cannot move {} aside to put the new one in its place",
                        path.display()
                    )
                })?;
                if let Err(error) = std::fs::rename(&folder.temporary, &path) {
                    let _ = std::fs::rename(&aside, &path);
                    return Err(error).with_context(cannot);
                }
                Some(OldFolder(aside))
            }
        }
    };
    folder.placed();
    Ok(Replaced {
        path,
        old: Some(Old::Folder(old)),
    })
}

/// Swaps the folders `a` and `b` in one step; `false` where the system cannot.
fn exchange(a: &Path, b: &Path) -> bool {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        false
    }
}

/// A temporary name, free, beside `path`.
fn aside_name(path: &Path) -> std::io::Result<PathBuf> {
    let kept = tempfile::Builder::new()
        .prefix(&temporary_prefix())
        .suffix(TEMPORARY_SUFFIX)
        .make_in(folder_of(path), |_| Ok(()))?;
    Ok(kept.path().to_owned())
}

/// Renames one edition into place, keeping the file it replaces.
fn replace(edition: Staged) -> anyhow::Result<Replaced> {
    let Staged {
        file,
        path,
        recorded: _recorded,
    } = edition;
    let cannot = || format!("cannot write {}", path.display());
    let old = match std::fs::symlink_metadata(&path) {
        Ok(_) => Some(keep_old(&path).with_context(|| {
            format!(
                "cannot keep a copy of {} to put back should a later edition fail",
                path.display()
            )
        })?),
        Err(_) => None,
    };
    // a new file keeps the permissions it was made with (0666 less the umask); one that
    // replaces a file takes that file's
    if let Ok(existing) = std::fs::metadata(&path) {
        file.as_file()
            .set_permissions(existing.permissions())
            .with_context(cannot)?;
    }
    file.persist(&path)
        .map_err(|e| e.error)
        .with_context(cannot)?;
    Ok(Replaced {
        path,
        old: old.map(Old::File),
    })
}

/// A second name for the file at `path` in its folder (a hard link, or where there can
/// be none, a copy), removed when dropped.
fn keep_old(path: &Path) -> std::io::Result<tempfile::NamedTempFile<()>> {
    tempfile::Builder::new()
        .prefix(&temporary_prefix())
        .suffix(TEMPORARY_SUFFIX)
        .make_in(folder_of(path), |old| match std::fs::hard_link(path, old) {
            Ok(()) => Ok(()),
            Err(error)
                if error.kind() != std::io::ErrorKind::AlreadyExists
                    && std::fs::metadata(path).is_ok_and(|m| m.is_file()) =>
            {
                std::fs::copy(path, old).map(drop)
            }
            Err(error) => Err(error),
        })
}

/// Puts back the files the editions in `replaced` replaced, the last first, and removes
/// the editions that replaced none; gives what could not be done. An old file that
/// cannot be put back stays under its temporary name, which the message gives.
fn put_back(replaced: Vec<Replaced>) -> Vec<String> {
    let mut problems = Vec::new();
    for Replaced { path, old } in replaced.into_iter().rev() {
        match old {
            Some(Old::Folder(old)) => {
                // the new folder goes, and the old one comes back
                let removed = std::fs::remove_dir_all(&path);
                match (old, removed) {
                    (Some(old), Ok(())) => {
                        if let Err(error) = std::fs::rename(&old.0, &path) {
                            problems.push(format!(
                                "{} could not be put back from {}: {error}",
                                path.display(),
                                old.0.display()
                            ));
                            std::mem::forget(old);
                        }
                    }
                    (old, Err(error)) => {
                        problems.push(format!("{} could not be removed: {error}", path.display()));
                        if let Some(old) = old {
                            std::mem::forget(old);
                        }
                    }
                    (None, Ok(())) => {}
                }
            }
            Some(Old::File(old)) => {
                if let Err(failed) = old.persist(&path) {
                    let kept = failed.file.keep().map(|(_, kept)| kept);
                    problems.push(match kept {
                        Ok(kept) => format!(
                            "{} is still the new edition; the old file is {}: {}",
                            path.display(),
                            kept.display(),
                            failed.error
                        ),
                        Err(e) => format!("{} could not be put back: {}", path.display(), e.error),
                    });
                }
            }
            None => {
                if let Err(error) = std::fs::remove_file(&path) {
                    problems.push(format!("{} could not be removed: {error}", path.display()));
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{files_in as names_in, stage};

    #[test]
    fn a_rename_that_fails_puts_back_the_files_replaced_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str| dir.path().join(name);
        // a name too long for the file system, which only the rename finds (the checks
        // before the renames are skipped here)
        let too_long = format!("{}.json", "d".repeat(300));
        for last in [too_long.as_str(), "folder.json"] {
            std::fs::write(at("a.pdf"), "old a").unwrap();
            std::fs::write(at("c.xml"), "old c").unwrap();
            let staged = vec![
                stage(&at("a.pdf"), b"new a").unwrap(),
                stage(&at("b.epub"), b"new b").unwrap(),
                stage(&at("c.xml"), b"new c").unwrap(),
                stage(&at(last), b"new d").unwrap(),
            ];
            // a folder that takes the place of an edition after the checks (its
            // old file cannot be kept, the step before the rename)
            if last == "folder.json" {
                std::fs::create_dir(at(last)).unwrap();
                std::fs::write(at("folder.json/inside"), "").unwrap();
            }
            let error = replace_all(Vec::new(), staged).unwrap_err().to_string();
            assert!(error.contains(last), "{error}");
            assert!(error.contains("were put back"), "{error}");
            assert_eq!(std::fs::read_to_string(at("a.pdf")).unwrap(), "old a");
            assert_eq!(std::fs::read_to_string(at("c.xml")).unwrap(), "old c");
            // the new file is gone, and so are the copies and the temporary files
            let mut expected = vec!["a.pdf", "c.xml"];
            if last == "folder.json" {
                expected.push(last);
            }
            assert_eq!(names_in(dir.path()), expected);
        }
    }

    #[test]
    fn all_in_place_leaves_no_copy_and_keeps_the_old_mode() {
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str| dir.path().join(name);
        std::fs::write(at("a.pdf"), "old a").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(at("a.pdf"), std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        let staged = vec![
            stage(&at("a.pdf"), b"new a").unwrap(),
            stage(&at("b.epub"), b"new b").unwrap(),
        ];
        let written = replace_all(Vec::new(), staged).unwrap();
        assert_eq!(written, [at("a.pdf"), at("b.epub")]);
        assert_eq!(std::fs::read_to_string(at("a.pdf")).unwrap(), "new a");
        assert_eq!(names_in(dir.path()), ["a.pdf", "b.epub"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(at("a.pdf")).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
    }

    #[test]
    fn a_folder_replaces_the_old_one_whole_and_comes_back_out_when_a_later_rename_fails() {
        use crate::output::stage_folder;
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str| dir.path().join(name);
        let media = at("r.media");
        // first run: no folder there yet
        let folder = stage_folder(&media, &[("charts/a.png".into(), b"new a".as_slice())]).unwrap();
        let written =
            replace_all(vec![folder], vec![stage(&at("r.xml"), b"xml").unwrap()]).unwrap();
        assert_eq!(written, [media.clone(), at("r.xml")]);
        assert_eq!(std::fs::read(media.join("charts/a.png")).unwrap(), b"new a");
        // a second run replaces it whole: the file it no longer has goes
        std::fs::write(media.join("old.png"), "old").unwrap();
        let folder = stage_folder(&media, &[("b.png".into(), b"b".as_slice())]).unwrap();
        replace_all(vec![folder], Vec::new()).unwrap();
        assert_eq!(names_in(&media), ["b.png"]);
        assert_eq!(names_in(dir.path()), ["r.media", "r.xml"]);
        // a third fails at a later rename: the old folder is back as it was
        let folder = stage_folder(&media, &[("c.png".into(), b"c".as_slice())]).unwrap();
        let too_long = at(&format!("{}.json", "d".repeat(300)));
        let error = replace_all(vec![folder], vec![stage(&too_long, b"x").unwrap()])
            .unwrap_err()
            .to_string();
        assert!(error.contains("were put back"), "{error}");
        assert_eq!(names_in(&media), ["b.png"]);
        assert_eq!(names_in(dir.path()), ["r.media", "r.xml"]);
        // and a folder that was not there before is removed again
        std::fs::remove_dir_all(&media).unwrap();
        let folder = stage_folder(&media, &[("c.png".into(), b"c".as_slice())]).unwrap();
        assert!(replace_all(vec![folder], vec![stage(&too_long, b"x").unwrap()]).is_err());
        assert_eq!(names_in(dir.path()), ["r.xml"]);
        // a file in the way of the folder is found before anything is renamed
        std::fs::write(&media, "a file").unwrap();
        let error = check_folder_targets([media.as_path()])
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("a file of that name is in the way"),
            "{error}"
        );
    }

    #[test]
    fn targets_are_checked_before_any_rename() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("x.jats.xml");
        std::fs::create_dir(&folder).unwrap();
        let error = check_targets([folder.as_path()]).unwrap_err().to_string();
        assert!(
            error.contains("a folder of that name is in the way"),
            "{error}"
        );
        let long = dir.path().join(format!("{}.pdf", "a".repeat(252)));
        let error = check_targets([long.as_path()]).unwrap_err().to_string();
        assert!(error.contains("longer than the 255 bytes"), "{error}");
        let same = dir.path().join("x.pdf");
        let error = check_targets([same.as_path(), same.as_path()])
            .unwrap_err()
            .to_string();
        assert!(error.contains("two editions"), "{error}");
        check_targets([same.as_path(), long.with_file_name("y.pdf").as_path()]).unwrap();
    }

    #[test]
    fn an_input_is_never_a_target() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("x.xml");
        std::fs::write(&input, "<publication/>").unwrap();
        let other = dir.path().join("sub/../x.xml");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let error =
            refuse_to_replace_inputs(std::slice::from_ref(&other), std::slice::from_ref(&input))
                .unwrap_err()
                .to_string();
        assert!(
            error.starts_with(&format!("{} is an input", input.display())),
            "{error}"
        );
        // a symbolic link to the input, as the target or as the input
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&input, dir.path().join("link.xml")).unwrap();
            let link = dir.path().join("link.xml");
            assert!(
                refuse_to_replace_inputs(std::slice::from_ref(&link), std::slice::from_ref(&input))
                    .is_err()
            );
            assert!(
                refuse_to_replace_inputs(std::slice::from_ref(&input), std::slice::from_ref(&link))
                    .is_err()
            );
        }
        let elsewhere = dir.path().join("out/x.xml");
        refuse_to_replace_inputs(&[elsewhere], &[input]).unwrap();
    }
}
