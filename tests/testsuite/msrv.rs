//! The declared minimum Rust version is the true one: the workspace's
//! `rust-version` equals the highest `rust-version` any package in the
//! resolved dependency tree declares (`cargo metadata`). Below it,
//! `cargo install` would fail with a dependency's confusing error.
//!
//! And `cargo binstall` finds what the release workflow uploads: the archive
//! names `[package.metadata.binstall]` expands to are the ones
//! `.github/workflows/release.yml` writes, for every target it builds.

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

/// A binstall template (`{ name }`) filled in as cargo-binstall does.
fn binstall_expand(template: &str, fields: &[(&str, &str)]) -> String {
    fields.iter().fold(template.to_owned(), |text, (key, value)| {
        text.replace(&format!("{{ {key} }}"), value)
            .replace(&format!("{{{key}}}"), value)
    })
}

/// What cargo-binstall's `pkg-fmt` means as a file name suffix.
fn archive_suffix(format: &str) -> &'static str {
    match format {
        "tgz" => ".tar.gz",
        "zip" => ".zip",
        other => panic!("pkg-fmt {other}: the release workflow writes only tgz and zip"),
    }
}

#[test]
fn binstall_downloads_the_archives_the_release_workflow_uploads() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let manifest: toml::Table = toml::from_str(&read("Cargo.toml")).unwrap_or_else(|e| panic!("{e}"));
    let binstall = &manifest["package"]["metadata"]["binstall"];
    let field = |table: &toml::Value, key: &str| table.get(key).and_then(|v| v.as_str()).map(str::to_owned);
    let pkg_url = field(binstall, "pkg-url").unwrap_or_else(|| panic!("no binstall pkg-url"));
    let bin_dir = field(binstall, "bin-dir").unwrap_or_else(|| panic!("no binstall bin-dir"));
    let version = env!("CARGO_PKG_VERSION");
    let repo = env!("CARGO_PKG_REPOSITORY");
    let prefix = format!("{repo}/releases/download/v{version}/");

    let workflow: Value =
        serde_saphyr::from_str(&read(".github/workflows/release.yml")).unwrap_or_else(|e| panic!("{e}"));
    let tags = &workflow["on"]["push"]["tags"];
    assert_eq!(
        tags[0].as_str(),
        Some("v[0-9]+.*"),
        "binstall expects the tag v<version>"
    );
    let job = &workflow["jobs"]["upload-assets"];
    let upload = job["steps"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("taiki-e/upload-rust-binary-action@"))
        })
        .unwrap_or_else(|| panic!("no upload-rust-binary-action step"));
    let with = &upload["with"];
    assert_eq!(with["bin"].as_str(), Some("mdbook-handbook"));
    assert_eq!(
        (with["tar"].as_str(), with["zip"].as_str()),
        (Some("unix"), Some("windows"))
    );
    assert_eq!(
        with["leading-dir"].as_bool(),
        None,
        "binstall's bin-dir expects the binary at the archive's root"
    );
    let archive = with["archive"].as_str().unwrap_or("$bin-$target");

    let targets: Vec<&str> = job["strategy"]["matrix"]["include"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|row| row["target"].as_str())
        .collect();
    for os in ["linux", "apple-darwin", "windows"] {
        assert!(targets.iter().any(|t| t.contains(os)), "no {os} target in {targets:?}");
    }
    for target in targets {
        let windows = target.contains("windows");
        let format = binstall
            .get("overrides")
            .and_then(|o| o.get(target))
            .and_then(|o| field(o, "pkg-fmt"))
            .or_else(|| field(binstall, "pkg-fmt"))
            .unwrap_or_else(|| panic!("no pkg-fmt for {target}"));
        let fields = [
            ("repo", repo),
            ("version", version),
            ("name", "mdbook-handbook"),
            ("bin", "mdbook-handbook"),
            ("target", target),
            ("archive-suffix", archive_suffix(&format)),
            ("binary-ext", if windows { ".exe" } else { "" }),
        ];
        let uploaded = archive
            .replace("$bin", "mdbook-handbook")
            .replace("$tag", &format!("v{version}"))
            .replace("$target", target)
            + if windows { ".zip" } else { ".tar.gz" };
        assert_eq!(
            binstall_expand(&pkg_url, &fields),
            format!("{prefix}{uploaded}"),
            "{target}"
        );
        assert_eq!(
            binstall_expand(&bin_dir, &fields),
            format!("mdbook-handbook{}", if windows { ".exe" } else { "" })
        );
    }
}
