//! `dossier init`: a new dossier that builds at once, with every key of
//! dossier.yaml written out and commented (its default when left out), one
//! example article and one entity of each kind, so that a user with only
//! the binary sees the whole format in the files themselves.

use crate::error::{Error, Loc};
use crate::model::Lang;
use std::path::{Path, PathBuf};

/// Writes a new dossier into `dir` (created if needed) and returns the
/// files written, relative to `dir`. Never overwrites anything: a folder
/// that already holds a dossier, or any of the files, is an error and
/// nothing is written.
pub fn init(dir: &Path, lang: Lang, title: Option<&str>) -> Result<Vec<PathBuf>, Error> {
    let files = files(lang, title);
    if dir.join("content/dossier.yaml").exists() {
        return Err(Error::AlreadyADossier {
            at: Loc::file(dir.join("content/dossier.yaml")),
            dir: dir.to_path_buf(),
        });
    }
    for (rel, _) in &files {
        let p = dir.join(rel);
        if std::fs::symlink_metadata(&p).is_ok() {
            return Err(Error::InitWouldOverwrite {
                at: Loc::file(&p),
                path: p,
            });
        }
    }
    let werr = |p: &Path, e: std::io::Error| Error::Write {
        path: p.to_path_buf(),
        message: e.to_string(),
    };
    for (rel, text) in &files {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| werr(parent, e))?;
        }
        std::fs::write(&p, text).map_err(|e| werr(&p, e))?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

fn yaml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn files(lang: Lang, title: Option<&str>) -> Vec<(PathBuf, String)> {
    let t = match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
    };
    let title = title.unwrap_or(t.title);
    let dossier = t
        .dossier_yaml
        .replace("{title}", &yaml_string(title))
        .replace("{lang}", lang.code());
    let mut out = vec![
        (PathBuf::from("content/dossier.yaml"), dossier),
        (
            PathBuf::from(format!("content/articles/{}.yaml", t.article_id)),
            t.article_yaml.to_string(),
        ),
        (
            PathBuf::from(format!("seeds/{}.txt", t.article_id)),
            t.seed.to_string(),
        ),
        (PathBuf::from("content/events.yaml"), t.events.to_string()),
        (PathBuf::from("content/claims.yaml"), t.claims.to_string()),
        (PathBuf::from("content/pages/about.md"), t.about.to_string()),
        (PathBuf::from(".gitignore"), GITIGNORE.to_string()),
    ];
    for (kind, text) in t.entities {
        out.push((
            PathBuf::from(format!("content/entities/{kind}.yaml")),
            text.to_string(),
        ));
    }
    out
}

const GITIGNORE: &str = "\
# The built site and the build's lock and staging folders beside it.
/public/
/.public.dossier-*
";

struct Texts {
    title: &'static str,
    dossier_yaml: &'static str,
    article_id: &'static str,
    article_yaml: &'static str,
    seed: &'static str,
    entities: &'static [(&'static str, &'static str)],
    events: &'static str,
    claims: &'static str,
    about: &'static str,
}

static EN: Texts = Texts {
    title: "My dossier",
    dossier_yaml: r#"# The dossier itself. Only `title` is required; every other key is shown
# here with its default, commented out where leaving it out is fine.
title: {title}
# description: ""             # a sentence under the title on the home page
language: {lang}                 # en | fr: interface words, dates, quotation marks
# base_url: "https://example.org/my-dossier/"
                               # where the site will be served from; default: none
                               # (links are relative; no sitemap, feed or canonical links)
# allow_html: false            # raw HTML in Markdown is escaped unless true
# max_file_mb: 50              # the largest file the build reads, in MB

# The kinds of entity, in the order the site shows them; each has its file
# content/entities/<kind>.yaml. Leaving `kinds` out gives exactly these four.
kinds:
  people:        { path: people,        label: People,        singular: Person }
  countries:     { path: countries,     label: Countries,     singular: Country }
  organizations: { path: organizations, label: Organizations, singular: Organization }
  topics:        { path: topics,        label: Topics,        singular: Topic }

# Lines dropped from every seed (web boilerplate); default: none. An article
# file can add its own `boilerplate:` list the same way.
boilerplate:
  - "Advertisement"              # a line equal to this text
  - { prefix: "Photograph: " }   # a line starting with this text
  # - { contains: "©" }          # a line containing this text
  # - { pattern: '^Updated \d+' } # a regular expression: the match is cut

# Warnings you have read and accept, by the code each warning prints,
# e.g. short-alias:un. Default: none.
# quiet: []
"#,
    article_id: "2025-01-15-northport-terminal",
    article_yaml: r#"# One article: its text is the seed, the rest is written here.
seed: 2025-01-15-northport-terminal.txt   # a file in seeds/ (never edited by dossier)
title: "Harbour authority approves new container terminal"
date: 2025-01-15                  # YYYY-MM-DD, or YYYY-MM / YYYY
source:
  name: Example Gazette           # required
  url: https://example.org/northport-terminal   # optional
author: Jane Example              # optional
# language: en                    # optional: the dossier's language by default
# summary: "A short summary, Markdown, with [[maria-lindqvist]] links."
tags: [maria-lindqvist, northport-harbour-authority]   # entity ids
# quotes:                         # corrections to who said a quote
#   - starts: "This terminal will bring"
#     speaker: maria-lindqvist    # or null: nobody
# boilerplate:                    # cleaning rules for this article only
#   - { prefix: "Read more:" }
"#,
    seed: "Harbour authority approves new container terminal
The Northport Harbour Authority approved on Wednesday a plan to build a new container terminal on the north shore, after two years of public hearings.
Photograph: Example Gazette
“This terminal will bring two thousand jobs to the region,” said Maria Lindqvist, who chairs the authority.
Fishermen in Norway say the project ignores the damage that more shipping will do to the fjord, and Lindqvist promised an environmental review.
Advertisement
The authority will publish the full plan next month.
",
    entities: &[
        (
            "people",
            r#"# People: one list item per person.
- id: maria-lindqvist            # optional: the slug of the name by default
  name: Maria Lindqvist
  aliases: [Lindqvist]           # other names the text uses
  # aliases: [Lindqvist, { name: Lindquist, hidden: true }]
  #                              # hidden: matched in the text, never shown
  summary: Chair of the Northport Harbour Authority.
  description: |                 # Markdown; [[id]] links to another entity
    Chairs the [[northport-harbour-authority]].
  facts:                         # label: value, shown as a table
    Role: Chair of the harbour authority
"#,
        ),
        (
            "countries",
            r#"- name: Norway                 # id: norway
  summary: Where the new terminal would be built.
"#,
        ),
        (
            "organizations",
            r#"- id: northport-harbour-authority
  name: Northport Harbour Authority
  aliases: [{ name: harbour authority, fold: true }]   # fold: any case and accents
  summary: Runs the port of Northport.
"#,
        ),
        (
            "topics",
            r#"- id: shipping
  name: Shipping
  fold: true                     # also matches "shipping"
  summary: Ships, ports and what they carry.
"#,
        ),
    ],
    events: r#"# The timeline: one item per event.
- date: 2025-01-15               # YYYY-MM-DD, YYYY-MM or YYYY
  title: The terminal plan is approved
  description: After two years of hearings.   # Markdown
  entities: [northport-harbour-authority, norway]
  sources: [2025-01-15-northport-terminal]   # article ids
"#,
    claims: r#"# Where sources disagree or stay vague; each quote must stand in its article.
- id: jobs
  question: How many jobs will the terminal bring?
  statements:
    - article: 2025-01-15-northport-terminal
      says: Two thousand, according to the authority.
      quote: "two thousand jobs to the region"
"#,
    about: r#"---
title: About
order: 1
---
This dossier was started with `dossier init`. Edit `content/`, add articles
with `dossier add saved-page.html`, and build with `dossier build`.
"#,
};

static FR: Texts = Texts {
    title: "Mon dossier",
    dossier_yaml: r#"# Le dossier lui-même. Seul `title` est obligatoire ; chaque autre clé figure
# ici avec sa valeur par défaut, en commentaire quand on peut s'en passer.
title: {title}
# description: ""             # une phrase sous le titre, en page d'accueil
language: {lang}                 # fr | en : mots de l'interface, dates, guillemets
# base_url: "https://example.org/mon-dossier/"
                               # où le site sera servi ; par défaut : aucune
                               # (liens relatifs ; ni sitemap, ni flux, ni lien canonique)
# allow_html: false            # le HTML brut du Markdown est échappé sauf si true
# max_file_mb: 50              # le plus gros fichier lu, en Mo

# Les sortes d'entités, dans l'ordre du site ; chacune a son fichier
# content/entities/<sorte>.yaml.
kinds:
  personnes:     { path: personnes,     label: Personnes,     singular: Personne }
  pays:          { path: pays,          label: Pays,          singular: Pays }
  organisations: { path: organisations, label: Organisations, singular: Organisation }
  themes:        { path: themes,        label: Thèmes,        singular: Thème }

# Lignes retirées de chaque texte source (le bruit du web) ; par défaut : aucune.
# Un fichier d'article peut ajouter sa propre liste `boilerplate:`.
boilerplate:
  - "Publicité"                  # une ligne égale à ce texte
  - { prefix: "Photo : " }       # une ligne qui commence par ce texte
  # - { contains: "©" }          # une ligne qui contient ce texte
  # - { pattern: '^Mis à jour .*' } # une expression régulière : le texte trouvé est coupé

# Les avertissements lus et acceptés, par le code que chacun affiche,
# p. ex. short-alias:ue. Par défaut : aucun.
# quiet: []
"#,
    article_id: "2025-01-15-terminal-nordport",
    article_yaml: r#"# Un article : son texte est la source (seed), le reste est écrit ici.
seed: 2025-01-15-terminal-nordport.txt   # un fichier de seeds/ (jamais modifié)
title: "Le port de Nordport approuve un nouveau terminal"
date: 2025-01-15                  # AAAA-MM-JJ, ou AAAA-MM / AAAA
source:
  name: La Gazette d'exemple      # obligatoire
  url: https://example.org/terminal-nordport   # facultatif
author: Jeanne Exemple            # facultatif
# summary: "Un résumé, en Markdown, avec des liens [[maria-lindqvist]]."
tags: [maria-lindqvist, autorite-portuaire-de-nordport]   # ids d'entités
# quotes:                         # corrections de l'auteur d'une citation
#   - starts: "Ce terminal apportera"
#     speaker: maria-lindqvist    # ou null : personne
# boilerplate:                    # règles de nettoyage pour cet article seulement
#   - { prefix: "Lire aussi" }
"#,
    seed: "Le port de Nordport approuve un nouveau terminal
L’Autorité portuaire de Nordport a approuvé mercredi la construction d’un nouveau terminal à conteneurs sur la rive nord, après deux ans d’audiences publiques.
Photo : La Gazette d'exemple
« Ce terminal apportera deux mille emplois à la région », a déclaré Maria Lindqvist, qui préside l’autorité.
Des pêcheurs en Norvège estiment que le projet ignore les dégâts du transport maritime sur le fjord, et Lindqvist a promis une étude d’impact.
Publicité
L’autorité publiera le plan complet le mois prochain.
",
    entities: &[
        (
            "personnes",
            r#"# Personnes : un élément de liste par personne.
- id: maria-lindqvist            # facultatif : par défaut, le nom en slug
  name: Maria Lindqvist
  aliases: [Lindqvist]           # les autres noms employés dans les textes
  # aliases: [Lindqvist, { name: Lindquist, hidden: true }]
  #                              # hidden : reconnu dans le texte, jamais affiché
  summary: Présidente de l'Autorité portuaire de Nordport.
  description: |                 # Markdown ; [[id]] renvoie à une autre entité
    Préside l'[[autorite-portuaire-de-nordport]].
  facts:                         # libellé: valeur, affichés en tableau
    Fonction: Présidente de l'autorité portuaire
"#,
        ),
        (
            "pays",
            r#"- name: Norvège                # id : norvege
  summary: Où le terminal serait construit.
"#,
        ),
        (
            "organisations",
            r#"- id: autorite-portuaire-de-nordport
  name: Autorité portuaire de Nordport
  aliases: [{ name: autorité, fold: true }]   # fold : casse et accents ignorés
  summary: Gère le port de Nordport.
"#,
        ),
        (
            "themes",
            r#"- id: transport-maritime
  name: transport maritime
  fold: true                     # reconnu quelle que soit la casse
  summary: Navires, ports et marchandises.
"#,
        ),
    ],
    events: r#"# La chronologie : un élément par événement.
- date: 2025-01-15               # AAAA-MM-JJ, AAAA-MM ou AAAA
  title: Le projet de terminal est approuvé
  description: Après deux ans d'audiences.   # Markdown
  entities: [autorite-portuaire-de-nordport, norvege]
  sources: [2025-01-15-terminal-nordport]   # ids d'articles
"#,
    claims: r#"# Là où les sources divergent ; chaque citation doit figurer dans son article.
- id: emplois
  question: Combien d'emplois le terminal apportera-t-il ?
  statements:
    - article: 2025-01-15-terminal-nordport
      says: Deux mille, selon l'autorité.
      quote: "deux mille emplois à la région"
"#,
    about: r#"---
title: À propos
order: 1
---
Ce dossier a été commencé avec `dossier init`. Modifiez `content/`, ajoutez
des articles avec `dossier add page-enregistree.html`, et construisez le site
avec `dossier build`.
"#,
};
