//! Text dumps (tracebacks, debug=1, mixed with noise): parsing, analysis and both renderers
//! must never panic. Entry point shared with `gotraps_dump::fuzz::text`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    gotraps_dump::fuzz::text(data);
});
