//! The Structurizr DSL reader: [`read`] turns a workspace file (and the
//! files it `!include`s, inside the book only) into a [`Workspace`], with
//! every problem a diagnostic at the author's file and line. It never panics
//! and never reaches the network.

pub mod lexer;
mod model_block;
mod source;
mod views_block;

#[cfg(test)]
pub(crate) mod tests;

use crate::model::{Origin, Workspace};
use handbook_core::{Diagnostic, Level};
use std::collections::BTreeMap;
use std::path::Path;

pub use source::SourceLine;

/// Reads the workspace at `file` (relative to `root`, the book root).
pub fn read(root: &Path, file: &Path) -> (Option<Workspace>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let lines = source::load(root, file, &mut problems);
    match lines {
        Some(lines) => {
            let mut parser = Parser::new(lines, problems);
            let workspace = parser.workspace();
            (workspace, parser.problems)
        }
        None => (None, problems),
    }
}

/// Reads DSL text as if it were the file `file`, with no `!include` allowed
/// outside `root` (tests and the property test use it).
pub fn read_text(root: &Path, file: &Path, text: &str) -> (Option<Workspace>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let lines = source::expand(root, file, text, &mut problems, 0, &mut Vec::new());
    let mut parser = Parser::new(lines, problems);
    let workspace = parser.workspace();
    (workspace, parser.problems)
}

/// A cursor over the statements, with what the reader knows so far.
pub(crate) struct Parser {
    lines: Vec<SourceLine>,
    at: usize,
    pub(crate) problems: Vec<Diagnostic>,
    pub(crate) workspace: Workspace,
    pub(crate) hierarchical: bool,
    pub(crate) implied: bool,
    pub(crate) constants: BTreeMap<String, String>,
    /// Deployment environments declared, by name as written.
    pub(crate) environments: Vec<String>,
    pub(crate) view_counter: usize,
    /// `archetypes { name = base { defaults } }`, by lowercase name.
    pub(crate) archetypes: BTreeMap<String, model_block::Archetype>,
    /// The archetype of the element being declared, whose defaults it takes.
    pub(crate) pending_archetype: Option<model_block::Archetype>,
    /// Named groups (`g = group "Name" {`): lowercase identifier → (enclosing element, group name).
    pub(crate) groups: BTreeMap<String, (Option<crate::model::ElementId>, String)>,
    /// Identifiers given to what the reader does not keep (a relationship's
    /// `r = a -> b`, a skipped `x = element …`), lowercase → what they name.
    /// A reference to one is a warning, not an unknown identifier.
    pub(crate) unread: BTreeMap<String, String>,
}

impl Parser {
    fn new(lines: Vec<SourceLine>, problems: Vec<Diagnostic>) -> Parser {
        Parser {
            lines,
            at: 0,
            problems,
            workspace: Workspace::default(),
            hierarchical: false,
            implied: true,
            constants: BTreeMap::new(),
            environments: Vec::new(),
            view_counter: 0,
            archetypes: BTreeMap::new(),
            pending_archetype: None,
            groups: BTreeMap::new(),
            unread: BTreeMap::new(),
        }
    }

    /// The next statement, with `${NAME}` constants substituted.
    pub(crate) fn next(&mut self) -> Option<SourceLine> {
        let mut line = self.lines.get(self.at)?.clone();
        self.at += 1;
        if !self.constants.is_empty() {
            for token in &mut line.tokens {
                if token.text.contains("${") {
                    for (name, value) in &self.constants {
                        token.text = token.text.replace(&format!("${{{name}}}"), value);
                    }
                }
            }
        }
        Some(line)
    }

    pub(crate) fn problem(&mut self, level: Level, code: &'static str, origin: &Origin, message: impl Into<String>) {
        self.problems
            .push(Diagnostic::new(level, code, message).at(&origin.file, origin.line));
    }

    pub(crate) fn error(&mut self, code: &'static str, origin: &Origin, message: impl Into<String>) {
        self.problem(Level::Error, code, origin, message);
    }

    /// Skips the rest of a block whose `{` was just read, nested blocks included.
    pub(crate) fn skip_block(&mut self) {
        let mut depth = 1usize;
        while let Some(line) = self.lines.get(self.at) {
            self.at += 1;
            for token in &line.tokens {
                if token.is("{") {
                    depth += 1;
                } else if token.is("}") {
                    depth = depth.saturating_sub(1);
                }
            }
            if depth == 0 {
                return;
            }
        }
    }

    /// The whole file: one `workspace` block.
    fn workspace(&mut self) -> Option<Workspace> {
        let Some(first) = self.next() else {
            self.problems.push(Diagnostic::new(
                Level::Error,
                "c4-syntax",
                "the workspace file holds no `workspace { ... }` block",
            ));
            return None;
        };
        let (tokens, opens) = first.split_block();
        if !tokens.first().is_some_and(|t| t.is("workspace")) {
            self.error(
                "c4-syntax",
                &first.origin,
                "a Structurizr workspace starts with `workspace {`",
            );
            return None;
        }
        if tokens.iter().any(|t| t.is("extends")) {
            self.error(
                "c4-extends",
                &first.origin,
                "`workspace extends` is not read: the base workspace may be a URL, and the suite reads one self-contained workspace; `!include` the base model's file instead",
            );
            return None;
        }
        self.workspace.name = tokens.get(1).map(|t| t.text.clone()).unwrap_or_default();
        self.workspace.description = tokens.get(2).map(|t| t.text.clone()).unwrap_or_default();
        if !opens {
            self.error(
                "c4-syntax",
                &first.origin,
                "`workspace` needs a `{` at the end of its line",
            );
            return None;
        }
        self.workspace_body();
        if self.implied {
            self.workspace.add_implied_relationships();
        }
        model_block::replicate_instance_relationships(&mut self.workspace);
        Some(std::mem::take(&mut self.workspace))
    }

    fn workspace_body(&mut self) {
        while let Some(line) = self.next() {
            let (tokens, opens) = line.split_block();
            let Some(head) = tokens.first() else {
                continue;
            };
            if head.is("}") {
                return;
            }
            match head.text.to_ascii_lowercase().as_str() {
                "name" if !head.quoted => self.workspace.name = line.arg(1),
                "description" if !head.quoted => self.workspace.description = line.arg(1),
                "model" if opens => self.element_body(None, None, None),
                "views" if opens => self.views_body(),
                "configuration"
                | "properties"
                | "!docs"
                | "!adrs"
                | "!identifiers"
                | "!impliedrelationships"
                | "!const"
                | "!constant"
                | "!var"
                | "!script"
                | "!plugin" => self.directive(&line, opens),
                _ => self.unsupported(&line, opens),
            }
        }
        self.error(
            "c4-syntax",
            &self.end_origin(),
            "the `workspace {` block is not closed: a `}` is missing",
        );
    }

    /// `!` directives and the blocks the suite reads past.
    pub(crate) fn directive(&mut self, line: &SourceLine, opens: bool) {
        let head = line
            .tokens
            .first()
            .map(|t| t.text.to_ascii_lowercase())
            .unwrap_or_default();
        match head.as_str() {
            "!identifiers" => {
                self.hierarchical = line.arg(1).eq_ignore_ascii_case("hierarchical");
            }
            "!impliedrelationships" => {
                self.implied = !matches!(line.arg(1).to_ascii_lowercase().as_str(), "false" | "off");
            }
            "!const" | "!constant" | "!var" => {
                let name = line.arg(1);
                self.constants.insert(name, line.arg(2));
            }
            "!docs" | "!adrs" => self.problem(
                Level::Info,
                "c4-ignored",
                &line.origin,
                format!("`{head}` is ignored: the handbook's own pages and decision log are the documentation"),
            ),
            "!script" | "!plugin" => self.error(
                "c4-refused",
                &line.origin,
                format!("`{head}` is refused: a book build runs no code from the workspace"),
            ),
            _ => {}
        }
        if opens {
            self.skip_block();
        }
    }

    /// A statement outside the subset read: a warning, and its block skipped.
    pub(crate) fn unsupported(&mut self, line: &SourceLine, opens: bool) {
        let assigned = line.tokens.get(1).is_some_and(|t| t.is("="));
        let head = line
            .tokens
            .get(if assigned { 2 } else { 0 })
            .map(|t| t.text.clone())
            .unwrap_or_default();
        if let (true, Some(name)) = (assigned, line.tokens.first()) {
            let what = format!("an `{head}` statement skipped at line {}", line.origin.line);
            self.unread.insert(name.text.to_lowercase(), what);
        }
        if head == "{" {
            self.error("c4-syntax", &line.origin, "a `{` with no statement before it");
        } else {
            self.problem(
                Level::Warning,
                "c4-unsupported",
                &line.origin,
                format!("`{head}` is not in the DSL subset the suite reads here; the statement is skipped"),
            );
        }
        if opens {
            self.skip_block();
        }
    }

    pub(crate) fn end_origin(&self) -> Origin {
        self.lines.last().map(|l| l.origin.clone()).unwrap_or_default()
    }
}
