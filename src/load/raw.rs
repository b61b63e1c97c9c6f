//! The YAML files exactly as written, before validation. Every struct denies
//! unknown fields so that a typo in a key is an error with a line, not a
//! silently ignored setting.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DossierFile {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_lang")]
    pub language: String,
    pub base_url: Option<String>,
    #[serde(default)]
    pub allow_html: bool,
    /// Order matters (it is the site's order), hence a list of pairs.
    #[serde(default, with = "ordered_map")]
    pub kinds: Vec<(String, KindFile)>,
    #[serde(default)]
    pub boilerplate: Vec<BoilerplateRule>,
    /// Largest file the build reads (seeds included), in MB.
    pub max_file_mb: Option<u64>,
    /// Warnings acknowledged by their code (`short-alias:union-africaine`).
    #[serde(default)]
    pub quiet: Vec<String>,
}

fn default_lang() -> String {
    "en".into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindFile {
    pub path: String,
    pub label: String,
    pub singular: Option<String>,
    /// person | organization | other; guessed from the kind's key otherwise.
    pub role: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum BoilerplateRule {
    Line(String),
    Rule(BoilerplateMap),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoilerplateMap {
    pub contains: Option<String>,
    pub prefix: Option<String>,
    pub pattern: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ArticleFile {
    pub seed: Option<String>,
    pub title: Option<String>,
    pub date: Option<serde_yaml::Value>,
    pub source: Option<SourceFile>,
    pub author: Option<String>,
    pub language: Option<String>,
    pub summary: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
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
    pub url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteFixFile {
    pub starts: String,
    pub speaker: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityFile {
    pub id: Option<String>,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<AliasFile>,
    #[serde(default)]
    pub fold: bool,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, with = "ordered_map")]
    pub facts: Vec<(String, FactValue)>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum FactValue {
    Text(String),
    Number(f64),
    Bool(bool),
}

impl FactValue {
    pub fn into_text(self) -> String {
        match self {
            FactValue::Text(s) => s,
            FactValue::Number(n) => n.to_string(),
            FactValue::Bool(b) => b.to_string(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum AliasFile {
    Plain(String),
    Detailed(AliasMap),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AliasMap {
    pub name: String,
    #[serde(default)]
    pub fold: bool,
    /// Matched in the text but never shown (a source's misspelling).
    #[serde(default)]
    pub hidden: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventFile {
    pub date: serde_yaml::Value,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub entities: Vec<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimFile {
    pub id: String,
    pub question: String,
    pub statements: Vec<StatementFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementFile {
    pub article: String,
    pub says: String,
    pub quote: String,
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

    pub fn deserialize<'de, D, V>(d: D) -> Result<Vec<(String, V)>, D::Error>
    where
        D: Deserializer<'de>,
        V: Deserialize<'de>,
    {
        struct V2<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for V2<V> {
            type Value = Vec<(String, V)>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Vec::new())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, V>()? {
                    out.push((k, v));
                }
                Ok(out)
            }
        }
        d.deserialize_any(V2(PhantomData))
    }
}
