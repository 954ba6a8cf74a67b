//! The declared minimum Rust version is the true one: the workspace's
//! `rust-version` equals the highest `rust-version` any package in the
//! resolved dependency tree declares (`cargo metadata`). Below it,
//! `cargo install` would fail with a dependency's confusing error.

use serde_json::Value;

fn version(text: &str) -> Vec<u64> {
    text.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

#[test]
fn the_declared_rust_version_is_the_highest_in_the_dependency_tree() {
    let output = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--offline", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("cargo metadata: {e}"));
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let metadata: Value = serde_json::from_slice(&output.stdout).unwrap();
    let resolved: Vec<&str> = metadata["resolve"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| n["id"].as_str())
        .collect();
    let packages = metadata["packages"].as_array().cloned().unwrap_or_default();
    let declared = packages
        .iter()
        .find(|p| p["name"] == "mdbook-handbook")
        .and_then(|p| p["rust_version"].as_str())
        .unwrap_or_else(|| panic!("mdbook-handbook declares no rust-version"));
    let (highest, by) = packages
        .iter()
        .filter(|p| p["id"].as_str().is_some_and(|id| resolved.contains(&id)))
        .filter_map(|p| Some((p["rust_version"].as_str()?, p["name"].as_str()?)))
        .max_by_key(|(v, _)| version(v))
        .unwrap_or_else(|| panic!("no package declares a rust-version"));
    assert_eq!(
        version(declared),
        version(highest),
        "the workspace declares rust-version {declared}, but {by} needs {highest}"
    );
    // Every crate of the workspace inherits the one declaration.
    for member in packages.iter().filter(|p| {
        p["manifest_path"]
            .as_str()
            .is_some_and(|m| m.starts_with(env!("CARGO_MANIFEST_DIR")))
    }) {
        assert_eq!(member["rust_version"].as_str(), Some(declared), "{}", member["name"]);
    }
}
