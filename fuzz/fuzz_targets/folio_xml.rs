//! Fuzz target `folio_xml`: see `folio_fuzz::folio_xml`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = folio_fuzz::folio_xml(data);
});
