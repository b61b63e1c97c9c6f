//! Code highlighting with syntect, class-based so the colours live in one
//! generated stylesheet (`assets/syntax.css`) and pages stay CSP-clean.
//! Loading syntect's syntax set costs tens of milliseconds, so it happens
//! only when a page actually has a code block.

use crate::text::escape;
use std::sync::OnceLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

#[derive(Default)]
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
}

impl Highlighter {
    /// `<pre><code>` for a fenced block; plain escaped text when the
    /// language is unknown.
    pub fn block(&self, lang: &str, code: &str) -> String {
        let ss = self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines);
        let lang = lang.split([',', ' ']).next().unwrap_or("").trim();
        let class = if lang.is_empty() {
            String::new()
        } else {
            format!(" class=\"language-{}\"", escape(lang))
        };
        let syntax = (!lang.is_empty())
            .then(|| ss.find_syntax_by_token(lang))
            .flatten();
        let body = match syntax {
            Some(syntax) => {
                let mut g = ClassedHTMLGenerator::new_with_class_style(syntax, ss, STYLE);
                let mut ok = true;
                for line in LinesWithEndings::from(code) {
                    if g.parse_html_for_line_which_includes_newline(line).is_err() {
                        ok = false;
                        break;
                    }
                }
                if ok { g.finalize() } else { escape(code) }
            }
            None => escape(code),
        };
        format!("<pre class=\"code\"><code{class}>{body}</code></pre>\n")
    }

    /// The stylesheet for the classes `block` emits, light and dark.
    pub fn stylesheet(&self) -> String {
        let themes = syntect::highlighting::ThemeSet::load_defaults();
        let light = css_for_theme_with_class_style(&themes.themes["InspiredGitHub"], STYLE)
            .unwrap_or_default();
        let dark = css_for_theme_with_class_style(&themes.themes["base16-ocean.dark"], STYLE)
            .unwrap_or_default();
        format!("{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_and_escapes_unknown() {
        let h = Highlighter::default();
        // nothing loaded until a block asks for it
        assert!(h.syntaxes.get().is_none());
        let yaml = h.block("yaml", "id: x\n");
        assert!(yaml.contains("hl-"), "{yaml}");
        assert!(h.syntaxes.get().is_some());
        let plain = h.block("nope", "<b>");
        assert!(plain.contains("&lt;b&gt;"));
        assert!(h.stylesheet().contains(".hl-"));
    }
}
