//! A blank Tauri window: the baseline Ratebook's start time and memory are compared with.
fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the blank window could not start");
}
