//! The help text, the getting-started, completions and the man page. The help
//! of every command is a snapshot (tests/snapshots/), so a change to it shows up
//! in review; the rules of "help that teaches" are checked for every command.

mod common;

use clap::CommandFactory;
use common::{Run, St};
use st_budget::cli::Cli;

/// st-budget with a clean environment (no locale, no ledger, no colour; help
/// wraps at 100 columns, see `St`).
fn st_budget(args: &[&str]) -> Run {
    St::new().args(args).env("NO_COLOR", "1").run()
}

fn stdout(args: &[&str]) -> String {
    st_budget(args).success().stdout
}

/// Every command path: `[]`, `["add"]`, `["policy", "show"]`, …
fn command_paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(path.clone());
        for sub in cmd.get_subcommands() {
            let mut p = path.clone();
            p.push(sub.get_name().to_string());
            walk(sub, p, out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), Vec::new(), &mut out);
    out
}

#[test]
fn the_help_of_every_command_is_as_reviewed() {
    for path in command_paths() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let name = if path.is_empty() {
            "help".to_string()
        } else {
            format!("help-{}", path.join("-"))
        };
        insta::assert_snapshot!(name, stdout(&args));
    }
}

#[test]
fn every_command_has_a_summary_and_examples() {
    let mut root = Cli::command();
    root.build();
    for sub in root.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = sub.get_name();
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        assert!(!about.is_empty(), "{name} has no summary");
        assert!(!about.contains('\n'), "{name}: the summary is one line");
        let after = sub
            .get_after_help()
            .map(|a| a.to_string())
            .unwrap_or_default();
        let examples = after
            .lines()
            .filter(|l| l.starts_with("  st-budget"))
            .count();
        assert!(
            (2..=3).contains(&examples),
            "{name} has {examples} examples:\n{after}"
        );
        for sub2 in sub.get_subcommands().filter(|s| s.get_name() != "help") {
            let after = sub2
                .get_after_help()
                .map(|a| a.to_string())
                .unwrap_or_default();
            assert!(
                after.contains("Examples"),
                "{name} {} has no examples",
                sub2.get_name()
            );
        }
    }
}

#[test]
fn without_a_command_st_budget_prints_a_getting_started_and_exits_0() {
    let en = st_budget(&[]).code(0).stdout;
    insta::assert_snapshot!("getting-started-en", en);
    let sv = stdout(&["--lang", "sv"]);
    insta::assert_snapshot!("getting-started-sv", sv);
}

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "_st__budget()"),
        ("zsh", "#compdef st-budget"),
        ("fish", "complete -c st-budget"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = stdout(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: no {marker:?}");
        assert!(script.contains("balance"), "{shell}: no subcommands");
        assert!(script.contains("approved-by"), "{shell}: no flags of add");
    }
    st_budget(&["completions", "tcsh"]).code(2);
}

#[test]
fn the_man_page_comes_from_the_same_definitions() {
    let man = stdout(&["man"]);
    assert!(
        man.starts_with(".ie \\n(.g .ds Aq \\(aq") || man.contains(".TH st-budget 1"),
        "{}",
        &man[..200]
    );
    assert!(man.contains(".TH st-budget 1"));
    for sub in Cli::command().get_subcommands() {
        let heading = format!(".SH \"ST-BUDGET {}\"", sub.get_name().to_uppercase());
        assert!(man.contains(&heading), "no section {heading}");
    }
    assert!(man.contains("\\-\\-approved\\-by") || man.contains("--approved-by"));
    assert!(man.contains("Examples:"));
}

#[test]
fn every_help_text_has_its_swedish() {
    fn walk(c: &clap::Command, missing: &mut Vec<String>) {
        if let Some(a) = c.get_about()
            && st_budget::cli::help_sv::text(&a.to_string()).is_none()
        {
            missing.push(format!("about of {}: {a}", c.get_name()));
        }
        for a in c.get_arguments() {
            if let Some(h) = a.get_help()
                && st_budget::cli::help_sv::text(&h.to_string()).is_none()
            {
                missing.push(format!("{} --{}: {h}", c.get_name(), a.get_id()));
            }
            if let Some(h) = a.get_help_heading()
                && st_budget::cli::help_sv::heading(h).is_none()
            {
                missing.push(format!("heading {h}"));
            }
        }
        for s in c.get_subcommands() {
            walk(s, missing);
        }
    }
    let mut missing = Vec::new();
    walk(&Cli::command(), &mut missing);
    assert!(
        missing.is_empty(),
        "no Swedish for:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_swedish_help_of_every_command_is_as_reviewed() {
    for path in command_paths() {
        let mut args: Vec<&str> = vec!["--lang", "sv"];
        args.extend(path.iter().map(String::as_str));
        args.push("--help");
        let name = if path.is_empty() {
            "hjalp".to_string()
        } else {
            format!("hjalp-{}", path.join("-"))
        };
        let text = stdout(&args);
        for english in [
            "Usage:",
            "Options:",
            "Print help",
            "Examples:",
            "[default:",
            "possible values",
        ] {
            assert!(!text.contains(english), "{name}: {english:?} in\n{text}");
        }
        insta::assert_snapshot!(name, text);
    }
    // The locale is enough.
    let out = St::new()
        .args(["add", "--help"])
        .env("LANG", "sv_SE.UTF-8")
        .run();
    assert!(out.stdout.starts_with("Pröva en kostnad mot regelverket"));
}
