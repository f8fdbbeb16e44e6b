//! One module per subcommand, named after it. Each is a thin shell: load,
//! evaluate, render, and (for the commands that record something) append. What
//! they share is here: the context, reading and judging a ledger, writing to
//! stdout, appending a record. Commands end with an [`Outcome`] or an error;
//! `main` alone turns that into an exit code.

mod add;
mod amend;
mod audit;
mod balance;
mod check;
mod export;
mod guided;
mod help;
mod init;
mod list;
mod policy;
mod record;
mod report;
mod service;
mod show;
mod trainee;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::NaiveDate;

use crate::cli::{Cli, Command, LangArg, PolicyArgs};
use crate::diag::{InputError, LineStarts};
use crate::engine::{self, Evaluation};
use crate::i18n::Lang;
use crate::ledger::{self, Effective, Ledger};
use crate::policy::{Catalog, Policy};
use crate::render::{Format, View};

/// How a command ended, beside failing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Clean,
    /// Exit 1: error findings, or an `add` refused.
    Findings,
    /// Exit 2: an input could not be read, and that was already reported
    /// (`audit` reports each unreadable ledger and goes on).
    Unreadable,
    /// Exit 130: the person stopped the guided `add` with Ctrl-C, as a shell
    /// reports a command ended by an interrupt.
    Interrupted,
}

/// The reader of the output went away (`st-budget list | head -1`): stop quietly.
#[derive(Debug, thiserror::Error)]
#[error("broken pipe")]
pub struct BrokenPipe;

/// Something that cannot happen did: a bug in st-budget, not a mistake in what
/// it was given. It has an exit code of its own.
#[derive(Debug, thiserror::Error)]
#[error("{prefix}: {0}", prefix = crate::msg!("internt fel", "internal error"))]
pub struct Bug(pub String);

/// What every command knows before it starts.
pub struct Ctx {
    pub ledger_path: PathBuf,
    pub lang: Lang,
    pub today: NaiveDate,
    /// The width tables and lines fit: `COLUMNS`, else the terminal's; `None`
    /// when output goes to a file or a pipe.
    pub width: Option<u16>,
}

/// The default ledger file, in the current directory.
pub const DEFAULT_LEDGER: &str = "st-budget.toml";

pub fn run(cli: Cli) -> Result<Outcome> {
    let ctx = Ctx {
        ledger_path: cli
            .ledger
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_LEDGER)),
        lang: match cli.lang {
            Some(LangArg::Sv) => Lang::Sv,
            Some(LangArg::En) => Lang::En,
            None => lang_from_env(),
        },
        today: cli
            .today
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        width: terminal_width(),
    };
    crate::i18n::set(ctx.lang);
    let Some(command) = cli.command else {
        emit(&help::getting_started(ctx.lang))?;
        return Ok(Outcome::Clean);
    };
    match command {
        Command::Init(a) => init::run(&ctx, a),
        Command::Add(a) => add::run(&ctx, a),
        Command::Show(a) => show::run(&ctx, a),
        Command::Cancel(a) => amend::cancel(&ctx, a),
        Command::Attended(a) => amend::attended(&ctx, a),
        Command::Approve(a) => amend::approve(&ctx, a),
        Command::Amend(a) => amend::run(&ctx, a),
        Command::Service(a) => service::run(&ctx, a),
        Command::Trainee(a) => trainee::run(&ctx, a),
        Command::Balance(a) => balance::run(&ctx, a),
        Command::List(a) => list::run(&ctx, a),
        Command::Check(a) => check::run(&ctx, a),
        Command::Report(a) => report::run(&ctx, a),
        Command::Export(a) => export::run(&ctx, a),
        Command::Audit(a) => audit::run(&ctx, a),
        Command::Policy(p) => policy::run(&ctx, p),
        Command::Completions { shell } => help::completions(shell),
        Command::Man => help::man(),
    }
}

/// The width to fit: `COLUMNS` when it is set to a number (as clap reads it
/// for `--help`), else the width of the terminal standard output is, else none.
fn terminal_width() -> Option<u16> {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|n| *n > 0)
    {
        return Some(n);
    }
    terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| w.0)
}

/// Swedish when the locale says so, else English.
pub fn lang_from_env() -> Lang {
    crate::i18n::from_env()
}

impl From<crate::cli::Format> for Format {
    fn from(f: crate::cli::Format) -> Format {
        match f {
            crate::cli::Format::Table => Format::Table,
            crate::cli::Format::Json => Format::Json,
            crate::cli::Format::Csv => Format::Csv,
        }
    }
}

/// What a command writes to standard output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stdout {
    /// Text for people (tables, messages): what came from a file is sanitised by
    /// the renderer, and colour codes reach only a terminal without `NO_COLOR`.
    Text,
    /// JSON, CSV, HTML: data, passed on byte for byte.
    Json,
    Csv,
    Html,
}

impl From<Format> for Stdout {
    fn from(f: Format) -> Stdout {
        match f {
            Format::Table => Stdout::Text,
            Format::Json => Stdout::Json,
            Format::Csv => Stdout::Csv,
        }
    }
}

/// The one way to standard output, for bytes already rendered: see [`stream`].
pub fn write_stdout(kind: Stdout, bytes: &[u8]) -> Result<()> {
    stream(kind, |out| out.write_all(bytes))
}

/// Writes to standard output what `view` renders, as it renders it. Data goes
/// to a file or a pipe exactly as it is, never through escape stripping; on a
/// terminal it is held whole and its control characters are made visible (as
/// `\u007f` escapes in JSON, which stay valid JSON, else as `\u{7f}`), so that
/// a name cannot repaint the screen. Text goes through the colour stream. A
/// closed pipe ends the command quietly.
fn stream(kind: Stdout, view: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let stdout = std::io::stdout();
    if kind != Stdout::Text && stdout.is_terminal() {
        let mut data = Vec::new();
        view(&mut data)?;
        let shown = for_terminal(kind, &String::from_utf8_lossy(&data));
        let mut out = stdout.lock();
        return pipe_closed(out.write_all(shown.as_bytes()).and_then(|()| out.flush()));
    }
    let lock = stdout.lock();
    let written = if kind == Stdout::Text {
        let mut out = io::BufWriter::new(anstream::AutoStream::auto(lock));
        view(&mut out).and_then(|()| out.flush())
    } else {
        let mut out = io::BufWriter::new(lock);
        view(&mut out).and_then(|()| out.flush())
    };
    pipe_closed(written)
}

/// Data as a terminal may show it: every character that could move the cursor,
/// change the title or reorder the text, made visible. Line breaks stay.
fn for_terminal(kind: Stdout, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\n' || !crate::diag::is_unsafe(c) {
            out.push(c);
        } else if kind == Stdout::Json {
            // Such a character can only stand inside a JSON string, where this
            // escape means the same character.
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.extend(c.escape_unicode());
        }
    }
    out
}

/// Writes a view to stdout as it is rendered (see [`stream`]): a `list
/// --format json` of a large ledger is some 50 MB that need not be held.
pub fn show(format: Format, view: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    stream(format.into(), view)
}

/// Writes text for people to stdout (see [`Stdout::Text`]).
pub fn emit(text: &str) -> Result<()> {
    write_stdout(Stdout::Text, text.as_bytes())
}

/// Writes a page (HTML, a workbook) to a file, atomically, and says so on stderr.
pub fn write_page(path: &Path, page: impl AsRef<[u8]>) -> Result<()> {
    write_page_with(path, |w| w.write_all(page.as_ref()))
}

/// As [`write_page`], with what `write` writes as it makes the page.
pub fn write_page_with(
    path: &Path,
    write: impl FnOnce(&mut (dyn io::Write + Send)) -> io::Result<()>,
) -> Result<()> {
    crate::store::replace_with(path, write)?;
    eprintln!(
        "{}",
        crate::msg!(
            "skrev {}",
            "wrote {}",
            crate::diag::sanitize(&path.display().to_string())
        )
    );
    Ok(())
}

/// A closed pipe as [`BrokenPipe`], which ends a command quietly; any other
/// failure to write (a full disk) said in the language.
fn pipe_closed(r: io::Result<()>) -> Result<()> {
    match r {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(BrokenPipe.into()),
        Err(e) => Err(InputError::new(
            crate::msg!("standard ut", "standard output"),
            crate::msg!(
                "kan inte skrivas: {}",
                "cannot be written: {}",
                crate::input::io_reason(&e)
            ),
        )
        .into()),
        Ok(()) => Ok(()),
    }
}

/// Turns a closed pipe into success, for output that is not the command's point.
pub fn ignore_broken_pipe(r: Result<()>) -> Result<()> {
    match r {
        Err(e) if e.is::<BrokenPipe>() => Ok(()),
        other => other,
    }
}

/// The policies a command may use.
pub fn catalog(args: &PolicyArgs) -> Result<Catalog, InputError> {
    let mut c = Catalog::builtin()?;
    if let Some(dir) = &args.policy_dir {
        c.add_dir(dir)?;
    }
    if let Some(arg) = &args.policy {
        let pinned = c.resolve(arg, "--policy")?;
        c.pin(pinned);
    }
    Ok(c)
}

/// A loaded ledger and the policy it is judged by.
pub struct Opened {
    pub text: String,
    pub ledger: Ledger,
    pub policy: Policy,
}

/// Reads the ledger and finds its policy, which must know every role the
/// ledger's approvals name.
pub fn open(path: &Path, args: &PolicyArgs) -> Result<Opened> {
    let (text, ledger) = ledger::load(path)?;
    let policy = policy_for(path, &text, &ledger, args)?;
    policy.check_roles(&ledger, &path.display().to_string(), &text)?;
    Ok(Opened {
        text,
        ledger,
        policy,
    })
}

/// The policy a ledger names, or an error at its `policy` line.
pub fn policy_for(path: &Path, text: &str, ledger: &Ledger, args: &PolicyArgs) -> Result<Policy> {
    let c = catalog(args)?;
    c.get(&ledger.trainee.policy).cloned().map_err(|msg| {
        let shown = path.display().to_string();
        let src = crate::diag::Source::new(&shown, text);
        // The `policy = …` line itself, not a comment that mentions the word.
        let mut offset = 0;
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let key = line.trim_start();
            if key
                .strip_prefix("policy")
                .is_some_and(|r| r.trim_start().starts_with('='))
            {
                offset = at + (line.len() - key.len());
                break;
            }
            at += line.len();
        }
        let (line, col) = src.line_col(offset);
        InputError::new(path.display().to_string(), msg)
            .at(line, col)
            .with_hint(crate::msg!(
                "`st-budget policy list` visar regelverken; --policy-dir MAPP lägger till fler",
                "`st-budget policy list` shows the policies; --policy-dir DIR adds others",
            ))
            .into()
    })
}

/// A ledger read, its policy found, and judged: what `balance`, `list`, `check`,
/// `report` and `show` show. The ledger's text is not kept: up to 16 MB, it would
/// sit beside the evaluation unread. What `check` and `show` need of it, where
/// its lines start, is indexed before it goes.
pub struct Judged {
    pub policy: Policy,
    /// The ledger as written, whole, where [`judge_keeping`] kept it (`show`);
    /// else it is dropped before the evaluation, its entries moved into `ledger`.
    pub written: Option<Ledger>,
    /// The ledger with every amendment applied, as it was judged.
    pub ledger: Effective,
    pub eval: Evaluation,
    /// Where each line of the text starts, as the parser saw it (without a byte
    /// order mark), for the commands that cite lines.
    pub lines: Option<LineStarts>,
}

impl Judged {
    pub fn view(&self, ctx: &Ctx) -> View<'_> {
        View {
            policy: &self.policy,
            ledger: &self.ledger,
            eval: &self.eval,
            lang: ctx.lang,
            width: ctx.width,
        }
    }
}

/// What judging a ledger keeps beside the evaluation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// Nothing more (`balance`, `list`, `report`).
    Nothing,
    /// Where the text's lines start (`check`, which cites them).
    Lines,
    /// The lines, and the ledger as written whole beside the amended one
    /// (`show`, which shows an entry's history).
    Written,
}

/// Reads the ledger, finds its policy and evaluates it as of `at` (else today).
/// The ledger as written is not kept: its entries moved into `ledger`, amended.
/// See [`judge_keeping`].
pub fn judge(ctx: &Ctx, policies: &PolicyArgs, at: Option<NaiveDate>) -> Result<Judged> {
    judge_as(ctx, policies, at, Keep::Nothing)
}

/// [`judge`], with where the text's lines start (`check`).
pub fn judge_citing(ctx: &Ctx, policies: &PolicyArgs) -> Result<Judged> {
    judge_as(ctx, policies, None, Keep::Lines)
}

/// [`judge_citing`], keeping the ledger as written whole beside the amended one
/// (`show`, which shows an entry's history).
pub fn judge_keeping(ctx: &Ctx, policies: &PolicyArgs) -> Result<Judged> {
    judge_as(ctx, policies, None, Keep::Written)
}

fn judge_as(ctx: &Ctx, policies: &PolicyArgs, at: Option<NaiveDate>, keep: Keep) -> Result<Judged> {
    let Opened {
        text,
        ledger: written,
        policy,
    } = open(&ctx.ledger_path, policies)?;
    let lines = (keep != Keep::Nothing).then(|| LineStarts::new(crate::tomlx::strip_bom(&text)));
    drop(text);
    let (ledger, written) = if keep == Keep::Written {
        (written.effective(), Some(written))
    } else {
        (written.into_effective(), None)
    };
    let eval = engine::evaluate_at(&policy, &ledger, ctx.today, at);
    Ok(Judged {
        policy,
        written,
        ledger,
        eval,
        lines,
    })
}

/// Takes the write lock of an existing ledger. A ledger that cannot be read is
/// reported as such first, and no lock file is left beside a path that has no
/// ledger.
pub fn lock_ledger(path: &Path) -> Result<crate::store::Lock> {
    if let Err(e) = std::fs::metadata(path) {
        return Err(InputError::new(
            path.display().to_string(),
            crate::msg!(
                "kan inte läsa liggaren: {}",
                "cannot read the ledger: {}",
                crate::input::io_reason(&e)
            ),
        )
        .with_hint(crate::msg!(
            "skapa en med `st-budget init`, eller ange den med --ledger SÖKVÄG eller ST_BUDGET_LEDGER",
            "create one with `st-budget init`, or name it with --ledger PATH or ST_BUDGET_LEDGER"
        ))
        .into());
    }
    crate::store::lock(path)
}

/// Appends a rendered record to the ledger under the lock, re-reading the file so
/// that nothing another writer added in between is lost.
pub fn append_record(path: &Path, expected: &str, record: &str) -> Result<()> {
    let current = ledger::read_text(path)?;
    if current != expected {
        anyhow::bail!(crate::msg!(
            "{} ändrades medan kommandot körde; inget skrevs, kör det igen",
            "{} changed while this command ran; nothing was written, run it again",
            path.display()
        ));
    }
    // What is written must load: never leave a ledger the next command cannot read.
    ledger::check_fragment(record).map_err(|e| {
        Bug(format!(
            "the new record does not load ({e}); nothing was written"
        ))
    })?;
    let new_text = ledger::write::append(&current, record);
    // The record is fine on its own, but the file around it may not take it (an
    // `entry = [...]` array written by hand cannot be followed by `[[entry]]`).
    let shown = path.display().to_string();
    if let Err(e) = ledger::parse(&shown, &new_text) {
        return Err(InputError::new(
            shown,
            crate::msg!(
                "den nya posten kan inte läggas till: liggaren skulle inte gå att läsa ({}); inget skrevs",
                "the new record cannot be appended: the ledger would not load ({}); nothing was written",
                e
            ),
        )
        .with_hint(crate::msg!(
            "skriv liggarens tabeller som block, [[entry]], [[service]], [[amendment]], så som `st-budget init` gör",
            "write the ledger's tables as [[entry]], [[service]], [[amendment]] blocks, as `st-budget init` does"
        ))
        .into());
    }
    crate::store::replace(path, new_text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::{Stdout, for_terminal};

    #[test]
    fn data_on_a_terminal_shows_its_control_characters_and_json_stays_json() {
        let json = "{\"n\":\"a\u{7f}\u{1b}]0;x\u{9b}2J\u{202e}\"}\n";
        let shown = for_terminal(Stdout::Json, json);
        assert_eq!(shown, "{\"n\":\"a\\u007f\\u001b]0;x\\u009b2J\\u202e\"}\n");
        let back: serde_json::Value = serde_json::from_str(&shown).expect("still JSON");
        assert_eq!(back["n"], "a\u{7f}\u{1b}]0;x\u{9b}2J\u{202e}");
        assert_eq!(
            for_terminal(Stdout::Csv, "a,\u{1b}[2J,\"x\r\ny\"\n"),
            "a,\\u{1b}[2J,\"x\\u{d}\ny\"\n"
        );
    }
}
