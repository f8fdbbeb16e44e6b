//! A TOML document read as a stream: `toml_parser`'s lexer and event parser,
//! the rules of TOML that need more than one event (a key defined twice, a
//! table defined twice, a dotted key extending what it may not), and every
//! value handed to a [`Sink`] with its full path, as it is met. No tree of the
//! document is built: what stays in memory is the shape of the tables that can
//! still be extended (the last element of each array of tables, not the ones
//! before it) and a window of tokens.
//!
//! It accepts and refuses what the `toml` crate's tree parser does (the same
//! lexer and parser underneath; the table rules here follow `toml`'s
//! `de::parser`), and its first error is the one `toml` reports, with one
//! exception noted at [`walk`]. tests/toml_conformance.rs holds it to that on
//! the toml-test corpus.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use toml::value::Datetime;
use toml_parser::decoder::{Encoding, ScalarKind};
use toml_parser::lexer::{Token, TokenKind};
use toml_parser::parser::{EventReceiver, RecursionGuard, ValidateWhitespace};
use toml_parser::{ErrorSink, ParseError, Raw, Span};

/// How deep values may nest and how many parts a key may have, as in `toml`.
const LIMIT: u32 = 80;

/// How many tokens are parsed at a time (a window ends at a line break outside
/// any value, so the parser sees whole expressions).
const WINDOW: usize = 4096;

/// At most this many tokens make one expression (a key and its value, to the
/// line break after it): the parser needs all of them at once, at 24 bytes
/// each. A value that goes on over more lines than a ledger's (an array of
/// some 10 000 inline tables, or millions of dotted keys) is refused with
/// [`TOO_LONG`] rather than held: 6 MiB of tokens, where a file of the legal
/// maximum size could make 384 MiB.
pub const MAX_TOKENS: usize = 1 << 18;

/// At most about this many keys are held in the document's tables at once, for
/// TOML's rules (a key once per table): a ledger holds a few dozen (its
/// records have about 30 keys, and the records before the last of each kind
/// hold none). A document with more, which no ledger is, is refused with
/// [`TOO_MANY_KEYS`] rather than held: a table of 1.9 million keys took
/// 283 MiB. They are counted each time this many have been added, so at most
/// twice this many are ever held.
pub const MAX_KEYS: usize = 8_192;

/// The description of the error for an expression over [`MAX_TOKENS`].
pub const TOO_LONG: &str = "expression too long";

/// The description of the error for a document over [`MAX_KEYS`].
pub const TOO_MANY_KEYS: &str = "too many keys";

/// One part of a path: a key and the byte offset where it is written, or the
/// index of an element of an array.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg<'i> {
    Key(Cow<'i, str>, usize),
    Index(usize),
}

impl Seg<'_> {
    /// The key, if the part is one.
    pub fn key(&self) -> Option<&str> {
        match self {
            Seg::Key(k, _) => Some(k),
            Seg::Index(_) => None,
        }
    }
}

/// A value as the stream meets it, with its span: a scalar, or the place where a
/// table or an array begins (its contents follow as nodes of their own).
#[derive(Clone, Debug)]
pub struct Node<'i> {
    pub span: Range<usize>,
    pub kind: Kind<'i>,
}

#[derive(Clone, Debug)]
pub enum Kind<'i> {
    String(Cow<'i, str>),
    /// The digits (without a radix prefix) and the radix.
    Integer(Cow<'i, str>, u32),
    Float(Cow<'i, str>),
    Boolean(bool),
    Datetime(Datetime),
    Array,
    Table,
}

/// What a document is read into.
pub trait Sink<'i> {
    /// A value at `path`, in the order of the file. A table defined by a header
    /// after tables below it were (`[a.b]` then `[a]`) is met twice: where it was
    /// implied, then at its header.
    fn node(&mut self, path: &[Seg<'i>], node: Node<'i>);

    /// Whether the scalar at `path` is wanted. A sink that looks at a few keys
    /// says no to the others, and [`super::plain::walk`] with
    /// [`super::plain::Decode::Wanted`] then neither decodes nor hands them on.
    fn wants(&self, path: &[Seg<'i>]) -> bool {
        let _ = path;
        true
    }

    /// The fields of the table at `path`, whose header [`super::plain::walk`]
    /// has just handed on, read by the sink itself from `at` in `text` (the
    /// line after the header) with [`super::plain::body`]: where the next
    /// header starts, or `None` to have them handed on one by one (a sink
    /// that says `None` must have kept nothing of them).
    fn body(&mut self, path: &[Seg<'i>], text: &'i str, at: usize) -> Option<usize> {
        let _ = (path, text, at);
        None
    }
}

/// Reads `text` into `sink`. The error is the first `toml` would report: a
/// syntax error first, else the first error of the document's meaning (a key
/// twice, a bad escape, an impossible date), in `toml`'s order (a `[[x]]`
/// whose `x` is not an array of tables is reported after the table's contents).
pub fn walk<'i>(text: &'i str, sink: &mut dyn Sink<'i>) -> Result<(), ParseError> {
    let source = toml_parser::Source::new(text);
    let mut walker = Walker {
        text,
        sink,
        root: Table::default(),
        section: Vec::new(),
        header: None,
        keys: Vec::new(),
        value_keys: Vec::new(),
        pending: false,
        segs: Vec::new(),
        frames: Vec::new(),
        path: Vec::new(),
        error: None,
        aside: None,
        added: 0,
    };
    let mut syntax: Option<ParseError> = None;
    let mut window: Vec<Token> = Vec::with_capacity(WINDOW + 64);
    let mut depth: i64 = 0;
    let mut last_break = None;
    for token in source.lex() {
        match token.kind() {
            TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => depth += 1,
            TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => depth -= 1,
            _ => {}
        }
        window.push(token);
        if token.kind() == TokenKind::Newline && depth <= 0 {
            depth = 0;
            last_break = Some(window.len());
        }
        if window.len() >= WINDOW {
            if let Some(end) = last_break.take() {
                parse_window(&window[..end], source, &mut walker, &mut syntax);
                window.drain(..end);
            } else if window.len() >= MAX_TOKENS {
                return Err(too_long(&window, source, &mut walker, syntax));
            }
        }
    }
    parse_window(&window, source, &mut walker, &mut syntax);
    walker.end_section();
    match syntax.or(walker.error) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// The error for a `window` of [`MAX_TOKENS`] that no line break outside a
/// value ends: a syntax error before its last token, which the parser meets
/// in what is there as it would in the whole (a value nested too deep, say);
/// else [`TOO_LONG`], at the window's start. (What the walker makes of the
/// window is not said: a syntax error after it, unread, would come first.)
fn too_long<'i>(
    window: &[Token],
    source: toml_parser::Source<'i>,
    walker: &mut Walker<'i, '_>,
    mut syntax: Option<ParseError>,
) -> ParseError {
    let last = window.last().map_or(0, |t| t.span().start());
    parse_window(window, source, walker, &mut syntax);
    match syntax {
        Some(e) if e.unexpected().is_none_or(|s| s.start() < last) => e,
        _ => {
            let at = window.first().map_or(0, |t| t.span().start());
            ParseError::new(TOO_LONG).with_unexpected(Span::new_unchecked(at, at))
        }
    }
}

fn parse_window<'i>(
    tokens: &[Token],
    source: toml_parser::Source<'i>,
    walker: &mut Walker<'i, '_>,
    syntax: &mut Option<ParseError>,
) {
    let mut ws = ValidateWhitespace::new(walker, source);
    let mut guarded = RecursionGuard::new(&mut ws, LIMIT);
    toml_parser::parser::parse_document(tokens, &mut guarded, syntax);
}

/// A scalar's value: decoded (escapes, radix, date), or the error `toml` gives.
pub(super) fn scalar<'i>(
    text: &'i str,
    span: Span,
    encoding: Option<Encoding>,
) -> Result<Kind<'i>, ParseError> {
    let raw = Raw::new_unchecked(&text[span.start()..span.end()], encoding, span);
    let mut decoded = Cow::Borrowed("");
    let mut err: Option<ParseError> = None;
    let kind = raw.decode_scalar(&mut decoded, &mut err);
    if let Some(e) = err {
        return Err(e);
    }
    Ok(match kind {
        ScalarKind::String => Kind::String(decoded),
        ScalarKind::Boolean(b) => Kind::Boolean(b),
        ScalarKind::DateTime => match decoded.parse::<Datetime>() {
            Ok(d) => Kind::Datetime(d),
            Err(e) => return Err(ParseError::new(e.to_string()).with_unexpected(span)),
        },
        ScalarKind::Float => Kind::Float(decoded),
        ScalarKind::Integer(radix) => Kind::Integer(decoded, radix.value()),
    })
}

/// The shape of what a key holds: enough to apply TOML's rules about defining
/// tables, nothing of the values.
enum Shape<'i> {
    Table(Table<'i>),
    /// An array of tables (`[[x]]`): only its last element can still be extended.
    Tables {
        last: Table<'i>,
        count: usize,
    },
    /// A value, by its type's name.
    Value(&'static str),
}

#[derive(Default)]
struct Table<'i> {
    keys: Vec<(Cow<'i, str>, usize, Shape<'i>)>,
    /// Key → position in `keys`, once a table has many keys.
    index: HashMap<Cow<'i, str>, usize>,
    implicit: bool,
    dotted: bool,
    inline: bool,
}

/// Below this many keys, a table is searched by comparing keys.
const INDEXED: usize = 16;

impl<'i> Table<'i> {
    fn find(&self, key: &str) -> Option<usize> {
        if self.keys.len() < INDEXED {
            self.keys.iter().position(|(k, _, _)| k == key)
        } else {
            self.index.get(key).copied()
        }
    }

    fn insert(&mut self, key: Cow<'i, str>, at: usize, shape: Shape<'i>) -> usize {
        let i = self.keys.len();
        self.keys.push((key, at, shape));
        if self.keys.len() == INDEXED {
            self.index = (self.keys.iter().enumerate())
                .map(|(i, (k, _, _))| (k.clone(), i))
                .collect();
        } else if self.keys.len() > INDEXED {
            self.index.insert(self.keys[i].0.clone(), i);
        }
        i
    }

    /// Empty and explicit, keeping its memory for the next element.
    fn clear(&mut self) {
        self.keys.clear();
        self.index.clear();
        self.implicit = false;
        self.dotted = false;
        self.inline = false;
    }

    fn implicit(dotted: bool, inline: bool) -> Table<'i> {
        Table {
            implicit: true,
            dotted,
            inline,
            ..Table::default()
        }
    }
}

/// How a path is followed: by a table header, a dotted key of the document, or
/// a dotted key inside an inline table.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Header,
    Dotted,
    Inline,
}

fn duplicate(at: usize, old: Option<usize>) -> ParseError {
    let e = ParseError::new("duplicate key").with_unexpected(Span::new_unchecked(at, at));
    match old {
        Some(o) => e.with_context(Span::new_unchecked(o, o)),
        None => e,
    }
}

fn cannot_extend(what: &str, at: usize) -> ParseError {
    ParseError::new(format!(
        "cannot extend value of type {what} with a dotted key"
    ))
    .with_unexpected(Span::new_unchecked(at, at))
}

type Key<'i> = (Cow<'i, str>, usize);

/// Follows `path` down from `table` as `toml` does, creating implicit tables;
/// pushes the path's parts onto `segs`, each with whether it created a table.
fn descend<'t, 'i>(
    mut table: &'t mut Table<'i>,
    path: &[Key<'i>],
    mode: Mode,
    segs: &mut Vec<(Seg<'i>, bool)>,
) -> Result<&'t mut Table<'i>, ParseError> {
    for (key, at) in path {
        let i = match table.find(key) {
            Some(i) => i,
            None => {
                let t = Table::implicit(mode != Mode::Header, mode == Mode::Inline);
                segs.push((Seg::Key(key.clone(), *at), true));
                let i = table.insert(key.clone(), *at, Shape::Table(t));
                let Shape::Table(t) = &mut table.keys[i].2 else {
                    unreachable!("inserted a table")
                };
                table = t;
                continue;
            }
        };
        segs.push((Seg::Key(key.clone(), *at), false));
        table = match &mut table.keys[i].2 {
            Shape::Tables { last, count } if mode != Mode::Inline => {
                segs.push((Seg::Index(*count - 1), false));
                last
            }
            Shape::Tables { .. } => return Err(cannot_extend("array", *at)),
            Shape::Table(t) => {
                if t.inline && mode != Mode::Inline {
                    return Err(cannot_extend("inline table", *at));
                }
                if mode != Mode::Header && t.implicit {
                    t.dotted = true;
                }
                if mode != Mode::Header && !t.implicit {
                    return Err(duplicate(*at, None));
                }
                t
            }
            Shape::Value(what) => return Err(cannot_extend(what, *at)),
        };
    }
    Ok(table)
}

/// An inline table or an array being read.
struct Frame<'i> {
    /// The keys an inline table has so far; `None` for an array.
    table: Option<Table<'i>>,
    /// The index of an array's next element.
    next: usize,
    /// The length of the path to go back to once it closes.
    restore: usize,
}

struct Walker<'i, 's> {
    text: &'i str,
    sink: &'s mut dyn Sink<'i>,
    root: Table<'i>,
    /// The keys of the table the current section fills (`[a.b]`: a, b).
    section: Vec<Cow<'i, str>>,
    /// A table header being read: its keys, whether it is `[[…]]`, where it starts.
    header: Option<(Vec<Key<'i>>, bool, usize)>,
    /// The keys of the key-value being read.
    keys: Vec<Key<'i>>,
    /// The keys of a key-value whose `=` was read, until its value comes.
    value_keys: Vec<Key<'i>>,
    /// Whether `value_keys` wait for their value.
    pending: bool,
    /// A buffer for the parts of a path being defined.
    segs: Vec<(Seg<'i>, bool)>,
    frames: Vec<Frame<'i>>,
    /// Where the stream is: the path of the current container.
    path: Vec<Seg<'i>>,
    /// The first error of the document's meaning; reading stops at it.
    error: Option<ParseError>,
    /// A section whose `[[x]]` cannot be: its keys are checked in a table of
    /// their own, and the error is reported at the section's end, as `toml` does.
    aside: Option<(Table<'i>, ParseError)>,
    /// Keys added to the tables since they were last counted ([`MAX_KEYS`]).
    added: usize,
}

/// The keys `table` and the tables in it hold.
fn held(table: &Table<'_>) -> usize {
    let inner = table.keys.iter().map(|(_, _, shape)| match shape {
        Shape::Table(t) | Shape::Tables { last: t, .. } => held(t),
        Shape::Value(_) => 0,
    });
    table.keys.len() + inner.sum::<usize>()
}

fn type_of(kind: &Kind<'_>) -> &'static str {
    match kind {
        Kind::String(_) => "string",
        Kind::Integer(..) => "integer",
        Kind::Float(_) => "float",
        Kind::Boolean(_) => "boolean",
        Kind::Datetime(_) => "datetime",
        Kind::Array => "array",
        Kind::Table => "table",
    }
}

impl<'i> Walker<'i, '_> {
    fn fail(&mut self, e: ParseError) {
        self.error.get_or_insert(e);
    }

    /// The end of a section (a header, or the end of the text).
    fn end_section(&mut self) {
        if let Some((_, e)) = self.aside.take() {
            self.fail(e);
        }
    }

    fn raw(&self, span: Span, encoding: Option<Encoding>) -> Raw<'i> {
        Raw::new_unchecked(&self.text[span.start()..span.end()], encoding, span)
    }

    /// Goes down `segs`, telling the sink of the tables they created.
    fn push_segs(&mut self, segs: impl IntoIterator<Item = (Seg<'i>, bool)>) {
        if self.aside.is_some() {
            return;
        }
        for (seg, created) in segs {
            let at = match (&seg, created) {
                (Seg::Key(_, at), true) => Some(*at),
                _ => None,
            };
            self.path.push(seg);
            if let Some(at) = at {
                let node = Node {
                    span: at..at,
                    kind: Kind::Table,
                };
                self.sink.node(&self.path, node);
            }
        }
    }

    /// Goes down `segs`, then tells the sink of `node` at their end.
    fn emit(&mut self, segs: impl IntoIterator<Item = (Seg<'i>, bool)>, node: Node<'i>) {
        if self.aside.is_some() {
            return;
        }
        self.push_segs(segs);
        self.sink.node(&self.path, node);
    }

    /// A table header read to its end: the section it opens.
    fn open_section(&mut self, keys: Vec<Key<'i>>, array: bool, at: usize) {
        let Some(((last, last_at), parents)) = keys.split_last() else {
            return;
        };
        if parents.len() >= LIMIT as usize {
            return self.fail(ParseError::new("recursion limit"));
        }
        let mut segs = Vec::new();
        if let Err(e) = self.count_keys(1 + parents.len(), at) {
            return self.fail(e);
        }
        let parent = match descend(&mut self.root, parents, Mode::Header, &mut segs) {
            Ok(p) => p,
            Err(e) => return self.fail(e),
        };
        // For `[[…]]`: the element's index, and whether the array is new.
        let element = match parent.find(last) {
            None if array => {
                let shape = Shape::Tables {
                    last: Table::default(),
                    count: 1,
                };
                parent.insert(last.clone(), *last_at, shape);
                Some((0, true))
            }
            None => {
                parent.insert(last.clone(), *last_at, Shape::Table(Table::default()));
                None
            }
            Some(i) => {
                let old_at = parent.keys[i].1;
                match (&mut parent.keys[i].2, array) {
                    (Shape::Table(t), false) if t.implicit && !t.dotted => {
                        t.implicit = false;
                        None
                    }
                    (Shape::Tables { last, count }, true) => {
                        // The element before can no longer be extended.
                        last.clear();
                        *count += 1;
                        Some((*count - 1, false))
                    }
                    (_, true) => {
                        let e = duplicate(*last_at, Some(old_at));
                        self.aside = Some((Table::default(), e));
                        return;
                    }
                    _ => return self.fail(duplicate(*last_at, Some(old_at))),
                }
            }
        };
        self.path.clear();
        self.push_segs(segs);
        self.path.push(Seg::Key(last.clone(), *last_at));
        let node = |kind| Node { span: at..at, kind };
        if let Some((index, new)) = element {
            if new {
                self.sink.node(&self.path, node(Kind::Array));
            }
            self.path.push(Seg::Index(index));
        }
        self.sink.node(&self.path, node(Kind::Table));
        self.section = keys.into_iter().map(|(k, _)| k).collect();
    }

    /// The table the current section fills.
    fn section_table(&mut self) -> Option<&mut Table<'i>> {
        if let Some((t, _)) = &mut self.aside {
            return Some(t);
        }
        let mut table = &mut self.root;
        for key in &self.section {
            let i = table.find(key)?;
            table = match &mut table.keys[i].2 {
                Shape::Table(t) => t,
                Shape::Tables { last, .. } => last,
                Shape::Value(_) => return None,
            };
        }
        Some(table)
    }

    /// Places a value: under the keys of its key-value, or as the next element
    /// of the array being read. Returns the length of the path to go back to
    /// after it, or `None` when it has no place (after a syntax error).
    fn place(&mut self, node: Node<'i>) -> Option<usize> {
        let restore = self.path.len();
        if self.pending {
            self.pending = false;
            let shape = match node.kind {
                Kind::Table => Shape::Table(Table {
                    inline: true,
                    ..Table::default()
                }),
                ref kind => Shape::Value(type_of(kind)),
            };
            let keys = std::mem::take(&mut self.value_keys);
            let mut segs = std::mem::take(&mut self.segs);
            let done = self.assign(&keys, shape, &mut segs);
            self.value_keys = keys;
            match done {
                Ok(()) => self.emit(segs.drain(..), node),
                Err(e) => {
                    self.fail(e);
                    return None;
                }
            }
            self.segs = segs;
            return Some(restore);
        }
        let frame = self.frames.last_mut()?;
        if frame.table.is_some() {
            return None;
        }
        let index = frame.next;
        frame.next += 1;
        self.emit(std::iter::once((Seg::Index(index), false)), node);
        Some(restore)
    }

    /// Defines `keys` (a key, or a dotted key) in the container being read.
    fn assign(
        &mut self,
        keys: &[Key<'i>],
        shape: Shape<'i>,
        segs: &mut Vec<(Seg<'i>, bool)>,
    ) -> Result<(), ParseError> {
        segs.clear();
        let Some(((last, last_at), parents)) = keys.split_last() else {
            return Ok(());
        };
        if parents.len() >= LIMIT as usize {
            return Err(ParseError::new("recursion limit"));
        }
        self.count_keys(keys.len(), *last_at)?;
        let inline = matches!(self.frames.last(), Some(f) if f.table.is_some());
        let container = if inline {
            self.frames.last_mut().and_then(|f| f.table.as_mut())
        } else {
            self.section_table()
        };
        let Some(container) = container else {
            return Ok(());
        };
        let mode = if inline { Mode::Inline } else { Mode::Dotted };
        let table = descend(container, parents, mode, segs)?;
        let dotted = !parents.is_empty();
        let mixed = if inline {
            table.dotted != dotted
        } else {
            dotted && !table.implicit
        };
        if mixed {
            return Err(duplicate(*last_at, None));
        }
        if let Some(i) = table.find(last) {
            return Err(duplicate(*last_at, Some(table.keys[i].1)));
        }
        table.insert(last.clone(), *last_at, shape);
        segs.push((Seg::Key(last.clone(), *last_at), false));
        Ok(())
    }

    /// Notes `n` keys about to be added (at most: some may be there already),
    /// and counts the keys held once [`MAX_KEYS`] have been added since the
    /// last count: [`TOO_MANY_KEYS`] past [`MAX_KEYS`] held.
    fn count_keys(&mut self, n: usize, at: usize) -> Result<(), ParseError> {
        self.added += n;
        if self.added < MAX_KEYS {
            return Ok(());
        }
        self.added = 0;
        let frames = self.frames.iter().filter_map(|f| f.table.as_ref());
        let aside = self.aside.iter().map(|(t, _)| t);
        let held = held(&self.root) + frames.chain(aside).map(held).sum::<usize>();
        if held <= MAX_KEYS {
            return Ok(());
        }
        let at = Span::new_unchecked(at, at);
        Err(ParseError::new(TOO_MANY_KEYS).with_unexpected(at))
    }

    fn open(&mut self, span: Span, table: bool) {
        if self.error.is_some() {
            return;
        }
        let node = Node {
            span: span.start()..span.end(),
            kind: if table { Kind::Table } else { Kind::Array },
        };
        let restore = match self.place(node) {
            Some(r) => r,
            // A container without a place: its contents have none either.
            None => self.path.len(),
        };
        let table = table.then(|| Table {
            inline: true,
            ..Table::default()
        });
        self.frames.push(Frame {
            table,
            next: 0,
            restore,
        });
    }

    fn close(&mut self) {
        if let Some(f) = self.frames.pop() {
            self.path.truncate(f.restore);
        }
    }
}

impl<'i> EventReceiver for Walker<'i, '_> {
    fn std_table_open(&mut self, span: Span, _: &mut dyn ErrorSink) {
        self.end_section();
        self.header = Some((Vec::new(), false, span.start()));
    }

    fn array_table_open(&mut self, span: Span, _: &mut dyn ErrorSink) {
        self.end_section();
        self.header = Some((Vec::new(), true, span.start()));
    }

    fn std_table_close(&mut self, _: Span, _: &mut dyn ErrorSink) {
        if let Some((keys, array, at)) = self.header.take()
            && self.error.is_none()
        {
            self.frames.clear();
            self.pending = false;
            self.open_section(keys, array, at);
        }
    }

    fn array_table_close(&mut self, span: Span, error: &mut dyn ErrorSink) {
        self.std_table_close(span, error);
    }

    fn simple_key(&mut self, span: Span, encoding: Option<Encoding>, _: &mut dyn ErrorSink) {
        if self.error.is_some() {
            return;
        }
        let raw = self.raw(span, encoding);
        // Bare keys too: the decoder is what refuses an empty or invalid one.
        let mut key = Cow::Borrowed("");
        let mut err: Option<ParseError> = None;
        raw.decode_key(&mut key, &mut err);
        if let Some(e) = err {
            return self.fail(e);
        }
        match &mut self.header {
            Some((keys, _, _)) => keys.push((key, span.start())),
            None => self.keys.push((key, span.start())),
        }
    }

    fn key_val_sep(&mut self, _: Span, _: &mut dyn ErrorSink) {
        self.value_keys.clear();
        std::mem::swap(&mut self.keys, &mut self.value_keys);
        self.pending = true;
    }

    fn scalar(&mut self, span: Span, encoding: Option<Encoding>, _: &mut dyn ErrorSink) {
        if self.error.is_some() {
            return;
        }
        let kind = match scalar(self.text, span, encoding) {
            Ok(kind) => kind,
            Err(e) => return self.fail(e),
        };
        let node = Node {
            span: span.start()..span.end(),
            kind,
        };
        if let Some(restore) = self.place(node) {
            self.path.truncate(restore);
        }
    }

    fn inline_table_open(&mut self, span: Span, _: &mut dyn ErrorSink) -> bool {
        self.open(span, true);
        true
    }

    fn inline_table_close(&mut self, _: Span, _: &mut dyn ErrorSink) {
        self.pending = false;
        self.keys.clear();
        self.close();
    }

    fn array_open(&mut self, span: Span, _: &mut dyn ErrorSink) -> bool {
        self.open(span, false);
        true
    }

    fn array_close(&mut self, _: Span, _: &mut dyn ErrorSink) {
        self.close();
    }

    fn value_sep(&mut self, _: Span, _: &mut dyn ErrorSink) {
        self.pending = false;
        self.keys.clear();
    }

    fn newline(&mut self, _: Span, _: &mut dyn ErrorSink) {
        if self.frames.is_empty() {
            self.pending = false;
            self.keys.clear();
        }
    }
}
