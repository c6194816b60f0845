//! A minimal HTTP/1.1 GET client for `http://host:port/debug/pprof/...` endpoints: std
//! `TcpStream`, timeouts, Content-Length, chunked and close-delimited bodies, streamed.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

/// A parsed `http://` URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    pub host: String,
    pub port: u16,
    /// Path and query, starting with `/`.
    pub path: String,
}

impl Url {
    pub fn parse(s: &str) -> Result<Url, String> {
        let rest = s.strip_prefix("http://").ok_or_else(|| format!("{s}: only http:// URLs are supported"))?;
        let (hostport, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => {
                (h, p.parse::<u16>().map_err(|_| format!("{s}: bad port {p:?}"))?)
            }
            _ => (hostport, 80),
        };
        if host.is_empty() {
            return Err(format!("{s}: missing host"));
        }
        Ok(Url { host: host.trim_matches(|c| c == '[' || c == ']').to_string(), port, path: path.to_string() })
    }

    pub fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

/// Body of a successful response, read incrementally.
pub type Body = Box<dyn Read + Send>;

/// GETs `url`; `timeout` bounds the connect and every read. Non-2xx statuses are errors that
/// carry the start of the body.
pub fn get(url: &str, timeout: Duration) -> io::Result<Body> {
    let u = Url::parse(url).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    let addr = (u.host.as_str(), u.port)
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, format!("{}: no address", u.host)))?;
    let stream = TcpStream::connect_timeout(&addr, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    let mut w = &stream;
    let req = format!(
        "GET {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: gotraps\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n",
        u.path,
        u.authority()
    );
    w.write_all(req.as_bytes())?;
    let mut r = BufReader::with_capacity(64 << 10, stream);
    let mut line = String::new();
    read_line(&mut r, &mut line)?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad(format!("not an HTTP response: {:?}", line.trim_end())))?;
    let mut length: Option<u64> = None;
    let mut chunked = false;
    loop {
        line.clear();
        read_line(&mut r, &mut line)?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            let v = v.trim();
            if k.eq_ignore_ascii_case("content-length") {
                length = v.parse().ok();
            } else if k.eq_ignore_ascii_case("transfer-encoding") && v.to_ascii_lowercase().contains("chunked") {
                chunked = true;
            }
        }
    }
    let body: Body = if chunked {
        Box::new(Chunked { r, left: 0, done: false })
    } else if let Some(n) = length {
        Box::new(r.take(n))
    } else {
        Box::new(r)
    };
    if !(200..300).contains(&status) {
        let mut msg = Vec::new();
        let _ = body.take(300).read_to_end(&mut msg);
        return Err(io::Error::other(format!("HTTP {status}: {}", String::from_utf8_lossy(&msg).trim())));
    }
    Ok(body)
}

fn bad(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg)
}

/// Reads one header line, refusing absurdly long ones.
fn read_line<R: BufRead>(r: &mut R, line: &mut String) -> io::Result<()> {
    let n = r.take(16 << 10).read_line(line)?;
    if n == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "connection closed before the response headers ended",
        ));
    }
    Ok(())
}

struct Chunked<R> {
    r: R,
    left: u64,
    done: bool,
}

impl<R: BufRead> Read for Chunked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.done || buf.is_empty() {
            return Ok(0);
        }
        if self.left == 0 {
            let mut line = String::new();
            read_line(&mut self.r, &mut line)?;
            if line.trim().is_empty() {
                // CRLF closing the previous chunk
                line.clear();
                read_line(&mut self.r, &mut line)?;
            }
            let size = line.trim().split(';').next().unwrap_or("");
            self.left = u64::from_str_radix(size, 16).map_err(|_| bad(format!("bad chunk size {size:?}")))?;
            if self.left == 0 {
                self.done = true;
                return Ok(0);
            }
        }
        let want = buf.len().min(self.left.min(usize::MAX as u64) as usize);
        let n = self.r.read(&mut buf[..want])?;
        if n == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "chunked body cut short"));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    #[test]
    fn url_parsing() {
        let u = Url::parse("http://127.0.0.1:6060/debug/pprof/goroutine?debug=2").unwrap();
        assert_eq!((u.host.as_str(), u.port, u.path.as_str()), ("127.0.0.1", 6060, "/debug/pprof/goroutine?debug=2"));
        assert_eq!(Url::parse("http://localhost").unwrap().port, 80);
        assert!(Url::parse("https://x").is_err());
        assert!(Url::parse("http://x:notaport/").is_err());
    }

    #[test]
    fn chunked_and_errors() {
        let ln = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = ln.local_addr().unwrap();
        let t = std::thread::spawn(move || {
            for resp in [
                &b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"[..],
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found",
                b"garbage\r\n\r\n",
            ] {
                let (mut s, _) = ln.accept().unwrap();
                let mut req = [0u8; 1024];
                let _ = s.read(&mut req);
                let _ = s.write_all(resp);
            }
        });
        let url = format!("http://{addr}/x");
        let mut body = String::new();
        get(&url, Duration::from_secs(5)).unwrap().read_to_string(&mut body).unwrap();
        assert_eq!(body, "hello world");
        let e = get(&url, Duration::from_secs(5)).err().unwrap();
        assert!(e.to_string().contains("404"), "{e}");
        let e = get(&url, Duration::from_secs(5)).err().unwrap();
        assert!(e.to_string().contains("not an HTTP response"), "{e}");
        t.join().unwrap();
    }
}
