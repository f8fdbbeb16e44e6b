//! TOML's own error messages in both languages.
//!
//! The parser (`toml_parser`, under `toml` and [`super::stream`]) describes a
//! mistake in English: a description, then `, expected …`. Here each phrase it
//! can give is said in Swedish as well; in English the message stays word for
//! word the parser's. A phrase not in the table (a newer parser's) is given as
//! the parser words it.

use std::borrow::Cow;

/// `invalid TOML: …` for the parser's message, in the language of messages.
pub fn message(english: &str) -> String {
    match english.split_once(", expected ") {
        Some((what, expected)) => crate::msg!(
            "ogiltig TOML: {}, väntade {}",
            "invalid TOML: {}, expected {}",
            phrase(what),
            expected
                .split(", ")
                .map(phrase)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => crate::msg!("ogiltig TOML: {}", "invalid TOML: {}", phrase(english)),
    }
}

/// The parser's message as `toml` words it: the description, then what was
/// expected.
pub fn english(e: &toml_parser::ParseError) -> String {
    let mut message = e.description().to_string();
    if let Some(expected) = e.expected() {
        message.push_str(", expected ");
        if expected.is_empty() {
            message.push_str("nothing");
        }
        for (i, x) in expected.iter().enumerate() {
            if i != 0 {
                message.push_str(", ");
            }
            match x {
                toml_parser::Expected::Literal("\n") => message.push_str("newline"),
                toml_parser::Expected::Literal("`") => message.push_str("'`'"),
                toml_parser::Expected::Literal(s) if s.chars().all(|c| c.is_ascii_control()) => {
                    message.push_str(&format!("`{}`", s.escape_debug()));
                }
                toml_parser::Expected::Literal(s) => message.push_str(&format!("`{s}`")),
                toml_parser::Expected::Description(d) => message.push_str(d),
                _ => message.push_str("etc"),
            }
        }
    }
    message
}

fn phrase(en: &str) -> Cow<'_, str> {
    if let Some(t) = en
        .strip_prefix("cannot extend value of type ")
        .and_then(|r| r.strip_suffix(" with a dotted key"))
    {
        return Cow::Owned(crate::msg!(
            "kan inte utöka ett värde av typen {} med en punktad nyckel",
            "cannot extend value of type {} with a dotted key",
            phrase(t)
        ));
    }
    if let Some(what) = en.strip_prefix("invalid ")
        // Words of the neuter gender only (`ogiltigt datum`); `tidszon` is not.
        && matches!(what, "date" | "time" | "date-time" | "datetime")
    {
        return Cow::Owned(crate::msg!("ogiltigt {}", "invalid {}", phrase(what)));
    }
    if let Some(n) = en.strip_prefix("a two-digit ") {
        return Cow::Owned(crate::msg!(
            "två siffror för {}",
            "a two-digit {}",
            phrase(n)
        ));
    }
    Cow::Borrowed(word(en).unwrap_or(en))
}

/// One phrase of the parser's, in the language of messages.
fn word(en: &str) -> Option<&'static str> {
    use crate::msg;
    Some(match en {
        "`_` may only go between digits" => msg!(
            "`_` får bara stå mellan siffror",
            "`_` may only go between digits"
        ),
        "cannot recurse further; max recursion depth met" => msg!(
            "kan inte nästla djupare; största djupet är nått",
            "cannot recurse further; max recursion depth met"
        ),
        "recursion limit" => msg!("för många nivåer", "recursion limit"),
        "carriage return must be followed by newline" => msg!(
            "vagnretur måste följas av radbrytning",
            "carriage return must be followed by newline"
        ),
        "duplicate key" => msg!("nyckeln finns redan", "duplicate key"),
        "extra `=`" => msg!("ett `=` för mycket", "extra `=`"),
        "extra assignment between key-value pairs" => msg!(
            "en tilldelning för mycket mellan nyckel–värde-par",
            "extra assignment between key-value pairs"
        ),
        "extra comma in array" => msg!(
            "ett kommatecken för mycket i listan",
            "extra comma in array"
        ),
        "extra comma in inline table" => msg!(
            "ett kommatecken för mycket i den inbäddade tabellen",
            "extra comma in inline table"
        ),
        "integers with a radix cannot be signed" => msg!(
            "heltal med talbas kan inte ha förtecken",
            "integers with a radix cannot be signed"
        ),
        "invalid comment character" => {
            msg!("ogiltigt tecken i kommentar", "invalid comment character")
        }
        "invalid inline table element" => msg!(
            "ogiltigt element i inbäddad tabell",
            "invalid inline table element"
        ),
        "invalid key-value pair" => msg!("ogiltigt nyckel–värde-par", "invalid key-value pair"),
        "invalid unquoted key" => msg!("ogiltig nyckel utan citattecken", "invalid unquoted key"),
        "invalid value" => msg!("ogiltigt värde", "invalid value"),
        "invalid offset" => msg!("ogiltig tidszon", "invalid offset"),
        "invalid boolean" => msg!("ogiltigt sanningsvärde", "invalid boolean"),
        "invalid float" => msg!("ogiltigt decimaltal", "invalid float"),
        "invalid fraction" => msg!("ogiltig decimaldel", "invalid fraction"),
        "invalid exponent" => msg!("ogiltig exponent", "invalid exponent"),
        "invalid mantissa" => msg!("ogiltig mantissa", "invalid mantissa"),
        "invalid hexadecimal number" => {
            msg!("ogiltigt hexadecimalt tal", "invalid hexadecimal number")
        }
        "invalid octal number" => msg!("ogiltigt oktalt tal", "invalid octal number"),
        "invalid binary number" => msg!("ogiltigt binärt tal", "invalid binary number"),
        "invalid basic string" => msg!("ogiltig sträng", "invalid basic string"),
        "invalid multi-line basic string" => msg!(
            "ogiltig flerradig sträng",
            "invalid multi-line basic string"
        ),
        "invalid literal string" => {
            msg!("ogiltig ordagrann sträng", "invalid literal string")
        }
        "invalid multi-line literal string" => msg!(
            "ogiltig flerradig ordagrann sträng",
            "invalid multi-line literal string"
        ),
        "key with no value" => msg!("nyckel utan värde", "key with no value"),
        "keys cannot be multi-line basic strings" => msg!(
            "nycklar kan inte vara flerradiga strängar",
            "keys cannot be multi-line basic strings"
        ),
        "keys cannot be multi-line literal strings" => msg!(
            "nycklar kan inte vara flerradiga ordagranna strängar",
            "keys cannot be multi-line literal strings"
        ),
        "missing array opening" => msg!("listans början saknas", "missing array opening"),
        "missing assignment between key-value pairs" => msg!(
            "tilldelning saknas mellan nyckel–värde-par",
            "missing assignment between key-value pairs"
        ),
        "missing comma between array elements" => msg!(
            "kommatecken saknas mellan listans element",
            "missing comma between array elements"
        ),
        "missing comma between key-value pairs" => msg!(
            "kommatecken saknas mellan nyckel–värde-par",
            "missing comma between key-value pairs"
        ),
        "missing comment start" => msg!("kommentarens början saknas", "missing comment start"),
        "missing escaped value" => msg!("tecknet efter \\ saknas", "missing escaped value"),
        "missing inline table opening" => msg!(
            "den inbäddade tabellens början saknas",
            "missing inline table opening"
        ),
        "missing key for inline table element" => msg!(
            "nyckel saknas för element i inbäddad tabell",
            "missing key for inline table element"
        ),
        "missing opening quote" => msg!("inledande citattecken saknas", "missing opening quote"),
        "missing table open" => msg!("tabellens början saknas", "missing table open"),
        "missing value for key" => msg!("värde saknas för nyckeln", "missing value for key"),
        "missing value" => msg!("värde saknas", "missing value"),
        "radix must be lowercase" => msg!("talbasen skrivs med gemener", "radix must be lowercase"),
        "redundant integer number prefix" => msg!(
            "överflödigt prefix för heltal",
            "redundant integer number prefix"
        ),
        "redundant numeric sign" => msg!("överflödigt förtecken", "redundant numeric sign"),
        "string values must be quoted" => msg!(
            "textvärden står inom citattecken",
            "string values must be quoted"
        ),
        "too few unicode value digits" => msg!(
            "för få siffror i unicode-värdet",
            "too few unicode value digits"
        ),
        "unclosed array table" => msg!("oavslutad tabellista", "unclosed array table"),
        "unclosed array" => msg!("oavslutad lista", "unclosed array"),
        "unclosed inline table" => msg!("oavslutad inbäddad tabell", "unclosed inline table"),
        "unclosed table" => msg!("oavslutad tabell", "unclosed table"),
        "unexpected `=` in array" => msg!("oväntat `=` i lista", "unexpected `=` in array"),
        "unexpected content between comment and newline" => msg!(
            "oväntat innehåll mellan kommentar och radbrytning",
            "unexpected content between comment and newline"
        ),
        "unexpected content" => msg!("oväntat innehåll", "unexpected content"),
        "unexpected key or value" => msg!(
            "oväntad nyckel eller oväntat värde",
            "unexpected key or value"
        ),
        "unexpected leading zero" => msg!("oväntad inledande nolla", "unexpected leading zero"),
        "unexpected sign" => msg!("oväntat förtecken", "unexpected sign"),
        "unquoted keys cannot be empty" => msg!(
            "nycklar utan citattecken kan inte vara tomma",
            "unquoted keys cannot be empty"
        ),
        // What was expected.
        "nothing" => msg!("ingenting", "nothing"),
        "newline" => msg!("radbrytning", "newline"),
        "etc" => msg!("med mera", "etc"),
        "basic string" => msg!("sträng", "basic string"),
        "characters" => msg!("tecken", "characters"),
        "digits" => msg!("siffror", "digits"),
        "key" => msg!("nyckel", "key"),
        "letters" => msg!("bokstäver", "letters"),
        "literal string" => msg!("ordagrann sträng", "literal string"),
        "multi-line basic string" => msg!("flerradig sträng", "multi-line basic string"),
        "non-double-quote visible characters" => msg!(
            "synliga tecken utom \"",
            "non-double-quote visible characters"
        ),
        "non-single-quote characters" => msg!("tecken utom '", "non-single-quote characters"),
        "non-single-quote visible characters" => msg!(
            "synliga tecken utom '",
            "non-single-quote visible characters"
        ),
        "numbers" => msg!("tal", "numbers"),
        "printable characters" => msg!("skrivbara tecken", "printable characters"),
        "unicode hexadecimal value" => {
            msg!("hexadecimalt unicode-värde", "unicode hexadecimal value")
        }
        "value" => msg!("värde", "value"),
        // Types of values.
        "string" => msg!("text", "string"),
        "integer" => msg!("heltal", "integer"),
        "float" => msg!("flyttal", "float"),
        "boolean" => msg!("sanningsvärde", "boolean"),
        "datetime" => msg!("datum och tid", "datetime"),
        "array" => msg!("lista", "array"),
        "table" => msg!("tabell", "table"),
        "inline table" => msg!("inbäddad tabell", "inline table"),
        // Dates and times.
        "date" => msg!("datum", "date"),
        "time" => msg!("klockslag", "time"),
        "offset" => msg!("tidszon", "offset"),
        "date-time" => msg!("datum och tid", "date-time"),
        "year (YYYY)" => msg!("år (ÅÅÅÅ)", "year (YYYY)"),
        "a four-digit year (YYYY)" => {
            msg!("fyra siffror för år (ÅÅÅÅ)", "a four-digit year (YYYY)")
        }
        "day (DD)" => msg!("dag (DD)", "day (DD)"),
        "hour (HH)" => msg!("timme (TT)", "hour (HH)"),
        "minute (MM)" => msg!("minut (MM)", "minute (MM)"),
        "month (MM)" => msg!("månad (MM)", "month (MM)"),
        "second (SS)" => msg!("sekund (SS)", "second (SS)"),
        "`-` (MM-DD)" => msg!("`-` (MM-DD)", "`-` (MM-DD)"),
        "`-` (YYYY-MM) or `:` (HH:MM)" => msg!(
            "`-` (ÅÅÅÅ-MM) eller `:` (TT:MM)",
            "`-` (YYYY-MM) or `:` (HH:MM)"
        ),
        "`:` (HH:MM)" => msg!("`:` (TT:MM)", "`:` (HH:MM)"),
        "`T` between date and time" => msg!(
            "`T` mellan datum och klockslag",
            "`T` between date and time"
        ),
        "`Z`" => msg!("`Z`", "`Z`"),
        "+OFFSET" => msg!("+TIDSZON", "+OFFSET"),
        "-OFFSET" => msg!("-TIDSZON", "-OFFSET"),
        "hour between 00 and 23" => msg!("timme mellan 00 och 23", "hour between 00 and 23"),
        "hours between 00 and 23" => msg!("timmar mellan 00 och 23", "hours between 00 and 23"),
        "minute between 00 and 59" => msg!("minut mellan 00 och 59", "minute between 00 and 59"),
        "minutes between 00 and 59" => {
            msg!("minuter mellan 00 och 59", "minutes between 00 and 59")
        }
        "month between 01 and 12" => msg!("månad mellan 01 och 12", "month between 01 and 12"),
        "second between 00 and 60" => msg!("sekund mellan 00 och 60", "second between 00 and 60"),
        "day between 01 and 28" => msg!("dag mellan 01 och 28", "day between 01 and 28"),
        "day between 01 and 29" => msg!("dag mellan 01 och 29", "day between 01 and 29"),
        "day between 01 and 30" => msg!("dag mellan 01 och 30", "day between 01 and 30"),
        "day between 01 and 31" => msg!("dag mellan 01 och 31", "day between 01 and 31"),
        "year or hour" => msg!("år eller timme", "year or hour"),
        "nanosecond" => msg!("nanosekund", "nanosecond"),
        "nanoseconds overflowed" => msg!("för många nanosekunder", "nanoseconds overflowed"),
        "month" => msg!("månad", "month"),
        "day" => msg!("dag", "day"),
        "hour" => msg!("timme", "hour"),
        "minute" => msg!("minut", "minute"),
        "second" => msg!("sekund", "second"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // The language is process-wide; unit tests run in English (the default).
    // tests/swedish.rs reads TOML mistakes in Swedish through the binary.
    #[test]
    fn in_english_the_message_is_the_parsers() {
        for m in [
            "invalid date, expected day between 01 and 28",
            "cannot extend value of type inline table with a dotted key",
            "missing value, expected `=`, newline",
            "duplicate key",
        ] {
            assert_eq!(message(m), format!("invalid TOML: {m}"));
        }
    }
}
