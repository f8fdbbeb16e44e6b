//! The command line, as clap derives it. The doc comment of each struct is its
//! `--help`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::ledger::{Kind, Role, Status};
use crate::money::Amount;

/// Keeps the education budget of an ST trainee and checks every cost against the
/// rules of the region that pays.
#[derive(Debug, Parser)]
#[command(name = "st-budget", version, propagate_version = true)]
#[command(
    after_help = "Start with: st-budget init --policy kronoberg --name \"Anna Lindqvist\" --start 2024-01-08"
)]
pub struct Cli {
    /// The ledger file [default: st-budget.toml in the current directory]
    #[arg(long, global = true, env = "ST_BUDGET_LEDGER", value_name = "PATH")]
    pub ledger: Option<PathBuf>,

    /// Language of tables and messages [default: from LANG, else English]
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<LangArg>,

    /// The day the tool takes as today (for reproducible output)
    #[arg(long, global = true, env = "ST_BUDGET_TODAY", value_name = "DATE", value_parser = parse_date, hide = true)]
    pub today: Option<NaiveDate>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Sv,
    En,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Json,
    Csv,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new ledger (never overwrites one)
    Init(InitArgs),
    /// Check a cost against the policy, show where its money goes, and record it
    Add(AddArgs),
    /// Record an approval of an entry
    Approve(ApproveArgs),
    /// Record a correction or status change of an entry, keeping what was there
    Amend(AmendArgs),
    /// Record a change of service percentage
    Service(ServiceArgs),
    /// Record a change of trainee data (certificate, double specialisation, …)
    Trainee(TraineeArgs),
    /// Show each period's budget, what is charged and what remains
    Balance(BalanceArgs),
    /// List every entry with its payers, verdict and findings
    List(ReportArgs),
    /// Validate the ledger against its policy; exit 1 on any error finding
    Check(ReportArgs),
    /// Write a sealed copy of the ledger for the director of studies
    Export(ExportArgs),
    /// Check many exported ledgers (files and folders) against trusted policies
    Audit(AuditArgs),
    /// Show, explain and validate policies
    #[command(subcommand)]
    Policy(PolicyCommand),
}

/// Where policies come from, beside the built-in ones.
#[derive(Debug, Args, Clone, Default)]
pub struct PolicyArgs {
    /// Judge with this policy file, whatever policy the ledger names
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Load policies from this directory (they override built-in ones of the same id)
    #[arg(long, value_name = "DIR")]
    pub policy_dir: Option<PathBuf>,
}

/// Create a new ledger.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The policy id (see `st-budget policy list`) or a policy file
    #[arg(long, value_name = "ID")]
    pub policy: String,
    /// The trainee's name
    #[arg(long)]
    pub name: String,
    /// The ST start date
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub start: NaiveDate,
    /// The specialist certificate date, if known
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub certificate: Option<NaiveDate>,
    /// Service percentage from the start (records a service period)
    #[arg(long, value_parser = parse_percent, value_name = "N")]
    pub percent: Option<u8>,
    /// A programme the trainee takes part in (repeatable), e.g. plus
    #[arg(long = "programme", value_name = "P")]
    pub programmes: Vec<String>,
    /// A second specialty after the first
    #[arg(long)]
    pub double_specialisation: bool,
    /// The trainee's own id (employee number or similar)
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// The training unit (clinic or health centre)
    #[arg(long)]
    pub unit: Option<String>,
    /// Directory of policies beside the built-in ones
    #[arg(long, value_name = "DIR")]
    pub policy_dir: Option<PathBuf>,
}

/// The fields of an entry, as flags named after the ledger's fields.
#[derive(Debug, Args, Default, Clone)]
pub struct FieldArgs {
    /// Last day of a multi-day activity
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub end: Option<NaiveDate>,
    /// Who gives the course
    #[arg(long, value_name = "TEXT")]
    pub provider: Option<String>,
    /// Goal level a, b, c or a goal code such as c12 or STc7
    #[arg(long, value_name = "GOAL")]
    pub goal: Option<String>,
    /// An internet-based course
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    pub online: Option<bool>,
    /// In the region's approved catalogue (green tick)
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    pub catalogue: Option<bool>,
    /// An international congress
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    pub international: Option<bool>,
    /// The programme the course belongs to, e.g. plus
    #[arg(long, value_name = "P")]
    pub programme: Option<String>,
    /// The id of the entry a travel or lodging cost belongs to
    #[arg(long = "for", value_name = "ID")]
    pub for_entry: Option<u32>,
    /// How you travel: train, bus, car, flight, …
    #[arg(long, value_name = "MODE")]
    pub travel_mode: Option<String>,
    /// The travel agency or who booked it
    #[arg(long, value_name = "TEXT")]
    pub booked_via: Option<String>,
    /// Distance from home or workplace in km
    #[arg(long, value_name = "KM")]
    pub distance_km: Option<u32>,
    /// Number of nights
    #[arg(long, value_name = "N")]
    pub nights: Option<u32>,
    /// planned, booked, attended, cancelled, cancelled-late or no-show
    #[arg(long, value_parser = parse_status, value_name = "STATUS")]
    pub status: Option<Status>,
    /// A receipt file or reference
    #[arg(long, value_name = "PATH")]
    pub receipt: Option<String>,
    /// A note
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// An approval, ROLE or ROLE=DATE (repeatable; the date defaults to today)
    #[arg(long = "approved-by", value_parser = parse_approval, value_name = "ROLE[=DATE]")]
    pub approved_by: Vec<(Role, Option<NaiveDate>)>,
}

/// Check a cost against the policy, show where its money goes, and append it.
/// An entry with an error finding is refused (exit 1) unless --force.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// course, literature, digital, travel, lodging, congress, study-circle or other
    #[arg(value_parser = parse_kind)]
    pub kind: Kind,
    /// The date (first day) of the cost
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub date: NaiveDate,
    /// The amount in kronor: 4500, 4500.50 or "4 500,50"
    #[arg(long, value_parser = parse_amount, value_name = "AMOUNT")]
    pub amount: Amount,
    /// What it is
    #[arg(long, value_name = "TEXT")]
    pub description: String,
    #[command(flatten)]
    pub fields: FieldArgs,
    /// Show the verdict, write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Record the entry even with error findings
    #[arg(long)]
    pub force: bool,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    #[command(flatten)]
    pub policies: PolicyArgs,
}

/// Record an approval of an entry.
#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// The entry's id
    pub id: u32,
    /// handledare, studierektor, overgripande-studierektor, verksamhetschef or vardcentralchef
    #[arg(long, value_parser = parse_role, value_name = "ROLE")]
    pub by: Role,
    /// The day of the approval [default: today]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub date: Option<NaiveDate>,
    #[command(flatten)]
    pub policies: PolicyArgs,
}

/// Record a correction or status change of an entry. The entry stays as it was
/// written; an [[amendment]] is appended and applied on top.
#[derive(Debug, Args)]
pub struct AmendArgs {
    /// The entry's id
    pub id: u32,
    /// Corrected date
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub date: Option<NaiveDate>,
    /// Corrected amount
    #[arg(long, value_parser = parse_amount, value_name = "AMOUNT")]
    pub amount: Option<Amount>,
    /// Corrected description
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// Corrected kind
    #[arg(long, value_parser = parse_kind, value_name = "KIND")]
    pub kind: Option<Kind>,
    #[command(flatten)]
    pub fields: FieldArgs,
    #[command(flatten)]
    pub policies: PolicyArgs,
}

/// Record a change of service percentage from a date.
#[derive(Debug, Args)]
pub struct ServiceArgs {
    /// The first day at the new percentage
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub from: NaiveDate,
    /// The service percentage, 0 to 100
    #[arg(long, value_parser = parse_percent, value_name = "N")]
    pub percent: u8,
    #[command(flatten)]
    pub policies: PolicyArgs,
}

/// Record a change of trainee data.
#[derive(Debug, Args)]
pub struct TraineeArgs {
    /// The specialist certificate date
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub certificate: Option<NaiveDate>,
    /// Double specialisation (true or false)
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    pub double_specialisation: Option<bool>,
    /// The trainee's name
    #[arg(long)]
    pub name: Option<String>,
    /// The trainee's own id
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// The training unit
    #[arg(long)]
    pub unit: Option<String>,
    /// The programmes (repeatable; replaces the list)
    #[arg(long = "programme", value_name = "P")]
    pub programmes: Vec<String>,
    #[command(flatten)]
    pub policies: PolicyArgs,
}

/// Show each period's budget, charged and remaining, caps and totals.
#[derive(Debug, Args)]
pub struct BalanceArgs {
    /// Leave out entries dated after this day
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub at: Option<NaiveDate>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    #[command(flatten)]
    pub policies: PolicyArgs,
}

/// Output format and policies for a report.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    #[command(flatten)]
    pub policies: PolicyArgs,
}

/// Write a sealed copy of the ledger for the director of studies. The seal (a
/// SHA-256 hash chain over every record, docs/seal.md) lets `audit` name the
/// first record changed after the export. The working ledger is not touched.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The file to write (never an existing one unless --force)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    /// Replace FILE if it exists
    #[arg(long)]
    pub force: bool,
}

/// Check exported ledgers against the policies you trust: files, and folders
/// searched recursively for *.toml. One row per ledger (trainee, policy,
/// integrity, current period, counts), then every finding, then a summary.
/// A policy carried inside a ledger is never used.
///
/// Exit status: 0 clean, 1 any error finding (a broken or rewritten seal
/// among them), 2 any ledger that cannot be read.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Exported ledgers, or folders of them
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Load policies from this directory (they override built-in ones of the same id)
    #[arg(long, value_name = "DIR")]
    pub policy_dir: Option<PathBuf>,
    /// The audit register: remembers what each trainee's earlier exports
    /// contained, so that a rewritten history is caught (docs/audit-register.md)
    #[arg(long, value_name = "FILE")]
    pub register: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// List the available policies
    List(PolicyArgs),
    /// Explain a policy rule by rule
    Show {
        /// The policy id
        id: String,
        #[command(flatten)]
        policies: PolicyArgs,
    },
    /// Validate a policy file
    Check {
        /// The policy file
        file: PathBuf,
    },
}

pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    crate::tomlx::parse_date(s)
        .ok_or_else(|| format!("expected a date such as 2024-03-11, got {s:?}"))
}

fn parse_amount(s: &str) -> Result<Amount, String> {
    let a = Amount::parse_human(s).map_err(|e| e.to_string())?;
    if !a.is_positive() {
        return Err(format!("the amount must be more than zero (got {a})"));
    }
    if a > crate::money::MAX_AMOUNT {
        return Err(format!(
            "the amount is absurdly large ({a}); the most is {}",
            crate::money::MAX_AMOUNT
        ));
    }
    Ok(a)
}

fn parse_percent(s: &str) -> Result<u8, String> {
    match s.trim().trim_end_matches('%').parse::<i64>() {
        Ok(n) if (0..=100).contains(&n) => Ok(n as u8),
        Ok(n) => Err(format!("must be 0..=100 (got {n})")),
        Err(_) => Err(format!("expected a whole number 0..=100, got {s:?}")),
    }
}

fn one_of<T: Copy>(
    s: &str,
    what: &str,
    parse: fn(&str) -> Option<T>,
    names: &[&str],
) -> Result<T, String> {
    parse(s).ok_or_else(|| match crate::diag::did_you_mean(s, names) {
        Some(m) => format!("unknown {what} {s:?} (did you mean {m:?}?)"),
        None => format!(
            "unknown {what} {s:?} (expected one of: {})",
            names.join(", ")
        ),
    })
}

fn parse_kind(s: &str) -> Result<Kind, String> {
    one_of(s, "kind", Kind::parse, Kind::NAMES)
}

fn parse_status(s: &str) -> Result<Status, String> {
    one_of(s, "status", Status::parse, Status::NAMES)
}

fn parse_role(s: &str) -> Result<Role, String> {
    one_of(s, "role", Role::parse, Role::NAMES)
}

fn parse_approval(s: &str) -> Result<(Role, Option<NaiveDate>), String> {
    match s.split_once('=') {
        Some((role, date)) => Ok((parse_role(role)?, Some(parse_date(date)?))),
        None => Ok((parse_role(s)?, None)),
    }
}
