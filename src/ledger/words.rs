//! The words for the ledger's kinds, statuses and roles, in one place: the one
//! spelling a ledger file stores (English, ASCII), the word a Swedish reader is
//! shown, and every other spelling a person may type on the command line
//! (Swedish or English, any case, with or without å, ä, ö).
//!
//! The command line turns what was typed into the stored spelling here; the
//! ledger's reader, which accepts only the stored spelling, asks here for the
//! "did you mean"; the renderers take their Swedish words from here. Nothing
//! here reads a file or prints.

use super::model::{Funder, Kind, Role, Status};

/// One thing the ledger names: how it is stored, how a Swedish reader is shown
/// it, and what else a person may call it.
pub struct Word<T: 'static> {
    pub value: T,
    /// The Swedish word shown to people.
    pub sv: &'static str,
    /// Other spellings accepted on the command line, beside the stored one and
    /// `sv` (which are always accepted).
    pub also: &'static [&'static str],
}

/// The kinds of entry.
pub const KINDS: &[Word<Kind>] = &[
    word(Kind::Course, "kurs", &["kurser"]),
    word(
        Kind::Literature,
        "litteratur",
        &["bok", "böcker", "book", "books"],
    ),
    word(
        Kind::Digital,
        "digital utbildning",
        &["digitalt", "digital-utbildning", "e-learning"],
    ),
    word(Kind::Travel, "resa", &["resor", "trip"]),
    word(Kind::Lodging, "logi", &["hotell", "boende", "hotel"]),
    word(Kind::Congress, "kongress", &["konferens", "conference"]),
    word(Kind::StudyCircle, "studiecirkel", &["study circle"]),
    word(Kind::Other, "övrigt", &["annat", "övrig"]),
];

/// The statuses of an entry.
pub const STATUSES: &[Word<Status>] = &[
    word(Status::Planned, "planerad", &["planerat"]),
    word(Status::Booked, "bokad", &["bokat", "anmäld"]),
    word(
        Status::Attended,
        "genomförd",
        &["genomfört", "deltog", "gått", "done"],
    ),
    word(
        Status::Cancelled,
        "avbokad",
        &["avbokat", "avbokad i tid", "canceled"],
    ),
    word(
        Status::CancelledLate,
        "avbokad för sent",
        &[
            "sent avbokad",
            "avbokad sent",
            "sen avbokning",
            "canceled-late",
            "late",
        ],
    ),
    word(
        Status::NoShow,
        "uteblev",
        &["utebliven", "noshow", "no show"],
    ),
    word(
        Status::Excused,
        "giltig frånvaro",
        &[
            "frånvaro med giltigt skäl",
            "giltigt skäl",
            "giltigt förhinder",
            "förhinder",
            "excused-absence",
            "excused absence",
        ],
    ),
];

/// The five built-in roles that approve an entry, by the spelling the ledger
/// stores (a policy's own roles carry their names in the policy).
pub const ROLES: &[Word<&str>] = &[
    word("handledare", "handledare", &["supervisor"]),
    word("studierektor", "studierektor", &["director-of-studies"]),
    word(
        "overgripande-studierektor",
        "övergripande studierektor",
        &["overarching-director-of-studies"],
    ),
    word(
        "verksamhetschef",
        "verksamhetschef",
        &["head-of-department"],
    ),
    word(
        "vardcentralchef",
        "vårdcentralchef",
        &["head-of-health-centre", "head-of-health-center"],
    ),
];

/// The payers agreed beforehand (`funded_by`).
pub const FUNDERS: &[Word<Funder>] = &[
    word(
        Funder::Unit,
        "enheten",
        &[
            "vårdcentralen",
            "kliniken",
            "enhet",
            "vårdcentral",
            "klinik",
        ],
    ),
    word(Funder::Central, "centralt", &["centrala medel", "regionen"]),
];

/// Ways to travel that policies' rules name (V7 names `flight`): the stored
/// word and the Swedish and other spellings a person may type. Any other way
/// is stored as typed.
pub const TRAVEL_MODES: &[(&str, &[&str])] = &[
    ("train", &["tåg"]),
    ("bus", &["buss"]),
    ("car", &["bil", "egen bil"]),
    ("flight", &["flyg", "flygplan", "plane", "fly"]),
    ("boat", &["båt", "färja", "ferry"]),
];

/// The stored word for a way to travel, as typed in either language (`flyg` is
/// `flight`); a way not in [`TRAVEL_MODES`] is kept as typed.
pub fn travel_mode(typed: &str) -> String {
    let n = normalise(typed);
    TRAVEL_MODES
        .iter()
        .find(|(stored, also)| normalise(stored) == n || also.iter().any(|a| normalise(a) == n))
        .map_or_else(
            || typed.trim().to_string(),
            |(stored, _)| stored.to_string(),
        )
}

/// A way to travel as a reader of `lang` says it: the Swedish word of a stored
/// one (`flight` is `flyg`); any other as stored.
pub fn travel_mode_word(stored: &str, lang: crate::i18n::Lang) -> String {
    let found = TRAVEL_MODES.iter().find(|(s, _)| *s == stored);
    match (lang, found) {
        (crate::i18n::Lang::Sv, Some((_, also))) => also.first().map_or(stored, |w| *w).to_string(),
        _ => stored.to_string(),
    }
}

const fn word<T>(value: T, sv: &'static str, also: &'static [&'static str]) -> Word<T> {
    Word { value, sv, also }
}

/// What a word is the same as, whatever its case, its å, ä, ö and é, and
/// whether its parts are joined by spaces, `_` or `-`.
pub fn normalise(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.trim().chars().flat_map(char::to_lowercase) {
        out.push(match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ø' | 'ó' => 'o',
            'é' | 'è' => 'e',
            ' ' | '_' | '\u{a0}' => '-',
            c => c,
        });
    }
    out
}

/// Something the ledger names by a word: its stored spelling.
pub trait Stored: Copy + PartialEq + 'static {
    fn stored(self) -> &'static str;
}

impl Stored for Kind {
    fn stored(self) -> &'static str {
        self.as_str()
    }
}

impl Stored for Status {
    fn stored(self) -> &'static str {
        self.as_str()
    }
}

impl Stored for Funder {
    fn stored(self) -> &'static str {
        self.as_str()
    }
}

impl Stored for &'static str {
    fn stored(self) -> &'static str {
        self
    }
}

/// Every spelling of every word of `table`, with what it means.
fn spellings<T: Stored>(table: &'static [Word<T>]) -> impl Iterator<Item = (&'static str, T)> {
    table.iter().flat_map(|w| {
        [w.value.stored(), w.sv]
            .into_iter()
            .chain(w.also.iter().copied())
            .map(move |s| (s, w.value))
    })
}

/// The thing a typed word means, in any of its spellings.
pub fn lookup<T: Stored>(table: &'static [Word<T>], typed: &str) -> Option<T> {
    let n = normalise(typed);
    if n.is_empty() {
        return None;
    }
    spellings(table)
        .find(|(s, _)| normalise(s) == n)
        .map(|(_, v)| v)
}

/// The closest thing to a word that means nothing: "did you mean".
pub fn closest<T: Stored>(table: &'static [Word<T>], typed: &str) -> Option<T> {
    let all: Vec<(String, T)> = spellings(table).map(|(s, v)| (normalise(s), v)).collect();
    let names: Vec<&str> = all.iter().map(|(s, _)| s.as_str()).collect();
    let near = crate::diag::did_you_mean(&normalise(typed), &names)?;
    all.iter().find(|(s, _)| s == near).map(|(_, v)| *v)
}

/// The Swedish word for a thing of `table`.
pub fn swedish<T: Stored>(table: &'static [Word<T>], value: T) -> &'static str {
    table
        .iter()
        .find(|w| w.value == value)
        .map_or(value.stored(), |w| w.sv)
}

/// What a reader of `lang` calls a thing of `table`: the Swedish word, or the
/// stored (English) one.
pub fn name<T: Stored>(
    table: &'static [Word<T>],
    value: T,
    lang: crate::i18n::Lang,
) -> &'static str {
    match lang {
        crate::i18n::Lang::Sv => swedish(table, value),
        crate::i18n::Lang::En => value.stored(),
    }
}

/// A kind, as typed in either language.
pub fn kind(typed: &str) -> Option<Kind> {
    lookup(KINDS, typed)
}

/// A status, as typed in either language.
pub fn status(typed: &str) -> Option<Status> {
    lookup(STATUSES, typed)
}

/// The stored spelling of a role, as typed in either language (`vårdcentralchef`
/// is `vardcentralchef`). The one place a typed role becomes the ledger's word:
/// the roles a policy declares are to be looked up here as well.
pub fn role_word(typed: &str) -> Option<&'static str> {
    lookup(ROLES, typed)
}

/// A built-in role, as typed in either language.
pub fn role(typed: &str) -> Option<Role> {
    role_word(typed).and_then(Role::parse)
}

/// The Swedish word for a role the ledger stores; `None` for a role a policy
/// declares (its names are in the policy).
pub fn role_swedish(stored: &str) -> Option<&'static str> {
    ROLES.iter().find(|w| w.value == stored).map(|w| w.sv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_in_both_languages_any_case_with_or_without_a_ring() {
        for (typed, want) in [
            ("kurs", Kind::Course),
            ("KURS", Kind::Course),
            ("Course", Kind::Course),
            ("bok", Kind::Literature),
            ("litteratur", Kind::Literature),
            ("digitalt", Kind::Digital),
            ("resa", Kind::Travel),
            ("hotell", Kind::Lodging),
            ("logi", Kind::Lodging),
            ("boende", Kind::Lodging),
            ("kongress", Kind::Congress),
            ("studiecirkel", Kind::StudyCircle),
            ("study_circle", Kind::StudyCircle),
            ("övrigt", Kind::Other),
            ("ovrigt", Kind::Other),
        ] {
            assert_eq!(kind(typed), Some(want), "{typed}");
        }
        for (typed, want) in [
            ("planerad", Status::Planned),
            ("bokad", Status::Booked),
            ("genomförd", Status::Attended),
            ("genomford", Status::Attended),
            ("avbokad", Status::Cancelled),
            ("sent-avbokad", Status::CancelledLate),
            ("Sent avbokad", Status::CancelledLate),
            ("uteblev", Status::NoShow),
            ("no-show", Status::NoShow),
            ("giltig frånvaro", Status::Excused),
            ("Giltigt-skal", Status::Excused),
            ("excused", Status::Excused),
        ] {
            assert_eq!(status(typed), Some(want), "{typed}");
        }
        for (typed, want) in [
            ("vårdcentralchef", "vardcentralchef"),
            ("Vardcentralchef", "vardcentralchef"),
            ("övergripande-studierektor", "overgripande-studierektor"),
            ("övergripande studierektor", "overgripande-studierektor"),
            ("HANDLEDARE", "handledare"),
            ("verksamhetschef", "verksamhetschef"),
            ("studierektor", "studierektor"),
        ] {
            assert_eq!(role_word(typed), Some(want), "{typed}");
        }
        assert_eq!(kind("kurz"), None);
        assert_eq!(travel_mode("Flyg"), "flight");
        assert_eq!(travel_mode("tåg"), "train");
        assert_eq!(travel_mode("cykel"), "cykel");
        assert_eq!(kind(""), None);
    }

    #[test]
    fn a_near_miss_is_told_what_it_was_near() {
        assert_eq!(closest(KINDS, "kurz"), Some(Kind::Course));
        assert_eq!(closest(KINDS, "cours"), Some(Kind::Course));
        assert_eq!(closest(STATUSES, "bokked"), Some(Status::Booked));
        assert_eq!(closest(ROLES, "handledre"), Some("handledare"));
        assert_eq!(closest(KINDS, "xylofon"), None);
    }

    #[test]
    fn every_stored_word_has_its_swedish() {
        for k in Kind::ALL {
            assert!(KINDS.iter().any(|w| w.value == *k), "{k}");
        }
        for s in Status::ALL {
            assert!(STATUSES.iter().any(|w| w.value == *s), "{s}");
        }
        for r in Role::ALL {
            assert!(ROLES.iter().any(|w| w.value == r.as_str()), "{r}");
        }
        assert_eq!(swedish(KINDS, Kind::Lodging), "logi");
    }

    #[test]
    fn no_spelling_means_two_things() {
        fn unique<T: Stored>(table: &'static [Word<T>]) {
            let mut seen = std::collections::HashMap::new();
            for (s, v) in spellings(table) {
                if let Some(other) = seen.insert(normalise(s), v) {
                    assert!(other == v, "{s} means two things");
                }
            }
        }
        unique(KINDS);
        unique(STATUSES);
        unique(ROLES);
    }
}
