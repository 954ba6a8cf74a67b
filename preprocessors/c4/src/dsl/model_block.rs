//! The `model { ... }` block: people, software systems, containers,
//! components, groups, deployment environments and relationships, with the
//! statements an element's own block may hold.

use super::Parser;
use super::lexer::Token;
use super::source::SourceLine;
use crate::model::{Element, ElementId, Kind, Origin, Relationship, Workspace};
use handbook_core::Level;

/// A named kind with defaults (`archetypes`): `None` kind is a group.
#[derive(Debug, Clone, Default)]
pub(crate) struct Archetype {
    pub kind: Option<Kind>,
    pub description: String,
    pub technology: String,
    pub tags: Vec<String>,
}

fn kind_word(word: &str) -> Option<Kind> {
    Some(match word.to_ascii_lowercase().as_str() {
        "person" => Kind::Person,
        "softwaresystem" => Kind::SoftwareSystem,
        "container" => Kind::Container,
        "component" => Kind::Component,
        "deploymentnode" => Kind::DeploymentNode,
        "infrastructurenode" => Kind::InfrastructureNode,
        "containerinstance" => Kind::ContainerInstance,
        "softwaresysteminstance" => Kind::SoftwareSystemInstance,
        _ => return None,
    })
}

/// Splits `a->b` written without spaces into `a`, `->`, `b`.
fn arrows_apart(tokens: &[Token]) -> Vec<Token> {
    let mut out = Vec::new();
    for t in tokens {
        if t.quoted || t.text == "->" || !t.text.contains("->") {
            out.push(t.clone());
            continue;
        }
        let mut parts = t.text.split("->").peekable();
        while let Some(part) = parts.next() {
            if !part.is_empty() {
                out.push(Token {
                    text: part.to_owned(),
                    quoted: false,
                });
            }
            if parts.peek().is_some() {
                out.push(Token {
                    text: "->".into(),
                    quoted: false,
                });
            }
        }
    }
    out
}

/// `"a,b" "c"` → `a`, `b`, `c`.
pub(crate) fn split_tags<'t>(tokens: impl IntoIterator<Item = &'t Token>) -> Vec<String> {
    tokens
        .into_iter()
        .flat_map(|t| t.text.split(','))
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

impl Parser {
    /// The body of `model`, of a group, of an element or of a deployment
    /// environment: until its `}`.
    pub(crate) fn element_body(
        &mut self,
        current: Option<ElementId>,
        group: Option<String>,
        environment: Option<String>,
    ) {
        while let Some(line) = self.next() {
            let (tokens, opens) = line.split_block();
            if tokens.first().is_some_and(|t| t.is("}")) {
                return;
            }
            let tokens = arrows_apart(tokens);
            if let Some(arrow) = tokens.iter().position(|t| t.is("->")) {
                self.relationship(&line, &tokens, arrow, current, opens);
                continue;
            }
            let (name, words) = match tokens.get(1) {
                Some(eq) if eq.is("=") => (tokens.first().map(|t| t.text.clone()), tokens.get(2..).unwrap_or(&[])),
                _ => (None, &tokens[..]),
            };
            let Some(keyword) = words.first() else {
                self.error("c4-syntax", &line.origin, "an identifier and `=` with nothing assigned");
                if opens {
                    self.skip_block();
                }
                continue;
            };
            let args = words.get(1..).unwrap_or(&[]);
            let archetype = (!keyword.quoted)
                .then(|| self.archetypes.get(&keyword.text.to_ascii_lowercase()).cloned())
                .flatten();
            if let Some(archetype) = &archetype
                && archetype.kind.is_none()
            {
                // A group archetype: a group by another name.
                let group_name = args.first().map(|t| t.text.clone()).unwrap_or_default();
                self.name_group(name.as_deref(), current, &group_name);
                if opens {
                    self.element_body(current, Some(group_name), environment.clone());
                }
                continue;
            }
            let kind = if keyword.quoted {
                None
            } else {
                kind_word(&keyword.text).or(archetype.as_ref().and_then(|a| a.kind))
            };
            self.pending_archetype = archetype;
            if let Some(kind) = kind {
                self.declare(
                    &line,
                    kind,
                    name,
                    args,
                    opens,
                    current,
                    group.clone(),
                    environment.clone(),
                );
                continue;
            }
            self.pending_archetype = None;
            match keyword.text.to_ascii_lowercase().as_str() {
                "archetypes" if opens => self.archetypes_block(),
                "group" | "enterprise" if opens => {
                    let group_name = args.first().map(|t| t.text.clone()).unwrap_or_default();
                    self.name_group(name.as_deref(), current, &group_name);
                    self.element_body(current, Some(group_name), environment.clone());
                }
                "deploymentenvironment" if opens => {
                    let env = args.first().map(|t| t.text.clone()).unwrap_or_default();
                    if !self.environments.iter().any(|e| e.eq_ignore_ascii_case(&env)) {
                        self.environments.push(env.clone());
                    }
                    self.element_body(None, None, Some(env));
                }
                "description" | "technology" | "tag" | "tags" | "url" | "instances" if current.is_some() => {
                    self.element_field(current, &keyword.text, args);
                }
                "properties" if opens && current.is_some() => {
                    let props = self.pairs();
                    if let Some(e) = current.and_then(|c| self.workspace.elements.get_mut(c)) {
                        e.properties.extend(props);
                    }
                }
                "perspectives" if opens && current.is_some() => {
                    let pairs = self.pairs();
                    if let Some(e) = current.and_then(|c| self.workspace.elements.get_mut(c)) {
                        e.perspectives.extend(pairs);
                    }
                }
                // Deployment groups only narrow which instances relate; every instance of an environment relates here.
                "healthcheck" | "deploymentgroup" => {
                    if opens {
                        self.skip_block();
                    }
                }
                "!docs"
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
    }

    /// Remembers a group's identifier (hierarchical under its element), for views.
    fn name_group(&mut self, identifier: Option<&str>, current: Option<ElementId>, group: &str) {
        let Some(identifier) = identifier else { return };
        let full = match current
            .and_then(|c| self.workspace.element(c))
            .and_then(|p| p.identifier.clone())
        {
            Some(prefix) if self.hierarchical => format!("{prefix}.{identifier}"),
            _ => identifier.to_owned(),
        };
        self.groups.insert(full.to_lowercase(), (current, group.to_owned()));
    }

    /// The elements of the group an identifier names, if it names one.
    pub(crate) fn group_members(&self, identifier: &str) -> Option<Vec<ElementId>> {
        let (parent, name) = self.groups.get(&identifier.to_lowercase())?;
        Some(
            self.workspace
                .elements
                .iter()
                .enumerate()
                .filter(|(_, e)| e.parent == *parent && e.group.as_deref() == Some(name.as_str()))
                .map(|(i, _)| i)
                .collect(),
        )
    }

    /// `archetypes { name = base [{ description, technology, tag(s) }] }`;
    /// a base is a kind, `group`, or an archetype declared before.
    fn archetypes_block(&mut self) {
        while let Some(line) = self.next() {
            let (tokens, opens) = line.split_block();
            if tokens.first().is_some_and(|t| t.is("}")) {
                return;
            }
            let (Some(name), Some(base)) = (
                tokens.first(),
                tokens.get(2).filter(|_| tokens.get(1).is_some_and(|t| t.is("="))),
            ) else {
                self.unsupported(&line, opens);
                continue;
            };
            let mut archetype = match self.archetypes.get(&base.text.to_ascii_lowercase()) {
                Some(parent) => parent.clone(),
                None if base.is("group") => Archetype::default(),
                None => match kind_word(&base.text) {
                    Some(kind) => Archetype {
                        kind: Some(kind),
                        ..Archetype::default()
                    },
                    None => {
                        self.unsupported(&line, opens);
                        continue;
                    }
                },
            };
            if opens {
                while let Some(inner) = self.next() {
                    let (t, inner_opens) = inner.split_block();
                    if t.first().is_some_and(|t| t.is("}")) {
                        break;
                    }
                    match inner.arg(0).to_ascii_lowercase().as_str() {
                        "description" => archetype.description = inner.arg(1),
                        "technology" => archetype.technology = inner.arg(1),
                        "tag" | "tags" => archetype.tags.extend(split_tags(t.get(1..).unwrap_or(&[]))),
                        _ => {}
                    }
                    if inner_opens {
                        self.skip_block();
                    }
                }
            }
            self.archetypes.insert(name.text.to_ascii_lowercase(), archetype);
        }
    }

    /// `name value` lines until `}` (properties, perspectives).
    fn pairs(&mut self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        while let Some(line) = self.next() {
            let (tokens, opens) = line.split_block();
            if tokens.first().is_some_and(|t| t.is("}")) {
                break;
            }
            out.push((line.arg(0), line.arg(1)));
            if opens {
                self.skip_block();
            }
        }
        out
    }

    fn element_field(&mut self, current: Option<ElementId>, field: &str, args: &[Token]) {
        let Some(element) = current.and_then(|c| self.workspace.elements.get_mut(c)) else {
            return;
        };
        let first = args.first().map(|t| t.text.clone()).unwrap_or_default();
        match field.to_ascii_lowercase().as_str() {
            "description" => element.description = first,
            "technology" => element.technology = first,
            "tag" | "tags" => element.tags.extend(split_tags(args)),
            "url" => element.url = Some(first),
            _ => element.instances = Some(first),
        }
    }

    /// The identifier `name` as seen from inside `current`: `this`, a name
    /// relative to an enclosing element (hierarchical identifiers), or global.
    pub(crate) fn resolve(&self, name: &str, current: Option<ElementId>) -> Option<ElementId> {
        if name.eq_ignore_ascii_case("this") {
            return current;
        }
        let mut scopes: Vec<ElementId> = current.into_iter().collect();
        if let Some(c) = current {
            scopes.extend(self.workspace.ancestors(c));
        }
        for scope in scopes {
            if let Some(prefix) = self.workspace.element(scope).and_then(|e| e.identifier.as_deref())
                && let Some(id) = self.workspace.find(&format!("{prefix}.{name}"))
            {
                return Some(id);
            }
        }
        self.workspace.find(name)
    }

    /// An identifier that must name an element: an error at `origin` if not.
    pub(crate) fn reference(&mut self, name: &str, current: Option<ElementId>, origin: &Origin) -> Option<ElementId> {
        let found = self.resolve(name, current);
        if found.is_none()
            && let Some(what) = self.unread.get(&name.to_lowercase()).cloned()
        {
            self.problem(
                Level::Warning,
                "c4-unsupported",
                origin,
                format!("`{name}` names {what}, which the reader does not use here; this is skipped"),
            );
        } else if found.is_none() && name.to_ascii_lowercase().starts_with("element.") {
            self.problem(
                Level::Warning,
                "c4-unsupported",
                origin,
                format!(
                    "`{name}` on a side of `->`: the sides read are identifiers and `*`; the expression is skipped"
                ),
            );
        } else if found.is_none() {
            self.error(
                "c4-unknown-identifier",
                origin,
                format!("`{name}` names no element declared before this line"),
            );
        }
        found
    }

    #[allow(clippy::too_many_arguments)]
    fn declare(
        &mut self,
        line: &SourceLine,
        kind: Kind,
        identifier: Option<String>,
        args: &[Token],
        opens: bool,
        current: Option<ElementId>,
        group: Option<String>,
        environment: Option<String>,
    ) {
        let parent_kind = current.and_then(|c| self.workspace.element(c)).map(|e| e.kind());
        let allowed = match kind {
            Kind::Person | Kind::SoftwareSystem => parent_kind.is_none() && environment.is_none(),
            Kind::Container => parent_kind == Some(Kind::SoftwareSystem),
            Kind::Component => parent_kind == Some(Kind::Container),
            Kind::DeploymentNode => environment.is_some() && matches!(parent_kind, None | Some(Kind::DeploymentNode)),
            Kind::InfrastructureNode | Kind::ContainerInstance | Kind::SoftwareSystemInstance => {
                parent_kind == Some(Kind::DeploymentNode)
            }
        };
        if !allowed {
            let place = match kind {
                Kind::Person | Kind::SoftwareSystem => "directly in `model` (or a group)",
                Kind::Container => "inside a `softwareSystem` block",
                Kind::Component => "inside a `container` block",
                Kind::DeploymentNode => "inside a `deploymentEnvironment` or `deploymentNode` block",
                _ => "inside a `deploymentNode` block",
            };
            self.error(
                "c4-syntax",
                &line.origin,
                format!(
                    "a {} is declared {place}; this one is skipped",
                    kind.label().to_lowercase()
                ),
            );
            if opens {
                self.skip_block();
            }
            return;
        }
        let text = |i: usize| args.get(i).map(|t| t.text.clone()).unwrap_or_default();
        let mut element = Element {
            kind: Some(kind),
            parent: current,
            group,
            environment,
            origin: line.origin.clone(),
            tags: vec!["Element".into(), kind.label().into()],
            ..Element::default()
        };
        match kind {
            Kind::Person | Kind::SoftwareSystem => {
                element.name = text(0);
                element.description = text(1);
                element.tags.extend(split_tags(args.get(2)));
            }
            Kind::Container | Kind::Component | Kind::InfrastructureNode => {
                element.name = text(0);
                element.description = text(1);
                element.technology = text(2);
                element.tags.extend(split_tags(args.get(3)));
            }
            Kind::DeploymentNode => {
                element.name = text(0);
                element.description = text(1);
                element.technology = text(2);
                element.tags.extend(split_tags(args.get(3)));
                element.instances = args.get(4).map(|t| t.text.clone());
            }
            Kind::ContainerInstance | Kind::SoftwareSystemInstance => {
                let target = text(0);
                let want = if kind == Kind::ContainerInstance {
                    Kind::Container
                } else {
                    Kind::SoftwareSystem
                };
                // A deployment node may share the local name: the global identifier of the right kind wins.
                let global = self
                    .workspace
                    .find(&target)
                    .filter(|&g| self.workspace.element(g).is_some_and(|e| e.kind() == want));
                let Some(of) = global.or_else(|| self.reference(&target, current, &line.origin)) else {
                    if opens {
                        self.skip_block();
                    }
                    return;
                };
                let Some(of_element) = self.workspace.element(of).filter(|e| e.kind() == want).cloned() else {
                    self.error(
                        "c4-syntax",
                        &line.origin,
                        format!("`{target}` is not a {}", want.label().to_lowercase()),
                    );
                    if opens {
                        self.skip_block();
                    }
                    return;
                };
                element.name = of_element.name.clone();
                element.description = of_element.description.clone();
                element.technology = of_element.technology.clone();
                element.instance_of = Some(of);
                element.tags.extend(split_tags(args.get(2)));
                element.tags.extend(of_element.tags.iter().skip(1).cloned());
            }
        }
        if let Some(archetype) = self.pending_archetype.take() {
            if element.description.is_empty() {
                element.description = archetype.description;
            }
            if element.technology.is_empty() {
                element.technology = archetype.technology;
            }
            element.tags.extend(archetype.tags);
        }
        if element.name.is_empty() {
            self.error(
                "c4-syntax",
                &line.origin,
                format!("a {} needs a name", kind.label().to_lowercase()),
            );
        }
        let id = self.workspace.elements.len();
        if let Some(name) = identifier {
            let full = match current
                .and_then(|c| self.workspace.element(c))
                .and_then(|p| p.identifier.clone())
            {
                Some(prefix) if self.hierarchical => format!("{prefix}.{name}"),
                _ => name,
            };
            match self.workspace.identifiers.entry(full.to_lowercase()) {
                std::collections::btree_map::Entry::Occupied(_) => self.error(
                    "c4-duplicate-identifier",
                    &line.origin,
                    format!("`{full}` is already the identifier of another element"),
                ),
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert(id);
                    element.identifier = Some(full);
                }
            }
        }
        self.workspace.elements.push(element);
        if opens {
            let env = self.workspace.element(id).and_then(|e| e.environment.clone());
            self.element_body(Some(id), None, env);
        }
    }

    /// `[id =] a -> b ["description"] ["technology"] ["tags"] [{ ... }]`;
    /// `-> b` and `this -> b` start at the enclosing element.
    fn relationship(
        &mut self,
        line: &SourceLine,
        tokens: &[Token],
        arrow: usize,
        current: Option<ElementId>,
        opens: bool,
    ) {
        let source_at = match tokens.get(1) {
            Some(eq) if eq.is("=") => 2,
            _ => 0,
        };
        if let (2, Some(name)) = (source_at, tokens.first()) {
            let what = format!("a relationship (line {})", line.origin.line);
            self.unread.insert(name.text.to_lowercase(), what);
        }
        let source_name = if arrow > source_at {
            tokens.get(arrow - 1).map(|t| t.text.as_str())
        } else {
            Some("this")
        };
        let destination_name = tokens.get(arrow + 1).map(|t| t.text.as_str());
        let (Some(source_name), Some(destination_name)) = (source_name, destination_name) else {
            self.error(
                "c4-syntax",
                &line.origin,
                "a relationship needs an element on both sides of `->`",
            );
            if opens {
                self.skip_block();
            }
            return;
        };
        let (source_name, destination_name) = (source_name.to_owned(), destination_name.to_owned());
        if source_name.eq_ignore_ascii_case("this") && current.is_none() {
            self.error(
                "c4-syntax",
                &line.origin,
                "`this` (or a leading `->`) is only meaningful inside an element's block",
            );
        }
        let source = self.reference(&source_name, current, &line.origin);
        let destination = self.reference(&destination_name, current, &line.origin);
        let rest = tokens.get(arrow + 2..).unwrap_or(&[]);
        let text = |i: usize| rest.get(i).map(|t| t.text.clone()).unwrap_or_default();
        let index = self.workspace.relationships.len();
        if let (Some(source), Some(destination)) = (source, destination) {
            let mut tags = vec!["Relationship".to_owned()];
            tags.extend(split_tags(rest.get(2)));
            self.workspace.relationships.push(Relationship {
                source,
                destination,
                description: text(0),
                technology: text(1),
                tags,
                url: None,
                implied: false,
                origin: line.origin.clone(),
            });
        }
        if opens {
            while let Some(inner) = self.next() {
                let (t, inner_opens) = inner.split_block();
                if t.first().is_some_and(|t| t.is("}")) {
                    break;
                }
                let value = inner.arg(1);
                let relationship = self.workspace.relationships.get_mut(index);
                match (t.first().map(|t| t.text.to_ascii_lowercase()).as_deref(), relationship) {
                    (Some("tag" | "tags"), Some(r)) => r.tags.extend(split_tags(t.get(1..).unwrap_or(&[]))),
                    (Some("url"), Some(r)) => r.url = Some(value),
                    (Some("description"), Some(r)) => r.description = value,
                    (Some("technology"), Some(r)) => r.technology = value,
                    (Some("properties" | "perspectives"), _) if inner_opens => {
                        self.pairs();
                        continue;
                    }
                    _ => self.problem(
                        Level::Warning,
                        "c4-unsupported",
                        &inner.origin,
                        "a relationship's block reads `tags`, `url`, `description`, `technology`, `properties` and `perspectives`",
                    ),
                }
                if inner_opens {
                    self.skip_block();
                }
            }
        }
    }
}

/// Structurizr replicates a relationship between two containers (or
/// systems) to their instances in the same deployment environment.
pub(crate) fn replicate_instance_relationships(workspace: &mut Workspace) {
    let instances: Vec<(ElementId, ElementId, Option<String>)> = workspace
        .elements
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.instance_of.map(|of| (i, of, e.environment.clone())))
        .collect();
    let mut added = Vec::new();
    for rel in &workspace.relationships {
        for (a, a_of, a_env) in &instances {
            if *a_of != rel.source {
                continue;
            }
            for (b, b_of, b_env) in &instances {
                if *b_of == rel.destination && a_env == b_env {
                    added.push(Relationship {
                        source: *a,
                        destination: *b,
                        ..rel.clone()
                    });
                }
            }
        }
    }
    workspace.relationships.extend(added);
}
