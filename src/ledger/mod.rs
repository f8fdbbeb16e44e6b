//! The ledger file format: model, loading with locations, rendering of appended
//! records. See docs/ledger.md for the format as users write it.

mod load;
pub mod model;
pub mod seal;
pub mod write;

pub use load::{check_fragment, parse};
pub use model::*;

use std::path::Path;

use crate::diag::InputError;

/// Reads a ledger file as text: UTF-8, or an error naming the byte that is not.
pub fn read_text(path: &Path) -> Result<String, InputError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        let err = InputError::new(&shown, crate::msg!("kan inte läsa liggaren: {}", "cannot read the ledger: {}", io_reason(&e)));
        if e.kind() == std::io::ErrorKind::NotFound {
            err.with_hint(crate::i18n::t("skapa en med `st-budget init`, eller ange den med --ledger SÖKVÄG eller ST_BUDGET_LEDGER", "create one with `st-budget init`, or name it with --ledger PATH or ST_BUDGET_LEDGER"))
        } else {
            err
        }
    })?;
    into_text(&shown, bytes)
}

/// UTF-8 text from bytes, or an error naming the line and column of the first bad byte.
pub fn into_text(shown: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let prefix = String::from_utf8_lossy(&bytes[..good]);
        let (line, col) = crate::diag::Source::new(shown, &prefix).line_col(prefix.len());
        InputError::new(
            shown,
            crate::msg!(
                "filen är inte UTF-8-text (byte 0x{:02X})",
                "the file is not UTF-8 text (byte 0x{:02X})",
                bytes[good]
            ),
        )
        .at(line, col)
        .with_hint(crate::i18n::t(
            "spara filen som UTF-8",
            "save the file as UTF-8",
        ))
    })
}

/// Reads and parses a ledger file.
pub fn load(path: &Path) -> Result<(String, Ledger), InputError> {
    let text = read_text(path)?;
    let ledger = parse(&path.display().to_string(), &text)?;
    Ok((text, ledger))
}

/// A short reason for an I/O error, without the OS error number.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => {
            crate::i18n::t("filen finns inte", "no such file").to_string()
        }
        std::io::ErrorKind::PermissionDenied => {
            crate::i18n::t("åtkomst nekad", "permission denied").to_string()
        }
        std::io::ErrorKind::IsADirectory => {
            crate::i18n::t("det är en mapp", "it is a directory").to_string()
        }
        _ => {
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_lowercase()
        }
    }
}
