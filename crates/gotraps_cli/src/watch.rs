//! `gotraps watch` (placeholder while the watch crate lands).
#[derive(clap::Args, Debug)]
pub struct WatchArgs {
    pub urls: Vec<String>,
}
pub fn run(_a: WatchArgs) -> std::process::ExitCode {
    std::process::ExitCode::SUCCESS
}
