//! Just enough of an HTML tokenizer to read start tags and their attributes
//! out of raw HTML in a chapter (blocks, inline tags, the suite's own cards
//! and inline SVG). Comments are skipped, so nothing an author commented out
//! is read as markup. Attribute values are decoded by the core's
//! `html::decode_attribute`, as a browser decodes them.

use super::decode_attribute;

/// One attribute of a start tag: lowercase name, value with character
/// references decoded, and the byte offset of the value in the scanned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    pub name: String,
    pub value: String,
    pub offset: usize,
}

/// A start tag: lowercase name (`a`, `img`, `svg:a` stays `svg:a`) and attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartTag {
    pub name: String,
    pub attributes: Vec<Attribute>,
}

impl StartTag {
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }
}

/// Every start tag in `html`, in order.
pub fn start_tags(html: &str) -> Vec<StartTag> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(found) = html.get(i..).and_then(|rest| rest.find('<')) {
        let start = i + found;
        let rest = html.get(start..).unwrap_or_default();
        if rest.starts_with("<!--") {
            i = match rest.find("-->") {
                Some(end) => start + end + 3,
                None => html.len(),
            };
            continue;
        }
        if !bytes.get(start + 1).is_some_and(u8::is_ascii_alphabetic) {
            i = start + 1;
            continue;
        }
        let (tag, end) = read_tag(html, start);
        tags.push(tag);
        i = end.max(start + 1);
    }
    tags
}

fn read_tag(html: &str, start: usize) -> (StartTag, usize) {
    let bytes = html.as_bytes();
    let is_name = |b: u8| !b.is_ascii_whitespace() && !matches!(b, b'>' | b'/' | b'=' | b'<');
    let mut i = start + 1;
    while bytes.get(i).is_some_and(|&b| is_name(b)) {
        i += 1;
    }
    let name = html.get(start + 1..i).unwrap_or_default().to_ascii_lowercase();
    let mut attributes = Vec::new();
    loop {
        while bytes.get(i).is_some_and(|&b| b.is_ascii_whitespace() || b == b'/') {
            i += 1;
        }
        match bytes.get(i) {
            None => break,
            Some(b'>') => {
                i += 1;
                break;
            }
            Some(b'<') => break,
            _ => {}
        }
        let name_start = i;
        while bytes.get(i).is_some_and(|&b| is_name(b)) {
            i += 1;
        }
        if i == name_start {
            i += 1;
            continue;
        }
        let attr_name = html.get(name_start..i).unwrap_or_default().to_ascii_lowercase();
        let mut j = i;
        while bytes.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        if bytes.get(j) != Some(&b'=') {
            attributes.push(Attribute {
                name: attr_name,
                value: String::new(),
                offset: name_start,
            });
            continue;
        }
        j += 1;
        while bytes.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        let (value_start, value_end, next) = match bytes.get(j) {
            Some(&q @ (b'"' | b'\'')) => {
                let close = html
                    .get(j + 1..)
                    .and_then(|r| r.find(char::from(q)))
                    .map_or(html.len(), |e| j + 1 + e);
                (j + 1, close, close + 1)
            }
            _ => {
                let mut k = j;
                while bytes.get(k).is_some_and(|&b| !b.is_ascii_whitespace() && b != b'>') {
                    k += 1;
                }
                (j, k, k)
            }
        };
        attributes.push(Attribute {
            name: attr_name,
            value: decode_attribute(html.get(value_start..value_end).unwrap_or_default()).into_owned(),
            offset: value_start,
        });
        i = next;
    }
    (StartTag { name, attributes }, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags_attributes_and_offsets() {
        let html = "<p class=x><a\n  href=\"a.md#b\" id='c'>t</a><!-- <a href=\"no\"> --><img src=i.png alt></p>";
        let tags = start_tags(html);
        let names: Vec<_> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["p", "a", "img"]);
        let value = |tag: usize, name: &str| tags[tag].attribute(name).map(|a| (a.value.clone(), a.offset));
        let (href, offset) = value(1, "href").unwrap_or_default();
        assert_eq!(href, "a.md#b");
        assert_eq!(&html[offset..offset + 6], "a.md#b");
        assert_eq!(value(1, "id").unwrap_or_default().0, "c");
        assert_eq!(value(2, "src").unwrap_or_default().0, "i.png");
    }

    #[test]
    fn decodes_references_and_keeps_unknown_ones() {
        assert_eq!(decode_attribute("a&amp;b&#x2F;&#39;&bogus;&"), "a&b/'&bogus;&");
    }

    #[test]
    fn survives_truncated_markup() {
        for html in ["<a href=\"x", "<a href=", "<", "<a", "<!-- x", "<a b='c"] {
            let _ = start_tags(html);
        }
    }
}
