//! st-budget: the education budget of a Swedish specialist trainee (ST-läkare),
//! checked against the declarative policy of the region that pays.
//!
//! The data's way through the crate: a [`ledger`] and a [`policy`] are loaded,
//! the pure [`engine`] turns them into an [`engine::Evaluation`], and a
//! [`report`] renders it. [`commands`] are thin shells around that.

pub mod audit;
pub mod cli;
pub mod color;
pub mod commands;
pub mod diag;
pub mod engine;
pub mod help_sv;
pub mod i18n;
pub mod ledger;
pub mod money;
pub mod policy;
pub mod report;
pub mod store;
pub mod tomlx;
