//! The command line, as clap derives it. The doc comment of each struct is its
//! `--help`.

pub mod help_sv;
mod values;

pub use values::{parse_days, parse_goal, parse_km, parse_nights};

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::ledger::{Funder, Kind, Role, Status};
use crate::money::Amount;

/// Keeps the education budget of an ST trainee and checks every cost against the
/// rules of the region that pays.
#[derive(Debug, Parser)]
#[command(name = "st-budget", version, propagate_version = true)]
#[command(after_help = EXAMPLES_MAIN)]
pub struct Cli {
    /// The ledger file [default: st-budget.toml in the current directory]
    #[arg(
        long,
        global = true,
        env = "ST_BUDGET_LEDGER",
        hide_env_values = true,
        value_name = "PATH",
        help_heading = "Global options"
    )]
    pub ledger: Option<PathBuf>,

    /// Language of tables and messages: sv or en [default: from LC_ALL, LC_MESSAGES or LANG; else English]
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "LANG",
        help_heading = "Global options"
    )]
    pub lang: Option<LangArg>,

    /// The day the tool takes as today (for reproducible output)
    #[arg(long, global = true, env = "ST_BUDGET_TODAY", value_name = "DATE", value_parser = parse_date, hide = true)]
    pub today: Option<NaiveDate>,

    /// Without a command, st-budget prints a short getting-started and exits 0.
    #[command(subcommand)]
    pub command: Option<Command>,
}

const EXAMPLES_MAIN: &str = "\
Examples:
  st-budget policy list
  st-budget init --policy ID --name \"Anna Lindqvist\" --start 2024-01-08
  st-budget add course --date 2024-03-11 --amount 4500 \\
      --description \"Akut EKG\" --approved-by handledare
  st-budget balance
  st-budget report -o anna.html

Run `st-budget` alone for a getting-started, `st-budget COMMAND --help` for each command.
Exit codes: 0 ok, 1 error findings or an entry refused, 2 bad invocation or unreadable input,
70 an internal error (a bug in st-budget), 130 a guided add stopped with Ctrl-C.";

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
    #[command(after_help = EXAMPLES_INIT)]
    Init(InitArgs),
    /// Check a cost against the policy, show where its money goes, and record it
    #[command(after_help = EXAMPLES_ADD)]
    Add(AddArgs),
    /// Show one entry: its fields, its history, who pays and why, its linked costs
    #[command(after_help = EXAMPLES_SHOW)]
    Show(ShowArgs),
    /// Record that an entry was cancelled (in time, or with --late too late)
    #[command(after_help = EXAMPLES_CANCEL)]
    Cancel(CancelArgs),
    /// Record that you attended a course, congress or other entry
    #[command(after_help = EXAMPLES_ATTENDED)]
    Attended(AttendedArgs),
    /// Record an approval of an entry
    #[command(after_help = EXAMPLES_APPROVE)]
    Approve(ApproveArgs),
    /// Record a correction or status change of an entry, keeping what was there
    #[command(after_help = EXAMPLES_AMEND)]
    Amend(AmendArgs),
    /// Record a change of service percentage
    #[command(after_help = EXAMPLES_SERVICE)]
    Service(ServiceArgs),
    /// Record a change of trainee data (certificate, double specialisation, …)
    #[command(after_help = EXAMPLES_TRAINEE)]
    Trainee(TraineeArgs),
    /// Show each period's budget, what is charged and what remains
    #[command(after_help = EXAMPLES_BALANCE)]
    Balance(BalanceArgs),
    /// List every entry with its payers, verdict and findings
    #[command(after_help = EXAMPLES_LIST)]
    List(ReportArgs),
    /// Validate the ledger against its policy; exit 1 on any error finding
    #[command(after_help = EXAMPLES_CHECK)]
    Check(ReportArgs),
    /// Write the ledger as one self-contained HTML page: periods, a burn-down chart, every entry
    #[command(after_help = EXAMPLES_REPORT)]
    Report(HtmlArgs),
    /// Write a sealed copy of the ledger for the director of studies
    #[command(after_help = EXAMPLES_EXPORT)]
    Export(ExportArgs),
    /// Check many exported ledgers (files and folders) against trusted policies
    #[command(after_help = EXAMPLES_AUDIT)]
    Audit(AuditArgs),
    /// Show, explain and validate policies
    #[command(subcommand, after_help = EXAMPLES_POLICY)]
    Policy(PolicyCommand),
    /// Print a shell completion script to standard output
    #[command(after_help = EXAMPLES_COMPLETIONS)]
    Completions {
        /// The shell: bash, zsh, fish, powershell or elvish
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to standard output
    #[command(after_help = EXAMPLES_MAN)]
    Man,
}

const EXAMPLES_INIT: &str = "\
Examples (ID is your region's policy id, from `st-budget policy list`):
  st-budget init --policy ID --name \"Anna Lindqvist\" --start 2024-01-08
  st-budget init --policy ID --name \"Erik Berg\" --start 2024-01-08 \\
      --percent 100 --programme plus
  st-budget --ledger ~/st/erik.toml init --policy ID \\
      --name \"Erik Berg\" --start 2025-09-01 --percent 75";
const EXAMPLES_ADD: &str = "\
Examples:
  st-budget add course --date 2024-03-11 --end 2024-03-13 --amount 4500 \\
      --description \"Akut EKG\" --goal c --approved-by handledare
  st-budget add resa --date 2024-03-11 --amount \"1 240,50 kr\" \\
      --description \"Tåg Växjö–Lund\" --for 1 --travel-mode train
  st-budget add bok --date 2024-04-02 --amount 890 \\
      --description \"Läkemedelsboken\" --dry-run
On a terminal, `st-budget add` asks for what is missing: the kind, date, amount,
description and what the policy's rules need; it shows the verdict and asks before
it writes.";
const EXAMPLES_SHOW: &str = "\
Examples:
  st-budget show 3
  st-budget show 3 --format json";
const EXAMPLES_CANCEL: &str = "\
Examples:
  st-budget cancel 3
  st-budget cancel 3 --late --dry-run";
const EXAMPLES_ATTENDED: &str = "\
Examples:
  st-budget attended 3
  st-budget attended 3 --dry-run";
const EXAMPLES_APPROVE: &str = "\
Examples:
  st-budget approve 3 --by handledare
  st-budget approve 3 --by vårdcentralchef --date 2024-02-20";
const EXAMPLES_AMEND: &str = "\
Examples:
  st-budget amend 3 --amount 4200 --note \"Rabatt efter fakturan\"
  st-budget amend 4 --distance-km 65 --dry-run
  st-budget amend 5 --status no-show --receipt kvitton/2024-03-11.pdf
Cancelled or attended: `st-budget cancel ID [--late]`, `st-budget attended ID`.";
const EXAMPLES_SERVICE: &str = "\
Examples:
  st-budget service --from 2025-03-01 --percent 0
  st-budget service --from 2025-09-01 --percent 75 --dry-run";
const EXAMPLES_TRAINEE: &str = "\
Examples:
  st-budget trainee --certificate 2029-01-07 --dry-run
  st-budget trainee --double-specialisation";
const EXAMPLES_BALANCE: &str = "\
Examples:
  st-budget balance
  st-budget balance --at 2025-12-31 --by year
  st-budget balance --format json | jq .periods";
const EXAMPLES_LIST: &str = "\
Examples:
  st-budget list
  st-budget --lang sv list
  st-budget list --format csv > poster.csv";
const EXAMPLES_CHECK: &str = "\
Examples:
  st-budget check
  st-budget --ledger anna.toml check --format json
Exit codes: 0 no error findings, 1 error findings, 2 the ledger cannot be read.";
const EXAMPLES_REPORT: &str = "\
Examples:
  st-budget report -o anna.html
  st-budget --lang sv report -o rapport.html --at 2025-12-31
  st-budget report > anna.html
The page has no scripts from the network and prints well (Ctrl+P).";
const EXAMPLES_EXPORT: &str = "\
Examples:
  st-budget export -o anna-lindqvist-2026-11-22.toml
  st-budget --ledger ~/st/anna.toml export -o /media/usb/anna.toml --force";
const EXAMPLES_AUDIT: &str = "\
Examples:
  st-budget audit inkorg/ --policy-dir betrodda-regelverk/ --policy-map regelverk.toml
  st-budget audit inkorg/ --register granskningar.toml --html granskning.html
  st-budget audit inkorg/ --problems --by-unit --xlsx granskning.xlsx
Exit codes: 0 clean, 1 any error finding (a broken or rewritten seal among them),
2 any ledger that cannot be read, or no ledger found.";
const EXAMPLES_POLICY: &str = "\
Examples:
  st-budget policy list
  st-budget --lang sv policy show ID
  st-budget policy check policies/min-region.toml";
const EXAMPLES_COMPLETIONS: &str = "\
Examples:
  st-budget completions bash > ~/.local/share/bash-completion/completions/st-budget
  st-budget completions zsh > ~/.zfunc/_st-budget
  st-budget completions fish > ~/.config/fish/completions/st-budget.fish";
const EXAMPLES_MAN: &str = "\
Examples:
  st-budget man | man -l -
  st-budget man > ~/.local/share/man/man1/st-budget.1";

/// Where policies come from, beside the built-in ones.
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Policies")]
pub struct PolicyArgs {
    /// Judge with this policy (an id, or a policy file; an existing file wins), whatever policy the ledger names
    #[arg(long, value_name = "ID|FILE")]
    pub policy: Option<String>,
    /// Load policies from this directory (they override built-in ones of the same id)
    #[arg(long, value_name = "DIR")]
    pub policy_dir: Option<PathBuf>,
}

/// Create a new ledger.
#[derive(Debug, Args)]
#[command(next_help_heading = "Trainee")]
pub struct InitArgs {
    /// The policy: an id (see `st-budget policy list`) or a policy file (an existing file wins)
    #[arg(long, value_name = "ID|FILE", help_heading = "Policies")]
    pub policy: String,
    /// The trainee's name
    #[arg(long, value_parser = values::parse_name, value_name = "NAME")]
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
    #[arg(long, value_parser = values::parse_name, value_name = "ID")]
    pub id: Option<String>,
    /// The training unit (clinic or health centre)
    #[arg(long, value_parser = values::parse_name, value_name = "UNIT")]
    pub unit: Option<String>,
    /// Directory of policies beside the built-in ones
    #[arg(long, value_name = "DIR", help_heading = "Policies")]
    pub policy_dir: Option<PathBuf>,
}

/// The fields of an entry, as flags named after the ledger's fields.
#[derive(Debug, Args, Default, Clone)]
#[command(next_help_heading = "Entry fields")]
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
    #[arg(long, num_args = 0..=1, default_missing_value = "yes", value_parser = parse_bool, value_name = "YES|NO")]
    pub online: Option<bool>,
    /// In the region's approved catalogue (green tick)
    #[arg(long, num_args = 0..=1, default_missing_value = "yes", value_parser = parse_bool, value_name = "YES|NO")]
    pub catalogue: Option<bool>,
    /// An international congress
    #[arg(long, num_args = 0..=1, default_missing_value = "yes", value_parser = parse_bool, value_name = "YES|NO")]
    pub international: Option<bool>,
    /// The programme the course belongs to, e.g. plus
    #[arg(long, value_name = "P")]
    pub programme: Option<String>,
    /// The id of the entry a travel or lodging cost belongs to
    #[arg(long = "for", value_name = "ID")]
    pub for_entry: Option<u32>,
    /// How you travel: train (tåg), bus (buss), car (bil), flight (flyg), …
    #[arg(long, value_name = "MODE")]
    pub travel_mode: Option<String>,
    /// The travel agency or who booked it
    #[arg(long, value_name = "TEXT")]
    pub booked_via: Option<String>,
    /// Distance from home or workplace in km
    #[arg(long, value_parser = parse_km, value_name = "KM")]
    pub distance_km: Option<u32>,
    /// Number of nights
    #[arg(long, value_parser = parse_nights, value_name = "N")]
    pub nights: Option<u16>,
    /// planned (planerad), booked (bokad), attended (genomförd), cancelled (avbokad), cancelled-late (sent-avbokad), no-show (uteblev) or excused (giltig frånvaro: absent with a valid reason)
    #[arg(long, value_parser = parse_status, value_name = "STATUS")]
    pub status: Option<Status>,
    /// A receipt file or reference
    #[arg(long, value_name = "PATH")]
    pub receipt: Option<String>,
    /// A note
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// An approval, ROLE or ROLE=DATE (repeatable; the date defaults to today): handledare, studierektor, övergripande-studierektor, verksamhetschef, vårdcentralchef, or a role the policy declares
    #[arg(long = "approved-by", value_parser = parse_approval, value_name = "ROLE[=DATE]")]
    pub approved_by: Vec<(Role, Option<NaiveDate>)>,
    /// The day you applied to the provider or registered
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub applied: Option<NaiveDate>,
    /// The provider's last cancellation day
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub cancel_by: Option<NaiveDate>,
    /// A payer agreed beforehand: unit or central
    #[arg(long, value_parser = parse_funder, value_name = "PAYER")]
    pub funded_by: Option<Funder>,
    /// The course days, where they differ from --date..--end
    #[arg(long, value_parser = parse_days, value_name = "N")]
    pub days: Option<u32>,
    /// The event (congress, forum) the entry is part of; an event may cost 0
    #[arg(long, value_name = "EVENT")]
    pub event: Option<String>,
    /// Held outside Sweden
    #[arg(long, num_args = 0..=1, default_missing_value = "yes", value_parser = parse_bool, value_name = "YES|NO")]
    pub abroad: Option<bool>,
    /// Held within the region
    #[arg(long, num_args = 0..=1, default_missing_value = "yes", value_parser = parse_bool, value_name = "YES|NO")]
    pub in_region: Option<bool>,
    /// Mandatory for your target description
    #[arg(long, num_args = 0..=1, default_missing_value = "yes", value_parser = parse_bool, value_name = "YES|NO")]
    pub mandatory: Option<bool>,
    /// The mandatory course subject it covers, by the id the policy lists (`policy show`)
    #[arg(long, value_name = "SUBJECT")]
    pub subject: Option<String>,
}

/// How a command that records something shows it: a table for people, or
/// JSON for scripts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum RecordFormat {
    #[default]
    Table,
    Json,
}

/// What every command that records a fact takes: a dry run, and the format of
/// what it shows.
#[derive(Debug, Args, Clone, Copy)]
pub struct FactArgs {
    /// Show what would change, write nothing
    #[arg(long, help_heading = "Recording")]
    pub dry_run: bool,
    /// Table for people; json for scripts (English field names, plain decimals)
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub format: RecordFormat,
}

/// Check a cost against the policy, show where its money goes, and append it.
/// An entry with an error finding, or one that would turn another entry into
/// an error, is refused (exit 1) unless --force.
#[derive(Debug, Args)]
#[command(next_help_heading = "Entry")]
pub struct AddArgs {
    /// course (kurs), literature (litteratur, bok), digital (digitalt), travel (resa), lodging (logi, hotell), congress (kongress), study-circle (studiecirkel) or other (övrigt)
    #[arg(required = true, value_parser = parse_kind, value_name = "KIND")]
    pub kind: Option<Kind>,
    /// The date (first day) of the cost
    #[arg(long, required = true, value_parser = parse_date, value_name = "DATE")]
    pub date: Option<NaiveDate>,
    /// The amount in kronor: 4500, 4500,50, "4 500 kr" or 4500:-
    #[arg(long, required = true, value_parser = parse_amount, value_name = "AMOUNT", allow_hyphen_values = true)]
    pub amount: Option<Amount>,
    /// What it is
    #[arg(long, required = true, value_name = "TEXT")]
    pub description: Option<String>,
    #[command(flatten)]
    pub fields: FieldArgs,
    /// Show the verdict and what else would change, write nothing
    #[arg(long, help_heading = "Recording")]
    pub dry_run: bool,
    /// Record the entry even when it is refused
    #[arg(long, help_heading = "Recording")]
    pub force: bool,
    /// Table for people; json or csv for scripts (English field names, plain decimals)
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub format: Format,
    #[command(flatten)]
    pub policies: PolicyArgs,
}

/// Show one entry with its history.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The entry's id (`st-budget list` shows them)
    pub id: u32,
    /// Table for people; json for scripts (English field names, plain decimals)
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub format: RecordFormat,
    #[command(flatten)]
    pub policies: PolicyArgs,
}

/// Record that an entry was cancelled. In time it costs nothing; too late
/// (--late) it costs what the policy says. Its travel and lodging keep their
/// own status: cancel them too.
#[derive(Debug, Args)]
pub struct CancelArgs {
    /// The entry's id
    pub id: u32,
    /// Cancelled too late (after the provider's last day for cancelling)
    #[arg(long)]
    pub late: bool,
    #[command(flatten)]
    pub record: FactArgs,
    #[command(flatten)]
    pub policies: PolicyArgs,
}

/// Record that you attended an entry.
#[derive(Debug, Args)]
pub struct AttendedArgs {
    /// The entry's id
    pub id: u32,
    #[command(flatten)]
    pub record: FactArgs,
    #[command(flatten)]
    pub policies: PolicyArgs,
}

/// Record an approval of an entry.
#[derive(Debug, Args)]
#[command(next_help_heading = "Approval")]
pub struct ApproveArgs {
    /// The entry's id
    pub id: u32,
    /// handledare, studierektor, övergripande-studierektor, verksamhetschef, vårdcentralchef, or a role the policy declares
    #[arg(long, value_parser = parse_role, value_name = "ROLE")]
    pub by: Role,
    /// The day of the approval [default: today]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub date: Option<NaiveDate>,
    #[command(flatten)]
    pub record: FactArgs,
    #[command(flatten)]
    pub policies: PolicyArgs,
}

/// Record a correction or status change of an entry. The entry stays as it was
/// written; an [[amendment]] is appended and applied on top. A new amount or
/// date that would turn an entry into an error is refused unless --force; a
/// fact (a status, a distance, an approval) is recorded and its consequences
/// shown. To cancel: `st-budget cancel ID`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Corrections")]
pub struct AmendArgs {
    /// The entry's id
    pub id: u32,
    /// Corrected date
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub date: Option<NaiveDate>,
    /// Corrected amount
    #[arg(long, value_parser = parse_amount, value_name = "AMOUNT", allow_hyphen_values = true)]
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
    pub record: FactArgs,
    /// Record a new amount or date even when it is refused
    #[arg(long, help_heading = "Recording")]
    pub force: bool,
    #[command(flatten)]
    pub policies: PolicyArgs,
}

/// Record a change of service percentage from a date.
#[derive(Debug, Args)]
#[command(next_help_heading = "Service")]
pub struct ServiceArgs {
    /// The first day at the new percentage
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub from: NaiveDate,
    /// The service percentage, 0 to 100
    #[arg(long, value_parser = parse_percent, value_name = "N")]
    pub percent: u8,
    #[command(flatten)]
    pub record: FactArgs,
    #[command(flatten)]
    pub policies: PolicyArgs,
}

/// Record a change of trainee data.
#[derive(Debug, Args)]
#[command(next_help_heading = "Trainee")]
pub struct TraineeArgs {
    /// The specialist certificate date
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub certificate: Option<NaiveDate>,
    /// Double specialisation (yes or no)
    #[arg(long, num_args = 0..=1, default_missing_value = "yes", value_parser = parse_bool, value_name = "YES|NO")]
    pub double_specialisation: Option<bool>,
    /// The trainee's name
    #[arg(long, value_parser = values::parse_name, value_name = "NAME")]
    pub name: Option<String>,
    /// The trainee's own id
    #[arg(long, value_parser = values::parse_name, value_name = "ID")]
    pub id: Option<String>,
    /// The training unit
    #[arg(long, value_parser = values::parse_name, value_name = "UNIT")]
    pub unit: Option<String>,
    /// The programmes (repeatable; replaces the list)
    #[arg(long = "programme", value_name = "P")]
    pub programmes: Vec<String>,
    #[command(flatten)]
    pub record: FactArgs,
    #[command(flatten)]
    pub policies: PolicyArgs,
}

/// How `balance` groups the money.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum BalanceBy {
    /// The policy's budget periods
    #[default]
    Period,
    /// Calendar years
    #[value(alias = "år", alias = "ar")]
    Year,
}

/// Show each period's budget, charged and remaining (or lapsed), the service
/// periods, caps and totals.
#[derive(Debug, Args)]
#[command(next_help_heading = "Selection")]
pub struct BalanceArgs {
    /// Leave out entries dated after this day
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub at: Option<NaiveDate>,
    /// period (the budget's periods) or year (charged and payers per calendar year)
    #[arg(
        long,
        value_enum,
        default_value_t,
        value_name = "WHAT",
        hide_possible_values = true
    )]
    pub by: BalanceBy,
    /// Table for people; json or csv for scripts (English field names, plain decimals)
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub format: Format,
    #[command(flatten)]
    pub policies: PolicyArgs,
}

/// Output format and policies for a report.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Table for people; json or csv for scripts (English field names, plain decimals)
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub format: Format,
    #[command(flatten)]
    pub policies: PolicyArgs,
}

/// Write the ledger as one self-contained HTML page.
#[derive(Debug, Args)]
#[command(next_help_heading = "Selection")]
pub struct HtmlArgs {
    /// Write the page to FILE (replacing it) instead of standard output
    #[arg(short, long, value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,
    /// Leave out entries dated after this day
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub at: Option<NaiveDate>,
    #[command(flatten)]
    pub policies: PolicyArgs,
}

/// Write a sealed copy of the ledger for the director of studies. The seal (a
/// SHA-256 hash chain over every record, docs/seal.md) lets `audit` name the
/// first record changed after the export. The working ledger is only written
/// to give it a `uid` when it has none.
#[derive(Debug, Args)]
#[command(next_help_heading = "Output")]
pub struct ExportArgs {
    /// The file to write (never an existing one unless --force)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
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
/// among them), 2 any ledger that cannot be read, or no ledger found.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Exported ledgers, or folders of them
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Load policies from this directory (they override built-in ones of the same id)
    #[arg(long, value_name = "DIR", help_heading = "Policies")]
    pub policy_dir: Option<PathBuf>,
    /// Judge every ledger with this policy, whatever policy it names (an id, or a
    /// policy file: a file that exists wins); with --policy-map, the ledgers the map does not name
    #[arg(long, value_name = "ID|FILE", help_heading = "Policies")]
    pub policy: Option<String>,
    /// Your map of policies: one per folder, trainee id or ledger uid (docs/audit.md)
    #[arg(long, value_name = "FILE", help_heading = "Policies")]
    pub policy_map: Option<PathBuf>,
    /// The audit register: remembers what each trainee's earlier exports
    /// contained, so that a rewritten history is caught (docs/audit-register.md)
    #[arg(long, value_name = "FILE", help_heading = "Integrity")]
    pub register: Option<PathBuf>,
    /// Table for people; json or csv for scripts (English field names, plain decimals)
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub format: Format,
    /// Also write the director's page to FILE: one row per trainee, sortable,
    /// findings expandable, integrity marked; self-contained HTML
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub html: Option<PathBuf>,
    /// Also write an Excel workbook to FILE: trainees, findings, units and
    /// lapsing funds; amounts as numbers, dates as dates
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub xlsx: Option<PathBuf>,
    /// Only the ledgers with an error, a warning or an integrity problem
    #[arg(long, help_heading = "Output")]
    pub problems: bool,
    /// Every finding (info too) with its details (uids), and every ledger's
    /// particulars
    #[arg(long, help_heading = "Output")]
    pub details: bool,
    /// What each unit pays per calendar year, by payer and by rule (with csv: that table alone)
    #[arg(long, help_heading = "Output")]
    pub by_unit: bool,
    /// Whose money lapses soon, trainee by trainee (with csv: that list alone)
    #[arg(long, help_heading = "Output")]
    pub lapsing: bool,
    /// How soon is soon: money that lapses within DAYS of today
    #[arg(
        long,
        value_name = "DAYS",
        default_value_t = 90,
        help_heading = "Output"
    )]
    pub lapsing_within: u16,
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// List the available policies
    #[command(
        after_help = "Examples:\n  st-budget policy list\n  st-budget policy list --policy-dir ~/policies"
    )]
    List(PolicyArgs),
    /// Explain a policy in plain words, rule by rule, in the chosen language
    #[command(
        after_help = "Examples (ID from `st-budget policy list`):\n  st-budget --lang sv policy show ID\n  st-budget --lang en policy show ID --policy-dir ~/policies"
    )]
    Show {
        /// The policy: an id, or a policy file (an existing file wins)
        #[arg(value_name = "ID|FILE")]
        id: String,
        /// Only the rules and amounts in force on DATE (rules over time)
        #[arg(long, value_parser = parse_date, value_name = "DATE")]
        at: Option<NaiveDate>,
        #[command(flatten)]
        policies: PolicyArgs,
    },
    /// Validate a policy file; report every problem and every text that lacks a language
    #[command(
        after_help = "Examples:\n  st-budget policy check policies/ny-region.toml\n  st-budget policy check min-region.toml && cp min-region.toml ~/policies/\nExit codes: 0 valid (warnings go to stderr), 2 invalid."
    )]
    Check {
        /// The policy file
        file: PathBuf,
    },
}

pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    crate::tomlx::parse_date(s).ok_or_else(|| date_problem(s.trim()))
}

/// Why a text is not a date: a month or a day that does not exist is named
/// ("February 2026 has 28 days"), anything else is shown the form.
fn date_problem(s: &str) -> String {
    let parts: Vec<&str> = s.split('-').collect();
    let numbers: Option<Vec<u32>> = (parts.len() == 3 && parts[0].len() == 4)
        .then(|| parts.iter().map(|p| p.parse::<u32>().ok()).collect())
        .flatten();
    if let Some([y, m, d]) = numbers.as_deref() {
        if !(1..=12).contains(m) {
            return crate::msg!(
                "{:?} är inget datum: det finns ingen månad {} (ett datum skrivs år-månad-dag, som 2024-03-11)",
                "{:?} is not a date: there is no month {} (a date is year-month-day, such as 2024-03-11)",
                s,
                m
            );
        }
        let first = i32::try_from(*y)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, *m, 1));
        let next = first.and_then(|f| f.checked_add_months(chrono::Months::new(1)));
        if let (Some(first), Some(next)) = (first, next) {
            let days = (next - first).num_days();
            if *d == 0 || i64::from(*d) > days {
                return crate::msg!(
                    "{:?} är inget datum: {} {} har {} dagar",
                    "{:?} is not a date: {} {} has {} days",
                    s,
                    month_name(*m),
                    y,
                    days
                );
            }
        }
    }
    crate::msg!(
        "väntade ett datum som 2024-03-11 (år-månad-dag), fick {:?}",
        "expected a date such as 2024-03-11 (year-month-day), got {:?}",
        s
    )
}

/// A month's name (1 is January), in the language of messages.
fn month_name(m: u32) -> &'static str {
    match m {
        1 => crate::msg!("januari", "January"),
        2 => crate::msg!("februari", "February"),
        3 => crate::msg!("mars", "March"),
        4 => crate::msg!("april", "April"),
        5 => crate::msg!("maj", "May"),
        6 => crate::msg!("juni", "June"),
        7 => crate::msg!("juli", "July"),
        8 => crate::msg!("augusti", "August"),
        9 => crate::msg!("september", "September"),
        10 => crate::msg!("oktober", "October"),
        11 => crate::msg!("november", "November"),
        _ => crate::msg!("december", "December"),
    }
}

/// An amount as `--amount` takes it. Zero passes: it is for an event only,
/// which `add` and `amend` check against its `--event`.
pub fn parse_amount(s: &str) -> Result<Amount, String> {
    let a = Amount::parse_human(s).map_err(|e| crate::money::describe_typed_error(&e))?;
    if a.is_negative() {
        return Err(crate::msg!(
            "beloppet måste vara mer än noll (fick {}); en återbetalning eller rättelse förs in på posten själv: st-budget amend ID --amount NYTT-BELOPP",
            "the amount must be more than zero (got {}); a refund or a correction is recorded on the entry itself: st-budget amend ID --amount NEW-AMOUNT",
            s.trim()
        ));
    }
    if a > crate::money::MAX_AMOUNT {
        return Err(crate::msg!(
            "beloppet är orimligt stort ({}); högst {}",
            "the amount is absurdly large ({}); the most is {}",
            a,
            crate::money::MAX_AMOUNT
        ));
    }
    Ok(a)
}

/// An amount more than zero, as the guided add asks for one (a free event is
/// given with its flags: `--amount 0 --event ID`).
pub fn parse_cost(s: &str) -> Result<Amount, String> {
    let a = parse_amount(s)?;
    if a.is_zero() {
        return Err(crate::msg!(
            "beloppet måste vara mer än noll (fick {}); bara ett evenemang (--event) kan kosta noll",
            "the amount must be more than zero (got {}); only an event (--event) may cost nothing",
            s.trim()
        ));
    }
    Ok(a)
}

fn parse_percent(s: &str) -> Result<u8, String> {
    match s.trim().trim_end_matches('%').trim().parse::<i64>() {
        Ok(n) if (0..=100).contains(&n) => Ok(n as u8),
        Ok(n) => Err(crate::msg!(
            "måste vara mellan 0 och 100 (fick {})",
            "must be 0..=100 (got {})",
            n
        )),
        Err(_) => Err(crate::msg!(
            "väntade ett heltal mellan 0 och 100, fick {:?}",
            "expected a whole number 0..=100, got {:?}",
            s
        )),
    }
}

/// Yes or no, in either language: `true`, `ja`, `yes`, `1`; `false`, `nej`, `no`, `0`.
pub fn parse_bool(s: &str) -> Result<bool, String> {
    match crate::ledger::words::normalise(s).as_str() {
        "true" | "yes" | "y" | "ja" | "j" | "1" | "on" => Ok(true),
        "false" | "no" | "n" | "nej" | "0" | "off" => Ok(false),
        _ => Err(crate::msg!(
            "väntade ja eller nej, fick {:?}",
            "expected yes or no, got {:?}",
            s
        )),
    }
}

/// A word of the ledger's vocabulary (`ledger::words`), typed in either
/// language; a near miss is told the word it was near, in the language of
/// messages, and anything else the words there are.
fn one_of<T: crate::ledger::words::Stored>(
    s: &str,
    table: &'static [crate::ledger::words::Word<T>],
    unknown: &str,
) -> Result<T, String> {
    use crate::ledger::words;
    let lang = crate::i18n::current();
    if let Some(v) = words::lookup(table, s) {
        return Ok(v);
    }
    Err(match words::closest(table, s) {
        Some(m) => crate::msg!(
            "{} {:?} (menade du {:?}?)",
            "{} {:?} (did you mean {:?}?)",
            unknown,
            s,
            words::name(table, m, lang)
        ),
        None => crate::msg!(
            "{} {:?} (ett av: {})",
            "{} {:?} (expected one of: {})",
            unknown,
            s,
            table
                .iter()
                .map(|w| words::name(table, w.value, lang))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })
}

pub fn parse_kind(s: &str) -> Result<Kind, String> {
    one_of(
        s,
        crate::ledger::words::KINDS,
        crate::msg!("okänt slag", "unknown kind"),
    )
}

pub fn parse_status(s: &str) -> Result<Status, String> {
    one_of(
        s,
        crate::ledger::words::STATUSES,
        crate::msg!("okänd status", "unknown status"),
    )
}

pub fn parse_funder(s: &str) -> Result<Funder, String> {
    one_of(
        s,
        crate::ledger::words::FUNDERS,
        crate::msg!("okänd betalare", "unknown payer"),
    )
}

/// A role as typed on the command line, the one place one is read: one of the
/// five built in, else a role the policy may declare, which the command holds
/// to the policy (`Policy::role`, by its id or its Swedish or English name,
/// with "did you mean").
pub fn parse_role(s: &str) -> Result<Role, String> {
    if s.trim().is_empty() {
        return Err(crate::msg!("rollen saknas", "the role is missing").to_string());
    }
    // Swedish and English words for the five built in; anything else is a role
    // the policy may declare.
    Ok(crate::ledger::words::role(s).unwrap_or_else(|| Role::named(s)))
}

fn parse_approval(s: &str) -> Result<(Role, Option<NaiveDate>), String> {
    match s.split_once('=') {
        Some((role, date)) => Ok((parse_role(role)?, Some(parse_date(date)?))),
        None => Ok((parse_role(s)?, None)),
    }
}

/// Why parsing the command line gave no command to run. What clap had to say is
/// already printed; `main` decides the exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// `--help` or `--version`: the answer is on stdout.
    Answered,
    /// A mistake in the arguments: the message is on stderr.
    Usage,
}

/// Parses the command line, or prints clap's answer (`--help`, `--version`) or
/// message about a mistake and says which it was. A mistake's message is
/// sanitised (it quotes what was typed) and, for Swedish, clap's fixed English
/// phrases are translated; what our own value parsers say is already in the
/// language.
pub fn parse() -> Result<Cli, Stop> {
    use clap::{CommandFactory as _, FromArgMatches as _};
    let swedish = crate::i18n::current() == crate::i18n::Lang::Sv;
    // Made again for the rare command line that does not parse, rather than
    // copied for it every time (the copy of every command and flag was a
    // tenth of a millisecond).
    let command = || {
        if swedish {
            crate::cli::help_sv::localise(Cli::command())
        } else {
            Cli::command()
        }
    };
    let e = match command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => return Ok(cli),
        Err(e) => e,
    };
    // `add` on a terminal without its required flags asks for what is missing
    // (commands/guided); anywhere else it is the usage error it always was.
    if e.kind() == clap::error::ErrorKind::MissingRequiredArgument
        && on_terminal()
        && let Ok(cli) = guided_add(command())
            .try_get_matches()
            .and_then(|m| Cli::from_arg_matches(&m))
        && matches!(cli.command, Some(Command::Add(_)))
    {
        return Ok(cli);
    }
    // A command st-budget does not have, but whose intent it knows: the command
    // that does it, not the one that looks like it.
    if let Some(clap::error::ContextValue::String(typed)) =
        e.get(clap::error::ContextKind::InvalidSubcommand)
        && let Some(answer) = intent(typed)
    {
        crate::diag::report_error(
            &crate::msg!(
                "st-budget har inget kommando {:?}",
                "st-budget has no command {:?}",
                typed
            ),
            Some(answer),
        );
        return Err(Stop::Usage);
    }
    if !e.use_stderr() {
        // Help on stdout, like clap; a closed pipe is no error.
        let _ = if swedish {
            let text = crate::cli::help_sv::clap_words(&e.render().ansi().to_string());
            std::io::Write::write_all(
                &mut anstream::AutoStream::auto(std::io::stdout().lock()),
                text.as_bytes(),
            )
        } else {
            e.print()
        };
        return Err(Stop::Answered);
    }
    let mut text = e.render().to_string();
    if swedish {
        text = crate::cli::help_sv::clap_words(&swedish_clap(&text));
    }
    let mut lines = text.lines().map(|l| crate::diag::sanitize(l).into_owned());
    let first = lines.next().unwrap_or_default();
    let first = match first.split_once(": ") {
        Some((prefix, rest)) if !prefix.contains(' ') => format!(
            "{} {rest}",
            crate::color::paint(crate::color::ERROR, &format!("{prefix}:"))
        ),
        _ => first,
    };
    anstream::eprintln!("{first}");
    for l in lines {
        anstream::eprintln!("{l}");
    }
    Err(Stop::Usage)
}

/// Whether a person is there to answer: standard input, output and error are
/// all terminals. A pipe, a file, a script or CI is never asked anything.
pub fn on_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal()
        && std::io::stdout().is_terminal()
        && std::io::stderr().is_terminal()
}

/// The command line with `add`'s required arguments optional: what is missing
/// is asked for.
fn guided_add(cmd: clap::Command) -> clap::Command {
    cmd.mut_subcommand("add", |add| {
        ["kind", "date", "amount", "description"]
            .into_iter()
            .fold(add, |add, id| add.mut_arg(id, |a| a.required(false)))
    })
}

/// What a person who typed a command st-budget does not have most likely
/// wanted, and the command that does it.
fn intent(typed: &str) -> Option<&'static str> {
    const CANCEL: &[&str] = &["avboka", "avbryt", "avbokning", "stryk", "abort"];
    const DELETE: &[&str] = &[
        "delete",
        "remove",
        "rm",
        "del",
        "erase",
        "undo",
        "drop",
        "ta-bort",
        "tabort",
        "radera",
        "ta-bort-post",
    ];
    const EDIT: &[&str] = &[
        "edit",
        "change",
        "correct",
        "update",
        "modify",
        "fix",
        "set",
        "andra",
        "ratta",
        "redigera",
        "korrigera",
        "uppdatera",
    ];
    const SHOW: &[&str] = &["visa", "view", "info", "details", "entry", "post", "get"];
    const ATTENDED: &[&str] = &["genomford", "deltog", "attend", "done", "complete", "klar"];
    const NO_SHOW: &[&str] = &["uteblev", "no-show", "noshow", "missed", "skipped"];
    const APPROVE: &[&str] = &["godkann", "godkannande", "approval", "sign", "signera"];
    const ADD: &[&str] = &[
        "lagg-till",
        "laggtill",
        "ny",
        "new",
        "create",
        "registrera",
        "insert",
    ];
    const BALANCE: &[&str] = &["saldo", "kvar", "remaining", "summary", "sammanfattning"];
    const LIST: &[&str] = &["lista", "ls", "poster", "entries", "all"];
    let t = crate::ledger::words::normalise(typed);
    let is = |words: &[&str]| words.contains(&t.as_str());
    Some(if is(CANCEL) {
        crate::msg!(
            "avboka en post med `st-budget cancel ID` (för sent: `st-budget cancel ID --late`)",
            "cancel an entry with `st-budget cancel ID` (too late: `st-budget cancel ID --late`)",
        )
    } else if is(DELETE) {
        crate::msg!(
            "st-budget tar aldrig bort en post: avboka den med `st-budget cancel ID` (då kostar den inget), eller rätta den med `st-budget amend ID --amount …`",
            "st-budget never deletes an entry: cancel it with `st-budget cancel ID` (then it costs nothing), or correct it with `st-budget amend ID --amount …`",
        )
    } else if is(EDIT) {
        crate::msg!(
            "rätta en post med `st-budget amend ID` och det som ändras, t.ex. `--amount 4200` eller `--date 2026-03-11`; det som stod finns kvar",
            "correct an entry with `st-budget amend ID` and what changes, e.g. `--amount 4200` or `--date 2026-03-11`; what was there is kept",
        )
    } else if is(SHOW) {
        crate::msg!(
            "visa en post med `st-budget show ID`; alla poster med `st-budget list`",
            "show an entry with `st-budget show ID`; every entry with `st-budget list`",
        )
    } else if is(ATTENDED) {
        crate::msg!(
            "för in att du deltog med `st-budget attended ID`",
            "record that you attended with `st-budget attended ID`",
        )
    } else if is(NO_SHOW) {
        crate::msg!(
            "för in att du uteblev med `st-budget amend ID --status no-show`",
            "record a no-show with `st-budget amend ID --status no-show`",
        )
    } else if is(APPROVE) {
        crate::msg!(
            "för in ett godkännande med `st-budget approve ID --by ROLL`",
            "record an approval with `st-budget approve ID --by ROLE`",
        )
    } else if is(ADD) {
        crate::msg!(
            "för in en kostnad med `st-budget add SLAG --date DATUM --amount BELOPP --description TEXT`",
            "record a cost with `st-budget add KIND --date DATE --amount AMOUNT --description TEXT`",
        )
    } else if is(BALANCE) {
        crate::msg!(
            "se vad som är kvar med `st-budget balance`",
            "see what is left with `st-budget balance`",
        )
    } else if is(LIST) {
        crate::msg!(
            "lista posterna med `st-budget list`",
            "list the entries with `st-budget list`",
        )
    } else {
        return None;
    })
}

/// Clap's fixed English phrases in Swedish.
pub fn swedish_clap(text: &str) -> String {
    const PHRASES: &[(&str, &str)] = &[
        ("error: ", "fel: "),
        (
            "the following required arguments were not provided:",
            "de här obligatoriska argumenten saknas:",
        ),
        ("unrecognized subcommand", "okänt kommando"),
        ("unexpected argument", "oväntat argument"),
        ("' found", "'"),
        ("invalid value", "ogiltigt värde"),
        ("' for '", "' för '"),
        ("possible values:", "möjliga värden:"),
        (
            "a similar subcommand exists:",
            "ett liknande kommando finns:",
        ),
        ("a similar argument exists:", "ett liknande argument finns:"),
        (
            "some similar subcommands exist:",
            "några liknande kommandon finns:",
        ),
        (
            "some similar arguments exist:",
            "några liknande argument finns:",
        ),
        ("' exists", "' finns"),
        ("the argument '", "argumentet '"),
        ("to pass '", "för att skicka '"),
        ("as a value, use '", "som ett värde, använd '"),
        ("a value is required for '", "ett värde krävs för '"),
        ("but none was supplied", "men inget gavs"),
        ("cannot be used multiple times", "får bara anges en gång"),
        ("cannot be used with", "kan inte användas tillsammans med"),
        ("  tip: ", "  tips: "),
        ("Usage: ", "Användning: "),
        (
            "For more information, try '--help'.",
            "Mer hjälp: '--help'.",
        ),
    ];
    let mut out = text.to_string();
    for (en, sv) in PHRASES {
        out = out.replace(en, sv);
    }
    out
}
