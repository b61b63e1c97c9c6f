//! The YAML files exactly as written, before validation. Every struct denies
//! unknown fields so that a typo in a key is an error with a line, not a
//! silently ignored setting. Every value an error may be about is
//! [`Spanned`]: the parser says where it is written.

use crate::yaml::Spanned;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::fmt;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DossierFile {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_lang")]
    pub language: Spanned<String>,
    pub base_url: Option<Spanned<String>>,
    #[serde(default)]
    pub allow_html: bool,
    /// Order matters (it is the site's order), hence a list of pairs.
    #[serde(default, with = "ordered_map")]
    pub kinds: Vec<(Spanned<String>, KindFile)>,
    #[serde(default)]
    pub boilerplate: Vec<BoilerplateRule>,
    /// Largest file the build reads (seeds included), in MB.
    pub max_file_mb: Option<u64>,
    /// Warnings acknowledged by their code (`short-alias:union-africaine`).
    #[serde(default)]
    pub quiet: Vec<Spanned<String>>,
}

fn default_lang() -> Spanned<String> {
    Spanned::new(marked_yaml::Span::new_blank(), "en".into())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindFile {
    pub path: Spanned<String>,
    pub label: String,
    pub singular: Option<String>,
    /// person | organization | other; guessed from the kind's key otherwise.
    pub role: Option<Spanned<String>>,
}

/// A line of text, or a mapping (read by hand rather than as an untagged
/// enum, which would lose the spans inside the mapping).
#[derive(Debug)]
pub enum BoilerplateRule {
    Line(String),
    Rule(BoilerplateMap),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoilerplateMap {
    pub contains: Option<String>,
    pub prefix: Option<String>,
    pub pattern: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ArticleFile {
    pub seed: Option<Spanned<String>>,
    pub title: Option<String>,
    pub date: Option<Spanned<String>>,
    pub source: Option<SourceFile>,
    pub author: Option<String>,
    pub language: Option<Spanned<String>>,
    pub summary: Option<Spanned<String>>,
    #[serde(default)]
    pub tags: Vec<Spanned<String>>,
    #[serde(default)]
    pub quotes: Vec<QuoteFixFile>,
    /// Cleaning rules for this article only, after the dossier's.
    #[serde(default)]
    pub boilerplate: Vec<BoilerplateRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceFile {
    pub name: String,
    pub url: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteFixFile {
    pub starts: Spanned<String>,
    pub speaker: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityFile {
    pub id: Option<Spanned<String>>,
    pub name: Spanned<String>,
    #[serde(default)]
    pub aliases: Vec<AliasFile>,
    #[serde(default)]
    pub fold: bool,
    #[serde(default)]
    pub summary: String,
    #[serde(default = "blank")]
    pub description: Spanned<String>,
    #[serde(default, with = "ordered_map")]
    pub facts: Vec<(String, Spanned<FactValue>)>,
}

fn blank() -> Spanned<String> {
    Spanned::new(marked_yaml::Span::new_blank(), String::new())
}

/// A fact's value, as written: a number or true/false keeps its text
/// (`1.50` stays `1.50`).
#[derive(Debug, Clone)]
pub struct FactValue(pub String);

impl<'de> Deserialize<'de> for FactValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = FactValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a fact's value: one piece of text, a number or true/false")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<FactValue, E> {
                Ok(FactValue(s.to_string()))
            }
        }
        d.deserialize_str(V)
    }
}

/// A name, or a mapping with its options.
#[derive(Debug)]
pub enum AliasFile {
    Plain(Spanned<String>),
    Detailed(AliasMap),
}

impl<'de> Deserialize<'de> for AliasFile {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s: Spanned<StrOrMap<AliasMap>> = Spanned::deserialize(d)?;
        let span = *s.span();
        Ok(match crate::yaml::take(s) {
            StrOrMap::Str(t) => AliasFile::Plain(Spanned::new(span, t)),
            StrOrMap::Map(m) => AliasFile::Detailed(m),
        })
    }
}

impl<'de> Deserialize<'de> for BoilerplateRule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match StrOrMap::<BoilerplateMap>::deserialize(d)? {
            StrOrMap::Str(t) => BoilerplateRule::Line(t),
            StrOrMap::Map(m) => BoilerplateRule::Rule(m),
        })
    }
}

/// A scalar, or a mapping read as `M` with the deserializer's own map
/// access (so `Spanned` fields inside keep their spans).
#[derive(Clone)]
enum StrOrMap<M> {
    Str(String),
    Map(M),
}

/// What an untagged `StrOrMap<M>` is called in errors.
trait Described {
    const WHAT: &'static str;
}

impl Described for AliasMap {
    const WHAT: &'static str = "an alias: a name, or `{ name: …, fold: true, hidden: true }`";
}

impl Described for BoilerplateMap {
    const WHAT: &'static str = "a boilerplate rule: a line of text, or one of `{ contains: … }`, `{ prefix: … }`, `{ pattern: … }`";
}

impl<'de, M: Deserialize<'de> + Described> Deserialize<'de> for StrOrMap<M> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<M>(std::marker::PhantomData<M>);
        impl<'de, M: Deserialize<'de> + Described> Visitor<'de> for V<M> {
            type Value = StrOrMap<M>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(M::WHAT)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                Ok(StrOrMap::Str(s.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, m: A) -> Result<Self::Value, A::Error> {
                M::deserialize(de::value::MapAccessDeserializer::new(m)).map(StrOrMap::Map)
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AliasMap {
    pub name: Spanned<String>,
    #[serde(default)]
    pub fold: bool,
    /// Matched in the text but never shown (a source's misspelling).
    #[serde(default)]
    pub hidden: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventFile {
    pub date: Spanned<String>,
    pub title: String,
    #[serde(default = "blank")]
    pub description: Spanned<String>,
    #[serde(default)]
    pub entities: Vec<Spanned<String>>,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimFile {
    pub id: Spanned<String>,
    pub question: String,
    pub statements: Vec<StatementFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementFile {
    pub article: Spanned<String>,
    pub says: String,
    pub quote: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    pub title: String,
    #[serde(default)]
    pub order: i64,
}

/// A YAML mapping read in file order.
mod ordered_map {
    use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
    use std::fmt;
    use std::marker::PhantomData;

    pub fn deserialize<'de, D, K, V>(d: D) -> Result<Vec<(K, V)>, D::Error>
    where
        D: Deserializer<'de>,
        K: Deserialize<'de>,
        V: Deserialize<'de>,
    {
        struct V2<K, V>(PhantomData<(K, V)>);
        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for V2<K, V> {
            type Value = Vec<(K, V)>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Vec::new())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<K, V>()? {
                    out.push((k, v));
                }
                Ok(out)
            }
        }
        d.deserialize_any(V2(PhantomData))
    }
}
