//! Prometheus text exposition (format 0.0.4) of the watch state, and the tiny std
//! `TcpListener` server for `/metrics` (plus `/report`, which writes and serves the HTML
//! report on demand).

use crate::{Shared, TargetState};
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

/// Escapes a label value: backslash, double quote and newline.
pub fn escape(v: &str) -> String {
    let mut s = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' => s.push_str("\\\\"),
            '"' => s.push_str("\\\""),
            '\n' => s.push_str("\\n"),
            c => s.push(c),
        }
    }
    s
}

pub fn render(targets: &[TargetState]) -> String {
    let mut o = String::new();
    let fam = |o: &mut String, name: &str, kind: &str, help: &str| {
        let _ = writeln!(o, "# HELP {name} {help}\n# TYPE {name} {kind}");
    };
    fam(&mut o, "gotraps_target_up", "gauge", "1 if the last poll of the target succeeded.");
    for t in targets {
        let _ = writeln!(o, "gotraps_target_up{{target=\"{}\"}} {}", escape(&t.name), t.up as u8);
    }
    fam(&mut o, "gotraps_polls_total", "counter", "Polls attempted per target.");
    for t in targets {
        let _ = writeln!(o, "gotraps_polls_total{{target=\"{}\"}} {}", escape(&t.name), t.polls);
    }
    fam(&mut o, "gotraps_poll_errors_total", "counter", "Failed polls per target.");
    for t in targets {
        let _ = writeln!(o, "gotraps_poll_errors_total{{target=\"{}\"}} {}", escape(&t.name), t.errors);
    }
    fam(&mut o, "gotraps_goroutines_total", "gauge", "Goroutines in the last snapshot.");
    for t in targets {
        if let Some(s) = t.history.last() {
            let _ = writeln!(o, "gotraps_goroutines_total{{target=\"{}\"}} {}", escape(&t.name), s.total);
        }
    }
    fam(&mut o, "gotraps_goroutines", "gauge", "Goroutines per state (wait reason) in the last snapshot.");
    for t in targets {
        if let Some(s) = t.history.last() {
            for (state, n) in &s.states {
                let _ =
                    writeln!(o, "gotraps_goroutines{{target=\"{}\",state=\"{}\"}} {n}", escape(&t.name), escape(state));
            }
        }
    }
    fam(&mut o, "gotraps_suspect_goroutines", "gauge", "Goroutines per ranked suspect site in the last snapshot.");
    for t in targets {
        if let Some(r) = &t.last_report {
            for s in &r.suspects {
                let _ = writeln!(
                    o,
                    "gotraps_suspect_goroutines{{target=\"{}\",kind=\"{}\",site=\"{}\",function=\"{}\"}} {}",
                    escape(&t.name),
                    s.kind,
                    escape(s.site.as_deref().unwrap_or("?")),
                    escape(s.function.as_deref().unwrap_or("")),
                    s.count
                );
            }
        }
    }
    fam(&mut o, "gotraps_growing_sites", "gauge", "Sites whose goroutine count grows steadily (D01).");
    for t in targets {
        let n = t.growing.iter().filter(|g| g.key != "total").count();
        let _ = writeln!(o, "gotraps_growing_sites{{target=\"{}\"}} {n}", escape(&t.name));
    }
    o
}

/// Serves until `shared.stop` is set. Binds before returning so callers see bind errors.
pub fn serve(addr: &str, shared: Arc<Shared>) -> std::io::Result<(std::net::SocketAddr, std::thread::JoinHandle<()>)> {
    let ln = TcpListener::bind(addr)?;
    ln.set_nonblocking(true)?;
    let local = ln.local_addr()?;
    let h = std::thread::spawn(move || {
        while !shared.stop.load(Ordering::SeqCst) {
            match ln.accept() {
                Ok((s, _)) => {
                    let _ = handle(s, &shared);
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => std::thread::sleep(Duration::from_millis(50)),
                Err(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    });
    Ok((local, h))
}

fn handle(mut s: TcpStream, shared: &Shared) -> std::io::Result<()> {
    s.set_nonblocking(false)?;
    s.set_read_timeout(Some(Duration::from_secs(5)))?;
    s.set_write_timeout(Some(Duration::from_secs(5)))?;
    let mut buf = [0u8; 4096];
    let mut n = 0;
    while n < buf.len() {
        let k = s.read(&mut buf[n..])?;
        if k == 0 {
            break;
        }
        n += k;
        if buf[..n].windows(4).any(|w| w == b"\r\n\r\n") {
            break;
        }
    }
    let req = String::from_utf8_lossy(&buf[..n]);
    let path = req.split_whitespace().nth(1).unwrap_or("/");
    let (status, ctype, body) = match path {
        "/metrics" => {
            let t = shared.targets.lock().unwrap_or_else(|e| e.into_inner());
            ("200 OK", "text/plain; version=0.0.4; charset=utf-8", render(&t))
        }
        "/report" => {
            let html = crate::write_report(shared);
            ("200 OK", "text/html; charset=utf-8", html)
        }
        _ => ("404 Not Found", "text/plain", "try /metrics or /report\n".to_string()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes())?;
    s.write_all(body.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
