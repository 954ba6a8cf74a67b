//! Every key a typed config accepts, read from the config itself: a serde
//! `Deserializer` that answers each `deserialize_struct` with a map of the
//! fields it is asked for, and records every field, map, list and enum on the
//! way down (the serde_introspect trick, recursive). Nothing here is a list
//! of keys kept by hand.

use serde::de::value::Error;
use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, VariantAccess, Visitor};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// One key of a table, by its dotted path (`palette.<word>.text`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Key {
    /// What the value is: `boolean`, `integer`, `string`, `list`, `table`, `one of`.
    pub kind: String,
    /// The words an enum accepts, as written in book.toml.
    pub variants: Vec<&'static str>,
    /// The Rust struct that holds the field, and the field's name there
    /// (where its doc comment is read from).
    pub owner: Option<(&'static str, &'static str)>,
}

/// The keys of `T` as book.toml spells them, in the order the struct declares
/// them. Map keys a book chooses (`statuses.<word>`) appear as `<name>`.
pub(crate) fn of<'de, T: serde::Deserialize<'de>>() -> Vec<(String, Key)> {
    let found = RefCell::new(Vec::new());
    // The result is a value built from placeholders: only what was asked matters.
    let _ = T::deserialize(Recorder {
        path: String::new(),
        found: &found,
    });
    found.into_inner()
}

struct Recorder<'a> {
    path: String,
    found: &'a RefCell<Vec<(String, Key)>>,
}

impl Recorder<'_> {
    fn set(&self, f: impl FnOnce(&mut Key)) {
        if self.path.is_empty() {
            return;
        }
        let mut found = self.found.borrow_mut();
        if let Some((_, key)) = found.iter_mut().find(|(p, _)| *p == self.path) {
            f(key);
        }
    }

    fn child(&self, name: &str) -> Recorder<'_> {
        let path = if self.path.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.path)
        };
        Recorder {
            path,
            found: self.found,
        }
    }

    fn add(&self, name: &str, owner: Option<(&'static str, &'static str)>) {
        let child = self.child(name);
        let mut found = self.found.borrow_mut();
        if !found.iter().any(|(p, _)| *p == child.path) {
            found.push((
                child.path,
                Key {
                    owner,
                    ..Key::default()
                },
            ));
        }
    }
}

macro_rules! kind {
    ($($method:ident => $kind:literal, $visit:ident($value:expr);)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.set(|k| if k.kind.is_empty() { k.kind = $kind.to_owned() });
            visitor.$visit($value)
        })*
    };
}

impl<'de> Deserializer<'de> for Recorder<'_> {
    type Error = Error;

    kind! {
        deserialize_bool => "boolean", visit_bool(false);
        deserialize_u8 => "integer", visit_u8(1);
        deserialize_u16 => "integer", visit_u16(1);
        deserialize_u32 => "integer", visit_u32(1);
        deserialize_u64 => "integer", visit_u64(1);
        deserialize_i8 => "integer", visit_i8(1);
        deserialize_i16 => "integer", visit_i16(1);
        deserialize_i32 => "integer", visit_i32(1);
        deserialize_i64 => "integer", visit_i64(1);
        deserialize_f32 => "number", visit_f32(1.0);
        deserialize_f64 => "number", visit_f64(1.0);
        deserialize_char => "string", visit_char('x');
        deserialize_str => "string", visit_str("x");
        deserialize_string => "string", visit_str("x");
        deserialize_identifier => "string", visit_str("x");
    }

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        Err(de::Error::custom(format!(
            "`{}` takes any value: give it a type",
            self.path
        )))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.set(|k| k.kind = "list".to_owned());
        visitor.visit_seq(de::value::SeqDeserializer::<std::iter::Empty<i32>, Error>::new(
            std::iter::empty(),
        ))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.set(|k| k.kind = "table".to_owned());
        self.add("<name>", None);
        visitor.visit_map(Entries {
            recorder: &self,
            names: vec![("<name>", None)],
            next: 0,
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.set(|k| k.kind = "table".to_owned());
        for field in fields {
            self.add(field, Some((name, field)));
        }
        visitor.visit_map(Entries {
            recorder: &self,
            names: fields.iter().map(|f| (*f, Some((name, *f)))).collect(),
            next: 0,
        })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.set(|k| {
            k.kind = "one of".to_owned();
            k.variants = variants.to_vec();
        });
        let first = variants.first().copied().unwrap_or_default();
        visitor.visit_enum(Unit(first))
    }

    serde::forward_to_deserialize_any! {
        i128 u128 bytes byte_buf unit unit_struct newtype_struct tuple tuple_struct ignored_any
    }
}

/// The fields of a struct (or the one placeholder entry of a map), each value
/// recorded under its path.
struct Entries<'r, 'a> {
    recorder: &'r Recorder<'a>,
    names: Vec<(&'static str, Option<(&'static str, &'static str)>)>,
    next: usize,
}

impl<'de> MapAccess<'de> for Entries<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some((name, _)) = self.names.get(self.next) else {
            return Ok(None);
        };
        seed.deserialize((*name).into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let (name, _) = self.names[self.next];
        self.next += 1;
        seed.deserialize(self.recorder.child(name))
    }
}

/// An enum answered with its first variant, as a unit.
struct Unit(&'static str);

impl<'de> EnumAccess<'de> for Unit {
    type Error = Error;
    type Variant = Unit;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Unit), Error> {
        let value = seed.deserialize(self.0.into_deserializer())?;
        Ok((value, self))
    }
}

impl<'de> VariantAccess<'de> for Unit {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value, Error> {
        Err(de::Error::custom("only unit variants are read"))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value, Error> {
        Err(de::Error::custom("only unit variants are read"))
    }

    fn struct_variant<V: Visitor<'de>>(self, _fields: &'static [&'static str], _visitor: V) -> Result<V::Value, Error> {
        Err(de::Error::custom("only unit variants are read"))
    }
}

/// The doc comment of each `pub field` of each `pub struct` in Rust source,
/// by (struct, field), the lines joined: the text the reference shows.
pub(crate) fn doc_comments(source: &str) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    let mut owner: Option<String> = None;
    let mut doc: Vec<String> = Vec::new();
    for line in source.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("pub struct ") {
            owner = rest.split([' ', '{', '<', '(']).next().map(str::to_owned);
            doc.clear();
        } else if line == "}" {
            owner = None;
        } else if let Some(text) = line.strip_prefix("///") {
            doc.push(text.trim().to_owned());
        } else if let (Some(owner), Some(field)) = (&owner, line.strip_prefix("pub ")) {
            if let Some((name, _)) = field.split_once(':') {
                out.insert((owner.clone(), name.trim().to_owned()), doc.join(" "));
            }
            doc.clear();
        } else if !line.starts_with("#[") {
            doc.clear();
        }
    }
    out
}
