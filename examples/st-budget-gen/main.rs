//! st-budget-gen: writes N synthetic ledgers of M entries each, reproducibly from a
//! seed, for benchmarks (see docs/performance.md).
//!
//! ```text
//! cargo run --release --example st-budget-gen -- --ledgers 1000 --entries 100 --out /tmp/ledgers
//!     [--seed 1] [--policy both|kronoberg|vgr] [--today 2026-11-22] [--journal FILE] [--sealed]
//!     [--units N] [--clean]
//! ```
//!
//! Ledgers go to `OUT/NN/tNNNNNN.toml`, a thousand per folder, alternating between
//! the two shipped policies with `--policy both`. `--journal FILE` also writes every
//! entry of every ledger to one hledger journal, for the side-by-side with hledger.
//! `--sealed` appends the `[seal]` that `st-budget export` would write, so the
//! ledgers are what a director of studies receives. `--units N` spreads the
//! trainees of each policy over N training units (`[trainee] unit`, at most 5;
//! 0 writes none; 1, the default, is what the benchmarks use), and `--clean`
//! leaves out everything meant to be found wanting (missing approvals, rejected
//! kinds, late cancellations, leave), for a director's demo inbox.

mod synth;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use synth::{Day, Policy, Spec};

struct Args {
    ledgers: usize,
    entries: usize,
    seed: u64,
    policy: Option<Policy>,
    today: Day,
    out: PathBuf,
    journal: Option<PathBuf>,
    sealed: bool,
    units: usize,
    clean: bool,
}

fn usage() -> ExitCode {
    eprintln!(
        "usage: st-budget-gen --ledgers N --entries M --out DIR [--seed S] \
         [--policy both|kronoberg|vgr] [--today YYYY-MM-DD] [--journal FILE] [--sealed] \
         [--units N] [--clean]"
    );
    ExitCode::from(2)
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        ledgers: 1,
        entries: 100,
        seed: 1,
        policy: None,
        today: Day::ymd(2026, 11, 22),
        out: PathBuf::new(),
        journal: None,
        sealed: false,
        units: 1,
        clean: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        let num = |v: String| {
            v.replace('_', "")
                .parse::<u64>()
                .map_err(|e| format!("{v}: {e}"))
        };
        match flag.as_str() {
            "--ledgers" => a.ledgers = num(value()?)? as usize,
            "--entries" => a.entries = num(value()?)? as usize,
            "--seed" => a.seed = num(value()?)?,
            "--out" => a.out = PathBuf::from(value()?),
            "--journal" => a.journal = Some(PathBuf::from(value()?)),
            "--sealed" => a.sealed = true,
            "--clean" => a.clean = true,
            "--units" => a.units = num(value()?)? as usize,
            "--policy" => {
                a.policy = match value()?.as_str() {
                    "both" => None,
                    "kronoberg" => Some(Policy::Kronoberg),
                    "vgr" | "vgr-allmanmedicin" => Some(Policy::Vgr),
                    other => return Err(format!("unknown policy {other}")),
                }
            }
            "--today" => {
                let v = value()?;
                let p: Vec<i64> = v.split('-').filter_map(|x| x.parse().ok()).collect();
                if p.len() != 3 {
                    return Err(format!("--today: expected YYYY-MM-DD, got {v}"));
                }
                a.today = Day::ymd(p[0], p[1], p[2]);
            }
            _ => return Err(format!("unknown argument {flag}")),
        }
    }
    if a.out.as_os_str().is_empty() {
        return Err("--out DIR is required".to_string());
    }
    Ok(a)
}

/// The `[seal]` table `st-budget export` appends, dated `today`.
fn seal(text: &str, today: Day) -> Result<String, String> {
    use st_budget::ledger::{parse, seal};
    let l = parse("generated.toml", text).map_err(|e| e.to_string())?;
    let (y, m, d) = today.civil();
    let date = chrono::NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32)
        .ok_or("--today is not a date")?;
    Ok(seal::render(&seal::chain(&l), date))
}

fn main() -> ExitCode {
    let a = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return usage();
        }
    };
    let mut journal = match &a.journal {
        Some(p) => match std::fs::File::create(p) {
            Ok(f) => Some(std::io::BufWriter::new(f)),
            Err(e) => {
                eprintln!("error: cannot create {}: {e}", p.display());
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    for index in 0..a.ledgers {
        let policy = a.policy.unwrap_or(if index % 2 == 0 {
            Policy::Kronoberg
        } else {
            Policy::Vgr
        });
        let mut g = synth::ledger(&Spec {
            seed: a.seed,
            index,
            policy,
            entries: a.entries,
            today: a.today,
            units: a.units,
            clean: a.clean,
        });
        if a.sealed {
            match seal(&g.toml, a.today) {
                Ok(s) => g.toml.push_str(&s),
                Err(e) => {
                    eprintln!("error: generated ledger {index} does not load: {e}");
                    return ExitCode::from(2);
                }
            }
        }
        let dir = a.out.join(format!("{:02}", index / 1000));
        let path = dir.join(format!("t{:06}.toml", index + 1));
        let written = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, &g.toml));
        if let Err(e) = written {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        }
        if let Some(j) = &mut journal
            && let Err(e) = j
                .write_all(g.journal.as_bytes())
                .and_then(|()| j.write_all(b"\n"))
        {
            eprintln!("error: cannot write the journal: {e}");
            return ExitCode::from(2);
        }
    }
    if let Some(mut j) = journal
        && let Err(e) = j.flush()
    {
        eprintln!("error: cannot write the journal: {e}");
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}
