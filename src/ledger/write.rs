//! Writing ledger records as TOML text.
//!
//! The tool never re-serialises a ledger: it renders the one new record and
//! appends it to the file's bytes, so a person's comments, order and layout
//! survive every command. Every record rendered here parses back to itself.

use std::fmt::Write as _;

use compact_str::CompactString;

use super::model::*;

/// A TOML basic string, escaped.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", inner.join(", "))
}

fn approvals(a: &Approvals) -> String {
    let inner: Vec<String> = a
        .iter()
        .map(|(r, d)| format!("{} = {d}", role_key(r)))
        .collect();
    format!("{{ {} }}", inner.join(", "))
}

/// A role as a key of `approvals`: bare when TOML allows it (every built-in
/// role and a declared id such as `at-chef`), else quoted.
fn role_key(r: &Role) -> String {
    let s = r.as_str();
    let bare = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare { s.to_string() } else { quote(s) }
}

/// The first lines of a new ledger.
pub fn render_new(uid: &str, t: &Trainee, services: &[ServicePeriod]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# st-budget ledger: see docs/ledger.md for the format.");
    let _ = writeln!(s, "format = {FORMAT}");
    let _ = writeln!(s, "uid = {}", quote(uid));
    let _ = writeln!(s, "\n[trainee]");
    let _ = writeln!(s, "name = {}", quote(&t.name));
    if let Some(id) = &t.id {
        let _ = writeln!(s, "id = {}", quote(id));
    }
    let _ = writeln!(s, "policy = {}", quote(&t.policy));
    let _ = writeln!(s, "start = {}", t.start);
    if let Some(c) = t.certificate {
        let _ = writeln!(s, "certificate = {c}");
    }
    if t.double_specialisation {
        let _ = writeln!(s, "double_specialisation = true");
    }
    if !t.programmes.is_empty() {
        let _ = writeln!(s, "programmes = {}", list(&t.programmes));
    }
    if let Some(u) = &t.unit {
        let _ = writeln!(s, "unit = {}", quote(u));
    }
    for p in services {
        s.push_str(&render_service(p));
    }
    s
}

pub fn render_service(p: &ServicePeriod) -> String {
    format!(
        "\n[[service]]\nfrom = {}\npercent = {}\n",
        p.from, p.percent
    )
}

fn render_fields(s: &mut String, f: &Fields) {
    macro_rules! line {
        ($key:literal, $val:expr) => {
            let _ = writeln!(s, "{} = {}", $key, $val);
        };
    }
    if let Some(v) = f.date {
        line!("date", v);
    }
    if let Some(v) = f.end {
        line!("end", v);
    }
    if let Some(v) = f.kind {
        line!("kind", quote(v.as_str()));
    }
    if let Some(v) = &f.description {
        line!("description", quote(v));
    }
    if let Some(v) = f.amount {
        line!("amount", quote(&v.to_plain()));
    }
    if let Some(v) = &f.provider {
        line!("provider", quote(v));
    }
    if let Some(v) = &f.goal {
        line!("goal", quote(v.code()));
    }
    if let Some(v) = f.online {
        line!("online", v);
    }
    if let Some(v) = f.catalogue {
        line!("catalogue", v);
    }
    if let Some(v) = &f.programme {
        line!("programme", quote(v));
    }
    if let Some(v) = f.international {
        line!("international", v);
    }
    if let Some(v) = f.for_entry {
        line!("for", v);
    }
    if let Some(v) = &f.travel_mode {
        line!("travel_mode", quote(v));
    }
    if let Some(v) = &f.booked_via {
        line!("booked_via", quote(v));
    }
    if let Some(v) = f.distance_km {
        line!("distance_km", v);
    }
    if let Some(v) = f.nights {
        line!("nights", v);
    }
    if let Some(v) = f.status {
        line!("status", quote(v.as_str()));
    }
    if !f.approvals.is_empty() {
        line!("approvals", approvals(&f.approvals));
    }
    if let Some(v) = f.applied {
        line!("applied", v);
    }
    if let Some(v) = f.cancel_by {
        line!("cancel_by", v);
    }
    if let Some(v) = f.funded_by {
        line!("funded_by", quote(v.as_str()));
    }
    if let Some(v) = f.days {
        line!("days", v);
    }
    if let Some(v) = &f.event {
        line!("event", quote(v));
    }
    if let Some(v) = f.abroad {
        line!("abroad", v);
    }
    if let Some(v) = f.in_region {
        line!("in_region", v);
    }
    if let Some(v) = f.mandatory {
        line!("mandatory", v);
    }
    if let Some(v) = &f.subject {
        line!("subject", quote(v));
    }
    if let Some(v) = &f.receipt {
        line!("receipt", quote(v));
    }
    if let Some(v) = &f.note {
        line!("note", quote(v));
    }
}

/// An `[[entry]]` table. Fields at their defaults (`false`, `planned`) are left out.
pub fn render_entry(e: &Entry) -> String {
    let mut s = format!("\n[[entry]]\nid = {}\n", e.id);
    let f = Fields {
        date: Some(e.date),
        end: e.end,
        kind: Some(e.kind),
        description: Some(e.description.clone()),
        amount: Some(e.amount()),
        provider: e.provider.as_deref().map(CompactString::from),
        goal: e.goal,
        online: e.online.then_some(true),
        catalogue: e.catalogue.then_some(true),
        programme: e.programme().map(str::to_string),
        international: e.international().then_some(true),
        for_entry: e.for_entry(),
        travel_mode: e.travel_mode.as_deref().map(CompactString::from),
        booked_via: e.booked_via().map(str::to_string),
        distance_km: e.distance_km(),
        nights: e.nights(),
        status: (e.status != Status::Planned).then_some(e.status),
        approvals: e.approvals.clone(),
        applied: e.applied(),
        cancel_by: e.cancel_by(),
        funded_by: e.funded_by(),
        days: e.stated_days(),
        event: e.event().map(str::to_string),
        abroad: e.abroad().then_some(true),
        in_region: e.in_region().then_some(true),
        mandatory: e.mandatory().then_some(true),
        subject: e.subject().map(str::to_string),
        receipt: e.receipt().map(str::to_string),
        note: e.note().map(str::to_string),
    };
    render_fields(&mut s, &f);
    s
}

/// An `[[amendment]]` table.
pub fn render_amendment(a: &Amendment) -> String {
    let mut s = format!("\n[[amendment]]\nentry = {}\n", a.entry);
    if let Some(d) = a.recorded {
        let _ = writeln!(s, "recorded = {d}");
    }
    render_fields(&mut s, &a.fields());
    s
}

/// A `[[trainee_change]]` table.
pub fn render_change(c: &TraineeChange) -> String {
    let mut s = String::from("\n[[trainee_change]]\n");
    if let Some(d) = c.recorded {
        let _ = writeln!(s, "recorded = {d}");
    }
    if let Some(v) = &c.name {
        let _ = writeln!(s, "name = {}", quote(v));
    }
    if let Some(v) = &c.id {
        let _ = writeln!(s, "id = {}", quote(v));
    }
    if let Some(v) = c.certificate {
        let _ = writeln!(s, "certificate = {v}");
    }
    if let Some(v) = c.double_specialisation {
        let _ = writeln!(s, "double_specialisation = {v}");
    }
    if let Some(v) = &c.programmes {
        let _ = writeln!(s, "programmes = {}", list(v));
    }
    if let Some(v) = &c.unit {
        let _ = writeln!(s, "unit = {}", quote(v));
    }
    s
}

/// `text` with `record` appended, in the file's own line endings, keeping every
/// byte that was there.
pub fn append(text: &str, record: &str) -> String {
    let crlf = text.contains("\r\n");
    let mut out = String::with_capacity(text.len() + record.len() + 2);
    out.push_str(text);
    if !text.is_empty() && !text.ends_with('\n') {
        out.push_str(if crlf { "\r\n" } else { "\n" });
    }
    if crlf {
        out.push_str(&record.replace('\n', "\r\n"));
    } else {
        out.push_str(record);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_escape_what_toml_needs() {
        assert_eq!(quote("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
        assert_eq!(quote("esc\u{1b}"), "\"esc\\u001B\"");
    }

    #[test]
    fn append_keeps_bytes_and_line_endings() {
        assert_eq!(append("a = 1", "\nb = 2\n"), "a = 1\n\nb = 2\n");
        assert_eq!(append("a = 1\r\n", "\nb = 2\n"), "a = 1\r\n\r\nb = 2\r\n");
    }
}

/// The text with `uid = "…"` added among its top-level keys: after the
/// `format` line when that stands before the first table, else at the top. The
/// rest of the file is kept byte for byte.
pub fn with_uid(text: &str, uid: &str) -> String {
    let bom = text.len() - crate::tomlx::strip_bom(text).len();
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let line = format!("uid = {}{newline}", quote(uid));
    let mut at = bom;
    let mut offset = bom;
    for l in text[bom..].split_inclusive('\n') {
        let key = l.trim_start();
        if key.starts_with('[') {
            break;
        }
        offset += l.len();
        if key
            .strip_prefix("format")
            .is_some_and(|r| r.trim_start().starts_with('='))
        {
            at = offset;
            break;
        }
    }
    let mut out = String::with_capacity(text.len() + line.len() + 2);
    out.push_str(&text[..at]);
    if at > bom && !text[..at].ends_with('\n') {
        out.push_str(newline);
    }
    out.push_str(&line);
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod uid_tests {
    use super::with_uid;

    #[test]
    fn a_uid_goes_after_the_format_line_or_at_the_top() {
        assert_eq!(
            with_uid("# mine\nformat = 1 # v\n\n[trainee]\n", "u"),
            "# mine\nformat = 1 # v\nuid = \"u\"\n\n[trainee]\n"
        );
        assert_eq!(
            with_uid("[trainee]\nformat = 1\n", "u"),
            "uid = \"u\"\n[trainee]\nformat = 1\n"
        );
        assert_eq!(
            with_uid("\u{feff}format = 1\r\n[trainee]\r\n", "u"),
            "\u{feff}format = 1\r\nuid = \"u\"\r\n[trainee]\r\n"
        );
    }
}
