//! The workspace as the DSL reader builds it: elements, relationships
//! (explicit and implied), views and styles. Plain data; what a view shows
//! is decided in [`crate::views`], drawing in [`crate::render`].

use std::collections::BTreeMap;
use std::path::PathBuf;

/// Where a statement was written: the file (relative to the book root) and line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    pub file: PathBuf,
    pub line: usize,
}

/// The kinds of element the DSL subset knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Person,
    SoftwareSystem,
    Container,
    Component,
    DeploymentNode,
    InfrastructureNode,
    SoftwareSystemInstance,
    ContainerInstance,
}

impl Kind {
    /// The type as C4 diagrams print it, and the tag every element of it carries.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Person => "Person",
            Kind::SoftwareSystem => "Software System",
            Kind::Container => "Container",
            Kind::Component => "Component",
            Kind::DeploymentNode => "Deployment Node",
            Kind::InfrastructureNode => "Infrastructure Node",
            Kind::SoftwareSystemInstance => "Software System Instance",
            Kind::ContainerInstance => "Container Instance",
        }
    }

    /// `element.type==` names (Structurizr's, compared without case).
    pub fn from_type_name(name: &str) -> Option<Kind> {
        let squashed: String = name
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        Some(match squashed.as_str() {
            "person" => Kind::Person,
            "softwaresystem" => Kind::SoftwareSystem,
            "container" => Kind::Container,
            "component" => Kind::Component,
            "deploymentnode" => Kind::DeploymentNode,
            "infrastructurenode" => Kind::InfrastructureNode,
            "softwaresysteminstance" => Kind::SoftwareSystemInstance,
            "containerinstance" => Kind::ContainerInstance,
            _ => return None,
        })
    }

    /// Kinds that only the deployment model holds.
    pub fn is_deployment(self) -> bool {
        matches!(
            self,
            Kind::DeploymentNode | Kind::InfrastructureNode | Kind::SoftwareSystemInstance | Kind::ContainerInstance
        )
    }
}

/// Index into [`Workspace::elements`].
pub type ElementId = usize;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Element {
    pub kind: Option<Kind>,
    pub name: String,
    pub description: String,
    pub technology: String,
    /// The tags, the default ones (`Element`, the kind's) first.
    pub tags: Vec<String>,
    pub parent: Option<ElementId>,
    /// The group it was declared in, innermost name.
    pub group: Option<String>,
    /// The DSL identifier that names it (hierarchical when the workspace says so).
    pub identifier: Option<String>,
    pub url: Option<String>,
    pub properties: BTreeMap<String, String>,
    pub perspectives: Vec<(String, String)>,
    /// What an instance is an instance of.
    pub instance_of: Option<ElementId>,
    /// A deployment node's instance count, as written.
    pub instances: Option<String>,
    /// A deployment element's environment.
    pub environment: Option<String>,
    pub origin: Origin,
}

impl Element {
    pub fn kind(&self) -> Kind {
        self.kind.unwrap_or(Kind::SoftwareSystem)
    }

    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t.trim().eq_ignore_ascii_case(tag.trim()))
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Relationship {
    pub source: ElementId,
    pub destination: ElementId,
    pub description: String,
    pub technology: String,
    pub tags: Vec<String>,
    pub url: Option<String>,
    /// Derived by Structurizr's rule from a relationship between nested elements.
    pub implied: bool,
    pub origin: Origin,
}

impl Relationship {
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t.trim().eq_ignore_ascii_case(tag.trim()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewKind {
    SystemLandscape,
    SystemContext,
    Container,
    Component,
    Deployment,
    Dynamic,
    Filtered,
    /// A picture the author made elsewhere (`image` statement), shown as it is.
    Image,
}

impl ViewKind {
    pub fn label(self) -> &'static str {
        match self {
            ViewKind::SystemLandscape => "System Landscape",
            ViewKind::SystemContext => "System Context",
            ViewKind::Container => "Container",
            ViewKind::Component => "Component",
            ViewKind::Deployment => "Deployment",
            ViewKind::Dynamic => "Dynamic",
            ViewKind::Filtered => "Filtered",
            ViewKind::Image => "Image",
        }
    }
}

/// `autoLayout` direction: the way ranks follow each other.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Direction {
    #[default]
    TopBottom,
    BottomTop,
    LeftRight,
    RightLeft,
}

/// One `include`/`exclude` expression, resolved against the model.
#[derive(Debug, Clone, PartialEq)]
pub enum Expression {
    /// `*`: the view type's default set.
    All,
    Element(ElementId),
    ElementTag(Vec<String>),
    ElementType(Kind),
    RelationshipTag(Vec<String>),
    /// `a -> b`, `* -> b`, `a -> *`; `->a->` is both sides of `a`.
    Relationship {
        source: Option<ElementId>,
        destination: Option<ElementId>,
    },
    /// `->a->`: `a` and everything with a relationship to or from it.
    Neighbourhood(ElementId),
    /// A named group's elements, or (`->group->`) them and their neighbours.
    Group {
        members: Vec<ElementId>,
        neighbours: bool,
    },
}

/// One step of a dynamic view, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub order: String,
    pub source: ElementId,
    pub destination: ElementId,
    pub description: String,
    pub technology: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct View {
    pub kind: ViewKind,
    pub key: String,
    /// The software system, container (or none: `*`) the view is about.
    pub scope: Option<ElementId>,
    pub environment: Option<String>,
    pub title: Option<String>,
    pub description: String,
    pub includes: Vec<Expression>,
    pub excludes: Vec<Expression>,
    pub direction: Direction,
    pub steps: Vec<Step>,
    /// A filtered view's base view key, mode and tags.
    pub base: Option<String>,
    pub filter_include: bool,
    pub filter_tags: Vec<String>,
    /// An image view's picture: a URL or a path relative to the DSL file, as written.
    pub image: Option<String>,
    pub origin: Origin,
}

/// Shapes the drawing knows; the rest are drawn as a rounded box.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Shape {
    #[default]
    Box,
    RoundedBox,
    Person,
    Cylinder,
    Ellipse,
    Hexagon,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ElementStyle {
    pub tag: String,
    pub shape: Option<Shape>,
    pub background: Option<String>,
    pub color: Option<String>,
    pub stroke: Option<String>,
    /// `solid`, `dashed` or `dotted`.
    pub border: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RelationshipStyle {
    pub tag: String,
    pub color: Option<String>,
    pub dashed: Option<bool>,
    pub thickness: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Workspace {
    pub name: String,
    pub description: String,
    pub elements: Vec<Element>,
    pub relationships: Vec<Relationship>,
    pub views: Vec<View>,
    pub element_styles: Vec<ElementStyle>,
    pub relationship_styles: Vec<RelationshipStyle>,
    /// Every identifier, as the DSL spells it (lowercase keys: identifiers are case-insensitive).
    pub identifiers: BTreeMap<String, ElementId>,
}

impl Workspace {
    pub fn element(&self, id: ElementId) -> Option<&Element> {
        self.elements.get(id)
    }

    /// The element an identifier names.
    pub fn find(&self, identifier: &str) -> Option<ElementId> {
        self.identifiers.get(&identifier.to_lowercase()).copied()
    }

    pub fn view(&self, key: &str) -> Option<&View> {
        self.views.iter().find(|v| v.key == key)
    }

    /// `id`'s parents, nearest first.
    pub fn ancestors(&self, id: ElementId) -> Vec<ElementId> {
        let mut out = Vec::new();
        let mut at = self.element(id).and_then(|e| e.parent);
        while let Some(p) = at {
            if out.contains(&p) {
                break;
            }
            out.push(p);
            at = self.element(p).and_then(|e| e.parent);
        }
        out
    }

    pub fn is_ancestor(&self, ancestor: ElementId, of: ElementId) -> bool {
        self.ancestors(of).contains(&ancestor)
    }

    pub fn children(&self, id: ElementId) -> impl Iterator<Item = ElementId> + '_ {
        self.elements
            .iter()
            .enumerate()
            .filter(move |(_, e)| e.parent == Some(id))
            .map(|(i, _)| i)
    }

    /// The style an element gets: every style whose tag it carries, later tags winning.
    pub fn element_style(&self, element: &Element) -> ElementStyle {
        let mut out = ElementStyle::default();
        for tag in &element.tags {
            for style in self
                .element_styles
                .iter()
                .filter(|s| s.tag.eq_ignore_ascii_case(tag.trim()))
            {
                out.shape = style.shape.or(out.shape);
                out.background = style.background.clone().or(out.background);
                out.color = style.color.clone().or(out.color);
                out.stroke = style.stroke.clone().or(out.stroke);
                out.border = style.border.clone().or(out.border);
            }
        }
        out
    }

    pub fn relationship_style(&self, relationship: &Relationship) -> RelationshipStyle {
        let mut out = RelationshipStyle::default();
        for tag in &relationship.tags {
            for style in self
                .relationship_styles
                .iter()
                .filter(|s| s.tag.eq_ignore_ascii_case(tag.trim()))
            {
                out.color = style.color.clone().or(out.color);
                out.dashed = style.dashed.or(out.dashed);
                out.thickness = style.thickness.or(out.thickness);
            }
        }
        out
    }

    /// Structurizr's default implied-relationships strategy ("create unless
    /// any relationship exists"): `a -> b` also relates every parent of `a`
    /// (and `a`) to every parent of `b` (and `b`), except an element and its
    /// own parent, where no relationship joins the two yet.
    pub fn add_implied_relationships(&mut self) {
        let explicit = self.relationships.len();
        for index in 0..explicit {
            let Some(rel) = self.relationships.get(index).cloned() else {
                continue;
            };
            let mut sources = vec![rel.source];
            sources.extend(self.ancestors(rel.source));
            let mut destinations = vec![rel.destination];
            destinations.extend(self.ancestors(rel.destination));
            for &s in &sources {
                for &d in &destinations {
                    if (s, d) == (rel.source, rel.destination)
                        || s == d
                        || self.is_ancestor(s, d)
                        || self.is_ancestor(d, s)
                        || self.relationships.iter().any(|r| r.source == s && r.destination == d)
                    {
                        continue;
                    }
                    self.relationships.push(Relationship {
                        source: s,
                        destination: d,
                        implied: true,
                        ..rel.clone()
                    });
                }
            }
        }
    }
}
