//! Golden files under `tests/golden/<case>/`: an output must match its golden byte for
//! byte. `UPDATE_GOLDEN=1` writes the goldens anew; a missing golden is a failure.

use std::path::PathBuf;

/// Compares `actual` with `tests/golden/<case>/<file>`.
pub fn check(case: &str, file: &str, actual: &[u8]) {
    let path = crate::repo().join("tests/golden").join(case).join(file);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "golden file {} cannot be read ({e}); run the tests with UPDATE_GOLDEN=1 to write it",
            path.display()
        )
    });
    if expected != actual {
        let shown = write_actual(&path, actual);
        let first = expected
            .iter()
            .zip(actual)
            .position(|(a, b)| a != b)
            .unwrap_or(expected.len().min(actual.len()));
        panic!(
            "{} differs from its golden at byte {first} (actual written to {}); \
             if the change is meant, run with UPDATE_GOLDEN=1 and review the diff",
            path.display(),
            shown.display()
        );
    }
}

fn write_actual(golden: &std::path::Path, actual: &[u8]) -> PathBuf {
    let dir = crate::repo().join("target/golden-actual");
    std::fs::create_dir_all(&dir).unwrap();
    let name = golden
        .strip_prefix(crate::repo().join("tests/golden"))
        .unwrap()
        .to_string_lossy()
        .replace('/', "__");
    let path = dir.join(name);
    std::fs::write(&path, actual).unwrap();
    path
}
