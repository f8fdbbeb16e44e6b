//! The ledger file format: model, loading with locations, rendering of appended
//! records. See docs/ledger.md for the format as users write it.

mod load;
pub mod model;
mod rare;
pub mod seal;
pub mod window;
pub mod words;
pub mod write;

pub use load::{LinkProblem, check_fragment, check_links, parse};
pub use model::*;

use std::path::Path;

use crate::diag::InputError;

/// Reads a ledger file as text: UTF-8, or an error naming the byte that is not.
pub fn read_text(path: &Path) -> Result<String, InputError> {
    let shown = path.display().to_string();
    let bytes = crate::input::read_limited(path, crate::input::What::Ledger).map_err(|err| {
        if !path.exists() {
            err.with_hint(crate::msg!("skapa en med `st-budget init`, eller ange den med --ledger SÖKVÄG eller ST_BUDGET_LEDGER", "create one with `st-budget init`, or name it with --ledger PATH or ST_BUDGET_LEDGER"))
        } else {
            err
        }
    })?;
    crate::input::into_text(&shown, bytes)
}

/// Reads a ledger that is not to be trusted to be a file (a ledger in the
/// director's inbox): only a regular file is read, and a FIFO never blocks.
pub fn read_untrusted(path: &Path) -> Result<String, InputError> {
    let bytes = crate::input::read_regular(path, crate::input::What::Ledger)?;
    crate::input::into_text(&path.display().to_string(), bytes)
}

/// Reads and parses a ledger file.
pub fn load(path: &Path) -> Result<(String, Ledger), InputError> {
    let text = read_text(path)?;
    let ledger = parse(&path.display().to_string(), &text)?;
    Ok((text, ledger))
}
