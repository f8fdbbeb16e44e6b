//! Value parsers that the flags and the guided `add`'s questions share, beside
//! the older ones in `cli/mod.rs`: one parser per value, so that a flag and an
//! answer are read, and refused, in the same words.

use crate::ledger::Goal;

/// A goal: a level `a`, `b`, `c` or a goal code such as `c12` or `STc7`.
pub fn parse_goal(s: &str) -> Result<Goal, String> {
    Goal::parse(s).ok_or_else(|| {
        crate::msg!(
            "väntade en nivå a, b, c eller en målkod som c12 eller STc7, fick {:?}",
            "expected a level a, b, c or a goal code such as c12 or STc7, got {:?}",
            s
        )
    })
}

/// A name, id or unit of the trainee's: at most
/// [`crate::ledger::MAX_NAME_CHARS`] characters, as a ledger may state it.
pub fn parse_name(s: &str) -> Result<String, String> {
    if crate::ledger::short_enough(s) {
        return Ok(s.to_string());
    }
    Err(crate::msg!(
        "högst {} tecken, fick {}",
        "at most {} characters, got {}",
        crate::ledger::MAX_NAME_CHARS,
        crate::i18n::whole(s.chars().count() as u64, crate::i18n::current())
    ))
}

/// A distance in kilometres, as a ledger may state it.
pub fn parse_km(s: &str) -> Result<u32, String> {
    whole(s, crate::ledger::MAX_DISTANCE_KM)
}

/// A number of nights, as a ledger may state it.
pub fn parse_nights(s: &str) -> Result<u16, String> {
    whole(s, crate::ledger::MAX_NIGHTS.into())
}

/// A number of course days, as a ledger may state it.
pub fn parse_days(s: &str) -> Result<u32, String> {
    whole(s, crate::ledger::MAX_DAYS)
}

/// A whole number from 0 to `max`: the bounds a ledger's reader holds the
/// same field to, so that `add` never writes what would not read back.
fn whole<T: TryFrom<u32>>(s: &str, max: u32) -> Result<T, String> {
    match s.trim().parse::<u32>() {
        Ok(n) if n <= max => T::try_from(n).ok(),
        _ => None,
    }
    .ok_or_else(|| {
        crate::msg!(
            "väntade ett heltal från 0 till {}, fick {:?}",
            "expected a whole number from 0 to {}, got {:?}",
            crate::i18n::whole(max.into(), crate::i18n::current()),
            s
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goals_and_whole_numbers() {
        assert_eq!(parse_goal(" c12 ").map(|g| g.level()), Ok('c'));
        assert_eq!(
            parse_goal("d"),
            Err(
                "expected a level a, b, c or a goal code such as c12 or STc7, got \"d\""
                    .to_string()
            )
        );
        assert_eq!(parse_km(" 140 "), Ok(140));
        assert_eq!(
            parse_km("-3"),
            Err("expected a whole number from 0 to 100,000, got \"-3\"".to_string())
        );
        assert!(parse_nights("fyra").is_err());
        assert_eq!(parse_nights("3650"), Ok(3650));
        assert_eq!(
            parse_nights("3651"),
            Err("expected a whole number from 0 to 3,650, got \"3651\"".to_string())
        );
        assert_eq!(parse_days("3650"), Ok(3650));
        assert!(parse_days("4000").is_err());
        assert_eq!(parse_km("100000"), Ok(100_000));
        assert_eq!(parse_name(&"Å".repeat(200)), Ok("Å".repeat(200)));
        assert_eq!(
            parse_name(&"Å".repeat(201)),
            Err("at most 200 characters, got 201".to_string())
        );
        assert!(parse_km("100001").is_err());
    }
}
