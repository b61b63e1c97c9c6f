//! Never lose the site, never write outside it, and make a site that is
//! safe to open: a failed or killed build leaves the previous output as it
//! was; ids, slugs and links cannot climb out of the output folder; text
//! from the content is escaped; each page carries a Content-Security-Policy
//! and no inline script or style.

use crate::fixture::{
    self, Dossier, assert_same_tree, html_files, snapshot, staging_leftovers, the_error,
};
use dossier::error::{Error, Loc, StaticProblem};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const TALKS: &str = "content/articles/talks.yaml";
const PEOPLE: &str = "content/entities/people.yaml";

// ------------------------------------------------- never lose the site ----

#[test]
fn a_failed_build_leaves_the_previous_output_as_it_was() {
    let d = Dossier::new();
    d.build_ok();
    let before = snapshot(&d.output());
    assert!(before.len() > 10);

    // A content error (found while loading).
    d.replace(TALKS, "tags: [lavrov,", "tags: [lavrof,");
    d.build_err();
    assert_same_tree(&before, &snapshot(&d.output()));
    assert_eq!(staging_leftovers(&d.output()), Vec::<PathBuf>::new());

    // An error found in the last stage, when everything is rendered: a
    // static file that would replace a generated page.
    d.replace(TALKS, "tags: [lavrof,", "tags: [lavrov,");
    d.static_file("index.html", "<p>mine</p>");
    let f = d.build_err();
    let e = bad_static(&f, StaticProblem::OverGenerated);
    assert_eq!(e.location(), Some(&Loc::file("static/index.html")));
    assert_same_tree(&before, &snapshot(&d.output()));
    assert_eq!(staging_leftovers(&d.output()), Vec::<PathBuf>::new());

    // A broken link made by a template override.
    d.remove("static/index.html");
    d.template(
        "page.html",
        "{% extends \"base.html\" %}{% block content %}<a href=\"{{ frame.root }}nowhere/index.html\">x</a>{% endblock content %}",
    );
    let f = d.build_err();
    the_error(&f, |e| matches!(e, Error::BrokenLink { .. }));
    assert_same_tree(&before, &snapshot(&d.output()));
    assert_eq!(staging_leftovers(&d.output()), Vec::<PathBuf>::new());

    // And the CLI says so.
    let out = d.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("left unchanged"), "{stderr}");
    assert_same_tree(&before, &snapshot(&d.output()));
}

/// A dossier that takes a noticeable time to build: many articles, each
/// with a few kilobytes of text naming the entities.
fn big_dossier(articles: usize) -> Dossier {
    let d = Dossier::new();
    let para = "Sergei Lavrov received Abdoulaye Diop; Russia and Mali talked about \
                training and the Cédéao for a long time, said Diop.\n\n";
    for i in 0..articles {
        d.add_article(
            &format!("bulk-{i:04}"),
            &format!("Bulk article {i}"),
            "2025-04-05",
            &["lavrov"],
            &para.repeat(40),
        );
    }
    d
}

#[test]
fn a_killed_build_leaves_the_previous_output_intact() {
    let d = big_dossier(200);
    let bin = env!("CARGO_BIN_EXE_dossier");
    let build = |output: &Path| {
        Command::new(bin)
            .args(["build", "--root"])
            .arg(d.root())
            .arg("--output")
            .arg(output)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn dossier")
    };

    // The site before (A), and the site the killed builds make (B), built
    // aside: a build killed at any point leaves exactly A or exactly B.
    let t = Instant::now();
    assert!(build(&d.output()).wait().unwrap().success());
    let full = t.elapsed();
    let a = snapshot(&d.output());
    d.replace(
        "content/articles/visit.yaml",
        "title: Diop visits Russia",
        "title: Diop visits Moscow",
    );
    let aside = d.outer().join("aside");
    assert!(build(&aside).wait().unwrap().success());
    let b = snapshot(&aside);
    assert_ne!(a, b);
    println!("full build: {full:?}, {} files", a.len());

    // Kill points: a share of the full build time, or a few milliseconds
    // after the staging folder appears (in the middle of the writing).
    enum When {
        Share(u32),
        AfterStaging(u64),
    }
    let mut outcomes = Vec::new();
    for when in [
        When::Share(25),
        When::Share(60),
        When::AfterStaging(0),
        When::AfterStaging(3),
        When::AfterStaging(20),
        When::AfterStaging(150),
    ] {
        // Start from A each time, so every kill has something to lose.
        if snapshot(&d.output()) != a {
            std::fs::write(
                d.path("content/articles/visit.yaml"),
                d.read("content/articles/visit.yaml")
                    .replace("Diop visits Moscow", "Diop visits Russia"),
            )
            .unwrap();
            assert!(build(&d.output()).wait().unwrap().success());
            assert_same_tree(&a, &snapshot(&d.output()));
            d.replace(
                "content/articles/visit.yaml",
                "title: Diop visits Russia",
                "title: Diop visits Moscow",
            );
        }
        // The staging folder a previous kill left would fool the wait
        // below; the last one is left for the final build to clean.
        for p in staging_leftovers(&d.output()) {
            std::fs::remove_dir_all(p).unwrap();
        }
        let mut child = build(&d.output());
        let start = Instant::now();
        let label = match when {
            When::Share(pct) => {
                std::thread::sleep(full * pct / 100);
                format!("{pct}% of a build")
            }
            When::AfterStaging(ms) => {
                while staging_leftovers(&d.output()).is_empty()
                    && child.try_wait().unwrap().is_none()
                {
                    std::thread::sleep(std::time::Duration::from_micros(200));
                }
                std::thread::sleep(std::time::Duration::from_millis(ms));
                format!("staging + {ms} ms")
            }
        };
        let delay = start.elapsed();
        let finished_first = child.try_wait().unwrap().is_some();
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        let now = snapshot(&d.output());
        let which = if now == a {
            "previous"
        } else if now == b {
            "new"
        } else {
            panic!("killed at {delay:?}: the output is neither the previous site nor the new one")
        };
        outcomes.push(format!(
            "{label} ({delay:?}): {which}{}, leftovers: {}",
            if finished_first {
                " (had finished)"
            } else {
                ""
            },
            staging_leftovers(&d.output()).len()
        ));
    }
    println!("{}", outcomes.join("\n"));
    assert!(
        outcomes.iter().any(|o| o.contains("previous")),
        "no kill landed before the swap: {outcomes:#?}"
    );

    // The next normal build succeeds and cleans up after the killed ones.
    println!(
        "leftovers before the last build: {:?}",
        staging_leftovers(&d.output())
    );
    assert!(build(&d.output()).wait().unwrap().success());
    assert_same_tree(&b, &snapshot(&d.output()));
    assert_eq!(staging_leftovers(&d.output()), Vec::<PathBuf>::new());
}

/// Every file under `dir`, except those under `except`.
fn files_outside(dir: &Path, except: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    snapshot(dir)
        .into_iter()
        .filter(|(p, _)| !dir.join(p).starts_with(except))
        .collect()
}

#[test]
fn nothing_is_written_outside_the_output_folder() {
    // Each case breaks the dossier with ids or paths that try to climb out.
    type Case = (&'static str, fn(&Dossier));
    let cases: &[Case] = &[
        ("entity id ../", |d| {
            d.add_entity("people", "\"../../escaped\"", "Escaped", &[]);
        }),
        ("entity id with a slash", |d| {
            d.add_entity("people", "\"a/b\"", "Slashed", &[]);
        }),
        ("entity id absolute", |d| {
            d.add_entity("people", "\"/tmp/escaped\"", "Absolute", &[]);
        }),
        ("kind path ../", |d| {
            d.replace(
                "content/dossier.yaml",
                "path: countries",
                "path: \"../escaped\"",
            );
        }),
        ("kind key ../", |d| {
            d.replace(
                "content/dossier.yaml",
                "  countries: {",
                "  \"../countries\": {",
            );
        }),
        ("seed path ../", |d| {
            d.replace(TALKS, "seed: talks.txt", "seed: ../../outside.txt");
        }),
        ("seed path absolute", |d| {
            d.replace(TALKS, "seed: talks.txt", "seed: /etc/hostname");
        }),
        ("article file name", |d| {
            d.write("content/articles/..escaped.yaml", fixture::TALKS_YAML);
        }),
        ("page file name", |d| {
            d.write("content/pages/..escaped.md", "---\ntitle: x\n---\nx\n");
        }),
        ("claim id ../", |d| {
            d.replace("content/claims.yaml", "id: length", "id: ../escaped");
        }),
    ];
    for (what, mutate) in cases {
        let d = Dossier::nested();
        std::fs::write(d.outer().join("outside.txt"), "outside\n").unwrap();
        mutate(&d);
        let before = files_outside(d.outer(), &d.output());
        let result = d.build();
        assert!(result.is_err(), "{what}: the build should fail");
        let after = files_outside(d.outer(), &d.output());
        assert_same_tree(&before, &after);
        assert!(!d.output().exists(), "{what}: output created");
        // Nothing named "escaped" anywhere.
        for p in snapshot(d.outer()).keys() {
            assert!(
                !p.to_string_lossy().contains("escaped") || p.starts_with("dossier/content"),
                "{what}: {}",
                p.display()
            );
        }
    }

    // A good build writes only its output (staging folders come and go).
    let d = Dossier::nested();
    let before = files_outside(d.outer(), &d.output());
    d.build_ok();
    assert_same_tree(&before, &files_outside(d.outer(), &d.output()));
}

#[test]
fn a_static_symlink_leading_outside_is_refused() {
    let d = Dossier::nested();
    let secret_dir = d.outer().join("secret");
    std::fs::create_dir_all(&secret_dir).unwrap();
    std::fs::write(secret_dir.join("key.txt"), "the secret\n").unwrap();
    std::fs::create_dir_all(d.path("static")).unwrap();

    for (link, target) in [
        ("static/evil", secret_dir.clone()),
        ("static/etc", PathBuf::from("/etc")),
        ("static/key.txt", secret_dir.join("key.txt")),
    ] {
        std::os::unix::fs::symlink(&target, d.path(link)).unwrap();
        let f = d.build_err();
        let e = bad_static(&f, StaticProblem::OutsideDossier);
        assert_eq!(e.location(), Some(&Loc::file(link)), "{link}");
        let text = e.render(d.root());
        assert!(text.contains("points outside the dossier folder"), "{text}");
        assert!(text.contains("copy the file into static/"), "{text}");
        assert!(!d.output().exists());
        std::fs::remove_file(d.path(link)).unwrap();
    }

    // A link that stays inside the dossier is fine.
    d.write("assets-src/logo.txt", "logo\n");
    std::os::unix::fs::symlink(d.path("assets-src/logo.txt"), d.path("static/logo.txt")).unwrap();
    d.build_ok();
    assert_eq!(
        std::fs::read_to_string(d.output().join("logo.txt")).unwrap(),
        "logo\n"
    );
}

#[test]
fn an_output_folder_not_made_by_dossier_is_refused_not_deleted() {
    let d = Dossier::new();
    d.write("public/thesis.txt", "years of work\n");
    let before = snapshot(d.root());
    let f = d.build_err();
    let e = the_error(&f, |e| matches!(e, Error::Write { .. }));
    let text = e.render(d.root());
    assert!(text.contains("was not made by dossier"), "{text}");
    assert_same_tree(&before, &snapshot(d.root()));
    assert_eq!(staging_leftovers(&d.output()), Vec::<PathBuf>::new());

    // The dossier folder itself as the output.
    let mut opts = d.opts();
    opts.output = Some(d.root().to_path_buf());
    let f = dossier::build(&opts).unwrap_err();
    the_error(&f, |e| matches!(e, Error::Write { .. }));
    assert_same_tree(&before, &snapshot(d.root()));

    // A file as the output.
    opts.output = Some(d.path("public/thesis.txt"));
    let f = dossier::build(&opts).unwrap_err();
    the_error(&f, |e| matches!(e, Error::Write { .. }));
    assert_same_tree(&before, &snapshot(d.root()));

    // An empty folder is fine, and so is one made by dossier.
    std::fs::remove_file(d.path("public/thesis.txt")).unwrap();
    d.build_ok();
    d.build_ok();
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let d = Dossier::new();
    d.static_file("notes.txt", "static\n");
    let mut opts = d.opts();
    opts.base_url = Some("https://example.org/dossier/".into());
    opts.output = Some(d.outer().join("one"));
    dossier::build(&opts).unwrap();
    opts.output = Some(d.outer().join("two"));
    dossier::build(&opts).unwrap();
    let one = snapshot(&d.outer().join("one"));
    assert!(one.keys().any(|p| p.ends_with("atom.xml")));
    assert_same_tree(&one, &snapshot(&d.outer().join("two")));

    // And again into the same folder.
    opts.output = Some(d.outer().join("one"));
    dossier::build(&opts).unwrap();
    assert_same_tree(&one, &snapshot(&d.outer().join("one")));
}

// ------------------------- issue 8: around the swap, and odd outputs ----

/// Runs the real binary as an unprivileged user, so that `chmod` means
/// something: as root, with `runuser -u nobody` after handing the fixture
/// over to nobody; as another user, directly. `None` (with the reason
/// printed) when neither is possible.
struct Unprivileged {
    as_root: bool,
}

impl Unprivileged {
    fn get(d: &Dossier) -> Option<Unprivileged> {
        let uid = Command::new("id").arg("-u").output().ok()?;
        let as_root = String::from_utf8_lossy(&uid.stdout).trim() == "0";
        if !as_root {
            return Some(Unprivileged { as_root });
        }
        let chown = Command::new("chown")
            .args(["-R", "nobody"])
            .arg(d.outer())
            .status()
            .ok()?;
        let probe = Command::new("runuser")
            .args(["-u", "nobody", "--"])
            .arg(env!("CARGO_BIN_EXE_dossier"))
            .arg("--version")
            .output();
        match probe {
            Ok(o) if chown.success() && o.status.success() => Some(Unprivileged { as_root }),
            other => {
                println!(
                    "SKIPPED: running as root and cannot run dossier as `nobody` (runuser: {other:?}); the permission case needs an unprivileged user"
                );
                None
            }
        }
    }

    fn cmd(&self) -> Command {
        if self.as_root {
            let mut c = Command::new("runuser");
            c.args(["-u", "nobody", "--"])
                .arg(env!("CARGO_BIN_EXE_dossier"));
            c
        } else {
            Command::new(env!("CARGO_BIN_EXE_dossier"))
        }
    }

    /// `dossier ARGS --root <root>` in the root.
    fn run(&self, d: &Dossier, args: &[&str]) -> std::process::Output {
        self.cmd()
            .args(args)
            .arg("--root")
            .arg(d.root())
            .current_dir(d.root())
            .output()
            .expect("run dossier")
    }

    fn chmod(&self, mode: &str, p: &Path) {
        assert!(
            Command::new("chmod")
                .arg(mode)
                .arg(p)
                .status()
                .unwrap()
                .success()
        );
    }
}

#[test]
fn a_second_build_into_a_locked_output_is_refused_and_changes_nothing() {
    let d = Dossier::new();
    d.build_ok();
    let before = snapshot(&d.output());
    d.replace(TALKS, "title: Talks in Moscow", "title: Talks in Paris");
    // `serve` or another build holds the output.
    let lock = dossier::write::lock_output(&d.output()).unwrap();
    let f = d.build_err();
    the_error(&f, |e| matches!(e, Error::Busy { .. }));
    let out = d.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("another dossier build"), "{stderr}");
    assert_same_tree(&before, &snapshot(&d.output()));
    // Through a link to the output: the same lock.
    std::os::unix::fs::symlink(d.output(), d.outer().join("link")).unwrap();
    let mut opts = d.opts();
    opts.output = Some(d.outer().join("link"));
    let f = dossier::build(&opts).unwrap_err();
    the_error(&f, |e| matches!(e, Error::Busy { .. }));
    drop(lock);
    d.build_ok();
    assert_ne!(before, snapshot(&d.output()));
}

#[test]
fn concurrent_builds_into_one_output_leave_one_whole_site() {
    // Two dossiers that differ in every page (the site title), each built
    // aside first: the reference sites.
    let a = Dossier::new();
    let b = Dossier::new();
    b.replace(
        "content/dossier.yaml",
        "title: Test dossier",
        "title: Other dossier",
    );
    for (i, extra) in ["Talks go on.", "Talks end."].iter().enumerate() {
        a.add_article(
            &format!("extra-{i}"),
            extra,
            "2025-04-05",
            &["mali"],
            "Mali.\n",
        );
    }
    let shared = a.outer().join("shared");
    let site = |d: &Dossier, name: &str| {
        let mut o = d.opts();
        o.output = Some(d.outer().join(name));
        dossier::build(&o).unwrap();
        snapshot(&d.outer().join(name))
    };
    let (site_a, site_b) = (site(&a, "ref"), site(&b, "ref"));
    assert_ne!(site_a, site_b);
    let spawn = |d: &Dossier| {
        Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["build", "--root"])
            .arg(d.root())
            .arg("--output")
            .arg(&shared)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let mut tally = BTreeMap::new();
    for pair in 0..20 {
        // Alternate who starts first.
        let (first, second) = if pair % 2 == 0 { (&a, &b) } else { (&b, &a) };
        let c1 = spawn(first);
        let c2 = spawn(second);
        let o1 = c1.wait_with_output().unwrap();
        let o2 = c2.wait_with_output().unwrap();
        let now = snapshot(&shared);
        let whose = if now == site_a {
            "a"
        } else if now == site_b {
            "b"
        } else {
            panic!(
                "pair {pair}: the output is neither site ({} files)",
                now.len()
            )
        };
        let ok = |o: &std::process::Output, d: &Dossier| {
            let refused = String::from_utf8_lossy(&o.stderr);
            if !o.status.success() {
                assert!(refused.contains("another dossier build"), "{refused}");
            }
            (o.status.success(), std::ptr::eq(d, &a))
        };
        let results = [ok(&o1, first), ok(&o2, second)];
        let succeeded: Vec<&str> = results
            .iter()
            .filter(|(s, _)| *s)
            .map(|(_, is_a)| if *is_a { "a" } else { "b" })
            .collect();
        assert!(!succeeded.is_empty(), "pair {pair}: both builds failed");
        // A build that exited 0 left its own site: the output is the site
        // of one that succeeded (of the only one, when one was refused).
        assert!(
            succeeded.contains(&whose),
            "pair {pair}: output is {whose}'s site, succeeded: {succeeded:?}"
        );
        assert_eq!(
            staging_leftovers(&shared),
            Vec::<PathBuf>::new(),
            "pair {pair}"
        );
        *tally
            .entry(format!("succeeded {succeeded:?}, output {whose}"))
            .or_insert(0) += 1;
    }
    println!("{tally:#?}");
}

#[test]
fn a_cleanup_failure_after_the_swap_is_a_warning_and_blocks_nothing() {
    let d = Dossier::nested();
    let Some(user) = Unprivileged::get(&d) else {
        return;
    };
    let out = user.run(&d, &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A folder of the live site the user cannot delete from.
    user.chmod("555", &d.output().join("articles"));
    d.replace(TALKS, "title: Talks in Moscow", "title: Talks in Paris");
    let out = user.run(&d, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("left unchanged"), "{stderr}");
    assert!(
        stderr.contains("warning:") && stderr.contains("remove"),
        "{stderr}"
    );
    let talks = d.output().join("articles/talks/index.html");
    assert!(
        std::fs::read_to_string(&talks)
            .unwrap()
            .contains("Talks in Paris")
    );
    // The half-deleted old site does not block the next build.
    d.replace(TALKS, "title: Talks in Paris", "title: Talks in Rome");
    let out = user.run(&d, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        std::fs::read_to_string(&talks)
            .unwrap()
            .contains("Talks in Rome")
    );
    // Leave the temp folder removable.
    for p in staging_leftovers(&d.output()) {
        let _ = Command::new("chmod").arg("-R").arg("u+w").arg(p).status();
    }
}

#[test]
fn a_symlinked_output_is_replaced_at_its_target() {
    let d = Dossier::nested();
    let target = d.outer().join("site");
    let link = d.outer().join("link");
    std::fs::create_dir(&target).unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let mut opts = d.opts();
    opts.output = Some(link.clone());
    dossier::build(&opts).unwrap();
    d.replace(TALKS, "title: Talks in Moscow", "title: Talks in Paris");
    dossier::build(&opts).unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let html = std::fs::read_to_string(target.join("articles/talks/index.html")).unwrap();
    assert!(
        html.contains("Talks in Paris"),
        "the link's target has the stale site"
    );
    assert_eq!(staging_leftovers(&target), Vec::<PathBuf>::new());
    // A link to nothing is refused, not replaced.
    let dangling = d.outer().join("dangling");
    std::os::unix::fs::symlink(d.outer().join("nowhere"), &dangling).unwrap();
    opts.output = Some(dangling.clone());
    let f = dossier::build(&opts).unwrap_err();
    the_error(&f, |e| matches!(e, Error::Write { .. }));
    assert!(
        std::fs::symlink_metadata(&dangling)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn an_output_the_build_reads_back_is_refused() {
    for dir in ["static", "content", "seeds", "templates"] {
        let d = Dossier::new();
        d.static_file("notes.txt", "notes\n");
        d.template(".keep", "");
        let mut opts = d.opts();
        opts.output = Some(d.path(&format!("{dir}/site")));
        let f = dossier::build(&opts).unwrap_err();
        the_error(&f, |e| matches!(e, Error::Write { .. }));
        assert!(!d.path(&format!("{dir}/site")).exists(), "{dir}");
        assert!(
            !d.path(&format!("{dir}/.site.dossier-lock")).exists(),
            "{dir}"
        );
    }
    // A link in static/ to the output would publish the previous site
    // inside the new one at every build.
    let d = Dossier::new();
    d.build_ok();
    std::fs::create_dir_all(d.path("static")).unwrap();
    std::os::unix::fs::symlink("../public", d.path("static/prev")).unwrap();
    let before = snapshot(&d.output());
    let f = d.build_err();
    let e = bad_static(&f, StaticProblem::IntoOutput);
    assert_eq!(e.location(), Some(&Loc::file("static/prev")));
    assert_same_tree(&before, &snapshot(&d.output()));
}

#[test]
fn a_refused_output_deletes_no_leftover_first() {
    let d = Dossier::nested();
    let cwd = d.outer().join("cwd");
    for leftover in [".public.dossier-staging", ".public.dossier-old"] {
        std::fs::create_dir_all(cwd.join(leftover)).unwrap();
        std::fs::write(cwd.join(leftover).join(".dossier-output"), "x").unwrap();
        std::fs::write(cwd.join(leftover).join("keep.txt"), "x").unwrap();
    }
    // A build into `output` from `cwd` is refused and changes nothing there.
    let refused_untouched = |output: &str| {
        let before = snapshot(&cwd);
        let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["build", "--output", output, "--root"])
            .arg(d.root())
            .current_dir(&cwd)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "--output {output}");
        assert_same_tree(&before, &snapshot(&cwd));
    };
    refused_untouched("/");

    // Beside an output that is not ours, nothing is deleted either.
    let other = cwd.join("public");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("thesis.txt"), "years of work").unwrap();
    refused_untouched("public");

    // A leftover not marked as ours survives a successful build.
    std::fs::remove_dir_all(&other).unwrap();
    std::fs::remove_file(cwd.join(".public.dossier-old/.dossier-output")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--output", "public", "--root"])
        .arg(d.root())
        .current_dir(&cwd)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(cwd.join(".public.dossier-old/keep.txt").exists());
    assert!(!cwd.join(".public.dossier-staging").exists());
}

#[test]
fn a_path_only_base_url_builds_and_links_nothing_unwritten() {
    for (in_yaml, flag, path) in [
        (Some("/"), None, "/"),
        (None, Some("/sub/path/"), "/sub/path/"),
        (Some("/dossiers/aes"), None, "/dossiers/aes/"),
    ] {
        let d = Dossier::new();
        if let Some(b) = in_yaml {
            d.append("content/dossier.yaml", &format!("base_url: \"{b}\"\n"));
        }
        let mut opts = d.opts();
        opts.base_url = flag.map(str::to_string);
        dossier::build(&opts).unwrap_or_else(|f| panic!("{path}: {}", d.render(&f)));
        let site = snapshot(&d.output());
        for f in ["atom.xml", "sitemap.xml"] {
            assert!(!site.contains_key(Path::new(f)), "{path}: {f} written");
        }
        for (p, html) in html_files(&d.output()) {
            assert!(
                !html.contains("atom.xml"),
                "{path}: {} links atom.xml",
                p.display()
            );
            assert!(!html.contains("rel=\"canonical\""), "{}", p.display());
        }
        let not_found = std::fs::read_to_string(d.output().join("404.html")).unwrap();
        assert!(
            not_found.contains(&format!("href=\"{path}index.html\"")),
            "{not_found}"
        );
    }
    // Absolute URLs, in any case and with IPv6 hosts, keep the feed.
    for url in [
        "HTTPS://EXAMPLE.ORG/",
        "http://[::1]:8080/sub/",
        "http://[::1]/",
    ] {
        let d = Dossier::new();
        let mut opts = d.opts();
        opts.base_url = Some(url.into());
        dossier::build(&opts).unwrap_or_else(|f| panic!("{url}: {}", d.render(&f)));
        assert!(d.output().join("atom.xml").exists(), "{url}");
    }
}

// ------------------ issue 8: every file the loader lists is read or an error

/// Runs `dossier <cmd>` in the dossier, killing it if it has not finished
/// after a minute (a pipe read without care blocks for ever).
fn run_bounded(d: &Dossier, cmd: &str) -> std::process::Output {
    let child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg(cmd)
        .current_dir(d.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output().unwrap()));
    match rx.recv_timeout(std::time::Duration::from_secs(60)) {
        Ok(out) => out,
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            panic!("dossier {cmd} hangs");
        }
    }
}

fn mkfifo(p: &Path) {
    assert!(Command::new("mkfifo").arg(p).status().unwrap().success());
}

/// The one `BadFile` error of a failed build, with its location's file.
fn bad_file(f: &dossier::Failure) -> (PathBuf, String) {
    let e = the_error(f, |e| matches!(e, Error::BadFile { .. }));
    (e.location().unwrap().file.clone(), e.to_string())
}

#[test]
fn odd_content_files_are_errors_not_skipped() {
    let d = Dossier::nested();
    d.build_ok();
    let before = snapshot(&d.output());
    type Case = (&'static str, fn(&Dossier), &'static str, &'static str);
    let cases: &[Case] = &[
        (
            "events.yaml is a pipe",
            |d| {
                d.remove("content/events.yaml");
                mkfifo(&d.path("content/events.yaml"));
            },
            "content/events.yaml",
            "not a regular file",
        ),
        (
            "events.yaml is a folder",
            |d| {
                d.remove("content/events.yaml");
                std::fs::create_dir(d.path("content/events.yaml")).unwrap();
            },
            "content/events.yaml",
            "is a folder",
        ),
        (
            "claims.yaml is a broken link",
            |d| {
                d.remove("content/claims.yaml");
                std::os::unix::fs::symlink("nowhere.yaml", d.path("content/claims.yaml")).unwrap();
            },
            "content/claims.yaml",
            "does not exist",
        ),
        (
            "an article file links outside",
            |d| {
                std::fs::write(d.outer().join("elsewhere.yaml"), fixture::TALKS_YAML).unwrap();
                std::os::unix::fs::symlink(
                    d.outer().join("elsewhere.yaml"),
                    d.path("content/articles/elsewhere.yaml"),
                )
                .unwrap();
            },
            "content/articles/elsewhere.yaml",
            "outside the dossier",
        ),
        (
            "a page links outside",
            |d| {
                std::fs::write(d.outer().join("page.md"), fixture::ABOUT_MD).unwrap();
                std::os::unix::fs::symlink(d.outer().join("page.md"), d.path("content/pages/x.md"))
                    .unwrap();
            },
            "content/pages/x.md",
            "outside the dossier",
        ),
        (
            "an entity file is a pipe",
            |d| mkfifo(&d.path("content/entities/topics.yaml")),
            "content/entities/topics.yaml",
            "not a regular file",
        ),
        (
            "content/pages is a file",
            |d| {
                d.remove("content/pages/about.md");
                std::fs::remove_dir(d.path("content/pages")).unwrap();
                d.write("content/pages", "oops");
            },
            "content/pages",
            "not a folder",
        ),
        (
            "a template is a pipe",
            |d| {
                std::fs::create_dir_all(d.path("templates")).unwrap();
                mkfifo(&d.path("templates/page.html"));
            },
            "templates/page.html",
            "not a regular file",
        ),
    ];
    for (what, mutate, file, says) in cases {
        let d = Dossier::nested();
        d.build_ok();
        if *what == "an entity file is a pipe" {
            // A kind for it, so the file is loaded.
            d.replace(
                "content/dossier.yaml",
                "boilerplate:",
                "  topics: { path: topics, label: Topics }\nboilerplate:",
            );
            d.build_ok();
        }
        let before_case = snapshot(&d.output());
        mutate(&d);
        for cmd in ["build", "check"] {
            let out = run_bounded(&d, cmd);
            assert_eq!(out.status.code(), Some(1), "{what}: {cmd}");
        }
        let f = d.build_err();
        let (at, msg) = bad_file(&f);
        assert_eq!(at, Path::new(file), "{what}");
        assert!(msg.contains(says), "{what}: {msg}");
        assert_same_tree(&before_case, &snapshot(&d.output()));
    }
    // Links that stay inside the dossier are followed.
    d.write(
        "drafts/linked.yaml",
        fixture::TALKS_YAML.replace("Talks in Moscow", "Linked talks"),
    );
    std::os::unix::fs::symlink(
        "../../drafts/linked.yaml",
        d.path("content/articles/linked.yaml"),
    )
    .unwrap();
    d.write("drafts/faq.md", "---\ntitle: FAQ\n---\nQuestions.\n");
    std::os::unix::fs::symlink("../../drafts/faq.md", d.path("content/pages/faq.md")).unwrap();
    let r = d.build_ok();
    assert_eq!(r.articles, 3);
    assert!(d.output().join("articles/linked/index.html").exists());
    assert!(d.output().join("pages/faq/index.html").exists());
    assert_ne!(before, snapshot(&d.output()));
}

#[test]
fn unreadable_folders_and_files_fail_the_build_and_keep_the_site() {
    for (what, target, mode) in [
        ("articles folder", "content/articles", "000"),
        ("pages folder", "content/pages", "000"),
        ("templates folder", "templates", "000"),
        ("an article file", "content/articles/talks.yaml", "000"),
        ("a seed", "seeds/talks.txt", "000"),
        ("the entities folder, no search", "content/entities", "444"),
    ] {
        let d = Dossier::nested();
        d.template("notes.txt", "x");
        let Some(user) = Unprivileged::get(&d) else {
            return;
        };
        let out = user.run(&d, &["build"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let before = snapshot(&d.output());
        user.chmod(mode, &d.path(target));
        for cmd in ["build", "check"] {
            let out = user.run(&d, &[cmd]);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{what}, {cmd}: {stderr}");
            assert!(stderr.contains(target), "{what}: {stderr}");
            assert!(stderr.contains("permission denied"), "{what}: {stderr}");
        }
        user.chmod("755", &d.path(target));
        assert_same_tree(&before, &snapshot(&d.output()));
    }
}

#[test]
fn odd_seeds_are_errors_and_never_hang_or_grow() {
    type Case = (&'static str, fn(&Dossier), &'static str);
    let cases: &[Case] = &[
        (
            "a pipe",
            |d| {
                d.remove("seeds/talks.txt");
                mkfifo(&d.path("seeds/talks.txt"));
            },
            "not a regular file",
        ),
        (
            "a link to /dev/zero",
            |d| {
                d.remove("seeds/talks.txt");
                std::os::unix::fs::symlink("/dev/zero", d.path("seeds/talks.txt")).unwrap();
            },
            "outside the dossier",
        ),
        (
            "a device inside the dossier",
            |d| {
                d.remove("seeds/talks.txt");
                let made = Command::new("mknod")
                    .arg(d.path("seeds/talks.txt"))
                    .args(["c", "1", "5"])
                    .status()
                    .is_ok_and(|s| s.success());
                if !made {
                    // Not root: a pipe is the same case.
                    mkfifo(&d.path("seeds/talks.txt"));
                }
            },
            "not a regular file",
        ),
        (
            "a folder",
            |d| {
                d.remove("seeds/talks.txt");
                std::fs::create_dir(d.path("seeds/talks.txt")).unwrap();
            },
            "is a folder",
        ),
        (
            "a link loop",
            |d| {
                d.remove("seeds/talks.txt");
                std::os::unix::fs::symlink("talks.txt", d.path("seeds/talks.txt")).unwrap();
            },
            "loop",
        ),
        (
            "over the size limit",
            |d| {
                d.append("content/dossier.yaml", "max_file_mb: 1\n");
                d.write("seeds/talks.txt", "Lavrov. ".repeat(200_000));
            },
            "larger than the limit of 1 MB",
        ),
        (
            "a link to a secret outside",
            |d| {
                std::fs::write(d.outer().join("secret.txt"), "the secret\n").unwrap();
                d.remove("seeds/talks.txt");
                std::os::unix::fs::symlink(d.outer().join("secret.txt"), d.path("seeds/talks.txt"))
                    .unwrap();
            },
            "outside the dossier",
        ),
        (
            "a path through a linked folder",
            |d| {
                std::os::unix::fs::symlink("/etc", d.path("seeds/etc")).unwrap();
                d.replace(TALKS, "seed: talks.txt", "seed: etc/hostname");
            },
            "outside the dossier",
        ),
    ];
    for (what, mutate, says) in cases {
        let d = Dossier::nested();
        d.build_ok();
        let before = snapshot(&d.output());
        mutate(&d);
        for cmd in ["build", "check"] {
            let out = run_bounded(&d, cmd);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{what}, {cmd}: {stderr}");
            assert!(stderr.contains(says), "{what}: {stderr}");
            // Located at the article's `seed:` line.
            assert!(
                stderr.contains("content/articles/talks.yaml:1:"),
                "{what}: {stderr}"
            );
        }
        assert_same_tree(&before, &snapshot(&d.output()));
        assert!(
            !snapshot(&d.output())
                .values()
                .any(|b| b.windows(10).any(|w| w == b"the secret")),
            "{what}"
        );
    }
    // A link to a seed elsewhere in the dossier is followed.
    let d = Dossier::nested();
    d.write("archive/talks.txt", fixture::TALKS_TXT);
    d.remove("seeds/talks.txt");
    std::os::unix::fs::symlink("../archive/talks.txt", d.path("seeds/talks.txt")).unwrap();
    d.build_ok();
}

#[test]
fn many_errors_on_one_long_line_print_a_bounded_report() {
    let d = Dossier::new();
    // 2,000 unknown links on one 20 KB line (two kinds of error: the
    // unknown link, and one other).
    let line = "[[nope]] ".repeat(1000) + &"[[nada]] ".repeat(1000);
    d.write(
        "content/pages/long.md",
        format!("---\ntitle: Long\n---\n{line}\n"),
    );
    d.replace(TALKS, "tags: [lavrov,", "tags: [lavrof,");
    let f = d.build_err();
    assert_eq!(f.errors.len(), 2001);
    let out = d.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.len() < 64 * 1024, "{} bytes of errors", stderr.len());
    // Every printed line of the report is short, the caret included.
    assert!(stderr.lines().all(|l| l.chars().count() < 220), "{stderr}");
    // 50 of the first kind in full, then a count; the line quoted once.
    assert_eq!(stderr.matches("error: unknown entity").count(), 50);
    assert!(
        stderr.contains("and 1951 more `unknown entity` errors"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("4 | ").count(), 1, "{stderr}");
    assert!(stderr.contains("build failed: 2001 errors"), "{stderr}");
    // The limit is the user's.
    let out = d.run(&["check", "--max-errors", "3"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr.matches("error: unknown entity").count(), 3);
    assert!(stderr.contains("and 1998 more"), "{stderr}");
}

// ------------------------------------------- safety of the generated site --

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "\"><img src=x onerror=alert(1)>";

/// Attribute values of `href` and `src` in an HTML text, entities decoded.
fn urls(html: &str) -> Vec<String> {
    let re = regex::Regex::new(
        r#"(?i)\s(?:href|src|action|formaction)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)"#,
    )
    .unwrap();
    re.captures_iter(html)
        .map(|c| {
            let v = c[1].trim_matches(['"', '\'']);
            decode_entities(v)
        })
        .collect()
}

fn decode_entities(s: &str) -> String {
    let re = regex::Regex::new(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);?").unwrap();
    re.replace_all(s, |c: &regex::Captures| {
        let e = &c[1];
        let ch = if let Some(h) = e.strip_prefix("#x").or_else(|| e.strip_prefix("#X")) {
            u32::from_str_radix(h, 16).ok().and_then(char::from_u32)
        } else if let Some(d) = e.strip_prefix('#') {
            d.parse().ok().and_then(char::from_u32)
        } else {
            match e {
                "amp" => Some('&'),
                "colon" => Some(':'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                _ => None,
            }
        };
        ch.map_or_else(|| c[0].to_string(), |c| c.to_string())
    })
    .into_owned()
}

/// http, https, mailto or relative; nothing that runs.
fn url_is_safe(u: &str) -> bool {
    let cleaned: String = u
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match cleaned.find(':') {
        Some(i) if !cleaned[..i].contains(['/', '?', '#']) => {
            matches!(&cleaned[..i], "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// (tag, attribute name) of every attribute of every tag in an HTML text:
/// a small tokenizer, enough for generated HTML (quoted values may hold
/// `>` or escaped text that looks like an attribute).
fn attributes(html: &str) -> Vec<(String, String)> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' || !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        let name_start = i + 1;
        i = name_start;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
            i += 1;
        }
        let tag = html[name_start..i].to_ascii_lowercase();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let a = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/')
            {
                i += 1;
            }
            out.push((tag.clone(), html[a..i].to_ascii_lowercase()));
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && b[i] == b'=' {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i];
                    i += 1;
                    while i < b.len() && b[i] != q {
                        i += 1;
                    }
                    i += 1;
                } else {
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                }
            }
        }
        // Raw text elements: skip their content.
        if tag == "script" || tag == "style" {
            if let Some(end) = html[i..].to_ascii_lowercase().find(&format!("</{tag}")) {
                i += end;
            }
        }
    }
    out
}

/// Tags carrying an event handler attribute (`onerror=`, `onclick=`, …).
fn tags_with_handlers(html: &str) -> Vec<(String, String)> {
    attributes(html)
        .into_iter()
        .filter(|(_, a)| a.starts_with("on"))
        .collect()
}

fn assert_no_payload(out: &Path) {
    let files = html_files(out);
    assert!(!files.is_empty());
    for (p, html) in &files {
        assert!(!html.contains(SCRIPT), "{}: raw <script>", p.display());
        assert!(!html.contains("<img src=x"), "{}: raw <img>", p.display());
        assert!(
            tags_with_handlers(html).is_empty(),
            "{}: {:?}",
            p.display(),
            tags_with_handlers(html)
        );
        for u in urls(html) {
            assert!(url_is_safe(&u), "{}: unsafe URL {u:?}", p.display());
        }
    }
    for xml in ["atom.xml", "sitemap.xml"] {
        if let Ok(text) = std::fs::read_to_string(out.join(xml)) {
            assert!(
                !text.contains(SCRIPT) && !text.contains("<img src=x"),
                "{xml}"
            );
        }
    }
}

#[test]
fn text_from_the_content_is_escaped() {
    let d = Dossier::new();
    let both = format!("{SCRIPT} {IMG}");
    let y = |s: &str| fixture::yaml_str(s);
    d.replace(
        "content/dossier.yaml",
        "title: Test dossier",
        &format!("title: {}", y(&format!("Test {both}"))),
    );
    d.replace(
        "content/dossier.yaml",
        "description: A small dossier written by the tests.",
        &format!(
            "description: {}\nbase_url: https://example.org/d/",
            y(&both)
        ),
    );
    // An entity whose name, alias, summary, description and facts carry
    // the payloads; it is mentioned in a seed by its name.
    d.append(
        PEOPLE,
        &format!(
            "- id: xss\n  name: {}\n  aliases: [{}]\n  summary: {}\n  description: {}\n  facts:\n    {}: {}\n    Other: {}\n",
            y(&format!("Evil {SCRIPT}")),
            y(&format!("Evil {IMG}")),
            y(&both),
            y(&format!("Described {both}")),
            y(&format!("Label {SCRIPT}")),
            y(&both),
            y(&format!("**bold** {IMG}")),
        ),
    );
    d.write(
        TALKS,
        format!(
            "seed: talks.txt\ntitle: {}\ndate: 2025-04-03\nsource:\n  name: {}\n  url: https://example.org/talks\nauthor: {}\nsummary: {}\ntags: [lavrov, mali, xss]\n",
            y(&format!("Talks {both}")),
            y(&format!("News {IMG}")),
            y(&format!("Author {SCRIPT}")),
            y(&format!("[[lavrov]] {both}")),
        ),
    );
    d.append(
        "seeds/talks.txt",
        &format!("\nEvil {SCRIPT} met Lavrov. Evil {IMG} said « {SCRIPT} is a quote of many words » to Diop.\n"),
    );
    d.write(
        "content/events.yaml",
        format!(
            "- date: 2025-04-03\n  title: {}\n  description: {}\n  entities: [lavrov, xss]\n  sources: [talks]\n",
            y(&format!("Event {both}")),
            y(&both)
        ),
    );
    d.write(
        "content/claims.yaml",
        format!(
            "- id: length\n  question: {}\n  statements:\n    - article: visit\n      says: {}\n      quote: \"a visit of two days\"\n",
            y(&format!("How long {both}")),
            y(&both)
        ),
    );
    d.write(
        "content/pages/about.md",
        format!(
            "---\ntitle: {}\n---\nAbout {both}\n",
            y(&format!("About {IMG}"))
        ),
    );
    let r = d.build_ok();
    assert!(r.mentions > 0);
    let out = d.output();
    // The payloads made it into the site, escaped.
    let talks = std::fs::read_to_string(out.join("articles/talks/index.html")).unwrap();
    assert!(
        talks.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{talks}"
    );
    assert_no_payload(&out);
}

#[test]
fn raw_html_in_markdown_is_escaped_unless_allowed() {
    let raw = "<b class=\"raw\">bold</b>";
    let d = Dossier::new();
    d.replace(
        PEOPLE,
        "description: Hosts the talks with [[mali]].",
        &format!("description: '{raw} Hosts the talks with [[mali]].'"),
    );
    d.replace(
        "content/pages/about.md",
        "A dossier about",
        &format!("<div class=\"raw\">block</div>\n\nA {raw} dossier about"),
    );
    d.write(
        "seeds/notes.md",
        format!("---\ntitle: Notes\ndate: 2025-04-06\nsource: {{ name: Wire }}\n---\nLavrov met Diop. {raw}\n"),
    );
    d.build_ok();
    let pages = [
        "people/lavrov/index.html",
        "pages/about/index.html",
        "articles/notes/index.html",
    ];
    for p in pages {
        let html = std::fs::read_to_string(d.output().join(p)).unwrap();
        assert!(!html.contains(raw), "{p}: raw HTML let through");
        assert!(html.contains("&lt;b class="), "{p}: not escaped:\n{html}");
    }
    assert_no_payload(&d.output());

    d.replace(
        "content/dossier.yaml",
        "language: en",
        "language: en\nallow_html: true",
    );
    d.build_ok();
    for p in pages {
        let html = std::fs::read_to_string(d.output().join(p)).unwrap();
        assert!(
            html.contains(raw),
            "{p}: allow_html did not let it through:\n{html}"
        );
    }
    let about = std::fs::read_to_string(d.output().join("pages/about/index.html")).unwrap();
    assert!(about.contains("<div class=\"raw\">block</div>"), "{about}");
}

#[test]
fn only_http_mailto_and_relative_links_are_published() {
    let bad = [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java&#115;cript:alert(1)",
        "javascript&colon;alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
    ];
    let good = [
        "https://example.org/a",
        "http://example.org/b",
        "mailto:desk@example.org",
        "../../pages/about/index.html",
    ];
    let links: Vec<String> = bad
        .iter()
        .chain(good.iter())
        .enumerate()
        .map(|(i, u)| format!("[l{i}]({u})"))
        .collect();
    // Images too: an unsafe one is dropped (its alt text kept), and the
    // build does not fail over it.
    let md = format!(
        "{} <javascript:alert(2)> [ref][r] ![carte](javascript:alert(6)) ![x](data:text/html,y)\n\n[r]: javascript:alert(4)\n",
        links.join(" ")
    );
    let d = Dossier::new();
    d.replace(
        PEOPLE,
        "description: Hosts the talks with [[mali]].",
        // Continuation lines indented under their key, as YAML wants.
        &format!(
            "description: {}",
            fixture::yaml_str(&md).replace('\n', "\n    ")
        ),
    );
    d.replace(
        PEOPLE,
        "summary: Foreign minister of Mali.",
        &format!(
            "summary: Foreign minister of Mali.\n  facts:\n    Link: {}",
            fixture::yaml_str("[x](javascript:alert(5))")
        ),
    );
    d.replace(
        "content/pages/about.md",
        "A dossier about",
        &format!("{md}\n\nA dossier about"),
    );
    d.build_ok();
    assert_no_payload(&d.output());
    let lavrov = std::fs::read_to_string(d.output().join("people/lavrov/index.html")).unwrap();
    for u in good {
        assert!(
            lavrov.contains(&format!("href=\"{u}\"")),
            "{u} dropped:\n{lavrov}"
        );
    }
    for (p, html) in html_files(&d.output()) {
        let lower = html.to_ascii_lowercase();
        for attr in ["href=\"javascript", "src=\"javascript", "src=\"data:"] {
            assert!(!lower.contains(attr), "{}: {attr}", p.display());
        }
    }
    assert!(
        lavrov.contains("carte"),
        "the unsafe image's alt text is kept"
    );
}

#[test]
fn every_page_has_a_csp_and_no_inline_script_or_style() {
    let d = Dossier::new();
    // Code blocks (highlighted) and a graph page are part of the site.
    d.replace(
        "content/pages/about.md",
        "A dossier about",
        "```yaml\nid: mali\n```\n\nA dossier about",
    );
    d.build_ok();
    let files = html_files(&d.output());
    assert!(files.len() > 10);
    let csp = regex::Regex::new(r#"<meta http-equiv="Content-Security-Policy" content="([^"]*)">"#)
        .unwrap();
    let script = regex::Regex::new(r"(?is)<script\b([^>]*)>(.*?)</script\s*>").unwrap();
    for (p, html) in &files {
        let p = p.display();
        let policy = &csp
            .captures(html)
            .unwrap_or_else(|| panic!("{p}: no CSP meta tag"))[1];
        let directives: BTreeMap<&str, &str> = policy
            .split(';')
            .filter_map(|d| d.trim().split_once(' '))
            .collect();
        // Only the search page may compile WebAssembly (Pagefind).
        let script_src = if p.to_string() == "search/index.html" {
            "'self' 'wasm-unsafe-eval'"
        } else {
            "'self'"
        };
        assert_eq!(
            directives.get("script-src"),
            Some(&script_src),
            "{p}: {policy}"
        );
        assert_eq!(
            directives.get("style-src"),
            Some(&"'self'"),
            "{p}: {policy}"
        );
        assert_eq!(
            directives.get("default-src"),
            Some(&"'self'"),
            "{p}: {policy}"
        );
        assert!(!policy.contains("'unsafe-inline'") && !policy.contains("'unsafe-eval'"));
        assert!(!html.contains("<style"), "{p}: <style> element");
        let styled: Vec<_> = attributes(html)
            .into_iter()
            .filter(|(_, a)| a == "style")
            .collect();
        assert!(styled.is_empty(), "{p}: style= attributes on {styled:?}");
        for c in script.captures_iter(html) {
            assert!(c[1].contains("src="), "{p}: inline script");
            assert!(c[2].trim().is_empty(), "{p}: inline script code");
        }
        assert!(
            tags_with_handlers(html).is_empty(),
            "{p}: event handler attribute"
        );
    }
    // The escaped-payload helpers themselves catch what they should.
    assert!(!url_is_safe("java\tscript:x"));
    assert!(!url_is_safe("JAVASCRIPT:x"));
    assert!(!url_is_safe(&decode_entities("javascript&colon;x")));
    assert!(!tags_with_handlers("<img src=x onerror=alert(1)>").is_empty());
    assert!(
        tags_with_handlers("<meta content=\"a onerror=x\"><p>&lt;img onerror=x&gt;</p>").is_empty()
    );
    assert_eq!(attributes("<a style='x' href=\"y\">").len(), 2);
}

// ------------------------------------------------- issue 8: smaller cases --

#[test]
fn control_characters_never_reach_the_output() {
    let d = Dossier::new();
    // YAML escapes: NUL, BEL, a C1 control and a noncharacter.
    d.replace(
        PEOPLE,
        "name: Sergei Lavrov",
        "name: \"Sergei\\0 \\aLav\\x85rov\\uFFFE\"",
    );
    d.replace(
        TALKS,
        "title: Talks in Moscow",
        "title: \"Talks\\0 in\\a Moscow\\uFFFF\"",
    );
    let mut opts = d.opts();
    opts.base_url = Some("https://example.org/".into());
    dossier::build(&opts).unwrap_or_else(|f| panic!("{}", d.render(&f)));
    let forbidden = |c: char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
    };
    let mut checked = 0;
    for (p, bytes) in snapshot(&d.output()) {
        // the search index (pagefind/) holds binary files
        let Ok(text) = String::from_utf8(bytes) else {
            assert!(p.starts_with("pagefind"), "{} is not UTF-8", p.display());
            continue;
        };
        match p.extension().and_then(|x| x.to_str()) {
            Some("html" | "xml") => {
                checked += 1;
                assert!(!text.chars().any(forbidden), "{}: {text:?}", p.display());
            }
            Some("json") => {
                let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
                assert!(v.is_object());
            }
            _ => {}
        }
    }
    assert!(checked > 10);
    let talks = std::fs::read_to_string(d.output().join("articles/talks/index.html")).unwrap();
    assert!(talks.contains("Talks in Moscow"), "{talks}");
}

#[test]
fn duplicate_keys_are_errors_at_the_second_key() {
    let d = Dossier::new();
    d.replace(
        "content/dossier.yaml",
        "  countries: { path: countries, label: Countries, singular: Country }\n",
        "  countries: { path: countries, label: Countries, singular: Country }\n  people: { path: persons, label: Persons }\n",
    );
    let f = d.build_err();
    let e = the_error(&f, |e| matches!(e, Error::Duplicate { what: "key", .. }));
    assert_eq!(e.location(), Some(&Loc::at("content/dossier.yaml", 7, 3)));

    let d = Dossier::new();
    d.replace(
        PEOPLE,
        "    Country: \"[[russia]]\"\n",
        "    Country: \"[[russia]]\"\n    Country: \"[[mali]]\"\n",
    );
    let f = d.build_err();
    let e = the_error(&f, |e| matches!(e, Error::Duplicate { what: "key", .. }));
    assert_eq!(e.location(), Some(&Loc::at(PEOPLE, 8, 5)));
    assert!(
        e.render(d.root())
            .contains("first defined at content/entities/people.yaml:7:5")
    );
}

#[test]
fn deep_nesting_is_not_blamed_on_aliases() {
    let d = Dossier::new();
    let deep = format!("{}1{}", "[".repeat(300), "]".repeat(300));
    d.write(
        "content/events.yaml",
        format!("- date: 2025-04-03\n  title: {deep}\n"),
    );
    let f = d.build_err();
    let e = the_error(&f, |e| matches!(e, Error::Yaml { .. }));
    let text = e.to_string();
    assert!(
        text.contains("too deeply") && !text.contains("alias"),
        "{text}"
    );
}

#[test]
fn allowed_html_is_sanitised_not_pattern_matched() {
    let payloads = [
        "<a HREF=\"javascript:alert(1)\">upper</a>",
        "<a href='javascript:alert(1)'>single</a>",
        "<a href=javascript:alert(1)>unquoted</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">mixed</a>",
        "<a href=\"data:text/html,x\">data</a>",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
        "<img src=\"https://example.org/x.png\" onerror=alert(1)>",
        "<p ONCLICK=\"alert(1)\">handler</p>",
        "<script>alert(1)</script>",
        "<iframe src=\"https://evil.example/\"></iframe>",
        "<style>body{display:none}</style>",
    ];
    let d = Dossier::new();
    d.replace(
        "content/dossier.yaml",
        "language: en",
        "language: en\nallow_html: true",
    );
    d.write(
        "content/pages/about.md",
        format!(
            "---\ntitle: About\n---\n<b class=\"keep\">bold</b> and <em>em</em>.\n\n{}\n\nA dossier about [[mali]].\n",
            payloads.join("\n\n")
        ),
    );
    d.build_ok();
    let html = std::fs::read_to_string(d.output().join("pages/about/index.html")).unwrap();
    assert!(html.contains("<b class=\"keep\">bold</b>"), "{html}");
    assert!(html.contains("<em>em</em>"), "{html}");
    let lower = html.to_ascii_lowercase();
    for bad in [
        "javascript:",
        "data:text",
        "http-equiv=\"refresh\"",
        "onerror",
        "onclick",
        "<iframe",
        "body{display",
        "<script>alert",
    ] {
        assert!(!lower.contains(bad), "{bad} let through:\n{html}");
    }
    assert_no_payload(&d.output());
}

/// The failure's one static-file error of this kind.
fn bad_static(f: &dossier::Failure, problem: StaticProblem) -> &Error {
    the_error(
        f,
        |e| matches!(e, Error::BadStatic { problem: p, .. } if *p == problem),
    )
}
