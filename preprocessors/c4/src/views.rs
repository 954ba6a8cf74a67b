//! Which elements and relationships each view shows, by Structurizr's rules
//! (the DSL language reference and cookbook, "include *" per view type):
//! - system landscape: every person and software system;
//! - system context: the system in scope and the people and systems
//!   directly connected to it, implied relationships included;
//! - container: the containers of the system in scope and the people and
//!   systems directly connected to them;
//! - component: the components of the container in scope and the people,
//!   systems and containers directly connected to them;
//! - deployment: the instances (and infrastructure nodes) of the environment,
//!   of the system in scope or of every system with `*`, inside their nodes;
//! - dynamic: the steps, in order; filtered: its base view, filtered by tag.
//!
//! A view then shows every relationship whose two ends it shows.

use crate::model::{ElementId, Expression, Kind, View, ViewKind, Workspace};
use std::collections::BTreeSet;

/// One line of a view: a relationship of the model, or a dynamic step.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub source: ElementId,
    pub destination: ElementId,
    pub description: String,
    pub technology: String,
    /// The model's relationship (for its style); `None` for a step with none.
    pub relationship: Option<usize>,
    /// A dynamic step's number.
    pub order: Option<String>,
}

/// What one view shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shown {
    /// In model order.
    pub elements: Vec<ElementId>,
    pub edges: Vec<Edge>,
}

/// The kinds a view of this type can hold.
fn allowed(workspace: &Workspace, view: &View, kind: Kind) -> bool {
    let scope_kind = view.scope.and_then(|s| workspace.element(s)).map(|e| e.kind());
    match view.kind {
        ViewKind::SystemLandscape | ViewKind::SystemContext => matches!(kind, Kind::Person | Kind::SoftwareSystem),
        ViewKind::Container => matches!(kind, Kind::Person | Kind::SoftwareSystem | Kind::Container),
        ViewKind::Component => !kind.is_deployment(),
        ViewKind::Deployment => matches!(
            kind,
            Kind::InfrastructureNode | Kind::ContainerInstance | Kind::SoftwareSystemInstance
        ),
        ViewKind::Dynamic => match scope_kind {
            None => matches!(kind, Kind::Person | Kind::SoftwareSystem),
            Some(Kind::SoftwareSystem) => matches!(kind, Kind::Person | Kind::SoftwareSystem | Kind::Container),
            _ => !kind.is_deployment(),
        },
        ViewKind::Filtered => true,
        ViewKind::Image => false,
    }
}

/// Elements a view may hold at all: of an allowed kind, and not the scope
/// a container or component view draws as its boundary.
fn candidate(workspace: &Workspace, view: &View, id: ElementId) -> bool {
    let Some(element) = workspace.element(id) else {
        return false;
    };
    if !allowed(workspace, view, element.kind()) {
        return false;
    }
    match view.kind {
        ViewKind::Container | ViewKind::Component => {
            view.scope.is_some_and(|s| s != id && !workspace.is_ancestor(id, s))
        }
        ViewKind::Deployment => view.environment.as_deref().is_none_or(|env| {
            element
                .environment
                .as_deref()
                .is_some_and(|e| e.eq_ignore_ascii_case(env))
        }),
        _ => true,
    }
}

/// Elements with a relationship to or from `id`.
fn connected(workspace: &Workspace, id: ElementId) -> impl Iterator<Item = ElementId> + '_ {
    workspace.relationships.iter().filter_map(move |r| {
        if r.source == id {
            Some(r.destination)
        } else if r.destination == id {
            Some(r.source)
        } else {
            None
        }
    })
}

/// What `include *` adds for this view type.
fn default_set(workspace: &Workspace, view: &View) -> BTreeSet<ElementId> {
    let mut set = BTreeSet::new();
    let all = 0..workspace.elements.len();
    match view.kind {
        ViewKind::SystemLandscape => set.extend(all.filter(|&i| candidate(workspace, view, i))),
        ViewKind::SystemContext => {
            if let Some(scope) = view.scope {
                set.insert(scope);
                set.extend(connected(workspace, scope).filter(|&i| candidate(workspace, view, i)));
            }
        }
        ViewKind::Container | ViewKind::Component => {
            if let Some(scope) = view.scope {
                let inner: Vec<_> = workspace.children(scope).collect();
                for &child in &inner {
                    set.insert(child);
                    set.extend(connected(workspace, child).filter(|&i| candidate(workspace, view, i)));
                }
            }
        }
        ViewKind::Deployment => {
            for i in all.filter(|&i| candidate(workspace, view, i)) {
                let Some(element) = workspace.element(i) else { continue };
                let belongs = match (view.scope, element.instance_of) {
                    (None, _) => true,
                    (Some(scope), Some(of)) => of == scope || workspace.is_ancestor(scope, of),
                    (Some(_), None) => element.kind() == Kind::InfrastructureNode,
                };
                if belongs {
                    set.insert(i);
                }
            }
        }
        ViewKind::Dynamic | ViewKind::Filtered | ViewKind::Image => {}
    }
    set
}

fn edges_between(workspace: &Workspace, elements: &BTreeSet<ElementId>) -> Vec<Edge> {
    workspace
        .relationships
        .iter()
        .enumerate()
        .filter(|(_, r)| elements.contains(&r.source) && elements.contains(&r.destination))
        .map(|(i, r)| Edge {
            source: r.source,
            destination: r.destination,
            description: r.description.clone(),
            technology: r.technology.clone(),
            relationship: Some(i),
            order: None,
        })
        .collect()
}

/// What `view` shows, by Structurizr's rules.
pub fn shown(workspace: &Workspace, view: &View) -> Shown {
    shown_at_depth(workspace, view, 0)
}

fn shown_at_depth(workspace: &Workspace, view: &View, depth: usize) -> Shown {
    match view.kind {
        ViewKind::Dynamic => return dynamic(workspace, view),
        ViewKind::Filtered => return filtered(workspace, view, depth),
        // A picture holds no element of the model.
        ViewKind::Image => return Shown::default(),
        _ => {}
    }
    let mut elements = BTreeSet::new();
    for expression in &view.includes {
        match expression {
            Expression::All => elements.extend(default_set(workspace, view)),
            Expression::Element(id) => {
                if candidate(workspace, view, *id) || view.kind == ViewKind::SystemContext && view.scope == Some(*id) {
                    elements.insert(*id);
                }
            }
            Expression::ElementTag(tags) => elements.extend(
                (0..workspace.elements.len())
                    .filter(|&i| candidate(workspace, view, i))
                    .filter(|&i| workspace.element(i).is_some_and(|e| tags.iter().any(|t| e.has_tag(t)))),
            ),
            Expression::ElementType(kind) => elements.extend(
                (0..workspace.elements.len())
                    .filter(|&i| candidate(workspace, view, i))
                    .filter(|&i| workspace.element(i).is_some_and(|e| e.kind() == *kind)),
            ),
            Expression::Neighbourhood(id) => {
                if candidate(workspace, view, *id) {
                    elements.insert(*id);
                }
                elements.extend(connected(workspace, *id).filter(|&i| candidate(workspace, view, i)));
            }
            Expression::Group { members, neighbours } => {
                for &id in members {
                    if candidate(workspace, view, id) {
                        elements.insert(id);
                    }
                    if *neighbours {
                        elements.extend(connected(workspace, id).filter(|&i| candidate(workspace, view, i)));
                    }
                }
            }
            Expression::Relationship { source, destination } => {
                for r in &workspace.relationships {
                    if source.is_none_or(|s| s == r.source)
                        && destination.is_none_or(|d| d == r.destination)
                        && candidate(workspace, view, r.source)
                        && candidate(workspace, view, r.destination)
                    {
                        elements.insert(r.source);
                        elements.insert(r.destination);
                    }
                }
            }
            Expression::RelationshipTag(_) => {}
        }
    }
    let mut removed_edges: Vec<usize> = Vec::new();
    for expression in &view.excludes {
        match expression {
            Expression::All => elements.clear(),
            Expression::Element(id) => {
                elements.remove(id);
            }
            Expression::ElementTag(tags) => {
                elements.retain(|&i| !workspace.element(i).is_some_and(|e| tags.iter().any(|t| e.has_tag(t))))
            }
            Expression::ElementType(kind) => {
                elements.retain(|&i| workspace.element(i).is_none_or(|e| e.kind() != *kind))
            }
            Expression::Neighbourhood(id) => {
                elements.remove(id);
            }
            Expression::Group { members, .. } => elements.retain(|i| !members.contains(i)),
            Expression::Relationship { source, destination } => removed_edges.extend(
                workspace
                    .relationships
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| {
                        source.is_none_or(|s| s == r.source) && destination.is_none_or(|d| d == r.destination)
                    })
                    .map(|(i, _)| i),
            ),
            Expression::RelationshipTag(tags) => removed_edges.extend(
                workspace
                    .relationships
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| tags.iter().any(|t| r.has_tag(t)))
                    .map(|(i, _)| i),
            ),
        }
    }
    let edges = edges_between(workspace, &elements)
        .into_iter()
        .filter(|e| e.relationship.is_none_or(|r| !removed_edges.contains(&r)))
        .collect();
    Shown {
        elements: elements.into_iter().collect(),
        edges,
    }
}

fn dynamic(workspace: &Workspace, view: &View) -> Shown {
    let mut elements = BTreeSet::new();
    let mut edges = Vec::new();
    for step in &view.steps {
        elements.insert(step.source);
        elements.insert(step.destination);
        let relationship = workspace
            .relationships
            .iter()
            .position(|r| r.source == step.source && r.destination == step.destination)
            .or_else(|| {
                workspace
                    .relationships
                    .iter()
                    .position(|r| r.source == step.destination && r.destination == step.source)
            });
        let model = relationship.and_then(|i| workspace.relationships.get(i));
        edges.push(Edge {
            source: step.source,
            destination: step.destination,
            description: if step.description.is_empty() {
                model.map(|r| r.description.clone()).unwrap_or_default()
            } else {
                step.description.clone()
            },
            technology: if step.technology.is_empty() {
                model.map(|r| r.technology.clone()).unwrap_or_default()
            } else {
                step.technology.clone()
            },
            relationship,
            order: Some(step.order.clone()),
        });
    }
    Shown {
        elements: elements.into_iter().collect(),
        edges,
    }
}

fn filtered(workspace: &Workspace, view: &View, depth: usize) -> Shown {
    let Some(base) = view.base.as_deref().and_then(|k| workspace.view(k)) else {
        return Shown::default();
    };
    if depth > 8 || base.kind == ViewKind::Filtered && base.key == view.key {
        return Shown::default();
    }
    let shown = shown_at_depth(workspace, base, depth + 1);
    let tagged = |tags: &[String]| {
        view.filter_tags
            .iter()
            .any(|t| tags.iter().any(|x| x.eq_ignore_ascii_case(t)))
    };
    let keep = |tags: &[String]| tagged(tags) == view.filter_include;
    let elements: Vec<ElementId> = shown
        .elements
        .into_iter()
        .filter(|&i| workspace.element(i).is_some_and(|e| keep(&e.tags)))
        .collect();
    let edges = shown
        .edges
        .into_iter()
        .filter(|e| elements.contains(&e.source) && elements.contains(&e.destination))
        .filter(|e| {
            e.relationship
                .and_then(|r| workspace.relationships.get(r))
                .is_none_or(|r| keep(&r.tags))
        })
        .collect();
    Shown { elements, edges }
}

/// The view a filtered view draws from, for its boundaries and layout.
pub fn drawn_as<'w>(workspace: &'w Workspace, view: &'w View) -> &'w View {
    let mut at = view;
    for _ in 0..8 {
        match at.base.as_deref().and_then(|k| workspace.view(k)) {
            Some(base) if at.kind == ViewKind::Filtered => at = base,
            _ => break,
        }
    }
    at
}

#[cfg(test)]
mod tests {
    //! Each rule on `tests/workspaces/lending.dsl` (our own workspace), citing
    //! Structurizr's documentation of `include *` for the view type.
    use super::*;
    use crate::dsl::tests::lending;

    fn names(ws: &Workspace, key: &str) -> Vec<String> {
        let view = ws.view(key).unwrap_or_else(|| panic!("no view {key}"));
        let mut out: Vec<String> = shown(ws, view)
            .elements
            .iter()
            .filter_map(|&i| ws.element(i))
            .map(|e| e.name.clone())
            .collect();
        out.sort();
        out
    }

    /// "System landscape view: include * adds all people and software systems."
    #[test]
    fn landscape_is_every_person_and_system() {
        let ws = lending();
        assert_eq!(
            names(&ws, "landscape"),
            ["Archive", "Clerk", "Lending", "Mail Service", "Member", "Payments"]
        );
    }

    /// "System context view: include * adds the software system in scope, plus
    /// all people and software systems that are directly connected to it"
    /// (implied relationships included: Member only uses a component of Lending).
    #[test]
    fn context_is_the_system_and_what_connects_to_it() {
        let ws = lending();
        assert_eq!(names(&ws, "context"), ["Clerk", "Lending", "Mail Service", "Member"]);
    }

    /// "Container view: include * adds all containers within the software system
    /// in scope, plus all people and software systems directly connected to those containers."
    #[test]
    fn container_view_is_the_containers_and_their_neighbours() {
        let ws = lending();
        assert_eq!(
            names(&ws, "containers"),
            [
                "Clerk",
                "Database",
                "Mail Service",
                "Member",
                "Reminder Worker",
                "Web App"
            ]
        );
    }

    /// "Component view: include * adds all components within the container in
    /// scope, plus all people, software systems and containers directly connected to them."
    #[test]
    fn component_view_is_the_components_and_their_neighbours() {
        let ws = lending();
        assert_eq!(names(&ws, "components"), ["Booking", "Catalogue", "Database", "Member"]);
    }

    /// Deployment view: the instances of the system's containers in the
    /// environment and its infrastructure nodes; nodes are their boundaries.
    #[test]
    fn deployment_view_is_the_environments_instances() {
        let ws = lending();
        assert_eq!(
            names(&ws, "live-deployment"),
            ["Database", "Load Balancer", "Reminder Worker", "Web App"]
        );
        let view = ws.view("live-deployment").unwrap_or_else(|| panic!("view"));
        assert!(
            !shown(&ws, view).edges.is_empty(),
            "instances carry their containers' relationships"
        );
    }

    /// Dynamic view: the elements of its steps, and the steps in order.
    #[test]
    fn dynamic_view_is_its_steps_in_order() {
        let ws = lending();
        let view = ws.view("reservation").unwrap_or_else(|| panic!("view"));
        let s = shown(&ws, view);
        assert_eq!(names(&ws, "reservation"), ["Database", "Member", "Web App"]);
        let orders: Vec<_> = s.edges.iter().map(|e| e.order.clone().unwrap_or_default()).collect();
        assert_eq!(orders, ["1", "2"]);
        assert_eq!(s.edges[0].description, "Opens the booking page");
    }

    /// Filtered view: the base view's elements less (here) those tagged External.
    #[test]
    fn filtered_view_drops_the_tagged_elements() {
        let ws = lending();
        assert_eq!(names(&ws, "internal-only"), ["Archive", "Clerk", "Lending", "Member"]);
    }

    /// A view shows the relationships between the elements it shows, and an
    /// `exclude` of a relationship expression removes it.
    #[test]
    fn relationships_between_shown_elements_and_excludes() {
        let mut ws = lending();
        let (member, lending_id) = (ws.find("member"), ws.find("lending"));
        let view = ws.view("context").cloned().unwrap_or_else(|| panic!("view"));
        let before = shown(&ws, &view);
        assert!(
            before
                .edges
                .iter()
                .any(|e| Some(e.source) == member && Some(e.destination) == lending_id)
        );
        let mut view = view;
        view.excludes.push(Expression::Relationship {
            source: member,
            destination: None,
        });
        view.excludes.push(Expression::ElementTag(vec!["Staff".into()]));
        ws.views.push(view.clone());
        let after = shown(&ws, &view);
        assert!(!after.edges.iter().any(|e| Some(e.source) == member));
        assert!(!after.elements.contains(&ws.find("clerk").unwrap_or(usize::MAX)));
    }

    /// `include` of an identifier, `->x->` and `element.type==` on a view with no `*`.
    #[test]
    fn explicit_includes() {
        let ws = lending();
        let mut view = ws.view("landscape").cloned().unwrap_or_else(|| panic!("view"));
        view.includes = vec![Expression::Neighbourhood(ws.find("mail").unwrap_or(usize::MAX))];
        let s = shown(&ws, &view);
        let mut got: Vec<_> = s
            .elements
            .iter()
            .filter_map(|&i| ws.element(i))
            .map(|e| e.name.as_str())
            .collect();
        got.sort();
        assert_eq!(got, ["Lending", "Mail Service", "Member"]);
        view.includes = vec![Expression::ElementType(Kind::Person)];
        assert_eq!(shown(&ws, &view).elements.len(), 2);
    }
}
