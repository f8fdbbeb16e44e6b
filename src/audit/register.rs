//! The audit register (docs/audit-register.md): what each trainee's earlier
//! exports contained, so that a later export that drops or changes anything the
//! director already saw is caught, the consistency check of Certificate
//! Transparency in one dimension.
//!
//! It is keyed on the ledger's `uid` (given at `init`, or at the first export),
//! and also found by the trainee's identity (`identity.rs`), so that a known
//! trainee who arrives with a freshly started ledger is flagged too. The
//! register is input: it is read with the same care as a ledger, and any
//! mistake in it stops the audit before a ledger is judged. During an audit it
//! is only read, by every ledger at once; what the audit learns is collected
//! and applied at the end. Loading, judging and rendering only: the caller
//! holds the lock and writes the file atomically.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::finding::{Finding, Integrity, RecordName, Seen};
use super::identity::{Identity, Key, Keys, id_key, name_key};
use crate::diag::{InputError, Source};
use crate::ledger::seal::{self, Chain};
use crate::ledger::write::quote;
use crate::policy::Severity;
use crate::tomlx::{Reader, Value, in_file_order, parse_document};

/// The register format this build writes. Format 1 (without the comparison
/// keys) is still read.
pub const FORMAT: i64 = 2;

/// Per record of a known ledger, the first hex digits of its running hash.
const SHORT: usize = 8;

const TOP_KEYS: &[&str] = &["format", "trainee"];
const KNOWN_KEYS: &[&str] = &[
    "uid",
    "name",
    "name_key",
    "id",
    "id_key",
    "policy",
    "records",
    "hash",
    "trail",
    "first_seen",
    "last_seen",
];

/// What the register knows of one ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Known {
    pub uid: String,
    /// The trainee's name and id as the ledger last said them, and their keys.
    pub name: String,
    pub id: Option<String>,
    pub name_key: String,
    pub id_key: Option<String>,
    pub policy: String,
    /// How many records the director has seen.
    pub records: usize,
    /// The running hash after those records (64 hex digits).
    pub hash: String,
    /// The first 8 hex digits of the running hash after each record, concatenated:
    /// enough to name the first record that differs.
    pub trail: String,
    pub first_seen: NaiveDate,
    pub last_seen: NaiveDate,
}

impl Known {
    /// What the last audit of this ledger saw.
    pub fn seen(&self) -> Seen {
        Seen {
            uid: self.uid.clone(),
            records: self.records,
            last_seen: self.last_seen,
        }
    }
}

/// The register in memory.
#[derive(Debug, Default)]
pub struct Register {
    known: Vec<Known>,
    by_uid: HashMap<String, usize>,
    by_id: HashMap<String, Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
}

/// What the register says of one ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    /// First sight: entered now.
    New,
    /// Everything seen before is still there unchanged; `added` records more.
    Consistent { added: usize },
    /// Something the director saw was changed or removed.
    Rewritten {
        /// Index into the current chain of the first record that differs.
        index: Option<usize>,
    },
    /// The trainee is known under another ledger: a fresh start.
    FreshLedger,
    /// Not entered: no uid, or not sealed, or in two files of this audit.
    NotEntered,
}

impl Check {
    pub fn as_str(&self) -> &'static str {
        match self {
            Check::New => "new",
            Check::Consistent { added: 0 } => "seen",
            Check::Consistent { .. } => "extended",
            Check::Rewritten { .. } => "rewritten",
            Check::FreshLedger => "fresh-ledger",
            Check::NotEntered => "not-entered",
        }
    }

    /// Whether the history the director saw is gone.
    pub fn rewrites(&self) -> bool {
        matches!(self, Check::Rewritten { .. } | Check::FreshLedger)
    }
}

/// The register's answer about one ledger: its word, its findings, and what the
/// register will know of the ledger afterwards when it advances.
#[derive(Clone, Debug, Default)]
pub struct Verdict {
    pub check: Option<Check>,
    pub findings: Vec<Finding>,
    pub update: Option<Known>,
    /// The records seen at the last audit and its date, when the ledger continues one.
    pub seen: Option<(usize, NaiveDate)>,
}

/// The error of a register that cannot be used.
fn bad(src: &Source<'_>, span: std::ops::Range<usize>, message: String) -> InputError {
    src.error(span, message).with_hint(crate::msg!(
        "registret skrivs av `st-budget audit --register FIL`; rätta det för hand eller ta bort posten (se docs/audit-register.md)",
        "the register is written by `st-budget audit --register FILE`; correct it by hand or remove the entry (see docs/audit-register.md)",
    ))
}

impl Register {
    /// Reads the register; a file that does not exist yet is an empty register.
    /// Anything else that is not a register as this build writes it is an error.
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
        Register::parse(&shown, &text)
    }

    /// Parses a register's text; `shown` names it in messages.
    pub fn parse(shown: &str, text: &str) -> Result<Register, InputError> {
        let text = crate::tomlx::strip_bom(text);
        let src = Source::new(shown, text);
        let doc = parse_document(&src).map_err(|e| {
            let mut e = e;
            e.message = crate::msg!(
                "inget granskningsregister: {}",
                "not an audit register: {}",
                e.message
            );
            e
        })?;
        let r = Reader::new(src);
        let mut format = None;
        let mut reg = Register::default();
        for (key, value) in in_file_order(doc.get_ref()) {
            match key.get_ref().as_ref() {
                "format" => {
                    let f = r.integer("format", value)?;
                    if !(1..=FORMAT).contains(&f) {
                        return Err(bad(
                            &src,
                            value.span(),
                            crate::msg!(
                                "registerformat {} stöds inte; den här st-budget läser format 1 till {}",
                                "unsupported register format {}; this st-budget reads formats 1 to {}",
                                f,
                                FORMAT
                            ),
                        ));
                    }
                    format = Some(f);
                }
                "trainee" => {
                    for v in r.array("trainee", value)? {
                        let k = read_known(&r, v)?;
                        if reg.by_uid.contains_key(&k.uid) {
                            return Err(bad(
                                &src,
                                v.span(),
                                crate::msg!(
                                    "liggaren {} står två gånger i registret",
                                    "ledger {} is in the register twice",
                                    k.uid
                                ),
                            ));
                        }
                        reg.insert(k);
                    }
                }
                _ => {
                    return Err(r.unknown_key(
                        key,
                        crate::msg!("registret", "the register"),
                        TOP_KEYS,
                    ));
                }
            }
        }
        if format.is_none() {
            return Err(bad(
                &src,
                0..0,
                crate::msg!(
                    "`format` saknas i registret",
                    "the register has no `format`"
                )
                .to_string(),
            ));
        }
        Ok(reg)
    }

    fn insert(&mut self, k: Known) {
        let i = self.known.len();
        self.by_uid.insert(k.uid.clone(), i);
        if let Some(id) = &k.id_key {
            self.by_id.entry(id.clone()).or_default().push(i);
        }
        self.by_name.entry(k.name_key.clone()).or_default().push(i);
        self.known.push(k);
    }

    pub fn len(&self) -> usize {
        self.known.len()
    }

    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }

    /// What the register knows of a ledger uid.
    pub fn by_uid(&self, uid: &str) -> Option<&Known> {
        self.by_uid.get(uid).map(|&i| &self.known[i])
    }

    /// The known ledgers of the same trainee as `me` under another uid.
    fn same_trainee(&self, me: &Identity) -> Option<&Known> {
        let by_id = me
            .id_key
            .as_ref()
            .and_then(|k| self.by_id.get(k))
            .into_iter()
            .flatten();
        let by_name = self.by_name.get(&me.name_key).into_iter().flatten();
        by_id.chain(by_name).map(|&i| &self.known[i]).find(|k| {
            Some(&k.uid) != me.uid.as_ref() && me.same_trainee(&k.name_key, k.id_key.as_deref())
        })
    }

    /// A namesake under another id, perhaps the same person.
    fn namesake(&self, me: &Identity) -> Option<&Known> {
        self.by_name
            .get(&me.name_key)
            .into_iter()
            .flatten()
            .map(|&i| &self.known[i])
            .find(|k| {
                Some(&k.uid) != me.uid.as_ref()
                    && !me.same_trainee(&k.name_key, k.id_key.as_deref())
            })
    }

    /// Checks a ledger against what was seen before. `sealed`: its seal holds,
    /// so it may advance the register. `policy` is the policy id it names;
    /// `name(k)` names record `k` of its chain.
    pub fn judge(
        &self,
        me: &Identity,
        policy: &str,
        chain: &Chain,
        sealed: bool,
        today: NaiveDate,
        name: &dyn Fn(usize) -> RecordName,
    ) -> Verdict {
        let mut v = Verdict::default();
        let Some(k) = me.uid.as_deref().and_then(|u| self.by_uid(u)) else {
            return self.judge_unknown(me, policy, chain, sealed, today);
        };
        let (n, m) = (chain.len(), k.records);
        if n >= m && seal::hex(&chain.hashes[m - 1]) == k.hash {
            v.check = Some(Check::Consistent { added: n - m });
            v.seen = Some((m, k.last_seen));
            if sealed {
                v.update = Some(Known {
                    records: n,
                    hash: seal::hex(&chain.head()),
                    trail: trail(chain),
                    last_seen: today,
                    ..known(me, policy, chain, k.first_seen, today)
                });
            }
            return v;
        }
        let seen = k.seen();
        let differs = (0..n.min(m))
            .find(|&j| seal::short(&chain.hashes[j]) != k.trail[j * SHORT..(j + 1) * SHORT]);
        // No short hash differs, yet the full one does: the last record seen.
        let index = differs.or((n >= m).then(|| m - 1));
        let what = match index {
            Some(j) => Integrity::Rewritten {
                record: name(j),
                number: j + 1,
                seen,
            },
            None => Integrity::Removed { records: n, seen },
        };
        let entry = index.and_then(|i| chain.labels[i].entry());
        v.check = Some(Check::Rewritten { index });
        v.findings
            .push(Finding::integrity(entry, Severity::Error, what));
        v
    }

    /// A ledger whose uid the register does not know.
    fn judge_unknown(
        &self,
        me: &Identity,
        policy: &str,
        chain: &Chain,
        sealed: bool,
        today: NaiveDate,
    ) -> Verdict {
        let mut v = Verdict::default();
        if let Some(k) = self.same_trainee(me) {
            v.check = Some(Check::FreshLedger);
            v.findings.push(Finding::integrity(
                None,
                Severity::Error,
                Integrity::FreshLedger {
                    name: me.name.clone(),
                    id: me.id.clone(),
                    seen: k.seen(),
                    uid: me.uid.clone(),
                },
            ));
            return v;
        }
        if let Some(k) = self.namesake(me) {
            v.findings.push(Finding::integrity(
                None,
                Severity::Warning,
                Integrity::KnownNamesake {
                    name: k.name.clone(),
                    id: k.id.clone(),
                    uid: k.uid.clone(),
                },
            ));
        }
        v.check = Some(if me.uid.is_some() && sealed {
            v.update = Some(known(me, policy, chain, today, today));
            Check::New
        } else {
            Check::NotEntered
        });
        v
    }

    /// The known ledgers that no ledger of this audit is: not by uid, nor as the
    /// same trainee.
    pub fn unseen<'a>(&'a self, ids: impl Iterator<Item = Keys<'a>>) -> Vec<&'a Known> {
        let (mut uids, mut id_keys, mut names, mut names_without_id) = (
            HashSet::new(),
            HashSet::new(),
            HashSet::new(),
            HashSet::new(),
        );
        for x in ids {
            if let Some(u) = x.uid {
                uids.insert(u);
            }
            match x.id_key {
                Some(k) => {
                    id_keys.insert(k);
                }
                None => {
                    names_without_id.insert(x.name_key);
                }
            }
            names.insert(x.name_key);
        }
        self.known
            .iter()
            .filter(|k| {
                let name = Key::of(&k.name_key);
                let same = match &k.id_key {
                    Some(id) => id_keys.contains(&Key::of(id)) || names_without_id.contains(&name),
                    None => names.contains(&name),
                };
                !uids.contains(&Key::of(&k.uid)) && !same
            })
            .collect()
    }

    /// Takes what an audit learnt of a ledger.
    pub fn apply(&mut self, k: Known) {
        match self.by_uid.get(&k.uid) {
            Some(&i) => {
                let old = &self.known[i];
                if old.id_key != k.id_key || old.name_key != k.name_key {
                    // Keys changed: rebuild the indices, rarely.
                    self.known[i] = k;
                    let known = std::mem::take(&mut self.known);
                    *self = Register::default();
                    for k in known {
                        self.insert(k);
                    }
                } else {
                    self.known[i] = k;
                }
            }
            None => self.insert(k),
        }
    }

    /// The register as TOML.
    pub fn render(&self) -> String {
        let mut s = String::with_capacity(300 + self.known.len() * 400);
        s.push_str(
            "# st-budget audit register: what each exported ledger contained when it was\n\
             # audited (see docs/audit-register.md). Written by `st-budget audit --register`.\n\
             # `name_key` and `id_key` are the comparison keys of `name` and `id`, for the\n\
             # reader: they are computed again from `name` and `id` when the file is read.\n",
        );
        s.push_str(&format!("format = {FORMAT}\n"));
        for k in &self.known {
            s.push_str("\n[[trainee]]\n");
            s.push_str(&format!("uid = {}\n", quote(&k.uid)));
            s.push_str(&format!("name = {}\n", quote(&k.name)));
            s.push_str(&format!("name_key = {}\n", quote(&k.name_key)));
            if let Some(id) = &k.id {
                s.push_str(&format!("id = {}\n", quote(id)));
            }
            if let Some(key) = &k.id_key {
                s.push_str(&format!("id_key = {}\n", quote(key)));
            }
            s.push_str(&format!("policy = {}\n", quote(&k.policy)));
            s.push_str(&format!("records = {}\n", k.records));
            s.push_str(&format!("hash = \"{}\"\n", k.hash));
            s.push_str(&format!("trail = \"{}\"\n", k.trail));
            s.push_str(&format!("first_seen = {}\n", date(k.first_seen)));
            s.push_str(&format!("last_seen = {}\n", date(k.last_seen)));
        }
        s
    }
}

/// What the register knows of a ledger as it is now.
fn known(me: &Identity, policy: &str, chain: &Chain, first: NaiveDate, today: NaiveDate) -> Known {
    Known {
        uid: me.uid.clone().unwrap_or_default(),
        name: me.name.clone(),
        id: me.id.clone(),
        name_key: me.name_key.clone(),
        id_key: me.id_key.clone(),
        policy: policy.to_string(),
        records: chain.len(),
        hash: seal::hex(&chain.head()),
        trail: trail(chain),
        first_seen: first,
        last_seen: today,
    }
}

/// One `[[trainee]]` of the register, every value checked.
fn read_known(r: &Reader<'_>, v: &Value<'_>) -> Result<Known, InputError> {
    let t = r.table("trainee", v)?;
    let mut f: HashMap<&str, &Value<'_>> = HashMap::new();
    for (key, value) in t.iter() {
        let name: &str = key.get_ref();
        let Some(&k) = KNOWN_KEYS.iter().find(|k| **k == name) else {
            return Err(r.unknown_key(key, "[[trainee]]", KNOWN_KEYS));
        };
        f.insert(k, value);
    }
    let need = |key: &str| {
        f.get(key).copied().ok_or_else(|| {
            r.err(
                v.span(),
                crate::msg!(
                    "en post i registret saknar `{}`",
                    "an entry of the register has no `{}`",
                    key
                ),
            )
        })
    };
    let text = |key: &str| -> Result<String, InputError> { r.text(key, need(key)?) };
    let records = r.int_in("records", need("records")?, 1..=i64::from(u32::MAX))? as usize;
    let hex = |key: &str, len: usize| -> Result<String, InputError> {
        let value = need(key)?;
        let s = r.text(key, value)?;
        if s.len() != len || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(r.err(
                value.span(),
                crate::msg!(
                    "`{key}` ska vara {len} hexadecimala siffror, fick {got} tecken",
                    "`{key}` must be {len} hexadecimal digits, got {got} characters",
                    key = key,
                    len = len,
                    got = s.chars().count()
                ),
            ));
        }
        Ok(s.to_ascii_lowercase())
    };
    let hash = hex("hash", 64)?;
    let trail = hex("trail", SHORT.saturating_mul(records))?;
    if trail[trail.len() - SHORT..] != hash[..SHORT] {
        return Err(r.err(
            need("trail")?.span(),
            crate::msg!(
                "`trail` slutar inte med början av `hash`: posten är ändrad för hand",
                "`trail` does not end with the start of `hash`: the entry was edited by hand",
            ),
        ));
    }
    let name = text("name")?;
    let id = f.get("id").map(|v| r.text("id", v)).transpose()?;
    let first_seen = r.date("first_seen", need("first_seen")?)?;
    let last_seen = r.date("last_seen", need("last_seen")?)?;
    for key in ["name_key", "id_key"] {
        if let Some(v) = f.get(key) {
            r.text(key, v)?;
        }
    }
    Ok(Known {
        uid: text("uid")?,
        name_key: name_key(&name),
        id_key: id.as_deref().and_then(id_key),
        name,
        id,
        policy: text("policy")?,
        records,
        hash,
        trail,
        first_seen,
        last_seen,
    })
}

fn trail(chain: &Chain) -> String {
    chain.hashes.iter().map(seal::short).collect()
}

/// A date as TOML writes it.
fn date(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = "format = 1\n\n[[trainee]]\nuid = \"u1\"\nname = \"Anna\"\nid = \"KRO-1\"\npolicy = \"p\"\nrecords = 2\nhash = \"abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789\"\ntrail = \"11111111abcdef01\"\nfirst_seen = 2026-01-01\nlast_seen = 2026-02-01\n";

    #[test]
    fn a_register_of_format_1_still_loads_and_renders_as_format_2() {
        let r = Register::parse("r.toml", ONE).expect("loads");
        assert_eq!(r.len(), 1);
        let k = r.by_uid("u1").expect("known");
        assert_eq!(k.id_key.as_deref(), Some("kro1"));
        let again = Register::parse("r.toml", &r.render()).expect("loads again");
        assert_eq!(again.by_uid("u1"), Some(k));
        assert!(r.render().contains("format = 2\n"));
    }

    #[test]
    fn a_hand_broken_register_is_an_error_at_its_line() {
        for (broken, want) in [
            (
                ONE.replace("records = 2", "records = 3"),
                ":10:9: `trail` must be 24 hexadecimal digits",
            ),
            (
                ONE.replace("abcdef0123456789abcdef", "zz"),
                ":9:8: `hash` must be 64 hexadecimal digits",
            ),
            (
                ONE.replace("uid = \"u1\"", "ledger = \"u1\""),
                ":4:1: unknown field `ledger` in [[trainee]]",
            ),
            (ONE.replace("records = 2", "records = -1"), ":8:11:"),
            (
                ONE.replace("format = 1", "format = 9"),
                "unsupported register format 9",
            ),
            (
                ONE.replace(
                    "trail = \"11111111abcdef01\"",
                    "trail = \"abcdef0111111111\"",
                ),
                "`trail` does not end with the start of `hash`",
            ),
            (
                format!("{ONE}{}", &ONE[10..]),
                "ledger u1 is in the register twice",
            ),
            ("format = 2\nx = [\n".to_string(), "not an audit register"),
        ] {
            let e = Register::parse("r.toml", &broken).expect_err(want);
            assert!(e.to_string().contains(want), "{e} lacks {want:?}");
        }
    }
}
