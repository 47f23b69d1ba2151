//! Declares Ratebook's commands to Tauri's app manifest, so that each one needs an explicit
//! `allow-<command>` permission in `capabilities/`: a command that is not granted there is
//! refused. The list is read from `src/commands/*.rs` (every `#[tauri::command]` function),
//! so declaring a command is not a second list to keep in step; granting it stays a
//! deliberate, reviewed line in a capability file.

use std::path::Path;

/// The names of the `#[tauri::command]` functions in one source file.
fn commands_in(source: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut lines = source.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if !line.starts_with("#[tauri::command") {
            continue;
        }
        // The function follows the attribute, possibly after other attributes or docs.
        for next in lines.by_ref() {
            let rest = next
                .strip_prefix("pub async fn ")
                .or_else(|| next.strip_prefix("pub fn "))
                .or_else(|| next.strip_prefix("async fn "))
                .or_else(|| next.strip_prefix("fn "));
            if let Some(rest) = rest {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                names.push(name);
                break;
            }
        }
    }
    names
}

fn main() {
    let dir = Path::new("src/commands");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut commands = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            eprintln!("build.rs: cannot read {}: {e}", dir.display());
            std::process::exit(1);
        }
    };
    let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    files.sort();
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
    {
        println!("cargo:rerun-if-changed={}", path.display());
        match std::fs::read_to_string(path) {
            Ok(source) => commands.extend(commands_in(&source)),
            Err(e) => {
                eprintln!("build.rs: cannot read {}: {e}", path.display());
                std::process::exit(1);
            }
        }
    }
    // The manifest wants 'static names; a build script runs once, so leaking is harmless.
    let names: &'static [&'static str] = Vec::leak(
        commands
            .into_iter()
            .map(|c| &*Box::leak(c.into_boxed_str()))
            .collect(),
    );
    let manifest = tauri_build::AppManifest::new().commands(names);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        eprintln!("tauri-build failed: {e:#}");
        std::process::exit(1);
    }
}
