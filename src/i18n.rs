//! The language of what the tool prints to people, chosen once per process.
//!
//! Every text a person reads is written once as a Swedish–English pair with
//! [`msg!`](crate::msg), the only way to translate (the `--help` table in
//! `cli/help_sv.rs` aside). Reports take their [`Lang`] explicitly (they are
//! rendered from plain data and tested in both languages); errors and hints, made
//! deep inside the loaders, use the language set at start-up, the way gettext
//! reads the locale. Without a
//! call to [`set`] everything is English, so library users and unit tests get
//! stable English text. JSON and CSV never go through here.

use std::sync::atomic::{AtomicU8, Ordering};

/// The language of what the tool prints.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    Sv,
    #[default]
    En,
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Chooses the language of messages for the rest of the process.
pub fn set(lang: Lang) {
    CURRENT.store(
        match lang {
            Lang::En => 0,
            Lang::Sv => 1,
        },
        Ordering::Relaxed,
    );
}

/// The language of messages.
pub fn current() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::Sv,
        _ => Lang::En,
    }
}

/// A whole number as `lang` writes it: `262 144` (with a non-breaking space),
/// `262,144`.
pub fn whole(n: u64, lang: Lang) -> String {
    let digits = n.to_string();
    let sep = match lang {
        Lang::Sv => '\u{a0}',
        Lang::En => ',',
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A number and its word: `one` after 1, `many` after any other number
/// ("1 warning", "2 warnings"; "1 varning", "2 varningar").
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The one way st-budget says something in two languages: the Swedish and the
/// English text side by side, written together.
///
/// - `msg!("svensk", "English")`: in the language of messages (see [`set`]).
/// - `msg!(lang => "svensk", "English")`: in a language given explicitly, as
///   renderers do (they are rendered from plain data and tested in both).
///
/// Without arguments it gives the `&'static str` of the language (a text with
/// `{` or `}` in it is refused at compile time: pass its arguments). With
/// arguments, `msg!("svensk {}", "English {}", x)`, it is `format!` in the
/// language and gives a `String`; both texts take the same arguments, positional
/// or named (`msg!("{n} st", "{n} pcs", n = count)`).
#[macro_export]
macro_rules! msg {
    ($lang:expr => $sv:literal, $en:literal $(,)?) => {{
        const _: () = assert!(
            $crate::i18n::plain($sv) && $crate::i18n::plain($en),
            "a text without arguments has no braces in it"
        );
        match $lang {
            $crate::i18n::Lang::Sv => $sv,
            $crate::i18n::Lang::En => $en,
        }
    }};
    ($lang:expr => $sv:literal, $en:literal, $($args:tt)+) => {
        match $lang {
            $crate::i18n::Lang::Sv => format!($sv, $($args)+),
            $crate::i18n::Lang::En => format!($en, $($args)+),
        }
    };
    ($sv:literal, $en:literal $(,)?) => {
        $crate::msg!($crate::i18n::current() => $sv, $en)
    };
    ($sv:literal, $en:literal, $($args:tt)+) => {
        $crate::msg!($crate::i18n::current() => $sv, $en, $($args)+)
    };
}

/// Whether a text has no `{` or `}`: one [`msg!`](crate::msg) may give as it is.
pub const fn plain(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'{' || bytes[i] == b'}' {
            return false;
        }
        i += 1;
    }
    true
}

/// The language before clap has parsed anything, so that the messages of value
/// parsers (a bad `--date`) are in it too: `--lang sv`/`--lang=sv` among the
/// arguments, else the locale.
pub fn early(args: impl IntoIterator<Item = std::ffi::OsString>) -> Lang {
    let args: Vec<String> = args
        .into_iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let mut found = None;
    for (i, a) in args.iter().enumerate() {
        let v = match a.strip_prefix("--lang=") {
            Some(v) => Some(v),
            None if a == "--lang" => args.get(i + 1).map(String::as_str),
            None => None,
        };
        match v {
            Some("sv") => found = Some(Lang::Sv),
            Some("en") => found = Some(Lang::En),
            _ => {}
        }
    }
    found.unwrap_or_else(from_env)
}

/// Swedish when the locale says so (`LC_ALL`, then `LC_MESSAGES`, then `LANG`,
/// the first one set), else English.
pub fn from_env() -> Lang {
    from_vars(|v| std::env::var(v).ok())
}

fn from_vars(get: impl Fn(&str) -> Option<String>) -> Lang {
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        match get(var) {
            Some(v) if !v.is_empty() => {
                return if v.to_lowercase().starts_with("sv") {
                    Lang::Sv
                } else {
                    Lang::En
                };
            }
            _ => {}
        }
    }
    Lang::En
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_are_grouped_as_each_language_writes_them() {
        for (n, sv, en) in [
            (0, "0", "0"),
            (999, "999", "999"),
            (3_650, "3\u{a0}650", "3,650"),
            (262_144, "262\u{a0}144", "262,144"),
            (1_000_000, "1\u{a0}000\u{a0}000", "1,000,000"),
        ] {
            assert_eq!(whole(n, Lang::Sv), sv);
            assert_eq!(whole(n, Lang::En), en);
        }
    }

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_locale_picks_the_language_english_when_unknown() {
        assert_eq!(from_vars(env(&[("LANG", "sv_SE.UTF-8")])), Lang::Sv);
        assert_eq!(from_vars(env(&[("LANG", "de_DE.UTF-8")])), Lang::En);
        assert_eq!(from_vars(env(&[])), Lang::En);
        assert_eq!(from_vars(env(&[("LANG", "C")])), Lang::En);
        // LC_ALL wins over LANG; an empty variable is skipped.
        assert_eq!(
            from_vars(env(&[("LC_ALL", "en_GB.UTF-8"), ("LANG", "sv_SE.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            from_vars(env(&[("LC_ALL", ""), ("LANG", "sv_SE.UTF-8")])),
            Lang::Sv
        );
    }
}
