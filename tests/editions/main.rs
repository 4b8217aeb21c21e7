//! Every fixture through every edition, checked on the real output.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod book;
mod epub;
mod fuzz_regressions;
mod hostile;
mod inputs;
mod json;
mod output_safety;
mod pdf;
mod properties;
mod tagged;
mod xml;
