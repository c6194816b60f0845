//! `gotraps.toml`: discovery upward from the target, rule selection, per-path ignores, Go version override.
