//! The first pass of an audit: who a ledger belongs to, read straight from the
//! TOML parser's events (the `toml_parser` crate, the one the `toml` crate
//! itself stands on), without building the document: about five times as fast
//! as reading the ledger, since the first pass reads every ledger once more.
//!
//! Only `uid`, `[trainee]`'s `name` and `id`, and those of each
//! `[[trainee_change]]` in file order are looked at, in whatever TOML form they
//! are written (tables, dotted keys, inline tables, inline arrays). A text with
//! any TOML error gives `None`: the full reading then says what is wrong. What
//! the full reading finds is compared with this (`audit_file`), so a ledger that
//! reads one way here and another there is caught, not trusted.

use std::borrow::Cow;

use toml_parser::decoder::Encoding;
use toml_parser::parser::EventReceiver;
use toml_parser::{ErrorSink, ParseError, Raw, Source, Span};

use crate::tomlx::plain::{self, Decode};
use crate::tomlx::stream::{Kind, Node, Seg, Sink};

/// `uid`, the trainee's name and id, and each trainee change's name and id.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Head {
    pub uid: Option<String>,
    pub name: Option<String>,
    pub id: Option<String>,
    pub changes: Vec<(Option<String>, Option<String>)>,
}

/// Reads the head of a ledger's text, or `None` when it is not valid TOML
/// where it is read. A text in the plain layout is read by [`plain::walk`],
/// which decodes the head's strings only, and from its top alone where the
/// rest cannot change it ([`head_alone`]); any other by the event parser.
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

/// [`head`] by the event parser, for any TOML.
fn head_by_events(text: &str) -> Option<Head> {
    let source = Source::new(text);
    let tokens = source.lex().into_vec();
    let mut r = Reader {
        text,
        head: Head::default(),
        header: None,
        base: Some(Vec::new()),
        stack: Vec::new(),
        keys: Vec::new(),
        value: None,
    };
    let mut errors: Option<ParseError> = None;
    toml_parser::parser::parse_document(&tokens, &mut r, &mut errors);
    errors.is_none().then_some(r.head)
}

/// The head as [`plain::walk`] hands it: the same paths [`Reader`] looks at.
#[derive(Default)]
struct PlainHead(Head);

impl PlainHead {
    /// Where a value at `path` (one of [`in_head`]'s) goes.
    fn slot(&mut self, path: &[Seg<'_>]) -> Option<&mut Option<String>> {
        let h = &mut self.0;
        let name = |k: &str| k == "name";
        match path {
            [_] => Some(&mut h.uid),
            [_, Seg::Key(k, _)] if name(k) => Some(&mut h.name),
            [_, _] => Some(&mut h.id),
            [_, _, Seg::Key(k, _)] => {
                (h.changes.last_mut()).map(|c| if name(k) { &mut c.0 } else { &mut c.1 })
            }
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
        match (path, node.kind) {
            ([Seg::Key(t, _), Seg::Index(_)], Kind::Table) if t == "trainee_change" => {
                self.0.changes.push((None, None));
            }
            (_, kind) if in_head(path) => {
                if let Some(slot) = self.slot(path) {
                    *slot = match kind {
                        Kind::String(s) => Some(s.into_owned()),
                        _ => None,
                    };
                }
            }
            _ => {}
        }
    }

    fn wants(&self, path: &[Seg<'i>]) -> bool {
        in_head(path)
    }
}

/// A path of keys, borrowed from the text where no escape needed decoding.
type Path<'t> = Vec<Cow<'t, str>>;

/// A container being read: an inline table or an array, with its path
/// (`None`: a path longer than any the head has).
struct Frame<'t> {
    path: Option<Path<'t>>,
    array: bool,
}

struct Reader<'t> {
    text: &'t str,
    head: Head,
    /// The keys of a table header being read, and whether it is `[[…]]`.
    header: Option<(Path<'t>, bool)>,
    /// The path of the current table.
    base: Option<Path<'t>>,
    stack: Vec<Frame<'t>>,
    /// The keys of the key-value being read.
    keys: Path<'t>,
    /// The path its value goes to, once `=` is read.
    value: Option<Path<'t>>,
}

/// The longest path the head has: `trainee_change.name`.
const DEEPEST: usize = 2;

impl<'t> Reader<'t> {
    fn raw(&self, span: Span, encoding: Option<Encoding>) -> Raw<'t> {
        Raw::new_unchecked(&self.text[span.start()..span.end()], encoding, span)
    }

    fn container(&self) -> Option<&Path<'t>> {
        match self.stack.last() {
            Some(f) => f.path.as_ref(),
            None => self.base.as_ref(),
        }
    }

    fn in_array(&self) -> bool {
        self.stack.last().is_some_and(|f| f.array)
    }

    /// A new element of `path`: a trainee change when it is `trainee_change`.
    fn element(&mut self, path: Option<&Path<'t>>) {
        if path.is_some_and(|p| p.len() == 1 && p[0] == "trainee_change") {
            self.head.changes.push((None, None));
        }
    }

    /// Where a string at `path` goes in the head, if anywhere.
    fn slot(&mut self, path: &[Cow<'t, str>]) -> Option<&mut Option<String>> {
        let p: Vec<&str> = path.iter().map(|k| k.as_ref()).collect();
        match p.as_slice() {
            ["uid"] => Some(&mut self.head.uid),
            ["trainee", "name"] => Some(&mut self.head.name),
            ["trainee", "id"] => Some(&mut self.head.id),
            ["trainee_change", "name"] => self.head.changes.last_mut().map(|c| &mut c.0),
            ["trainee_change", "id"] => self.head.changes.last_mut().map(|c| &mut c.1),
            _ => None,
        }
    }
}

impl<'t> EventReceiver for Reader<'t> {
    fn std_table_open(&mut self, _: Span, _: &mut dyn ErrorSink) {
        self.header = Some((Vec::new(), false));
    }

    fn array_table_open(&mut self, _: Span, _: &mut dyn ErrorSink) {
        self.header = Some((Vec::new(), true));
    }

    fn std_table_close(&mut self, _: Span, _: &mut dyn ErrorSink) {
        self.array_table_close(Span::default(), &mut ());
    }

    fn array_table_close(&mut self, _: Span, _: &mut dyn ErrorSink) {
        if let Some((keys, array)) = self.header.take() {
            self.stack.clear();
            self.base = (keys.len() <= DEEPEST).then_some(keys);
            if array {
                let base = self.base.take();
                self.element(base.as_ref());
                self.base = base;
            }
        }
    }

    fn simple_key(&mut self, span: Span, encoding: Option<Encoding>, error: &mut dyn ErrorSink) {
        let raw = self.raw(span, encoding);
        // A bare key is its own text (the parser has checked its characters).
        let key = match encoding {
            None => Cow::Borrowed(raw.as_str()),
            Some(_) => {
                let mut key = Cow::Borrowed("");
                raw.decode_key(&mut key, error);
                key
            }
        };
        match &mut self.header {
            Some((keys, _)) => keys.push(key),
            None => self.keys.push(key),
        }
    }

    fn key_val_sep(&mut self, _: Span, _: &mut dyn ErrorSink) {
        let keys = std::mem::take(&mut self.keys);
        self.value = self
            .container()
            .filter(|c| c.len() + keys.len() <= DEEPEST)
            .map(|c| c.iter().cloned().chain(keys).collect());
    }

    fn scalar(&mut self, span: Span, encoding: Option<Encoding>, error: &mut dyn ErrorSink) {
        if self.in_array() {
            return;
        }
        let Some(path) = self.value.take() else {
            return;
        };
        let raw = self.raw(span, encoding);
        if let Some(slot) = self.slot(&path) {
            let mut value = String::new();
            let kind = raw.decode_scalar(&mut value, error);
            *slot = (kind == toml_parser::decoder::ScalarKind::String).then_some(value);
        }
    }

    fn inline_table_open(&mut self, _: Span, _: &mut dyn ErrorSink) -> bool {
        let path = if self.in_array() {
            let path = self.container().cloned();
            self.element(path.as_ref());
            path
        } else {
            self.value.take()
        };
        self.stack.push(Frame { path, array: false });
        true
    }

    fn inline_table_close(&mut self, _: Span, _: &mut dyn ErrorSink) {
        self.stack.pop();
    }

    fn array_open(&mut self, _: Span, _: &mut dyn ErrorSink) -> bool {
        // An array in an array: nothing of a ledger's head is in there.
        let path = if self.in_array() {
            None
        } else {
            self.value.take()
        };
        self.stack.push(Frame { path, array: true });
        true
    }

    fn array_close(&mut self, _: Span, _: &mut dyn ErrorSink) {
        self.stack.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::{PlainHead, head, head_by_events};
    use crate::tomlx::plain::{self, Decode};

    /// Where the plain reader answers, it reads the head the event parser does.
    fn same_head(text: &str) -> bool {
        // From the top alone: what the whole says, where the whole is TOML.
        if let (Some(alone), Some(whole)) = (super::head_alone(text), head_by_events(text)) {
            assert_eq!(alone, whole, "{text}");
        }
        let mut p = PlainHead::default();
        if plain::walk(text, &mut p, Decode::Wanted).is_err() {
            return false;
        }
        assert_eq!(Some(p.0), head_by_events(text), "{text}");
        true
    }

    #[test]
    fn the_plain_way_reads_the_head_the_event_parser_does() {
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
        assert_eq!(
            h.changes,
            vec![
                (Some("B".to_string()), None),
                (None, Some("K-2".to_string()))
            ]
        );
        let h = head(
            "\"uid\" = \"u2\"\n[trainee]\nname = \"N\"\n[[entry]]\nname = 'x'\n[[trainee_change]]\nname = 'M'\n[[trainee_change]]\n\"id\" = 'I'\n",
        )
        .expect("reads");
        assert_eq!(h.uid.as_deref(), Some("u2"));
        assert_eq!(h.name.as_deref(), Some("N"));
        assert_eq!(h.changes.len(), 2);
        assert_eq!(h.changes[1].1.as_deref(), Some("I"));
        assert!(head("name = [\n").is_none());
    }
}
