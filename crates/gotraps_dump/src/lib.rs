//! Goroutine dumps and profiles: streaming parsers for every format, stack bucketing, suspect ranking and snapshot diffs.
//!
//! Pipeline: [`input`] opens and sniffs an input, [`text`] (tracebacks and debug=1, line
//! grammar in [`debug1`]) or [`proto`] streams it into a [`Snapshot`] of buckets keyed by the
//! hash of their interned frame-id sequence ([`intern`]); [`classify`] tells runtime, std and
//! user frames apart and what each bucket waits on; [`suspects`] ranks suspects; [`report`]
//! builds the stable JSON model that [`human`] also renders; [`diff`] compares snapshots;
//! [`source`] maps frames back to a module's files; [`fetch`] is the tiny HTTP client used
//! for `http://` inputs.

pub mod classify;
pub mod debug1;
pub mod diff;
pub mod fetch;
pub mod fuzz;
pub mod human;
pub mod input;
pub mod intern;
pub mod lines;
pub mod mechanism;
pub mod proto;
pub mod report;
pub mod snapshot;
pub mod source;
pub mod suspects;
pub mod text;

pub use input::{load, parse_reader};
pub use report::{build, Filter, Finding, Options, Report};
pub use snapshot::{Similarity, Snapshot};
