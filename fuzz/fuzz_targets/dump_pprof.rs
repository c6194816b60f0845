//! pprof protobuf profiles, gzipped or not: decoding and analysis must never panic.
//! Entry point shared with `gotraps_dump::fuzz::pprof`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    gotraps_dump::fuzz::pprof(data);
});
