//! What the `folio` process does to the files around it, where only a real process shows
//! it (issue 25): signals, the umask, the output folder's lock, stale temporary files of
//! runs that are gone, and the default output folder. The cases that need no process of
//! their own are in `tests/editions/output_safety.rs`.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/north-korea.txt")
}

fn folio_command(args: &[&str], dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_folio"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("FOLIO_LOCK_TIMEOUT");
    command
}

fn folio(args: &[&str], dir: &Path) -> Output {
    folio_command(args, dir).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The names in `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// The six editions of the sample, by file name.
const SAMPLE_EDITIONS: [&str; 6] = [
    "north-korea.docbook.xml",
    "north-korea.epub",
    "north-korea.jats.xml",
    "north-korea.json",
    "north-korea.pdf",
    "north-korea.xml",
];

#[test]
fn an_input_in_the_output_folder_is_never_written_over() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(sample(), dir.path().join("x.txt")).unwrap();
    let first = folio(&["export", "x.txt", "--to", "xml"], dir.path());
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let before = std::fs::read(dir.path().join("out/x.xml")).unwrap();
    // the folio XML read back is titled X: its folio XML edition would be out/x.xml
    let again = folio(&["export", "out/x.xml"], dir.path());
    assert_eq!(again.status.code(), Some(2), "{}", text(&again.stderr));
    let stderr = text(&again.stderr);
    assert!(
        stderr.contains("folio: error: out/x.xml is an input of this export"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(dir.path().join("out/x.xml")).unwrap(), before);
    assert_eq!(names_in(&dir.path().join("out")), ["x.xml"]);
    // into another folder it is read and written as usual
    let elsewhere = folio(&["export", "out/x.xml", "-o", "copy"], dir.path());
    assert_eq!(
        elsewhere.status.code(),
        Some(0),
        "{}",
        text(&elsewhere.stderr)
    );
}

#[cfg(unix)]
#[test]
fn new_outputs_take_the_umask_and_replaced_ones_keep_their_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mode = |name: &str| {
        std::fs::metadata(dir.path().join("out").join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o7777
    };
    let export_under = |umask: &str| {
        let out = Command::new("sh")
            .args(["-c", &format!("umask {umask}; exec \"$0\" \"$@\"")])
            .arg(env!("CARGO_BIN_EXE_folio"))
            .args(["export", sample().to_str().unwrap()])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    };
    export_under("077");
    for name in SAMPLE_EDITIONS {
        assert_eq!(mode(name), 0o600, "{name} under umask 077");
    }
    // a file there before keeps its mode; the others are new again
    std::fs::set_permissions(
        dir.path().join("out/north-korea.pdf"),
        std::fs::Permissions::from_mode(0o640),
    )
    .unwrap();
    for name in &SAMPLE_EDITIONS[..3] {
        std::fs::remove_file(dir.path().join("out").join(name)).unwrap();
    }
    export_under("002");
    assert_eq!(mode("north-korea.pdf"), 0o640);
    for name in &SAMPLE_EDITIONS[..3] {
        assert_eq!(mode(name), 0o664, "{name} under umask 002");
    }
    assert_eq!(mode("north-korea.xml"), 0o600, "kept from the first run");
}

#[test]
fn a_run_waits_for_the_folder_lock_then_gives_up_and_replaces_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    for name in SAMPLE_EDITIONS {
        std::fs::write(out.join(name), format!("old {name}")).unwrap();
    }
    let lock = std::fs::File::create(out.join(".folio.lock")).unwrap();
    lock.lock().unwrap();
    let started = Instant::now();
    let run = folio_command(&["export", sample().to_str().unwrap()], dir.path())
        .env("FOLIO_LOCK_TIMEOUT", "1.5")
        .output()
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(1500));
    assert_eq!(run.status.code(), Some(2), "{}", text(&run.stderr));
    let stderr = text(&run.stderr);
    assert!(
        stderr.contains("folio: waiting for another folio run to finish writing into out"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "folio: error: another folio run is writing into out (it holds out/.folio.lock); gave up after waiting 1.5 s"
        ),
        "{stderr}"
    );
    let mut expected: Vec<String> = SAMPLE_EDITIONS.iter().map(|s| s.to_string()).collect();
    expected.push(".folio.lock".to_owned());
    expected.sort();
    assert_eq!(names_in(&out), expected, "no temporary file left");
    for name in SAMPLE_EDITIONS {
        assert_eq!(
            std::fs::read_to_string(out.join(name)).unwrap(),
            format!("old {name}")
        );
    }
    // let go, the next run writes, and takes the lock file with it
    drop(lock);
    let run = folio(&["export", sample().to_str().unwrap()], dir.path());
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    // the six files, and the web edition's folder
    let mut written = vec!["north-korea".to_owned()];
    written.extend(SAMPLE_EDITIONS.iter().map(|s| s.to_string()));
    assert_eq!(names_in(&out), written);
    // a timeout that is no number is said and ignored
    let run = folio_command(
        &["export", sample().to_str().unwrap(), "--to", "json"],
        dir.path(),
    )
    .env("FOLIO_LOCK_TIMEOUT", "soon")
    .output()
    .unwrap();
    assert_eq!(run.status.code(), Some(0));
    assert!(text(&run.stderr).contains("FOLIO_LOCK_TIMEOUT=\"soon\" is not a number of seconds"));
}

/// The process id of a process that has ended.
#[cfg(target_os = "linux")]
fn a_pid_that_is_gone() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    assert!(!Path::new(&format!("/proc/{pid}")).exists());
    pid
}

#[cfg(target_os = "linux")]
#[test]
fn temporary_files_of_runs_that_are_gone_are_swept_and_a_live_ones_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let gone = a_pid_that_is_gone();
    let stale = out.join(format!(".folio-{gone}-AbC123.tmp"));
    // this test's own process lives: its file is a live run's
    let live = out.join(format!(".folio-{}-XyZ789.tmp", std::process::id()));
    std::fs::write(&stale, vec![0; 100_000]).unwrap();
    std::fs::write(&live, "a live run's").unwrap();
    let run = folio(
        &["export", sample().to_str().unwrap(), "--to", "json"],
        dir.path(),
    );
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert!(!stale.exists(), "the stale file is still there");
    assert_eq!(std::fs::read_to_string(&live).unwrap(), "a live run's");
    let mut expected = vec![
        "north-korea.json".to_owned(),
        live.file_name().unwrap().to_str().unwrap().to_owned(),
    ];
    expected.sort();
    assert_eq!(names_in(&out), expected);
}

/// Starts an export of a 100-report volume into `DIR/made/deeper` (folders the run
/// makes), sends `signal` once its first temporary file is there, and checks that the
/// process exits with `code` and leaves nothing behind.
#[cfg(unix)]
fn interrupt_an_export(signal: &str, code: i32) {
    let dir = tempfile::tempdir().unwrap();
    let volume = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/volume-20");
    let mut reports: Vec<String> = std::fs::read_dir(&volume)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".txt"))
        .collect();
    reports.sort();
    assert_eq!(reports.len(), 20);
    let mut args = vec!["export"];
    for _ in 0..5 {
        args.extend(reports.iter().map(String::as_str));
    }
    args.extend(["-o", "made/deeper"]);
    let mut child = folio_command(&args, dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = dir.path().join("made/deeper");
    let started = Instant::now();
    let temporary = |dir: &Path| {
        std::fs::read_dir(dir).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with(".folio-"))
        })
    };
    while !temporary(&out) {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no temporary file appeared"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the export ended before the signal"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let kill = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let output = child.wait_with_output().unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "{stderr}");
    assert!(stderr.contains("folio: interrupted by"), "{stderr}");
    assert_eq!(text(&output.stdout), "", "no edition was put in place");
    assert!(
        !dir.path().join("made").exists(),
        "the folders the run made are still there: {:?}",
        names_in(&out)
    );
    assert_eq!(names_in(dir.path()), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn sigterm_removes_the_temporary_files_and_the_folders_made_and_exits_143() {
    interrupt_an_export("-TERM", 143);
}

#[cfg(unix)]
#[test]
fn sigint_removes_the_temporary_files_and_the_folders_made_and_exits_130() {
    interrupt_an_export("-INT", 130);
}
