//! Every fixture through every edition, checked on the real output.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod book;
mod epub;
mod fuzz_regressions;
mod hostile;
mod inputs;
mod json;
mod pdf;
mod properties;
mod tables_pdf;
mod tagged;
mod xml;
