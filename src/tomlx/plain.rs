//! The fast way through a TOML document in the plain layout every ledger is
//! written in: `toml_parser`'s tokens read straight into a [`Sink`], without
//! its event parser and without the shapes of tables [`stream::walk`] keeps.
//!
//! The plain layout: lines of `key = value` with a bare key; table headers
//! `[name]` and `[[name]]` of one bare key, each name once (an array of tables
//! may repeat); values that are a string, a scalar, an inline table of scalars
//! or an array of scalars on one line; comments and blank lines anywhere
//! between. In that layout TOML's rules that need more than one token are few:
//! a key once per table, a header once. Everything else (dotted or quoted keys,
//! nested headers, values over several lines, nested containers, any error at
//! all) is [`Unsure`]: the caller reads the text again with [`stream::walk`],
//! which knows all of TOML and words every error.
//!
//! What it hands the sink is what [`stream::walk`] hands it for the same text,
//! node for node (tests below and tests/plain_reader.rs hold it to that), so a
//! reader of the stream reads a plain text the same either way.

use std::borrow::Cow;

use toml::value::{Date, Datetime};
use toml_parser::decoder::Encoding;
use toml_parser::lexer::{Lexer, Token, TokenKind};
use toml_parser::{ParseError, Raw, Span};

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
        lexer: toml_parser::Source::new(text).lex(),
        peeked: None,
        sink,
        decode,
        path: Vec::with_capacity(4),
        top: Vec::new(),
        keys: Vec::new(),
    };
    p.document()
}

struct Plain<'i, 's> {
    text: &'i str,
    lexer: Lexer<'i>,
    peeked: Option<Token>,
    sink: &'s mut dyn Sink<'i>,
    decode: Decode,
    /// The path of the current section: empty at the top, `[name]` or
    /// `[name, index]`.
    path: Vec<Seg<'i>>,
    /// The top-level names defined so far.
    top: Vec<(&'i str, Def)>,
    /// The keys of the current section (below the top).
    keys: Vec<&'i str>,
}

impl<'i> Plain<'i, '_> {
    fn next(&mut self) -> Option<Token> {
        self.peeked.take().or_else(|| self.lexer.next())
    }

    fn peek(&mut self) -> Option<TokenKind> {
        if self.peeked.is_none() {
            self.peeked = self.lexer.next();
        }
        self.peeked.map(|t| t.kind())
    }

    /// The next token that is not whitespace.
    fn next_solid(&mut self) -> Option<Token> {
        loop {
            let t = self.next()?;
            if t.kind() != TokenKind::Whitespace {
                return Some(t);
            }
        }
    }

    fn str(&self, span: Span) -> &'i str {
        &self.text[span.start()..span.end()]
    }

    fn document(&mut self) -> Result<(), Unsure> {
        while let Some(t) = self.next() {
            match t.kind() {
                TokenKind::Whitespace => {}
                TokenKind::Newline => self.newline(t)?,
                TokenKind::Comment => {
                    self.comment(t)?;
                    self.end_of_line()?;
                }
                TokenKind::LeftSquareBracket => self.header(t)?,
                TokenKind::Atom => self.key_value(t)?,
                TokenKind::Eof => return Ok(()),
                _ => return Err(Unsure),
            }
        }
        Ok(())
    }

    fn newline(&self, t: Token) -> Result<(), Unsure> {
        // Nearly every line break is a lone `\n`, which needs no decoding.
        if self.str(t.span()) == "\n" {
            return Ok(());
        }
        let mut err: Option<ParseError> = None;
        self.raw(t, None).decode_newline(&mut err);
        err.map_or(Ok(()), |_| Err(Unsure))
    }

    fn comment(&self, t: Token) -> Result<(), Unsure> {
        let mut err: Option<ParseError> = None;
        self.raw(t, None).decode_comment(&mut err);
        err.map_or(Ok(()), |_| Err(Unsure))
    }

    fn raw(&self, t: Token, encoding: Option<Encoding>) -> Raw<'i> {
        let span = t.span();
        Raw::new_unchecked(self.str(span), encoding, span)
    }

    /// What may end a line: whitespace, a comment, a line break or the end.
    fn end_of_line(&mut self) -> Result<(), Unsure> {
        match self.next_solid() {
            None => Ok(()),
            Some(t) => match t.kind() {
                TokenKind::Newline => self.newline(t),
                TokenKind::Eof => Ok(()),
                TokenKind::Comment => {
                    self.comment(t)?;
                    match self.next() {
                        None => Ok(()),
                        Some(n) if n.kind() == TokenKind::Eof => Ok(()),
                        Some(n) if n.kind() == TokenKind::Newline => self.newline(n),
                        Some(_) => Err(Unsure),
                    }
                }
                _ => Err(Unsure),
            },
        }
    }

    /// A bare key, decoded as `toml` decodes it (which refuses what a bare key
    /// may not hold).
    fn key(&self, t: Token) -> Result<&'i str, Unsure> {
        if t.kind() != TokenKind::Atom {
            return Err(Unsure);
        }
        // What every key of a ledger is: letters, digits, `_` and `-`.
        let text = self.str(t.span());
        if !text.is_empty() && text.bytes().all(|b| BARE[usize::from(b)]) {
            return Ok(text);
        }
        let mut key = Cow::Borrowed("");
        let mut err: Option<ParseError> = None;
        self.raw(t, None).decode_key(&mut key, &mut err);
        match (err, key) {
            (None, Cow::Borrowed(k)) => Ok(k),
            _ => Err(Unsure),
        }
    }

    /// `[name]` or `[[name]]`, from its first bracket.
    fn header(&mut self, open: Token) -> Result<(), Unsure> {
        let array = self.peek() == Some(TokenKind::LeftSquareBracket);
        if array {
            self.next();
        }
        let key_token = self.next_solid().ok_or(Unsure)?;
        let name = self.key(key_token)?;
        let close = self.next_solid().ok_or(Unsure)?;
        if close.kind() != TokenKind::RightSquareBracket {
            return Err(Unsure);
        }
        if array {
            match self.next() {
                Some(t) if t.kind() == TokenKind::RightSquareBracket => {}
                _ => return Err(Unsure),
            }
        }
        self.end_of_line()?;
        let at = open.span().start();
        let node = |kind| Node { span: at..at, kind };
        let key = Seg::Key(Cow::Borrowed(name), key_token.span().start());
        self.path.clear();
        self.keys.clear();
        if self.top.len() >= KEYS {
            return Err(Unsure);
        }
        let defined = self.top.iter_mut().find(|(n, _)| *n == name);
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
        Ok(())
    }

    /// Defines `key` in the current section, once.
    fn define(&mut self, key: &'i str) -> Result<(), Unsure> {
        if self.top.len().max(self.keys.len()) >= KEYS {
            return Err(Unsure);
        }
        if self.path.is_empty() {
            if self.top.iter().any(|(n, _)| *n == key) {
                return Err(Unsure);
            }
            self.top.push((key, Def::Value));
        } else {
            if self.keys.contains(&key) {
                return Err(Unsure);
            }
            self.keys.push(key);
        }
        Ok(())
    }

    /// `key = value` and the end of its line, from the key.
    fn key_value(&mut self, key_token: Token) -> Result<(), Unsure> {
        let key = self.key(key_token)?;
        match self.next_solid() {
            Some(t) if t.kind() == TokenKind::Equals => {}
            _ => return Err(Unsure),
        }
        self.define(key)?;
        let value = self.next_solid().ok_or(Unsure)?;
        let seg = Seg::Key(Cow::Borrowed(key), key_token.span().start());
        self.path.push(seg);
        let done = match value.kind() {
            TokenKind::LeftCurlyBracket => self.inline_table(value),
            TokenKind::LeftSquareBracket => self.array(value),
            _ => self.scalar(value),
        };
        self.path.pop();
        done?;
        self.end_of_line()
    }

    /// A scalar at the current path.
    fn scalar(&mut self, t: Token) -> Result<(), Unsure> {
        let encoding = match t.kind() {
            TokenKind::Atom => None,
            TokenKind::BasicString
            | TokenKind::LiteralString
            | TokenKind::MlBasicString
            | TokenKind::MlLiteralString => t.kind().encoding(),
            _ => return Err(Unsure),
        };
        // An atom followed by `.` is a float or a time with fractions; by
        // whitespace and an atom, a date and a time: both the event parser's.
        if t.kind() == TokenKind::Atom && self.peek() == Some(TokenKind::Dot) {
            return Err(Unsure);
        }
        let span = t.span();
        if self.decode == Decode::Wanted && !self.sink.wants(&self.path) {
            return Ok(());
        }
        let raw = self.str(span);
        let kind = match simple(raw, t.kind()) {
            Some(kind) => kind,
            None => stream::scalar(self.text, span, encoding).map_err(|_| Unsure)?,
        };
        let node = Node {
            span: span.start()..span.end(),
            kind,
        };
        self.sink.node(&self.path, node);
        Ok(())
    }

    /// An inline table or an array begins at the current path, at `open`.
    fn opened(&mut self, open: Token, kind: Kind<'i>) {
        let span = open.span();
        let node = Node {
            span: span.start()..span.end(),
            kind,
        };
        self.sink.node(&self.path, node);
    }

    /// `{ key = scalar, … }` on one line, from its brace.
    fn inline_table(&mut self, open: Token) -> Result<(), Unsure> {
        self.opened(open, Kind::Table);
        let mut keys: Vec<&'i str> = Vec::new();
        let mut t = self.next_solid().ok_or(Unsure)?;
        if t.kind() == TokenKind::RightCurlyBracket {
            return Ok(());
        }
        loop {
            let key = self.key(t)?;
            if keys.len() >= KEYS || keys.contains(&key) {
                return Err(Unsure);
            }
            keys.push(key);
            match self.next_solid() {
                Some(e) if e.kind() == TokenKind::Equals => {}
                _ => return Err(Unsure),
            }
            let value = self.next_solid().ok_or(Unsure)?;
            self.path
                .push(Seg::Key(Cow::Borrowed(key), t.span().start()));
            let done = self.scalar(value);
            self.path.pop();
            done?;
            match self.next_solid().map(|s| s.kind()) {
                Some(TokenKind::Comma) => t = self.next_solid().ok_or(Unsure)?,
                Some(TokenKind::RightCurlyBracket) => return Ok(()),
                _ => return Err(Unsure),
            }
        }
    }

    /// `[scalar, …]` on one line, from its bracket.
    fn array(&mut self, open: Token) -> Result<(), Unsure> {
        self.opened(open, Kind::Array);
        let mut index = 0;
        loop {
            let t = self.next_solid().ok_or(Unsure)?;
            if t.kind() == TokenKind::RightSquareBracket {
                return Ok(());
            }
            self.path.push(Seg::Index(index));
            let done = self.scalar(t);
            self.path.pop();
            done?;
            index += 1;
            match self.next_solid().map(|s| s.kind()) {
                Some(TokenKind::Comma) => {}
                Some(TokenKind::RightSquareBracket) => return Ok(()),
                _ => return Err(Unsure),
            }
        }
    }
}

/// The values every ledger is mostly made of, read without `toml_parser`'s
/// decoder: a string without escapes (borrowed from the text), `true` and
/// `false`, a whole number in plain digits, a date. `None` for anything else,
/// which the decoder reads (and judges).
fn simple(raw: &str, kind: TokenKind) -> Option<Kind<'_>> {
    // TOML allows no control character in a string but the tab.
    let plain_text = |s: &str| !s.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f);
    match kind {
        TokenKind::BasicString => {
            let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
            (plain_text(inner) && !inner.contains('\\'))
                .then_some(Kind::String(Cow::Borrowed(inner)))
        }
        TokenKind::LiteralString => {
            let inner = raw.strip_prefix('\'')?.strip_suffix('\'')?;
            plain_text(inner).then_some(Kind::String(Cow::Borrowed(inner)))
        }
        TokenKind::Atom => match raw {
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
        },
        _ => None,
    }
}

/// `YYYY-MM-DD`, a day of the calendar: the value `toml` reads it as, without
/// its general parser. Anything else is `None` (and goes that way).
fn local_date(s: &str) -> Option<Datetime> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    // The calendar's days, leap years included, as `toml` checks them.
    chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    Some(Datetime {
        date: Some(Date {
            year: u16::try_from(year).ok()?,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
        }),
        time: None,
        offset: None,
    })
}

#[cfg(test)]
mod tests {
    use super::{Decode, KEYS, Unsure, local_date, walk};
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
    }

    use toml::value::Datetime;
}
