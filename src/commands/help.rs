//! `st-budget` alone, `st-budget completions SHELL` and `st-budget man`: the
//! conventions of a command-line tool, generated from the same clap definitions
//! as `--help`, so they can never disagree with it.

use anyhow::Result;
use clap::CommandFactory;

use super::{Outcome, emit};
use crate::cli::Cli;
use crate::i18n::Lang;

/// What `st-budget` with no command prints: the first five minutes, then where
/// to read on. It exits 0: asking "what is this?" is not a mistake.
pub fn getting_started(lang: Lang) -> String {
    let version = env!("CARGO_PKG_VERSION");
    // Real policy ids from the catalogue, never written into the code.
    // The example is an ST policy: the tool is for ST trainees first.
    let (ids, st): (Vec<String>, Option<String>) = crate::policy::Catalog::builtin()
        .map(|c| {
            let st = c
                .all()
                .find(|p| p.programme == crate::policy::Programme::St)
                .map(|p| p.id.clone());
            (c.all().map(|p| p.id.clone()).collect(), st)
        })
        .unwrap_or_default();
    let id = st
        .or_else(|| ids.first().cloned())
        .unwrap_or_else(|| "ID".to_string());
    let known = ids.join(", ");
    crate::msg!(lang =>
            "\
st-budget {version} – håller reda på ST-läkarens utbildningsbudget och prövar
varje kostnad mot reglerna i regionen som betalar.

Kom igång:
  1. Skapa din liggare (en fil, st-budget.toml i den här mappen) med din
     regions regelverk
     ({known}):
       st-budget init --policy {id} --name \"Anna Lindqvist\" \\
           --start 2024-01-08
  2. För in en kurs, en bok eller en resa när den planeras eller betalas
     (med --dry-run först ser du vad den kostar och vad mer den ändrar):
       st-budget add kurs --date 2024-03-11 --amount 4500 \\
           --description \"Akut EKG\" --approved-by handledare
     eller bara st-budget add, som frågar efter det som saknas
  3. Se vad som är kvar, en post, och allt du fört in:
       st-budget balance
       st-budget show 1
       st-budget list
  4. Avbokad, eller genomförd:
       st-budget cancel 1
       st-budget attended 1
  5. Ge studierektorn en HTML-rapport, eller en förseglad kopia:
       st-budget report -o rapport.html
       st-budget export -o anna-lindqvist.toml

Reglerna:  st-budget policy list, st-budget policy show {id}
Hjälp:     st-budget --help, st-budget add --help
Manual:    st-budget man | man -l -
Språk:     --lang sv|en (annars från LANG)
",
            "\
st-budget {version} – keeps an ST trainee's education budget and checks every
cost against the rules of the region that pays.

Getting started:
  1. Create your ledger (one file, st-budget.toml in this folder) with your
     region's policy
     ({known}):
       st-budget init --policy {id} --name \"Anna Lindqvist\" \\
           --start 2024-01-08
  2. Record a course, a book or a trip when it is planned or paid (with
     --dry-run first you see what it costs and what else it changes):
       st-budget add course --date 2024-03-11 --amount 4500 \\
           --description \"Akut EKG\" --approved-by handledare
     or just st-budget add, which asks for what is missing
  3. See what is left, one entry, and everything you recorded:
       st-budget balance
       st-budget show 1
       st-budget list
  4. Cancelled, or attended:
       st-budget cancel 1
       st-budget attended 1
  5. Give your director of studies an HTML report, or a sealed copy:
       st-budget report -o report.html
       st-budget export -o anna-lindqvist.toml

The rules:  st-budget policy list, st-budget policy show {id}
Help:       st-budget --help, st-budget add --help
Manual:     st-budget man | man -l -
Language:   --lang sv|en (else from LANG)
",
        version = version,
        known = known,
        id = id,
    )
}

/// A completion script for `shell`, on stdout.
pub fn completions(shell: clap_complete::Shell) -> Result<Outcome> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "st-budget", &mut buf);
    emit(&String::from_utf8_lossy(&buf))?;
    Ok(Outcome::Clean)
}

/// The man page, roff, on stdout.
pub fn man() -> Result<Outcome> {
    emit(&man_page()?)?;
    Ok(Outcome::Clean)
}

/// The man page of st-budget, with every subcommand's full help (flags by
/// group, examples) as a section of its own.
pub fn man_page() -> Result<String> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut buf = Vec::new();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    man.render_options_section(&mut buf)?;
    man.render_subcommands_section(&mut buf)?;
    man.render_extra_section(&mut buf)?;
    let mut out = String::from_utf8_lossy(&buf).into_owned();
    for sub in cmd.get_subcommands_mut() {
        let name = format!("st-budget {}", sub.get_name());
        let help = sub.render_long_help().to_string();
        out.push_str(&format!(".SH \"{}\"\n.nf\n", name.to_uppercase()));
        for line in help.lines() {
            out.push_str(&roff_line(line));
            out.push('\n');
        }
        out.push_str(".fi\n");
    }
    let mut buf = Vec::new();
    man.render_version_section(&mut buf)?;
    out.push_str(&String::from_utf8_lossy(&buf));
    // Plain groff reads Latin-1; `\[uXXXX]` is read right everywhere (å, –, …).
    Ok(out
        .chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                format!("\\[u{:04X}]", c as u32)
            }
        })
        .collect())
}

/// A line of literal text in roff: backslashes escaped, and a line that would
/// read as a request (starting with `.` or `'`) guarded.
fn roff_line(line: &str) -> String {
    let line = line.replace('\\', "\\e");
    if line.starts_with(['.', '\'']) {
        format!("\\&{line}")
    } else {
        line
    }
}
