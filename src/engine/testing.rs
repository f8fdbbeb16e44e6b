//! What the unit tests of the engine and the audit share: a small, seeded
//! source of numbers, so that a test's many generated cases are the same on
//! every run.

/// Numbers below the bound asked for each time, from `seed` (a 64-bit linear
/// congruential generator, its high bits taken).
pub(crate) fn numbers(seed: u64) -> impl FnMut(u64) -> u64 {
    let mut state = seed;
    move |below| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % below
    }
}
