//! st-budget: the education budget of a Swedish specialist trainee (ST-läkare),
//! checked against the declarative policy of the region that pays.
//!
//! The data's way through the crate: a [`ledger`] and a [`policy`] are loaded,
//! the pure [`engine`] turns them into an [`engine::Evaluation`], [`render`]
//! turns that into text for people or scripts, and [`commands`] are thin shells
//! around that.
//!
//! # Layers
//!
//! Each module stands on the ones below it and never names one above
//! (`tests/layers.rs` reads every `crate::` path and fails on one that points up):
//!
//! | layer | modules | what they are |
//! |---|---|---|
//! | top | [`commands`] | one file per command: load, evaluate, render, append |
//! | | [`cli`] | the command line (clap) and its Swedish help |
//! | output | [`render`] | evaluations and audits as tables, JSON, CSV, HTML; all wording |
//! | many ledgers | [`audit`] | reading an inbox in parallel, the register |
//! | judgement | [`engine`] | pure: (policy, ledger, today) → evaluation; no I/O, no clock, no language |
//! | formats | [`policy`] | the policy format; its match tables name the ledger's kinds and statuses |
//! | | [`ledger`] | the ledger format: model, load, append, seal |
//! | input and output | [`input`], [`tomlx`], [`store`] | reading a person's file with locations; locked atomic writes |
//! | leaves | [`diag`] | input errors with file:line:col and hints |
//! | | [`color`], [`money`] | colour for terminals; exact kronor |
//! | | [`ids`] | entries by id without hashing, for the loader and the engine |
//! | | [`few`] | short lists that hold their one value inline |
//! | | [`i18n`] | the language of what is printed |

pub mod audit;
pub mod cli;
pub mod color;
pub mod commands;
pub mod diag;
pub mod engine;
pub mod few;
pub mod i18n;
pub mod ids;
pub mod input;
pub mod ledger;
pub mod money;
pub mod policy;
pub mod render;
pub mod store;
pub mod tomlx;
