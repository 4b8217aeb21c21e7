//! Fuzz target `export`: see `folio_fuzz::export`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = folio_fuzz::export(data);
});
