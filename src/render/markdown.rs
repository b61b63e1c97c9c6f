//! Markdown → HTML for everything the editor writes (summaries,
//! descriptions, facts, pages) and for Markdown seeds. Three rules on top of
//! pulldown-cmark: `[[id]]` links to entities, raw HTML is escaped unless
//! the dossier allows it (and then sanitised by ammonia), and only http(s),
//! mailto and relative links survive (no `javascript:` from a pasted text).

use super::highlight::Highlighter;
use crate::analyse::matcher::Hit;
use crate::text::{escape, escape_into};
use crate::text::{markdown_options, plain_piece, wikilinks};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// Turns an entity id into (href relative to the page, display name).
pub type Resolve<'a> = dyn Fn(&str) -> Option<(String, String)> + Sync + 'a;

/// Wraps one mention's text in its link.
pub type MentionHtml<'a> = dyn Fn(&Hit, &str) -> String + 'a;

pub struct Markdown<'a> {
    pub allow_html: bool,
    pub highlighter: &'a Highlighter,
}

impl Markdown<'_> {
    /// A block of Markdown.
    pub fn html(&self, src: &str, resolve: &Resolve) -> String {
        self.render(src, resolve, None, false)
    }

    /// A short value (a fact, a summary line): without the wrapping `<p>`.
    pub fn inline(&self, src: &str, resolve: &Resolve) -> String {
        let html = self.render(src, resolve, None, false);
        let t = html.trim();
        match t.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
            Some(inner) if !inner.contains("<p>") => inner.to_string(),
            _ => t.to_string(),
        }
    }

    /// A block of a Markdown seed, with its mentions linked. `hits` are
    /// offsets into the block's plain text as `text::markdown_blocks` made it.
    pub fn seed_block(
        &self,
        src: &str,
        resolve: &Resolve,
        hits: &[Hit],
        mention: &MentionHtml,
    ) -> String {
        self.render(src, resolve, Some((hits, mention)), true)
    }

    fn render(
        &self,
        src: &str,
        resolve: &Resolve,
        mentions: Option<(&[Hit], &MentionHtml)>,
        plain_offsets: bool,
    ) -> String {
        let src = expand_wikilinks(src, resolve);
        let mut f = Filter {
            md: self,
            mentions,
            plain_offsets,
            events: Vec::new(),
            code: None,
            skip_link_depth: 0,
            skip_image_depth: 0,
            in_link: 0,
            offset: 0,
        };
        for ev in Parser::new_ext(&src, markdown_options()) {
            f.feed(ev);
        }
        let mut out = String::with_capacity(src.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut out, f.events.into_iter());
        if self.allow_html {
            out = sanitize(&out);
        }
        out
    }
}

/// The events of one Markdown text on their way to HTML: code blocks
/// highlighted, raw HTML escaped unless allowed, unsafe links and images
/// dropped, mentions linked in text outside links.
struct Filter<'m, 'e> {
    md: &'m Markdown<'m>,
    mentions: Option<(&'m [Hit], &'m MentionHtml<'m>)>,
    /// Count offsets in the plain text (Markdown seeds, whose hits are
    /// offsets into it).
    plain_offsets: bool,
    events: Vec<Event<'e>>,
    /// Inside a code block: its language and text so far.
    code: Option<(String, String)>,
    skip_link_depth: usize,
    skip_image_depth: usize,
    in_link: usize,
    offset: usize,
}

impl<'e> Filter<'_, 'e> {
    fn feed(&mut self, ev: Event<'e>) {
        if let Some((lang, buf)) = &mut self.code {
            match ev {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let html = self.md.highlighter.block(lang, buf);
                    self.events.push(Event::Html(html.into()));
                    self.code = None;
                }
                _ => {}
            }
            return;
        }
        match ev {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    pulldown_cmark::CodeBlockKind::Fenced(l) => l.to_string(),
                    pulldown_cmark::CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::Html(h) | Event::InlineHtml(h) if !self.md.allow_html => {
                self.events.push(Event::Text(h));
            }
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                if safe_url(dest_url) {
                    self.in_link += 1;
                    self.events.push(ev);
                } else {
                    self.skip_link_depth += 1;
                }
            }
            Event::End(TagEnd::Link) => {
                if self.skip_link_depth > 0 {
                    self.skip_link_depth -= 1;
                } else {
                    self.in_link = self.in_link.saturating_sub(1);
                    self.events.push(ev);
                }
            }
            Event::Start(Tag::Image { ref dest_url, .. }) => {
                if safe_url(dest_url) {
                    self.events.push(ev);
                } else {
                    // Dropped; its alt text stays, as plain text.
                    self.skip_image_depth += 1;
                }
            }
            Event::End(TagEnd::Image) if self.skip_image_depth > 0 => {
                self.skip_image_depth -= 1;
            }
            ev => self.text_or_other(ev),
        }
    }

    fn text_or_other(&mut self, ev: Event<'e>) {
        let piece_len = if self.plain_offsets {
            plain_piece(&ev).map_or(0, str::len)
        } else {
            0
        };
        match (&ev, self.mentions) {
            (Event::Text(t), Some((hits, mention))) if self.in_link == 0 => {
                let html = link_text(t, self.offset, hits, mention);
                self.events.push(Event::Html(html.into()));
            }
            _ => self.events.push(ev),
        }
        self.offset += piece_len;
    }
}

/// Raw HTML the dossier allows (`allow_html: true`), made safe by a
/// maintained sanitiser rather than by patterns: formatting, tables,
/// images and links stay; scripts, styles, event handlers, `<meta>`
/// (refresh), forms, frames and any URL but http(s), mailto and relative
/// ones go. Classes and ids stay, so that mentions, anchors, footnotes and
/// highlighted code keep their look and targets.
fn sanitize(html: &str) -> String {
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes(["class", "id", "aria-label"])
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true);
    b.clean(html).to_string()
}

/// Escapes `text` (which starts at plain-text offset `offset`), wrapping the
/// mentions that lie wholly inside it.
fn link_text(
    text: &str,
    offset: usize,
    hits: &[Hit],
    mention: &dyn Fn(&Hit, &str) -> String,
) -> String {
    let end = offset + text.len();
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0;
    for h in hits.iter().filter(|h| h.start >= offset && h.end <= end) {
        let (s, e) = (h.start - offset, h.end - offset);
        if s < pos || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        escape_into(&mut out, &text[pos..s]);
        out.push_str(&mention(h, &text[s..e]));
        pos = e;
    }
    escape_into(&mut out, &text[pos..]);
    out
}

/// http, https, mailto, in-page and relative links only.
pub fn safe_url(url: &str) -> bool {
    let u = url.trim();
    let scheme_end = u.find(':');
    let first_sep = u.find(['/', '?', '#']);
    match scheme_end {
        Some(c) if first_sep.is_none_or(|s| c < s) => {
            let scheme = u[..c].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
        _ => !u.starts_with("//"),
    }
}

/// `[[id]]` → a Markdown link to the entity; an unknown id (already
/// reported by `load`) is left as text.
fn expand_wikilinks(src: &str, resolve: &Resolve) -> String {
    let links = wikilinks(src);
    if links.is_empty() {
        return src.to_string();
    }
    let mut out = String::with_capacity(src.len() + 64);
    let mut pos = 0;
    for w in links {
        out.push_str(&src[pos..w.range.start]);
        match resolve(w.id) {
            Some((href, name)) => {
                out.push('[');
                for c in w.label.unwrap_or(&name).chars() {
                    if matches!(c, '[' | ']' | '\\' | '*' | '_' | '`' | '<') {
                        out.push('\\');
                    }
                    out.push(c);
                }
                out.push_str("](");
                out.push_str(&href.replace(' ', "%20").replace(')', "%29"));
                out.push(')');
            }
            None => out.push_str(&escape(&src[w.range.clone()])),
        }
        pos = w.range.end;
    }
    out.push_str(&src[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(src: &str, allow_html: bool) -> String {
        let h = Highlighter::default();
        let m = Markdown {
            allow_html,
            highlighter: &h,
        };
        let resolve = |id: &str| {
            (id == "mali").then(|| ("../pays/mali/index.html".to_string(), "Mali".to_string()))
        };
        m.html(src, &resolve)
    }

    #[test]
    fn wikilinks_become_links() {
        assert_eq!(
            md("Au [[mali]] et [[mali|là-bas]].", false).trim(),
            "<p>Au <a href=\"../pays/mali/index.html\">Mali</a> et <a href=\"../pays/mali/index.html\">là-bas</a>.</p>"
        );
    }

    #[test]
    fn raw_html_escaped_unless_allowed() {
        assert!(md("a <script>x</script> b", false).contains("&lt;script&gt;"));
        assert!(md("<div>x</div>", false).contains("&lt;div&gt;"));
        assert!(md("a <b>x</b>", true).contains("<b>x</b>"));
    }

    #[test]
    fn dangerous_links_dropped() {
        let h = md(
            "[x](javascript:alert(1)) [y](https://ok.org) [z](data:text/html,x) [w](../a/)",
            false,
        );
        assert!(!h.contains("javascript"), "{h}");
        assert!(!h.contains("data:"), "{h}");
        assert!(h.contains("https://ok.org"));
        assert!(h.contains("href=\"../a/\""));
        assert!(safe_url("mailto:a@b.c"));
        assert!(!safe_url("JavaScript:x"));
        assert!(!safe_url("//evil.org/x"));
        assert!(safe_url("a/b:c"));
        let img = md("![une carte](javascript:alert(1)) ![ok](carte.png)", false);
        assert!(!img.contains("javascript"), "{img}");
        assert!(img.contains("une carte"), "alt text kept: {img}");
        assert!(img.contains("<img src=\"carte.png\""), "{img}");
    }

    #[test]
    fn code_is_highlighted() {
        let h = md("```yaml\nid: mali # [[mali]]\n```\n", false);
        assert!(
            h.contains("<pre class=\"code\"><code class=\"language-yaml\">"),
            "{h}"
        );
        assert!(
            h.contains("[[mali]]"),
            "wikilinks in code stay as written: {h}"
        );
    }
}
