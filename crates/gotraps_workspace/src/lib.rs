//! Finding what to analyze: go.mod / go.work, package directories, `./...` patterns, build
//! constraints, import resolution, and the `gotraps.toml` configuration.

pub mod config;
pub mod constraints;
pub mod gomod;
pub mod loader;
pub mod resolve;

pub use constraints::{BuildContext, LATEST_GO_MINOR};
pub use gomod::{find_module, find_workspace, GoVersion, Module, Workspace};
pub use loader::{
    load, load_with, overlay_text, package_go_files, LoadError, LoadOptions, LoadResult, Overlay, Package,
};
pub use resolve::{goroot, is_std_path, ImportResolver};
