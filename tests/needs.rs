//! What the guided `add` asks of a new entry, read from the shipped policies'
//! rules (`policy::needs`): the fields their tables test, the entry a travel or
//! lodging cost belongs to, and the approvals with their timing.

use st_budget::ledger::Kind;
use st_budget::policy::needs::{Needs, may_be, needs};
use st_budget::policy::{Catalog, Deadline, Field, Policy};

fn policy(id: &str) -> Policy {
    Catalog::builtin()
        .expect("built-in policies load")
        .find(id)
        .expect("a shipped policy")
        .clone()
}

fn fields(n: &Needs<'_>) -> Vec<&'static str> {
    n.fields.iter().map(|f| f.field.name()).collect()
}

fn roles(n: &Needs<'_>) -> Vec<(String, Option<Deadline>)> {
    n.approvals
        .iter()
        .map(|a| (a.role.as_str().to_string(), a.deadline))
        .collect()
}

fn ids<'a>(p: &'a Policy, rules: &[usize]) -> Vec<&'a str> {
    rules.iter().map(|r| p.rules[*r].id.as_str()).collect()
}

#[test]
fn a_kronoberg_course_is_asked_goal_provider_online_and_two_approvals() {
    let p = policy("kronoberg");
    let n = needs(&p, Kind::Course);
    assert_eq!(fields(&n), ["goal", "provider", "online"]);
    assert_eq!(
        ids(&p, &n.field(Field::Provider).expect("provider").rules),
        ["k4-central-ab-courses", "k10-other-ab-courses-agreed"]
    );
    assert_eq!(n.link, None);
    assert_eq!(
        roles(&n),
        [
            ("handledare".to_string(), None),
            ("overgripande-studierektor".to_string(), None)
        ]
    );
}

#[test]
fn kronoberg_travel_belongs_to_a_course_congress_circle_or_other_use() {
    let p = policy("kronoberg");
    for kind in [Kind::Travel, Kind::Lodging] {
        let n = needs(&p, kind);
        assert!(fields(&n).is_empty(), "{kind}: {:?}", fields(&n));
        let link = n.link.expect("a link rule");
        assert_eq!(p.rules[link.rule].id, "k2-linked-costs");
        for parent in [Kind::Course, Kind::Congress, Kind::StudyCircle, Kind::Other] {
            assert!(may_be(link.parent, parent), "{parent}");
        }
        assert!(!may_be(link.parent, Kind::Literature));
        assert!(n.approvals.is_empty());
    }
}

#[test]
fn kronoberg_other_kinds() {
    let p = policy("kronoberg");
    let n = needs(&p, Kind::Congress);
    assert_eq!(fields(&n), ["international"]);
    assert!(n.approvals.is_empty());
    let n = needs(&p, Kind::Literature);
    assert!(fields(&n).is_empty());
    assert_eq!(roles(&n), [("handledare".to_string(), None)]);
    assert_eq!(
        roles(&needs(&p, Kind::StudyCircle)),
        [("studierektor".to_string(), None)]
    );
    assert_eq!(
        roles(&needs(&p, Kind::Other)),
        [("overgripande-studierektor".to_string(), None)]
    );
}

#[test]
fn a_vgr_course_is_asked_its_tick_its_span_its_funder_and_timed_approvals() {
    let p = policy("vgr-allmanmedicin");
    let n = needs(&p, Kind::Course);
    assert_eq!(
        fields(&n),
        ["catalogue", "programme", "end", "cancel_by", "funded_by"]
    );
    // cancel_by: the flag on a late cancellation compares with it, and
    // V10 times the director's approval by it.
    assert_eq!(
        ids(&p, &n.field(Field::CancelBy).expect("cancel_by").rules),
        [
            "v9-cancelled-after-cancel-by",
            "v10-director-approves-in-time"
        ]
    );
    assert_eq!(
        roles(&n),
        [
            ("vardcentralchef".to_string(), None),
            ("studierektor".to_string(), Some(Deadline::CancelBy))
        ]
    );
    assert_eq!(n.link, None);
}

#[test]
fn a_vgr_hotel_is_asked_its_agency_and_distance_and_belongs_to_a_course() {
    let p = policy("vgr-allmanmedicin");
    let n = needs(&p, Kind::Lodging);
    assert_eq!(fields(&n), ["booked_via", "distance_km"]);
    assert_eq!(
        ids(&p, &n.field(Field::DistanceKm).expect("distance").rules),
        ["v8-no-lodging-within-commute"]
    );
    let link = n.link.expect("a link rule");
    assert!(may_be(link.parent, Kind::Course));
    assert!(!may_be(link.parent, Kind::Congress));
    let n = needs(&p, Kind::Travel);
    assert_eq!(fields(&n), ["travel_mode", "booked_via", "distance_km"]);
    assert!(n.approvals.is_empty());
}

#[test]
fn a_kind_no_rule_speaks_of_needs_nothing() {
    let p = policy("vgr-allmanmedicin");
    let n = needs(&p, Kind::Literature);
    assert!(fields(&n).is_empty());
    assert!(n.approvals.is_empty());
    assert_eq!(n.link, None);
}
