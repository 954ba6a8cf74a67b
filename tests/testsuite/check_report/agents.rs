//! `export` and `mcp` (issue 31), run as users run them: the built binary on
//! book-example, on a book in the shape of an adr-tools folder with a
//! supersede chain (`tests/agents/adr-tools-book`), and on a hostile book.
//! The MCP server is driven by a real client, the official Python SDK
//! (`tests/agents/client.py`); handbook.json is validated against its
//! schema by Python's `jsonschema` (Draft 2020-12) and by `schema.rs`.
//! Needing python3 with `mcp` (`.ci/run` installs it), they fail, never skip.

use super::harness::{self, TestBook};
use super::schema;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

fn binary() -> PathBuf {
    harness::suite_binary()
}

fn adr_tools_book() -> TestBook {
    TestBook::copy_of(&harness::repo_root().join("tests/agents/adr-tools-book"))
}

/// `export BOOK --out OUT`: the three files, parsed; stderr for messages.
struct Export {
    llms: String,
    full: String,
    json: Value,
    stderr: String,
}

fn export(root: &Path) -> Export {
    let out = root.join("exported");
    let run = Command::new(binary())
        .arg("export")
        .arg(root)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap_or_else(|e| panic!("running export: {e}"));
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(
        run.stdout.is_empty(),
        "export wrote to stdout: {}",
        String::from_utf8_lossy(&run.stdout)
    );
    let read = |name: &str| {
        std::fs::read_to_string(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}; stderr:\n{stderr}"))
    };
    let json = serde_json::from_str(&read("handbook.json")).unwrap_or_else(|e| panic!("handbook.json: {e}"));
    Export {
        llms: read("llms.txt"),
        full: read("llms-full.txt"),
        json,
        stderr,
    }
}

fn python() -> Command {
    let mut command = Command::new("python3");
    command.current_dir(harness::repo_root());
    command
}

/// handbook.json against schema/handbook.schema.json, by two validators.
fn assert_valid(document: &Value) {
    let schema_path = harness::repo_root().join("schema/handbook.schema.json");
    let text = std::fs::read_to_string(&schema_path).unwrap_or_else(|e| panic!("{e}"));
    let schema: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(schema::violations(&schema, document), Vec::<String>::new());
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let doc = dir.path().join("handbook.json");
    std::fs::write(&doc, document.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let run = python()
        .arg("-c")
        .arg(
            "import json, sys, jsonschema\n\
             schema = json.load(open(sys.argv[1]))\n\
             jsonschema.Draft202012Validator.check_schema(schema)\n\
             jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))\n\
             print('valid')",
        )
        .arg(&schema_path)
        .arg(&doc)
        .output()
        .unwrap_or_else(|e| panic!("python3 is needed (the test never skips): {e}"));
    assert_eq!(
        String::from_utf8_lossy(&run.stdout).trim(),
        "valid",
        "jsonschema: {}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// The decision log as `adr list --json` gives it (the rows `{{#adr-index}}` draws).
fn adr_list(root: &Path) -> Vec<Value> {
    let run = Command::new(binary())
        .args(["adr", "list", "--json", "--book"])
        .arg(root)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let value: Value = serde_json::from_slice(&run.stdout)
        .unwrap_or_else(|e| panic!("adr list --json: {e}: {}", String::from_utf8_lossy(&run.stderr)));
    value["decisions"].as_array().cloned().unwrap_or_default()
}

/// The rows of `adr list --json`, in the fields handbook.json shares with it.
fn log_rows(root: &Path, src: &str) -> Vec<Value> {
    adr_list(root)
        .iter()
        .map(|d| {
            let related = |kind: &str| -> Vec<Value> {
                d["relations"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|r| r["kind"] == kind)
                    .map(|r| r["number"].clone())
                    .collect()
            };
            json!({
                "number": d["number"], "title": d["title"], "status": d["status"],
                "lifecycle": d["lifecycle"], "date": d["date"],
                "path": format!("{src}/{}", d["path"].as_str().unwrap_or_default()),
                "superseded_by": related("superseded-by"), "supersedes": related("supersedes"),
                "relations": d["relations"].as_array().into_iter().flatten()
                    .map(|r| json!({"kind": r["kind"], "number": r["number"]}))
                    .collect::<Vec<_>>(),
                "deciders": d["deciders"], "tags": d["tags"],
            })
        })
        .collect()
}

fn without_current(decisions: &Value) -> Vec<Value> {
    decisions
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            let mut d = d.clone();
            if let Some(o) = d.as_object_mut() {
                o.remove("current");
                o.remove("date_written");
            }
            d
        })
        .collect()
}

#[test]
fn export_of_book_example_validates_and_its_decisions_are_the_logs_rows() {
    let book = TestBook::copy_of(&harness::repo_root().join("book-example"));
    let out = export(book.root());
    assert!(out.stderr.contains("wrote "), "{}", out.stderr);
    assert_valid(&out.json);
    assert_eq!(without_current(&out.json["decisions"]), log_rows(book.root(), "src"));
    // ADR 4 was superseded by 13 (current); ADR 5 by 21.
    let current = |n: u64| {
        out.json["decisions"]
            .as_array()
            .and_then(|l| l.iter().find(|d| d["number"] == n))
            .map(|d| d["current"].clone())
    };
    assert_eq!(current(4), Some(json!(13)));
    assert_eq!(current(13), Some(Value::Null));
    // Pages: drift's described paths, as the page wrote them.
    let core = out.json["pages"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["path"] == "src/components/core.md"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        core["describes"],
        json!(["preprocessors/core/src/**/*.rs", "preprocessors/core/Cargo.toml"]),
        "{core}"
    );
    assert!(core["drift"].is_string(), "{core}");
    // llms.txt: llmstxt.org's shape, retired decisions apart and marked.
    assert!(
        out.llms
            .starts_with("# mdbook-handbook: architecture handbook\n\n> This is the architecture handbook")
    );
    let current_at = out
        .llms
        .find("## Decision records")
        .unwrap_or_else(|| panic!("{}", out.llms));
    let retired_at = out
        .llms
        .find("## Superseded and rejected decisions")
        .unwrap_or_else(|| panic!("{}", out.llms));
    assert!(current_at < retired_at);
    assert!(out.llms[retired_at..].contains(
        "- [ADR 4: Deliver the suite’s CSS inline](decisions/0004-deliver-the-suites-css-inline.html): SUPERSEDED (Superseded, 2026-11-25); current decision: ADR 13\n"
    ));
    assert!(!out.llms[current_at..retired_at].contains("ADR 4:"));
    // llms-full.txt: every page, in book order, the markdown renderer's text (no drawn SVG).
    assert_eq!(
        out.full.matches("----\npath: ").count(),
        out.json["pages"].as_array().map_or(0, Vec::len)
    );
    assert!(out.full.contains("----\npath: src/decisions/0004-deliver-the-suites-css-inline.md\ntitle: 4. Deliver the suite's CSS inline\nstatus: Superseded\nnote: this decision is no longer followed (current: ADR 13)\n----\n"), "{}", &out.full[..2000.min(out.full.len())]);
    // Prose may name `<svg>` in code; a drawn figure is a closed element.
    assert!(!out.full.contains("</svg>"), "llms-full.txt carries a drawn diagram");
}

/// Runs the Python SDK's client over `mcp ROOT` with `plan`.
fn drive(root: &Path, plan: &Value) -> Value {
    let run = python()
        .arg("tests/agents/client.py")
        .arg(binary())
        .arg(root)
        .arg(plan.to_string())
        .output()
        .unwrap_or_else(|e| panic!("python3 with `mcp` is needed (the test never skips): {e}"));
    serde_json::from_slice(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "the MCP client failed ({e}); stderr:\n{}",
            String::from_utf8_lossy(&run.stderr)
        )
    })
}

fn step(answer: &Value, i: usize) -> &Value {
    &answer["steps"][i]
}

const TOOLS: [&str; 6] = [
    "search",
    "get_page",
    "list_decisions",
    "get_decision",
    "glossary",
    "stale_pages",
];

#[test]
fn a_real_mcp_client_drives_every_tool_on_an_adr_tools_folder() {
    let book = adr_tools_book();
    let root = book.root();
    let ledger = root.join("src/ledger.md");
    let edited = std::fs::read_to_string(&ledger)
        .unwrap_or_else(|e| panic!("{e}"))
        .replace("double-entry posting.", "double-entry posting, edited mid-session.");
    let plan = json!([
        {"tool": "search", "args": {"query": "logical replication"}},
        {"tool": "get_page", "args": {"path": "ledger.md"}},
        {"tool": "list_decisions", "args": {}},
        {"tool": "list_decisions", "args": {"status": "superseded"}},
        {"tool": "list_decisions", "args": {"since": "2024-06-01"}},
        {"tool": "get_decision", "args": {"number": 2}},
        {"tool": "get_decision", "args": {"number": 5}},
        {"tool": "get_decision", "args": {"number": 99}},
        {"tool": "glossary", "args": {"term": "posting"}},
        {"tool": "stale_pages", "args": {}},
        {"read": "handbook://page/ledger.md"},
        {"tool": "get_page", "args": {"path": "../book.toml"}},
        {"tool": "get_page", "args": {"path": "/etc/passwd"}},
        {"read": "handbook://page/..%2Fbook.toml"},
        {"write": ledger.to_string_lossy(), "text": edited},
        {"tool": "get_page", "args": {"path": "src/ledger.md"}},
        {"write": root.join("book.toml").to_string_lossy(), "text": "[book]\nsrc = \"src\"\n[preprocessor.handbook]\nafter = [\"links\"]\nbogus-key = 1\n"},
        {"tool": "list_decisions", "args": {}},
    ]);
    let answer = drive(root, &plan);
    let names: Vec<&str> = answer["tools"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(names, TOOLS);
    let uris: Vec<&str> = answer["resources"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["uri"].as_str())
        .collect();
    assert_eq!(uris.len(), 9, "{uris:?}");
    assert!(uris.contains(&"handbook://page/doc/adr/0002-use-mysql-for-the-ledger.md"));
    // search: the decision that says it ranks first.
    let hits = &step(&answer, 0)["structured"]["results"];
    assert_eq!(
        hits[0]["path"],
        "src/doc/adr/0005-use-postgresql-with-logical-replication.md"
    );
    assert_eq!(hits[0]["status"], "Accepted");
    assert!(
        hits[0]["snippet"]
            .as_str()
            .is_some_and(|s| s.to_lowercase().contains("logical replication"))
    );
    // get_page: the suite's markdown (front matter gone) and the page's facts.
    let page = &step(&answer, 1)["structured"];
    assert_eq!(
        (
            page["status"].as_str(),
            page["owner"].as_str(),
            page["overdue"].as_bool()
        ),
        (Some("stable"), Some("Ledger team"), Some(true))
    );
    let markdown = page["markdown"].as_str().unwrap_or_default();
    assert!(
        markdown.contains("# Ledger service") && !markdown.contains("review-every:"),
        "{markdown}"
    );
    // list_decisions: exactly the log `adr list --json` reads, with every filter.
    let listed = |i: usize| -> Vec<(Value, Value, Value, Value)> {
        step(&answer, i)["structured"]["decisions"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| {
                (
                    d["number"].clone(),
                    d["title"].clone(),
                    d["status"].clone(),
                    d["date"].clone(),
                )
            })
            .collect()
    };
    let log: Vec<(Value, Value, Value, Value)> = adr_list(root)
        .iter()
        .map(|d| {
            (
                d["number"].clone(),
                d["title"].clone(),
                d["status"].clone(),
                d["date"].clone(),
            )
        })
        .collect();
    assert_eq!(listed(2), log);
    let numbers = |i: usize| listed(i).into_iter().map(|row| row.0).collect::<Vec<_>>();
    assert_eq!(numbers(3), [json!(2), json!(3)]);
    assert_eq!(numbers(4), [json!(3), json!(4), json!(5)]);
    // get_decision: the chain 2 -> 3 -> 5 leads to 5, both ways.
    let two = &step(&answer, 5)["structured"];
    assert_eq!(two["current"], 5);
    assert_eq!(
        two["current_decision"]["title"],
        "Use PostgreSQL with logical replication"
    );
    assert_eq!(
        two["relations"]["superseded_by"],
        json!([{"number": 3, "title": "Use PostgreSQL for the ledger"}])
    );
    let five = &step(&answer, 6)["structured"];
    assert_eq!(
        (five["current"].clone(), five["supersedes"].clone()),
        (Value::Null, json!([3]))
    );
    assert!(
        five["markdown"]
            .as_str()
            .is_some_and(|m| m.contains("We will replicate the ledger logically"))
    );
    assert_eq!(step(&answer, 7)["code"], -32602);
    assert!(
        step(&answer, 7)["error"]
            .as_str()
            .is_some_and(|m| m.contains("no decision numbered 99"))
    );
    // glossary, any case; stale_pages: the overdue page.
    assert_eq!(step(&answer, 8)["structured"]["term"], "Posting");
    assert!(
        step(&answer, 8)["structured"]["used_on"]
            .as_array()
            .is_some_and(|u| u.contains(&json!("src/ledger.md")))
    );
    let stale: Vec<&Value> = step(&answer, 9)["structured"]["pages"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| &p["path"])
        .collect();
    assert_eq!(stale, [&json!("src/ledger.md")]);
    // A page as a resource is get_page's markdown.
    assert_eq!(step(&answer, 10)["contents"], json!([markdown]));
    // Paths outside the book: MCP errors with the suite's message, never a file.
    for i in [11, 12, 13] {
        let message = step(&answer, i)["error"]
            .as_str()
            .unwrap_or_else(|| panic!("step {i}: {}", step(&answer, i)));
        assert!(message.contains("outside the book"), "{message}");
        assert!(!message.contains("[book]"), "{message}");
    }
    // A book that cannot be read: an MCP error with the suite's own message.
    let broken = step(&answer, 17)["error"]
        .as_str()
        .unwrap_or_else(|| panic!("{}", step(&answer, 17)));
    assert!(
        broken.starts_with("the book cannot be read: ") && broken.contains("bogus-key"),
        "{broken}"
    );
    // An edit mid-session is seen by the next request.
    assert!(
        step(&answer, 15)["structured"]["markdown"]
            .as_str()
            .is_some_and(|m| m.contains("edited mid-session")),
        "{}",
        step(&answer, 15)
    );
}

#[test]
fn a_real_mcp_client_reads_book_example_as_the_decision_log_draws_it() {
    let book = TestBook::copy_of(&harness::repo_root().join("book-example"));
    let plan = json!([
        {"tool": "list_decisions", "args": {}},
        {"tool": "get_decision", "args": {"number": 4}},
        {"tool": "glossary", "args": {"term": "splice"}},
        {"tool": "search", "args": {"query": "byte-offset splices"}},
        {"tool": "get_page", "args": {"path": "decisions/README.md"}},
        {"tool": "stale_pages", "args": {}},
    ]);
    let answer = drive(book.root(), &plan);
    let names: Vec<&str> = answer["tools"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(names, TOOLS);
    let listed: Vec<(Value, Value)> = step(&answer, 0)["structured"]["decisions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| (d["number"].clone(), d["status"].clone()))
        .collect();
    let log: Vec<(Value, Value)> = adr_list(book.root())
        .iter()
        .map(|d| (d["number"].clone(), d["status"].clone()))
        .collect();
    assert_eq!(listed, log);
    assert_eq!(step(&answer, 1)["structured"]["current"], 13);
    assert!(
        step(&answer, 2)["structured"]["definition"]
            .as_str()
            .is_some_and(|d| !d.is_empty()),
        "{}",
        step(&answer, 2)
    );
    assert_eq!(step(&answer, 3)["structured"]["results"][0]["decision"], 3);
    // The index page in the markdown renderer's form: a markdown table, no HTML.
    let index = step(&answer, 4)["structured"]["markdown"].as_str().unwrap_or_default();
    assert!(index.contains("| ") && !index.contains("<table"), "{index}");
    assert!(step(&answer, 5)["structured"]["pages"].is_array());
}

/// Markup and control characters in every field an agent reads.
const HOSTILE: &str = "<script>alert(1)</script> ](javascript:alert(1)) \u{1b}[31m\u{7}";

#[test]
fn markup_and_control_characters_come_out_as_data() {
    let mut book = TestBook::new();
    // `\u001b` and `\u0007`: escapes YAML's double quotes and TOML's basic strings share.
    let yaml = HOSTILE.replace('\u{1b}', "\\u001b").replace('\u{7}', "\\u0007");
    book.chapter(0, "Intro", "README.md", "# Intro\n\nA book.\n");
    book.chapter(
        0,
        "Hostile page",
        "hostile.md",
        &format!("---\nstatus: \"{yaml}\"\nowner: \"{yaml}\"\n---\n\n# Hostile page\n\nText.\n"),
    );
    book.chapter(
        0,
        "1. Hostile decision",
        "decisions/0001-hostile.md",
        &format!(
            "---\nstatus: accepted\ndate: 2026-01-01\ndeciders: [\"{yaml}\"]\ntags: [\"{yaml}\"]\n---\n\n# 1. {HOSTILE}\n\nBody.\n"
        ),
    );
    book.file("src/SUMMARY.md", "# Summary\n\n- [Intro](README.md)\n- [Hostile page](hostile.md)\n- [1. Hostile decision](decisions/0001-hostile.md)\n");
    book.file(
        "book.toml",
        &format!(
            "[book]\ntitle = \"{yaml} title\"\ndescription = \"{yaml}\"\n[preprocessor.handbook]\nafter = [\"links\"]\n"
        ),
    );
    let out = export(book.root());
    assert_valid(&out.json);
    // JSON: the very strings the author wrote.
    assert_eq!(out.json["book"]["summary"], HOSTILE);
    let decision = &out.json["decisions"][0];
    assert_eq!(
        (
            decision["title"].as_str(),
            decision["deciders"][0].as_str(),
            decision["tags"][0].as_str()
        ),
        (Some(HOSTILE), Some(HOSTILE), Some(HOSTILE)),
        "{decision}"
    );
    let page = out.json["pages"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["path"] == "src/hostile.md"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (page["status"].as_str(), page["owner"].as_str()),
        (Some(HOSTILE), Some(HOSTILE)),
        "{page}"
    );
    // llms.txt: no tag, no link the data opened, no control character.
    for text in [&out.llms, &out.full] {
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "a control character reached the text"
        );
    }
    // Front matter left the page, hidden form and all.
    assert!(
        !out.full.contains("<!-- mdbook-handbook:front-matter") && !out.full.contains("owner: \""),
        "{}",
        out.full
    );
    // Every `<` and `]` of the data is escaped: none opens a tag or closes a link text.
    for needle in ["<script", "</script", "](javascript:"] {
        let unescaped = out
            .llms
            .match_indices(needle)
            .filter(|(i, _)| !out.llms[..*i].ends_with('\\'));
        assert_eq!(unescaped.count(), 0, "{needle}: {}", out.llms);
    }
    assert_eq!(out.llms.matches("\\<script\\>").count(), 4, "{}", out.llms);
    assert!(
        out.llms
            .contains("\\<script\\>alert(1)\\</script\\> \\](javascript:alert(1))"),
        "{}",
        out.llms
    );
    // The server gives the same strings as data, in JSON.
    let answer = drive(
        book.root(),
        &json!([
            {"tool": "get_decision", "args": {"number": 1}},
            {"tool": "search", "args": {"query": "script"}},
            {"tool": "glossary", "args": {"term": HOSTILE}},
        ]),
    );
    assert_eq!(step(&answer, 0)["structured"]["title"], HOSTILE);
    assert_eq!(step(&answer, 0)["structured"]["deciders"][0], HOSTILE);
    assert!(
        step(&answer, 1)["structured"]["results"]
            .as_array()
            .is_some_and(|r| !r.is_empty())
    );
    let refused = step(&answer, 2)["error"].as_str().unwrap_or_default();
    assert!(
        refused.starts_with("no glossary term") && !refused.contains('\u{1b}'),
        "{refused}"
    );
}

/// Stdout carries only protocol messages: every line the server writes is
/// one JSON-RPC message, whatever the book reports on stderr.
#[test]
fn mcp_stdout_is_only_protocol_messages() {
    use std::io::{BufRead, Write};
    let book = adr_tools_book();
    let mut child = Command::new(binary())
        .arg("mcp")
        .arg(book.root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut stdin = child.stdin.take().unwrap_or_else(|| panic!("no stdin"));
    let requests = [
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}}),
        json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "stale_pages", "arguments": {}}}),
        json!({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "get_page", "arguments": {"path": "../../etc/passwd"}}}),
    ];
    for r in &requests {
        writeln!(stdin, "{r}").unwrap_or_else(|e| panic!("{e}"));
    }
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let mut lines = std::io::BufReader::new(stdout).lines();
    let mut answers = Vec::new();
    while answers.len() < 3 {
        let line = lines
            .next()
            .unwrap_or_else(|| panic!("stdout closed after {answers:?}"))
            .unwrap_or_else(|e| panic!("{e}"));
        let message: Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("not a protocol message on stdout: {line:?}: {e}"));
        assert_eq!(message["jsonrpc"], "2.0", "{line}");
        answers.push(message);
    }
    drop(stdin);
    let status = child.wait().unwrap_or_else(|e| panic!("{e}"));
    assert!(status.success(), "the server did not end cleanly when stdin closed");
    assert_eq!(
        answers[1]["result"]["structuredContent"]["pages"][0]["path"],
        "src/ledger.md"
    );
    assert!(
        answers[2]["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("outside the book")),
        "{}",
        answers[2]
    );
}

#[test]
fn export_of_an_adr_tools_folder_gives_chains_terms_diagrams_and_site_urls() {
    let book = adr_tools_book();
    let out = export(book.root());
    assert_valid(&out.json);
    assert_eq!(without_current(&out.json["decisions"]), log_rows(book.root(), "src"));
    let current: Vec<Value> = out.json["decisions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| d["current"].clone())
        .collect();
    assert_eq!(current, [Value::Null, json!(5), json!(5), Value::Null, Value::Null]);
    assert_eq!(
        out.json["diagrams"],
        json!([{"page": "src/ledger.md", "kind": "dot", "source": "digraph { api -> ledger -> postgres }\n"}])
    );
    let terms: Vec<(Value, Value)> = out.json["glossary"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| (t["term"].clone(), t["glossary"].clone()))
        .collect();
    assert_eq!(
        terms,
        [
            (json!("Posting"), json!("src/glossary.md")),
            (json!("Ledger"), json!("src/glossary.md"))
        ]
    );
    assert!(
        out.json["glossary"][1]["used_on"]
            .as_array()
            .is_some_and(|u| u.contains(&json!("src/README.md")))
    );
    let ledger = out.json["pages"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["path"] == "src/ledger.md"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (ledger["part"].as_str(), ledger["url"].as_str()),
        (Some("Architecture"), Some("ledger.html"))
    );
    // llms.txt: description as the summary, SUMMARY's parts, site-url in front of every link.
    assert!(out.llms.starts_with("# Payments platform handbook\n\n> How the payments platform is built, and the decisions that shape it.\n\n## Pages\n\n- [Introduction](/payments/index.html): "), "{}", out.llms);
    assert!(out.llms.contains("## Architecture\n\n- [Ledger service](/payments/ledger.html): (stable) The ledger service records every movement of money as a double-entry posting.\n"), "{}", out.llms);
    assert!(out.llms.contains("- [ADR 2: Use MySQL for the ledger](/payments/doc/adr/0002-use-mysql-for-the-ledger.html): SUPERSEDED (Superseded, 2024-03-04); current decision: ADR 5\n"), "{}", out.llms);
    assert!(out.llms.contains("- [ADR 4: Use GraphQL between services](/payments/doc/adr/0004-use-graphql-between-services.html): REJECTED (Rejected, 2024-07-01)\n"), "{}", out.llms);
    // The index in the markdown renderer's form, and the fence as written.
    assert!(
        out.full.contains("```dot\ndigraph { api -> ledger -> postgres }\n```"),
        "{}",
        out.full
    );
    // An overdue page is a warning, as in `check`; it does not fail the export.
    assert!(out.stderr.contains("warning[status-review-overdue]"), "{}", out.stderr);
}
