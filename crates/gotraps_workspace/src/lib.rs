//! Finding what to analyze: go.mod / go.work, package directories, `./...` patterns, build constraints, and the `gotraps.toml` configuration.

pub mod config;
