//! `dossier serve`: build, serve the site on this machine, rebuild when a
//! source changes, and reload the open pages.
//!
//! - The site is built by [`crate::build`], the same function as `dossier
//!   build`, into `<root>/.dossier-serve/site` (never the user's `public/`),
//!   with the base URL set to the server's address.
//! - A watcher (`notify`, debounced) on `content/`, `seeds/`, `templates/`
//!   and `static/` triggers a rebuild. A failed rebuild leaves the last
//!   good site in place (the build's own guarantee) and is shown in the
//!   open pages as an overlay until the next good build.
//! - HTTP/1.1 over `std::net`, one thread per connection, `Connection:
//!   close`. HTML answers get one `<script>` (and its stylesheet) from
//!   `/__dossier/`, in serve mode only: it listens to Server-Sent Events
//!   and reloads the page or shows the errors. Both are same-origin files,
//!   so the pages' Content-Security-Policy needs no change.
//! - One server per dossier: a lock file (`flock`) in `.dossier-serve/`.
//!
//! Nothing here prints: what happens is reported to the caller as
//! [`Event`]s, and `main.rs` prints them.

pub mod paths;

use crate::error::Error;
use crate::{BuildOptions, Failure, Report};
use notify::{EventKind, RecursiveMode, Watcher};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The folder `serve` owns inside the dossier.
pub const SERVE_DIR: &str = ".dossier-serve";
/// The port tried first when none is given; the next ones follow.
pub const DEFAULT_PORT: u16 = 1111;
/// Folders of the dossier whose changes trigger a rebuild.
pub const WATCHED: [&str; 4] = ["content", "seeds", "templates", "static"];
/// How long the watcher waits for a burst of changes (an editor's save,
/// a `git checkout`) to end before rebuilding.
const DEBOUNCE: Duration = Duration::from_millis(40);

const LIVE_JS: &str = include_str!("live.js");
const LIVE_CSS: &str = include_str!("live.css");

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    /// `None`: 1111 or the next free port; `Some(0)`: any free port.
    pub port: Option<u16>,
    pub bind: IpAddr,
    pub search: bool,
}

/// What the server reports while it runs.
pub enum Event<'a> {
    /// Listening: the site's URL.
    Listening {
        url: &'a str,
    },
    /// Why a build starts: the changed paths (empty for the first build).
    Changed {
        paths: &'a [PathBuf],
    },
    Built {
        report: &'a Report,
        took: Duration,
    },
    Failed {
        failure: &'a Failure,
        took: Duration,
    },
    /// Something went wrong that does not stop the server.
    Warning {
        message: String,
    },
    Stopped,
}

/// The state pages see: the build generation and, after a failed build,
/// its errors.
struct Status {
    generation: u64,
    errors: Option<Vec<ErrorView>>,
    has_site: bool,
}

#[derive(serde::Serialize, Clone)]
struct ErrorView {
    /// "content/x.yaml:3:5", or "" when the error has no place.
    at: String,
    message: String,
    /// The whole report, as the terminal shows it.
    text: String,
}

struct Shared {
    site: PathBuf,
    status: Mutex<Status>,
    clients: Mutex<Vec<Sender<String>>>,
    stop: AtomicBool,
    /// Held while a build runs: Ctrl-C waits for it.
    building: Mutex<()>,
}

/// Runs the server until Ctrl-C (or `stop` turns true). Errors are those
/// that keep it from starting: the lock, the port, the watcher.
pub fn serve(
    opts: &ServeOptions,
    stop: Arc<AtomicBool>,
    on_event: &mut (dyn FnMut(Event) + Send),
) -> Result<(), Error> {
    let serr = |message: String| Error::Serve { message };
    // Nothing is created in a folder that is not a dossier.
    if !opts.root.join("content").join("dossier.yaml").is_file() {
        return Err(serr(format!(
            "{} is not a dossier folder: it has no content/dossier.yaml; \
             give the dossier's folder with --root (see docs/content-format.md)",
            opts.root.display()
        )));
    }
    let dir = opts.root.join(SERVE_DIR);
    std::fs::create_dir_all(&dir)
        .map_err(|e| serr(format!("cannot create {}: {e}", dir.display())))?;
    let lock = lock(&dir)?;

    let listener = bind(opts)?;
    let addr = listener
        .local_addr()
        .map_err(|e| serr(format!("cannot read the server's address: {e}")))?;
    let host = match addr.ip() {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    let url = format!("http://{host}:{}/", addr.port());
    let _ = (&lock).write_all(format!("{}\n{url}\n", std::process::id()).as_bytes());

    let site = dir.join("site");
    let build_opts = BuildOptions {
        root: opts.root.clone(),
        output: Some(site.clone()),
        base_url: Some(url.clone()),
        search: opts.search,
    };
    let shared = Arc::new(Shared {
        site: site.clone(),
        status: Mutex::new(Status {
            generation: 0,
            errors: None,
            has_site: false,
        }),
        clients: Mutex::new(Vec::new()),
        stop: AtomicBool::new(false),
        building: Mutex::new(()),
    });

    let on_event = Mutex::new(on_event);
    let emit = |e: Event| {
        if let Ok(mut f) = on_event.lock() {
            f(e)
        }
    };

    // The watcher starts before the first build, so an edit made while it
    // runs is not missed.
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher =
        notify::recommended_watcher(tx).map_err(|e| serr(format!("cannot watch files: {e}")))?;
    let mut watching: Vec<&str> = Vec::new();
    for d in WATCHED {
        let p = opts.root.join(d);
        if p.is_dir() {
            watcher
                .watch(&p, RecursiveMode::Recursive)
                .map_err(|e| serr(format!("cannot watch {}: {e}", p.display())))?;
            watching.push(d);
        }
    }
    // The root itself, not recursively: to see `static/` or `templates/`
    // appear.
    watcher
        .watch(&opts.root, RecursiveMode::NonRecursive)
        .map_err(|e| serr(format!("cannot watch {}: {e}", opts.root.display())))?;

    rebuild(&shared, &build_opts, &[], &emit);
    emit(Event::Listening { url: &url });

    std::thread::scope(|s| {
        // Rebuilds, one at a time, each after a burst of changes.
        let (shared_w, build_opts, emit) = (&shared, &build_opts, &emit);
        s.spawn(move || {
            let shared = shared_w;
            while !shared.stop.load(Ordering::Relaxed) {
                let Ok(first) = rx.recv_timeout(Duration::from_millis(100)) else {
                    continue;
                };
                let mut changed = Vec::new();
                let mut collect = |r: notify::Result<notify::Event>| match r {
                    // Reads (the build's own) change nothing.
                    Ok(e) if matches!(e.kind, EventKind::Access(_)) => {}
                    Ok(e) => changed.extend(e.paths),
                    Err(e) => emit(Event::Warning {
                        message: format!("file watcher: {e}"),
                    }),
                };
                collect(first);
                // Debounce: the burst is over when nothing came for DEBOUNCE.
                while let Ok(more) = rx.recv_timeout(DEBOUNCE) {
                    collect(more);
                }
                // A watched folder created since the start: watch it too.
                for d in WATCHED {
                    let p = opts.root.join(d);
                    if !watching.contains(&d) && p.is_dir() {
                        match watcher.watch(&p, RecursiveMode::Recursive) {
                            Ok(()) => watching.push(d),
                            Err(e) => emit(Event::Warning {
                                message: format!("cannot watch {}: {e}", p.display()),
                            }),
                        }
                        changed.push(p);
                    }
                }
                let changed: Vec<PathBuf> = relevant(&opts.root, changed);
                if changed.is_empty() {
                    continue;
                }
                rebuild(shared, build_opts, &changed, emit);
            }
        });

        // Ctrl-C wakes the blocking accept below with one connection.
        let stop_w = &stop;
        s.spawn(move || {
            while !stop_w.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = TcpStream::connect(wake_address(addr));
        });
        // Accepts connections until stopped.
        while !stop.load(Ordering::Relaxed) {
            match listener.accept() {
                Ok((stream, _)) => {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let shared = Arc::clone(&shared);
                    std::thread::spawn(move || {
                        let _ = handle(stream, &shared);
                    });
                }
                Err(e) => {
                    emit(Event::Warning {
                        message: format!("accepting a connection: {e}"),
                    });
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
        }
        shared.stop.store(true, Ordering::Relaxed);
        // Waits for a build in progress, then ends the event streams.
        let _guard = shared.building.lock();
        if let Ok(mut c) = shared.clients.lock() {
            c.clear();
        }
    });
    let _ = std::fs::remove_dir_all(&site);
    drop(lock);
    emit(Event::Stopped);
    Ok(())
}

/// Where to connect to reach the listener (an unspecified bind address is
/// reached on loopback).
fn wake_address(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(std::net::Ipv4Addr::LOCALHOST.into(), addr.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(std::net::Ipv6Addr::LOCALHOST.into(), addr.port())
        }
        _ => addr,
    }
}

/// The paths that matter: under one of the watched folders, not an
/// editor's swap or backup file.
fn relevant(root: &Path, paths: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = paths
        .into_iter()
        .filter_map(|p| {
            let rel = p
                .strip_prefix(root)
                .ok()
                .map(Path::to_path_buf)
                .or_else(|| {
                    let real_root = std::fs::canonicalize(root).ok()?;
                    p.strip_prefix(real_root).ok().map(Path::to_path_buf)
                })?;
            let name = rel.file_name()?.to_string_lossy().into_owned();
            let editor_noise = name.starts_with(".#")
                || name.ends_with('~')
                || name.ends_with(".swp")
                || name.ends_with(".swx")
                || name == "4913";
            let watched = rel
                .components()
                .next()
                .is_some_and(|c| WATCHED.iter().any(|w| c.as_os_str() == *w));
            (watched && !editor_noise).then_some(rel)
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

fn rebuild(
    shared: &Shared,
    opts: &BuildOptions,
    changed: &[PathBuf],
    emit: &(dyn Fn(Event) + Sync),
) {
    let _guard = shared.building.lock();
    if shared.stop.load(Ordering::Relaxed) {
        return;
    }
    if !changed.is_empty() {
        emit(Event::Changed { paths: changed });
    }
    let t0 = Instant::now();
    let result = crate::build(opts);
    let took = t0.elapsed();
    let message = {
        let mut st = shared.status.lock().unwrap_or_else(|p| p.into_inner());
        match &result {
            Ok(_) => {
                st.generation += 1;
                st.errors = None;
                st.has_site = true;
                event("reload", &status_json(&st))
            }
            Err(f) => {
                st.errors = Some(
                    f.errors
                        .iter()
                        .map(|e| ErrorView {
                            at: e.location().map(|l| l.to_string()).unwrap_or_default(),
                            message: e.to_string(),
                            text: e.render(&opts.root),
                        })
                        .collect(),
                );
                event("failed", &status_json(&st))
            }
        }
    };
    match &result {
        Ok(report) => emit(Event::Built { report, took }),
        Err(failure) => emit(Event::Failed { failure, took }),
    }
    broadcast(shared, &message);
}

fn status_json(st: &Status) -> String {
    serde_json::json!({
        "generation": st.generation,
        "errors": st.errors,
    })
    .to_string()
}

fn event(name: &str, data: &str) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

fn broadcast(shared: &Shared, message: &str) {
    if let Ok(mut clients) = shared.clients.lock() {
        clients.retain(|c| c.send(message.to_string()).is_ok());
    }
}

/// The lock that makes this the only server of this dossier.
fn lock(dir: &Path) -> Result<std::fs::File, Error> {
    let path = dir.join("lock");
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| Error::Serve {
            message: format!("cannot open {}: {e}", path.display()),
        })?;
    if !try_lock(&file) {
        let mut held = String::new();
        let _ = (&file).read_to_string(&mut held);
        let mut lines = held.lines();
        let pid = lines.next().unwrap_or("?");
        let url = lines.next().unwrap_or("?");
        return Err(Error::Serve {
            message: format!(
                "`dossier serve` is already running for this dossier (process {pid}, {url}); \
                 open that address, or stop it first"
            ),
        });
    }
    file.set_len(0).map_err(|e| Error::Serve {
        message: format!("cannot write {}: {e}", path.display()),
    })?;
    Ok(file)
}

#[cfg(unix)]
fn try_lock(file: &std::fs::File) -> bool {
    use std::os::fd::AsRawFd;
    // SAFETY: a valid open file descriptor; the lock is released when the
    // file is closed, including when the process dies.
    unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
}

#[cfg(not(unix))]
fn try_lock(_: &std::fs::File) -> bool {
    true
}

fn bind(opts: &ServeOptions) -> Result<TcpListener, Error> {
    let ports: Vec<u16> = match opts.port {
        Some(p) => vec![p],
        None => (DEFAULT_PORT..DEFAULT_PORT + 100).collect(),
    };
    let mut last = None;
    for p in &ports {
        match TcpListener::bind(SocketAddr::new(opts.bind, *p)) {
            Ok(l) => return Ok(l),
            Err(e) => last = Some(e),
        }
    }
    let tried = match ports.as_slice() {
        [one] => format!("port {one}"),
        _ => format!("ports {}–{}", ports[0], ports[ports.len() - 1]),
    };
    Err(Error::Serve {
        message: format!(
            "cannot listen on {} ({tried}): {}; choose another with --port",
            opts.bind,
            last.map(|e| e.to_string()).unwrap_or_default()
        ),
    })
}

/// One request, one response, then the connection closes (except the
/// event stream, which stays open until the page goes or the server
/// stops).
fn handle(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    (&mut reader).take(8 * 1024).read_line(&mut request_line)?;
    // Headers are read and ignored; a bounded amount.
    let mut total = 0;
    loop {
        let mut line = String::new();
        let n = (&mut reader).take(8 * 1024).read_line(&mut line)?;
        total += n;
        if n == 0 || line == "\r\n" || line == "\n" || total > 64 * 1024 {
            break;
        }
    }
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
    match path {
        "/__dossier/live.js" => {
            return respond(
                &mut stream,
                "200 OK",
                "text/javascript; charset=utf-8",
                LIVE_JS.as_bytes(),
                head,
            );
        }
        "/__dossier/live.css" => {
            return respond(
                &mut stream,
                "200 OK",
                "text/css; charset=utf-8",
                LIVE_CSS.as_bytes(),
                head,
            );
        }
        "/__dossier/status" => {
            let body = status_json(&shared.status.lock().unwrap_or_else(|p| p.into_inner()));
            return respond(
                &mut stream,
                "200 OK",
                "application/json; charset=utf-8",
                body.as_bytes(),
                head,
            );
        }
        "/__dossier/events" => return events(stream, shared),
        _ => {}
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

    #[test]
    fn only_watched_folders_and_no_editor_files_trigger_a_build() {
        let root = Path::new("/d");
        let got = relevant(
            root,
            vec![
                "/d/content/articles/a.yaml".into(),
                "/d/seeds/.#x.txt".into(),
                "/d/seeds/x.txt~".into(),
                "/d/public/index.html".into(),
                "/d/.dossier-serve/site/index.html".into(),
                "/d/seeds/x.txt".into(),
                "/d/seeds/x.txt".into(),
            ],
        );
        assert_eq!(
            got,
            vec![
                PathBuf::from("content/articles/a.yaml"),
                PathBuf::from("seeds/x.txt")
            ]
        );
    }
}
