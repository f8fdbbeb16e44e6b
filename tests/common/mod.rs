//! Shared helpers of the integration tests: one way to run the real binary
//! ([`St`]), and the comparison of its `balance --format json` with an expected
//! file ([`expected`]).
//!
//! Nothing here reads outside the crate: the scenarios and cases live in
//! `tests/scenarios/` and `tests/cases/`.

#![allow(dead_code)]

pub mod expected;
#[cfg(target_os = "linux")]
pub mod memory;

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The day every test takes as today, so that output never depends on the clock.
pub const TODAY: &str = "2026-11-22";

/// The crate's own directory.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write test file");
    p
}

/// The binary under test, built up like the command line a person types:
///
/// ```ignore
/// St::new().ledger(&path).lang("sv").args(["add", "course"]).run().code(2);
/// ```
///
/// Its environment cannot leak in from the developer's shell: no ledger from
/// `ST_BUDGET_LEDGER`, no locale (so English unless `.lang` or `.env` says
/// otherwise), no colour forcing, help wrapped at 100 columns, and today is
/// [`TODAY`].
pub struct St {
    cmd: Command,
    globals: Vec<OsString>,
    args: Vec<OsString>,
}

impl St {
    pub fn new() -> St {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_st-budget"));
        for var in [
            "ST_BUDGET_LEDGER",
            "LANG",
            "LC_ALL",
            "LC_MESSAGES",
            "NO_COLOR",
            "CLICOLOR",
            "CLICOLOR_FORCE",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("ST_BUDGET_TODAY", TODAY).env("COLUMNS", "100");
        St {
            cmd,
            globals: Vec::new(),
            args: Vec::new(),
        }
    }

    /// `--ledger PATH`.
    pub fn ledger(mut self, path: impl AsRef<OsStr>) -> St {
        self.globals.push("--ledger".into());
        self.globals.push(path.as_ref().to_owned());
        self
    }

    /// `--lang LANG`.
    pub fn lang(mut self, lang: &str) -> St {
        self.globals.push("--lang".into());
        self.globals.push(lang.into());
        self
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> St {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    pub fn args<I, S>(mut self, args: I) -> St
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> St {
        self.cmd.env(key, value);
        self
    }

    /// The working directory.
    pub fn dir(mut self, dir: &Path) -> St {
        self.cmd.current_dir(dir);
        self
    }

    /// The process to spawn, for a test that needs to hold it (pipes, kills).
    pub fn command(mut self) -> Command {
        self.cmd.args(&self.globals).args(&self.args);
        self.cmd
    }

    /// Runs it to the end; nothing is asserted.
    pub fn output(self) -> Run {
        let args = self
            .globals
            .iter()
            .chain(&self.args)
            .map(|a| a.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ");
        let out = self.command().output().expect("run st-budget");
        let text = |bytes: Vec<u8>, stream: &str| {
            String::from_utf8(bytes)
                .unwrap_or_else(|e| panic!("`st-budget {args}`: {stream} is not UTF-8: {e}"))
        };
        Run {
            exit: out.status.code(),
            stdout: text(out.stdout, "stdout"),
            stderr: text(out.stderr, "stderr"),
            args,
        }
    }

    /// Runs it to the end; it must not panic, whatever it is given.
    pub fn run(self) -> Run {
        let r = self.output();
        assert!(
            !r.panicked(),
            "`st-budget {}` panicked:\n{}",
            r.args,
            r.stderr
        );
        r
    }
}

/// What a run of the binary left: its exit code and its output. The assertions
/// return the run, so that they chain; each names the command line and shows
/// stderr when it fails.
#[derive(Debug)]
pub struct Run {
    /// `None` when a signal ended it.
    pub exit: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// The command line, for messages.
    pub args: String,
}

impl Run {
    pub fn panicked(&self) -> bool {
        self.stderr.contains("panicked")
    }

    pub fn code(self, code: i32) -> Run {
        assert_eq!(
            self.exit,
            Some(code),
            "exit code of `st-budget {}`; stdout:\n{}\nstderr:\n{}",
            self.args,
            self.stdout,
            self.stderr
        );
        self
    }

    pub fn success(self) -> Run {
        self.code(0)
    }

    pub fn stdout_is(self, want: impl AsRef<str>) -> Run {
        assert_eq!(
            self.stdout,
            want.as_ref(),
            "stdout of `st-budget {}`",
            self.args
        );
        self
    }

    pub fn stderr_is(self, want: impl AsRef<str>) -> Run {
        assert_eq!(
            self.stderr,
            want.as_ref(),
            "stderr of `st-budget {}`",
            self.args
        );
        self
    }

    pub fn stdout_has(self, part: impl AsRef<str>) -> Run {
        let part = part.as_ref();
        assert!(
            self.stdout.contains(part),
            "stdout of `st-budget {}` lacks {part:?}:\n{}",
            self.args,
            self.stdout
        );
        self
    }

    pub fn stderr_has(self, part: impl AsRef<str>) -> Run {
        let part = part.as_ref();
        assert!(
            self.stderr.contains(part),
            "stderr of `st-budget {}` lacks {part:?}:\n{}",
            self.args,
            self.stderr
        );
        self
    }

    /// stdout as JSON; panics with stderr when it is not.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "no JSON from `st-budget {}` (exit {:?}, {e}): {}",
                self.args, self.exit, self.stderr
            )
        })
    }
}

/// `st-budget --ledger LEDGER balance --format json [extra…]`, parsed.
pub fn balance_json(ledger: &Path, extra: &[&str]) -> Value {
    St::new()
        .ledger(ledger)
        .args(["balance", "--format", "json"])
        .args(extra)
        .run()
        .json()
}
