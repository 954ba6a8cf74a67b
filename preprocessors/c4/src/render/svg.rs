//! One view as inline SVG in the C4 notation: boxes with name,
//! `[Type: technology]` and description, person and cylinder shapes,
//! boundaries for the scope, groups and deployment nodes, labelled
//! relationships, a legend of the styles used and a title. Text is measured
//! with Open Sans (the font every mdBook book ships) so labels fit; every
//! text is escaped and every link is judged by `safe_url` and encoded.

use super::layout::{self, Item, LABEL_ROOM, PAD, Rect};
use crate::model::{Element, ElementId, Kind, Shape, View, ViewKind, Workspace};
use crate::views::{self, Shown};
use handbook_core::html::escape;
use handbook_core::open_sans::{FONT_FAMILY, line_height_px, width_px};
use std::collections::BTreeMap;
use std::fmt::Write as _;

const BOX_WIDTH: f64 = 240.0;
const INNER: f64 = 12.0;
const NAME: f64 = 14.0;
const META: f64 = 11.0;
const TEXT: f64 = 12.0;
const HEAD: f64 = 36.0;
const MARGIN: f64 = 16.0;

/// Greedy word wrap to `width` pixels at `size`.
pub fn wrap(text: &str, size: f64, bold: bool, width: f64) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if !line.is_empty() && width_px(&candidate, size, bold) > width {
                lines.push(std::mem::replace(&mut line, word.to_owned()));
            } else {
                line = candidate;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    lines
}

/// The widest of `lines`, in pixels.
fn widest(lines: &[String], size: f64, bold: bool) -> f64 {
    lines.iter().map(|l| width_px(l, size, bold)).fold(0.0, f64::max)
}

/// The text block of one box: its lines and the box size that holds them.
struct BoxText {
    name: Vec<String>,
    meta: String,
    description: Vec<String>,
    width: f64,
    height: f64,
}

fn meta_line(element: &Element) -> String {
    let kind = match element.kind() {
        Kind::ContainerInstance => "Container",
        Kind::SoftwareSystemInstance => "Software System",
        k => k.label(),
    };
    if element.technology.is_empty() {
        format!("[{kind}]")
    } else {
        format!("[{kind}: {}]", element.technology)
    }
}

fn box_text(element: &Element, shape: Shape) -> BoxText {
    let text_width = BOX_WIDTH - 2.0 * INNER;
    let name = wrap(&element.name, NAME, true, text_width);
    let meta = meta_line(element);
    let description = wrap(&element.description, TEXT, false, text_width);
    // A word longer than the box widens it.
    let needed = widest(&name, NAME, true)
        .max(width_px(&meta, META, false))
        .max(widest(&description, TEXT, false));
    let width = BOX_WIDTH.max(needed + 2.0 * INNER).min(640.0);
    let lines_height = name.len() as f64 * line_height_px(NAME)
        + line_height_px(META)
        + description.len() as f64 * line_height_px(TEXT);
    let extra = match shape {
        Shape::Person => HEAD,
        Shape::Cylinder => 16.0,
        _ => 0.0,
    };
    BoxText {
        name,
        meta,
        description,
        width,
        height: (lines_height + 2.0 * INNER + 8.0).max(90.0) + extra,
    }
}

/// A boundary around a view's items: the scope, a group or a deployment node.
#[derive(Debug, Clone, PartialEq)]
struct Boundary {
    name: String,
    meta: String,
    /// Groups are dashed.
    dashed: bool,
}

/// The chain of boundaries (outermost first) an element is drawn inside.
fn chain(workspace: &Workspace, view: &View, id: ElementId) -> Vec<(String, Boundary)> {
    let mut out = Vec::new();
    let Some(element) = workspace.element(id) else {
        return out;
    };
    let group = |e: &Element, scope: &str| {
        e.group.as_ref().map(|g| {
            (
                format!("group:{scope}:{g}"),
                Boundary {
                    name: g.clone(),
                    meta: "[Group]".into(),
                    dashed: true,
                },
            )
        })
    };
    let element_boundary = |b: ElementId| {
        workspace.element(b).map(|e| {
            (
                format!("element:{b}"),
                Boundary {
                    name: e.name.clone(),
                    meta: meta_line(e),
                    dashed: false,
                },
            )
        })
    };
    if element.kind().is_deployment() {
        let mut nodes: Vec<ElementId> = workspace.ancestors(id);
        nodes.reverse();
        for n in nodes {
            out.extend(element_boundary(n).map(|(k, mut b)| {
                if let Some(count) = workspace
                    .element(n)
                    .and_then(|e| e.instances.as_deref())
                    .filter(|c| *c != "1")
                {
                    b.name = format!("{} ×{count}", b.name);
                }
                (k, b)
            }));
        }
        return out;
    }
    let drawn_inside = match view.kind {
        ViewKind::Container | ViewKind::Component | ViewKind::Dynamic => view.scope,
        _ => None,
    };
    match (drawn_inside, element.parent) {
        (Some(scope), Some(parent)) if parent == scope || workspace.is_ancestor(scope, parent) => {
            out.extend(element_boundary(scope));
            if parent != scope {
                out.extend(element_boundary(parent));
            }
            out.extend(group(element, &parent.to_string()));
        }
        (_, None) => out.extend(group(element, "model")),
        _ => {}
    }
    out
}

/// The drawing's look for one element: its fill, text and stroke colours
/// (CSS variables of the suite's stylesheet unless the workspace styles it).
struct Look {
    shape: Shape,
    fill: String,
    text: String,
    stroke: String,
    dash: &'static str,
}

fn look(workspace: &Workspace, element: &Element) -> Look {
    let style = workspace.element_style(element);
    let shape = style.shape.unwrap_or(match element.kind() {
        Kind::Person => Shape::Person,
        _ => Shape::Box,
    });
    let fill = style
        .background
        .clone()
        .unwrap_or_else(|| "var(--hb-c4-box, #dddddd)".into());
    let text = style.color.clone().unwrap_or_else(|| {
        if style.background.is_some() {
            "#000000".into()
        } else {
            "var(--hb-c4-box-text, #000000)".into()
        }
    });
    let stroke = style
        .stroke
        .clone()
        .unwrap_or_else(|| "var(--hb-c4-line, #707070)".into());
    let dash = match style.border.as_deref() {
        Some("dashed") => " stroke-dasharray=\"8 4\"",
        Some("dotted") => " stroke-dasharray=\"2 3\"",
        _ => "",
    };
    Look {
        shape,
        fill,
        text,
        stroke,
        dash,
    }
}

/// Draws `view`. `href` gives an element's link (already judged safe and
/// encoded); `uid` makes the SVG's ids unique on its page.
pub fn draw(workspace: &Workspace, view: &View, href: &dyn Fn(ElementId) -> Option<String>, uid: &str) -> String {
    let shown = views::shown(workspace, view);
    let frame = views::drawn_as(workspace, view);
    draw_shown(workspace, view, frame, &shown, href, uid)
}

fn draw_shown(
    workspace: &Workspace,
    view: &View,
    frame: &View,
    shown: &Shown,
    href: &dyn Fn(ElementId) -> Option<String>,
    uid: &str,
) -> String {
    // Items: every shown element under its chain of boundaries.
    let mut boundaries: Vec<(String, Boundary)> = Vec::new();
    let mut tree = Node::default();
    let mut texts: BTreeMap<ElementId, (BoxText, Look)> = BTreeMap::new();
    for &id in &shown.elements {
        let Some(element) = workspace.element(id) else { continue };
        let look = look(workspace, element);
        let text = box_text(element, look.shape);
        let mut at = &mut tree;
        for (key, boundary) in chain(workspace, frame, id) {
            let index = match boundaries.iter().position(|(k, _)| *k == key) {
                Some(i) => i,
                None => {
                    boundaries.push((key, boundary));
                    boundaries.len() - 1
                }
            };
            at = at.child(index);
        }
        at.leaves.push((id, text.width, text.height));
        texts.insert(id, (text, look));
    }
    let items = tree.items();
    let edges: Vec<(usize, usize)> = shown.edges.iter().map(|e| (e.source, e.destination)).collect();
    let placed = layout::layout(&items, &edges, frame.direction);

    let title = view.title.clone().unwrap_or_else(|| default_title(workspace, view));
    let title_height = line_height_px(18.0) + 8.0;
    let legend = legend(workspace, shown);
    let legend_height = if legend.is_empty() { 0.0 } else { 34.0 };
    let width = (placed.width + 2.0 * MARGIN).max(width_px(&title, 18.0, true) + 2.0 * MARGIN);
    let legend_width: f64 = legend.iter().map(|(t, ..)| width_px(t, META, false) + 40.0).sum();
    let width = width.max(legend_width + 2.0 * MARGIN);
    let height = placed.height + 2.0 * MARGIN + title_height + legend_height;
    let (dx, dy) = (
        MARGIN + (width - 2.0 * MARGIN - placed.width) / 2.0,
        MARGIN + title_height,
    );

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"hb-c4-svg\" viewBox=\"0 0 {width:.0} {height:.0}\" width=\"{width:.0}\" height=\"{height:.0}\" role=\"img\" aria-labelledby=\"{uid}-title\" font-family=\"{}\">",
        escape(FONT_FAMILY)
    );
    let _ = write!(
        svg,
        "<title id=\"{uid}-title\">{}</title><defs><marker id=\"{uid}-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\" style=\"fill:var(--hb-c4-line, #707070);fill:context-stroke\" class=\"hb-c4-arrowhead\"/></marker></defs>",
        escape(&title)
    );
    let _ = write!(
        svg,
        "<text x=\"{MARGIN}\" y=\"{:.1}\" font-size=\"18\" font-weight=\"bold\" class=\"hb-c4-title\">{}</text>",
        MARGIN + 18.0,
        escape(&title)
    );
    // Boundaries first (outermost were placed first), then boxes, then lines over them.
    for (index, rect) in &placed.blocks {
        let Some((_, boundary)) = boundaries.get(*index) else {
            continue;
        };
        let r = shift(*rect, dx, dy);
        let dash = if boundary.dashed {
            " stroke-dasharray=\"6 4\""
        } else {
            " stroke-dasharray=\"10 5\""
        };
        let _ = write!(
            svg,
            "<g class=\"hb-c4-boundary\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"6\" style=\"fill:none;stroke:var(--hb-c4-line, #707070)\"{dash}/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" font-weight=\"bold\" class=\"hb-c4-text\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{META}\" class=\"hb-c4-text\">{}</text></g>",
            r.x,
            r.y,
            r.width,
            r.height,
            r.x + PAD / 2.0,
            r.y + r.height - LABEL_ROOM + 16.0,
            escape(&boundary.name),
            r.x + PAD / 2.0,
            r.y + r.height - LABEL_ROOM + 30.0,
            escape(&boundary.meta),
        );
    }
    let rect_of: BTreeMap<ElementId, Rect> = placed.leaves.iter().map(|(k, r)| (*k, shift(*r, dx, dy))).collect();
    for (&id, (text, look)) in &texts {
        let Some(r) = rect_of.get(&id) else { continue };
        let link = href(id);
        if let Some(link) = &link {
            svg.push_str(&handbook_core::html::link_open(link, None));
        }
        svg.push_str(&element_svg(*r, text, look, workspace.element(id)));
        if link.is_some() {
            svg.push_str("</a>");
        }
    }
    for edge in &shown.edges {
        let (Some(a), Some(b)) = (rect_of.get(&edge.source), rect_of.get(&edge.destination)) else {
            continue;
        };
        let style = edge
            .relationship
            .and_then(|r| workspace.relationships.get(r))
            .map(|r| workspace.relationship_style(r))
            .unwrap_or_default();
        let colour = style.color.unwrap_or_else(|| "var(--hb-c4-line, #707070)".into());
        let dash = if style.dashed.unwrap_or(true) {
            " stroke-dasharray=\"6 4\""
        } else {
            ""
        };
        let thickness = style.thickness.unwrap_or(2);
        let (x1, y1) = clip(*a, b.centre());
        let (x2, y2) = clip(*b, a.centre());
        let _ = write!(
            svg,
            "<g class=\"hb-c4-relationship\"><line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" style=\"stroke:{}\" stroke-width=\"{thickness}\"{dash} marker-end=\"url(#{uid}-arrow)\"/>",
            escape(&colour)
        );
        let description = match &edge.order {
            Some(order) => format!("{order}. {}", edge.description),
            None => edge.description.clone(),
        };
        let mut lines: Vec<(String, f64)> = wrap(&description, TEXT, false, 180.0)
            .into_iter()
            .map(|l| (l, TEXT))
            .collect();
        if !edge.technology.is_empty() {
            lines.push((format!("[{}]", edge.technology), META));
        }
        if !lines.is_empty() {
            let (mx, my) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
            let w = lines.iter().map(|(l, s)| width_px(l, *s, false)).fold(0.0, f64::max) + 8.0;
            let h: f64 = lines.iter().map(|(_, s)| line_height_px(*s)).sum::<f64>() + 4.0;
            let _ = write!(
                svg,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" class=\"hb-c4-label-bg\" style=\"fill:var(--hb-c4-bg, #ffffff)\" opacity=\"0.85\"/>",
                mx - w / 2.0,
                my - h / 2.0
            );
            let mut y = my - h / 2.0 + 2.0;
            for (line, size) in &lines {
                y += line_height_px(*size);
                let _ = write!(
                    svg,
                    "<text x=\"{mx:.1}\" y=\"{:.1}\" font-size=\"{size}\" text-anchor=\"middle\" class=\"hb-c4-text\">{}</text>",
                    y - line_height_px(*size) * 0.25,
                    escape(line)
                );
            }
        }
        svg.push_str("</g>");
    }
    let mut x = MARGIN;
    let ly = height - MARGIN - 18.0;
    for (tag, fill, stroke) in &legend {
        let _ = write!(
            svg,
            "<g class=\"hb-c4-legend\"><rect x=\"{x:.1}\" y=\"{ly:.1}\" width=\"24\" height=\"16\" rx=\"3\" style=\"fill:{};stroke:{}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{META}\" class=\"hb-c4-text\">{}</text></g>",
            escape(fill),
            escape(stroke),
            x + 30.0,
            ly + 12.0,
            escape(tag)
        );
        x += width_px(tag, META, false) + 40.0;
    }
    svg.push_str("</svg>");
    svg
}

/// Structurizr's title for a view with none: `[Type] Scope`.
pub fn default_title(workspace: &Workspace, view: &View) -> String {
    let scope = view.scope.and_then(|s| workspace.element(s)).map(|e| e.name.as_str());
    match (view.kind, scope) {
        (ViewKind::SystemLandscape, _) => format!("[System Landscape] {}", workspace.name).trim().to_owned(),
        (ViewKind::Deployment, s) => format!(
            "[Deployment] {} - {}",
            s.unwrap_or("Software Systems"),
            view.environment.as_deref().unwrap_or("")
        ),
        (kind, Some(s)) => format!("[{}] {s}", kind.label()),
        (kind, None) => format!("[{}] {}", kind.label(), view.key),
    }
}

/// The element styles a view uses, as legend entries (tag, fill, stroke).
fn legend(workspace: &Workspace, shown: &Shown) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = Vec::new();
    for style in &workspace.element_styles {
        let used = shown
            .elements
            .iter()
            .filter_map(|&i| workspace.element(i))
            .any(|e| e.has_tag(&style.tag));
        if used && (style.background.is_some() || style.shape.is_some() || style.stroke.is_some()) {
            out.push((
                style.tag.clone(),
                style
                    .background
                    .clone()
                    .unwrap_or_else(|| "var(--hb-c4-box, #dddddd)".into()),
                style
                    .stroke
                    .clone()
                    .unwrap_or_else(|| "var(--hb-c4-line, #707070)".into()),
            ));
        }
    }
    out
}

fn shift(r: Rect, dx: f64, dy: f64) -> Rect {
    Rect {
        x: r.x + dx,
        y: r.y + dy,
        ..r
    }
}

/// Where the line from `r`'s centre towards `to` leaves `r`.
fn clip(r: Rect, to: (f64, f64)) -> (f64, f64) {
    let (cx, cy) = r.centre();
    let (dx, dy) = (to.0 - cx, to.1 - cy);
    if dx.abs() < f64::EPSILON && dy.abs() < f64::EPSILON {
        return (cx, cy);
    }
    let sx = if dx.abs() > f64::EPSILON {
        (r.width / 2.0) / dx.abs()
    } else {
        f64::INFINITY
    };
    let sy = if dy.abs() > f64::EPSILON {
        (r.height / 2.0) / dy.abs()
    } else {
        f64::INFINITY
    };
    let s = sx.min(sy);
    (cx + dx * s, cy + dy * s)
}

fn element_svg(r: Rect, text: &BoxText, look: &Look, element: Option<&Element>) -> String {
    let mut out = String::from("<g class=\"hb-c4-element\">");
    let (fill, stroke, dash) = (escape(&look.fill), escape(&look.stroke), look.dash);
    let mut top = r.y;
    match look.shape {
        Shape::Person => {
            let head = HEAD * 0.9;
            let _ = write!(
                out,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{:.1}\" style=\"fill:{fill};stroke:{stroke}\"{dash}/><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"24\" style=\"fill:{fill};stroke:{stroke}\"{dash}/>",
                r.x + r.width / 2.0,
                r.y + head / 2.0 + 2.0,
                head / 2.0,
                r.x,
                r.y + HEAD,
                r.width,
                r.height - HEAD
            );
            top += HEAD;
        }
        Shape::Cylinder => {
            let ry = 8.0;
            let _ = write!(
                out,
                "<path d=\"M{x:.1} {y1:.1}v{h:.1}a{rx:.1} {ry} 0 0 0 {w:.1} 0v-{h:.1}a{rx:.1} {ry} 0 0 0 -{w:.1} 0z\" style=\"fill:{fill};stroke:{stroke}\"{dash}/><path d=\"M{x:.1} {y1:.1}a{rx:.1} {ry} 0 0 0 {w:.1} 0\" style=\"fill:none;stroke:{stroke}\"/>",
                x = r.x,
                y1 = r.y + ry,
                h = r.height - 2.0 * ry,
                rx = r.width / 2.0,
                w = r.width
            );
            top += 2.0 * ry;
        }
        Shape::Ellipse => {
            let _ = write!(
                out,
                "<ellipse cx=\"{:.1}\" cy=\"{:.1}\" rx=\"{:.1}\" ry=\"{:.1}\" style=\"fill:{fill};stroke:{stroke}\"{dash}/>",
                r.x + r.width / 2.0,
                r.y + r.height / 2.0,
                r.width / 2.0 + 12.0,
                r.height / 2.0 + 8.0
            );
        }
        Shape::Hexagon => {
            let i = 16.0;
            let _ = write!(
                out,
                "<path d=\"M{:.1} {:.1}h{:.1}l{i} {:.1}l-{i} {:.1}h-{:.1}l-{i} -{:.1}z\" style=\"fill:{fill};stroke:{stroke}\"{dash}/>",
                r.x,
                r.y,
                r.width,
                r.height / 2.0,
                r.height / 2.0,
                r.width,
                r.height / 2.0
            );
        }
        Shape::Box | Shape::RoundedBox => {
            let rx = if look.shape == Shape::RoundedBox { 14 } else { 4 };
            let _ = write!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"{rx}\" style=\"fill:{fill};stroke:{stroke}\"{dash}/>",
                r.x, r.y, r.width, r.height
            );
        }
    }
    let cx = r.x + r.width / 2.0;
    let body = (top..r.y + r.height, text);
    let lines = text.name.len() as f64 * line_height_px(NAME)
        + line_height_px(META)
        + text.description.len() as f64 * line_height_px(TEXT);
    let mut y = body.0.start + ((body.0.end - body.0.start) - lines) / 2.0;
    let colour = escape(&look.text);
    let mut line = |out: &mut String, content: &str, size: f64, bold: bool| {
        y += line_height_px(size);
        let _ = write!(
            out,
            "<text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"{size}\"{} text-anchor=\"middle\" style=\"fill:{colour}\">{}</text>",
            y - line_height_px(size) * 0.27,
            if bold { " font-weight=\"bold\"" } else { "" },
            escape(content)
        );
    };
    for n in &text.name {
        line(&mut out, n, NAME, true);
    }
    line(&mut out, &text.meta, META, false);
    for d in &text.description {
        line(&mut out, d, TEXT, false);
    }
    if let Some(e) = element
        && !e.description.is_empty()
    {
        let _ = write!(out, "<title>{}</title>", escape(&e.name));
    }
    out.push_str("</g>");
    out
}

/// A boundary tree under construction: leaves and child boundaries by index.
#[derive(Default)]
struct Node {
    leaves: Vec<(ElementId, f64, f64)>,
    children: Vec<(usize, Node)>,
}

impl Node {
    fn child(&mut self, index: usize) -> &mut Node {
        let at = match self.children.iter().position(|(i, _)| *i == index) {
            Some(at) => at,
            None => {
                self.children.push((index, Node::default()));
                self.children.len() - 1
            }
        };
        &mut self.children[at].1
    }

    fn items(&self) -> Vec<Item> {
        let mut out: Vec<Item> = self
            .leaves
            .iter()
            .map(|&(key, width, height)| Item::Leaf { key, width, height })
            .collect();
        for (index, node) in &self.children {
            out.push(Item::Block {
                key: *index,
                items: node.items(),
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::tests::lending;

    #[test]
    fn every_view_draws_with_its_own_ids_and_labels_that_fit() {
        let ws = lending();
        for view in &ws.views {
            let svg = draw(&ws, view, &|_| None, "hb-c4-7");
            assert_eq!(svg.matches("id=\"hb-c4-7-arrow\"").count(), 1, "{}", view.key);
            assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
            assert!(!svg.contains("\n\n"), "no blank line can end the HTML block");
        }
        for element in &ws.elements {
            let text = box_text(element, look(&ws, element).shape);
            let room = text.width - 2.0 * INNER;
            assert!(widest(&text.name, NAME, true) <= room, "{}", element.name);
            assert!(widest(&text.description, TEXT, false) <= room, "{}", element.name);
            assert!(width_px(&text.meta, META, false) <= room, "{}", element.name);
        }
    }

    #[test]
    fn text_is_escaped_and_links_written_as_given() {
        let mut ws = lending();
        if let Some(e) = ws.elements.first_mut() {
            e.name = "<b>\"x\"</b>".into();
        }
        let view = ws.view("landscape").cloned().unwrap_or_else(|| panic!("view"));
        let svg = draw(&ws, &view, &|i| (i == 0).then(|| "page.html#a".to_owned()), "t");
        assert!(svg.contains("&lt;b&gt;&quot;x&quot;&lt;/b&gt;") && !svg.contains("<b>"));
        assert!(svg.contains("<a href=\"page.html#a\">"));
    }
}
