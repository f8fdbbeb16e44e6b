//! The write path under pressure: concurrent writers, writers killed at random
//! moments, symbolic links, permissions, read-only files, closed pipes. Nothing
//! may be lost and every ledger left behind must load.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::St;

fn init(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("led.toml");
    St::new()
        .ledger(&path)
        .args([
            "init",
            "--policy",
            "kronoberg",
            "--name",
            "Anna",
            "--start",
            "2024-01-08",
        ])
        .run()
        .success();
    path
}

/// `st-budget --ledger PATH add literature … --description DESCRIPTION`.
fn add(path: &Path, description: &str) -> St {
    St::new()
        .ledger(path)
        .args([
            "add",
            "literature",
            "--date",
            "2024-05-01",
            "--amount",
            "10",
        ])
        .args([
            "--description",
            description,
            "--approved-by",
            "handledare=2024-04-30",
        ])
}

fn load(path: &Path) -> st_budget::ledger::Ledger {
    st_budget::ledger::load(path)
        .unwrap_or_else(|e| panic!("the ledger does not load: {e}"))
        .1
}

#[test]
fn eight_processes_times_fifty_adds_lose_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = init(dir.path());
    let started = Instant::now();
    let workers: Vec<_> = (0..8)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                for i in 0..50 {
                    add(&path, &format!("w{w}-{i}")).run().success();
                }
            })
        })
        .collect();
    for w in workers {
        w.join().expect("worker");
    }
    let l = load(&path);
    assert_eq!(l.entries.len(), 400);
    let mut ids: Vec<u32> = l.entries.iter().map(|e| e.id).collect();
    ids.sort_unstable();
    assert_eq!(ids, (1..=400).collect::<Vec<_>>());
    // Each worker's adds are all there, in the order it made them.
    for w in 0..8 {
        let mine: Vec<&str> = l
            .entries
            .iter()
            .map(|e| &*e.description)
            .filter(|d| d.starts_with(&format!("w{w}-")))
            .collect();
        let expected: Vec<String> = (0..50).map(|i| format!("w{w}-{i}")).collect();
        assert_eq!(mine, expected);
    }
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        left.iter()
            .all(|n| n == "led.toml" || n == ".led.toml.lock"),
        "{left:?}"
    );
    eprintln!("400 concurrent adds in {:?}", started.elapsed());
}

/// A small xorshift: the test needs varied, reproducible delays, not a crate.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn sigkill_at_random_moments_leaves_a_loadable_prefix() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = init(dir.path());
    let original = std::fs::read(&path).expect("read");
    let mut rng = Rng(0x5eed_1234_abcd_0042);
    let started = Instant::now();
    // How long one add takes here, so that the kills land across its whole run.
    let t = Instant::now();
    add(&path, "add-0").run().success();
    let span = t.elapsed().as_micros().max(1000) as u64 * 5 / 4;
    let mut recorded = 1usize;
    let mut killed_before_done = 0;
    for round in 0..200 {
        let mut child = add(&path, &format!("add-{recorded}"))
            .command()
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        // Anywhere within the time an add takes, sometimes after it is done.
        let wait = Duration::from_micros(rng.next() % span);
        std::thread::sleep(wait);
        if child.try_wait().expect("try_wait").is_none() {
            killed_before_done += 1;
        }
        let _ = child.kill(); // SIGKILL on Unix
        child.wait().expect("reaped");
        let l = load(&path);
        let n = l.entries.len();
        assert!(
            n == recorded || n == recorded + 1,
            "round {round}: {n} entries after {recorded}"
        );
        recorded = n;
        let descriptions: Vec<&str> = l.entries.iter().map(|e| &*e.description).collect();
        let expected: Vec<String> = (0..n).map(|i| format!("add-{i}")).collect();
        assert_eq!(descriptions, expected, "round {round}");
        let ids: Vec<u32> = l.entries.iter().map(|e| e.id).collect();
        assert_eq!(ids, (1..=n as u32).collect::<Vec<_>>());
        assert!(std::fs::read(&path).expect("read").starts_with(&original));
    }
    // The next writer removes what killed writers left behind.
    add(&path, &format!("add-{recorded}")).run().success();
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        left.iter()
            .all(|n| n == "led.toml" || n == ".led.toml.lock"),
        "{left:?}"
    );
    eprintln!(
        "200 kills ({killed_before_done} mid-command), {recorded} adds survived, in {:?}",
        started.elapsed()
    );
    assert!(
        killed_before_done > 20,
        "the kills should often land mid-command"
    );
}

#[cfg(unix)]
#[test]
fn permissions_are_kept_after_add() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = init(dir.path());
    for mode in [0o600, 0o640, 0o664] {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
        add(&path, "Bok").run().success();
        let got = std::fs::metadata(&path).expect("stat").permissions().mode() & 0o7777;
        assert_eq!(got, mode);
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_ledger_is_refused_and_left_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = init(dir.path());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let before = std::fs::read(&path).expect("read");
    add(&path, "Bok")
        .run()
        .code(2)
        .stderr_has("is read-only; nothing was written");
    assert_eq!(std::fs::read(&path).expect("read"), before);
    assert_eq!(
        std::fs::metadata(&path).expect("stat").permissions().mode() & 0o777,
        0o444
    );
}

#[cfg(unix)]
#[test]
fn a_symlinked_ledger_stays_a_link_and_its_target_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let real_dir = dir.path().join("sync");
    std::fs::create_dir(&real_dir).expect("mkdir");
    let real = init(&real_dir);
    let link = dir.path().join("link.toml");
    std::os::unix::fs::symlink("sync/led.toml", &link).expect("symlink");
    add(&link, "Bok").run().success();
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("lstat")
            .file_type()
            .is_symlink()
    );
    assert_eq!(load(&real).entries.len(), 1);
    // The lock sits beside the real file, shared with writers that use its own path.
    assert!(real_dir.join(".led.toml.lock").exists());
}

#[test]
fn a_refused_add_leaves_the_ledger_byte_identical() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = init(dir.path());
    let before = std::fs::read(&path).expect("read");
    St::new()
        .ledger(&path)
        .args([
            "add",
            "study-circle",
            "--date",
            "2024-05-01",
            "--amount",
            "100",
            "--description",
            "Cirkel",
        ])
        .run()
        .code(1);
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

/// A full disk is said in the language, exit 2: the audit's output passed on
/// in pieces and a command's written whole alike.
#[test]
#[cfg(target_os = "linux")]
fn a_full_disk_is_said_in_the_language() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = init(dir.path());
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).expect("inbox");
    std::fs::copy(&path, inbox.join("a.toml")).expect("copied");
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full")
    };
    for (lang, said) in [
        ("sv", "fel: standard ut: kan inte skrivas: disken är full\n"),
        (
            "en",
            "error: standard output: cannot be written: no space left on the device\n",
        ),
    ] {
        let balance = St::new().ledger(&path).lang(lang).arg("balance");
        let audit = St::new()
            .lang(lang)
            .args(["audit", "--format", "json"])
            .arg(&inbox);
        for run in [balance, audit] {
            let out = run.command().stdout(full()).output().expect("run");
            assert_eq!(out.status.code(), Some(2));
            assert_eq!(String::from_utf8_lossy(&out.stderr), said);
        }
    }
}

#[test]
fn list_into_head_exits_quietly_with_zero() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("led.toml");
    let mut text = String::from(
        "format = 1\n\n[trainee]\nname = \"Anna\"\npolicy = \"kronoberg\"\nstart = 2024-01-08\n",
    );
    for id in 1..=1200 {
        text.push_str(&format!(
            "\n[[entry]]\nid = {id}\ndate = 2024-05-01\nkind = \"course\"\ndescription = \"A course with a long enough name to fill a pipe {id}\"\namount = \"100\"\n"
        ));
    }
    std::fs::write(&path, text).expect("write");
    // The table, and JSON and CSV of some 400 kB: the pipe (64 KiB) fills
    // while the JSON is still being made.
    for (format, first_line) in [("table", "Anna"), ("json", "{"), ("csv", "id")] {
        let mut child = St::new()
            .ledger(&path)
            .args(["list", "--format", format])
            .command()
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut first)
            .expect("one line");
        // The reader is gone now, as after `| head -1`.
        let out = child.wait_with_output().expect("wait");
        assert!(first.contains(first_line), "{format}: {first}");
        assert_eq!(out.status.code(), Some(0), "{format}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{format}");
    }
}

#[test]
fn add_into_a_closed_pipe_still_records_the_entry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = init(dir.path());
    for format in ["table", "json", "csv"] {
        let mut child = add(&path, format)
            .args(["--format", format])
            .command()
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        drop(child.stdout.take()); // as `st-budget add … | head -0`
        let out = child.wait_with_output().expect("wait");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let descriptions: Vec<String> = load(&path)
        .entries
        .into_iter()
        .map(|e| e.description.into_string())
        .collect();
    assert_eq!(descriptions, ["table", "json", "csv"]);
}
