//! Any text as an amount, the way the ledger writes it and the way people type
//! it: never a panic, never a rounded value, and what parses prints back to
//! itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use st_budget::money::{Amount, MAX_AMOUNT};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for parsed in [Amount::parse_exact(text), Amount::parse_human(text)] {
        let Ok(a) = parsed else { continue };
        let plain = a.to_plain();
        assert_eq!(Amount::parse_exact(&plain), Ok(a), "{text:?} -> {plain}");
        assert_eq!(Amount::from_ore(a.ore()), a);
        let _ = (a.to_swedish(), a.to_english());
        let _ = a.saturating_sub(MAX_AMOUNT);
        let _ = a + a;
    }
});
