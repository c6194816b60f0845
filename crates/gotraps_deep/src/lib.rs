//! Whole-package concurrency analysis on top of the semantic model: a call graph that
//! follows function values and interface dispatch, abstract concurrency objects
//! (channels, locks, WaitGroups, Conds, cancel funcs) named by allocation site plus
//! field path, per-function summaries composed bottom-up over call-graph SCCs, and the
//! queries the deep detectors (leaks, deadlocks, races) ask of them.
//!
//! Everything here is computed once per package, from the model only: this crate never
//! reads syntax to decide what a name means.
pub mod race;
