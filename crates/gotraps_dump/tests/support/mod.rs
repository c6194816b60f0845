//! Test support: builds the leaking Go programs of testdata/dumps with the installed Go
//! toolchain and runs them under guards that kill them on drop.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::OnceLock;
use std::time::Duration;

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

pub fn leaky_dir() -> PathBuf {
    repo_root().join("testdata/dumps/leaky")
}

/// `true` if `go` runs. Without it: fail under CI=true, otherwise skip with a message.
pub fn have_go() -> bool {
    let ok = Command::new("go").arg("version").output().map(|o| o.status.success()).unwrap_or(false);
    if !ok {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("the Go toolchain (`go`) is required under CI=true");
        }
        eprintln!("skipping: `go` not found");
    }
    ok
}

fn out_dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("gotraps-dump-tests-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn go(args: &[&str]) {
    go_env(args, &[]);
}

fn go_env(args: &[&str], env: &[(&str, &str)]) {
    let out = Command::new("go")
        .args(args)
        .current_dir(leaky_dir())
        .env("GOFLAGS", "-mod=mod")
        .env("CGO_ENABLED", "0")
        .envs(env.iter().copied())
        .output()
        .expect("run go");
    assert!(out.status.success(), "go {args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
}

/// The `leaky` binary, built once per test process.
pub fn leaky_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let p = out_dir().join("leaky");
        go(&["build", "-o", p.to_str().unwrap(), "."]);
        p
    })
}

/// The `leaky` binary built with `GOEXPERIMENT=goroutineleakprofile`, which registers the
/// `goroutineleak` profile (runtime/pprof `lockProfiles`, net/http/pprof's profile list) in
/// Go 1.26; `None` when the toolchain does not know the experiment (before Go 1.26).
pub fn leaky_leakprofile_bin() -> Option<&'static Path> {
    static BIN: OnceLock<Option<PathBuf>> = OnceLock::new();
    BIN.get_or_init(|| {
        let goroot = Command::new("go").args(["env", "GOROOT"]).output().expect("go env GOROOT");
        let goroot = PathBuf::from(String::from_utf8_lossy(&goroot.stdout).trim());
        let exp = goroot.join("src/internal/goexperiment/exp_goroutineleakprofile_on.go");
        if !exp.exists() {
            eprintln!("skipping: this Go toolchain has no goroutineleakprofile experiment ({} missing)", exp.display());
            return None;
        }
        let p = out_dir().join("leaky-leakprofile");
        go_env(&["build", "-o", p.to_str().unwrap(), "."], &[("GOEXPERIMENT", "goroutineleakprofile")]);
        Some(p)
    })
    .as_deref()
}

/// The `leaky` test binary (for `-test.timeout` dumps), built once.
pub fn leaky_test_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let p = out_dir().join("leaky.test");
        go(&["test", "-c", "-o", p.to_str().unwrap(), "."]);
        p
    })
}

/// A child process killed when dropped.
pub struct Proc {
    pub child: Child,
    pub addr: String,
    stderr: Option<std::thread::JoinHandle<Vec<u8>>>,
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Proc {
    /// Sends SIGQUIT and returns everything the process wrote to stderr until it exited.
    pub fn sigquit(mut self) -> Vec<u8> {
        let pid = self.child.id().to_string();
        let st = Command::new("kill").args(["-QUIT", &pid]).status().expect("kill");
        assert!(st.success());
        for _ in 0..100 {
            if self.child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let h = self.stderr.take().unwrap();
        h.join().unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }
}

/// Starts `leaky -mode MODE -n N [extra]` and waits for its READY line.
pub fn start(mode: &str, n: usize, extra: &[&str]) -> Proc {
    start_bin(leaky_bin(), mode, n, extra)
}

/// Like [`start`] with another build of `leaky`.
pub fn start_bin(bin: &Path, mode: &str, n: usize, extra: &[&str]) -> Proc {
    let mut child = Command::new(bin)
        .args(["-mode", mode, "-n", &n.to_string()])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start leaky");
    let mut stderr = child.stderr.take().unwrap();
    let stderr = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = stderr.read_to_end(&mut v);
        v
    });
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut p = Proc { child, addr: String::new(), stderr: Some(stderr) };
    if mode == "deadlock" {
        std::thread::sleep(Duration::from_millis(400));
        return p;
    }
    let line = rx.recv_timeout(Duration::from_secs(30)).expect("leaky did not become ready");
    p.addr = line.strip_prefix("READY ").expect("READY line").to_string();
    p
}

/// Runs the test binary with LEAKY_MODE until its timeout panics; returns the output.
pub fn test_timeout_dump(mode: &str) -> Vec<u8> {
    let out = Command::new(leaky_test_bin())
        .args(["-test.run", "TestHang", "-test.timeout", "2s"])
        .env("LEAKY_MODE", mode)
        .output()
        .expect("run leaky.test");
    let mut v = out.stdout;
    v.extend_from_slice(&out.stderr);
    v
}

/// `file:line` suffixes (`scenarios/scenarios.go:71`) carrying `// SITE: <mode>`.
pub fn sites(mode: &str) -> Vec<String> {
    let src = std::fs::read_to_string(leaky_dir().join("scenarios/scenarios.go")).unwrap();
    let marker = format!("// SITE: {mode}");
    let v: Vec<String> = src
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_end().ends_with(&marker))
        .map(|(i, _)| format!("scenarios/scenarios.go:{}", i + 1))
        .collect();
    assert!(!v.is_empty(), "no {marker} in scenarios.go");
    v
}

/// Runs `TestHang` for `mode` until the test timeout panics: the whole test output.
pub fn test_deadlock_dump(mode: &str) -> Vec<u8> {
    test_timeout_dump(mode)
}

/// Runs `TestHang` for `mode` through `go tool test2json`, as `go test -json` prints it.
pub fn test_json_dump(mode: &str) -> Vec<u8> {
    let out = Command::new("go")
        .args(["tool", "test2json", "-t"])
        .arg(leaky_test_bin())
        .args(["-test.v", "-test.run", "TestHang", "-test.timeout", "2s"])
        .env("LEAKY_MODE", mode)
        .output()
        .expect("run go tool test2json");
    out.stdout
}
