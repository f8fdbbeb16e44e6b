//! Any bytes as a ledger file: reading must answer with a ledger or an
//! `InputError`, never a panic. What loads is also evaluated against every
//! built-in policy and rendered, and every entry re-rendered must read back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use st_budget::i18n::Lang;
use st_budget::ledger;
use st_budget::policy::Catalog;
use st_budget::render::View;

#[path = "render_all.rs"]
mod render_all;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = st_budget::input::into_text("fuzz.toml", data.to_vec()) else {
        return;
    };
    let Ok(l) = ledger::parse("fuzz.toml", &text) else {
        return;
    };
    for e in &l.entries {
        let record = ledger::write::render_entry(e);
        ledger::check_fragment(&record).expect("a rendered entry reads back");
    }
    let eff = l.effective();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
    let catalog = Catalog::builtin().expect("built-in policies load");
    for policy in catalog.all() {
        let eval = st_budget::engine::evaluate(policy, &eff, today);
        let view = View {
            policy,
            ledger: &eff,
            eval: &eval,
            lang: Lang::Sv,
            width: Some(80),
        };
        render_all::render_all(&view);
    }
});
