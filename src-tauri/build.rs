fn main() {
    // The app manifest makes every command below require an explicit `allow-<command>`
    // permission in `capabilities/`: a command that is not granted there is refused.
    let manifest = tauri_build::AppManifest::new().commands(&["global_scale"]);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        eprintln!("tauri-build failed: {e:#}");
        std::process::exit(1);
    }
}
