//! Semantic model of a Go package: scopes and name resolution, types, call graph and per-function control flow, behind a small query API for rules.
