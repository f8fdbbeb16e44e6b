//! The first pass of an audit: who a ledger belongs to, read without building
//! the document (by [`plain::walk`], else by [`stream::walk`] over the TOML
//! parser's events): about five times as fast as reading the ledger, since
//! the first pass reads every ledger once more.
//!
//! Only `uid`, `[trainee]`'s `name` and `id`, and those of each
//! `[[trainee_change]]` in file order are looked at, in whatever TOML form they
//! are written (tables, dotted keys, inline tables, inline arrays). A text with
//! any TOML error gives `None`: the full reading then says what is wrong. What
//! the full reading finds is compared with this (`audit_file`), so a ledger that
//! reads one way here and another there is caught, not trusted.

use crate::tomlx::plain::{self, Decode};
use crate::tomlx::stream::{self, Kind, Node, Seg, Sink};

/// `uid`, the trainee's name and id, and the name and the id the trainee
/// changes leave: of the changes that state each, the last in file order, as
/// the ledger applies them. (Not a list of the changes: a hostile file of the
/// largest size holds 600 000, and the list took 29 MiB.)
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Head {
    pub uid: Option<String>,
    pub name: Option<String>,
    pub id: Option<String>,
    pub changed_name: Option<String>,
    pub changed_id: Option<String>,
}

/// Reads the head of a ledger's text, or `None` when it is not valid TOML
/// where it is read. A text in the plain layout is read by [`plain::walk`],
/// which decodes the head's strings only, and from its top alone where the
/// rest cannot change it ([`head_alone`]); any other by [`stream::walk`].
pub(super) fn head(text: &str) -> Option<Head> {
    head_alone(text).or_else(|| whole_head(text))
}

/// The head read from the top of the text alone, where the rest cannot touch
/// it: the text before the first `[[` header at the start of a line, in the
/// plain layout, when the rest names no `trainee` at all and holds no
/// `\u`, `\U` or `\x` escape that could spell it. (Top-level keys come before the first header;
/// `[trainee]` cannot be opened twice; so only a `trainee…` table below could
/// change who the ledger is of.) The rest is not read as TOML: this is who the
/// ledger says it belongs to, which the full reading then checks
/// ([`super::Identity`]).
fn head_alone(text: &str) -> Option<Head> {
    let cut = memchr::memmem::find(text.as_bytes(), b"\n[[").map_or(text.len(), |i| i + 1);
    let (top, rest) = text.split_at(cut);
    let rest = rest.as_bytes();
    // Each search once over the rest, by memchr (`str::contains` four times
    // over cost 2 % of an audit).
    let escape = |i: usize| matches!(rest.get(i + 1), Some(b'u' | b'U' | b'x'));
    if memchr::memmem::find(rest, b"trainee").is_some()
        || memchr::memchr_iter(b'\\', rest).any(escape)
    {
        return None;
    }
    let mut plain_head = PlainHead::default();
    plain::walk(top, &mut plain_head, Decode::Wanted).ok()?;
    Some(plain_head.0)
}

/// The head read from the whole text.
fn whole_head(text: &str) -> Option<Head> {
    let mut plain_head = PlainHead::default();
    if plain::walk(text, &mut plain_head, Decode::Wanted).is_ok() {
        return Some(plain_head.0);
    }
    head_by_events(text)
}

/// [`head`] by the stream reader, for any TOML: the same paths, in windows
/// of the text ([`stream::walk`], which holds what it reads within bounds).
fn head_by_events(text: &str) -> Option<Head> {
    let mut head = PlainHead::default();
    stream::walk(text, &mut head).ok()?;
    Some(head.0)
}

/// The head, from the nodes [`plain::walk`] and [`stream::walk`] hand on.
#[derive(Default)]
struct PlainHead(Head);

impl PlainHead {
    /// Where a value at `path` (one of [`in_head`]'s) goes, and whether it
    /// is a trainee change's.
    fn slot(&mut self, path: &[Seg<'_>]) -> Option<(&mut Option<String>, bool)> {
        let h = &mut self.0;
        let name = |k: &str| k == "name";
        match path {
            [_] => Some((&mut h.uid, false)),
            [_, Seg::Key(k, _)] if name(k) => Some((&mut h.name, false)),
            [_, _] => Some((&mut h.id, false)),
            [_, _, Seg::Key(k, _)] if name(k) => Some((&mut h.changed_name, true)),
            [_, _, _] => Some((&mut h.changed_id, true)),
            _ => None,
        }
    }
}

/// Whether `path` is one of the head's: `uid`, `trainee.name|id`,
/// `trainee_change[i].name|id`.
fn in_head(path: &[Seg<'_>]) -> bool {
    match path {
        [Seg::Key(k, _)] => k == "uid",
        [Seg::Key(t, _), Seg::Key(k, _)] => t == "trainee" && (k == "name" || k == "id"),
        [Seg::Key(t, _), Seg::Index(_), Seg::Key(k, _)] => {
            t == "trainee_change" && (k == "name" || k == "id")
        }
        _ => false,
    }
}

impl<'i> Sink<'i> for PlainHead {
    fn node(&mut self, path: &[Seg<'i>], node: Node<'i>) {
        if !in_head(path) {
            return;
        }
        match (self.slot(path), node.kind) {
            (Some((slot, _)), Kind::String(s)) => *slot = Some(s.into_owned()),
            // A change that gives no text leaves what the ones before gave.
            (Some((slot, false)), _) => *slot = None,
            _ => {}
        }
    }

    fn wants(&self, path: &[Seg<'i>]) -> bool {
        in_head(path)
    }
}

#[cfg(test)]
mod tests {
    use super::{PlainHead, head, head_by_events};
    use crate::tomlx::plain::{self, Decode};

    /// Where the plain reader answers, it reads the head the stream reader
    /// does. (The stream reader decodes every value, so it alone refuses a
    /// text whose only mistake is a value outside the head, `id = x1`: the
    /// full reading refuses that text either way.)
    fn same_head(text: &str) -> bool {
        // From the top alone: what the whole says, where the whole is TOML.
        if let (Some(alone), Some(whole)) = (super::head_alone(text), head_by_events(text)) {
            assert_eq!(alone, whole, "{text}");
        }
        let mut p = PlainHead::default();
        if plain::walk(text, &mut p, Decode::Wanted).is_err() {
            return false;
        }
        match head_by_events(text) {
            Some(by_events) => assert_eq!(p.0, by_events, "{text}"),
            None => assert!(crate::ledger::parse("t", text).is_err(), "{text}"),
        }
        true
    }

    #[test]
    fn the_plain_way_reads_the_head_the_stream_reader_does() {
        let text = "uid = \"u-1\"\n[trainee]\nname = \"Anna\"\nid = \"K-1\"\n[[entry]]\nid = 1\nname = \"x\"\n[[trainee_change]]\nname = \"Bo\"\n[[trainee_change]]\nid = \"K-2\" # c\n";
        assert!(same_head(text));
        assert!(super::head_alone(text).is_none(), "a trainee change below");
        let no_change = &text[..text.find("[[trainee_change]]").unwrap_or(0)];
        assert!(super::head_alone(no_change).is_some());
        assert!(same_head(no_change));
        let mut answered = 0;
        for base in [text, no_change] {
            for (i, _) in base.char_indices() {
                for ins in [
                    "\"", "'", "[", "]", "=", "{", "}", ",", ".", "#", "\n", " ", "x", "\\",
                ] {
                    let changed = format!("{}{ins}{}", &base[..i], &base[i..]);
                    answered += usize::from(same_head(&changed));
                }
            }
        }
        assert!(answered > 100, "{answered}");
    }

    #[test]
    fn the_head_is_read_in_every_form_toml_allows() {
        let h = head(
            "uid = 'u1'\ntrainee = { name = \"A\\u0062c\", id = \"\"\"K-1\"\"\" }\nx = [[1], { name = 'no' }]\ntrainee_change = [{ name = 'B' }, { id = 'K-2' }]\n",
        )
        .expect("reads");
        assert_eq!(h.uid.as_deref(), Some("u1"));
        assert_eq!(h.name.as_deref(), Some("Abc"));
        assert_eq!(h.id.as_deref(), Some("K-1"));
        assert_eq!(h.changed_name.as_deref(), Some("B"));
        assert_eq!(h.changed_id.as_deref(), Some("K-2"));
        let h = head(
            "\"uid\" = \"u2\"\n[trainee]\nname = \"N\"\n[[entry]]\nname = 'x'\n[[trainee_change]]\nname = 'M'\n[[trainee_change]]\n\"id\" = 'I'\n",
        )
        .expect("reads");
        assert_eq!(h.uid.as_deref(), Some("u2"));
        assert_eq!(h.name.as_deref(), Some("N"));
        assert_eq!(h.changed_name.as_deref(), Some("M"));
        assert_eq!(h.changed_id.as_deref(), Some("I"));
        // A later change that states no name, or no text, keeps the earlier one's.
        let h = head(
            "[trainee]\nname = \"N\"\n[[trainee_change]]\nname = 'M'\n[[trainee_change]]\nname = 5\n[[trainee_change]]\nunit = 'u'\n",
        )
        .expect("reads");
        assert_eq!(h.changed_name.as_deref(), Some("M"));
        assert!(head("name = [\n").is_none());
    }
}
