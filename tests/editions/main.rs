//! Every fixture through every edition, checked on the real output.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod book;
mod depth;
mod epub;
mod figures_input;
mod figures_markup;
mod figures_pdf;
mod fuzz_regressions;
mod hostile;
mod hostile_readers;
mod inputs;
mod json;
mod links;
mod output_safety;
mod pdf;
mod polish;
mod properties;
mod rtl;
mod tables_input;
mod tables_markup;
mod tables_pdf;
mod tagged;
mod web;
mod web_browser;
mod xml;
