//! Typed reading of TOML, with a location for every mistake.
//!
//! Ledgers are read as a stream ([`stream`]: `toml_parser`'s events, no tree);
//! policies are parsed once into `toml`'s spanned tree ([`DeTable`]). Either way
//! every value is read field by field by hand through one [`Reader`], whose
//! scalar readers take any [`Item`]: a value of the tree or a node of the
//! stream. This is what lets every error name its line and column, suggest the
//! key that was meant, and refuse a float amount with a hint instead of
//! silently rounding it.

pub mod plain;
pub mod stream;
pub mod syntax;

use std::ops::Range;

use chrono::NaiveDate;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{InputError, Source, did_you_mean};
use crate::money::{Amount, AmountError, MAX_AMOUNT};

pub type Value<'i> = Spanned<DeValue<'i>>;
pub type Key<'i> = Spanned<toml::de::DeString<'i>>;

/// Strips what editors put around TOML that TOML itself does not allow: a UTF-8
/// byte order mark. CRLF line endings are valid TOML and need nothing.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Parses a document, turning the parser's error into one with line and column.
pub fn parse_document<'i>(src: &Source<'i>) -> Result<Spanned<DeTable<'i>>, InputError> {
    DeTable::parse(src.text)
        .map_err(|e| toml_error(src, e.message().trim_end(), e.span().map(|s| s.start)))
}

/// A TOML syntax error of a stream ([`stream::walk`]), worded as [`parse_document`] words it;
/// or a text too large in a way no ledger is ([`stream::MAX_TOKENS`],
/// [`stream::MAX_KEYS`]), which is valid TOML all the same.
pub fn stream_error(src: &Source<'_>, e: &toml_parser::ParseError) -> InputError {
    let whole = |n: usize| crate::i18n::whole(n as u64, crate::i18n::current());
    let (message, hint) = match e.description() {
        stream::TOO_LONG => (
            crate::msg!(
                "en nyckel med sitt värde för lång för att läsas: fler än {} delar (nycklar, värden, skiljetecken)",
                "a key and its value too long to read: more than {} parts (keys, values, punctuation)",
                whole(stream::MAX_TOKENS)
            ),
            crate::msg!(
                "en liggares nycklar och värden är korta, vart och ett på en rad; en kostnad är en egen [[entry]]-tabell, som st-budget skriver den",
                "a ledger's keys and values are short, each on a line; a cost is an [[entry]] table of its own, as st-budget writes it"
            ),
        ),
        stream::TOO_MANY_KEYS => (
            crate::msg!(
                "för många nycklar för att läsas: fler än {} i tabellerna på en gång",
                "too many keys to read: more than {} in the tables at once",
                whole(stream::MAX_KEYS)
            ),
            crate::msg!(
                "en liggares tabeller har några dussin nycklar, de som st-budget känner till; är filen en liggare?",
                "a ledger's tables hold a few dozen keys, those st-budget knows; is the file a ledger?"
            ),
        ),
        _ => return toml_error(src, &syntax::english(e), e.unexpected().map(|s| s.start())),
    };
    let at = e.unexpected().map_or(0, |s| s.start());
    src.error(at..at, message).with_hint(hint)
}

fn toml_error(src: &Source<'_>, english: &str, at: Option<usize>) -> InputError {
    let message = syntax::message(english);
    let err = match at {
        Some(at) => src.error(at..at, message),
        None => src.whole(message),
    };
    if english.contains("duplicate key") {
        err.with_hint(crate::msg!(
            "varje nyckel får finnas en gång per tabell; en ändring är en ny [[amendment]]-tabell",
            "each key may appear once per table; an amendment is a new [[amendment]] table",
        ))
    } else {
        err
    }
}

/// A value as the readers look at it, from the tree or the stream.
pub enum View<'v> {
    String(&'v str),
    /// The digits and the radix.
    Integer(&'v str, u32),
    Float(&'v str),
    Boolean(bool),
    Datetime(&'v toml::value::Datetime),
    Array,
    Table,
}

/// A value with a place in its file: what [`Reader`]'s scalar readers take.
pub trait Item {
    fn span(&self) -> Range<usize>;
    fn view(&self) -> View<'_>;
}

impl<T: Item> Item for &T {
    fn span(&self) -> Range<usize> {
        (*self).span()
    }

    fn view(&self) -> View<'_> {
        (*self).view()
    }
}

impl Item for Value<'_> {
    fn span(&self) -> Range<usize> {
        Spanned::span(self)
    }

    fn view(&self) -> View<'_> {
        match self.get_ref() {
            DeValue::String(s) => View::String(s),
            DeValue::Integer(i) => View::Integer(i.as_str(), i.radix()),
            DeValue::Float(f) => View::Float(f.as_str()),
            DeValue::Boolean(b) => View::Boolean(*b),
            DeValue::Datetime(d) => View::Datetime(d),
            DeValue::Array(_) => View::Array,
            DeValue::Table(_) => View::Table,
        }
    }
}

impl Item for stream::Node<'_> {
    fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    fn view(&self) -> View<'_> {
        match &self.kind {
            stream::Kind::String(s) => View::String(s),
            stream::Kind::Integer(i, radix) => View::Integer(i, *radix),
            stream::Kind::Float(f) => View::Float(f),
            stream::Kind::Boolean(b) => View::Boolean(*b),
            stream::Kind::Datetime(d) => View::Datetime(d),
            stream::Kind::Array => View::Array,
            stream::Kind::Table => View::Table,
        }
    }
}

/// A reader bound to one source text.
#[derive(Clone, Copy)]
pub struct Reader<'a> {
    pub src: Source<'a>,
}

impl<'a> Reader<'a> {
    pub fn new(src: Source<'a>) -> Reader<'a> {
        Reader { src }
    }

    pub fn err(&self, span: Range<usize>, message: impl Into<String>) -> InputError {
        self.src.error(span, message)
    }

    pub fn type_error(&self, key: &str, v: &impl Item, expected: &str) -> InputError {
        self.err(
            v.span(),
            crate::msg!(
                "`{}` måste vara {}, hittade {}",
                "`{}` must be {}, found {}",
                key,
                expected,
                view_name(&v.view())
            ),
        )
    }

    /// A word outside its set (`kind = "cours"`), with the closest one suggested.
    pub fn enum_error(&self, v: &impl Item, key: &str, got: &str, known: &[&str]) -> InputError {
        let err = self.err(
            v.span(),
            crate::msg!(
                "okänt värde för {key} {got:?}",
                "unknown {key} {got:?}",
                key = key,
                got = got
            ),
        );
        match did_you_mean(got, known) {
            Some(m) => err.with_hint(crate::msg!(
                "menade du {m:?}? ({key} är ett av: {})",
                "did you mean {m:?}? ({key} is one of: {})",
                known.join(", ")
            )),
            None => err.with_hint(crate::msg!(
                "{key} är ett av: {}",
                "{key} is one of: {}",
                known.join(", ")
            )),
        }
    }

    pub fn unknown_key(&self, key: &Key<'_>, what: &str, known: &[&str]) -> InputError {
        self.unknown_field(key.get_ref().as_ref(), key.span().start, what, known)
    }

    /// A key `name` at byte offset `at` that `what` does not have, with the closest known one.
    pub fn unknown_field(&self, name: &str, at: usize, what: &str, known: &[&str]) -> InputError {
        let err = self.err(
            at..at,
            crate::msg!(
                "okänt fält `{}` i {}",
                "unknown field `{}` in {}",
                name,
                what
            ),
        );
        match did_you_mean(name, known) {
            Some(m) => err.with_hint(crate::msg!("menade du `{}`?", "did you mean `{}`?", m)),
            None => err.with_hint(crate::msg!(
                "ett av: {}",
                "expected one of: {}",
                known.join(", ")
            )),
        }
    }

    pub fn table<'v, 'i>(
        &self,
        key: &str,
        v: &'v Value<'i>,
    ) -> Result<&'v DeTable<'i>, InputError> {
        match v.get_ref() {
            DeValue::Table(t) => Ok(t),
            _ => Err(self.type_error(key, v, crate::msg!("en tabell", "a table"))),
        }
    }

    pub fn array<'v, 'i>(
        &self,
        key: &str,
        v: &'v Value<'i>,
    ) -> Result<&'v [Value<'i>], InputError> {
        match v.get_ref() {
            DeValue::Array(a) => Ok(a),
            _ => Err(self.type_error(key, v, crate::msg!("en lista", "an array"))),
        }
    }

    pub fn string(&self, key: &str, v: &impl Item) -> Result<String, InputError> {
        self.str(key, v).map(str::to_string)
    }

    /// A string, borrowed from the parsed tree: for values that are only looked at.
    pub fn str<'v>(&self, key: &str, v: &'v impl Item) -> Result<&'v str, InputError> {
        match v.view() {
            View::String(s) => Ok(s),
            _ => Err(self.type_error(key, v, crate::msg!("en text", "a string"))),
        }
    }

    /// A non-empty string after trimming.
    pub fn text(&self, key: &str, v: &impl Item) -> Result<String, InputError> {
        self.text_str(key, v).map(str::to_string)
    }

    /// [`Reader::text`], borrowed: for a value kept in a form of its own.
    pub fn text_str<'v>(&self, key: &str, v: &'v impl Item) -> Result<&'v str, InputError> {
        let s = self.str(key, v)?;
        if s.trim().is_empty() {
            return Err(self.err(
                v.span(),
                crate::msg!("`{}` får inte vara tomt", "`{}` must not be empty", key),
            ));
        }
        Ok(s)
    }

    pub fn bool(&self, key: &str, v: &impl Item) -> Result<bool, InputError> {
        match v.view() {
            View::Boolean(b) => Ok(b),
            View::String(s) if matches!(s, "true" | "false") => Err(self
                .type_error(key, v, crate::msg!("true eller false", "true or false"))
                .with_hint(crate::msg!(
                    "skriv {} = {} utan citattecken",
                    "write {} = {} without quotes",
                    key,
                    s
                ))),
            _ => Err(self.type_error(key, v, crate::msg!("true eller false", "true or false"))),
        }
    }

    pub fn integer(&self, key: &str, v: &impl Item) -> Result<i64, InputError> {
        match v.view() {
            View::Integer(digits, radix) => {
                // Plain decimal digits, nearly every number of a ledger: read
                // without the general parser (the plain reader's own reading).
                if radix == 10
                    && let Some(n) = plain::whole(digits)
                {
                    return Ok(n);
                }
                // Underscores (`1_000`) are rare; only then is a copy needed.
                let parsed = if digits.contains('_') {
                    i64::from_str_radix(&digits.replace('_', ""), radix)
                } else {
                    i64::from_str_radix(digits, radix)
                };
                parsed.map_err(|_| {
                    let m = crate::msg!("`{}` är för stort", "`{}` is too large", key);
                    self.err(v.span(), m)
                })
            }
            _ => Err(self.type_error(key, v, crate::msg!("ett heltal", "a whole number"))),
        }
    }

    /// A whole number in `range`.
    pub fn int_in(
        &self,
        key: &str,
        v: &impl Item,
        range: std::ops::RangeInclusive<i64>,
    ) -> Result<i64, InputError> {
        let n = self.integer(key, v)?;
        if !range.contains(&n) {
            return Err(self.err(
                v.span(),
                crate::msg!(
                    "`{}` måste vara mellan {} och {} (fick {})",
                    "`{}` must be {}..={} (got {})",
                    key,
                    range.start(),
                    range.end(),
                    n
                ),
            ));
        }
        Ok(n)
    }

    /// A calendar date: a TOML local date (`2024-03-11`) or a quoted ISO date.
    pub fn date(&self, key: &str, v: &impl Item) -> Result<NaiveDate, InputError> {
        match v.view() {
            View::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) => {
                    NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                        .ok_or_else(|| {
                            self.err(
                                v.span(),
                                crate::msg!(
                                    "`{}` är inget verkligt datum: {}",
                                    "`{}` is not a real date: {}",
                                    key,
                                    dt
                                ),
                            )
                        })
                }
                _ => Err(self
                    .err(
                        v.span(),
                        crate::msg!(
                            "`{}` ska vara ett datum utan klockslag, hittade {}",
                            "`{}` must be a date without a time, found {}",
                            key,
                            dt
                        ),
                    )
                    .with_hint(crate::msg!(
                        "skriv {} = 2024-03-11",
                        "write {} = 2024-03-11",
                        key
                    ))),
            },
            View::String(s) => parse_date(s).ok_or_else(|| {
                self.err(
                    v.span(),
                    crate::msg!(
                        "`{}` ska vara ett datum som 2024-03-11, fick {:?}",
                        "`{}` must be a date such as 2024-03-11, got {:?}",
                        key,
                        s
                    ),
                )
            }),
            _ => Err(self.type_error(
                key,
                v,
                crate::msg!("ett datum som 2024-03-11", "a date such as 2024-03-11"),
            )),
        }
    }

    /// An amount: a string (`"4500.00"`) or an integer (`4500`); never a float.
    pub fn amount(&self, key: &str, v: &impl Item) -> Result<Amount, InputError> {
        let amount = match v.view() {
            View::String(s) => Amount::parse_exact(s).map_err(|e| {
                let err = self.err(
                    v.span(),
                    format!("`{key}`: {}", crate::money::describe_error(&e)),
                );
                match e {
                    AmountError::TooPrecise(_) => err,
                    AmountError::TooLarge(_) => self.err(
                        v.span(),
                        crate::msg!(
                            "`{}` är orimligt stort ({}); högst {}",
                            "`{}` is absurdly large ({}); the most is {}",
                            key,
                            s.trim(),
                            MAX_AMOUNT
                        ),
                    ),
                    AmountError::Syntax(_) => err.with_hint(crate::msg!(
                        "skriv belopp som text: {} = \"4500.50\"",
                        "write amounts as strings: {} = \"4500.50\"",
                        key
                    )),
                }
            })?,
            View::Integer(..) => {
                Amount::from_kronor(self.integer(key, v)?.clamp(-10_000_000_000, 10_000_000_000))
            }
            View::Float(f) => {
                return Err(self
                    .err(
                        v.span(),
                        crate::msg!(
                            "`{}` är ett flyttal ({}), som inte kan hålla ören exakt",
                            "`{}` is a floating-point number ({}), which cannot hold öre exactly",
                            key,
                            f
                        ),
                    )
                    .with_hint(crate::msg!(
                        "skriv belopp som text: {} = \"{}\"",
                        "write amounts as strings: {} = \"{}\"",
                        key,
                        float_hint(f)
                    )));
            }
            _ => {
                return Err(self.type_error(
                    key,
                    v,
                    crate::msg!(
                        "ett belopp som \"4500.00\"",
                        "an amount such as \"4500.00\"",
                    ),
                ));
            }
        };
        if amount > MAX_AMOUNT {
            return Err(self.err(
                v.span(),
                crate::msg!(
                    "`{}` är orimligt stort ({}); högst {}",
                    "`{}` is absurdly large ({}); the most is {}",
                    key,
                    amount,
                    MAX_AMOUNT
                ),
            ));
        }
        Ok(amount)
    }
}

/// Parses an ISO date `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn float_hint(f: &str) -> String {
    match Amount::parse_exact(f) {
        Ok(a) => a.to_string(),
        Err(_) => f.to_string(),
    }
}

pub fn type_name(v: &Value<'_>) -> &'static str {
    view_name(&v.view())
}

/// What a value is, for "found …" in messages.
pub fn view_name(v: &View<'_>) -> &'static str {
    match v {
        View::String(_) => crate::msg!("en text", "a string"),
        View::Integer(..) => crate::msg!("ett heltal", "an integer"),
        View::Float(_) => crate::msg!("ett flyttal", "a float"),
        View::Boolean(_) => crate::msg!("ett sanningsvärde", "a boolean"),
        View::Datetime(_) => crate::msg!("ett datum", "a date"),
        View::Array => crate::msg!("en lista", "an array"),
        View::Table => crate::msg!("en tabell", "a table"),
    }
}

/// Entries of a table in the order they stand in the file.
pub fn in_file_order<'t, 'i>(t: &'t DeTable<'i>) -> Vec<(&'t Key<'i>, &'t Value<'i>)> {
    let mut v: Vec<_> = t.iter().collect();
    v.sort_by_key(|(k, _)| k.span().start);
    v
}

#[cfg(test)]
mod tests {
    use super::{Reader, View};
    use crate::diag::Source;

    struct Int<'a>(&'a str, u32);

    impl super::Item for Int<'_> {
        fn span(&self) -> std::ops::Range<usize> {
            0..0
        }

        fn view(&self) -> View<'_> {
            View::Integer(self.0, self.1)
        }
    }

    /// A whole number reads as the standard parser reads it, in four radixes,
    /// with signs, underscores, 18 to 20 digits, and letters among digits.
    #[test]
    fn a_whole_number_reads_as_the_standard_parser_reads_it() {
        let r = Reader::new(Source::new("t.toml", ""));
        let cases = [
            "0",
            "7",
            "42",
            "100000",
            "4294967295",
            "999999999999999999",
            "9223372036854775807",
            "9223372036854775808",
            "99999999999999999999",
            "-5",
            "+5",
            "1_000",
            "12a",
            "a1",
            "",
            "0x10",
            "1 ",
            "٣",
        ];
        for digits in cases {
            for radix in [10, 16, 8, 2] {
                let expected = i64::from_str_radix(&digits.replace('_', ""), radix).ok();
                let got = r.integer("n", &Int(digits, radix)).ok();
                assert_eq!(got, expected, "{digits:?} in radix {radix}");
            }
        }
    }
}
