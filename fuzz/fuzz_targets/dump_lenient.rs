//! The lenient reader (log prefixes, `go test -json`, gzip, several dumps per input): never
//! panics. Entry point shared with `gotraps_dump::fuzz::lenient`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    gotraps_dump::fuzz::lenient(data);
});
