//! The `views { ... }` block: the seven view types read, their
//! `include`/`exclude` expressions, `autoLayout`, `title`, dynamic steps,
//! and `styles`/`themes`.

use super::Parser;
use super::lexer::Token;
use super::model_block::split_tags;
use super::source::SourceLine;
use crate::model::{
    Direction, ElementId, ElementStyle, Expression, Kind, Origin, RelationshipStyle, Shape, Step, View, ViewKind,
};
use handbook_core::Level;

impl Parser {
    pub(crate) fn views_body(&mut self) {
        while let Some(line) = self.next() {
            let (tokens, opens) = line.split_block();
            let Some(head) = tokens.first() else {
                continue;
            };
            if head.is("}") {
                return;
            }
            let kind = match head.text.to_ascii_lowercase().as_str() {
                _ if head.quoted => None,
                "systemlandscape" => Some(ViewKind::SystemLandscape),
                "systemcontext" => Some(ViewKind::SystemContext),
                "container" => Some(ViewKind::Container),
                "component" => Some(ViewKind::Component),
                "deployment" => Some(ViewKind::Deployment),
                "dynamic" => Some(ViewKind::Dynamic),
                "filtered" => Some(ViewKind::Filtered),
                "image" => Some(ViewKind::Image),
                _ => None,
            };
            if let Some(kind) = kind {
                self.view(&line, kind, tokens.get(1..).unwrap_or(&[]).to_vec(), opens);
                continue;
            }
            match head.text.to_ascii_lowercase().as_str() {
                "styles" if opens => self.styles(),
                "theme" | "themes" => {
                    for theme in tokens
                        .iter()
                        .skip(1)
                        .filter(|t| !t.text.eq_ignore_ascii_case("default"))
                    {
                        self.problem(
                            Level::Warning,
                            "c4-theme-offline",
                            &line.origin,
                            format!(
                                "theme `{}` is not fetched: the suite reads no network; write its styles in `styles`",
                                theme.text
                            ),
                        );
                    }
                }
                "branding" | "terminology" | "properties" | "configuration" => {
                    if opens {
                        self.skip_block();
                    }
                }
                "!docs" | "!adrs" | "!const" | "!constant" | "!var" | "!script" | "!plugin" => {
                    self.directive(&line, opens)
                }
                _ => self.unsupported(&line, opens),
            }
        }
    }

    fn view(&mut self, line: &SourceLine, kind: ViewKind, args: Vec<Token>, opens: bool) {
        let origin = line.origin.clone();
        let text = |i: usize| args.get(i).map(|t| t.text.clone());
        // Scope, environment and key by position, as each view type writes them.
        let (scope_name, environment, key, description, filter) = match kind {
            ViewKind::SystemLandscape => (None, None, text(0), text(1), None),
            ViewKind::SystemContext | ViewKind::Container | ViewKind::Component | ViewKind::Dynamic => {
                (text(0), None, text(1), text(2), None)
            }
            ViewKind::Deployment => (text(0), text(1), text(2), text(3), None),
            ViewKind::Filtered => (None, None, text(3), text(4), Some((text(0), text(1), text(2)))),
            // `image <element|*> [key]`: the element only names what the picture is of.
            ViewKind::Image => (text(0), None, text(1), None, None),
        };
        let mut scope = None;
        let wanted_scope = match kind {
            ViewKind::SystemContext | ViewKind::Container => Some(&[Kind::SoftwareSystem][..]),
            ViewKind::Component => Some(&[Kind::Container][..]),
            ViewKind::Deployment | ViewKind::Dynamic => Some(&[Kind::SoftwareSystem, Kind::Container][..]),
            ViewKind::Image if scope_name.as_deref().is_some_and(|s| s != "*") => {
                Some(&[Kind::SoftwareSystem, Kind::Container, Kind::Component, Kind::Person][..])
            }
            _ => None,
        };
        if let Some(wanted) = wanted_scope {
            let name = scope_name.clone().unwrap_or_default();
            let star = name == "*" && matches!(kind, ViewKind::Deployment | ViewKind::Dynamic);
            if !star {
                match self.reference(&name, None, &origin) {
                    Some(id) if self.workspace.element(id).is_some_and(|e| wanted.contains(&e.kind())) => {
                        scope = Some(id)
                    }
                    Some(_) => {
                        let names: Vec<_> = wanted.iter().map(|k| k.label().to_lowercase()).collect();
                        self.error(
                            "c4-syntax",
                            &origin,
                            format!(
                                "a {} view is about a {}; `{name}` is not one",
                                kind.label().to_lowercase(),
                                names.join(" or ")
                            ),
                        );
                        if opens {
                            self.skip_block();
                        }
                        return;
                    }
                    None => {
                        if opens {
                            self.skip_block();
                        }
                        return;
                    }
                }
            }
        }
        if let Some(env) = &environment
            && !self.environments.iter().any(|e| e.eq_ignore_ascii_case(env))
        {
            self.error(
                "c4-unknown-identifier",
                &origin,
                format!(
                    "`{env}` names no deployment environment (declared: {})",
                    self.environments.join(", ")
                ),
            );
        }
        self.view_counter += 1;
        let key = key.unwrap_or_else(|| format!("{}-{:03}", kind.label().replace(' ', ""), self.view_counter));
        if self.workspace.views.iter().any(|v| v.key == key) {
            self.error("c4-duplicate-view", &origin, format!("two views have the key `{key}`"));
        }
        let mut view = View {
            kind,
            key,
            scope,
            environment,
            title: None,
            description: description.unwrap_or_default(),
            includes: Vec::new(),
            excludes: Vec::new(),
            direction: Direction::default(),
            steps: Vec::new(),
            base: None,
            filter_include: true,
            filter_tags: Vec::new(),
            image: None,
            origin,
        };
        if let Some((base, mode, tags)) = filter {
            view.base = base;
            view.filter_include = !mode.is_some_and(|m| m.eq_ignore_ascii_case("exclude"));
            view.filter_tags = tags
                .map(|t| split_tags(&[Token { text: t, quoted: true }]))
                .unwrap_or_default();
        }
        if opens {
            self.view_body(&mut view);
        }
        self.workspace.views.push(view);
    }

    fn view_body(&mut self, view: &mut View) {
        let mut depth = 0usize;
        while let Some(line) = self.next() {
            let (tokens, opens) = line.split_block();
            let Some(head) = tokens.first() else {
                // A bare `{` opens a parallel sequence of a dynamic view.
                if opens {
                    depth += 1;
                }
                continue;
            };
            if head.is("}") {
                if depth == 0 {
                    return;
                }
                depth -= 1;
                continue;
            }
            let args = tokens.get(1..).unwrap_or(&[]);
            let is_step = tokens
                .iter()
                .any(|t| t.is("->") || (!t.quoted && t.text.contains("->")));
            match head.text.to_ascii_lowercase().as_str() {
                "include" => {
                    let exprs = self.expressions(args, &line.origin);
                    view.includes.extend(exprs);
                }
                "exclude" => {
                    let exprs = self.expressions(args, &line.origin);
                    view.excludes.extend(exprs);
                }
                "autolayout" => {
                    view.direction = match args.first().map(|t| t.text.to_ascii_lowercase()).as_deref() {
                        None | Some("tb") => Direction::TopBottom,
                        Some("bt") => Direction::BottomTop,
                        Some("lr") => Direction::LeftRight,
                        Some("rl") => Direction::RightLeft,
                        Some(other) => {
                            self.problem(
                                Level::Warning,
                                "c4-unsupported",
                                &line.origin,
                                format!("`autoLayout {other}`: the directions are tb, bt, lr and rl; tb is used"),
                            );
                            Direction::TopBottom
                        }
                    };
                }
                "title" => view.title = args.first().map(|t| t.text.clone()),
                "image" if view.kind == ViewKind::Image => view.image = args.first().map(|t| t.text.clone()),
                "plantuml" | "mermaid" | "kroki" if view.kind == ViewKind::Image => self.problem(
                    Level::Warning,
                    "c4-unsupported",
                    &line.origin,
                    format!(
                        "an image view drawn from `{}` source is not drawn: draw it in a fenced block on the page, or point `image` at a picture",
                        head.text
                    ),
                ),
                "description" => view.description = args.first().map(|t| t.text.clone()).unwrap_or_default(),
                "default" => {}
                "animation" | "properties" if opens => self.skip_block(),
                "!script" | "!plugin" | "!docs" | "!adrs" => self.directive(&line, opens),
                _ if is_step && view.kind == ViewKind::Dynamic => self.step(view, &line),
                _ => self.unsupported(&line, opens),
            }
        }
    }

    /// `a -> b ["description"] ["technology"]` in a dynamic view.
    fn step(&mut self, view: &mut View, line: &SourceLine) {
        let (tokens, opens) = line.split_block();
        let tokens = tokens.to_vec();
        let mut words = Vec::new();
        for t in &tokens {
            if !t.quoted && t.text.contains("->") && t.text != "->" {
                let (a, b) = t.text.split_once("->").unwrap_or((&t.text, ""));
                for part in [a, "->", b] {
                    if !part.is_empty() {
                        words.push(Token {
                            text: part.to_owned(),
                            quoted: false,
                        });
                    }
                }
            } else {
                words.push(t.clone());
            }
        }
        let arrow = words.iter().position(|t| t.is("->")).unwrap_or(0);
        let (Some(source), Some(destination)) = (
            arrow.checked_sub(1).and_then(|i| words.get(i)).map(|t| t.text.clone()),
            words.get(arrow + 1).map(|t| t.text.clone()),
        ) else {
            self.error("c4-syntax", &line.origin, "a dynamic step is `a -> b \"description\"`");
            return;
        };
        let source_id = self.reference(&source, None, &line.origin);
        let destination_id = self.reference(&destination, None, &line.origin);
        if let (Some(s), Some(d)) = (source_id, destination_id) {
            // Structurizr takes a step along a relationship in either
            // direction: `b -> a` after `a -> b` is the answer.
            let related = self
                .workspace
                .relationships
                .iter()
                .any(|r| (r.source, r.destination) == (s, d) || (r.source, r.destination) == (d, s))
                || self.implied_between(s, d)
                || self.implied_between(d, s);
            if !related {
                self.problem(
                    Level::Warning,
                    "c4-step-no-relationship",
                    &line.origin,
                    format!(
                        "no relationship from `{source}` to `{destination}` in the model; the step is drawn anyway"
                    ),
                );
            }
            let text = |i: usize| words.get(arrow + 2 + i).map(|t| t.text.clone()).unwrap_or_default();
            view.steps.push(Step {
                order: (view.steps.len() + 1).to_string(),
                source: s,
                destination: d,
                description: text(0),
                technology: text(1),
            });
        }
        if opens {
            self.skip_block();
        }
    }

    /// Whether a relationship between descendants of `s` and `d` will imply `s -> d`.
    fn implied_between(&self, s: ElementId, d: ElementId) -> bool {
        self.workspace.relationships.iter().any(|r| {
            (r.source == s || self.workspace.is_ancestor(s, r.source))
                && (r.destination == d || self.workspace.is_ancestor(d, r.destination))
        })
    }

    fn expressions(&mut self, args: &[Token], origin: &Origin) -> Vec<Expression> {
        // Rejoin `a -> b` written with spaces into one word; `->a->` stands alone.
        let neighbourhood = |w: &str| w.len() > 4 && w.starts_with("->") && w.ends_with("->");
        let mut words: Vec<String> = Vec::new();
        for t in args {
            let w = t.text.as_str();
            if let Some(last) = words.last_mut() {
                let last_open = last.ends_with("->") && !neighbourhood(last);
                let joins = !t.quoted && w.starts_with("->") && !neighbourhood(w);
                if last_open || joins {
                    last.push_str(w);
                    continue;
                }
            }
            words.push(w.to_owned());
        }
        words.into_iter().filter_map(|w| self.expression(&w, origin)).collect()
    }

    fn expression(&mut self, word: &str, origin: &Origin) -> Option<Expression> {
        let lower = word.to_ascii_lowercase();
        if word == "*" {
            return Some(Expression::All);
        }
        if let Some(tags) = lower
            .strip_prefix("element.tag==")
            .map(|_| &word["element.tag==".len()..])
        {
            return Some(Expression::ElementTag(split_tags(&[Token {
                text: tags.to_owned(),
                quoted: true,
            }])));
        }
        if let Some(tags) = lower
            .strip_prefix("relationship.tag==")
            .map(|_| &word["relationship.tag==".len()..])
        {
            return Some(Expression::RelationshipTag(split_tags(&[Token {
                text: tags.to_owned(),
                quoted: true,
            }])));
        }
        if lower.starts_with("element.type==") {
            let name = &word["element.type==".len()..];
            return match Kind::from_type_name(name) {
                Some(kind) => Some(Expression::ElementType(kind)),
                None => {
                    self.error(
                        "c4-syntax",
                        origin,
                        format!("`element.type=={name}` names no element type"),
                    );
                    None
                }
            };
        }
        if let Some(members) = self.group_members(word) {
            return Some(Expression::Group {
                members,
                neighbours: false,
            });
        }
        if word.starts_with("->") && word.ends_with("->") && word.len() > 4 {
            let name = &word[2..word.len() - 2];
            if let Some(members) = self.group_members(name) {
                return Some(Expression::Group {
                    members,
                    neighbours: true,
                });
            }
            return self.reference(name, None, origin).map(Expression::Neighbourhood);
        }
        if let Some((a, b)) = word.split_once("->") {
            let side = |p: &mut Parser, name: &str| -> Result<Option<ElementId>, ()> {
                if name == "*" || name.is_empty() {
                    Ok(None)
                } else {
                    p.reference(name, None, origin).map(Some).ok_or(())
                }
            };
            let (Ok(source), Ok(destination)) = (side(self, a.trim()), side(self, b.trim())) else {
                return None;
            };
            return Some(Expression::Relationship { source, destination });
        }
        if word.contains("==") || word.contains("!=") {
            self.problem(
                Level::Warning,
                "c4-unsupported",
                origin,
                format!("`{word}`: the expressions read are `*`, identifiers, `a -> b`, `->a->`, `element.tag==`, `element.type==` and `relationship.tag==`"),
            );
            return None;
        }
        self.reference(word, None, origin).map(Expression::Element)
    }

    fn styles(&mut self) {
        while let Some(line) = self.next() {
            let (tokens, opens) = line.split_block();
            let Some(head) = tokens.first() else {
                continue;
            };
            if head.is("}") {
                return;
            }
            let tag = line.arg(1);
            match head.text.to_ascii_lowercase().as_str() {
                "element" if opens => {
                    let style = self.element_style(tag);
                    self.workspace.element_styles.push(style);
                }
                "relationship" if opens => {
                    let style = self.relationship_style(tag);
                    self.workspace.relationship_styles.push(style);
                }
                _ => self.unsupported(&line, opens),
            }
        }
    }

    /// A colour as Structurizr takes it: `#rgb`, `#rrggbb` or a CSS colour name.
    fn colour(&mut self, value: &str, origin: &Origin) -> Option<String> {
        let hex = value
            .strip_prefix('#')
            .is_some_and(|h| (h.len() == 3 || h.len() == 6) && h.chars().all(|c| c.is_ascii_hexdigit()));
        let named = !value.is_empty() && value.len() <= 20 && value.chars().all(|c| c.is_ascii_alphabetic());
        if hex || named {
            Some(value.to_ascii_lowercase())
        } else {
            self.problem(
                Level::Warning,
                "c4-style-value",
                origin,
                format!("`{value}` is not a colour (write #rrggbb); the style's default is used"),
            );
            None
        }
    }

    fn element_style(&mut self, tag: String) -> ElementStyle {
        let mut style = ElementStyle {
            tag,
            ..ElementStyle::default()
        };
        let mut icon_reported = false;
        while let Some(line) = self.next() {
            let (tokens, opens) = line.split_block();
            if tokens.first().is_some_and(|t| t.is("}")) {
                break;
            }
            let value = line.arg(1);
            match line.arg(0).to_ascii_lowercase().as_str() {
                "shape" => {
                    style.shape = Some(match value.to_ascii_lowercase().as_str() {
                        "box" => Shape::Box,
                        "person" | "robot" => Shape::Person,
                        "cylinder" | "pipe" => Shape::Cylinder,
                        "ellipse" | "circle" => Shape::Ellipse,
                        "hexagon" => Shape::Hexagon,
                        _ => Shape::RoundedBox,
                    })
                }
                "background" => style.background = self.colour(&value, &line.origin),
                "color" | "colour" => style.color = self.colour(&value, &line.origin),
                "stroke" => style.stroke = self.colour(&value, &line.origin),
                "border" => {
                    style.border = match value.to_ascii_lowercase().as_str() {
                        b @ ("solid" | "dashed" | "dotted") => Some(b.to_owned()),
                        _ => None,
                    }
                }
                "icon" if !icon_reported => {
                    icon_reported = true;
                    self.problem(Level::Info, "c4-ignored", &line.origin, "element icons are not drawn");
                }
                _ => {}
            }
            if opens {
                self.skip_block();
            }
        }
        style
    }

    fn relationship_style(&mut self, tag: String) -> RelationshipStyle {
        let mut style = RelationshipStyle {
            tag,
            ..RelationshipStyle::default()
        };
        while let Some(line) = self.next() {
            let (tokens, opens) = line.split_block();
            if tokens.first().is_some_and(|t| t.is("}")) {
                break;
            }
            let value = line.arg(1);
            match line.arg(0).to_ascii_lowercase().as_str() {
                "color" | "colour" => style.color = self.colour(&value, &line.origin),
                "dashed" => style.dashed = Some(!value.eq_ignore_ascii_case("false")),
                "style" => style.dashed = Some(!value.eq_ignore_ascii_case("solid")),
                "thickness" => style.thickness = value.parse().ok().filter(|t| (1..=20).contains(t)),
                _ => {}
            }
            if opens {
                self.skip_block();
            }
        }
        style
    }
}
