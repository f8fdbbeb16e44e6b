//! Properties of the money, checked over generated ledgers for every built-in
//! policy: payer parts add up to the amount, remaining = budget − charged and
//! never negative, the order of entries in the file changes nothing, and
//! load → write → load is the identity.

use chrono::NaiveDate;
use proptest::prelude::*;
use st_budget::engine::{self, Evaluation};
use st_budget::ledger::{
    self, Approvals, Entry, Funder, Goal, Kind, Ledger, Role, ServicePeriod, Status, Trainee,
};
use st_budget::money::Amount;
use st_budget::policy::Catalog;

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 6, 1).expect("date") + chrono::Duration::days(n)
}

fn text() -> impl Strategy<Value = String> {
    // Anything, control characters, quotes and backslashes included, but never blank.
    "x[\\s\\S]{0,12}"
}

fn entry_strategy() -> impl Strategy<Value = Entry> {
    (
        (
            0..Kind::ALL.len(),
            1i128..5_000_000,
            0i64..2900,
            prop::option::of(0i64..5),
            text(),
            prop::option::of(prop::sample::select(vec![
                "Region Kronoberg",
                "Karolinska",
                "Region Kalmar",
            ])),
            prop::option::of(prop::sample::select(vec![
                "a", "b", "c", "c12", "STa3", "STc7",
            ])),
            any::<(bool, bool, bool)>(),
        ),
        (
            prop::option::of(prop::sample::select(vec!["plus"])),
            prop::option::of(1u32..30),
            prop::option::of(prop::sample::select(vec!["train", "flight"])),
            prop::option::of(prop::sample::select(vec![
                "Lingmerths Resebyrå AB",
                "Själv",
            ])),
            prop::option::of(0u32..400),
            prop::option::of(0u16..5),
            0..Status::ALL.len(),
            prop::collection::btree_map(0..Role::ALL.len(), 0i64..2900, 0..3),
            prop::option::of(text()),
        ),
        (
            prop::option::of(0i64..2900),
            prop::option::of(0i64..2900),
            prop::option::of(0..Funder::ALL.len()),
            prop::option::of(0u32..6),
            prop::option::of(prop::sample::select(vec!["forum-2026", "Kongress 2027"])),
        ),
    )
        .prop_map(
            |(
                (
                    kind,
                    ore,
                    date,
                    len,
                    description,
                    provider,
                    goal,
                    (online, catalogue, international),
                ),
                (
                    programme,
                    for_back,
                    travel_mode,
                    booked_via,
                    distance_km,
                    nights,
                    status,
                    approvals,
                    note,
                ),
                (applied, cancel_by, funded_by, days, event),
            )| {
                let mut e = Entry::new(
                    0,
                    day(date),
                    Kind::ALL[kind],
                    description.into(),
                    Amount::from_ore(ore),
                );
                e.end = len.map(|l| day(date + l));
                e.provider = provider.map(Into::into);
                e.goal = goal.and_then(Goal::parse);
                e.online = online;
                e.catalogue = catalogue;
                e.set_international(international);
                // Resolved against the ids below: an earlier entry, never a cycle.
                e.set_for_entry(for_back);
                e.travel_mode = travel_mode.map(Into::into);
                e.set_distance_km(distance_km);
                e.set_nights(nights);
                e.status = Status::ALL[status];
                e.approvals = approvals
                    .into_iter()
                    .map(|(r, d)| (Role::ALL[r].clone(), day(d)))
                    .collect::<Approvals>();
                e.set_applied(applied.map(day));
                e.set_cancel_by(cancel_by.map(day));
                e.set_funded_by(funded_by.map(|f| Funder::ALL[f]));
                e.set_days(days);
                if let Some(p) = programme {
                    e.set_programme(p);
                }
                if let Some(b) = booked_via {
                    e.set_booked_via(b);
                }
                if let Some(ev) = event {
                    e.set_event(ev);
                }
                if let Some(n) = note {
                    e.set_note(&n);
                }
                e
            },
        )
}

#[derive(Clone, Debug)]
struct Generated {
    trainee: Trainee,
    services: Vec<ServicePeriod>,
    entries: Vec<Entry>,
}

fn ledger_strategy() -> impl Strategy<Value = Generated> {
    (
        prop::sample::select(vec!["kronoberg", "vgr-allmanmedicin"]),
        prop::option::of(1500i64..2500),
        any::<(bool, bool)>(),
        prop::collection::vec((1i64..400, 0u8..=100), 0..4),
        prop::collection::vec(entry_strategy(), 0..14),
    )
        .prop_map(
            |(policy, certificate, (double, plus), service, mut entries)| {
                let start = day(220);
                let mut from = start;
                let services = service
                    .into_iter()
                    .map(|(gap, percent)| {
                        let p = ServicePeriod {
                            from,
                            percent,
                            offset: 0,
                        };
                        from += chrono::Duration::days(gap);
                        p
                    })
                    .collect();
                for (i, e) in entries.iter_mut().enumerate() {
                    e.id = i as u32 + 1;
                    let parent = e.for_entry().and_then(|back| {
                        let back = back as usize % (i + 1);
                        (back > 0).then(|| (i + 1 - back) as u32)
                    });
                    e.set_for_entry(parent);
                }
                Generated {
                    trainee: Trainee {
                        name: "Anna \"Å\" Lindqvist".into(),
                        id: None,
                        policy: policy.into(),
                        start,
                        certificate: certificate.map(day),
                        double_specialisation: double,
                        programmes: if plus { vec!["plus".into()] } else { vec![] },
                        unit: None,
                    },
                    services,
                    entries,
                }
            },
        )
}

/// The ledger as st-budget writes it: `init`'s text, then one record per entry.
fn render(g: &Generated, order: &[usize]) -> String {
    let mut text = ledger::write::render_new("uid", &g.trainee, &g.services);
    for &i in order {
        text = ledger::write::append(&text, &ledger::write::render_entry(&g.entries[i]));
    }
    text
}

fn parse(text: &str) -> Ledger {
    ledger::parse("gen.toml", text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn evaluate(l: &Ledger) -> Evaluation {
    let catalog = Catalog::builtin().expect("built-in policies");
    let policy = catalog.get(&l.trainee.policy).expect("known policy");
    engine::evaluate(policy, &l.effective(), day(1270))
}

fn without_offsets(mut l: Ledger) -> (Trainee, Vec<ServicePeriod>, Vec<Entry>) {
    for e in &mut l.entries {
        e.set_offset(0);
    }
    for s in &mut l.services {
        s.offset = 0;
    }
    (l.trainee, l.services, l.entries)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn payer_parts_add_up_to_the_amount(g in ledger_strategy()) {
        let order: Vec<usize> = (0..g.entries.len()).collect();
        let eval = evaluate(&parse(&render(&g, &order)));
        prop_assert_eq!(eval.entries.len(), g.entries.len());
        let mut counted = Amount::ZERO;
        for r in &eval.entries {
            let expected = if r.status == Status::Cancelled { Amount::ZERO } else { r.amount() };
            prop_assert_eq!(r.payers().total(), expected, "entry {}", r.id);
            for part in [r.payers().budget, r.payers().central, r.payers().unit, r.payers().self_paid] {
                prop_assert!(!part.is_negative(), "entry {}: {:?}", r.id, r.payers());
            }
            counted += expected;
        }
        prop_assert_eq!(eval.totals.amount, counted);
        prop_assert_eq!(eval.totals.payers.total(), counted);
    }

    #[test]
    fn remaining_is_budget_minus_charged_and_never_negative(g in ledger_strategy()) {
        let order: Vec<usize> = (0..g.entries.len()).collect();
        let eval = evaluate(&parse(&render(&g, &order)));
        for p in &eval.periods {
            prop_assert!(!p.remaining.is_negative(), "{:?}", p);
            prop_assert!(!p.charged.is_negative(), "{:?}", p);
            prop_assert_eq!(p.remaining, p.budget.saturating_sub(p.charged), "{:?}", p);
            if p.charged <= p.budget {
                prop_assert_eq!(p.remaining + p.charged, p.budget);
            }
        }
        for c in &eval.caps {
            prop_assert!(!c.remaining.is_negative());
            prop_assert_eq!(c.remaining, c.limit.saturating_sub(c.used));
        }
        // What the periods charge is what the entries' budget parts add up to.
        let charged: Amount = eval.periods.iter().map(|p| p.charged).sum();
        prop_assert_eq!(charged, eval.totals.payers.budget);
    }

    #[test]
    fn evaluation_does_not_depend_on_the_order_in_the_file(
        g in ledger_strategy(),
        seed in any::<u64>(),
    ) {
        let order: Vec<usize> = (0..g.entries.len()).collect();
        let mut shuffled = order.clone();
        shuffle(&mut shuffled, seed);
        // Everything but where each entry stands in the file.
        let strip = |mut e: Evaluation| {
            let entries: Vec<_> = std::mem::take(&mut e.entries)
                .into_iter()
                .map(|r| {
                    let payers = r.payers();
                    let pools = r.pools().to_vec();
                    (r.id, r.date, r.kind, r.status, r.verdict, r.amount(), payers, r.parts, r.findings, pools)
                })
                .collect();
            (e, entries)
        };
        let a = strip(evaluate(&parse(&render(&g, &order))));
        let b = strip(evaluate(&parse(&render(&g, &shuffled))));
        prop_assert_eq!(a, b);
    }

    #[test]
    fn load_write_load_is_the_identity(g in ledger_strategy(), crlf in any::<bool>()) {
        let order: Vec<usize> = (0..g.entries.len()).collect();
        let mut text = render(&g, &order);
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let first = parse(&text);
        let (trainee, services, entries) = without_offsets(first.clone());
        prop_assert_eq!(&trainee, &g.trainee);
        prop_assert_eq!(&services, &g.services);
        prop_assert_eq!(&entries, &g.entries);
        // Write what was loaded, record by record, and load it again.
        let mut again = ledger::write::render_new("uid", &first.trainee, &first.services);
        for e in &first.entries {
            again = ledger::write::append(&again, &ledger::write::render_entry(e));
        }
        prop_assert_eq!(without_offsets(parse(&again)), (trainee, services, entries));
    }
}

/// Puts `items` in an order drawn from `seed` (Fisher–Yates, by xorshift).
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut s = seed | 1;
    for i in (1..items.len()).rev() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        items.swap(i, (s % (i as u64 + 1)) as usize);
    }
}

/// Courses close together in time (most of them colliding), their ids in
/// no particular order, some cancelled, some of the PLUS programme, some
/// funded by the unit: for the overlap rules.
fn colliding_courses() -> impl Strategy<Value = Generated> {
    (
        prop::collection::vec(
            (
                0i64..24,
                prop::option::of(0i64..4),
                0..Status::ALL.len(),
                any::<(bool, bool)>(),
            ),
            0..30,
        ),
        any::<u64>(),
    )
        .prop_map(|(courses, seed)| {
            // Ids 1..=n in an order of their own.
            let mut ids: Vec<u32> = (1..=courses.len() as u32).collect();
            shuffle(&mut ids, seed);
            let entries = courses
                .into_iter()
                .zip(ids)
                .map(|((date, len, status, (plus, unit)), id)| {
                    let mut e = Entry::new(
                        id,
                        day(300 + date),
                        Kind::Course,
                        "Kurs".into(),
                        Amount::from_ore(100_000),
                    );
                    e.end = len.map(|l| day(300 + date + l));
                    e.status = Status::ALL[status];
                    if plus {
                        e.set_programme("plus");
                    }
                    if unit {
                        e.set_funded_by(Some(Funder::ALL[0]));
                    }
                    e
                })
                .collect();
            Generated {
                trainee: Trainee {
                    name: "Sara".into(),
                    id: None,
                    policy: "vgr-allmanmedicin".into(),
                    start: day(220),
                    certificate: None,
                    double_specialisation: false,
                    programmes: vec!["plus".into()],
                    unit: None,
                },
                services: Vec::new(),
                entries,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Every overlap an evaluation names is one (another entry, not
    /// cancelled, whose days meet the entry's), and every course that meets
    /// another, neither cancelled, is found by the rule that no course may
    /// collide with another: as trying every pair finds them.
    #[test]
    fn overlaps_found_are_those_every_pair_finds(g in colliding_courses()) {
        let order: Vec<usize> = (0..g.entries.len()).collect();
        let eval = evaluate(&parse(&render(&g, &order)));
        let catalog = Catalog::builtin().expect("built-in policies");
        let policy = catalog.get("vgr-allmanmedicin").expect("known policy");
        let by_id = |id: u32| g.entries.iter().find(|e| e.id == id).expect("an entry of the ledger");
        let meet = |a: &Entry, b: &Entry| a.date <= b.last_day() && b.date <= a.last_day();
        for r in &eval.entries {
            let e = by_id(r.id);
            if e.status == Status::Cancelled {
                continue;
            }
            let mut found_by_every_course_rule = false;
            for f in r.findings.iter() {
                if let engine::Note::Overlaps(other) = f.note {
                    let o = by_id(other);
                    prop_assert!(other != r.id && o.status != Status::Cancelled && meet(e, o),
                        "entry {} named {}", r.id, other);
                    found_by_every_course_rule |= policy.rules[f.rule()].id == "v5-no-colliding-courses";
                }
            }
            let collides = g.entries.iter().any(|o| o.id != e.id && o.status != Status::Cancelled && meet(e, o));
            prop_assert_eq!(found_by_every_course_rule, collides, "entry {}", r.id);
        }
    }
}
