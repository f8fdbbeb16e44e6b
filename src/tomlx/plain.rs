//! The fast way through a TOML document in the plain layout every ledger is
//! written in: the text's bytes read straight into a [`Sink`], without
//! `toml_parser`'s lexer and event parser and without the shapes of tables
//! [`stream::walk`] keeps.
//!
//! The plain layout: lines of `key = value` with a bare key; table headers
//! `[name]` and `[[name]]` of one bare key, each name once (an array of tables
//! may repeat); values that are a string on one line, a bare scalar (letters,
//! digits, `_` and `-`: a whole number, a date, `true`), an inline table of
//! such or an array of such on one line; comments and blank lines anywhere
//! between. In that layout TOML's rules that need more than one token are few:
//! a key once per table, a header once. Everything else (dotted or quoted keys,
//! nested headers, values over several lines, nested containers, floats and
//! times, a control character anywhere, any error at all) is [`Unsure`]: the
//! caller reads the text again with [`stream::walk`], which knows all of TOML
//! and words every error.
//!
//! Each piece ends where `toml_parser`'s lexer ends the token (a bare scalar
//! is only accepted when a character that ends an atom follows it), and a
//! value that needs decoding (a number that is not plain digits, a string
//! with escapes) goes through the decoder [`stream::walk`] uses. So what it
//! hands the sink is what [`stream::walk`] hands it for the same text, node
//! for node (tests below and tests/plain_reader.rs hold it to that), and a
//! reader of the stream reads a plain text the same either way.

use std::borrow::Cow;

use toml::value::{Date, Datetime};
use toml_parser::Span;
use toml_parser::decoder::Encoding;

use super::stream::{self, Kind, Node, Seg, Sink};

/// The text is not in the plain layout, or not valid TOML: read it with
/// [`stream::walk`].
#[derive(Debug, PartialEq, Eq)]
pub struct Unsure;

/// Whether scalars are decoded: always for a reader of the values; only where
/// the sink asks for ([`Sink::wants`]) for one that looks at a few keys and
/// needs the text to be valid TOML syntax only.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Decode {
    All,
    Wanted,
}

/// At most this many keys in one table (a ledger's records have about 30):
/// keys are compared one by one, so a table with more is left to
/// [`stream::walk`], which indexes them, and no text costs the square of its
/// size.
const KEYS: usize = 64;

/// The letters of a bare key, by byte: ASCII letters and digits, `_` and `-`.
/// A bare scalar is read from the same letters.
static BARE: [bool; 256] = {
    let mut bare = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        bare[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
        b += 1;
    }
    bare
};

/// Past what may end a line from `at`: spaces and tabs, a comment, a line
/// break (`\n` or `\r\n`) or the end of the text.
fn end_of_line(bytes: &[u8], at: usize) -> Result<usize, Unsure> {
    let mut at = run_of(bytes, at, space);
    if bytes.get(at) == Some(&b'#') {
        // A comment runs to the line break, and holds printable letters only.
        let rest = &bytes[at + 1..];
        let len = memchr::memchr2(b'\r', b'\n', rest).unwrap_or(rest.len());
        if !rest[..len].iter().all(|&b| PRINTABLE[usize::from(b)]) {
            return Err(Unsure);
        }
        at += 1 + len;
    }
    match bytes.get(at) {
        None => Ok(at),
        Some(b'\n') => Ok(at + 1),
        Some(b'\r') if bytes.get(at + 1) == Some(&b'\n') => Ok(at + 2),
        _ => Err(Unsure),
    }
}

/// A scalar from its first byte at `at`: where it ends, its string encoding
/// (`None` for a bare one), and whether it is plain (a string without
/// escapes). A bare scalar must be followed by what ends an atom.
fn scan_scalar(bytes: &[u8], at: usize) -> Result<(usize, Option<Encoding>, bool), Unsure> {
    match bytes.get(at) {
        Some(b'"') => {
            let (end, plain) = basic_string(bytes, at)?;
            Ok((end, Some(Encoding::BasicString), plain))
        }
        Some(b'\'') => Ok((
            literal_string(bytes, at)?,
            Some(Encoding::LiteralString),
            true,
        )),
        _ => {
            let end = run_of(bytes, at, |b| BARE[usize::from(b)]);
            if end == at || !ends_atom(bytes.get(end).copied()) {
                return Err(Unsure);
            }
            Ok((end, None, true))
        }
    }
}

/// The value of the scalar `text[span]` as [`scan_scalar`] found it.
fn decode_scalar<'i>(
    text: &'i str,
    span: std::ops::Range<usize>,
    (encoding, plain): (Option<Encoding>, bool),
) -> Result<Kind<'i>, Unsure> {
    let raw = &text[span.clone()];
    let simple = match encoding {
        // The quotes off: a string without escapes is its text.
        Some(_) if plain => Some(Kind::String(Cow::Borrowed(&raw[1..raw.len() - 1]))),
        Some(_) => None,
        None => simple(raw),
    };
    match simple {
        Some(kind) => Ok(kind),
        None => {
            let span = Span::new_unchecked(span.start, span.end);
            stream::scalar(text, span, encoding).map_err(|_| Unsure)
        }
    }
}

/// `"…"` on one line, from its quote at `at`: past its closing quote, and
/// whether it has no escape. A control character in it is not plain, nor is
/// a string of three quotes (over several lines).
fn basic_string(bytes: &[u8], at: usize) -> Result<(usize, bool), Unsure> {
    if bytes[at..].starts_with(b"\"\"\"") {
        return Err(Unsure);
    }
    let mut plain = true;
    let mut i = plain_run(bytes, at + 1, b'"', b'\\');
    loop {
        match *bytes.get(i).ok_or(Unsure)? {
            b'"' => break,
            // The escaped letter is skipped (`\"` does not end the
            // string), and the decoder judges the escape.
            b'\\' => {
                plain = false;
                let escaped = *bytes.get(i + 1).ok_or(Unsure)?;
                if !PRINTABLE[usize::from(escaped)] {
                    return Err(Unsure);
                }
                i += 2;
            }
            b if PRINTABLE[usize::from(b)] => i += 1,
            _ => return Err(Unsure),
        }
    }
    Ok((i + 1, plain))
}

/// `'…'` on one line, from its quote at `at`, to past its closing quote. It
/// has no escapes: always plain.
fn literal_string(bytes: &[u8], at: usize) -> Result<usize, Unsure> {
    if bytes[at..].starts_with(b"'''") {
        return Err(Unsure);
    }
    let mut i = plain_run(bytes, at + 1, b'\'', 0);
    loop {
        match *bytes.get(i).ok_or(Unsure)? {
            b'\'' => break,
            b if PRINTABLE[usize::from(b)] => i += 1,
            _ => return Err(Unsure),
        }
    }
    Ok(i + 1)
}

/// What a comment and a string may hold, by byte: the tab, printable ASCII
/// and any letter beyond ASCII (TOML's `non-eol`; the text is UTF-8 already).
static PRINTABLE: [bool; 256] = {
    let mut printable = [false; 256];
    let mut b = 0;
    while b < 256 {
        printable[b] = b == 0x09 || (b >= 0x20 && b != 0x7f);
        b += 1;
    }
    printable
};

/// A space or a tab: what may stand between the parts of a line.
fn space(b: u8) -> bool {
    matches!(b, b' ' | b'\t')
}

/// Where the run of bytes from `at` that are `of` ends (counted in a local,
/// not in the reader's place, which would be stored at every byte).
fn run_of(bytes: &[u8], mut at: usize, of: impl Fn(u8) -> bool) -> usize {
    while bytes.get(at).is_some_and(|&b| of(b)) {
        at += 1;
    }
    at
}

/// Where the run of letters from `at` that a one-line string may hold as
/// they are ends: the first byte from `at` that is `quote`, a backslash (for
/// a basic string; 0 for none), a control character or DEL, or the end.
/// Eight bytes at a time (a string of a ledger is mostly such letters), each
/// byte tested without a branch: a byte of a multi-byte letter (0x80 and
/// above) is never one of them. The rest is the caller's, a byte at a time.
fn plain_run(bytes: &[u8], mut at: usize, quote: u8, backslash: u8) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The bytes of `x` that are zero, as their high bit; exact for the first
    // such byte (a borrow can mark only bytes after it).
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    while let Some(word) = bytes.get(at..at + 8) {
        let x = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        let control = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        let stop = control
            | zero(x ^ (ONES * u64::from(quote)))
            | zero(x ^ (ONES * u64::from(backslash)))
            | zero(x ^ (ONES * 0x7f));
        if stop != 0 {
            return at + (stop.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    at
}

/// What a scalar's token may be followed by: whitespace, a line break, a
/// comment, or the end of the container it is in. `toml_parser`'s lexer ends
/// an atom at each of these (and at `.`, `=`, `[` and `{`, which no plain
/// value is followed by).
fn ends_atom(b: Option<u8>) -> bool {
    matches!(
        b,
        None | Some(b' ' | b'\t' | b'\r' | b'\n' | b'#' | b',' | b']' | b'}')
    )
}

/// Whether two keys are the same, their lengths and first letters compared
/// first (the keys of a table mostly differ there), then a key of up to 16
/// bytes as two words that may overlap, without a call to compare bytes: a
/// key is found in the loader's field tables by it for every value of a ledger.
pub fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() || a.first() != b.first() {
        return false;
    }
    let n = a.len();
    let word4 =
        |s: &[u8], at: usize| u32::from_ne_bytes(s[at..at + 4].try_into().expect("four bytes"));
    let word8 =
        |s: &[u8], at: usize| u64::from_ne_bytes(s[at..at + 8].try_into().expect("eight bytes"));
    match n {
        // The first (equal), middle and last letters: all of a key this short.
        0..=3 => n == 0 || (a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]),
        4..=7 => word4(a, 0) == word4(b, 0) && word4(a, n - 4) == word4(b, n - 4),
        8..=16 => word8(a, 0) == word8(b, 0) && word8(a, n - 8) == word8(b, n - 8),
        _ => a == b,
    }
}

/// One of 64 bits for a key ([`key_slot`]): the same key always has the
/// same bit.
fn key_bit(key: &str) -> u64 {
    1 << key_slot(key)
}

/// One of 64 places for a key, by its length and its first and last
/// letters: the same key always has the same place.
pub const fn key_slot(key: &str) -> usize {
    let b = key.as_bytes();
    let (first, last) = match b {
        [] => (0, 0),
        [first, .., last] => (*first as usize, *last as usize),
        [one] => (*one as usize, *one as usize),
    };
    (first * 11 + last + b.len() * 31) % 64
}

/// What a top-level name is, for a second definition of it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Def {
    Value,
    Table,
    /// An array of tables and how many elements it has.
    Tables(usize),
}

/// Reads `text` into `sink`, or says [`Unsure`]. The sink's nodes are only
/// those of [`stream::walk`] when it returns `Ok`; on `Unsure` throw the sink's
/// state away.
pub fn walk<'i>(text: &'i str, sink: &mut dyn Sink<'i>, decode: Decode) -> Result<(), Unsure> {
    let mut p = Plain {
        text,
        bytes: text.as_bytes(),
        at: 0,
        sink,
        decode,
        path: Vec::with_capacity(4),
        top: Vec::new(),
        keys: Vec::new(),
        key_bits: 0,
        inline_keys: Vec::new(),
    };
    p.document()
}

struct Plain<'i, 's> {
    text: &'i str,
    bytes: &'i [u8],
    /// Where reading is, in bytes.
    at: usize,
    sink: &'s mut dyn Sink<'i>,
    decode: Decode,
    /// The path of the current section: empty at the top, `[name]` or
    /// `[name, index]`.
    path: Vec<Seg<'i>>,
    /// The top-level names defined so far.
    top: Vec<(&'i str, Def)>,
    /// The keys of the current section (below the top).
    keys: Vec<&'i str>,
    /// A bit for each of `keys` ([`key_bit`]): a key whose bit is not set is
    /// not among them, without comparing it with each (the keys of a table
    /// mostly differ in length or first or last letter).
    key_bits: u64,
    /// The keys of the inline table being read.
    inline_keys: Vec<&'i str>,
}

impl<'i> Plain<'i, '_> {
    fn byte(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Past spaces and tabs.
    fn spaces(&mut self) {
        self.at = run_of(self.bytes, self.at, space);
    }

    /// Past `=` and the spaces around it, which must be next ([`equals`]).
    fn equals(&mut self) -> Result<(), Unsure> {
        self.at = equals(self.bytes, self.at).ok_or(Unsure)?;
        Ok(())
    }

    /// Past `b`, which must be next.
    fn expect(&mut self, b: u8) -> Result<(), Unsure> {
        if self.byte() != Some(b) {
            return Err(Unsure);
        }
        self.at += 1;
        Ok(())
    }

    fn document(&mut self) -> Result<(), Unsure> {
        loop {
            self.spaces();
            match self.byte() {
                None => return Ok(()),
                Some(b'\n') => self.at += 1,
                Some(b'\r' | b'#') => self.end_of_line()?,
                Some(b'[') => self.header()?,
                Some(_) => self.key_value()?,
            }
        }
    }

    /// What may end a line: whitespace, a comment, a line break (`\n` or
    /// `\r\n`) or the end.
    fn end_of_line(&mut self) -> Result<(), Unsure> {
        self.at = end_of_line(self.bytes, self.at)?;
        Ok(())
    }

    /// A bare key and where it starts. What follows it is the caller's to
    /// check: a `.` of a dotted key, a quote, any letter a bare key may not
    /// hold is not what it expects.
    fn key(&mut self) -> Result<(&'i str, usize), Unsure> {
        let start = self.at;
        self.at = run_of(self.bytes, start, |b| BARE[usize::from(b)]);
        if self.at == start {
            return Err(Unsure);
        }
        Ok((&self.text[start..self.at], start))
    }

    /// `[name]` or `[[name]]`, from its first bracket.
    fn header(&mut self) -> Result<(), Unsure> {
        let at = self.at;
        self.at += 1;
        let array = self.byte() == Some(b'[');
        if array {
            self.at += 1;
        }
        self.spaces();
        let (name, key_at) = self.key()?;
        self.spaces();
        self.expect(b']')?;
        if array {
            self.expect(b']')?;
        }
        self.end_of_line()?;
        let node = |kind| Node { span: at..at, kind };
        let key = Seg::Key(Cow::Borrowed(name), key_at);
        self.path.clear();
        self.keys.clear();
        self.key_bits = 0;
        if self.top.len() >= KEYS {
            return Err(Unsure);
        }
        let defined = self.top.iter_mut().find(|(n, _)| same(n, name));
        match (defined, array) {
            (None, false) => {
                self.top.push((name, Def::Table));
                self.path.push(key);
            }
            (None, true) => {
                self.top.push((name, Def::Tables(1)));
                self.path.push(key);
                self.sink.node(&self.path, node(Kind::Array));
                self.path.push(Seg::Index(0));
            }
            (Some((_, Def::Tables(count))), true) => {
                *count += 1;
                let index = *count - 1;
                self.path.push(key);
                self.path.push(Seg::Index(index));
            }
            (Some(_), _) => return Err(Unsure),
        }
        self.sink.node(&self.path, node(Kind::Table));
        // The sink may read the table's fields itself ([`body`]).
        if let Some(end) = self.sink.body(&self.path, self.text, self.at) {
            self.at = end;
        }
        Ok(())
    }

    /// Defines `key` in the current section, once.
    fn define(&mut self, key: &'i str) -> Result<(), Unsure> {
        if self.top.len().max(self.keys.len()) >= KEYS {
            return Err(Unsure);
        }
        if self.path.is_empty() {
            if self.top.iter().any(|(n, _)| same(n, key)) {
                return Err(Unsure);
            }
            self.top.push((key, Def::Value));
        } else {
            let bit = key_bit(key);
            if self.key_bits & bit != 0 && self.keys.iter().any(|k| same(k, key)) {
                return Err(Unsure);
            }
            self.key_bits |= bit;
            self.keys.push(key);
        }
        Ok(())
    }

    /// `key = value` and the end of its line, from the key.
    fn key_value(&mut self) -> Result<(), Unsure> {
        let (key, key_at) = self.key()?;
        self.equals()?;
        self.define(key)?;
        self.path.push(Seg::Key(Cow::Borrowed(key), key_at));
        let done = match self.byte() {
            Some(b'{') => self.inline_table(),
            Some(b'[') => self.array(),
            _ => self.scalar(),
        };
        self.path.pop();
        done?;
        self.end_of_line()
    }

    /// A scalar at the current path, from its first byte.
    fn scalar(&mut self) -> Result<(), Unsure> {
        let start = self.at;
        let (end, encoding, plain) = scan_scalar(self.bytes, start)?;
        self.at = end;
        if self.decode == Decode::Wanted && !self.sink.wants(&self.path) {
            return Ok(());
        }
        let kind = decode_scalar(self.text, start..end, (encoding, plain))?;
        self.sink.node(
            &self.path,
            Node {
                span: start..end,
                kind,
            },
        );
        Ok(())
    }

    /// An inline table or an array begins at the current path, at its
    /// bracket, which is passed.
    fn opened(&mut self, kind: Kind<'i>) {
        let node = Node {
            span: self.at..self.at + 1,
            kind,
        };
        self.at += 1;
        self.sink.node(&self.path, node);
    }

    /// `{ key = scalar, … }` on one line, from its brace.
    fn inline_table(&mut self) -> Result<(), Unsure> {
        self.opened(Kind::Table);
        // The inline table's keys, in a list kept from one to the next.
        let mut keys = std::mem::take(&mut self.inline_keys);
        keys.clear();
        let done = self.inline_pairs(&mut keys);
        self.inline_keys = keys;
        done
    }

    /// The `key = scalar` pairs of an inline table and its closing brace.
    fn inline_pairs(&mut self, keys: &mut Vec<&'i str>) -> Result<(), Unsure> {
        self.spaces();
        if self.byte() == Some(b'}') {
            self.at += 1;
            return Ok(());
        }
        loop {
            let (key, key_at) = self.key()?;
            if keys.len() >= KEYS || keys.iter().any(|k| same(k, key)) {
                return Err(Unsure);
            }
            keys.push(key);
            self.equals()?;
            self.path.push(Seg::Key(Cow::Borrowed(key), key_at));
            let done = self.scalar();
            self.path.pop();
            done?;
            self.spaces();
            match self.byte() {
                Some(b',') => {
                    self.at += 1;
                    self.spaces();
                }
                Some(b'}') => {
                    self.at += 1;
                    return Ok(());
                }
                _ => return Err(Unsure),
            }
        }
    }

    /// `[scalar, …]` on one line, from its bracket.
    fn array(&mut self) -> Result<(), Unsure> {
        self.opened(Kind::Array);
        let mut index = 0;
        loop {
            self.spaces();
            if self.byte() == Some(b']') {
                self.at += 1;
                return Ok(());
            }
            self.path.push(Seg::Index(index));
            let done = self.scalar();
            self.path.pop();
            done?;
            index += 1;
            self.spaces();
            match self.byte() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(());
                }
                _ => return Err(Unsure),
            }
        }
    }
}

/// Reads the fields of a table in the plain layout, from `at` (the start of
/// the line after its header) to the next header or the end of the text,
/// handing each value to `each` (as a [`Value`], decoded only when asked)
/// where [`walk`] hands it to its sink, its path from the field's key
/// (`[key]`, or `[key, inner]` in an inline table): what a sink's
/// [`Sink::body`] reads a table with, without a path kept or a call through
/// the sink for each value. `None` when a line is not in the plain layout, a
/// key's place ([`key_slot`]) is taken (the key written twice, or two keys
/// of the table in one place: a ledger's entry fields each have a place of
/// their own), a value is an array, or `each` says no (it must then have
/// kept nothing of what it was handed): [`walk`] then reads the table
/// itself, compares its keys letter by letter, and decides. Else where the
/// next header starts, or the end.
pub fn body<'i>(
    text: &'i str,
    mut at: usize,
    mut each: impl FnMut(&[Seg<'i>], Value<'i>) -> bool,
) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut keys = Places::default();
    loop {
        at = run_of(bytes, at, space);
        match bytes.get(at) {
            None | Some(b'[') => return Some(at),
            Some(b'\n') => at += 1,
            Some(b'\r' | b'#') => at = end_of_line(bytes, at).ok()?,
            Some(_) => {
                let (key, key_at) = (bare(text, at)?, at);
                at = equals(bytes, at + key.len())?;
                if !keys.take(key) {
                    return None;
                }
                let field = Seg::Key(Cow::Borrowed(key), key_at);
                at = match bytes.get(at) {
                    Some(b'{') => inline_body(text, at, field, &mut each)?,
                    Some(b'[') => return None,
                    _ => {
                        let value = scalar_at(text, at)?;
                        let end = value.span.end;
                        if !each(std::slice::from_ref(&field), value) {
                            return None;
                        }
                        end
                    }
                };
                at = end_of_line(bytes, at).ok()?;
            }
        }
    }
}

/// Past `=` and the spaces around it, from the end of a key at `at`: `None`
/// when no `=` follows. Written ` = ` nearly always, which is looked at first.
fn equals(bytes: &[u8], at: usize) -> Option<usize> {
    let past = match bytes.get(at..at + 3) {
        Some(b" = ") => at + 3,
        _ => {
            let at = run_of(bytes, at, space);
            (bytes.get(at) == Some(&b'=')).then_some(at + 1)?
        }
    };
    Some(run_of(bytes, past, space))
}

/// `{ key = scalar, … }` on one line for [`body`], from its brace at `at`:
/// past its closing brace.
fn inline_body<'i>(
    text: &'i str,
    mut at: usize,
    field: Seg<'i>,
    each: &mut impl FnMut(&[Seg<'i>], Value<'i>) -> bool,
) -> Option<usize> {
    let bytes = text.as_bytes();
    let table = Value {
        text,
        span: at..at + 1,
        is: Is::Table,
    };
    if !each(std::slice::from_ref(&field), table) {
        return None;
    }
    let mut keys = Places::default();
    at = run_of(bytes, at + 1, space);
    if bytes.get(at) == Some(&b'}') {
        return Some(at + 1);
    }
    let mut path = [field, Seg::Index(0)];
    loop {
        let (key, key_at) = (bare(text, at)?, at);
        if !keys.take(key) {
            return None;
        }
        at = equals(bytes, at + key.len())?;
        path[1] = Seg::Key(Cow::Borrowed(key), key_at);
        let value = scalar_at(text, at)?;
        let end = value.span.end;
        if !each(&path, value) {
            return None;
        }
        at = run_of(bytes, end, space);
        match bytes.get(at) {
            Some(b',') => at = run_of(bytes, at + 1, space),
            Some(b'}') => return Some(at + 1),
            _ => return None,
        }
    }
}

/// The bare key at `at`, if one starts there.
fn bare(text: &str, at: usize) -> Option<&str> {
    let end = run_of(text.as_bytes(), at, |b| BARE[usize::from(b)]);
    (end > at).then(|| &text[at..end])
}

/// The scalar at `at`, read to its end, not decoded.
fn scalar_at(text: &str, at: usize) -> Option<Value<'_>> {
    let (end, encoding, plain) = scan_scalar(text.as_bytes(), at).ok()?;
    let is = match encoding {
        None => Is::Bare,
        Some(_) if plain => Is::Letters,
        Some(e) => Is::Escaped(e),
    };
    Some(Value {
        text,
        span: at..end,
        is,
    })
}

/// A value [`body`] found: where it is written and what it is, decoded only
/// when asked ([`Value::node`]); its reader may instead take a bare scalar
/// or a string's letters as they are written.
pub struct Value<'i> {
    text: &'i str,
    pub span: std::ops::Range<usize>,
    is: Is,
}

enum Is {
    /// Letters, digits, `_` and `-`: a number, a date, `true`.
    Bare,
    /// A string without escapes.
    Letters,
    /// A string with escapes, to decode.
    Escaped(Encoding),
    /// The opening brace of an inline table.
    Table,
}

impl<'i> Value<'i> {
    /// The value as [`walk`] hands it on, or `None` when it is not TOML (the
    /// walker then reads the table and finds out).
    pub fn node(self) -> Option<Node<'i>> {
        let kind = match self.is {
            Is::Table => Kind::Table,
            Is::Bare => decode_scalar(self.text, self.span.clone(), (None, true)).ok()?,
            Is::Letters => Kind::String(Cow::Borrowed(self.letters()?)),
            Is::Escaped(e) => decode_scalar(self.text, self.span.clone(), (Some(e), false)).ok()?,
        };
        Some(Node {
            span: self.span,
            kind,
        })
    }

    /// A bare scalar as written.
    pub fn bare(&self) -> Option<&'i str> {
        matches!(self.is, Is::Bare).then(|| &self.text[self.span.clone()])
    }

    /// A string without escapes: its letters, the quotes off.
    pub fn letters(&self) -> Option<&'i str> {
        let Is::Letters = self.is else { return None };
        Some(&self.text[self.span.start + 1..self.span.end - 1])
    }
}

/// A day, and its year, month and day as written.
pub type Day = (chrono::NaiveDate, (u16, u8, u8));

/// A bare `YYYY-MM-DD` as the day it is, as [`walk`] and
/// [`crate::tomlx::Reader::date`] read it together; `None` for anything else.
pub fn day(raw: &str) -> Option<Day> {
    let (year, month, day) = ymd(raw)?;
    let date = chrono::NaiveDate::from_ymd_opt(i32::from(year), u32::from(month), u32::from(day))?;
    Some((date, (year, month, day)))
}

/// A bare whole number in plain decimal digits (no leading zero, at most 18
/// digits) as [`walk`] and [`crate::tomlx::Reader::integer`] read it
/// together; `None` for anything else.
pub fn whole(raw: &str) -> Option<i64> {
    let b = raw.as_bytes();
    if !(1..=18).contains(&b.len()) || (b.len() > 1 && b[0] == b'0') {
        return None;
    }
    b.iter().try_fold(0i64, |n, d| {
        d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0'))
    })
}

/// The places ([`key_slot`]) the keys of one table [`body`] reads have
/// taken, a bit each: a table of at most 64 keys, whose keys are told apart
/// by one look each, without their letters kept or compared.
#[derive(Default)]
struct Places(u64);

impl Places {
    /// `key`'s place taken: `false` when it was already.
    fn take(&mut self, key: &str) -> bool {
        let bit = key_bit(key);
        let free = self.0 & bit == 0;
        self.0 |= bit;
        free
    }
}

/// The bare values every ledger is mostly made of, read without
/// `toml_parser`'s decoder: `true` and `false`, a whole number in plain
/// digits, a date. `None` for anything else, which the decoder reads (and
/// judges).
fn simple(raw: &str) -> Option<Kind<'_>> {
    match raw {
        "true" => Some(Kind::Boolean(true)),
        "false" => Some(Kind::Boolean(false)),
        // TOML's decimal integers have no leading zero.
        _ if !raw.is_empty()
            && raw.bytes().all(|b| b.is_ascii_digit())
            && (raw.len() == 1 || !raw.starts_with('0')) =>
        {
            Some(Kind::Integer(Cow::Borrowed(raw), 10))
        }
        _ => local_date(raw).map(Kind::Datetime),
    }
}

/// `YYYY-MM-DD`, a day of the calendar: the value `toml` reads it as, without
/// its general parser. Anything else is `None` (and goes that way).
fn local_date(s: &str) -> Option<Datetime> {
    let (year, month, day) = ymd(s)?;
    // The calendar's days, leap years included, as `toml` checks them.
    chrono::NaiveDate::from_ymd_opt(i32::from(year), u32::from(month), u32::from(day))?;
    Some(Datetime {
        date: Some(Date { year, month, day }),
        time: None,
        offset: None,
    })
}

/// The year, month and day of `YYYY-MM-DD` as written, not yet checked
/// against the calendar.
fn ymd(s: &str) -> Option<(u16, u8, u8)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u16> {
        b[r].iter().try_fold(0u16, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u16::from(d - b'0'))
        })
    };
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    Some((year, u8::try_from(month).ok()?, u8::try_from(day).ok()?))
}

#[cfg(test)]
mod tests {
    use super::{Decode, KEYS, Unsure, body, key_slot, local_date, walk};
    use crate::tomlx::stream::{Node, Seg, Sink};

    struct Nothing;

    impl<'i> Sink<'i> for Nothing {
        fn node(&mut self, _: &[Seg<'i>], _: Node<'i>) {}
    }

    #[test]
    fn a_table_of_many_keys_is_left_to_the_full_reader() {
        let keys = |n: usize| (0..n).map(|i| format!("k{i} = 1\n")).collect::<String>();
        for head in ["", "[t]\n", "[[t]]\n"] {
            let fits = format!("{head}{}", keys(KEYS - 1));
            assert_eq!(walk(&fits, &mut Nothing, Decode::All), Ok(()));
            let many = format!("{head}{}", keys(KEYS + 1));
            assert_eq!(walk(&many, &mut Nothing, Decode::All), Err(Unsure));
        }
        let inline = (0..=KEYS)
            .map(|i| format!("k{i} = 1"))
            .collect::<Vec<_>>()
            .join(", ");
        let inline = format!("t = {{ {inline} }}\n");
        assert_eq!(walk(&inline, &mut Nothing, Decode::All), Err(Unsure));
    }

    /// `body` reads a table whose keys each have a place of their own, and
    /// leaves one with a key written twice, or with two keys in one place,
    /// to the walker, which reads it all the same.
    #[test]
    fn a_table_with_two_keys_in_one_place_is_left_to_the_walker() {
        let (one, other) = ("verksamhetschef", "vardcentralchef");
        assert_eq!(key_slot(one), key_slot(other));
        let read = |text: &str| {
            let mut keys = Vec::new();
            let end = body(text, 0, |path, _| {
                keys.push(format!("{path:?}"));
                true
            });
            (end, keys.len())
        };
        let apart = "handledare = 1\nstudierektor = 2\n";
        assert_ne!(key_slot("handledare"), key_slot("studierektor"));
        assert_eq!(read(apart), (Some(apart.len()), 2));
        for table in [
            format!("{one} = 1\n{other} = 2\n"),
            format!("t = {{ {one} = 1, {other} = 2 }}\n"),
        ] {
            assert_eq!(read(&table).0, None, "{table}");
            let whole = format!("[[t]]\n{table}");
            assert_eq!(walk(&whole, &mut Nothing, Decode::All), Ok(()), "{whole}");
        }
        let twice = format!("{one} = 1\n{one} = 2\n");
        assert_eq!(read(&twice).0, None);
        let whole = format!("[[t]]\n{twice}");
        assert_eq!(walk(&whole, &mut Nothing, Decode::All), Err(Unsure));
    }

    /// Two keys are the same exactly when their bytes are: for every length
    /// to 20, a key and each key one letter off it (at every place), and keys
    /// of other lengths.
    #[test]
    fn keys_are_the_same_exactly_when_their_bytes_are() {
        for n in 0..=20 {
            let key: String = "abcdefghijklmnopqrstu"[..n].to_string();
            assert!(super::same(&key, &key.clone()), "{key}");
            for at in 0..n {
                let mut other = key.clone().into_bytes();
                other[at] = b'Z';
                let other = String::from_utf8(other).expect("ASCII");
                assert!(!super::same(&key, &other), "{key} {other}");
            }
            for m in 0..=20 {
                let shorter: String = "abcdefghijklmnopqrstu"[..m].to_string();
                assert_eq!(super::same(&key, &shorter), n == m, "{key} {shorter}");
            }
        }
    }

    /// The run eight bytes at a time ends where a byte-by-byte look ends it,
    /// or leaves fewer than eight bytes to look at: every byte value, at every
    /// place of a run of plain letters (ASCII and UTF-8's), from every start,
    /// for both kinds of string.
    #[test]
    fn a_plain_run_ends_where_a_look_at_each_byte_ends_it() {
        let looked = |bytes: &[u8], from: usize, quote: u8, backslash: u8| {
            (from..bytes.len())
                .find(|&i| {
                    let b = bytes[i];
                    b == quote || b == backslash || b < 0x20 || b == 0x7f
                })
                .unwrap_or(bytes.len())
        };
        let letters = "Växjö 1/2 -- (ok) ~ €ab".as_bytes();
        for (quote, backslash) in [(b'"', b'\\'), (b'\'', 0)] {
            for place in 0..24 {
                for b in 0..=255u8 {
                    let mut bytes = letters[..place.min(letters.len())].to_vec();
                    bytes.push(b);
                    bytes.extend_from_slice(letters);
                    for from in 0..bytes.len().min(10) {
                        // Not past the end, and the caller's look a byte at
                        // a time from the run's end finds the same end.
                        let run = super::plain_run(&bytes, from, quote, backslash);
                        let end = looked(&bytes, from, quote, backslash);
                        assert!(run <= end, "{bytes:?} from {from}");
                        assert_eq!(looked(&bytes, run, quote, backslash), end);
                        // The run stops only where it must or near the end.
                        assert!(run == end || run + 8 > bytes.len(), "{bytes:?}");
                    }
                }
            }
            // 27 bytes: three words read whole, the last three bytes left.
            assert_eq!(super::plain_run(letters, 0, quote, backslash), 24);
        }
    }

    #[test]
    fn a_local_date_reads_as_toml_reads_it() {
        for s in [
            "2025-10-04",
            "2024-02-29",
            "0000-01-01",
            "9999-12-31",
            "2025-02-29",
            "2025-13-01",
            "2025-00-10",
            "2025-01-00",
            "2025-1-010",
            "+025-01-01",
            "2025-01-01T",
        ] {
            let toml = s.parse::<Datetime>().ok().filter(|d| d.time.is_none());
            assert_eq!(local_date(s), toml, "{s}");
        }
        // Every month 00 to 13 and day 00 to 32 of years about the leap rules.
        for year in [0, 1, 4, 100, 400, 1900, 2000, 2023, 2024, 2100, 9996, 9999] {
            for month in 0..=13 {
                for day in 0..=32 {
                    let s = format!("{year:04}-{month:02}-{day:02}");
                    let toml = s.parse::<Datetime>().ok().filter(|d| d.time.is_none());
                    assert_eq!(local_date(&s), toml, "{s}");
                }
            }
        }
    }

    use toml::value::Datetime;
}
