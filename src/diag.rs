//! Errors about input a person wrote: a ledger, a policy, a flag.
//!
//! Every such error names the file, the line and the column where the input has
//! them, says what was expected, and may carry a hint on how to fix it. Commands
//! turn an [`InputError`] into exit code 2; nothing here prints or exits.

use std::fmt;
use std::ops::Range;

/// A mistake in the input, with where it is and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    pub path: String,
    /// 1-based line and column (in characters), where the input has them.
    pub location: Option<(usize, usize)>,
    pub message: String,
    pub hint: Option<String>,
}

impl InputError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> InputError {
        InputError {
            path: path.into(),
            location: None,
            message: message.into(),
            hint: None,
        }
    }

    /// A file whose reading hit a bug in st-budget (an audit goes on with the others).
    pub fn internal(path: impl Into<String>) -> InputError {
        InputError::new(
            path,
            crate::msg!(
                "internt fel vid granskningen av den här liggaren",
                "internal error while auditing this ledger",
            ),
        )
    }

    pub fn at(mut self, line: usize, column: usize) -> InputError {
        self.location = Some((line, column));
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> InputError {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location {
            Some((line, col)) => write!(f, "{}:{line}:{col}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for InputError {}

/// Where each line of a text starts: the line of many offsets in O(log n) each,
/// where [`Source::line`] counts from the top every time.
#[derive(Clone, Debug)]
pub struct LineStarts(Vec<usize>);

impl LineStarts {
    pub fn new(text: &str) -> LineStarts {
        let mut v = vec![0];
        v.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineStarts(v)
    }

    /// 1-based line of a byte offset, as [`Source::line`] gives it.
    pub fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&s| s <= offset)
    }
}

/// A text with a name, for turning byte offsets into lines and columns.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    pub path: &'a str,
    pub text: &'a str,
}

impl<'a> Source<'a> {
    pub fn new(path: &'a str, text: &'a str) -> Source<'a> {
        Source { path, text }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let offset = (0..=offset)
            .rev()
            .find(|&o| self.text.is_char_boundary(o))
            .unwrap_or(0);
        let before = &self.text[..offset];
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = self.text[line_start..offset].chars().count() + 1;
        (line, col)
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.line_col(offset).0
    }

    /// An error at a span of this text.
    pub fn error(&self, span: Range<usize>, message: impl Into<String>) -> InputError {
        let (line, col) = self.line_col(span.start);
        InputError::new(self.path, message).at(line, col)
    }

    /// An error about the whole file.
    pub fn whole(&self, message: impl Into<String>) -> InputError {
        InputError::new(self.path, message)
    }
}

/// "did you mean `x`?" for the closest of `known`, if it is close enough.
pub fn did_you_mean<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    let lower = word.to_lowercase().replace('-', "_");
    known
        .iter()
        .map(|k| {
            let kk = k.replace('-', "_");
            (strsim::damerau_levenshtein(&lower, &kk), *k)
        })
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Prints an error and its hint to stderr, for people: in the language of
/// messages (`fel:`/`tips:` in Swedish), sanitised, the prefix in colour when
/// stderr is a terminal and `NO_COLOR` is unset.
pub fn report_error(message: &str, hint: Option<&str>) {
    report(
        crate::color::ERROR,
        crate::msg!("fel:", "error:"),
        message,
        hint,
    );
}

/// Prints a warning and its hint to stderr, like [`report_error`].
pub fn report_warning(message: &str, hint: Option<&str>) {
    report(
        crate::color::WARNING,
        crate::msg!("varning:", "warning:"),
        message,
        hint,
    );
}

fn report(style: anstyle::Style, label: &str, message: &str, hint: Option<&str>) {
    use crate::color::{HINT, paint};
    anstream::eprintln!("{} {}", paint(style, label), sanitize(message));
    if let Some(h) = hint {
        anstream::eprintln!(
            "{} {}",
            paint(HINT, crate::msg!("tips:", "hint:")),
            sanitize(h)
        );
    }
}

/// Replaces control characters (escape sequences among them) so that text from a
/// file can never repaint or reprogram the terminal it is printed to.
pub fn sanitize(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A character that could move the cursor, reprogram a terminal or reorder the
/// text around it: control characters and the bidirectional controls.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based_and_count_characters() {
        let src = Source::new("a.toml", "x = 1\nåäö = 2\n");
        assert_eq!(src.line_col(0), (1, 1));
        assert_eq!(src.line_col(6), (2, 1));
        let eq = src.text.find("= 2").expect("present");
        assert_eq!(src.line_col(eq), (2, 5));
        let lines = LineStarts::new(src.text);
        for offset in 0..src.text.len() {
            assert_eq!(lines.line(offset), src.line(offset), "{offset}");
        }
    }

    #[test]
    fn suggests_close_keys_only() {
        assert_eq!(did_you_mean("amont", &["amount", "date"]), Some("amount"));
        assert_eq!(
            did_you_mean("travel-mode", &["travel_mode"]),
            Some("travel_mode")
        );
        assert_eq!(did_you_mean("zzzzzz", &["amount", "date"]), None);
    }

    #[test]
    fn escapes_control_characters() {
        assert_eq!(sanitize("ok"), "ok");
        assert_eq!(sanitize("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(sanitize("line\nbreak"), "line\\u{a}break");
    }
}
