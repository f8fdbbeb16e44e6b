//! Any bytes as a policy file: validation must answer with a policy or an
//! `InputError`, never a panic. A policy that validates is used to judge a
//! small ledger, so a rule the validator lets through cannot crash the engine.
#![no_main]

use libfuzzer_sys::fuzz_target;
use st_budget::i18n::Lang;
use st_budget::ledger;
use st_budget::policy;
use st_budget::render::View;

#[path = "render_all.rs"]
mod render_all;

const LEDGER: &str = r#"
format = 1
[trainee]
name = "Fuzz"
policy = "x"
start = 2024-01-08
certificate = 2028-06-30
programmes = ["plus"]
[[service]]
from = 2024-01-08
percent = 100
[[service]]
from = 2025-03-01
percent = 50
[[entry]]
id = 1
date = 2024-03-11
end = 2024-03-13
kind = "course"
description = "course"
amount = "4500.00"
goal = "c"
catalogue = true
programme = "plus"
approvals = { handledare = 2024-02-01, studierektor = 2024-02-02 }
[[entry]]
id = 2
date = 2024-03-11
kind = "travel"
description = "train"
amount = "1200"
for = 1
travel_mode = "flight"
distance_km = 40
[[entry]]
id = 3
date = 2024-03-10
kind = "lodging"
description = "hotel"
amount = "2000.50"
for = 1
nights = 2
distance_km = 40
[[entry]]
id = 4
date = 2025-05-01
kind = "literature"
description = "book"
amount = "6000"
[[entry]]
id = 5
date = 2029-01-01
kind = "congress"
description = "congress"
amount = "90000"
international = true
status = "cancelled-late"
[[entry]]
id = 6
date = 2026-02-01
kind = "other"
description = "other"
amount = "300"
goal = "STa3"
provider = "Region Kronoberg"
[[entry]]
id = 7
date = 2027-09-01
kind = "study-circle"
description = "circle"
amount = "100"
status = "cancelled"
"#;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(loaded) = policy::parse("fuzz.toml", text) else {
        return;
    };
    let l = ledger::parse("ledger.toml", LEDGER).expect("the fixed ledger loads");
    let eff = l.effective();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
    let p = &loaded.policy;
    let eval = st_budget::engine::evaluate(p, &eff, today);
    for lang in [Lang::Sv, Lang::En] {
        let view = View {
            policy: p,
            ledger: &eff,
            eval: &eval,
            lang,
            width: Some(80),
        };
        render_all::render_all(&view);
    }
});
