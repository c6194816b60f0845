//! End to end with a real editor: headless Neovim's built-in LSP client runs
//! `gotraps server` on a Go file with a trap, sees the diagnostic, applies the quick fix
//! from a code action and sees the diagnostic disappear (`tests/neovim/fix_roundtrip.lua`).
//!
//! Needs `nvim` (Debian package `neovim`; `.ci/run` installs it). Without it the test is
//! skipped, or fails when `CI=true`.

mod lsp;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn neovim_shows_the_trap_and_clears_it_after_the_code_action() {
    if Command::new("nvim").arg("--version").stdout(Stdio::null()).status().is_err() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("nvim is missing under CI: install the Debian package `neovim` (.ci/run does)");
        }
        eprintln!("skipping: nvim is not installed (apt-get install neovim)");
        return;
    }
    let (root, cache) = lsp::workspace("server-neovim");
    let main_go = root.join("main.go");
    let before = std::fs::read_to_string(&main_go).unwrap();
    let home = root.parent().unwrap().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let result = root.parent().unwrap().join("neovim-result.txt");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/neovim/fix_roundtrip.lua");
    let mut nvim = Command::new("nvim")
        .args(["--headless", "-n", "-i", "NONE", "-u", "NONE", "-c"])
        .arg(format!("luafile {}", script.display()))
        .current_dir(&root)
        .env("GOTRAPS_BIN", env!("CARGO_BIN_EXE_gotraps"))
        .env("GOTRAPS_CACHE_DIR", &cache)
        .env("ROOT", &root)
        .env("GO_FILE", &main_go)
        .env("RESULT", &result)
        // Neovim's own state and logs stay in the test's directory.
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .expect("start nvim");
    let deadline = Instant::now() + Duration::from_secs(180);
    let status = loop {
        if let Some(status) = nvim.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = nvim.kill();
            let _ = nvim.wait();
            panic!("nvim did not finish:\n{}", std::fs::read_to_string(&result).unwrap_or_default());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let steps = std::fs::read_to_string(&result).unwrap_or_default();
    assert!(status.success(), "nvim exited with {status}:\n{steps}");
    let lines: Vec<&str> = steps.lines().collect();
    let trap_line = before.lines().position(|l| l.contains("// want GT016")).unwrap() + 1;
    let expected = format!("diagnostic GT016 line {trap_line}: unbuffered-signal-channel: ");
    assert!(lines.first().is_some_and(|l| l.starts_with(&expected)), "{steps}");
    assert!(lines.iter().any(|l| l.starts_with("applied ") && l.contains("GT016")), "{steps}");
    assert!(lines.contains(&"diagnostics cleared"), "{steps}");
    assert_eq!(lines.last(), Some(&"OK"), "{steps}");
    // The fix went through the editor's buffer, and `:write` saved it.
    let after = std::fs::read_to_string(&main_go).unwrap();
    assert_eq!(after, before.replace("make(chan os.Signal)", "make(chan os.Signal, 1)"));
}
