//! The seal of an exported ledger: a SHA-256 hash chain over a canonical form of
//! the parsed records (docs/seal.md).
//!
//! The chain is computed from what the ledger *means*, never from its bytes, so
//! reformatting, comments and the quoting of dates or amounts leave it intact,
//! while any change to what is charged breaks it at the first record that no
//! longer matches. Nothing here reads files or knows about policies.

use std::fmt::{self, Write as _};

use sha2::{Digest, Sha256};

use super::model::*;

/// The `algorithm` a seal written by this build names.
pub const ALGORITHM: &str = "sha256-chain-v1";

/// What the first running hash starts from, so that no other use of SHA-256
/// can produce a chain that looks like a seal.
const DOMAIN: &[u8] = b"st-budget seal v1\n";

/// A running hash.
pub type Hash = [u8; 32];

/// Names a record as a person finds it in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Label {
    /// `[trainee]`, with `format` and `uid`.
    Trainee,
    /// The n-th `[[service]]` (1-based).
    Service(usize),
    /// The `[[entry]]` with this id.
    Entry(u32),
    /// The n-th `[[amendment]]` (1-based), of this entry.
    Amendment(usize, u32),
    /// The n-th `[[trainee_change]]` (1-based).
    TraineeChange(usize),
}

impl Label {
    /// The short token a seal stores beside each hash: `entry:7`.
    pub fn token(self) -> String {
        match self {
            Label::Trainee => "trainee".to_string(),
            Label::Service(n) => format!("service:{n}"),
            Label::Entry(id) => format!("entry:{id}"),
            Label::Amendment(n, _) => format!("amendment:{n}"),
            Label::TraineeChange(n) => format!("trainee_change:{n}"),
        }
    }

    /// The entry a record is about, if any.
    pub fn entry(self) -> Option<u32> {
        match self {
            Label::Entry(id) | Label::Amendment(_, id) => Some(id),
            _ => None,
        }
    }
}

impl Label {
    /// The record as a person names it, in `lang`: `entry 7`.
    pub fn words(self, lang: crate::i18n::Lang) -> String {
        match self {
            Label::Trainee => {
                crate::msg!(lang => "uppgifterna i [trainee]", "the [trainee] data").to_string()
            }
            Label::Service(n) => {
                crate::msg!(lang => "tjänstgöringsperiod {}", "service period {}", n)
            }
            Label::Entry(id) => crate::msg!(lang => "post {}", "entry {}", id),
            Label::Amendment(n, id) => crate::msg!(lang =>
                "ändring {n} av post {id}",
                "amendment {n} of entry {id}",
                n = n,
                id = id
            ),
            Label::TraineeChange(n) => crate::msg!(lang =>
                "ändring {} av ST-läkarens uppgifter",
                "trainee change {}",
                n
            ),
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(crate::i18n::current()))
    }
}

/// The chain of a ledger: one running hash and one label per record, the
/// trainee first, then every other record in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Chain {
    pub hashes: Vec<Hash>,
    pub labels: Vec<Label>,
    /// Byte offset of each record in the file, for messages.
    pub offsets: Vec<usize>,
}

impl Chain {
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// The running hash over every record.
    pub fn head(&self) -> Hash {
        self.hashes.last().copied().unwrap_or_default()
    }
}

/// Computes the chain of a parsed ledger.
pub fn chain(l: &Ledger) -> Chain {
    let n = l.records.len().max(1);
    let mut c = Chain {
        hashes: Vec::with_capacity(n),
        labels: Vec::with_capacity(n),
        offsets: Vec::with_capacity(n),
    };
    let mut buf = String::with_capacity(512);
    canonical_trainee(&mut buf, l);
    let mut h = Sha256::new();
    h.update(DOMAIN);
    h.update(buf.as_bytes());
    let mut prev: Hash = h.finalize().into();
    c.hashes.push(prev);
    c.labels.push(Label::Trainee);
    c.offsets.push(0);
    for record in &l.records {
        buf.clear();
        let (label, offset) = match *record {
            Record::Trainee => continue,
            Record::Service(i) => {
                let i = i as usize;
                let s = &l.services[i];
                canonical_service(&mut buf, s);
                (Label::Service(i + 1), s.offset)
            }
            Record::Entry(i) => {
                let e = &l.entries[i as usize];
                canonical_entry(&mut buf, e);
                (Label::Entry(e.id), e.offset())
            }
            Record::Amendment(i) => {
                let i = i as usize;
                let a = &l.amendments[i];
                canonical_amendment(&mut buf, a);
                (Label::Amendment(i + 1, a.entry), a.offset)
            }
            Record::TraineeChange(i) => {
                let i = i as usize;
                let t = &l.trainee_changes[i];
                canonical_change(&mut buf, &t.change());
                (Label::TraineeChange(i + 1), t.offset)
            }
        };
        let mut h = Sha256::new();
        h.update(prev);
        h.update(buf.as_bytes());
        prev = h.finalize().into();
        c.hashes.push(prev);
        c.labels.push(label);
        c.offsets.push(offset);
    }
    c
}

const DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Lower-case hex of a hash.
pub fn hex(h: &Hash) -> String {
    let mut s = String::with_capacity(64);
    for b in h {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// The first 8 hex digits of a hash: what the audit register keeps per record.
pub fn short(h: &Hash) -> String {
    hex(h)[..8].to_string()
}

/// The `[seal]` table an export appends.
pub fn render(c: &Chain, exported: chrono::NaiveDate) -> String {
    let mut s = String::with_capacity(80 * c.len() + 200);
    s.push_str("\n# Written by `st-budget export`; see docs/seal.md. Do not edit.\n");
    s.push_str("[seal]\n");
    let _ = writeln!(s, "algorithm = \"{ALGORITHM}\"");
    let _ = writeln!(s, "exported = {exported}");
    let _ = writeln!(s, "records = {}", c.len());
    let _ = writeln!(s, "hash = \"{}\"", hex(&c.head()));
    s.push_str("chain = [\n");
    for (label, h) in c.labels.iter().zip(&c.hashes) {
        let _ = writeln!(s, "  \"{} {}\",", label.token(), hex(h));
    }
    s.push_str("]\n");
    s
}

/// Whether a ledger's seal still matches its records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SealCheck {
    /// No `[seal]`: written by hand or never exported.
    Unsealed,
    /// Every record matches the seal.
    Sealed,
    /// The first record that no longer matches, and why.
    Broken {
        /// Index into the current chain, when a record of the file is to blame.
        index: Option<usize>,
        /// The entry the first mismatch is about, as the seal or the file has it.
        entry: Option<u32>,
        /// The record named: `entry 7`, as the seal or the file has it.
        record: Option<String>,
        message: String,
    },
}

/// Checks a ledger's records against its seal. `c` is [`chain`] of `l`.
pub fn verify(l: &Ledger, c: &Chain) -> SealCheck {
    let Some(seal) = &l.seal else {
        return SealCheck::Unsealed;
    };
    let broken = |index: Option<usize>, message: String| SealCheck::Broken {
        index,
        entry: index.and_then(|i| c.labels.get(i)).and_then(|l| l.entry()),
        record: index.and_then(|i| c.labels.get(i)).map(|l| l.to_string()),
        message,
    };
    if seal.algorithm != ALGORITHM {
        return broken(
            None,
            crate::msg!(
                "förseglingen anger en okänd algoritm {:?} (den här st-budget skriver {ALGORITHM})",
                "the seal names an unknown algorithm {:?} (this st-budget writes {ALGORITHM})",
                seal.algorithm
            ),
        );
    }
    // The seal must agree with itself: a chain edited by hand cannot be trusted.
    let stored: Vec<(&str, &str)> = seal
        .chain
        .iter()
        .map(|item| item.rsplit_once(' ').unwrap_or(("?", item.as_str())))
        .collect();
    if stored.len() != seal.records || stored.last().map(|(_, h)| *h) != Some(seal.hash.as_str()) {
        return broken(
            None,
            crate::msg!(
                "själva förseglingen är ändrad: den listar {} hashar för {} poster, och dess sista hash är inte dess `hash`",
                "the seal itself was altered: it lists {} hashes for {} records, and its last hash is not its `hash`",
                stored.len(),
                seal.records
            ),
        );
    }
    for (k, (token, want)) in stored.iter().enumerate() {
        let Some(got) = c.hashes.get(k) else {
            return SealCheck::Broken {
                index: None,
                entry: token_entry(token),
                record: Some(describe_token(token)),
                message: crate::msg!(
                    "{} i förseglingen saknas i filen (post {} av {}): den eller posterna före den har tagits bort",
                    "{} of the seal is missing from the file (record {} of {}): it was removed or the records before it were",
                    describe_token(token),
                    k + 1,
                    seal.records
                ),
            };
        };
        if !hex_eq(got, want) {
            let label = c.labels[k];
            if label.token() == *token {
                return broken(
                    Some(k),
                    crate::msg!(
                        "{label} stämmer inte längre med förseglingen (post {} av {})",
                        "{label} no longer matches the seal (record {} of {})",
                        k + 1,
                        seal.records
                    ),
                );
            }
            // Another record stands where the seal has this one: name the one the
            // seal expected, which was removed or moved.
            return SealCheck::Broken {
                index: Some(k),
                entry: token_entry(token),
                record: Some(describe_token(token)),
                message: crate::msg!(
                    "{} står inte där förseglingen har den (post {} av {}): filen har {label} där; poster har tagits bort, flyttats eller lagts till",
                    "{} is not where the seal has it (record {} of {}): the file has {label} there; records were removed, reordered or inserted",
                    describe_token(token),
                    k + 1,
                    seal.records
                ),
            };
        }
    }
    if c.len() > seal.records {
        let k = seal.records;
        return broken(
            Some(k),
            crate::msg!(
                "{} lades till efter förseglingen (post {} av {}; förseglingen omfattar {})",
                "{} was added after the seal (record {} of {}; the seal covers {})",
                c.labels[k],
                k + 1,
                c.len(),
                seal.records
            ),
        );
    }
    SealCheck::Sealed
}

/// `entry:7` as a person reads it.
fn describe_token(token: &str) -> String {
    match token.split_once(':') {
        Some(("entry", id)) => crate::msg!("post {}", "entry {}", id),
        Some(("service", n)) => crate::msg!("tjänstgöringsperiod {}", "service period {}", n),
        Some(("amendment", n)) => crate::msg!("ändring {}", "amendment {}", n),
        Some(("trainee_change", n)) => {
            crate::msg!(
                "ändring {} av ST-läkarens uppgifter",
                "trainee change {}",
                n
            )
        }
        _ if token == "trainee" => {
            crate::msg!("uppgifterna i [trainee]", "the [trainee] data").to_string()
        }
        _ => crate::msg!("post {:?}", "record {:?}", token),
    }
}

fn token_entry(token: &str) -> Option<u32> {
    token.strip_prefix("entry:")?.parse().ok()
}

/// Whether `text` is the hex of `h` (either case), without allocating.
fn hex_eq(h: &Hash, text: &str) -> bool {
    let t = text.as_bytes();
    t.len() == 64
        && h.iter().zip(t.chunks_exact(2)).all(|(b, pair)| {
            pair[0].to_ascii_lowercase() == DIGITS[usize::from(b >> 4)]
                && pair[1].to_ascii_lowercase() == DIGITS[usize::from(b & 15)]
        })
}

/// The fields a record states, as `key=value` in its canonical form (strings as
/// JSON strings), without its kind and, for an amendment, without `entry` and
/// `recorded`: what an audit lists of a record added since it last saw the
/// ledger.
pub fn stated_fields(l: &Ledger, record: Record) -> Vec<String> {
    let mut buf = String::new();
    match record {
        Record::Trainee => canonical_trainee(&mut buf, l),
        Record::Service(i) => canonical_service(&mut buf, &l.services[i as usize]),
        Record::Entry(i) => canonical_entry(&mut buf, &l.entries[i as usize]),
        Record::Amendment(i) => canonical_amendment(&mut buf, &l.amendments[i as usize]),
        Record::TraineeChange(i) => {
            canonical_change(&mut buf, &l.trainee_changes[i as usize].change())
        }
    }
    let unstated: &[&str] = match record {
        Record::Amendment(_) => &["entry=", "recorded="],
        Record::TraineeChange(_) => &["recorded="],
        _ => &[],
    };
    buf.lines()
        .skip(1)
        .filter(|line| !unstated.iter().any(|p| line.starts_with(p)))
        .map(str::to_string)
        .collect()
}

// The canonical form (docs/seal.md): one `key=value` line per field that is
// present, in a fixed order, after a line naming the record's kind. Strings are
// JSON strings, dates ISO, amounts with two decimals, booleans true/false.

fn line(out: &mut String, key: &str, value: impl fmt::Display) {
    let _ = writeln!(out, "{key}={value}");
}

/// `key=value` for a value that is already its text (a bool, kind or status), as
/// `line` writes it: the canonical form of every entry has a dozen of these.
fn word(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    out.push('=');
    out.push_str(value);
    out.push('\n');
}

fn yes_no(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// `key=N` for a whole number, as `line` writes it.
fn number(out: &mut String, key: &str, mut n: u64) {
    out.push_str(key);
    out.push('=');
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[i..].iter().map(|&d| char::from(d)));
    out.push('\n');
}

/// `key=2024-03-11`, as `line` writes a date, without the formatting machinery:
/// every entry of every audited ledger has dates.
fn day(out: &mut String, key: &str, d: chrono::NaiveDate) {
    use chrono::Datelike;
    let y = d.year();
    if !(0..=9999).contains(&y) {
        return line(out, key, d);
    }
    out.push_str(key);
    out.push('=');
    let digits = [
        y / 1000,
        y / 100 % 10,
        y / 10 % 10,
        y % 10,
        -1,
        d.month() as i32 / 10,
        d.month() as i32 % 10,
        -1,
        d.day() as i32 / 10,
        d.day() as i32 % 10,
    ];
    for n in digits {
        out.push(match u8::try_from(n) {
            Ok(n) => char::from(b'0' + n),
            Err(_) => '-',
        });
    }
    out.push('\n');
}

fn text(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    out.push('=');
    // A JSON string is unambiguous: quotes, backslashes and newlines are escaped.
    // Most texts need no escape, and JSON then just quotes them; the rest go
    // through serde_json, so the bytes are serde_json's either way.
    if value.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        out.push_str(&serde_json::to_string(value).unwrap_or_default());
    } else {
        out.push('"');
        out.push_str(value);
        out.push('"');
    }
    out.push('\n');
}

fn list(out: &mut String, key: &str, items: &[String]) {
    line(out, key, serde_json::to_string(items).unwrap_or_default());
}

fn canonical_trainee(out: &mut String, l: &Ledger) {
    let t = &l.trainee;
    out.push_str("trainee\n");
    line(out, "format", l.format);
    if let Some(uid) = &l.uid {
        text(out, "uid", uid);
    }
    text(out, "name", &t.name);
    if let Some(id) = &t.id {
        text(out, "id", id);
    }
    text(out, "policy", &t.policy);
    day(out, "start", t.start);
    if let Some(c) = t.certificate {
        day(out, "certificate", c);
    }
    word(
        out,
        "double_specialisation",
        yes_no(t.double_specialisation),
    );
    list(out, "programmes", &t.programmes);
    if let Some(u) = &t.unit {
        text(out, "unit", u);
    }
}

fn canonical_service(out: &mut String, s: &ServicePeriod) {
    out.push_str("service\n");
    day(out, "from", s.from);
    number(out, "percent", u64::from(s.percent));
}

fn canonical_entry(out: &mut String, e: &Entry) {
    out.push_str("entry\n");
    number(out, "id", u64::from(e.id));
    // An entry's defaults are part of what it means: `online = false` written
    // or left out is the same entry, so both are hashed alike.
    let f = FieldsRef {
        date: Some(e.date),
        end: e.end,
        kind: Some(e.kind),
        description: Some(&e.description),
        amount: Some(e.amount()),
        provider: e.provider.as_deref(),
        goal: e.goal.as_ref().map(|g| g.code()),
        online: Some(e.online),
        catalogue: Some(e.catalogue),
        programme: e.programme(),
        international: Some(e.international()),
        for_entry: e.for_entry(),
        travel_mode: e.travel_mode.as_deref(),
        booked_via: e.booked_via(),
        distance_km: e.distance_km(),
        nights: e.nights(),
        status: Some(e.status),
        approvals: &e.approvals,
        applied: e.applied(),
        cancel_by: e.cancel_by(),
        funded_by: e.funded_by(),
        days: e.stated_days(),
        event: e.event(),
        // Added later: sealed only when set, so older seals still verify.
        abroad: e.abroad().then_some(true),
        in_region: e.in_region().then_some(true),
        mandatory: e.mandatory().then_some(true),
        subject: e.subject(),
        receipt: e.receipt(),
        note: e.note(),
    };
    canonical_fields(out, &f);
}

fn canonical_amendment(out: &mut String, a: &Amendment) {
    out.push_str("amendment\n");
    number(out, "entry", u64::from(a.entry));
    if let Some(d) = a.recorded {
        day(out, "recorded", d);
    }
    let f = &a.fields();
    canonical_fields(
        out,
        &FieldsRef {
            date: f.date,
            end: f.end,
            kind: f.kind,
            description: f.description.as_deref(),
            amount: f.amount,
            provider: f.provider.as_deref(),
            goal: f.goal.as_ref().map(|g| g.code()),
            online: f.online,
            catalogue: f.catalogue,
            programme: f.programme.as_deref(),
            international: f.international,
            for_entry: f.for_entry,
            travel_mode: f.travel_mode.as_deref(),
            booked_via: f.booked_via.as_deref(),
            distance_km: f.distance_km,
            nights: f.nights,
            status: f.status,
            approvals: &f.approvals,
            applied: f.applied,
            cancel_by: f.cancel_by,
            funded_by: f.funded_by,
            days: f.days,
            event: f.event.as_deref(),
            abroad: f.abroad,
            in_region: f.in_region,
            mandatory: f.mandatory,
            subject: f.subject.as_deref(),
            receipt: f.receipt.as_deref(),
            note: f.note.as_deref(),
        },
    );
}

/// [`Fields`] borrowed: what an entry or amendment states, without copying its
/// texts (the chain of every audited ledger is computed).
struct FieldsRef<'a> {
    date: Option<chrono::NaiveDate>,
    end: Option<chrono::NaiveDate>,
    kind: Option<Kind>,
    description: Option<&'a str>,
    amount: Option<crate::money::Amount>,
    provider: Option<&'a str>,
    goal: Option<&'a str>,
    online: Option<bool>,
    catalogue: Option<bool>,
    programme: Option<&'a str>,
    international: Option<bool>,
    for_entry: Option<u32>,
    travel_mode: Option<&'a str>,
    booked_via: Option<&'a str>,
    distance_km: Option<u32>,
    nights: Option<u16>,
    status: Option<Status>,
    approvals: &'a Approvals,
    applied: Option<chrono::NaiveDate>,
    cancel_by: Option<chrono::NaiveDate>,
    funded_by: Option<Funder>,
    days: Option<u32>,
    event: Option<&'a str>,
    abroad: Option<bool>,
    in_region: Option<bool>,
    mandatory: Option<bool>,
    subject: Option<&'a str>,
    receipt: Option<&'a str>,
    note: Option<&'a str>,
}

fn canonical_fields(out: &mut String, f: &FieldsRef<'_>) {
    if let Some(v) = f.date {
        day(out, "date", v);
    }
    if let Some(v) = f.end {
        day(out, "end", v);
    }
    if let Some(v) = f.kind {
        word(out, "kind", v.as_str());
    }
    if let Some(v) = f.description {
        text(out, "description", v);
    }
    if let Some(v) = f.amount {
        line(out, "amount", v);
    }
    if let Some(v) = f.provider {
        text(out, "provider", v);
    }
    if let Some(v) = f.goal {
        text(out, "goal", v);
    }
    if let Some(v) = f.online {
        word(out, "online", yes_no(v));
    }
    if let Some(v) = f.catalogue {
        word(out, "catalogue", yes_no(v));
    }
    if let Some(v) = f.programme {
        text(out, "programme", v);
    }
    if let Some(v) = f.international {
        word(out, "international", yes_no(v));
    }
    if let Some(v) = f.for_entry {
        number(out, "for", u64::from(v));
    }
    if let Some(v) = f.travel_mode {
        text(out, "travel_mode", v);
    }
    if let Some(v) = f.booked_via {
        text(out, "booked_via", v);
    }
    if let Some(v) = f.distance_km {
        number(out, "distance_km", u64::from(v));
    }
    if let Some(v) = f.nights {
        number(out, "nights", u64::from(v));
    }
    if let Some(v) = f.status {
        word(out, "status", v.as_str());
    }
    // The five built-in roles in their order, then declared ones by id; an id
    // that is not a plain word (letters, digits, `-`, `_`) as a JSON string, so
    // that no key can pass for another line.
    for (role, date) in f.approvals {
        out.push_str("approvals.");
        let id = role.as_str();
        if !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            day(out, id, *date);
        } else {
            day(out, &serde_json::to_string(id).unwrap_or_default(), *date);
        }
    }
    // Added after format 1's first release: written only when present, so a
    // ledger without them keeps its seal.
    if let Some(v) = f.applied {
        day(out, "applied", v);
    }
    if let Some(v) = f.cancel_by {
        day(out, "cancel_by", v);
    }
    if let Some(v) = f.funded_by {
        word(out, "funded_by", v.as_str());
    }
    if let Some(v) = f.days {
        number(out, "days", u64::from(v));
    }
    if let Some(v) = f.event {
        text(out, "event", v);
    }
    if let Some(v) = f.abroad {
        word(out, "abroad", yes_no(v));
    }
    if let Some(v) = f.in_region {
        word(out, "in_region", yes_no(v));
    }
    if let Some(v) = f.mandatory {
        word(out, "mandatory", yes_no(v));
    }
    if let Some(v) = f.subject {
        text(out, "subject", v);
    }
    if let Some(v) = f.receipt {
        text(out, "receipt", v);
    }
    if let Some(v) = f.note {
        text(out, "note", v);
    }
}

fn canonical_change(out: &mut String, c: &TraineeChange) {
    out.push_str("trainee_change\n");
    if let Some(d) = c.recorded {
        day(out, "recorded", d);
    }
    if let Some(v) = &c.name {
        text(out, "name", v);
    }
    if let Some(v) = &c.id {
        text(out, "id", v);
    }
    if let Some(v) = c.certificate {
        day(out, "certificate", v);
    }
    if let Some(v) = c.double_specialisation {
        word(out, "double_specialisation", yes_no(v));
    }
    if let Some(v) = &c.programmes {
        list(out, "programmes", v);
    }
    if let Some(v) = &c.unit {
        text(out, "unit", v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEDGER: &str = "format = 1\nuid = \"u1\"\n[trainee]\nname = \"Anna\"\npolicy = \"region-x\"\nstart = 2024-01-08\n\n[[entry]]\nid = 1\ndate = 2024-02-12\nkind = \"course\"\ndescription = \"Kurs\"\namount = \"4500.00\"\n\n[[amendment]]\nentry = 1\nstatus = \"attended\"\n";

    fn chain_of(text: &str) -> Chain {
        chain(&crate::ledger::parse("t.toml", text).expect("parses"))
    }

    /// A ledger whose amendment names every field of the format as it stood before
    /// `applied`, `cancel_by` and `funded_by`: its chain is pinned, so a field
    /// added later (and absent here) can never change the seal of an existing
    /// export.
    #[test]
    fn fields_added_later_leave_older_ledgers_hashed_as_before() {
        let text = format!(
            "{LEDGER}end = 2024-02-14\nprovider = \"P\"\ngoal = \"c12\"\nonline = true\ncatalogue = true\nprogramme = \"plus\"\ninternational = true\ntravel_mode = \"train\"\nbooked_via = \"B\"\ndistance_km = 120\nnights = 2\napprovals = {{ studierektor = 2024-01-20, handledare = 2024-01-15 }}\nreceipt = \"r.pdf\"\nnote = \"n\"\n"
        );
        assert_eq!(
            hex(&chain_of(&text).head()),
            "ffc602d0c41a59c1c00300a9faaf8f6fa31d674f17b84110731e78c2a85a4bb9"
        );
    }

    /// The same for the fields of policy language v2, part 1 (`applied`,
    /// `cancel_by`, `funded_by`): pinned before `days` and `event` were added,
    /// which a ledger without them must not feel. With them, the entry is
    /// hashed differently.
    #[test]
    fn days_and_event_leave_ledgers_without_them_hashed_as_before() {
        let text = format!(
            "{LEDGER}applied = 2024-01-10\ncancel_by = 2024-01-31\nfunded_by = \"unit\"\nreceipt = \"r.pdf\"\n"
        );
        let before = chain_of(&text);
        assert_eq!(
            hex(&before.head()),
            "457225e98d571b657c45224a26b77db3748503033225912c0a499c199ae16c8c"
        );
        let with = chain_of(&format!("{text}days = 2\nevent = \"forum-2026\"\n"));
        assert_eq!(before.hashes[..2], with.hashes[..2]);
        assert_ne!(before.head(), with.head());
    }

    #[test]
    fn numbers_and_words_are_written_as_their_display() {
        for n in [0u64, 7, 10, 4_294_967_295, u64::MAX] {
            let (mut fast, mut slow) = (String::new(), String::new());
            number(&mut fast, "k", n);
            line(&mut slow, "k", n);
            assert_eq!(fast, slow);
        }
        for b in [true, false] {
            let (mut fast, mut slow) = (String::new(), String::new());
            word(&mut fast, "k", yes_no(b));
            line(&mut slow, "k", b);
            assert_eq!(fast, slow);
        }
        for k in Kind::ALL {
            let (mut fast, mut slow) = (String::new(), String::new());
            word(&mut fast, "k", k.as_str());
            line(&mut slow, "k", k);
            assert_eq!(fast, slow);
        }
    }

    #[test]
    fn dates_are_written_as_their_display() {
        for (y, m, d) in [
            (2024, 1, 8),
            (999, 12, 31),
            (9999, 2, 3),
            (10000, 1, 1),
            (-5, 6, 7),
        ] {
            let date = chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date");
            let (mut fast, mut slow) = (String::new(), String::new());
            day(&mut fast, "k", date);
            line(&mut slow, "k", date);
            assert_eq!(fast, slow);
        }
    }

    #[test]
    fn layout_comments_and_spellings_do_not_change_the_chain() {
        let other = LEDGER
            .replace("amount = \"4500.00\"", "amount = 4500 # fee")
            .replace("start = 2024-01-08", "start = \"2024-01-08\"\n# started")
            .replace(
                "kind = \"course\"",
                "kind = \"course\"\nstatus = \"planned\"\nonline = false",
            );
        assert_eq!(chain_of(LEDGER).hashes, chain_of(&other).hashes);
    }

    #[test]
    fn every_record_has_its_own_running_hash() {
        let c = chain_of(LEDGER);
        assert_eq!(
            c.labels,
            vec![Label::Trainee, Label::Entry(1), Label::Amendment(1, 1)]
        );
        let changed = chain_of(&LEDGER.replace("attended", "no-show"));
        assert_eq!(c.hashes[..2], changed.hashes[..2]);
        assert_ne!(c.hashes[2], changed.hashes[2]);
        // The uid is part of the first record, so everything after it differs.
        let other_uid = chain_of(&LEDGER.replace("u1", "u2"));
        assert!(c.hashes.iter().zip(&other_uid.hashes).all(|(a, b)| a != b));
    }

    #[test]
    fn a_rendered_seal_verifies_and_names_the_first_change() {
        let c = chain_of(LEDGER);
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
        let sealed = format!("{LEDGER}{}", render(&c, date));
        let l = crate::ledger::parse("t.toml", &sealed).expect("parses");
        assert_eq!(verify(&l, &chain(&l)), SealCheck::Sealed);
        let tampered = sealed.replace("description = \"Kurs\"", "description = \"Kurs!\"");
        let l = crate::ledger::parse("t.toml", &tampered).expect("parses");
        match verify(&l, &chain(&l)) {
            SealCheck::Broken { index, entry, .. } => {
                assert_eq!(index, Some(1));
                assert_eq!(entry, Some(1));
            }
            v => panic!("expected broken, got {v:?}"),
        }
    }
}
