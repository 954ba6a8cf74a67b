//! The book as mdBook sends it, kept as JSON so that whatever we do not
//! touch goes back exactly as it came.
//!
//! Working on `serde_json::Value` instead of mdBook's typed `Book` is what
//! makes the suite tolerant: 0.4's `sections`, 0.5's `items`, and fields a
//! future mdBook adds all survive the trip (ADR "Speak the protocol in
//! untyped JSON").

use crate::deep_json;
use crate::markdown::MarkdownOptions;
use crate::meta::front_matter::{self, FrontMatter, FrontMatterScan};
use crate::outline::Outline;
use anyhow::{Context as _, Result, bail};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Which top-level key holds the book's items; the answer uses the same one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookShape {
    /// mdBook 0.5: `{"items": [...]}`.
    Items,
    /// mdBook 0.4: `{"sections": [...], "__non_exhaustive": null}`.
    Sections,
}

impl BookShape {
    fn key(self) -> &'static str {
        match self {
            BookShape::Items => "items",
            BookShape::Sections => "sections",
        }
    }
}

/// One chapter, copied out of the JSON for reading; edits go back through
/// [`ProtocolBook::set_content`].
#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    pub name: String,
    pub content: String,
    /// Where mdBook will write the page (README.md is already `index.md` here).
    pub path: Option<PathBuf>,
    /// The real file, relative to the book's `src` directory.
    pub source_path: Option<PathBuf>,
    pub number: Option<Vec<u32>>,
    pub parent_names: Vec<String>,
    /// Where this chapter's object is inside the book.
    place: Place,
    /// The page's front matter, taken off `content` when the book was read.
    front_matter: Option<FrontMatter>,
    /// The line of the author's text that `content` starts on: 1, or the line
    /// after the front matter taken off.
    first_line: usize,
    /// The outline of `content` as it is now: built on first use, dropped
    /// when the text changes.
    outline: OnceLock<Outline>,
}

impl Chapter {
    /// The page's front matter: a value, no longer in [`Chapter::content`].
    pub fn front_matter(&self) -> Option<&FrontMatter> {
        self.front_matter.as_ref()
    }

    /// The line of the text as mdBook sent it on which `content` starts (1, or
    /// the line after the front matter): what a capability adds to count lines
    /// the way the author's file does
    /// ([`Diagnostic::counting_front_matter`](crate::diagnostics::Diagnostic::counting_front_matter)).
    pub fn first_line(&self) -> usize {
        self.first_line
    }

    /// The outline of the current text, one markdown parse per text version
    /// (`options` are the book's, [`Context::markdown`](crate::Context)).
    pub fn outline(&self, options: &MarkdownOptions) -> &Outline {
        self.outline.get_or_init(|| Outline::read(&self.content, options))
    }

    /// Takes a front matter block that [`front_matter::scan`] found in
    /// `content` off the text and keeps it as a value.
    pub fn take_off_front_matter(&mut self, front_matter: FrontMatter) {
        if self.content.get(front_matter.span.clone()).is_none() {
            return;
        }
        self.content.replace_range(front_matter.span.clone(), "");
        self.outline = OnceLock::new();
        self.first_line = 1 + front_matter.lines();
        self.front_matter = Some(front_matter);
    }

    /// Replaces the content after a capability's edit; the front matter, off
    /// the text, is untouched.
    pub(crate) fn replace_content(&mut self, content: String) {
        crate::markdown::count_replaced_text();
        self.content = content;
        self.outline = OnceLock::new();
    }

    /// How deep SUMMARY.md nests this chapter: 1 for a chapter of the top list.
    pub fn level(&self) -> usize {
        self.place.level()
    }

    /// Draft chapters (`- [Title]()` in SUMMARY.md) have no file and no page.
    pub fn is_draft(&self) -> bool {
        self.path.is_none()
    }

    /// A chapter made in memory, for tests and generators, read as the
    /// pipeline reads a book: a valid front matter block is taken off the text.
    pub fn synthetic(name: &str, source_path: &str, content: &str) -> Self {
        let mut chapter = Chapter::synthetic_as_written(name, source_path, content);
        if let FrontMatterScan::Found(fm) = front_matter::scan(content) {
            chapter.take_off_front_matter(fm);
        }
        chapter
    }

    /// A chapter made in memory whose text stays exactly as given, byte for
    /// byte and line for line (for tools that edit files by the offsets a
    /// scan finds): a front matter block is read as a value and its bytes, in
    /// the text, are blanked to spaces, line breaks kept.
    pub fn synthetic_as_file(name: &str, source_path: &str, content: &str) -> Self {
        let mut chapter = Chapter::synthetic_as_written(name, source_path, content);
        if let FrontMatterScan::Found(fm) = front_matter::scan(content) {
            chapter.content = front_matter::blanked(content, &fm);
            chapter.front_matter = Some(fm);
        }
        chapter
    }

    fn synthetic_as_written(name: &str, source_path: &str, content: &str) -> Self {
        Chapter {
            name: name.to_owned(),
            content: content.to_owned(),
            path: Some(PathBuf::from(source_path)),
            source_path: Some(PathBuf::from(source_path)),
            number: None,
            parent_names: Vec::new(),
            place: Place::default(),
            front_matter: None,
            first_line: 1,
            outline: OnceLock::new(),
        }
    }
}

/// The `book` half of mdBook's `[context, book]` input.
#[derive(Debug, Clone)]
pub struct ProtocolBook {
    value: Value,
    shape: BookShape,
}

impl ProtocolBook {
    pub fn from_value(value: Value) -> Result<Self> {
        let shape = if value.get("items").is_some_and(Value::is_array) {
            BookShape::Items
        } else if value.get("sections").is_some_and(Value::is_array) {
            BookShape::Sections
        } else {
            deep_json::dispose(value);
            bail!("the book has neither `items` (mdBook 0.5) nor `sections` (mdBook 0.4)");
        };
        Ok(ProtocolBook { value, shape })
    }

    pub fn shape(&self) -> BookShape {
        self.shape
    }

    /// Every chapter, drafts included, depth-first in book order.
    pub fn chapters(&self) -> Vec<Chapter> {
        let mut out = Vec::new();
        let key = self.shape.key();
        if let Some(items) = self.value.get(key).and_then(Value::as_array) {
            collect(items, &mut out);
        }
        out
    }

    /// Every chapter as capabilities read it: [`ProtocolBook::chapters`] with
    /// each page's valid front matter taken off the text (malformed blocks
    /// stay; the pipeline reports them).
    pub fn chapters_as_read(&self) -> Vec<Chapter> {
        let mut chapters = self.chapters();
        for chapter in chapters.iter_mut().filter(|c| !c.is_draft()) {
            if let FrontMatterScan::Found(fm) = front_matter::scan(&chapter.content) {
                chapter.take_off_front_matter(fm);
            }
        }
        chapters
    }

    /// One chapter's content as it is in the book now: as mdBook sent it until
    /// [`ProtocolBook::set_content`] replaces it.
    pub fn content_of(&self, chapter: &Chapter) -> Option<&str> {
        let mut items = self.value.get(self.shape.key())?;
        let steps = chapter.place.indices();
        let mut object = None;
        for &index in &steps {
            let found = items.get(index)?.get("Chapter")?;
            items = found.get("sub_items")?;
            object = Some(found);
        }
        object?.get("content")?.as_str()
    }

    /// Replaces one chapter's content; only this string in the JSON changes.
    pub fn set_content(&mut self, chapter: &Chapter, content: String) -> Result<()> {
        let object = self
            .chapter_object(&chapter.place)
            .with_context(|| format!("chapter `{}` is no longer in the book", chapter.name))?;
        object.insert("content".into(), Value::String(content));
        Ok(())
    }

    /// The `Chapter` object at `place`, walked down from the top list.
    fn chapter_object(&mut self, place: &Place) -> Option<&mut serde_json::Map<String, Value>> {
        let mut items = self.value.get_mut(self.shape.key())?;
        let steps = place.indices();
        for (n, &index) in steps.iter().enumerate() {
            let chapter = items.get_mut(index)?.get_mut("Chapter")?;
            if n + 1 == steps.len() {
                return chapter.as_object_mut();
            }
            items = chapter.get_mut("sub_items")?;
        }
        None
    }

    /// Appends a chapter under `parent`, after its sub-chapters, numbered and
    /// named as mdBook would have from SUMMARY.md. The new object starts as a
    /// copy of the parent's, so any field a newer mdBook requires is there.
    pub fn push_sub_chapter(&mut self, parent: &Chapter, name: &str, path: &Path, content: String) -> Result<()> {
        let object = self
            .chapter_object(&parent.place)
            .with_context(|| format!("chapter `{}` is no longer in the book", parent.name))?;
        // Every field but the sub-chapters, which may nest deep and are replaced anyway.
        let mut child: serde_json::Map<String, Value> = object
            .iter()
            .map(|(key, value)| match key.as_str() {
                "sub_items" => (key.clone(), Value::Array(Vec::new())),
                _ => (key.clone(), value.clone()),
            })
            .collect();
        child.entry("sub_items").or_insert_with(|| Value::Array(Vec::new()));
        let Value::Array(items) = object.entry("sub_items").or_insert_with(|| Value::Array(Vec::new())) else {
            bail!("chapter `{}` has sub_items that are not a list", parent.name);
        };
        let position = items.iter().filter(|i| i.get("Chapter").is_some()).count() + 1;
        let path = crate::platform::slashed(path);
        let mut parent_names = parent.parent_names.clone();
        parent_names.push(parent.name.clone());
        let number = parent.number.as_ref().map(|n| {
            let mut n = n.clone();
            n.push(u32::try_from(position).unwrap_or(u32::MAX));
            n
        });
        child.insert("name".into(), Value::String(name.to_owned()));
        child.insert("content".into(), Value::String(content));
        child.insert("number".into(), serde_json::to_value(number)?);
        child.insert("path".into(), Value::String(path.clone()));
        child.insert("source_path".into(), Value::String(path));
        child.insert("parent_names".into(), serde_json::to_value(parent_names)?);
        items.push(Value::Object(serde_json::Map::from_iter([(
            "Chapter".to_owned(),
            Value::Object(child),
        )])));
        Ok(())
    }

    /// The deepest nesting of arrays and objects in the book's JSON, counted
    /// as serde_json counts against its recursion limit; without recursion.
    pub fn json_depth(&self) -> usize {
        let mut deepest = 0;
        let mut pending = vec![(&self.value, 1)];
        while let Some((value, depth)) = pending.pop() {
            match value {
                Value::Array(items) => pending.extend(items.iter().map(|v| (v, depth + 1))),
                Value::Object(map) => pending.extend(map.values().map(|v| (v, depth + 1))),
                _ => continue,
            }
            deepest = deepest.max(depth);
        }
        deepest
    }

    pub fn as_value(&self) -> &Value {
        &self.value
    }

    pub fn into_value(mut self) -> Value {
        std::mem::take(&mut self.value)
    }
}

/// However deep the book nests, dropping it does not recurse (see [`deep_json`]).
impl Drop for ProtocolBook {
    fn drop(&mut self) {
        deep_json::dispose(std::mem::take(&mut self.value));
    }
}

/// Where a chapter sits: its index in its parent's list, and the parent's
/// place. Shared with the parent, so a chapter nested 1,000 deep costs one
/// step, not a path of 1,000 (a deep book would be quadratic in paths).
#[derive(Clone, Default)]
struct Place(Option<Arc<Step>>);

struct Step {
    parent: Place,
    index: usize,
    /// 1 for a chapter of the top list.
    level: usize,
}

impl Place {
    fn child(&self, index: usize) -> Place {
        Place(Some(Arc::new(Step {
            parent: self.clone(),
            index,
            level: self.level() + 1,
        })))
    }

    fn level(&self) -> usize {
        self.0.as_ref().map_or(0, |step| step.level)
    }

    /// The indices from the top list down to this chapter.
    fn indices(&self) -> Vec<usize> {
        let mut out = Vec::new();
        let mut at = self.0.as_deref();
        while let Some(step) = at {
            out.push(step.index);
            at = step.parent.0.as_deref();
        }
        out.reverse();
        out
    }
}

/// The indices, not the chain of steps (whose derived form would nest as deep as the book).
impl std::fmt::Debug for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Place{:?}", self.indices())
    }
}

impl PartialEq for Place {
    fn eq(&self, other: &Place) -> bool {
        self.indices() == other.indices()
    }
}

/// The last chapter of a deep chain holds every step above it: release them
/// in a loop, not one drop inside the next.
impl Drop for Step {
    fn drop(&mut self) {
        let mut next = self.parent.0.take();
        while let Some(step) = next {
            next = match Arc::try_unwrap(step) {
                Ok(mut alone) => alone.parent.0.take(),
                Err(_shared) => None,
            };
        }
    }
}

/// Every chapter under `items`, depth-first in book order: a loop over a
/// stack of lists, so a SUMMARY.md nested 10,000 deep needs no deep stack.
fn collect(items: &[Value], out: &mut Vec<Chapter>) {
    let mut lists = vec![(items.iter().enumerate(), Place::default())];
    while let Some((list, parent)) = lists.last_mut() {
        let Some((i, item)) = list.next() else {
            lists.pop();
            continue;
        };
        let Some(ch) = item.get("Chapter") else {
            continue;
        };
        let here = parent.child(i);
        out.push(chapter_at(ch, here.clone()));
        if let Some(sub) = ch.get("sub_items").and_then(Value::as_array) {
            lists.push((sub.iter().enumerate(), here));
        }
    }
}

fn chapter_at(ch: &Value, place: Place) -> Chapter {
    let text = |k: &str| ch.get(k).and_then(Value::as_str).map(str::to_owned);
    Chapter {
        name: text("name").unwrap_or_default(),
        content: text("content").unwrap_or_default(),
        path: text("path").map(PathBuf::from),
        source_path: text("source_path").map(PathBuf::from),
        number: ch.get("number").and_then(Value::as_array).map(|n| {
            n.iter()
                .filter_map(Value::as_u64)
                .map(|x| u32::try_from(x).unwrap_or(u32::MAX))
                .collect()
        }),
        parent_names: ch
            .get("parent_names")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default(),
        place,
        front_matter: None,
        first_line: 1,
        outline: OnceLock::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_outline_is_kept_until_the_text_changes() {
        let options = MarkdownOptions::default();
        let mut chapter = Chapter::synthetic("C", "c.md", "---\nstatus: draft\n---\n# Title\nText\n");
        assert_eq!(chapter.content, "# Title\nText\n");
        assert_eq!(chapter.first_line(), 4);
        let first: *const Outline = chapter.outline(&options);
        assert!(
            std::ptr::eq(first, chapter.outline(&options)),
            "built again for the same text"
        );
        assert_eq!(chapter.outline(&options).under_title, 8);
        chapter.replace_content("Intro.\n\n# Title\n".to_owned());
        assert_eq!(chapter.outline(&options).under_title, 0, "an outline of the old text");
        assert_eq!(chapter.front_matter().map(|f| f.lines()), Some(3));
    }

    fn chapter(name: &str, content: &str, sub: Value) -> Value {
        json!({"Chapter": {"name": name, "content": content, "number": [1], "sub_items": sub,
            "path": format!("{name}.md"), "source_path": format!("{name}.md"), "parent_names": [],
            "future_field": {"kept": true}}})
    }

    #[test]
    fn walks_both_shapes_depth_first_and_edits_in_place() {
        for key in ["items", "sections"] {
            let book = json!({key: [chapter("a", "A", json!([chapter("b", "B", json!([]))])), "Separator",
                {"PartTitle": "P"}, chapter("c", "C", json!([]))], "__non_exhaustive": null});
            let mut pb = ProtocolBook::from_value(book.clone()).unwrap();
            let names: Vec<_> = pb.chapters().into_iter().map(|c| c.name).collect();
            assert_eq!(names, ["a", "b", "c"]);
            let b = pb.chapters().remove(1);
            pb.set_content(&b, "B2".into()).unwrap();
            let mut expected = book;
            expected[key][0]["Chapter"]["sub_items"][0]["Chapter"]["content"] = json!("B2");
            assert_eq!(pb.into_value(), expected);
        }
    }

    #[test]
    fn a_sub_chapter_is_appended_numbered_under_its_parent() {
        let book = json!({"items": [chapter("a", "A", json!([chapter("b", "B", json!([]))]))]});
        let mut pb = ProtocolBook::from_value(book).unwrap();
        let a = pb.chapters().remove(0);
        pb.push_sub_chapter(&a, "c", Path::new("dir/c.md"), "C".into()).unwrap();
        let c = pb.chapters().remove(2);
        assert_eq!(
            (c.name.as_str(), c.content.as_str(), c.number),
            ("c", "C", Some(vec![1, 2]))
        );
        assert_eq!(
            (c.path, c.parent_names),
            (Some(PathBuf::from("dir/c.md")), vec!["a".to_owned()])
        );
        assert_eq!(
            pb.as_value()["items"][0]["Chapter"]["sub_items"][1]["Chapter"]["future_field"]["kept"],
            true
        );
    }

    /// A chain of `depth` chapters, each the only sub-chapter of the one above.
    fn deep_book(depth: usize) -> Value {
        let mut items = Vec::new();
        for level in (1..=depth).rev() {
            let name = format!("L{level}");
            // `json!` would copy `items` through a recursive serialisation.
            let Value::Object(mut chapter) = json!({"name": name, "content": format!("# {name}\n"), "number": null,
                "path": format!("{name}.md"), "source_path": format!("{name}.md"), "parent_names": []})
            else {
                unreachable!()
            };
            chapter.insert("sub_items".into(), Value::Array(items));
            items = vec![Value::Object(serde_json::Map::from_iter([(
                "Chapter".to_owned(),
                Value::Object(chapter),
            )]))];
        }
        Value::Object(serde_json::Map::from_iter([("items".to_owned(), Value::Array(items))]))
    }

    #[test]
    fn a_book_nested_ten_thousand_deep_is_walked_edited_and_dropped_on_a_small_stack() {
        let worker = std::thread::Builder::new().stack_size(256 * 1024).spawn(|| {
            let mut book = ProtocolBook::from_value(deep_book(10_000)).map_err(|e| e.to_string())?;
            let chapters = book.chapters();
            let levels: Vec<usize> = chapters.iter().map(Chapter::level).collect();
            let deepest = chapters.last().cloned().ok_or("no chapters")?;
            book.set_content(&deepest, "edited".into()).map_err(|e| e.to_string())?;
            book.push_sub_chapter(&deepest, "added", Path::new("added.md"), "A".into())
                .map_err(|e| e.to_string())?;
            let again = book.chapters();
            let seen = (
                levels == (1..=10_000).collect::<Vec<_>>(),
                again[9_999].content.clone(),
                again[10_000].level(),
                book.json_depth(),
            );
            drop((chapters, again, deepest));
            drop(book);
            Ok::<_, String>(seen)
        });
        let seen = worker
            .map_err(|e| e.to_string())
            .and_then(|w| w.join().map_err(|_| "the worker panicked".to_owned()));
        // Each level is three containers (list, item, chapter); the added
        // chapter's lists are one level below the 10,001st chapter.
        assert_eq!(seen, Ok(Ok((true, "edited".to_owned(), 10_001, 1 + 3 * 10_001 + 1))));
    }

    #[test]
    fn rejects_a_book_without_items() {
        assert!(ProtocolBook::from_value(json!({"chapters": []})).is_err());
    }
}
