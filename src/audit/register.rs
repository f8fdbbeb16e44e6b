//! The audit register (docs/audit-register.md): what each trainee's earlier
//! exports contained, so that a later export that drops or changes anything the
//! director already saw is caught, the consistency check of Certificate
//! Transparency in one dimension.
//!
//! It is keyed on the ledger's `uid` (given at `init`), and also found by the
//! trainee's id or name, so that a known trainee who arrives with a freshly
//! started ledger is flagged too. Loading and rendering only; the caller holds
//! the lock and writes the file atomically.

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use crate::diag::{InputError, Source};
use crate::ledger::seal::{self, Chain};
use crate::ledger::write::quote;

/// The register format this build reads and writes.
pub const FORMAT: i64 = 1;

/// Per record of a known ledger, the first hex digits of its running hash.
const SHORT: usize = 8;

/// What the register knows of one ledger.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Known {
    pub uid: String,
    pub name: String,
    #[serde(default)]
    pub id: Option<String>,
    pub policy: String,
    /// How many records the director has seen.
    pub records: usize,
    /// The running hash after those records.
    pub hash: String,
    /// The first 8 hex digits of the running hash after each record, concatenated:
    /// enough to name the first record that differs.
    pub trail: String,
    pub first_seen: toml::value::Datetime,
    pub last_seen: toml::value::Datetime,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    format: i64,
    #[serde(default)]
    trainee: Vec<Known>,
}

/// The register in memory.
#[derive(Debug, Default)]
pub struct Register {
    known: Vec<Known>,
    by_uid: HashMap<String, usize>,
    by_id: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
}

/// What the register says of one ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    /// First sight: entered now.
    New,
    /// Everything seen before is still there unchanged; `added` records more.
    Consistent { added: usize },
    /// Something the director saw was changed or removed, or the trainee is known
    /// under another ledger.
    Rewritten {
        /// Index into the current chain of the first record that differs.
        index: Option<usize>,
        message: String,
    },
    /// Not entered: no uid, or not sealed.
    NotEntered(&'static str),
}

impl Check {
    pub fn as_str(&self) -> &'static str {
        match self {
            Check::New => "new",
            Check::Consistent { added: 0 } => "seen",
            Check::Consistent { .. } => "extended",
            Check::Rewritten { .. } => "rewritten",
            Check::NotEntered(_) => "not-entered",
        }
    }
}

fn norm(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Register {
    /// Reads the register; a file that does not exist yet is an empty register.
    pub fn load(path: &Path) -> Result<Register, InputError> {
        let shown = path.display().to_string();
        let text = match std::fs::read(path) {
            Ok(bytes) => crate::input::into_text(&shown, bytes)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Register::default()),
            Err(e) => {
                return Err(InputError::new(
                    &shown,
                    crate::msg!(
                        "kan inte läsa granskningsregistret: {}",
                        "cannot read the audit register: {}",
                        crate::input::io_reason(&e)
                    ),
                ));
            }
        };
        let src = Source::new(&shown, &text);
        let file: File = toml::from_str(&text).map_err(|e| {
            let msg = crate::msg!(
                "inget granskningsregister: {}",
                "not an audit register: {}",
                e.message().trim_end().replace('\n', " ")
            );
            match e.span() {
                Some(span) => src.error(span, msg),
                None => src.whole(msg),
            }
            .with_hint(crate::msg!(
                "registret skrivs av `st-budget audit --register FIL`; se docs/audit-register.md",
                "the register is written by `st-budget audit --register FILE`; see docs/audit-register.md",
            ))
        })?;
        if file.format != FORMAT {
            return Err(src.whole(format!(
                "unsupported register format {}; this st-budget reads format {FORMAT}",
                file.format
            )));
        }
        let mut r = Register::default();
        for k in file.trainee {
            if k.trail.len() != SHORT * k.records || k.records == 0 || k.hash.len() != 64 {
                return Err(src.whole(format!(
                    "the entry for ledger {} is inconsistent: `records`, `hash` and `trail` do not agree",
                    k.uid
                )));
            }
            r.insert(k);
        }
        Ok(r)
    }

    fn insert(&mut self, k: Known) {
        let i = self.known.len();
        self.by_uid.insert(k.uid.clone(), i);
        if let Some(id) = &k.id {
            self.by_id.entry(id.trim().to_string()).or_insert(i);
        }
        self.by_name.entry(norm(&k.name)).or_insert(i);
        self.known.push(k);
    }

    pub fn len(&self) -> usize {
        self.known.len()
    }

    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }

    /// Checks a ledger against what was seen before, and advances the register
    /// when `advance` (the ledger's seal holds) and nothing was rewritten.
    pub fn check(
        &mut self,
        uid: Option<&str>,
        trainee: (&str, Option<&str>, &str),
        chain: &Chain,
        advance: bool,
        today: NaiveDate,
    ) -> Check {
        let (name, id, policy) = trainee;
        let known = uid.and_then(|u| self.by_uid.get(u).copied());
        let Some(i) = known else {
            // A trainee the register knows under another ledger: a fresh start would
            // drop what the director saw. Ids decide when both sides have one.
            let other = match id.map(str::trim) {
                Some(id) => self.by_id.get(id).copied().or_else(|| {
                    self.by_name
                        .get(&norm(name))
                        .copied()
                        .filter(|&j| self.known[j].id.is_none())
                }),
                None => self.by_name.get(&norm(name)).copied(),
            };
            if let Some(j) = other {
                let k = &self.known[j];
                return Check::Rewritten {
                    index: None,
                    message: format!(
                        "{} is known to the register under another ledger (uid {}, {} records seen, last on {}); this ledger (uid {}) does not continue it",
                        crate::diag::sanitize(name),
                        k.uid,
                        k.records,
                        k.last_seen,
                        uid.unwrap_or("none")
                    ),
                };
            }
            let Some(uid) = uid else {
                return Check::NotEntered("the ledger has no uid");
            };
            if !advance {
                return Check::NotEntered("only sealed ledgers are entered");
            }
            self.insert(Known {
                uid: uid.to_string(),
                name: name.to_string(),
                id: id.map(str::to_string),
                policy: policy.to_string(),
                records: chain.len(),
                hash: seal::hex(&chain.head()),
                trail: trail(chain),
                first_seen: date(today),
                last_seen: date(today),
            });
            return Check::New;
        };
        let k = &self.known[i];
        let (n, m) = (chain.len(), k.records);
        if n >= m && seal::hex(&chain.hashes[m - 1]) == k.hash {
            if advance {
                let k = &mut self.known[i];
                k.records = n;
                k.hash = seal::hex(&chain.head());
                k.trail = trail(chain);
                k.last_seen = date(today);
                k.name = name.to_string();
                k.id = id.map(str::to_string);
            }
            return Check::Consistent { added: n - m };
        }
        let differs = (0..n.min(m))
            .find(|&j| seal::short(&chain.hashes[j]) != k.trail[j * SHORT..(j + 1) * SHORT]);
        let seen = format!("the audit of {} saw {m} records", k.last_seen);
        match differs {
            Some(j) => Check::Rewritten {
                index: Some(j),
                message: format!(
                    "{} differs from what an earlier audit saw (record {} of {m}; {seen})",
                    chain.labels[j],
                    j + 1
                ),
            },
            None if n < m => Check::Rewritten {
                index: None,
                message: format!(
                    "the export has {n} records but {seen}: record {} and after were removed",
                    n + 1
                ),
            },
            None => Check::Rewritten {
                index: Some(m - 1),
                message: format!(
                    "{} differs from what an earlier audit saw (record {m} of {m}; {seen})",
                    chain.labels[m - 1]
                ),
            },
        }
    }

    /// The register as TOML.
    pub fn render(&self) -> String {
        let mut s = String::with_capacity(200 + self.known.len() * 300);
        s.push_str(
            "# st-budget audit register: what each exported ledger contained when it was\n\
             # audited (see docs/audit-register.md). Written by `st-budget audit --register`.\n",
        );
        s.push_str(&format!("format = {FORMAT}\n"));
        for k in &self.known {
            s.push_str("\n[[trainee]]\n");
            s.push_str(&format!("uid = {}\n", quote(&k.uid)));
            s.push_str(&format!("name = {}\n", quote(&k.name)));
            if let Some(id) = &k.id {
                s.push_str(&format!("id = {}\n", quote(id)));
            }
            s.push_str(&format!("policy = {}\n", quote(&k.policy)));
            s.push_str(&format!("records = {}\n", k.records));
            s.push_str(&format!("hash = \"{}\"\n", k.hash));
            s.push_str(&format!("trail = \"{}\"\n", k.trail));
            s.push_str(&format!("first_seen = {}\n", k.first_seen));
            s.push_str(&format!("last_seen = {}\n", k.last_seen));
        }
        s
    }
}

fn trail(chain: &Chain) -> String {
    chain.hashes.iter().map(seal::short).collect()
}

fn date(d: NaiveDate) -> toml::value::Datetime {
    toml::value::Datetime {
        date: Some(toml::value::Date {
            year: u16::try_from(d.year()).unwrap_or(0),
            month: d.month() as u8,
            day: d.day() as u8,
        }),
        time: None,
        offset: None,
    }
}
