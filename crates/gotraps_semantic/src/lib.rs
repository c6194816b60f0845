//! Semantic model of a Go package: scopes and name resolution, types, call graph and
//! per-function control flow, behind a small query API for rules.
//!
//! One [`Program`] per run holds every type and object; packages are added with
//! [`Program::add_target`] and checked with [`Program::check`], which returns a
//! [`PackageModel`] to query. Imports load lazily; see `docs/semantic.md`.

mod arena;
pub mod callgraph;
pub mod cfg;
pub mod check;
mod collect;
pub mod constant;
mod display;
mod locks;
pub mod lookup;
mod model;
pub mod objects;
#[doc(hidden)]
pub mod oracle;
mod program;
mod recorded;
mod sizes;
pub mod subst;
mod summary;
mod summary_data;
pub mod types;
mod universe;

pub use callgraph::{CallGraph, CallKind, CallSite, FuncNode};
pub use cfg::{Cfg, Event, EventKind};
pub use check::{Body, BodyOwner, Record};
pub use collect::PackageData;
pub use constant::ConstVal;
pub use lookup::Selection;
pub use model::{sync_lock_name, unparen, CallTarget, ChanBuffer, PackageModel};
pub use objects::{Builtin, FileId, ObjFlags, ObjId, ObjKind, Object, PkgId};
pub use program::{Dependency, DependencyKey, ImportSource, Program, ProgramOptions};
pub use recorded::RecordedMap;
pub use types::{BasicKind, ChanDir, Signature, TypeData, TypeId};
