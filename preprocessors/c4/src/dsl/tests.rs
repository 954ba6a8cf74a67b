//! The reader on workspaces of our own writing: the subset the guide lists,
//! and every refusal at the author's line.

use super::read_text;
use crate::model::{Kind, Workspace};
use handbook_core::Diagnostic;
use std::path::Path;

pub(crate) fn lending() -> Workspace {
    let text = include_str!("../../tests/workspaces/lending.dsl");
    let (ws, problems) = read_text(Path::new("/nonexistent"), Path::new("lending.dsl"), text);
    assert!(problems.is_empty(), "{problems:?}");
    ws.unwrap_or_else(|| panic!("no workspace"))
}

fn read(text: &str) -> (Option<Workspace>, Vec<String>) {
    let (ws, problems) = read_text(Path::new("/nonexistent"), Path::new("w.dsl"), text);
    (ws, problems.iter().map(line).collect())
}

fn line(d: &Diagnostic) -> String {
    d.to_string()
}

#[test]
fn reads_elements_with_hierarchical_identifiers_and_fields() {
    let ws = lending();
    let web = ws
        .find("lending.web")
        .and_then(|i| ws.element(i))
        .cloned()
        .unwrap_or_default();
    assert_eq!(web.kind, Some(Kind::Container));
    assert_eq!(web.technology, "Rust, axum");
    assert_eq!(web.description, "Booking pages");
    let db = ws
        .find("lending.db")
        .and_then(|i| ws.element(i))
        .cloned()
        .unwrap_or_default();
    assert!(
        db.has_tag("Database") && db.has_tag("Container") && db.has_tag("Element"),
        "{:?}",
        db.tags
    );
    let lending = ws
        .find("lending")
        .and_then(|i| ws.element(i))
        .cloned()
        .unwrap_or_default();
    assert_eq!(lending.group.as_deref(), Some("Library"));
    let mail = ws.find("mail").and_then(|i| ws.element(i)).cloned().unwrap_or_default();
    assert_eq!(mail.url.as_deref(), Some("https://mail.example.com/docs"));
    assert!(ws.find("web").is_none(), "hierarchical: `web` alone is not global");
    assert_eq!(ws.views.len(), 7);
}

#[test]
fn implied_relationships_follow_structurizrs_default_strategy() {
    // member -> lending.web.booking implies member -> lending.web and member -> lending.
    let ws = lending();
    let id = |s: &str| ws.find(s).unwrap_or(usize::MAX);
    let has = |a: &str, b: &str| {
        ws.relationships
            .iter()
            .any(|r| r.source == id(a) && r.destination == id(b))
    };
    assert!(has("member", "lending.web") && has("member", "lending"));
    assert!(has("lending", "mail"), "worker -> mail implies lending -> mail");
    // Never between an element and its own parent: booking -> db implies web -> db, not lending -> db.
    assert!(has("lending.web", "lending.db"));
    assert!(!has("lending", "lending.db"));
    // clerk -> web already implies clerk -> lending once.
    let count = ws
        .relationships
        .iter()
        .filter(|r| r.source == id("clerk") && r.destination == id("lending"))
        .count();
    assert_eq!(count, 1);
}

#[test]
fn deployment_instances_copy_their_containers_relationships() {
    let ws = lending();
    let instances: Vec<_> = ws
        .elements
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind() == Kind::ContainerInstance)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(instances.len(), 3);
    let worker_instance = instances
        .iter()
        .copied()
        .find(|&i| ws.element(i).and_then(|e| e.instance_of) == ws.find("lending.worker"));
    let db_instance = instances
        .iter()
        .copied()
        .find(|&i| ws.element(i).and_then(|e| e.instance_of) == ws.find("lending.db"));
    assert!(
        ws.relationships
            .iter()
            .any(|r| Some(r.source) == worker_instance && Some(r.destination) == db_instance)
    );
    let app = ws.find("live.app").or_else(|| ws.find("app"));
    assert_eq!(
        app.and_then(|a| ws.element(a))
            .and_then(|e| e.instances.clone())
            .as_deref(),
        Some("2")
    );
}

#[test]
fn extends_is_refused_at_its_line() {
    let (ws, problems) = read("\n\nworkspace extends https://example.com/base.dsl {\n}\n");
    assert!(ws.is_none());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("w.dsl:3: error[c4-extends]"), "{problems:?}");
}

#[test]
fn scripts_plugins_and_theme_urls_are_refused_docs_and_adrs_ignored() {
    let text = "workspace {\n  !docs docs\n  !adrs decisions\n  !script groovy {\n    workspace.name = 'x'\n  }\n  !plugin com.example.P\n  model {\n    a = person \"A\"\n  }\n  views {\n    theme https://static.structurizr.com/themes/default/theme.json\n    themes default\n  }\n}\n";
    let (ws, problems) = read(text);
    assert!(ws.is_some_and(|w| w.elements.len() == 1), "{problems:?}");
    let want = [
        "w.dsl:2: info[c4-ignored]",
        "w.dsl:3: info[c4-ignored]",
        "w.dsl:4: error[c4-refused]",
        "w.dsl:7: error[c4-refused]",
        "w.dsl:12: warning[c4-theme-offline]",
    ];
    assert_eq!(problems.len(), want.len(), "{problems:?}");
    for (got, want) in problems.iter().zip(want) {
        assert!(got.starts_with(want), "{got} / {want}");
    }
}

#[test]
fn unknown_identifiers_wrong_nesting_and_unclosed_blocks_are_errors_at_their_lines() {
    let text = "workspace {\n  model {\n    a = person \"A\"\n    a -> nowhere \"x\"\n    c = container \"Loose\"\n    a = softwareSystem \"Dup\"\n    s = softwareSystem \"S \n  }\n";
    let (_, problems) = read(text);
    let joined = problems.join("\n");
    for want in [
        "w.dsl:4: error[c4-unknown-identifier]: `nowhere`",
        "w.dsl:5: error[c4-syntax]: a container is declared inside a `softwareSystem` block",
        "w.dsl:6: error[c4-duplicate-identifier]",
        "w.dsl:7: error[c4-syntax]: a string is not closed",
        "error[c4-syntax]: the `workspace {` block is not closed",
    ] {
        assert!(joined.contains(want), "{want} not in\n{joined}");
    }
}

#[test]
fn this_and_a_leading_arrow_start_at_the_enclosing_element() {
    let text = "workspace {\n  model {\n    b = softwareSystem \"B\"\n    a = softwareSystem \"A\" {\n      this -> b \"calls\"\n      -> b \"also\" \"gRPC\" \"Async\"\n    }\n  }\n}\n";
    let (ws, problems) = read(text);
    assert!(problems.is_empty(), "{problems:?}");
    let ws = ws.unwrap_or_default();
    assert_eq!(ws.relationships.len(), 2);
    assert!(
        ws.relationships
            .iter()
            .all(|r| Some(r.source) == ws.find("a") && Some(r.destination) == ws.find("b"))
    );
    assert!(ws.relationships[1].has_tag("Async") && ws.relationships[1].technology == "gRPC");
}

#[test]
fn include_stays_inside_the_book() {
    let dir = std::env::temp_dir().join(format!("hb-c4-include-{}", std::process::id()));
    let _ = std::fs::create_dir_all(dir.join("arch"));
    let _ = std::fs::write(dir.join("arch/people.dsl"), "u = person \"User\"\n");
    let text = "workspace {\n  model {\n    !include people.dsl\n    !include ../../etc/passwd\n    !include /etc/passwd\n    !include https://example.com/x.dsl\n  }\n}\n";
    let (ws, problems) = read_text(&dir, Path::new("arch/workspace.dsl"), text);
    let problems: Vec<String> = problems.iter().map(line).collect();
    assert!(ws.is_some_and(|w| w.find("u").is_some()), "{problems:?}");
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(
        problems[0].starts_with("arch/workspace.dsl:4: error[c4-include]") && problems[0].contains("leaves the book")
    );
    assert!(problems[1].contains(":5: error[c4-include]") && problems[1].contains("absolute"));
    assert!(problems[2].contains(":6: error[c4-include]") && problems[2].contains("URL"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn constants_are_substituted() {
    let text = "workspace {\n  !const NAME \"Shop\"\n  model {\n    s = softwareSystem \"${NAME} System\"\n  }\n}\n";
    let (ws, _) = read(text);
    assert_eq!(ws.unwrap_or_default().elements[0].name, "Shop System");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
    /// Arbitrary text, and arbitrary mixes of the DSL's own words, never panic the reader.
    #[test]
    fn never_panics(text in "\\PC{0,400}", words in proptest::collection::vec(proptest::sample::select(vec![
        "workspace", "model", "views", "{", "}", "\n", "a", "b", "=", "->", "person", "softwareSystem", "container",
        "component", "group", "\"x\"", "\"", "include", "*", "exclude", "systemContext", "container", "dynamic",
        "deployment", "deploymentEnvironment", "deploymentNode", "containerInstance", "filtered", "styles", "element",
        "!include", "this", "->a->", "element.tag==x", "a.b", "!identifiers", "hierarchical", "autoLayout", "\\",
    ]), 0..120)) {
        let _ = read_text(Path::new("/nonexistent"), Path::new("p.dsl"), &text);
        let joined = words.join(" ");
        if let (Some(ws), _) = read_text(Path::new("/nonexistent"), Path::new("p.dsl"), &joined) {
            for view in &ws.views {
                let _ = crate::render::svg::draw(&ws, view, &|_| None, "t");
            }
        }
    }
}

/// Found by reading Structurizr's own examples: `tag` (singular) in an
/// element's block, and a dynamic step back along a relationship (a reply).
#[test]
fn singular_tag_and_reply_steps_are_read() {
    let text = "workspace {\n  model {\n    a = softwareSystem \"A\" {\n      tag \"Old\"\n    }\n    b = softwareSystem \"B\"\n    a -> b \"asks\"\n  }\n  views {\n    dynamic * d {\n      a -> b \"asks\"\n      b -> a \"answers\"\n    }\n  }\n}\n";
    let (ws, problems) = read(text);
    assert!(problems.is_empty(), "{problems:?}");
    let ws = ws.unwrap_or_default();
    assert!(ws.elements[0].has_tag("Old"));
    assert_eq!(ws.views[0].steps.len(), 2);
}

/// Archetypes (Structurizr's microservices example uses them): a named kind
/// with a default technology and tags, built on another archetype or a group.
#[test]
fn archetypes_are_kinds_with_defaults() {
    let text = "workspace {\n  model {\n    archetypes {\n      api = container {\n        technology \"Java\"\n        tag \"API\"\n      }\n      restApi = api {\n        tag \"REST\"\n      }\n      service = group\n    }\n    s = softwareSystem \"S\" {\n      svc = service \"Orders\" {\n        a = restApi \"Orders API\"\n      }\n    }\n  }\n}\n";
    let (ws, problems) = read(text);
    assert!(problems.is_empty(), "{problems:?}");
    let ws = ws.unwrap_or_default();
    let a = ws.find("a").and_then(|i| ws.element(i)).cloned().unwrap_or_default();
    assert_eq!(a.kind, Some(Kind::Container));
    assert_eq!(a.technology, "Java");
    assert!(a.has_tag("API") && a.has_tag("REST"), "{:?}", a.tags);
    assert_eq!(a.group.as_deref(), Some("Orders"));
}

/// A named group in a view: `include ->system.group->` (Structurizr's microservices example).
#[test]
fn named_groups_are_view_expressions() {
    let text = "workspace {\n  !identifiers hierarchical\n  model {\n    u = person \"U\"\n    s = softwareSystem \"S\" {\n      g = group \"One\" {\n        a = container \"A\"\n      }\n      b = container \"B\"\n    }\n    u -> s.a \"uses\"\n  }\n  views {\n    container s only-one {\n      include ->s.g->\n    }\n  }\n}\n";
    let (ws, problems) = read(text);
    assert!(problems.is_empty(), "{problems:?}");
    let ws = ws.unwrap_or_default();
    let view = ws.view("only-one").cloned().unwrap_or_else(|| panic!("view"));
    let mut names: Vec<String> = crate::views::shown(&ws, &view)
        .elements
        .iter()
        .filter_map(|&i| ws.element(i))
        .map(|e| e.name.clone())
        .collect();
    names.sort();
    assert_eq!(names, ["A", "U"]);
}

/// Found on Structurizr's DSL test files: one statement outside the subset
/// (a custom `element`, a relationship identifier, `element.tag==` on a side
/// of `->`) gave a cascade of unknown-identifier errors at every later use.
#[test]
fn what_the_reader_skips_is_one_warning_at_each_use_never_an_unknown_identifier() {
    let text = "workspace {\n  model {\n    u = person \"U\"\n    x = element \"Custom\"\n    u -> x \"uses\"\n    s = softwareSystem \"S\"\n    r = u -> s \"uses\"\n  }\n  views {\n    systemLandscape {\n      include *\n      exclude r\n      exclude \"* -> element.tag==Person\"\n    }\n  }\n}\n";
    let (ws, problems) = read(text);
    let joined = problems.join("\n");
    assert!(!joined.contains("error"), "{joined}");
    for want in [
        "w.dsl:4: warning[c4-unsupported]: `element` is not in the DSL subset",
        "w.dsl:5: warning[c4-unsupported]: `x` names an `element` statement skipped at line 4",
        "w.dsl:12: warning[c4-unsupported]: `r` names a relationship (line 7)",
        "w.dsl:13: warning[c4-unsupported]: `element.tag==Person` on a side of `->`",
    ] {
        assert!(joined.contains(want), "{want} not in\n{joined}");
    }
    assert_eq!(problems.len(), 4, "{joined}");
    let ws = ws.unwrap_or_else(|| panic!("{joined}"));
    assert_eq!(ws.relationships.iter().filter(|r| !r.implied).count(), 1, "{joined}");
}
