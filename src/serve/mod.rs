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

mod http;
pub mod paths;
mod watch;

use crate::error::Error;
use crate::{BuildOptions, Failure, Report};
use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The folder `serve` owns inside the dossier.
pub const SERVE_DIR: &str = ".dossier-serve";
/// The port tried first when none is given; the next ones follow.
pub const DEFAULT_PORT: u16 = 1111;
/// Folders of the dossier whose changes trigger a rebuild.
pub const WATCHED: [&str; 4] = ["content", "seeds", "templates", "static"];

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
    let (lock, listener, addr, url) = open_server(opts, &dir)?;
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
    let mut watch = watch::Watch::start(&opts.root)?;
    rebuild(&shared, &build_opts, &[], &emit);
    emit(Event::Listening { url: &url });

    std::thread::scope(|s| {
        // Rebuilds, one at a time, each after a burst of changes.
        let (shared_w, build_opts, emit) = (&shared, &build_opts, &emit);
        s.spawn(move || {
            while let Some(changed) = watch.next_burst(&shared_w.stop, emit) {
                rebuild(shared_w, build_opts, &changed, emit);
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
        accept_until(&listener, &stop, &shared, emit);
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

/// Accepts connections, each served on its own thread, until `stop`.
fn accept_until(
    listener: &TcpListener,
    stop: &AtomicBool,
    shared: &Arc<Shared>,
    emit: &(dyn Fn(Event) + Sync),
) {
    while !stop.load(Ordering::Relaxed) {
        match listener.accept() {
            Ok((stream, _)) => {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let shared = Arc::clone(shared);
                std::thread::spawn(move || {
                    let _ = http::handle(stream, &shared);
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
}

/// The server's folder, its lock (the only server of this dossier), the
/// listening socket, its address and its URL.
fn open_server(
    opts: &ServeOptions,
    dir: &Path,
) -> Result<(std::fs::File, TcpListener, SocketAddr, String), Error> {
    let serr = |message: String| Error::Serve { message };
    std::fs::create_dir_all(dir)
        .map_err(|e| serr(format!("cannot create {}: {e}", dir.display())))?;
    let lock = lock(dir)?;
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
    Ok((lock, listener, addr, url))
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
