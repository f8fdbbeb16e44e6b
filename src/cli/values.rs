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

/// A whole number of kilometres or nights: 0 or more.
pub fn parse_whole(s: &str) -> Result<u32, String> {
    s.trim().parse::<u32>().map_err(|_| {
        crate::msg!(
            "väntade ett heltal, 0 eller mer, fick {:?}",
            "expected a whole number, 0 or more, got {:?}",
            s
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goals_and_whole_numbers() {
        assert_eq!(parse_goal(" c12 ").map(|g| g.level), Ok('c'));
        assert_eq!(
            parse_goal("d"),
            Err(
                "expected a level a, b, c or a goal code such as c12 or STc7, got \"d\""
                    .to_string()
            )
        );
        assert_eq!(parse_whole(" 140 "), Ok(140));
        assert_eq!(
            parse_whole("-3"),
            Err("expected a whole number, 0 or more, got \"-3\"".to_string())
        );
        assert!(parse_whole("fyra").is_err());
    }
}
