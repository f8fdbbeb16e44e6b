//! What the ledger and policy targets do with each evaluation: every output
//! rendered, the data outputs written to memory, and the JSON parsed back
//! (it must always parse). Included by both with `#[path]`; not a target.

use st_budget::render::{self, View};

pub fn render_all(view: &View<'_>) {
    let _ = render::table::list(view);
    let _ = render::table::balance(view);
    let mut json = Vec::new();
    render::json::evaluation(&mut json, view, true).expect("JSON written to memory");
    serde_json::from_slice::<serde_json::Value>(&json).expect("the JSON output parses");
    let mut csv = Vec::new();
    render::csv::entries(&mut csv, view, view.eval.entries.iter()).expect("CSV written to memory");
}
