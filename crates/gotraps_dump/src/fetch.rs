//! The one fetch path of `goroutines` and `watch`: URL defaults and an HTTP GET through
//! `ureq` (redirects followed, one deadline over the whole request including the body).

use std::io::{self, Read};
use std::time::Duration;

/// The path a bare `host:port` or `http://host:port[/]` means.
pub const DEFAULT_PATH: &str = "/debug/pprof/goroutine?debug=2";
/// Largest body read.
const MAX_BODY: u64 = 1 << 30;

/// Whether an input names an endpoint rather than a file: an `http(s)://` URL, or a bare
/// `host:port` (`localhost:6060`, `127.0.0.1:6060`, `[::1]:6060`) that is not an existing file.
pub fn is_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://") || (is_host_port(s) && !std::path::Path::new(s).exists())
}

fn is_host_port(s: &str) -> bool {
    let Some((host, port)) = s.rsplit_once(':') else { return false };
    let host = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
    !host.is_empty()
        && !port.is_empty()
        && port.len() <= 5
        && port.bytes().all(|b| b.is_ascii_digit())
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.:_".contains(&b))
}

/// The URL to fetch for what the user typed: `host:port` and `http://host:port[/]` mean
/// [`DEFAULT_PATH`]; anything with a path is used as given.
pub fn endpoint(input: &str) -> Result<String, String> {
    if input.starts_with("https://") {
        return Err(format!("{input}: https:// is not supported; use http:// (e.g. through a local port-forward)"));
    }
    let url = if input.starts_with("http://") {
        input.to_string()
    } else if is_host_port(input) {
        format!("http://{input}")
    } else {
        return Err(format!("{input}: not an http:// URL or host:port"));
    };
    let rest = &url["http://".len()..];
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    if authority.is_empty() {
        return Err(format!("{input}: missing host"));
    }
    if let Some((_, port)) = authority.rsplit_once(':').filter(|(h, _)| !h.ends_with(']') || authority.starts_with('['))
    {
        if !port.is_empty() && port.parse::<u16>().is_err() && !authority.ends_with(']') {
            return Err(format!("{input}: bad port {port:?}"));
        }
    }
    let path = &rest[authority.len()..];
    Ok(if path.is_empty() || path == "/" { format!("http://{authority}{DEFAULT_PATH}") } else { url })
}

/// GETs `input` (see [`endpoint`]) and returns the whole body; `timeout` bounds everything
/// from connecting to the last body byte. Non-2xx answers are errors carrying the start of
/// the body. Errors say what happened in words (`timed out after 3s`, `connection refused`).
pub fn get_bytes(input: &str, timeout: Duration) -> io::Result<Vec<u8>> {
    let url = endpoint(input).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .max_redirects(5)
        .http_status_as_error(false)
        .user_agent("gotraps")
        .build()
        .into();
    let resp = agent.get(&url).call().map_err(|e| describe(e, timeout))?;
    let status = resp.status().as_u16();
    let mut body = resp.into_body().into_with_config().limit(MAX_BODY).reader();
    if !(200..300).contains(&status) {
        let mut msg = Vec::new();
        let _ = (&mut body).take(300).read_to_end(&mut msg);
        let text = String::from_utf8_lossy(&msg);
        return Err(io::Error::other(format!("HTTP {status}: {}", text.trim())));
    }
    let mut v = Vec::new();
    match body.read_to_end(&mut v) {
        Ok(_) => Ok(v),
        Err(e) => {
            let inner = e.get_ref().and_then(|x| x.downcast_ref::<ureq::Error>()).map(|x| x.to_string());
            let timed_out = matches!(e.kind(), io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock)
                || inner.as_deref().is_some_and(|m| m.contains("timeout"));
            Err(if timed_out {
                io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!(
                        "timed out after {} while reading the body ({} bytes read); raise --timeout",
                        secs(timeout),
                        v.len()
                    ),
                )
            } else {
                io::Error::new(e.kind(), format!("body cut short after {} bytes: {e}", v.len()))
            })
        }
    }
}

/// Like [`get_bytes`], as a reader.
pub fn get(input: &str, timeout: Duration) -> io::Result<Box<dyn Read + Send>> {
    Ok(Box::new(io::Cursor::new(get_bytes(input, timeout)?)))
}

fn secs(d: Duration) -> String {
    format!("{}s", d.as_secs_f64())
}

fn describe(e: ureq::Error, timeout: Duration) -> io::Error {
    use ureq::Error as E;
    match e {
        E::Timeout(_) => io::Error::new(
            io::ErrorKind::TimedOut,
            format!("timed out after {} (server not answering?); raise --timeout", secs(timeout)),
        ),
        E::Io(io) if io.kind() == io::ErrorKind::ConnectionRefused => io::Error::new(
            io::ErrorKind::ConnectionRefused,
            "connection refused (is the server up, is the port right?)",
        ),
        E::Io(io) if matches!(io.kind(), io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock) => io::Error::new(
            io::ErrorKind::TimedOut,
            format!("timed out after {} (server not answering?); raise --timeout", secs(timeout)),
        ),
        E::Io(io) => io,
        E::TooManyRedirects => io::Error::other("too many redirects (more than 5)"),
        E::HostNotFound => io::Error::new(io::ErrorKind::NotFound, "host not found"),
        other => io::Error::other(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints() {
        let d = DEFAULT_PATH;
        assert_eq!(endpoint("127.0.0.1:6060").unwrap(), format!("http://127.0.0.1:6060{d}"));
        assert_eq!(endpoint("http://127.0.0.1:6060").unwrap(), format!("http://127.0.0.1:6060{d}"));
        assert_eq!(endpoint("http://h:1/").unwrap(), format!("http://h:1{d}"));
        assert_eq!(endpoint("http://h:1/x?debug=1").unwrap(), "http://h:1/x?debug=1");
        assert_eq!(endpoint("[::1]:6060").unwrap(), format!("http://[::1]:6060{d}"));
        assert!(endpoint("https://x").unwrap_err().contains("https"));
        assert!(endpoint("http://x:notaport/").is_err());
        assert!(endpoint("dump.txt").is_err());
        assert!(is_host_port("localhost:6060") && !is_host_port("dump.txt") && !is_host_port("a/b:1"));
    }
}
