//! The graph page: the co-occurrence graph of the most mentioned
//! entities, drawn by [`super::graph`], and its strongest pairs as text.

use super::*;

/// Entities drawn in the graph, the most mentioned.
const GRAPH_NODES_MAX: usize = 400;

/// Connections listed as text under the graph.
const GRAPH_PAIRS_LISTED: usize = 40;

impl<'a> Cx<'a> {
    pub(super) fn graph_page(&self, root: &str) -> GraphPage<'a> {
        let d = self.d;
        // Only entities that are mentioned take part, at most the
        // GRAPH_NODES_MAX most mentioned: the layout costs the square of
        // the nodes (2,000 entities took longer than all other pages), and
        // beyond a few hundred the drawing is a hairball anyway.
        let mentions = |e: EntityIx| self.a.entities[e].mentions.len();
        let mut present: Vec<EntityIx> =
            d.entities.indices().filter(|&e| mentions(e) > 0).collect();
        if present.len() > GRAPH_NODES_MAX {
            present.sort_by_key(|&e| (std::cmp::Reverse(mentions(e)), e));
            present.truncate(GRAPH_NODES_MAX);
            present.sort_unstable();
        }
        let mut index: IxVec<EntityIx, usize> = IxVec::filled(usize::MAX, d.entities.len());
        for (i, &e) in present.iter().enumerate() {
            index[e] = i;
        }
        let hrefs: Vec<String> = present
            .iter()
            .map(|&e| self.routes.href(root, Route::Entity(e)))
            .collect();
        let nodes: Vec<graph::Node> = present
            .iter()
            .zip(&hrefs)
            .map(|(&e, href)| {
                let ent = &d.entities[e];
                graph::Node {
                    label: &ent.name,
                    href,
                    kind: ent.kind.get(),
                    kind_label: &d.kinds[ent.kind].singular,
                    weight: mentions(e) as u32,
                }
            })
            .collect();
        let edges: Vec<graph::Edge> = self
            .a
            .edges
            .iter()
            .filter(|&&(a, b, _)| index[a] != usize::MAX && index[b] != usize::MAX)
            .map(|&(a, b, w)| graph::Edge {
                a: index[a],
                b: index[b],
                weight: w,
            })
            .collect();
        let svg = graph::render_svg(&nodes, &edges, self.t.graph, &graph::Options::default());
        GraphPage {
            svg,
            pairs: self
                .a
                .edges
                .iter()
                .take(GRAPH_PAIRS_LISTED)
                .map(|&(x, y, w)| Pair {
                    a: self.entity_ref(x, root, None),
                    b: self.entity_ref(y, root, None),
                    weight: w,
                })
                .collect(),
            legend: d
                .kinds
                .iter_enumerated()
                .map(|(k, kind)| EntityRef {
                    name: &kind.label,
                    href: self.routes.href(root, Route::Kind(k)),
                    class: format!("k-{}", k.get() % 8),
                    kind: &kind.singular,
                    count: None,
                })
                .collect(),
            nodes: nodes.len(),
            edges: edges.len(),
        }
    }
}
