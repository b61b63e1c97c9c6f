//! The "graphe" page: entities that appear in the same paragraph, drawn as an
//! inline SVG at build time.
//!
//! The site ships no JavaScript, so the layout has to be computed here, and
//! builds must be reproducible: the same input gives byte-identical output.
//! That rules out OS randomness and hash-map iteration order, and it is also
//! why the numeric code sticks to `+ - * /` and `sqrt` (IEEE-exact everywhere)
//! rather than `sin`, `cos`, `powf` or `ln`, whose last bits depend on the
//! platform's libm: the start spiral rotates by a precomputed golden angle
//! instead of calling trigonometric functions.
//!
//! The page's Content-Security-Policy forbids inline styles, so every colour
//! comes from classes defined in `templates/static/graph.css` (`kind-0` …
//! `kind-7`, `edge`, `label`); the SVG only carries geometry and a few
//! presentation attributes (`stroke-width`, `font-size`, `paint-order`).
//!
//! Pipeline: clean and thin the edges → size the nodes → force-directed
//! layout (Fruchterman–Reingold with gravity) → fit into the view box →
//! push overlapping circles apart → greedy label placement → write SVG.

use crate::text::escape_into;
use std::collections::BTreeMap;
use std::f64::consts::FRAC_1_SQRT_2;
use std::fmt::{self, Write as _};

/// One entity to draw. Borrowed so the caller can pass its own records
/// without copying strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Node<'a> {
    /// Shown text; escaped here, so pass it raw.
    pub label: &'a str,
    /// Relative link, already final; escaped here for the attribute.
    pub href: &'a str,
    /// Index of the entity's kind; the node gets class `kind-{kind % 8}`.
    pub kind: usize,
    /// Singular kind name ("Personne"), shown in the tooltip.
    pub kind_label: &'a str,
    /// Mention count; drives the radius and the labelling priority.
    pub weight: u32,
}

/// Co-occurrence of two nodes (indexes into the node slice). Edges with an
/// out-of-range index, a self-loop or a zero weight are ignored; duplicates
/// (in either direction) are merged by adding their weights, since a caller
/// that counts per source would otherwise lose part of the count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    pub a: usize,
    pub b: usize,
    pub weight: u32,
}

/// Size of the drawing and how many edges may be drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// View box width in user units (also the `width` attribute).
    pub width: f64,
    /// View box height in user units (also the `height` attribute).
    pub height: f64,
    /// Hard cap on drawn edges: beyond a few hundred a 300-node graph turns
    /// into a hairball, so the weakest co-occurrences are dropped.
    pub max_edges: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            width: 960.0,
            height: 720.0,
            max_edges: 400,
        }
    }
}

/// Fixed so that the output never depends on a convergence test that could
/// flip on the last bit of a float.
const ITERATIONS: usize = 300;
/// Free space kept between two circles, larger than the 1-decimal rounding
/// error so rounding can never make circles touch.
const NODE_GAP: f64 = 3.0;
/// Space between the view box border and any circle.
const MARGIN: f64 = 12.0;
/// Space between a circle and its label.
const LABEL_GAP: f64 = 3.0;
/// Half the halo stroke width set in graph.css (3px), added around label
/// boxes since the halo is painted too.
const HALO: f64 = 1.5;
/// Longer labels are cut with an ellipsis (the tooltip keeps the full name),
/// since a 50-character organisation name would block a whole region.
const MAX_LABEL_CHARS: usize = 48;
/// Beyond this many labels a dense graph stops being readable even when the
/// labels do not overlap: the reader's eye needs some empty space.
const MAX_LABELS: usize = 70;
/// cos and sin of the golden angle π(3 − √5), written out so the start spiral
/// needs no libm call.
const GOLDEN_COS: f64 = -0.737_368_878_078_319_7;
const GOLDEN_SIN: f64 = 0.675_490_294_261_523_8;

/// Draws the graph as a complete `<svg>` element (view box, `role="group"`,
/// `aria-labelledby` pointing at its `<title>`, `class="graph"`). A group,
/// not an image: `role="img"` would hide the node links from assistive
/// technology and nest interactive content (axe: nested-interactive).
pub fn render_svg(nodes: &[Node<'_>], edges: &[Edge], title: &str, opts: &Options) -> String {
    let (width, height) = canvas_size(opts);
    if nodes.is_empty() {
        return empty_svg(title);
    }
    let n = nodes.len();
    let edges = select_edges(n, edges, opts.max_edges);
    let scales = Scales::new(nodes, &edges, width, height);
    let mut radii: Vec<f64> = nodes.iter().map(|nd| scales.radius(nd.weight)).collect();
    let order = importance_order(nodes);

    let reserved = reserve_labels(nodes, &radii, &order, &scales, width, height);
    // Reserved labels make their node bigger for the forces too, so the
    // layout leaves room beside hubs before overlap removal has to.
    let sizes: Vec<f64> = radii
        .iter()
        .zip(&reserved)
        .map(|(r, l)| r + l.map_or(0.0, |b| 0.5 * (b.x1 - b.x0)))
        .collect();
    let mut pos = force_layout(&edges, &sizes, &order, &scales, width, height);
    fit_into_box(&mut pos, &radii, width, height);
    let mut claims: Vec<Claim> = radii
        .iter()
        .zip(&reserved)
        .map(|(&r, &label)| Claim { r, label })
        .collect();
    remove_overlaps(&mut pos, &mut claims, width, height);
    for p in pos.iter_mut() {
        *p = [round1(p[0]), round1(p[1])];
    }
    for (r, c) in radii.iter_mut().zip(&claims) {
        *r = round1(c.r);
    }
    let labels = place_labels(nodes, &pos, &radii, &order, &scales, width, height);

    let mut out = String::with_capacity(256 + n * 220 + edges.len() * 80);
    let id = title_id(title, nodes);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph\" viewBox=\"0 0 {w} {h}\" \
         width=\"{w}\" height=\"{h}\" role=\"group\" aria-labelledby=\"{id}\">\n<title id=\"{id}\">",
        w = Num(width),
        h = Num(height),
    );
    escape_into(&mut out, title);
    out.push_str("</title>\n");

    // The stroke attribute is only a fallback for when graph.css is missing:
    // any CSS rule overrides a presentation attribute.
    out.push_str("<g class=\"edges\" stroke=\"#9aa3af\">\n");
    // Weakest first so that strong edges are painted on top.
    for e in edges.iter().rev() {
        let (p, q) = (pos[e.a], pos[e.b]);
        let _ = writeln!(
            out,
            "<line class=\"edge\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke-width=\"{}\"/>",
            F1(p[0]),
            F1(p[1]),
            F1(q[0]),
            F1(q[1]),
            F1(scales.stroke(e.weight)),
        );
    }
    out.push_str("</g>\n<g class=\"nodes\">\n");
    for (i, node) in nodes.iter().enumerate() {
        out.push_str("<a href=\"");
        escape_into(&mut out, node.href);
        let _ = write!(out, "\" class=\"node kind-{}\"><title>", node.kind % 8);
        escape_into(&mut out, node.label);
        out.push_str(" (");
        escape_into(&mut out, node.kind_label);
        let _ = write!(
            out,
            ", {} {})</title><circle cx=\"{}\" cy=\"{}\" r=\"{}\"/>",
            node.weight,
            if node.weight == 1 {
                "mention"
            } else {
                "mentions"
            },
            F1(pos[i][0]),
            F1(pos[i][1]),
            F1(radii[i]),
        );
        if let Some(l) = &labels[i] {
            let _ = write!(
                out,
                "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"{}\" font-size=\"{}\" \
                 paint-order=\"stroke\">",
                F1(l.x),
                F1(l.y),
                l.anchor.as_str(),
                F1(l.font_size),
            );
            escape_into(&mut out, &l.text);
            out.push_str("</text>");
        }
        out.push_str("</a>\n");
    }
    out.push_str("</g>\n</svg>\n");
    out
}

/// Guards against NaN, infinite or absurdly small sizes from a hand-edited
/// configuration: a bad size must not turn into a panic or an empty drawing.
fn canvas_size(opts: &Options) -> (f64, f64) {
    let sane = |v: f64, default: f64| {
        if v.is_finite() && v > 0.0 {
            round1(v.clamp(120.0, 20_000.0))
        } else {
            default
        }
    };
    let d = Options::default();
    (sane(opts.width, d.width), sane(opts.height, d.height))
}

/// The language of the page is unknown here, so the "nothing to draw"
/// message is the empty-set sign; the title still names the graph for
/// assistive technology.
fn empty_svg(title: &str) -> String {
    let mut out = String::new();
    let id = title_id(title, &[]);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph graph-empty\" viewBox=\"0 0 320 80\" \
         width=\"320\" height=\"80\" role=\"img\" aria-labelledby=\"{id}\">\n<title id=\"{id}\">"
    );
    escape_into(&mut out, title);
    out.push_str(
        "</title>\n<text class=\"label\" x=\"160\" y=\"52\" text-anchor=\"middle\" \
         font-size=\"32\">∅</text>\n</svg>\n",
    );
    out
}

/// An id unique enough for two graphs on one page, yet stable across builds
/// (FNV-1a, not the std hasher whose algorithm is unspecified).
fn title_id(title: &str, nodes: &[Node<'_>]) -> String {
    let mut h: u32 = 0x811c_9dc5;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u32::from(b);
            h = h.wrapping_mul(0x0100_0193);
        }
    };
    eat(title.as_bytes());
    for nd in nodes {
        eat(nd.href.as_bytes());
        eat(&[0]);
    }
    format!("graph-title-{h:08x}")
}

/// Nodes by decreasing weight, ties by input order: the most mentioned
/// entities start in the middle of the spiral and get their labels first.
fn importance_order(nodes: &[Node<'_>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_by(|&i, &j| nodes[j].weight.cmp(&nodes[i].weight).then(i.cmp(&j)));
    order
}

/// Cleans the edge list and keeps at most `max_edges`, strongest first, with
/// `a < b` in every returned edge. Each node's strongest edge is taken before
/// any other, so a node only ends up isolated when the cap is smaller than
/// that backbone; the rest of the budget goes to the globally strongest edges.
fn select_edges(n: usize, edges: &[Edge], max_edges: usize) -> Vec<Edge> {
    let mut merged: BTreeMap<(usize, usize), u32> = BTreeMap::new();
    for e in edges {
        if e.a >= n || e.b >= n || e.a == e.b || e.weight == 0 {
            continue;
        }
        let key = (e.a.min(e.b), e.a.max(e.b));
        let w = merged.entry(key).or_insert(0);
        *w = w.saturating_add(e.weight);
    }
    let mut sorted: Vec<Edge> = merged
        .into_iter()
        .map(|((a, b), weight)| Edge { a, b, weight })
        .collect();
    sorted.sort_by(|x, y| y.weight.cmp(&x.weight).then((x.a, x.b).cmp(&(y.a, y.b))));

    let mut seen = vec![false; n];
    let mut backbone = vec![false; sorted.len()];
    for (k, e) in sorted.iter().enumerate() {
        if !seen[e.a] || !seen[e.b] {
            backbone[k] = true;
            seen[e.a] = true;
            seen[e.b] = true;
        }
    }
    let mut keep = vec![false; sorted.len()];
    let mut budget = max_edges;
    for pass_backbone in [true, false] {
        for k in 0..sorted.len() {
            if budget == 0 {
                break;
            }
            if backbone[k] == pass_backbone && !keep[k] {
                keep[k] = true;
                budget -= 1;
            }
        }
    }
    sorted
        .into_iter()
        .zip(keep)
        .filter_map(|(e, k)| k.then_some(e))
        .collect()
}

/// Visual scales, all proportional to the room each node has on average
/// (`unit`), so that 15 nodes get big discs and 300 nodes stay small
/// enough to leave space for edges and labels.
struct Scales {
    unit: f64,
    r_min: f64,
    r_max: f64,
    node_w_max: f64,
    font_min: f64,
    font_max: f64,
    stroke_min: f64,
    stroke_max: f64,
    edge_w_max: f64,
}

impl Scales {
    fn new(nodes: &[Node<'_>], edges: &[Edge], width: f64, height: f64) -> Scales {
        let unit = (width * height / nodes.len() as f64).sqrt();
        let r_max = (unit * 0.16).clamp(7.0, 26.0);
        let r_min = (unit * 0.06).clamp(3.0, 7.0).min(r_max);
        let font_max = (unit * 0.12).clamp(13.0, 16.0);
        let stroke_max = (unit * 0.03).clamp(2.5, 6.0);
        Scales {
            unit,
            r_min,
            r_max,
            node_w_max: f64::from(nodes.iter().map(|nd| nd.weight).max().unwrap_or(0)),
            font_min: 11.0,
            font_max,
            stroke_min: 0.6,
            stroke_max,
            edge_w_max: f64::from(edges.iter().map(|e| e.weight).max().unwrap_or(0)),
        }
    }

    /// Square-root scale: the disc's area, not its radius, is proportional
    /// to the mention count, which is how readers compare discs.
    fn radius(&self, weight: u32) -> f64 {
        self.r_min + (self.r_max - self.r_min) * sqrt_frac(weight, self.node_w_max)
    }

    fn font_size(&self, weight: u32) -> f64 {
        round1(self.font_min + (self.font_max - self.font_min) * sqrt_frac(weight, self.node_w_max))
    }

    fn stroke(&self, weight: u32) -> f64 {
        self.stroke_min + (self.stroke_max - self.stroke_min) * sqrt_frac(weight, self.edge_w_max)
    }

    /// Relative pull of an edge: even the weakest kept edge pulls a little,
    /// otherwise its two ends would drift apart and the line cross the graph.
    fn pull(&self, weight: u32) -> f64 {
        0.35 + 0.65 * sqrt_frac(weight, self.edge_w_max)
    }
}

fn sqrt_frac(weight: u32, max: f64) -> f64 {
    if max > 0.0 {
        (f64::from(weight) / max).sqrt()
    } else {
        0.0
    }
}

/// Fruchterman–Reingold with a linear gravity towards the centre.
///
/// Start: a sunflower (Vogel) spiral in importance order, so the layout does
/// not depend on any random seed and heavy nodes begin in the middle.
/// Forces, with `k = 0.75 · unit`: repulsion `k_ij² / d` between every pair,
/// where `k_ij` grows with the two sizes (radius, plus half the reserved
/// label's width) so big discs and labelled hubs claim more room;
/// attraction `pull · d² / k` along kept edges; gravity `g · d` to the centre.
/// `g` is chosen so that a uniform disc of `n` repelling nodes balances at a
/// radius filling the canvas (2-D Gauss: the outward push at radius R is
/// `n k² / R`), which keeps unconnected nodes from being flung to the
/// border. Each step moves a node by at most a temperature that cools
/// linearly from a tenth of the canvas to almost nothing.
fn force_layout(
    edges: &[Edge],
    sizes: &[f64],
    order: &[usize],
    scales: &Scales,
    width: f64,
    height: f64,
) -> Vec<[f64; 2]> {
    let n = sizes.len();
    let (cx, cy) = (width / 2.0, height / 2.0);
    let k = 0.75 * scales.unit;
    let mut pos = vec![[cx, cy]; n];
    let mut dir = [1.0_f64, 0.0_f64];
    for (rank, &i) in order.iter().enumerate() {
        let rad = 0.5 * k * (rank as f64 + 0.5).sqrt();
        pos[i] = [cx + dir[0] * rad, cy + dir[1] * rad];
        dir = [
            dir[0] * GOLDEN_COS - dir[1] * GOLDEN_SIN,
            dir[0] * GOLDEN_SIN + dir[1] * GOLDEN_COS,
        ];
    }
    if n < 2 {
        return pos;
    }
    let target_r = 0.5 * width.min(height);
    let gravity = n as f64 * k * k / (target_r * target_r);
    let pulls: Vec<f64> = edges.iter().map(|e| scales.pull(e.weight)).collect();
    let t0 = 0.1 * width.max(height);
    let mut disp = vec![[0.0_f64; 2]; n];
    for it in 0..ITERATIONS {
        let temp = t0 * (1.0 - it as f64 / ITERATIONS as f64) + 0.5;
        for d in disp.iter_mut() {
            *d = [0.0, 0.0];
        }
        for i in 0..n {
            for j in (i + 1)..n {
                let (mut dx, mut dy) = (pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]);
                let mut d2 = dx * dx + dy * dy;
                if d2 < 1e-6 {
                    // Coincident nodes: separate them along a direction
                    // derived from their indexes, never at random.
                    let u = UNIT_DIRS[(i + j) % UNIT_DIRS.len()];
                    dx = u[0] * 1e-3;
                    dy = u[1] * 1e-3;
                    d2 = 1e-6;
                }
                let kij = k + 0.5 * (sizes[i] + sizes[j]);
                let f = kij * kij / d2;
                disp[i][0] += dx * f;
                disp[i][1] += dy * f;
                disp[j][0] -= dx * f;
                disp[j][1] -= dy * f;
            }
        }
        for (e, pull) in edges.iter().zip(&pulls) {
            let (dx, dy) = (pos[e.a][0] - pos[e.b][0], pos[e.a][1] - pos[e.b][1]);
            let d = (dx * dx + dy * dy).sqrt();
            let f = pull * d / k;
            disp[e.a][0] -= dx * f;
            disp[e.a][1] -= dy * f;
            disp[e.b][0] += dx * f;
            disp[e.b][1] += dy * f;
        }
        for (p, d) in pos.iter_mut().zip(disp.iter_mut()) {
            d[0] -= (p[0] - cx) * gravity;
            d[1] -= (p[1] - cy) * gravity;
            let len = (d[0] * d[0] + d[1] * d[1]).sqrt();
            if len > 0.0 {
                let step = len.min(temp) / len;
                p[0] += d[0] * step;
                p[1] += d[1] * step;
            }
        }
    }
    pos
}

/// Eight unit directions for separating coincident points deterministically.
const UNIT_DIRS: [[f64; 2]; 8] = [
    [1.0, 0.0],
    [FRAC_1_SQRT_2, FRAC_1_SQRT_2],
    [0.0, 1.0],
    [-FRAC_1_SQRT_2, FRAC_1_SQRT_2],
    [-1.0, 0.0],
    [-FRAC_1_SQRT_2, -FRAC_1_SQRT_2],
    [0.0, -1.0],
    [FRAC_1_SQRT_2, -FRAC_1_SQRT_2],
];

/// Scales the layout to fill the canvas. Each axis gets its own factor so a
/// round layout uses a landscape canvas, but the two factors stay within
/// 1.5× of each other so the picture is not visibly squashed, and a tiny
/// graph is not blown up more than 2×.
fn fit_into_box(pos: &mut [[f64; 2]], radii: &[f64], width: f64, height: f64) {
    let r_max = radii.iter().copied().fold(0.0, f64::max);
    let inset = MARGIN + r_max;
    let (avail_w, avail_h) = (
        (width - 2.0 * inset).max(0.0),
        (height - 2.0 * inset).max(0.0),
    );
    let span = |axis: usize| {
        let lo = pos.iter().map(|p| p[axis]).fold(f64::INFINITY, f64::min);
        let hi = pos
            .iter()
            .map(|p| p[axis])
            .fold(f64::NEG_INFINITY, f64::max);
        (lo, hi - lo)
    };
    let ((x0, sw), (y0, sh)) = (span(0), span(1));
    let factor = |avail: f64, s: f64| if s > 1e-9 { avail / s } else { f64::INFINITY };
    let (mut fx, mut fy) = (factor(avail_w, sw), factor(avail_h, sh));
    fx = fx.min(fy * 1.5).min(2.0);
    fy = fy.min(fx * 1.5).min(2.0);
    if !fx.is_finite() {
        fx = 0.0;
    }
    if !fy.is_finite() {
        fy = 0.0;
    }
    let (ox, oy) = (
        (width - sw * fx) / 2.0 - x0 * fx,
        (height - sh * fy) / 2.0 - y0 * fy,
    );
    for p in pos.iter_mut() {
        *p = [p[0] * fx + ox, p[1] * fy + oy];
    }
}

/// Room a node claims while overlaps are removed: its disc and, for the
/// nodes whose label is reserved, that label's box (relative to the centre).
#[derive(Debug, Clone, Copy)]
struct Claim {
    r: f64,
    label: Option<Rect>,
}

impl Claim {
    /// Bounding box relative to the centre, for keeping it in the canvas.
    fn extent(&self) -> Rect {
        let disc = Rect {
            x0: -self.r,
            y0: -self.r,
            x1: self.r,
            y1: self.r,
        };
        match self.label {
            Some(l) => Rect {
                x0: disc.x0.min(l.x0),
                y0: disc.y0.min(l.y0),
                x1: disc.x1.max(l.x1),
                y1: disc.y1.max(l.y1),
            },
            None => disc,
        }
    }
}

/// Decides which labels get room reserved in the layout: most mentioned
/// first, while reserved boxes cover at most 15% of the canvas. Without
/// this the hubs, which sit in the crowded middle, are exactly the nodes
/// whose labels find no free spot, and the greedy placement ends up naming
/// leaves on the rim instead. The box is the first placement candidate
/// (right of the disc), so the greedy pass finds it free.
fn reserve_labels(
    nodes: &[Node<'_>],
    radii: &[f64],
    order: &[usize],
    scales: &Scales,
    width: f64,
    height: f64,
) -> Vec<Option<Rect>> {
    let budget = 0.15 * width * height;
    let mut used = 0.0;
    let mut out = vec![None; nodes.len()];
    for &i in order.iter().take(MAX_LABELS) {
        let text = display_label(nodes[i].label);
        if text.is_empty() {
            continue;
        }
        let fs = scales.font_size(nodes[i].weight);
        let (x, y, anchor) = label_candidates([0.0, 0.0], radii[i], fs)[0];
        let b = label_box(x, y, anchor, text_width(&text, fs), fs);
        used += (b.x1 - b.x0) * (b.y1 - b.y0);
        if used > budget {
            break;
        }
        out[i] = Some(b);
    }
    out
}

/// Pushes apart every pair of nodes whose claims (discs closer than
/// `r1 + r2 + NODE_GAP`, reserved label boxes) touch, keeping each claim
/// inside the canvas, until a whole pass finds nothing to fix. The force
/// layout leaves few conflicts, so this usually ends in a few passes.
/// Should a canvas be too crowded to converge, the label reservations go
/// first, then all radii shrink by 15% and the passes start again: smaller
/// discs are a better failure than overlapping ones.
fn remove_overlaps(pos: &mut [[f64; 2]], claims: &mut [Claim], width: f64, height: f64) {
    let n = pos.len();
    for _attempt in 0..16 {
        for _pass in 0..200 {
            let mut moved = false;
            for i in 0..n {
                for j in (i + 1)..n {
                    // A pair can conflict through several shapes at once.
                    for _ in 0..4 {
                        let Some(v) = separation(pos[i], &claims[i], pos[j], &claims[j], i + j)
                        else {
                            break;
                        };
                        moved = true;
                        push_apart(pos, claims, i, j, v, width, height);
                    }
                }
            }
            if !moved {
                return;
            }
        }
        if claims.iter().any(|c| c.label.is_some()) {
            for c in claims.iter_mut() {
                c.label = None;
            }
        } else {
            for c in claims.iter_mut() {
                c.r = (c.r * 0.85).max(1.0);
            }
        }
    }
}

/// Moves `i` by `-v/2` and `j` by the rest of `v`, so that whatever `i`
/// could not take (stuck at the border) `j` takes.
fn push_apart(
    pos: &mut [[f64; 2]],
    claims: &[Claim],
    i: usize,
    j: usize,
    v: [f64; 2],
    width: f64,
    height: f64,
) {
    let len = (v[0] * v[0] + v[1] * v[1]).sqrt();
    if len <= 0.0 {
        return;
    }
    let u = [v[0] / len, v[1] / len];
    let before = pos[i];
    pos[i] = clamp_to_box(
        [pos[i][0] - v[0] / 2.0, pos[i][1] - v[1] / 2.0],
        &claims[i],
        width,
        height,
    );
    let moved_i = (before[0] - pos[i][0]) * u[0] + (before[1] - pos[i][1]) * u[1];
    let rest = len - moved_i;
    pos[j] = clamp_to_box(
        [pos[j][0] + u[0] * rest, pos[j][1] + u[1] * rest],
        &claims[j],
        width,
        height,
    );
}

/// Overshoot added to every push so a fixed pair stays fixed despite
/// rounding.
const SETTLE: f64 = 0.05;

/// The move of node `j` that clears the first conflict found between the
/// claims of `i` and `j`, or `None` when they are clear. `tie` picks a
/// direction for coincident centres without randomness.
fn separation(pi: [f64; 2], ci: &Claim, pj: [f64; 2], cj: &Claim, tie: usize) -> Option<[f64; 2]> {
    let (dx, dy) = (pj[0] - pi[0], pj[1] - pi[1]);
    let need = ci.r + cj.r + NODE_GAP;
    let d2 = dx * dx + dy * dy;
    if d2 < need * need {
        let d = d2.sqrt();
        let u = if d > 1e-9 {
            [dx / d, dy / d]
        } else {
            UNIT_DIRS[tie % UNIT_DIRS.len()]
        };
        let k = need - d + SETTLE;
        return Some([u[0] * k, u[1] * k]);
    }
    if let Some(l) = ci.label {
        if let Some(v) = disc_out_of_rect(pj, cj.r, l.shift(pi)) {
            return Some(v);
        }
    }
    if let Some(l) = cj.label {
        if let Some(v) = disc_out_of_rect(pi, ci.r, l.shift(pj)) {
            return Some([-v[0], -v[1]]);
        }
    }
    if let (Some(a), Some(b)) = (ci.label, cj.label) {
        return rect_out_of_rect(a.shift(pi), b.shift(pj), tie);
    }
    None
}

/// The move of a disc that takes it `NODE_GAP` clear of a box.
fn disc_out_of_rect(c: [f64; 2], r: f64, b: Rect) -> Option<[f64; 2]> {
    let need = r + NODE_GAP;
    let near = [c[0].clamp(b.x0, b.x1), c[1].clamp(b.y0, b.y1)];
    let (dx, dy) = (c[0] - near[0], c[1] - near[1]);
    let d2 = dx * dx + dy * dy;
    if d2 >= need * need {
        return None;
    }
    if d2 > 1e-12 {
        let d = d2.sqrt();
        let k = (need - d + SETTLE) / d;
        return Some([dx * k, dy * k]);
    }
    // Centre inside the box: leave by the nearest side.
    let exits = [
        (c[0] - b.x0, [-1.0, 0.0]),
        (b.x1 - c[0], [1.0, 0.0]),
        (c[1] - b.y0, [0.0, -1.0]),
        (b.y1 - c[1], [0.0, 1.0]),
    ];
    let (depth, u) = exits
        .into_iter()
        .fold(exits[0], |best, e| if e.0 < best.0 { e } else { best });
    let k = depth + need + SETTLE;
    Some([u[0] * k, u[1] * k])
}

/// The move of box `b` that takes it `NODE_GAP` clear of box `a`, along the
/// axis needing the shorter move.
fn rect_out_of_rect(a: Rect, b: Rect, tie: usize) -> Option<[f64; 2]> {
    let ox = a.x1.min(b.x1) - a.x0.max(b.x0) + NODE_GAP;
    let oy = a.y1.min(b.y1) - a.y0.max(b.y0) + NODE_GAP;
    if ox <= 0.0 || oy <= 0.0 {
        return None;
    }
    let side = |da: f64, db: f64| {
        if db > da || (db == da && tie & 1 == 0) {
            1.0
        } else {
            -1.0
        }
    };
    if ox <= oy {
        Some([side(a.x0 + a.x1, b.x0 + b.x1) * (ox + SETTLE), 0.0])
    } else {
        Some([0.0, side(a.y0 + a.y1, b.y0 + b.y1) * (oy + SETTLE)])
    }
}

fn clamp_to_box(p: [f64; 2], claim: &Claim, width: f64, height: f64) -> [f64; 2] {
    let e = claim.extent();
    let lim = |v: f64, lo_off: f64, hi_off: f64, size: f64| {
        let (lo, hi) = (MARGIN - lo_off, size - MARGIN - hi_off);
        if lo > hi {
            (size - lo_off - hi_off) / 2.0
        } else {
            v.clamp(lo, hi)
        }
    };
    [lim(p[0], e.x0, e.x1, width), lim(p[1], e.y0, e.y1, height)]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

struct Label {
    x: f64,
    /// Baseline.
    y: f64,
    anchor: Anchor,
    font_size: f64,
    text: String,
}

/// Axis-aligned box: left, top, right, bottom.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    fn shift(self, by: [f64; 2]) -> Rect {
        Rect {
            x0: self.x0 + by[0],
            y0: self.y0 + by[1],
            x1: self.x1 + by[0],
            y1: self.y1 + by[1],
        }
    }

    fn intersects(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    fn hits_circle(&self, c: [f64; 2], r: f64) -> bool {
        let nx = c[0].clamp(self.x0, self.x1);
        let ny = c[1].clamp(self.y0, self.y1);
        let (dx, dy) = (c[0] - nx, c[1] - ny);
        dx * dx + dy * dy < (r + 1.0) * (r + 1.0)
    }

    fn inside(&self, width: f64, height: f64) -> bool {
        self.x0 >= 0.0 && self.y0 >= 0.0 && self.x1 <= width && self.y1 <= height
    }
}

/// Ascent and descent of the box as a fraction of the font size: DejaVu
/// Sans' accented capitals reach 0.93 em, descenders 0.24 em.
const ASCENT: f64 = 0.93;
const DESCENT: f64 = 0.24;

/// The box a label will cover, halo included. Shared by the placement and
/// the tests so both agree on what "overlap" means.
fn label_box(x: f64, baseline: f64, anchor: Anchor, width: f64, font_size: f64) -> Rect {
    let x0 = match anchor {
        Anchor::Start => x,
        Anchor::Middle => x - width / 2.0,
        Anchor::End => x - width,
    };
    Rect {
        x0: x0 - HALO,
        y0: baseline - ASCENT * font_size - HALO,
        x1: x0 + width + HALO,
        y1: baseline + DESCENT * font_size + HALO,
    }
}

/// Advance widths of DejaVu Sans for ASCII 32..=126, in thousandths of an em.
/// DejaVu (like Verdana) is among the widest common sans-serif faces, so
/// these over-estimate whatever font the reader's browser picks and an
/// estimated-disjoint pair of labels is disjoint on screen too.
const ASCII_WIDTHS: [u16; 95] = [
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632,
    575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685,
    611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579,
    278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];

/// Estimated advance width of `text` at `font_size`. Non-ASCII letters (the
/// accented ones of French names) take a generous per-case width, anything
/// else a full em (CJK, symbols).
fn text_width(text: &str, font_size: f64) -> f64 {
    let mut em = 0.0;
    for c in text.chars() {
        em += match c {
            ' '..='~' => f64::from(ASCII_WIDTHS[c as usize - 32]) / 1000.0,
            '…' => 1.0,
            c if c.is_lowercase() => 0.64,
            c if c.is_alphabetic() => 0.8,
            _ => 1.0,
        };
    }
    em * font_size
}

/// Label text, cut with an ellipsis when too long to sit beside a disc.
fn display_label(label: &str) -> String {
    let trimmed = label.trim();
    if trimmed.chars().count() <= MAX_LABEL_CHARS {
        trimmed.to_string()
    } else {
        let mut s: String = trimmed.chars().take(MAX_LABEL_CHARS - 1).collect();
        s.truncate(s.trim_end().len());
        s.push('…');
        s
    }
}

/// Where a label may go around its disc, best first: right and left read
/// most naturally, then below and above, then the diagonals.
fn label_candidates(c: [f64; 2], r: f64, font_size: f64) -> [(f64, f64, Anchor); 8] {
    let g = LABEL_GAP + HALO;
    let mid = c[1] + 0.35 * font_size;
    let d = FRAC_1_SQRT_2 * r + 0.5 * g;
    [
        (c[0] + r + g, mid, Anchor::Start),
        (c[0] - r - g, mid, Anchor::End),
        (c[0], c[1] + r + g + ASCENT * font_size, Anchor::Middle),
        (c[0], c[1] - r - g - DESCENT * font_size, Anchor::Middle),
        (c[0] + d, c[1] - d - DESCENT * font_size, Anchor::Start),
        (c[0] + d, c[1] + d + ASCENT * font_size, Anchor::Start),
        (c[0] - d, c[1] - d - DESCENT * font_size, Anchor::End),
        (c[0] - d, c[1] + d + ASCENT * font_size, Anchor::End),
    ]
}

/// Greedy placement, most mentioned first: a label is drawn at the first
/// candidate position whose box stays in the canvas and touches neither a
/// placed label nor any disc; otherwise the node stays unlabelled (its
/// tooltip still names it).
fn place_labels(
    nodes: &[Node<'_>],
    pos: &[[f64; 2]],
    radii: &[f64],
    order: &[usize],
    scales: &Scales,
    width: f64,
    height: f64,
) -> Vec<Option<Label>> {
    let mut labels: Vec<Option<Label>> = (0..nodes.len()).map(|_| None).collect();
    let mut placed: Vec<Rect> = Vec::new();
    for &i in order {
        if placed.len() >= MAX_LABELS {
            break;
        }
        let text = display_label(nodes[i].label);
        if text.is_empty() {
            continue;
        }
        let fs = scales.font_size(nodes[i].weight);
        let tw = text_width(&text, fs);
        for (x, y, anchor) in label_candidates(pos[i], radii[i], fs) {
            let (x, y) = (round1(x), round1(y));
            let b = label_box(x, y, anchor, tw, fs);
            if !b.inside(width, height)
                || placed.iter().any(|p| p.intersects(&b))
                || pos.iter().zip(radii).any(|(&c, &r)| b.hits_circle(c, r))
            {
                continue;
            }
            placed.push(b);
            labels[i] = Some(Label {
                x,
                y,
                anchor,
                font_size: fs,
                text,
            });
            break;
        }
    }
    labels
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// A coordinate with exactly one decimal, never "-0.0", so the text of the
/// output is as stable as the numbers.
struct F1(f64);

impl fmt::Display for F1 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = round1(self.0);
        let v = if v == 0.0 { 0.0 } else { v };
        write!(f, "{v:.1}")
    }
}

/// A size for the view box: integers without a decimal ("960"), else one.
struct Num(f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.fract() == 0.0 {
            write!(f, "{:.0}", self.0)
        } else {
            F1(self.0).fmt(f)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node<'a>(label: &'a str, href: &'a str, kind: usize, weight: u32) -> Node<'a> {
        let kind_label = ["Personne", "Pays", "Organisation", "Thème"][kind % 4];
        Node {
            label,
            href,
            kind,
            kind_label,
            weight,
        }
    }

    /// Shaped like the real dossier: Moscow consultations between Russia and
    /// the Alliance of Sahel States.
    fn dossier_graph() -> (Vec<Node<'static>>, Vec<Edge>) {
        let nodes = vec![
            node("Sergueï Lavrov", "personnes/serguei-lavrov.html", 0, 24),
            node("Abdoulaye Diop", "personnes/abdoulaye-diop.html", 0, 14),
            node(
                "Bakary Yaou Sangare",
                "personnes/bakary-yaou-sangare.html",
                0,
                9,
            ),
            node("Assimi Goïta", "personnes/assimi-goita.html", 0, 6),
            node("Guéorgiï Tykhy", "personnes/gueorgii-tykhy.html", 0, 4),
            node("Russie", "pays/russie.html", 1, 38),
            node("Mali", "pays/mali.html", 1, 27),
            node("Niger", "pays/niger.html", 1, 19),
            node("Burkina Faso", "pays/burkina-faso.html", 1, 18),
            node("Ukraine", "pays/ukraine.html", 1, 8),
            node("France", "pays/france.html", 1, 7),
            node("AES", "organisations/aes.html", 2, 31),
            node("Cédéao", "organisations/cedeao.html", 2, 10),
            node("Wagner", "organisations/wagner.html", 2, 5),
            node("ONU", "organisations/onu.html", 2, 3),
            node(
                "Sécurité et défense",
                "themes/securite-et-defense.html",
                3,
                16,
            ),
            node("Terrorisme", "themes/terrorisme.html", 3, 11),
            node("Économie", "themes/economie.html", 3, 6),
        ];
        // 15 people, countries and organisations, plus three topics.
        let e = |a, b, weight| Edge { a, b, weight };
        let edges = vec![
            e(0, 5, 20),
            e(0, 11, 15),
            e(0, 1, 9),
            e(0, 2, 6),
            e(0, 6, 10),
            e(0, 7, 8),
            e(0, 8, 8),
            e(0, 9, 4),
            e(0, 10, 3),
            e(0, 15, 7),
            e(0, 14, 2),
            e(1, 6, 12),
            e(1, 5, 8),
            e(1, 11, 7),
            e(1, 12, 3),
            e(2, 7, 8),
            e(2, 5, 5),
            e(2, 11, 4),
            e(3, 6, 5),
            e(3, 13, 2),
            e(3, 11, 2),
            e(4, 9, 3),
            e(4, 5, 2),
            e(5, 11, 22),
            e(5, 6, 18),
            e(5, 7, 12),
            e(5, 8, 12),
            e(5, 9, 7),
            e(5, 10, 4),
            e(5, 13, 4),
            e(5, 15, 9),
            e(5, 16, 6),
            e(5, 17, 5),
            e(6, 7, 10),
            e(6, 8, 10),
            e(6, 11, 14),
            e(6, 10, 5),
            e(6, 13, 4),
            e(6, 16, 6),
            e(7, 8, 9),
            e(7, 11, 12),
            e(8, 11, 12),
            e(9, 10, 2),
            e(10, 12, 2),
            e(11, 12, 6),
            e(11, 15, 10),
            e(11, 16, 8),
            e(11, 17, 4),
            e(12, 14, 1),
            e(13, 16, 3),
            e(14, 9, 1),
            e(15, 16, 7),
            e(15, 17, 2),
            e(16, 7, 4),
        ];
        (nodes, edges)
    }

    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    /// 300 nodes with heavy-tailed weights and ~1500 edges attached
    /// preferentially to heavy nodes, like a real corpus where a few countries
    /// appear everywhere.
    fn synthetic_graph(n: usize) -> (Vec<String>, Vec<String>, Vec<u32>, Vec<Edge>) {
        let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
        let mut labels = Vec::new();
        let mut hrefs = Vec::new();
        let mut weights = Vec::new();
        for i in 0..n {
            let len = 4 + rng.below(14) as usize;
            let mut s = String::new();
            for k in 0..len {
                let c = (b'a' + rng.below(26) as u8) as char;
                s.push(if k == 0 { c.to_ascii_uppercase() } else { c });
                if k > 2 && k + 2 < len && rng.below(6) == 0 {
                    s.push(' ');
                }
            }
            labels.push(format!("{s} {i}"));
            hrefs.push(format!("e/{i}.html"));
            let u = (rng.below(10_000) as f64) / 10_000.0;
            weights.push(1 + (u * u * u * u * 150.0) as u32);
        }
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let pick = |rng: &mut XorShift| {
            let mut t = rng.below(total);
            for (i, &w) in weights.iter().enumerate() {
                if t < u64::from(w) {
                    return i;
                }
                t -= u64::from(w);
            }
            n - 1
        };
        let mut edges = Vec::new();
        for a in 0..n {
            for _ in 0..5 {
                let b = pick(&mut rng);
                if a != b {
                    let w = 1 + rng.below(1 + u64::from(weights[a].min(weights[b])) / 2) as u32;
                    edges.push(Edge { a, b, weight: w });
                }
            }
        }
        (labels, hrefs, weights, edges)
    }

    fn with_synthetic<R>(n: usize, f: impl FnOnce(&[Node<'_>], &[Edge]) -> R) -> R {
        let (labels, hrefs, weights, edges) = synthetic_graph(n);
        let nodes: Vec<Node<'_>> = (0..n)
            .map(|i| Node {
                label: &labels[i],
                href: &hrefs[i],
                kind: i % 5,
                kind_label: "Thème",
                weight: weights[i],
            })
            .collect();
        f(&nodes, &edges)
    }

    fn attr(tag: &str, name: &str) -> Option<String> {
        let key = format!(" {name}=\"");
        let start = tag.find(&key)? + key.len();
        let end = tag[start..].find('"')? + start;
        Some(tag[start..end].to_string())
    }

    fn num(tag: &str, name: &str) -> f64 {
        attr(tag, name)
            .unwrap_or_else(|| panic!("no {name} in {tag}"))
            .parse()
            .unwrap()
    }

    /// Every `<tag …>` opening tag (up to its `>`), in document order.
    fn tags<'s>(svg: &'s str, name: &str) -> Vec<&'s str> {
        let open = format!("<{name} ");
        let mut out = Vec::new();
        let mut rest = svg;
        while let Some(i) = rest.find(&open) {
            let end = rest[i..].find('>').unwrap() + i;
            out.push(&rest[i..=end]);
            rest = &rest[end..];
        }
        out
    }

    fn circles(svg: &str) -> Vec<([f64; 2], f64)> {
        tags(svg, "circle")
            .iter()
            .map(|t| ([num(t, "cx"), num(t, "cy")], num(t, "r")))
            .collect()
    }

    fn unescape(s: &str) -> String {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    /// (box, text) of every drawn label, recomputed from the SVG with the
    /// module's own width estimate.
    fn label_boxes(svg: &str) -> Vec<(Rect, String)> {
        let mut out = Vec::new();
        let mut rest = svg;
        while let Some(i) = rest.find("<text ") {
            let close = rest[i..].find('>').unwrap() + i;
            let end = rest[close..].find("</text>").unwrap() + close;
            let tag = &rest[i..=close];
            let text = unescape(&rest[close + 1..end]);
            let anchor = match attr(tag, "text-anchor").as_deref() {
                Some("start") => Anchor::Start,
                Some("middle") => Anchor::Middle,
                Some("end") => Anchor::End,
                other => panic!("bad anchor {other:?}"),
            };
            let fs = num(tag, "font-size");
            let b = label_box(
                num(tag, "x"),
                num(tag, "y"),
                anchor,
                text_width(&text, fs),
                fs,
            );
            out.push((b, text));
            rest = &rest[end..];
        }
        out
    }

    fn assert_no_circle_overlap(svg: &str) {
        let cs = circles(svg);
        for i in 0..cs.len() {
            for j in (i + 1)..cs.len() {
                let (p, r1) = cs[i];
                let (q, r2) = cs[j];
                let d = ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt();
                assert!(
                    d >= r1 + r2 + 2.0,
                    "circles {i} and {j} overlap: d={d:.2} r1={r1} r2={r2}"
                );
            }
        }
    }

    fn assert_labels_clear(svg: &str, width: f64, height: f64) {
        let ls = label_boxes(svg);
        let cs = circles(svg);
        for (i, (a, ta)) in ls.iter().enumerate() {
            assert!(
                a.inside(width, height),
                "label {ta:?} leaves the canvas: {a:?}"
            );
            for (b, tb) in &ls[i + 1..] {
                assert!(!a.intersects(b), "labels {ta:?} and {tb:?} overlap");
            }
            for &(c, r) in &cs {
                assert!(!a.hits_circle(c, r), "label {ta:?} covers a disc at {c:?}");
            }
        }
    }

    /// Every element opened is closed, in order: a cheap well-formedness check.
    fn assert_balanced(svg: &str) {
        let mut stack: Vec<&str> = Vec::new();
        let mut rest = svg;
        while let Some(i) = rest.find('<') {
            let end = rest[i..].find('>').unwrap() + i;
            let tag = &rest[i + 1..end];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
            } else if !tag.ends_with('/') {
                let name = tag.split([' ', '\n']).next().unwrap();
                stack.push(name);
            }
            rest = &rest[end + 1..];
        }
        assert!(stack.is_empty(), "unclosed: {stack:?}");
    }

    #[test]
    fn same_input_same_bytes() {
        let (nodes, edges) = dossier_graph();
        let opts = Options::default();
        let a = render_svg(&nodes, &edges, "Graphe", &opts);
        let b = render_svg(&nodes, &edges, "Graphe", &opts);
        assert_eq!(a, b);
        with_synthetic(300, |nodes, edges| {
            let a = render_svg(nodes, edges, "Graphe", &opts);
            let b = render_svg(nodes, edges, "Graphe", &opts);
            assert_eq!(a, b);
        });
    }

    #[test]
    fn svg_envelope() {
        let (nodes, edges) = dossier_graph();
        let svg = render_svg(&nodes, &edges, "Le graphe", &Options::default());
        assert!(svg.starts_with("<svg "));
        assert!(svg.trim_end().ends_with("</svg>"));
        let root = tags(&svg, "svg")[0];
        assert_eq!(attr(root, "viewBox").as_deref(), Some("0 0 960 720"));
        assert_eq!(attr(root, "width").as_deref(), Some("960"));
        assert_eq!(attr(root, "height").as_deref(), Some("720"));
        assert_eq!(attr(root, "role").as_deref(), Some("group"));
        assert_eq!(attr(root, "class").as_deref(), Some("graph"));
        let id = attr(root, "aria-labelledby").unwrap();
        assert!(svg.contains(&format!("<title id=\"{id}\">Le graphe</title>")));
        assert!(!svg.contains("style"), "CSP forbids inline styles");
        assert_balanced(&svg);
    }

    #[test]
    fn every_node_is_a_link() {
        let (nodes, edges) = dossier_graph();
        let svg = render_svg(&nodes, &edges, "Graphe", &Options::default());
        let links = tags(&svg, "a");
        assert_eq!(links.len(), nodes.len());
        for (nd, tag) in nodes.iter().zip(&links) {
            assert_eq!(attr(tag, "href").as_deref(), Some(nd.href));
            let class = attr(tag, "class").unwrap();
            assert!(class.contains(&format!("kind-{}", nd.kind % 8)), "{class}");
        }
        assert!(svg.contains("<title>Sergueï Lavrov (Personne, 24 mentions)</title>"));
        assert!(svg.contains("<title>ONU (Organisation, 3 mentions)</title>"));
        // With 18 nodes on a 960×720 canvas every label fits.
        assert_eq!(label_boxes(&svg).len(), nodes.len());
    }

    #[test]
    fn dossier_graph_circles_and_labels_do_not_overlap() {
        let (nodes, edges) = dossier_graph();
        let svg = render_svg(&nodes, &edges, "Graphe", &Options::default());
        assert_no_circle_overlap(&svg);
        assert_labels_clear(&svg, 960.0, 720.0);
    }

    #[test]
    fn big_graph_circles_and_labels_do_not_overlap() {
        with_synthetic(300, |nodes, edges| {
            let svg = render_svg(nodes, edges, "Graphe", &Options::default());
            assert_eq!(circles(&svg).len(), 300);
            assert_no_circle_overlap(&svg);
            assert_labels_clear(&svg, 960.0, 720.0);
            let labels = label_boxes(&svg);
            assert!(labels.len() >= 20, "only {} labels", labels.len());
            assert!(labels.len() <= MAX_LABELS);
            // The most mentioned entity is labelled.
            let top = (0..nodes.len()).max_by_key(|&i| (nodes[i].weight, usize::MAX - i));
            let top = nodes[top.unwrap()].label;
            assert!(labels.iter().any(|(_, t)| t == top), "{top} unlabelled");
            assert_balanced(&svg);
        });
    }

    #[test]
    fn small_and_odd_canvases_do_not_overlap_either() {
        with_synthetic(120, |nodes, edges| {
            for (w, h) in [(400.0, 300.0), (300.0, 900.0), (120.0, 120.0)] {
                let opts = Options {
                    width: w,
                    height: h,
                    max_edges: 200,
                };
                let svg = render_svg(nodes, edges, "Graphe", &opts);
                assert_no_circle_overlap(&svg);
                assert_labels_clear(&svg, w, h);
            }
        });
    }

    #[test]
    fn escaping() {
        let nodes = [
            Node {
                label: "A & <B>",
                href: "x.html?a=1&b=\"2\"",
                kind: 9,
                kind_label: "Org \"<x>\"",
                weight: 1,
            },
            node("C'est \u{1}ça", "c.html", 0, 2),
        ];
        let edges = [Edge {
            a: 0,
            b: 1,
            weight: 1,
        }];
        let svg = render_svg(&nodes, &edges, "T <&> \"q\"", &Options::default());
        assert!(svg.contains(">A &amp; &lt;B&gt;</text>"), "{svg}");
        assert!(
            svg.contains("<title>A &amp; &lt;B&gt; (Org &quot;&lt;x&gt;&quot;, 1 mention)</title>")
        );
        assert!(svg.contains("href=\"x.html?a=1&amp;b=&quot;2&quot;\""));
        assert!(svg.contains("T &lt;&amp;&gt; &quot;q&quot;</title>"));
        assert!(svg.contains("C&#39;est ça"));
        assert!(!svg.contains("<B>") && !svg.contains('\u{1}'));
        assert!(svg.contains("kind-1\""), "kind 9 cycles to kind-1");
        assert_balanced(&svg);
    }

    #[test]
    fn max_edges_is_a_hard_cap() {
        with_synthetic(300, |nodes, edges| {
            for max in [0, 1, 50, 400] {
                let opts = Options {
                    max_edges: max,
                    ..Options::default()
                };
                let svg = render_svg(nodes, edges, "Graphe", &opts);
                assert!(tags(&svg, "line").len() <= max);
            }
            assert!(edges.len() > 1000, "the cap must actually bite");
            let svg = render_svg(nodes, edges, "Graphe", &Options::default());
            assert_eq!(tags(&svg, "line").len(), 400);
        });
    }

    #[test]
    fn every_connected_node_keeps_its_strongest_edge() {
        with_synthetic(300, |nodes, edges| {
            let kept = select_edges(nodes.len(), edges, 400);
            assert_eq!(kept.len(), 400);
            for i in 0..nodes.len() {
                let best = edges
                    .iter()
                    .filter(|e| e.a == i || e.b == i)
                    .map(|e| e.weight)
                    .max();
                if best.is_some() {
                    assert!(
                        kept.iter().any(|e| e.a == i || e.b == i),
                        "node {i} left isolated"
                    );
                }
            }
            // The rest of the budget went to the strongest edges.
            let weakest_kept = kept.iter().map(|e| e.weight).min().unwrap();
            assert!(weakest_kept >= 1);
        });
    }

    #[test]
    fn select_edges_cleans_and_merges() {
        let e = |a, b, weight| Edge { a, b, weight };
        let kept = select_edges(
            3,
            &[
                e(0, 1, 2),
                e(1, 0, 3),
                e(2, 2, 9),
                e(0, 7, 9),
                e(1, 2, 0),
                e(2, 1, 1),
            ],
            10,
        );
        assert_eq!(kept, vec![e(0, 1, 5), e(1, 2, 1)]);
        // Backbone first: with room for three edges, node 3's only edge
        // beats a stronger edge between already-connected nodes.
        let kept = select_edges(4, &[e(0, 1, 9), e(1, 2, 8), e(0, 2, 7), e(2, 3, 1)], 3);
        assert_eq!(kept, vec![e(0, 1, 9), e(1, 2, 8), e(2, 3, 1)]);
        // A cap below the backbone keeps its strongest edges.
        let kept = select_edges(4, &[e(0, 1, 9), e(1, 2, 8), e(0, 2, 7), e(2, 3, 1)], 2);
        assert_eq!(kept, vec![e(0, 1, 9), e(1, 2, 8)]);
    }

    #[test]
    fn degenerate_inputs_do_not_panic() {
        let svg = render_svg(&[], &[], "Vide", &Options::default());
        assert!(svg.starts_with("<svg ") && svg.contains("</svg>"));
        assert!(svg.contains("<title id=") && svg.contains("Vide"));
        assert_balanced(&svg);

        let one = [node("Seul", "seul.html", 0, 0)];
        let bad = [
            Edge {
                a: 0,
                b: 5,
                weight: 3,
            },
            Edge {
                a: 0,
                b: 0,
                weight: 1,
            },
            Edge {
                a: usize::MAX,
                b: 0,
                weight: u32::MAX,
            },
        ];
        let svg = render_svg(&one, &bad, "Un", &Options::default());
        assert_eq!(circles(&svg).len(), 1);
        assert!(tags(&svg, "line").is_empty());

        let zeros: Vec<Node<'_>> = (0..40).map(|_| node("Même nom", "m.html", 3, 0)).collect();
        for opts in [
            Options::default(),
            Options {
                width: f64::NAN,
                height: -5.0,
                max_edges: 0,
            },
            Options {
                width: 1.0,
                height: f64::INFINITY,
                max_edges: 3,
            },
        ] {
            let svg = render_svg(&zeros, &[], "Zéros", &opts);
            assert_eq!(circles(&svg).len(), 40);
            assert!(!svg.contains("NaN") && !svg.contains("inf"));
            assert_balanced(&svg);
        }
    }

    #[test]
    fn long_labels_are_shortened() {
        let s = display_label("Communauté économique des États de l'Afrique de l'Ouest");
        assert_eq!(s.chars().count(), MAX_LABEL_CHARS);
        assert!(s.ends_with('…'));
        assert_eq!(display_label("  Mali "), "Mali");
    }

    #[test]
    fn numbers_are_stable_text() {
        assert_eq!(F1(-0.04).to_string(), "0.0");
        assert_eq!(F1(12.345).to_string(), "12.3");
        assert_eq!(Num(960.0).to_string(), "960");
        assert_eq!(Num(960.25).to_string(), "960.3");
    }
}
