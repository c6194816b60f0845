//! Parse arbitrary bytes: the parser must not panic, must not overflow the stack, and
//! every tree must keep its spans inside the source and inside their parents, in both the
//! full parse and the declarations-only parse.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = gotraps_syntax::parse_file(data);
    if let Err(e) = gotraps_syntax::check_span_invariants(&file) {
        panic!("span invariant: {e}");
    }
    let mut out = String::new();
    gotraps_syntax::dump::dump(&file, &mut out);
    // The declarations-only parse of imported packages: same guarantees.
    let decls = gotraps_syntax::parse_declarations(data);
    if let Err(e) = gotraps_syntax::check_span_invariants(&decls) {
        panic!("span invariant (declarations only): {e}");
    }
});
