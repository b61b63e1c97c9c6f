//! The HTTP side of `serve`: one request, one response over `std::net`,
//! the live-reload script injected into HTML, and the event stream.

use super::{Shared, event, paths, status_json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

const LIVE_JS: &str = include_str!("live.js");
const LIVE_CSS: &str = include_str!("live.css");

/// One request, one response, then the connection closes (except the
/// event stream, which stays open until the page goes or the server
/// stops).
pub(super) fn handle(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    let request_line = read_request(&mut stream)?;
    let mut parts = request_line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return respond(
            &mut stream,
            "400 Bad Request",
            "text/plain",
            b"bad request\n",
            true,
        );
    };
    let head = method == "HEAD";
    if method != "GET" && !head {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"method not allowed\n",
            false,
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("");
    if path == "/__dossier/events" {
        return events(stream, shared);
    }
    if let Some((kind, body)) = own_file(path, shared) {
        return respond(&mut stream, "200 OK", kind, body.as_bytes(), head);
    }
    let root = std::fs::canonicalize(&shared.site).unwrap_or_else(|_| shared.site.clone());
    match paths::resolve(&root, target) {
        paths::Resolved::File(f) => match std::fs::read(&f) {
            Ok(body) => {
                let kind = paths::content_type(&f);
                let body = if kind.starts_with("text/html") {
                    inject(body)
                } else {
                    body
                };
                respond(&mut stream, "200 OK", kind, &body, head)
            }
            Err(_) => not_found(&mut stream, &root, head),
        },
        paths::Resolved::Redirect(to) => {
            let header = format!(
                "HTTP/1.1 301 Moved Permanently\r\nLocation: {to}\r\nContent-Length: 0\r\n\
                 Cache-Control: no-store\r\nConnection: close\r\n\r\n"
            );
            stream.write_all(header.as_bytes())
        }
        paths::Resolved::NotFound => not_found(&mut stream, &root, head),
    }
}

/// The request line; headers are read and ignored, a bounded amount.
fn read_request(stream: &mut TcpStream) -> std::io::Result<String> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    (&mut reader).take(8 * 1024).read_line(&mut request_line)?;
    let mut total = 0;
    loop {
        let mut line = String::new();
        let n = (&mut reader).take(8 * 1024).read_line(&mut line)?;
        total += n;
        if n == 0 || line == "\r\n" || line == "\n" || total > 64 * 1024 {
            break;
        }
    }
    Ok(request_line)
}

/// `serve`'s own files under `/__dossier/`: the script, its stylesheet and
/// the build status, with their content types.
fn own_file(path: &str, shared: &Shared) -> Option<(&'static str, std::borrow::Cow<'static, str>)> {
    match path {
        "/__dossier/live.js" => Some(("text/javascript; charset=utf-8", LIVE_JS.into())),
        "/__dossier/live.css" => Some(("text/css; charset=utf-8", LIVE_CSS.into())),
        "/__dossier/status" => {
            let st = shared.status.lock().unwrap_or_else(|p| p.into_inner());
            Some(("application/json; charset=utf-8", status_json(&st).into()))
        }
        _ => None,
    }
}

/// The site's own 404 page, or a bare one while there is no site yet (the
/// first build failed: the overlay then shows why).
fn not_found(stream: &mut TcpStream, root: &Path, head: bool) -> std::io::Result<()> {
    let body = std::fs::read(root.join("404.html")).unwrap_or_else(|_| {
        b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>dossier serve</title></head>\
          <body><main><h1>No site yet</h1><p>The build has not succeeded yet.</p></main></body></html>"
            .to_vec()
    });
    respond(
        stream,
        "404 Not Found",
        "text/html; charset=utf-8",
        &inject(body),
        head,
    )
}

/// Adds the live-reload script and its stylesheet before `</head>`.
fn inject(body: Vec<u8>) -> Vec<u8> {
    const TAGS: &[u8] = b"<link rel=\"stylesheet\" href=\"/__dossier/live.css\">\
<script src=\"/__dossier/live.js\" defer></script>\n";
    let at = find(&body, b"</head>")
        .or_else(|| find(&body, b"</body>"))
        .unwrap_or(body.len());
    let mut out = Vec::with_capacity(body.len() + TAGS.len());
    out.extend_from_slice(&body[..at]);
    out.extend_from_slice(TAGS);
    out.extend_from_slice(&body[at..]);
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    kind: &str,
    body: &[u8],
    head: bool,
) -> std::io::Result<()> {
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The Server-Sent Events stream: first the current status (a page that
/// missed a rebuild while loading learns it here), then one event per
/// build, and a comment every 15 s so a closed page is noticed.
fn events(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    let (tx, rx): (Sender<String>, Receiver<String>) = mpsc::channel();
    let hello = event(
        "status",
        &status_json(&shared.status.lock().unwrap_or_else(|p| p.into_inner())),
    );
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
          Connection: close\r\n\r\n",
    )?;
    stream.write_all(b"retry: 500\n\n")?;
    stream.write_all(hello.as_bytes())?;
    stream.flush()?;
    shared
        .clients
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(tx);
    loop {
        if shared.stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(m) => stream.write_all(m.as_bytes())?,
            Err(mpsc::RecvTimeoutError::Timeout) => stream.write_all(b": keep-alive\n\n")?,
            Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
        }
        stream.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_end_of_head() {
        let out = inject(b"<html><head><title>x</title></head><body></body></html>".to_vec());
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains("<script src=\"/__dossier/live.js\" defer></script>\n</head>"));
    }
}
