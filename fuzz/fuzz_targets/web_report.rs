//! Fuzz target `web_report`: see `folio_fuzz::web_report`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = folio_fuzz::web_report(data);
});
