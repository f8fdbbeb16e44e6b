//! The rule kinds the engine knows, in one table: each kind's name, the keys a
//! rule of it may have, and what it must say about money. Loading (and its "did
//! you mean") reads this table, and a test holds docs/policy.md's list to it.
//!
//! Adding a kind: a variant of [`RuleKind`] and its row here (a file names a
//! kind by the row's name, so a kind without a row cannot be written); a variant
//! of [`Body`](super::Body); its reader in `policy/load/rule.rs`, its handling in
//! one phase of the engine and its explanation in `render/policy.rs`, each an
//! exhaustive `match` the compiler points at; its row in docs/policy.md.

/// A kind of rule, as `kind = "…"` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleKind {
    Budget,
    Overflow,
    Expiry,
    Route,
    Chargeback,
    Require,
    Approval,
    Flag,
    Cap,
    Count,
    Overlap,
    Link,
}

/// What the loader knows of a kind before reading its own keys.
#[derive(Debug)]
pub struct KindSpec {
    pub kind: RuleKind,
    /// As written in `kind = "…"`.
    pub name: &'static str,
    /// The keys a rule of this kind may have beyond [`COMMON_KEYS`], in the
    /// order a hint lists them.
    pub keys: &'static [&'static str],
    /// The rule moves money, so it must say who pays (`payer`).
    pub needs_payer: bool,
    /// The rule exists to move money away from the budget, so `payer =
    /// "budget"` makes no sense and is refused.
    pub off_budget: bool,
}

/// The keys every rule has, whatever its kind.
pub const COMMON_KEYS: &[&str] = &[
    "id",
    "ref",
    "kind",
    "title",
    "message",
    "severity",
    "overrides",
    "from",
    "to",
];

/// Every kind, in the order of [`RuleKind`] (checked when compiling) and of
/// docs/policy.md's list.
pub const KINDS: &[KindSpec] = &[
    KindSpec {
        kind: RuleKind::Budget,
        name: "budget",
        keys: &[
            "when",
            "unit",
            "amount",
            "count",
            "eves",
            "period",
            "prorate",
            "reserve",
            "open_when",
            "outside",
            "payer",
            "split",
        ],
        needs_payer: false,
        off_budget: false,
    },
    KindSpec {
        kind: RuleKind::Overflow,
        name: "overflow",
        keys: &["when", "payer"],
        needs_payer: false,
        off_budget: true,
    },
    KindSpec {
        kind: RuleKind::Expiry,
        name: "expiry",
        keys: &["when", "last_day", "unless", "payer"],
        needs_payer: true,
        off_budget: false,
    },
    KindSpec {
        kind: RuleKind::Route,
        name: "route",
        keys: &["when", "payer"],
        needs_payer: true,
        off_budget: true,
    },
    KindSpec {
        kind: RuleKind::Chargeback,
        name: "chargeback",
        keys: &["when", "payer"],
        needs_payer: true,
        off_budget: true,
    },
    KindSpec {
        kind: RuleKind::Require,
        name: "require",
        keys: &["when", "require", "payer", "unknown"],
        needs_payer: false,
        off_budget: false,
    },
    KindSpec {
        kind: RuleKind::Approval,
        name: "approval",
        keys: &["when", "roles", "need", "deadline", "payer"],
        needs_payer: false,
        off_budget: false,
    },
    KindSpec {
        kind: RuleKind::Flag,
        name: "flag",
        keys: &["when", "unknown"],
        needs_payer: false,
        off_budget: false,
    },
    KindSpec {
        kind: RuleKind::Cap,
        name: "cap",
        keys: &["when", "limit", "period", "per", "payer", "split"],
        needs_payer: true,
        off_budget: false,
    },
    KindSpec {
        kind: RuleKind::Count,
        name: "count",
        keys: &["when", "max", "period", "by", "payer"],
        needs_payer: true,
        off_budget: false,
    },
    KindSpec {
        kind: RuleKind::Overlap,
        name: "overlap",
        keys: &["when", "with", "payer"],
        needs_payer: false,
        off_budget: false,
    },
    KindSpec {
        kind: RuleKind::Link,
        name: "link",
        keys: &["when", "parent", "payer"],
        needs_payer: true,
        off_budget: false,
    },
];

// `RuleKind::spec` indexes the table by the variant: the rows must be in order.
const _: () = {
    let mut i = 0;
    while i < KINDS.len() {
        assert!(
            KINDS[i].kind as usize == i,
            "KINDS must be in the order of RuleKind"
        );
        i += 1;
    }
};

impl RuleKind {
    /// This kind's row of [`KINDS`].
    pub fn spec(self) -> &'static KindSpec {
        &KINDS[self as usize]
    }

    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The kind `kind = "…"` names.
    pub fn parse(s: &str) -> Option<RuleKind> {
        KINDS.iter().find(|k| k.name == s).map(|k| k.kind)
    }

    /// Every kind's name, in table order (for hints and "did you mean").
    pub fn names() -> Vec<&'static str> {
        KINDS.iter().map(|k| k.name).collect()
    }
}

impl KindSpec {
    /// Every key a rule of this kind may have: the common ones, then its own.
    pub fn allowed_keys(&self) -> Vec<&'static str> {
        COMMON_KEYS.iter().chain(self.keys).copied().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_reads_back_as_its_kind() {
        for spec in KINDS {
            assert_eq!(RuleKind::parse(spec.name), Some(spec.kind));
            assert_eq!(spec.kind.spec().name, spec.name);
        }
        assert_eq!(RuleKind::parse("Budget"), None);
    }

    #[test]
    fn a_kind_that_moves_money_off_the_budget_needs_a_payer() {
        for spec in KINDS {
            if spec.off_budget || spec.needs_payer {
                assert!(spec.keys.contains(&"payer"), "{}", spec.name);
            }
            assert!(
                spec.keys.iter().all(|k| !COMMON_KEYS.contains(k)),
                "{} repeats a common key",
                spec.name
            );
        }
    }

    /// docs/policy.md lists the kinds in a table, one row each, in this order;
    /// each row names every key of its kind (every kind takes `when`, which
    /// the section on every rule describes).
    #[test]
    fn docs_policy_md_lists_every_kind_with_its_keys() {
        let doc = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/policy.md"));
        let section = doc
            .split("## Rule kinds")
            .nth(1)
            .and_then(|s| s.split("\n## ").next())
            .expect("docs/policy.md has a section \"Rule kinds\"");
        let rows: Vec<&str> = section.lines().filter(|l| l.starts_with("| `")).collect();
        let named: Vec<&str> = rows
            .iter()
            .filter_map(|r| r.strip_prefix("| `")?.split('`').next())
            .collect();
        assert_eq!(named, RuleKind::names(), "the kinds of docs/policy.md");
        let every_rule = doc
            .split("## Every rule")
            .nth(1)
            .and_then(|s| s.split("\n## ").next())
            .expect("docs/policy.md has a section \"Every rule\"");
        for key in COMMON_KEYS.iter().chain(&["when", "payer"]) {
            assert!(
                every_rule
                    .lines()
                    .any(|l| l.starts_with("| `") && l.contains(&format!("`{key}`"))),
                "docs/policy.md: \"Every rule\" does not name `{key}`"
            );
        }
        for (spec, row) in KINDS.iter().zip(&rows) {
            for key in spec.keys.iter().filter(|k| **k != "when") {
                assert!(
                    row.contains(&format!("`{key}`")) || row.contains(&format!("`{key} =")),
                    "docs/policy.md: the row of `{}` does not name its key `{key}`",
                    spec.name
                );
            }
        }
    }
}
