//! `dossier serve`, through the real binary on a free port: it serves only
//! files under its own output (every way out is a 404, sent as raw
//! requests so no client normalises them first), with the right types,
//! keeps the last good site when a rebuild fails, allows one server per
//! dossier, and stops cleanly on Ctrl-C.

mod common;

use common::Fixture;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Upper bound for anything the tests wait for (a start, a rebuild); it
/// only keeps a broken server from hanging the suite.
const PATIENCE: Duration = Duration::from_secs(60);

struct Server {
    child: Child,
    port: u16,
    lines: mpsc::Receiver<String>,
}

impl Server {
    fn start(f: &Fixture) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["serve", "--port", "0", "--root"])
            .arg(f.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start dossier serve");
        let lines = read_lines(child.stdout.take().unwrap());
        let deadline = Instant::now() + PATIENCE;
        loop {
            let line = lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .unwrap_or_else(|_| {
                    let _ = child.kill();
                    let _ = child.wait();
                    let mut err = String::new();
                    let _ = child.stderr.take().unwrap().read_to_string(&mut err);
                    panic!("dossier serve did not say where it listens; stderr:\n{err}")
                });
            if let Some(rest) = line.split("at http://127.0.0.1:").nth(1) {
                let port = rest.split('/').next().unwrap().parse().unwrap();
                return Server { child, port, lines };
            }
        }
    }

    fn get(&self, target: &str) -> Response {
        self.raw(&format!(
            "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        ))
    }

    fn raw(&self, request: &str) -> Response {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(PATIENCE)).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        s.read_to_end(&mut bytes).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Response {
            status,
            head: head.to_ascii_lowercase(),
            body: body.to_string(),
        }
    }

    fn header(&self, target: &str, name: &str) -> String {
        let r = self.get(target);
        r.head
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .unwrap_or("")
            .to_string()
    }

    /// The server's status (generation, errors) once `pred` holds.
    fn wait_status(&self, pred: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let v: serde_json::Value =
                serde_json::from_str(&self.get("/__dossier/status").body).unwrap();
            if pred(&v) {
                return v;
            }
            assert!(Instant::now() < deadline, "status never changed: {v}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Ctrl-C, then the exit status and what it printed after.
    fn interrupt(mut self) -> (std::process::ExitStatus, String) {
        // SAFETY: signalling our own child process.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGINT) };
        let status = self.child.wait().unwrap();
        let mut rest = String::new();
        while let Ok(l) = self.lines.recv_timeout(Duration::from_secs(5)) {
            rest.push_str(&l);
            rest.push('\n');
        }
        (status, rest)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_lines(out: ChildStdout) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for l in BufReader::new(out).lines() {
            let Ok(l) = l else { break };
            if tx.send(l).is_err() {
                break;
            }
        }
    });
    rx
}

struct Response {
    status: u16,
    head: String,
    body: String,
}

fn site(f: &Fixture) -> PathBuf {
    f.path(".dossier-serve/site")
}

const SECRET: &str = "the secret text no request may read";

#[test]
fn every_way_out_of_the_output_is_a_404() {
    let f = Fixture::new();
    // Beside the served folder, in the dossier root, and outside it.
    f.write("secret.txt", SECRET);
    f.write(".dossier-serve/secret.txt", SECRET);
    let s = Server::start(&f);
    let site = site(&f);
    std::os::unix::fs::symlink(f.root(), site.join("leak")).unwrap();
    std::os::unix::fs::symlink(f.path("secret.txt"), site.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink("../secret.txt", site.join("assets/up.txt")).unwrap();
    let abs = f.path("secret.txt").display().to_string();
    let targets = [
        "/../secret.txt".to_string(),
        "/../../secret.txt".into(),
        "/assets/../../secret.txt".into(),
        "/assets/../../../secret.txt".into(),
        "/%2e%2e/secret.txt".into(),
        "/%2e%2e/%2e%2e/secret.txt".into(),
        "/%2E%2E/%2E%2E/secret.txt".into(),
        "/.%2e/.%2e/secret.txt".into(),
        "/%2e./%2e./secret.txt".into(),
        "/assets%2f..%2f..%2fsecret.txt".into(),
        "/assets%2F..%2F..%2F..%2Fsecret.txt".into(),
        "/..%2f..%2fsecret.txt".into(),
        "/..%5c..%5csecret.txt".into(),
        "/..\\..\\secret.txt".into(),
        "/%252e%252e/%252e%252e/secret.txt".into(),
        format!("/{abs}"),
        format!("//{}", abs.trim_start_matches('/')),
        format!("/%2f{}", abs.trim_start_matches('/').replace('/', "%2f")),
        "http://127.0.0.1/../secret.txt".into(),
        "secret.txt".into(),
        "/leak/secret.txt".into(),
        "/leak/.dossier-serve/secret.txt".into(),
        "/leak.txt".into(),
        "/assets/up.txt".into(),
        "/.dossier-output".into(),
        "/secret.txt%00.html".into(),
    ];
    for t in &targets {
        let r = s.get(t);
        assert_eq!(r.status, 404, "GET {t} answered {}", r.status);
        assert!(!r.body.contains(SECRET), "GET {t} leaked the file");
        assert!(
            r.body.contains("Page not found"),
            "GET {t}: not the site's 404 page:\n{}",
            r.body
        );
    }
}

#[test]
fn files_have_their_type_and_folders_their_index() {
    let f = Fixture::new();
    f.write(
        "static/pic.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    f.write("static/mod.wasm", b"\0asm\x01\0\0\0");
    let s = Server::start(&f);
    for (target, kind) in [
        ("/", "text/html; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        ("/people/lavrov/", "text/html; charset=utf-8"),
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/assets/search.js", "text/javascript; charset=utf-8"),
        ("/pagefind/pagefind.js", "text/javascript; charset=utf-8"),
        (
            "/pagefind/pagefind-entry.json",
            "application/json; charset=utf-8",
        ),
        ("/pagefind/wasm.en.pagefind", "application/octet-stream"),
        ("/dossier.json", "application/json; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/atom.xml", "application/xml; charset=utf-8"),
        ("/pic.svg", "image/svg+xml"),
        ("/mod.wasm", "application/wasm"),
    ] {
        assert_eq!(s.get(target).status, 200, "GET {target}");
        assert_eq!(s.header(target, "content-type"), kind, "GET {target}");
    }
    // A folder without its slash is redirected, so relative links work.
    let r = s.get("/people/lavrov");
    assert_eq!(r.status, 301);
    assert!(r.head.contains("location: /people/lavrov/"), "{}", r.head);
    // Pages carry the live-reload script; files on disk do not.
    assert!(s.get("/").body.contains("/__dossier/live.js"));
    let on_disk = std::fs::read_to_string(site(&f).join("index.html")).unwrap();
    assert!(!on_disk.contains("__dossier"));
    // The site's 404 page for a miss; HEAD has no body; no POST.
    let r = s.get("/people/nobody/");
    assert_eq!(r.status, 404);
    assert!(r.body.contains("Page not found"));
    let r = s.raw("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
    let r = s.raw("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    assert_eq!(r.status, 405);
}

#[test]
fn a_failed_rebuild_keeps_the_last_good_site_and_the_server() {
    let f = Fixture::new();
    let s = Server::start(&f);
    let first = s.wait_status(|v| v["errors"].is_null());
    let gen0 = first["generation"].as_u64().unwrap();
    assert!(s.get("/").body.contains("Test dossier"));

    f.replace(
        "content/dossier.yaml",
        "title: Test dossier",
        "title: [Broken",
    );
    let failed = s.wait_status(|v| !v["errors"].is_null());
    let errors = failed["errors"].as_array().unwrap();
    assert!(
        errors.iter().any(|e| e["at"]
            .as_str()
            .unwrap()
            .starts_with("content/dossier.yaml:")),
        "{failed}"
    );
    // Still serving the last good site.
    let r = s.get("/");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Test dossier"));

    f.replace(
        "content/dossier.yaml",
        "title: [Broken",
        "title: Mended dossier",
    );
    let mended = s.wait_status(|v| v["errors"].is_null());
    assert!(mended["generation"].as_u64().unwrap() > gen0);
    assert!(s.get("/").body.contains("Mended dossier"));
}

#[test]
fn one_server_per_dossier_and_ctrl_c_stops_it() {
    let f = Fixture::new();
    let s = Server::start(&f);
    let second = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", "0", "--root"])
        .arg(f.root())
        .output()
        .unwrap();
    assert!(!second.status.success());
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(err.contains("already running"), "{err}");
    assert!(err.contains(&format!("127.0.0.1:{}", s.port)), "{err}");

    let (status, out) = s.interrupt();
    assert!(status.success(), "{status:?}");
    assert!(out.contains("stopped"), "{out}");
    assert!(!site(&f).exists(), "the served site is left behind");
    // The user's own output folder was never touched.
    assert!(!f.output().exists());
}

#[test]
fn serve_refuses_a_folder_that_is_not_a_dossier_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", "0", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("content/dossier.yaml"), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_static_folder_made_after_the_start_is_watched_too() {
    let f = Fixture::new();
    assert!(!f.path("static").exists());
    let s = Server::start(&f);
    f.write("static/late.txt", "made while serving");
    let deadline = Instant::now() + PATIENCE;
    while s.get("/late.txt").status != 200 {
        assert!(Instant::now() < deadline, "static/late.txt never served");
        std::thread::sleep(Duration::from_millis(50));
    }
    // And a change inside it is seen as well.
    f.write("static/late.txt", "changed");
    while s.get("/late.txt").body != "changed" {
        assert!(
            Instant::now() < deadline,
            "the change in static/ was not seen"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
