//! Interface strings and date formats per language. Templates read the
//! strings through `t.<key>`; content is never translated.

use crate::model::{Date, Lang};
use serde::Serialize;

#[derive(Serialize)]
pub struct Strings {
    pub home: &'static str,
    pub articles: &'static str,
    pub timeline: &'static str,
    pub quotes: &'static str,
    pub claims: &'static str,
    pub graph: &'static str,
    pub mentions: &'static str,
    pub mention: &'static str,
    pub in_articles: &'static str,
    pub source: &'static str,
    pub author: &'static str,
    pub reading_time: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub related: &'static str,
    pub shared: &'static str,
    pub entities_here: &'static str,
    pub appears_with: &'static str,
    pub events: &'static str,
    pub facts: &'static str,
    pub key_figures: &'static str,
    pub latest: &'static str,
    pub all_articles: &'static str,
    pub see_all: &'static str,
    pub not_found: &'static str,
    pub not_found_text: &'static str,
    pub unattributed: &'static str,
    pub statements: &'static str,
    pub tags: &'static str,
    pub sources: &'static str,
    pub no_mentions: &'static str,
    pub graph_intro: &'static str,
    pub quotes_intro: &'static str,
    pub claims_intro: &'static str,
    pub skip: &'static str,
    pub summary: &'static str,
    pub corrected: &'static str,
    pub paragraph: &'static str,
    pub generated: &'static str,
    pub strongest: &'static str,
    pub paragraphs: &'static str,
    /// French puts a (no-break) space before a colon, English does not.
    pub colon: &'static str,
    pub more_mentions: &'static str,
    pub search: &'static str,
    pub search_label: &'static str,
    pub search_intro: &'static str,
    /// Shown on the search page when it is opened from disk (file://).
    pub search_offline: &'static str,
    /// Filter names and the kinds of page in search results.
    pub search_type: &'static str,
    pub search_year: &'static str,
    pub article: &'static str,
    pub page: &'static str,
    /// Singular forms, for counts of one.
    pub article_one: &'static str,
    pub in_article: &'static str,
    pub quote_one: &'static str,
    pub claim_one: &'static str,
    /// Quotation marks around quoted text: « » in French, “ ” in English.
    pub open_quote: &'static str,
    pub close_quote: &'static str,
    /// The heading above the articles an entity is a tag of.
    pub tagged_in: &'static str,
    /// Before an entity's other names.
    pub also: &'static str,
    /// On a narrow screen, above the graph.
    pub graph_scroll: &'static str,
    /// The pager of a list split into pages: "Page 2 of 5", the links.
    pub page_of: &'static str,
    pub previous_page: &'static str,
    pub next_page: &'static str,
}

pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

static FR: Strings = Strings {
    home: "Accueil",
    articles: "Articles",
    timeline: "Chronologie",
    quotes: "Citations",
    claims: "Divergences",
    graph: "Graphe",
    mentions: "mentions",
    mention: "mention",
    in_articles: "articles",
    source: "Source",
    author: "Auteur",
    reading_time: "min de lecture",
    previous: "Article précédent",
    next: "Article suivant",
    related: "Articles liés",
    shared: "en commun",
    entities_here: "Dans cet article",
    appears_with: "Apparaît avec",
    events: "Événements",
    facts: "Repères",
    key_figures: "En chiffres",
    latest: "Derniers articles",
    all_articles: "Tous les articles",
    see_all: "Tout voir",
    not_found: "Page introuvable",
    not_found_text: "Cette page n’existe pas ou a été déplacée.",
    unattributed: "Non attribuées",
    statements: "Déclarations",
    tags: "Mots-clés",
    sources: "Sources",
    no_mentions: "Aucune mention dans les articles.",
    graph_intro: "Deux entités sont reliées quand elles sont citées dans le même paragraphe ; l’épaisseur du trait croît avec le nombre de paragraphes partagés.",
    quotes_intro: "Toutes les déclarations entre guillemets, regroupées par auteur. Chaque citation renvoie à son paragraphe.",
    claims_intro: "Les points sur lesquels les sources divergent ou restent floues, citation à l’appui.",
    skip: "Aller au contenu",
    summary: "Résumé",
    corrected: "attribution vérifiée",
    paragraph: "paragraphe",
    generated: "Généré par dossier",
    strongest: "Les liens les plus forts",
    paragraphs: "paragraphes",
    colon: "\u{a0}:",
    more_mentions: "Autres mentions dans cet article",
    search: "Recherche",
    search_label: "Rechercher dans le dossier",
    search_intro: "Personnes, pays, articles, citations : tapez un nom ou un mot, avec ou sans accents.",
    search_offline: "La recherche a besoin d’un serveur web : ouverte depuis le disque (file://), cette page ne peut pas charger l’index. Lancez « dossier serve » dans le dossier, ou publiez le site sur un serveur.",
    search_type: "Type",
    search_year: "Année",
    article: "Article",
    page: "Page",
    article_one: "Article",
    in_article: "article",
    quote_one: "Citation",
    claim_one: "Divergence",
    open_quote: "«\u{a0}",
    close_quote: "\u{a0}»",
    tagged_in: "Articles qui l’ont en mot-clé",
    also: "aussi",
    graph_scroll: "Faites défiler le graphe de côté pour le voir en entier, ou lisez la liste :",
    page_of: "sur",
    previous_page: "Page précédente",
    next_page: "Page suivante",
};

static EN: Strings = Strings {
    home: "Home",
    articles: "Articles",
    timeline: "Timeline",
    quotes: "Quotes",
    claims: "Disagreements",
    graph: "Graph",
    mentions: "mentions",
    mention: "mention",
    in_articles: "articles",
    source: "Source",
    author: "Author",
    reading_time: "min read",
    previous: "Previous article",
    next: "Next article",
    related: "Related articles",
    shared: "shared",
    entities_here: "In this article",
    appears_with: "Appears with",
    events: "Events",
    facts: "Facts",
    key_figures: "Key figures",
    latest: "Latest articles",
    all_articles: "All articles",
    see_all: "See all",
    not_found: "Page not found",
    not_found_text: "This page does not exist or has moved.",
    unattributed: "Unattributed",
    statements: "Statements",
    tags: "Tags",
    sources: "Sources",
    no_mentions: "Not mentioned in the articles.",
    graph_intro: "Two entities are linked when they are named in the same paragraph; the thicker the line, the more paragraphs they share.",
    quotes_intro: "Every statement in quotation marks, grouped by speaker. Each quote links to its paragraph.",
    claims_intro: "Where the sources disagree or stay vague, with the quotes.",
    skip: "Skip to content",
    summary: "Summary",
    corrected: "attribution checked",
    paragraph: "paragraph",
    generated: "Generated by dossier",
    strongest: "Strongest connections",
    paragraphs: "paragraphs",
    colon: ":",
    more_mentions: "More mentions in this article",
    search: "Search",
    search_label: "Search the dossier",
    search_intro: "People, countries, articles, quotes: type a name or a word, with or without accents.",
    search_offline: "Search needs a web server: opened from disk (file://), this page cannot load the index. Run `dossier serve` in the dossier folder, or publish the site on a server.",
    search_type: "Type",
    search_year: "Year",
    article: "Article",
    page: "Page",
    article_one: "Article",
    in_article: "article",
    quote_one: "Quote",
    claim_one: "Disagreement",
    open_quote: "“",
    close_quote: "”",
    tagged_in: "Articles tagged with it",
    also: "also",
    graph_scroll: "Scroll the graph sideways to see all of it, or read the list:",
    page_of: "of",
    previous_page: "Previous page",
    next_page: "Next page",
};

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "3 avril 2025", "1er avril 2025", "septembre 2023", "2023";
/// "3 April 2025", "September 2023".
pub fn format_date(d: Date, lang: Lang) -> String {
    let months = match lang {
        Lang::Fr => &MONTHS_FR,
        Lang::En => &MONTHS_EN,
    };
    match (d.month, d.day) {
        (Some(m), Some(day)) => {
            let day = match (lang, day) {
                (Lang::Fr, 1) => "1er".to_string(),
                _ => day.to_string(),
            };
            format!("{day} {} {}", months[m as usize - 1], d.year)
        }
        (Some(m), None) => format!("{} {}", months[m as usize - 1], d.year),
        _ => d.year.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_people_write_them() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(format_date(d("2025-04-03"), Lang::Fr), "3 avril 2025");
        assert_eq!(format_date(d("2025-04-01"), Lang::Fr), "1er avril 2025");
        assert_eq!(format_date(d("2023-09"), Lang::Fr), "septembre 2023");
        assert_eq!(format_date(d("2023"), Lang::Fr), "2023");
        assert_eq!(format_date(d("2025-04-03"), Lang::En), "3 April 2025");
    }
}
