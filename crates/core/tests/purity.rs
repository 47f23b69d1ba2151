//! Architecture invariant (ARCHITECTURE.md): `ratebook-core` performs no I/O and reads no
//! clock. This test reads the resolved dependency graph from `cargo metadata` and fails if
//! any crate that does I/O, talks to a UI, a database, a PDF or the network, or reads the
//! clock is reachable from the core's normal (non-dev) dependencies. It also scans the
//! core's own sources for the standard library's I/O and clock entry points.

use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::process::Command;

/// Crates the core must never reach, by name prefix.
const FORBIDDEN: &[&str] = &[
    "tauri",
    "wry",
    "tao",
    "webkit2gtk",
    "gtk",
    "rusqlite",
    "libsqlite3-sys",
    "sqlx",
    "printpdf",
    "lopdf",
    "tokio",
    "async-std",
    "mio",
    "reqwest",
    "hyper",
    "ureq",
    "walkdir",
    "tempfile",
    "notify",
    "dirs",
    "directories",
    "calamine",
    "rust_xlsxwriter",
    "rcgen",
    "getrandom",
    "ratebook-store",
    "ratebook-report",
    "ratebook-cli",
    "ratebook-app",
];

/// Standard-library paths that mean I/O or a clock when they appear in core sources.
const FORBIDDEN_PATHS: &[&str] = &[
    "std::fs",
    "std::net",
    "std::process",
    "std::env",
    "std::io::stdin",
    "std::thread::sleep",
    "SystemTime",
    "Instant::now",
    "thread_rng",
    "from_entropy",
];

fn metadata() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--filter-platform"])
        .arg(target_triple())
        .arg("--manifest-path")
        .arg(&manifest)
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON")
}

fn target_triple() -> String {
    // The host triple is what the tests are built for.
    let out = Command::new("rustc")
        .arg("-vV")
        .output()
        .expect("rustc -vV runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .expect("rustc -vV names the host")
}

/// Names of every package reachable from `root` through normal dependencies.
fn normal_closure(meta: &Value, root_name: &str) -> BTreeSet<String> {
    let packages = meta["packages"].as_array().expect("packages");
    let name_of: HashMap<&str, &str> = packages
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap_or_default(),
                p["name"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    let nodes = meta["resolve"]["nodes"].as_array().expect("resolve.nodes");
    let node_of: HashMap<&str, &Value> = nodes
        .iter()
        .map(|n| (n["id"].as_str().unwrap_or_default(), n))
        .collect();
    let root = packages
        .iter()
        .find(|p| p["name"] == root_name)
        .and_then(|p| p["id"].as_str())
        .expect("root package in metadata");

    let mut seen = BTreeSet::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let Some(node) = node_of.get(id) else {
            continue;
        };
        for dep in node["deps"].as_array().into_iter().flatten() {
            let normal = dep["dep_kinds"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|k| k["kind"].is_null());
            if normal {
                if let Some(pkg) = dep["pkg"].as_str() {
                    stack.push(pkg);
                }
            }
        }
    }
    seen.iter()
        .filter_map(|id| name_of.get(id).map(|n| n.to_string()))
        .collect()
}

fn offending(names: &BTreeSet<String>) -> Vec<String> {
    names
        .iter()
        .filter(|n| {
            FORBIDDEN
                .iter()
                .any(|f| n.as_str() == *f || n.starts_with(&format!("{f}-")))
        })
        .cloned()
        .collect()
}

/// Names of every package `cargo tree` builds for `package` through normal dependencies.
///
/// `cargo metadata`'s resolve graph lists optional dependencies that are only named by a weak
/// feature (`dep?/feature`, e.g. rust_decimal's `rand?/std` or rand_core's
/// `getrandom?/std`) even though they are never built; `cargo tree` applies the feature
/// resolver exactly, so the closure below is what the compiler really links.
fn built_closure(package: &str) -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let out = Command::new(cargo)
        .args([
            "tree", "-e", "normal", "--prefix", "none", "--format", "{p}", "-p",
        ])
        .arg(package)
        .arg("--target")
        .arg(target_triple())
        .arg("--manifest-path")
        .arg(&manifest)
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

#[test]
fn core_depends_on_no_io_crate() {
    let closure = built_closure("ratebook-core");
    assert!(closure.contains("serde"), "closure computed: {closure:?}");
    let bad = offending(&closure);
    assert!(
        bad.is_empty(),
        "ratebook-core reaches I/O crates: {bad:?} (ARCHITECTURE.md: core is pure)"
    );
    // The metadata walk over-approximates (weak features) but must agree on the core's
    // own direct dependencies.
    let meta = metadata();
    assert!(normal_closure(&meta, "ratebook-core").is_superset(&closure));
}

#[test]
fn the_built_closure_would_catch_an_io_crate() {
    let bad = offending(&built_closure("ratebook-cli"));
    assert!(bad.iter().any(|n| n == "ratebook-store"), "{bad:?}");
}

#[test]
fn core_reads_no_clock_through_chrono() {
    // The resolve graph unifies features across the workspace (the app's dependencies may
    // turn chrono's clock on for themselves), so check what the core itself asks for.
    let meta = metadata();
    let core = meta["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == "ratebook-core")
        .expect("ratebook-core in metadata");
    for dep in core["dependencies"].as_array().into_iter().flatten() {
        if dep["name"] == "chrono" && dep["kind"].is_null() {
            assert_eq!(
                dep["uses_default_features"], false,
                "chrono's default features include the clock"
            );
            let features: Vec<&str> = dep["features"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|f| f.as_str())
                .collect();
            assert!(
                !features
                    .iter()
                    .any(|f| matches!(*f, "clock" | "now" | "wasmbind")),
                "core enables a chrono clock feature: {features:?}"
            );
        }
    }
}

#[test]
fn the_check_would_catch_an_io_crate() {
    // The same check over the CLI, which legitimately composes the store, must fire:
    // proof that the closure walk and the list are not vacuous.
    let meta = metadata();
    let bad = offending(&normal_closure(&meta, "ratebook-cli"));
    assert!(bad.iter().any(|n| n == "ratebook-store"), "{bad:?}");
}

#[test]
fn core_sources_use_no_io_or_clock() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src];
    let mut hits = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read core src") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("read source");
                for (i, line) in text.lines().enumerate() {
                    let code = line.split("//").next().unwrap_or_default();
                    for p in FORBIDDEN_PATHS {
                        if code.contains(p) {
                            hits.push(format!("{}:{}: {}", path.display(), i + 1, p));
                        }
                    }
                }
            }
        }
    }
    assert!(hits.is_empty(), "I/O or clock in ratebook-core: {hits:#?}");
}
