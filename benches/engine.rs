//! Engine benchmarks (divan): parse, apply amendments, evaluate, render, on one
//! generated ledger of 1 000, 10 000 and 100 000 entries for each shipped policy.
//! Evaluation should grow linearly with the entries. See docs/performance.md.
//!
//! `cargo bench --bench engine`

#[path = "../examples/st-budget-gen/synth.rs"]
#[allow(dead_code)]
mod synth;

use chrono::NaiveDate;
use divan::Bencher;
use st_budget::engine;
use st_budget::i18n::Lang;
use st_budget::ledger::{self, Ledger};
use st_budget::policy::{Catalog, Policy};
use st_budget::render::{View, json};

fn main() {
    divan::main();
}

const SIZES: &[usize] = &[1_000, 10_000, 100_000];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).expect("date")
}

fn text(policy: synth::Policy, entries: usize) -> String {
    synth::ledger(&synth::Spec {
        seed: 1,
        index: 0,
        policy,
        entries,
        today: synth::Day::ymd(2026, 11, 22),
        units: 1,
        clean: false,
    })
    .toml
}

fn setup(policy: synth::Policy, entries: usize) -> (String, Ledger, Policy) {
    let t = text(policy, entries);
    let l = ledger::parse("bench.toml", &t).expect("generated ledger loads");
    let p = Catalog::builtin()
        .expect("built-in policies")
        .get(policy.id())
        .expect("policy")
        .clone();
    (t, l, p)
}

#[divan::bench(args = SIZES)]
fn parse_kronoberg(b: Bencher, n: usize) {
    let t = text(synth::Policy::Kronoberg, n);
    b.bench(|| ledger::parse("bench.toml", divan::black_box(&t)).expect("loads"));
}

#[divan::bench(args = SIZES)]
fn parse_vgr(b: Bencher, n: usize) {
    let t = text(synth::Policy::Vgr, n);
    b.bench(|| ledger::parse("bench.toml", divan::black_box(&t)).expect("loads"));
}

#[divan::bench(args = SIZES)]
fn toml_only(b: Bencher, n: usize) {
    let t = text(synth::Policy::Kronoberg, n);
    b.bench(|| toml::de::DeTable::parse(divan::black_box(&t)).expect("parses"));
}

#[divan::bench(args = SIZES)]
fn effective(b: Bencher, n: usize) {
    let (_, l, _) = setup(synth::Policy::Kronoberg, n);
    b.bench(|| divan::black_box(&l).effective());
}

#[divan::bench(args = SIZES)]
fn evaluate_kronoberg(b: Bencher, n: usize) {
    let (_, l, p) = setup(synth::Policy::Kronoberg, n);
    let eff = l.effective();
    b.bench(|| engine::evaluate(&p, divan::black_box(&eff), today()));
}

#[divan::bench(args = SIZES)]
fn evaluate_vgr(b: Bencher, n: usize) {
    let (_, l, p) = setup(synth::Policy::Vgr, n);
    let eff = l.effective();
    b.bench(|| engine::evaluate(&p, divan::black_box(&eff), today()));
}

#[divan::bench(args = SIZES)]
fn render_json(b: Bencher, n: usize) {
    let (_, l, p) = setup(synth::Policy::Kronoberg, n);
    let eff = l.effective();
    let eval = engine::evaluate(&p, &eff, today());
    let v = View {
        policy: &p,
        ledger: &eff,
        eval: &eval,
        lang: Lang::En,
        width: None,
    };
    b.bench(|| {
        let mut out = Vec::new();
        json::evaluation(&mut out, divan::black_box(&v), false).map(|()| out)
    });
}

/// One ledger of 100 entries, as `audit` handles each: the phases apart, then
/// `audit_one` whole (read, parse, seal chain, evaluate) and its table block.
mod audit_phases {
    use super::*;

    fn hundred() -> (String, Ledger, Policy) {
        setup(synth::Policy::Kronoberg, 100)
    }

    #[divan::bench]
    fn parse(b: Bencher) {
        let (t, _, _) = hundred();
        b.bench(|| ledger::parse("bench.toml", divan::black_box(&t)).expect("loads"));
    }

    #[divan::bench]
    fn toml_only(b: Bencher) {
        let (t, _, _) = hundred();
        b.bench(|| toml::de::DeTable::parse(divan::black_box(&t)).expect("parses"));
    }

    #[divan::bench]
    fn seal_chain(b: Bencher) {
        let (_, l, _) = hundred();
        b.bench(|| ledger::seal::chain(divan::black_box(&l)));
    }

    #[divan::bench]
    fn evaluate(b: Bencher) {
        let (_, l, p) = hundred();
        let eff = l.effective();
        b.bench(|| engine::evaluate(&p, divan::black_box(&eff), today()));
    }

    #[divan::bench]
    fn audit_one_and_block(b: Bencher) {
        let (t, _, _) = hundred();
        let dir = std::env::temp_dir().join(format!("st-budget-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("t.toml");
        std::fs::write(&path, &t).expect("write");
        let catalog = Catalog::builtin().expect("built-in policies");
        let pins = st_budget::audit::pin::Pins::default();
        let register = st_budget::audit::register::Register::default();
        let ctx = st_budget::audit::Context {
            inputs: &[],
            ranks: &[],
            catalog: &catalog,
            pins: &pins,
            register: Some(&register),
            identities: &Default::default(),
            first_pass: &Default::default(),
            kept: &Default::default(),
            today: today(),
            details: false,
        };
        let opts = st_budget::render::audit::Options::new(
            st_budget::render::Format::Json,
            Lang::En,
            today(),
        );
        b.bench(|| {
            let a = st_budget::audit::audit_one(0, &path, &ctx);
            let mut out = st_budget::render::audit::AuditOutput::new(opts);
            let mut text = Vec::new();
            out.ledger(&mut text, &a).map(|()| text)
        });
        let _ = std::fs::remove_dir_all(&dir);
    }
}
