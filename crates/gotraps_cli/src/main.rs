//! The `gotraps` command line.
fn main() {}
