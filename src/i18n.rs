//! The language of what the tool prints to people, chosen once per process.
//!
//! Reports take their [`Lang`] explicitly (they are rendered from plain data and
//! tested in both languages). Errors and hints, though, are made deep inside the
//! loaders, far from any `Ctx`; they pick their text with [`t`] or [`msg!`] from
//! the language set at start-up, the way gettext reads the locale. Without a
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

/// Picks the Swedish or English text in the language of messages.
pub fn t(sv: &'static str, en: &'static str) -> &'static str {
    match current() {
        Lang::Sv => sv,
        Lang::En => en,
    }
}

/// `msg!("svensk {x}", "English {x}")`: a formatted message in the language of
/// messages. Both texts take the same arguments.
#[macro_export]
macro_rules! msg {
    ($sv:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        match $crate::i18n::current() {
            $crate::i18n::Lang::Sv => format!($sv $(, $arg)*),
            $crate::i18n::Lang::En => format!($en $(, $arg)*),
        }
    };
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
