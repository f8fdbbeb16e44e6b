//! What a new entry of one kind must say for a policy's rules to judge it: the
//! fields their match tables test, the entry it belongs to (a link rule), and
//! the approvals they ask for, with their timing. The guided `add` asks these
//! questions, so what it asks comes from the rules, never from knowledge of a
//! region: a new policy asks its own questions.
//!
//! Pure: read from the policy alone, without a ledger, a clock or a language.
//! Whether a rule applies to a particular entry (an A-goal course, a
//! trainee in a programme) is for the caller to decide with the engine's
//! matching, which is why every need names the rules it comes from.

use super::model::{
    Body, Bound, Cond, CountBy, Deadline, Field, Per, Policy, Test, Unit, Val, Whose,
};
use crate::ledger::{Kind, Role};

/// What the rules that can apply to an entry of one kind test of it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Needs<'p> {
    /// The entry fields the rules test, in the order of [`Field`]: only those
    /// a person gives for a new entry (see [`asked_of_a_new_entry`]).
    pub fields: Vec<FieldNeed>,
    /// The entry it belongs to (`for`), when a link rule speaks of the kind.
    pub link: Option<Link<'p>>,
    /// The roles whose approval the rules ask for, in the order the rules
    /// first name them.
    pub approvals: Vec<ApprovalNeed>,
}

/// A field some rules test.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldNeed {
    pub field: Field,
    /// The indices of the rules that test it, in policy order.
    pub rules: Vec<usize>,
}

/// A link rule (K2, V2): costs of this kind belong to an entry matching `parent`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link<'p> {
    pub rule: usize,
    pub parent: &'p Cond,
}

/// A role whose approval the rules ask for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApprovalNeed {
    pub role: Role,
    /// The indices of the approval rules that name it, in policy order.
    pub rules: Vec<usize>,
    /// The first timing a rule sets for it (V10): the approval must be dated
    /// on or before this date of the entry.
    pub deadline: Option<Deadline>,
}

/// Whether a person says this of a new entry. Not the kind, date and amount
/// (every entry has them), nor its last day (said by its end), nor its status
/// and when it was recorded (a new entry is planned; `cancel` and `attended`
/// record the rest), nor its approvals (asked role by role,
/// [`Needs::approvals`]), nor the trainee's data.
pub fn asked_of_a_new_entry(f: Field) -> bool {
    !matches!(
        f,
        Field::Kind
            | Field::Date
            | Field::Amount
            | Field::LastDay
            | Field::Status
            | Field::StatusRecorded
            | Field::Approvals
            | Field::TraineeProgrammes
            | Field::TraineeDoubleSpecialisation
            | Field::TraineeUnit
    )
}

/// What the rules of `policy` that can apply to an entry of `kind` test of it.
pub fn needs(policy: &Policy, kind: Kind) -> Needs<'_> {
    let mut n = Needs::default();
    for (ri, rule) in policy.rules.iter().enumerate() {
        if !may_be(&rule.when, kind) {
            continue;
        }
        for f in tested(&rule.when) {
            n.add_field(f, ri);
        }
        match &rule.body {
            Body::Require { require, .. } => {
                for f in tested(require) {
                    n.add_field(f, ri);
                }
            }
            // Overlapping is a question of the entry's span: its last day.
            Body::Overlap { .. } => n.add_field(Field::End, ri),
            Body::Link { parent } if n.link.is_none() => {
                n.link = Some(Link { rule: ri, parent });
            }
            Body::Approval {
                roles, deadline, ..
            } => {
                if let Some(d) = deadline {
                    n.add_field(d.field(), ri);
                }
                for role in roles {
                    n.add_approval(role, ri, *deadline);
                }
            }
            // A pool in days takes the entry's days; a reserve is for what
            // its own table matches.
            Body::Budget { pool, .. } => {
                if pool.unit != Unit::Kronor {
                    n.add_field(Field::Days, ri);
                }
                for f in pool.reserves.iter().flat_map(|r| tested(&r.when)) {
                    n.add_field(f, ri);
                }
            }
            // A cap per unit of a number of the entry itself (per course day).
            Body::Cap {
                per:
                    Some(Per {
                        whose: Whose::Entry,
                        field,
                    }),
                ..
            } => n.add_field(*field, ri),
            Body::Count {
                by: CountBy::Event, ..
            } => n.add_field(Field::Event, ri),
            _ => {}
        }
    }
    n.fields.sort_by_key(|f| f.field as usize);
    n
}

/// The fields a person gives for a field a rule tests: the last day is its
/// end; its days are its dates (`date..end`) unless `days` says otherwise.
fn given_as(field: Field) -> Vec<Field> {
    match field {
        Field::LastDay => vec![Field::End],
        Field::Days => vec![Field::End, Field::Days],
        f => vec![f],
    }
}

impl Needs<'_> {
    fn add_field(&mut self, field: Field, rule: usize) {
        for field in given_as(field) {
            if !asked_of_a_new_entry(field) {
                continue;
            }
            match self.fields.iter_mut().find(|f| f.field == field) {
                Some(f) if !f.rules.contains(&rule) => f.rules.push(rule),
                Some(_) => {}
                None => self.fields.push(FieldNeed {
                    field,
                    rules: vec![rule],
                }),
            }
        }
    }

    fn add_approval(&mut self, role: &Role, rule: usize, deadline: Option<Deadline>) {
        match self.approvals.iter_mut().find(|a| &a.role == role) {
            Some(a) => {
                a.rules.push(rule);
                a.deadline = a.deadline.or(deadline);
            }
            None => self.approvals.push(ApprovalNeed {
                role: role.clone(),
                rules: vec![rule],
                deadline,
            }),
        }
    }

    /// The need for `field`, if the rules test it.
    pub fn field(&self, field: Field) -> Option<&FieldNeed> {
        self.fields.iter().find(|f| f.field == field)
    }
}

/// Whether a table can match an entry of `kind`: it says nothing of the kind,
/// or what it says lets `kind` through.
pub fn may_be(cond: &Cond, kind: Kind) -> bool {
    let k = Val::Kind(kind);
    cond.tests.iter().all(|(f, t)| {
        *f != Field::Kind
            || match t {
                Test::Eq(v) => *v == k,
                Test::OneOf(vs) => vs.contains(&k),
                Test::Not(vs) => !vs.contains(&k),
                Test::Cmp(_) | Test::Same(..) => true,
            }
    })
}

/// The fields a table tests of the entry, and the fields of the same entry
/// its comparisons take as their other side (`{ gt = { entry = "cancel_by" }
/// }` tests `cancel_by` too). What it tests of the entry it belongs to
/// (`parent.kind`, `{ le = { parent = "days" } }`) is that entry's, recorded
/// already: nothing to ask of this one.
fn tested(cond: &Cond) -> Vec<Field> {
    let mut out = Vec::new();
    for (f, t) in &cond.tests {
        out.push(*f);
        match t {
            Test::Cmp(cmps) => out.extend(cmps.iter().filter_map(|(_, b)| match b {
                Bound::Field(Whose::Entry, other) => Some(*other),
                _ => None,
            })),
            Test::Same(Whose::Entry, other) => out.push(*other),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A neutral policy: a budget, a link rule, a required field under a
    /// condition, an overlap and a timed approval.
    const POLICY: &str = r#"
format = 1
id = "test"
version = "1"
name = { sv = "Test", en = "Test" }
source = "test"

[[rule]]
id = "budget"
ref = "T1"
kind = "budget"
amount = "1000.00"
period = "st"
prorate = "none"
payer = "self"
severity = "error"
title = { sv = "Budget", en = "Budget" }
message = { sv = "Slut", en = "Used up" }
outside = { sv = "Utanför", en = "Outside" }

[[rule]]
id = "link"
ref = "T2"
kind = "link"
when = { kind = "travel" }
parent = { kind = "congress" }
payer = "self"
severity = "error"
title = { sv = "Länk", en = "Link" }
message = { sv = "Länk", en = "Link" }

[[rule]]
id = "far"
ref = "T3"
kind = "require"
when = { kind = ["travel", "lodging"], online = false }
require = { distance_km = { ge = 10 } }
payer = "self"
severity = "error"
title = { sv = "Långt", en = "Far" }
message = { sv = "Långt", en = "Far" }

[[rule]]
id = "apart"
ref = "T4"
kind = "overlap"
when = { kind = { not = "travel" } }
with = { kind = "course" }
severity = "warning"
title = { sv = "Krock", en = "Clash" }
message = { sv = "Krock", en = "Clash" }

[[rule]]
id = "approved"
ref = "T5"
kind = "approval"
when = { kind = "course" }
roles = ["handledare", "studierektor"]
need = "any"
deadline = "applied"
severity = "warning"
title = { sv = "Godkänd", en = "Approved" }
message = { sv = "Godkänd", en = "Approved" }
"#;

    fn fields(n: &Needs<'_>) -> Vec<&'static str> {
        n.fields.iter().map(|f| f.field.name()).collect()
    }

    #[test]
    fn what_the_rules_test_of_each_kind() {
        let p = crate::policy::parse("test.toml", POLICY)
            .expect("loads")
            .policy;
        let travel = needs(&p, Kind::Travel);
        assert_eq!(fields(&travel), ["online", "distance_km"]);
        assert_eq!(
            travel.field(Field::DistanceKm).map(|f| f.rules.clone()),
            Some(vec![2])
        );
        let link = travel.link.expect("a link");
        assert_eq!(link.rule, 1);
        assert!(may_be(link.parent, Kind::Congress));
        assert!(!may_be(link.parent, Kind::Course));
        assert!(travel.approvals.is_empty());

        let course = needs(&p, Kind::Course);
        assert_eq!(fields(&course), ["end", "applied"]);
        assert_eq!(course.link, None);
        let roles: Vec<(&str, Option<Deadline>)> = course
            .approvals
            .iter()
            .map(|a| (a.role.as_str(), a.deadline))
            .collect();
        assert_eq!(
            roles,
            [
                ("handledare", Some(Deadline::Applied)),
                ("studierektor", Some(Deadline::Applied))
            ]
        );

        let lodging = needs(&p, Kind::Lodging);
        assert_eq!(fields(&lodging), ["online", "distance_km", "end"]);
        assert_eq!(lodging.link, None);
    }
}
