//! One test per rule and per link, in English and French, on sentences
//! written for the test (not taken from any article of the corpus).

use super::*;
use crate::model::{EntityIx, IxVec, Lang};

struct Ent {
    names: &'static [&'static str],
    role: Role,
    about: &'static str,
}

fn person(names: &'static [&'static str]) -> Ent {
    Ent {
        names,
        role: Role::Person,
        about: "",
    }
}

/// A person with a summary, which titles are matched against.
fn described(names: &'static [&'static str], about: &'static str) -> Ent {
    Ent {
        names,
        role: Role::Person,
        about,
    }
}

fn org(names: &'static [&'static str], about: &'static str) -> Ent {
    Ent {
        names,
        role: Role::Organization,
        about,
    }
}

/// Mentions by plain search, longest name first, no overlap: enough for
/// sentences written for a test.
fn mentions(text: &str, ents: &[Ent]) -> Vec<MentionSpan> {
    let mut names: Vec<(&str, usize)> = ents
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.names.iter().map(move |n| (*n, i)))
        .collect();
    names.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
    let mut out: Vec<MentionSpan> = Vec::new();
    for (n, e) in names {
        for (start, _) in text.match_indices(n) {
            let end = start + n.len();
            let boundary = !text[end..].starts_with(char::is_alphanumeric)
                && !text[..start].ends_with(char::is_alphanumeric);
            if boundary && !out.iter().any(|m| m.start < end && start < m.end) {
                out.push(MentionSpan {
                    start,
                    end,
                    entity: EntityIx::new(e),
                });
            }
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

/// (first words of each quote, speaker's first name or "-", rule).
fn run(lang: Lang, paragraphs: &[&str], ents: &[Ent]) -> Vec<(String, String, String)> {
    run_with(lang, paragraphs, ents, Rules::default())
}

fn run_with(
    lang: Lang,
    paragraphs: &[&str],
    ents: &[Ent],
    rules: Rules,
) -> Vec<(String, String, String)> {
    let blocks: Vec<(&str, bool)> = paragraphs.iter().map(|p| (*p, false)).collect();
    run_blocks(lang, &blocks, ents, rules)
}

/// Like [`run_with`] over blocks given as (text, whether a subheading).
fn run_blocks(
    lang: Lang,
    texts: &[(&str, bool)],
    ents: &[Ent],
    rules: Rules,
) -> Vec<(String, String, String)> {
    let pack = Pack::new(lang);
    let spans: Vec<Vec<MentionSpan>> = texts.iter().map(|(p, _)| mentions(p, ents)).collect();
    let blocks: Vec<BlockIn> = texts
        .iter()
        .zip(&spans)
        .map(|(&(p, heading), m)| BlockIn {
            text: p,
            mentions: m,
            heading,
        })
        .collect();
    let facts: IxVec<EntityIx, EntityFacts> = ents
        .iter()
        .map(|e| EntityFacts {
            role: e.role,
            about: vec![e.about],
            names: e.names.to_vec(),
        })
        .collect();
    extract(&blocks, &pack, &facts, rules)
        .into_iter()
        .map(|q| {
            let first: String = q
                .text
                .split_whitespace()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ");
            let who = q
                .speaker
                .map_or("-".to_string(), |e| ents[e.get()].names[0].to_string());
            let rule = q.rule.map_or("-", Rule::name).to_string();
            (first, who, rule)
        })
        .collect()
}

fn who(r: &[(String, String, String)]) -> Vec<&str> {
    r.iter().map(|(_, w, _)| w.as_str()).collect()
}

fn rules(r: &[(String, String, String)]) -> Vec<&str> {
    r.iter().map(|(_, _, x)| x.as_str()).collect()
}

const EN: Lang = Lang::En;
const FR: Lang = Lang::Fr;

// ------------------------------------------------------------ verb-after --

#[test]
fn verb_after_in_both_orders_en() {
    let ents = [
        person(&["Mara Quill", "Quill"]),
        person(&["Tobias Renn", "Renn"]),
    ];
    let r = run(
        EN,
        &[
            "“The bridge will open in May,” Quill said.",
            "“We found the leak on Tuesday,” said Tobias Renn, an engineer.",
            "“Nobody told us anything,” one resident said.",
        ],
        &ents,
    );
    assert_eq!(who(&r), ["Mara Quill", "Tobias Renn", "-"]);
    assert_eq!(rules(&r), ["verb-after", "verb-after", "verb-after"]);
}

#[test]
fn verb_after_in_both_orders_fr() {
    let ents = [
        person(&["Mara Quill", "Quill"]),
        person(&["Tobias Renn", "Renn"]),
    ];
    let r = run(
        FR,
        &[
            "« Le pont ouvrira en mai », a déclaré Mara Quill.",
            "« Nous avons trouvé la fuite mardi », explique à l’AFP Tobias Renn, ingénieur.",
            "« Personne ne nous a rien dit », confie une habitante.",
        ],
        &ents,
    );
    assert_eq!(who(&r), ["Mara Quill", "Tobias Renn", "-"]);
}

#[test]
fn verb_after_with_the_clause_between_fr() {
    let ents = [person(&["Mara Quill", "Quill"])];
    let r = run(
        FR,
        &[
            "« Le chantier avance » selon le calendrier, et « les coûts restent tenus », a affirmé la maire Mara Quill.",
        ],
        &ents,
    );
    assert_eq!(who(&r), ["Mara Quill", "Mara Quill"]);
}

#[test]
fn told_names_the_listener_not_the_speaker() {
    let ents = [
        person(&["Mara Quill", "Quill"]),
        person(&["Tobias Renn", "Renn"]),
    ];
    let r = run(
        EN,
        &["“The bridge is safe,” Quill told Renn on Friday."],
        &ents,
    );
    assert_eq!(who(&r), ["Mara Quill"]);
}

// ----------------------------------------------------------- verb-before --

#[test]
fn verb_before_colon_and_that_en() {
    let ents = [person(&["Mara Quill", "Quill"])];
    let r = run(
        EN,
        &[
            "Quill told reporters: “The bridge will open in May.”",
            "On Monday, Quill said that “every cable has been checked twice.”",
        ],
        &ents,
    );
    assert_eq!(who(&r), ["Mara Quill", "Mara Quill"]);
    assert_eq!(rules(&r), ["verb-before", "verb-before"]);
}

#[test]
fn verb_before_colon_fr_and_a_colon_closing_the_paragraph_before() {
    let ents = [person(&["Mara Quill", "Quill"])];
    let r = run(
        FR,
        &[
            "Mara Quill a affirmé : « Le pont ouvrira en mai. »",
            "La maire a ajouté :",
            "« Chaque câble a été vérifié deux fois. »",
        ],
        &ents,
    );
    assert_eq!(who(&r)[0], "Mara Quill");
    assert_eq!(rules(&r)[1], "verb-before");
}

#[test]
fn a_second_quote_after_said_comma_en() {
    let ents = [person(&["Mara Quill", "Quill"])];
    let r = run(
        EN,
        &["“It held,” Quill said, “and it will hold again tomorrow.”"],
        &ents,
    );
    assert_eq!(who(&r), ["Mara Quill", "Mara Quill"]);
}

// ------------------------------------------------------------- according --

#[test]
fn according_to_en_and_selon_fr() {
    let ents = [
        person(&["Mara Quill", "Quill"]),
        org(&["Harbour Board"], "Port authority."),
    ];
    let en = run(
        EN,
        &[
            "According to Quill, “the cables were never the problem.”",
            "“Work will resume,” according to a statement from the Harbour Board.",
        ],
        &ents,
    );
    assert_eq!(who(&en), ["Mara Quill", "Harbour Board"]);
    let fr = run(
        FR,
        &[
            "Selon Mara Quill, « les câbles n’ont jamais été le problème ».",
            "Pour Quill, « la saison sera longue et difficile ».",
            "« Les travaux reprendront », d’après un communiqué du Harbour Board.",
        ],
        &ents,
    );
    assert_eq!(who(&fr), ["Mara Quill", "Mara Quill", "Harbour Board"]);
}

#[test]
fn pour_is_not_according_to_in_english() {
    let ents = [person(&["Mara Quill", "Quill"])];
    let r = run(
        EN,
        &["For Quill, “a long season is ahead of us all.”"],
        &ents,
    );
    assert_eq!(who(&r), ["-"]);
}

// -------------------------------------------------------------- headline --

#[test]
fn headline_name_colon_quote() {
    let ents = [person(&["Mara Quill", "Quill"])];
    let en = run(EN, &["Mara Quill: “We will rebuild the bridge”"], &ents);
    assert_eq!((who(&en)[0], rules(&en)[0]), ("Mara Quill", "headline"));
    let fr = run(FR, &["Mara Quill : « Nous reconstruirons le pont »"], &ents);
    assert_eq!((who(&fr)[0], rules(&fr)[0]), ("Mara Quill", "headline"));
}

// ---------------------------------------------------------------- incise --

#[test]
fn incise_inside_the_quote_and_in_the_sentence_fr() {
    let ents = [person(&["Mara Quill", "Quill"])];
    let r = run(
        FR,
        &[
            "« Une partie des gens, confie Mara Quill, reste inquiète pour la suite. »",
            "Les ingénieurs, a poursuivi Mara Quill, pourront « rouvrir la voie dès lundi matin ».",
        ],
        &ents,
    );
    assert_eq!(who(&r), ["Mara Quill", "Mara Quill"]);
    assert_eq!(rules(&r), ["incise", "incise"]);
}

#[test]
fn incise_inside_the_quote_en() {
    let ents = [person(&["Mara Quill", "Quill"])];
    let r = run(
        EN,
        &["“Half the town, said Quill, is still waiting for news.”"],
        &ents,
    );
    assert_eq!((who(&r)[0], rules(&r)[0]), ("Mara Quill", "incise"));
}

// ---------------------------------------------------------------- clause --

#[test]
fn partial_quote_in_a_clause() {
    let ents = [person(&["Mara Quill", "Quill"])];
    let en = run(
        EN,
        &["Quill called the plan “unworkable” and said the cost would “double by spring.”"],
        &ents,
    );
    assert_eq!(who(&en), ["Mara Quill", "Mara Quill"]);
    assert_eq!(rules(&en), ["clause", "clause"]);
    let fr = run(
        FR,
        &[
            "Mara Quill a qualifié le projet d’« irréaliste » et estime que le coût va « doubler au printemps ».",
        ],
        &ents,
    );
    assert_eq!(who(&fr), ["Mara Quill", "Mara Quill"]);
}

#[test]
fn passive_agent() {
    let ents = [person(&["Mara Quill", "Quill"])];
    let fr = run(
        FR,
        &["Le calendrier, qualifié de « trop serré » par Mara Quill, sera revu."],
        &ents,
    );
    assert_eq!(who(&fr), ["Mara Quill"]);
    let en = run(
        EN,
        &["The schedule, described as “far too tight” by Quill, will change."],
        &ents,
    );
    assert_eq!(who(&en), ["Mara Quill"]);
}

#[test]
fn a_quote_inside_someone_elses_clause_gets_nobody() {
    let ents = [
        person(&["Mara Quill", "Quill"]),
        person(&["Tobias Renn", "Renn"]),
    ];
    let r = run(
        EN,
        &["Quill said the plan, which critics called “a reckless gamble”, would go ahead."],
        &ents,
    );
    assert_eq!(who(&r), ["-"]);
}

// ------------------------------------------------------ continued, follows --

#[test]
fn quote_continued_over_paragraphs() {
    let ents = [person(&["Mara Quill", "Quill"])];
    let en = run(
        EN,
        &[
            "Quill said: “The first span went in on Monday.",
            "“The second one follows next week, if the wind allows it.”",
        ],
        &ents,
    );
    assert_eq!(who(&en), ["Mara Quill", "Mara Quill"]);
    assert_eq!(rules(&en), ["verb-before", "continued"]);
    let fr = run(
        FR,
        &[
            "Mara Quill a déclaré : « La première travée a été posée lundi.",
            "« La seconde suivra la semaine prochaine, si le vent le permet. »",
        ],
        &ents,
    );
    assert_eq!(who(&fr), ["Mara Quill", "Mara Quill"]);
}

#[test]
fn a_quote_alone_follows_its_speaker() {
    let ents = [
        person(&["Mara Quill", "Quill"]),
        person(&["Tobias Renn", "Renn"]),
    ];
    let r = run(
        EN,
        &[
            "“The river rose overnight,” Quill said. “Nobody expected it.”",
            "Renn disagreed.",
            "“We warned them in March.”",
        ],
        &ents,
    );
    // the third follows nobody: Renn is named in between, and he did not
    // speak in quotes
    assert_eq!(who(&r), ["Mara Quill", "Mara Quill", "-"]);
    assert_eq!(rules(&r)[1], "follows");
}

#[test]
fn a_quote_alone_after_reported_speech_fr() {
    let ents = [person(&["Mara Quill", "Quill"])];
    let r = run(
        FR,
        &[
            "Mara Quill a précisé que les travaux reprendraient lundi. « Nous sommes prêts depuis longtemps. »",
        ],
        &ents,
    );
    assert_eq!((who(&r)[0], rules(&r)[0]), ("Mara Quill", "follows"));
}

#[test]
fn a_quote_carrying_the_next_sentence_s_verb_follows_the_speaker_before() {
    let ents = [person(&["Mara Quill", "Quill"])];
    let fr = run(
        FR,
        &[
            "« Le pont a cédé vers minuit », a raconté Mara Quill. Deux voitures « ont été emportées par le courant » et la route « a été fermée jusqu'à nouvel ordre ».",
        ],
        &ents,
    );
    assert_eq!(who(&fr), ["Mara Quill", "Mara Quill", "Mara Quill"]);
    assert_eq!(rules(&fr)[1..], ["follows", "follows"]);
    let en = run(
        EN,
        &[
            "“The bridge gave way at midnight,” Quill said. Two cars “were swept away by the water” and the road “has been closed until further notice.”",
        ],
        &ents,
    );
    assert_eq!(who(&en), ["Mara Quill", "Mara Quill", "Mara Quill"]);
    // The writer's own verb before a quoted fragment: the fragment may
    // be anybody's words.
    let fr = run(
        FR,
        &[
            "« Le pont a cédé vers minuit », a raconté Mara Quill. La route va rester fermée « pour deux semaines ».",
        ],
        &ents,
    );
    assert_eq!(who(&fr), ["Mara Quill", "-"]);
    // A speech verb of its own: somebody else speaks.
    let fr = run(
        FR,
        &[
            "« Le pont a cédé vers minuit », a raconté Mara Quill. Le préfet répond que la route « a été fermée à temps ».",
        ],
        &ents,
    );
    assert_eq!(who(&fr), ["Mara Quill", "-"]);
}

#[test]
fn a_quote_that_is_its_subject_s_predicate_is_the_subject_s() {
    let ents = [
        org(&["Verrerie Aubrac", "Aubrac"], "Glassworks in the Lot."),
        person(&["Mara Quill", "Quill"]),
    ];
    let fr = run(
        FR,
        &[
            "Dans un communiqué, la Verrerie Aubrac « regrette cette décision et restera attentive à chacun ».",
        ],
        &ents,
    );
    assert_eq!((who(&fr)[0], rules(&fr)[0]), ("Verrerie Aubrac", "subject"));
    let en = run(
        EN,
        &["In a statement, Mara Quill “regrets the decision and will stand by every worker.”"],
        &ents,
    );
    assert_eq!((who(&en)[0], rules(&en)[0]), ("Mara Quill", "subject"));
    // An apposition, a preposition: no predicate.
    let fr = run(
        FR,
        &[
            "Mara Quill, « une femme de terrain », arrive lundi. La Verrerie Aubrac « de père en fils » ferme.",
        ],
        &ents,
    );
    assert_eq!(who(&fr), ["-", "-"]);
    // A subject that is nobody of the dossier gives no speaker.
    let fr = run(FR, &["Le comité « a pris acte de la décision »."], &ents);
    assert_eq!(who(&fr), ["-"]);
}

#[test]
fn a_pronoun_attributing_a_quote_is_nobody_the_quote_names() {
    let ents = [
        person(&["Mara Quill", "Quill"]),
        person(&["Lena Voss", "Voss"]),
    ];
    let fr = run(
        FR,
        &[
            "Interrogée sur l'avenir du port, Lena Voss a estimé qu'il était « dangereux ».",
            "Cette déclaration a provoqué la colère de Mara Quill, maire de la commune. « Les propos de la ministre Lena Voss sont d'une extrême violence », a-t-elle déclaré.",
        ],
        &ents,
    );
    assert_eq!(who(&fr)[1], "Mara Quill");
    let en = run(
        EN,
        &[
            "Lena Voss defended the closure. The decision angered Mara Quill. “What Voss said is a disgrace,” she said.",
        ],
        &ents,
    );
    assert_eq!(who(&en), ["Mara Quill"]);
}

#[test]
fn a_pronoun_later_in_a_sentence_is_its_named_subject() {
    let ents = [
        person(&["Mara Quill", "Quill"]),
        person(&["Tobias Renn", "Renn"]),
    ];
    let fr = run(
        FR,
        &[
            "« Nous sommes trahis », proteste Tobias Renn. « C'est choquant ! », ajoute-t-il.",
            "L'ancien maire du port Mara Quill a démissionné en réaction à des propos qu'elle juge « insultants pour les marins »",
            "L'ancien maire du port Tobias Renn a démissionné en réaction à des propos qu'il juge « insultants pour les dockers »",
        ],
        &ents,
    );
    assert_eq!(who(&fr)[2..], ["Mara Quill", "Tobias Renn"]);
    // the object of a preposition is no subject
    let ents = [
        person(&["Tobias Renn", "Renn"]),
        person(&["Paul Arno", "Arno"]),
    ];
    let fr = run(
        FR,
        &[
            "« Nous sommes trahis », proteste Tobias Renn.",
            "Le frère de Paul Arno a démissionné en réaction à des propos qu'il juge « insultants pour les dockers »",
        ],
        &ents,
    );
    assert_eq!(who(&fr)[1], "Tobias Renn");
}

#[test]
fn an_organisation_s_pronoun_has_its_determiner_s_gender() {
    let ents = [
        org(&["tribunal de Nantes"], "Court."),
        org(&["SNCF"], "Railway."),
    ];
    let masc = run(
        FR,
        &[
            "« La peine est ferme », a précisé le tribunal de Nantes. « Elle est définitive », a-t-elle ajouté. « Le condamné peut faire appel », a-t-il conclu.",
        ],
        &ents,
    );
    assert_eq!(
        who(&masc),
        ["tribunal de Nantes", "-", "tribunal de Nantes"]
    );
    let fem = run(
        FR,
        &["La SNCF a annoncé la reprise. « Les trains rouleront », a-t-elle précisé."],
        &ents,
    );
    assert_eq!(who(&fem), ["SNCF"]);
}

#[test]
fn a_quote_alone_after_a_sentence_about_a_named_person_is_theirs() {
    let ents = [
        person(&["Mara Quill", "Quill"]),
        org(&["Harbour Board"], "Port authority."),
    ];
    let fr = run(
        FR,
        &[
            "Mara Quill, que nous avons jointe dimanche, est dépitée. « Ce qui s'est passé cette nuit est une catastrophe. »",
        ],
        &ents,
    );
    assert_eq!((who(&fr)[0], rules(&fr)[0]), ("Mara Quill", "follows"));
    let en = run(
        EN,
        &["Mara Quill was furious on Sunday. “What happened last night is a disaster.”"],
        &ents,
    );
    assert_eq!(who(&en), ["Mara Quill"]);
    // not past the paragraph, not after an organisation
    let fr = run(
        FR,
        &[
            "Mara Quill est dépitée.",
            "« Ce qui s'est passé cette nuit est une catastrophe. »",
            "Le Harbour Board est dépité. « Rien ne va plus. »",
        ],
        &ents,
    );
    assert_eq!(who(&fr), ["-", "-"]);
}

#[test]
fn an_adverbial_phrase_inside_the_verb_group_fr() {
    let ents = [
        person(&["Mara Quill", "Quill"]),
        person(&["Tobias Renn", "Renn"]),
    ];
    let fr = run(
        FR,
        &[
            "« J'habite juste à côté », a par exemple raconté Mara Quill. « Le mur est tombé d'un bloc », a de son côté expliqué Tobias Renn. « Rien ne tient », a à son tour déclaré Mara Quill.",
        ],
        &ents,
    );
    assert_eq!(who(&fr), ["Mara Quill", "Tobias Renn", "Mara Quill"]);
}

#[test]
fn a_quote_alone_before_a_sentence_about_a_person_is_theirs() {
    let ents = [
        described(&["Mara Quill", "Quill"], "Maire de Portbail."),
        org(&["Harbour Board"], "Port authority."),
    ];
    let fr = run(
        FR,
        &[
            "« Personne n'est capable de me dire ce qu'est cette pollution. » La maire de Portbail fait face depuis une semaine à une pollution de la rivière.",
            "« On se sent abandonnés. » Mara Quill ne décolère pas.",
        ],
        &ents,
    );
    assert_eq!(who(&fr), ["Mara Quill", "Mara Quill"]);
    // an organisation, a sentence quoting somebody
    let fr = run(
        FR,
        &[
            "« Rien ne va plus. » Le Harbour Board a fermé le port.",
            "« Rien ne va plus. » Mara Quill cite « un proche » du dossier.",
        ],
        &ents,
    );
    assert_eq!(who(&fr)[..1], ["-"]);
    assert_eq!(who(&fr)[1], "-");
    let en = run(
        EN,
        &[
            "“Nobody can tell me what this pollution is.” Mara Quill has faced a polluted river for a week.",
        ],
        &ents,
    );
    assert_eq!(who(&en), ["Mara Quill"]);
}

#[test]
fn a_title_naming_an_organisation_matches_a_summary_that_spells_it_out() {
    let ents = [
        described(
            &["Mara Quill", "Quill"],
            "Directrice déléguée du centre hospitalier de Portbail.",
        ),
        org(
            &["Centre hospitalier de Portbail", "CH de Portbail"],
            "Hôpital public.",
        ),
    ];
    let fr = run(
        FR,
        &[
            "Mara Quill a pris ses fonctions en janvier.",
            "« L'ampleur de l'attaque reste inconnue », a indiqué la directrice déléguée du CH de Portbail.",
        ],
        &ents,
    );
    assert_eq!(who(&fr), ["Mara Quill"]);
    let en = run(
        EN,
        &[
            "Mara Quill took office in January.",
            "“The scale of the attack is unknown,” said the deputy director of the CH de Portbail.",
        ],
        &[
            described(
                &["Mara Quill", "Quill"],
                "Deputy director of the Centre hospitalier de Portbail.",
            ),
            org(
                &["Centre hospitalier de Portbail", "CH de Portbail"],
                "Public hospital.",
            ),
        ],
    );
    assert_eq!(who(&en), ["Mara Quill"]);
}

#[test]
fn rules_can_be_switched_off() {
    let ents = [person(&["Mara Quill", "Quill"])];
    let text = ["“The river rose overnight,” Quill said. “Nobody expected it.”"];
    let off = run_with(EN, &text, &ents, Rules::default().without(Rule::Follows));
    assert_eq!(who(&off), ["Mara Quill", "-"]);
    let off = run_with(EN, &text, &ents, Rules::default().without(Rule::VerbAfter));
    assert_eq!(who(&off), ["-", "-"]);
}

// ---------------------------------------------------------------- pronoun --

#[test]
fn pronouns_follow_the_only_or_the_salient_person() {
    let ents = [
        person(&["Mara Quill", "Quill"]),
        person(&["Tobias Renn", "Renn"]),
    ];
    let en = run(
        EN,
        &[
            "Mr. Renn urged Ms. Quill to delay the vote.",
            "“We cannot wait,” she said. “Nor can we rush,” he added.",
        ],
        &ents,
    );
    assert_eq!(who(&en), ["Mara Quill", "Tobias Renn"]);
    let fr = run(
        FR,
        &[
            "Mara Quill a visité le chantier.",
            "« Tout avance bien », a-t-elle assuré.",
        ],
        &ents,
    );
    assert_eq!(who(&fr), ["Mara Quill"]);
}

#[test]
fn a_pronoun_with_two_candidates_gives_nobody() {
    let ents = [
        person(&["Mara Quill", "Quill"]),
        person(&["Tobias Renn", "Renn"]),
    ];
    let r = run(
        EN,
        &[
            "The report praised Quill and criticised Renn.",
            "“It was unfair,” he said.",
        ],
        &ents,
    );
    assert_eq!(who(&r), ["-"]);
}

// ------------------------------------------------------------ title, doc --

#[test]
fn titles_point_to_the_one_entity_the_article_gave_them() {
    let ents = [
        person(&["Mara Quill", "Quill"]),
        person(&["Tobias Renn", "Renn"]),
    ];
    let en = run(
        EN,
        &[
            "Mara Quill, the harbour master, met Tobias Renn.",
            "“The channel is clear,” the harbour master said.",
        ],
        &ents,
    );
    assert_eq!(who(&en), ["Mara Quill"]);
    let fr = run(
        FR,
        &[
            "La capitaine du port, Mara Quill, a reçu Tobias Renn.",
            "« Le chenal est dégagé », a indiqué la capitaine du port.",
        ],
        &ents,
    );
    assert_eq!(who(&fr), ["Mara Quill"]);
}

#[test]
fn an_unnamed_source_is_nobody() {
    let ents = [person(&["Mara Quill", "Quill"])];
    let en = run(
        EN,
        &[
            "Mara Quill is the mayor.",
            "“The vote is rigged,” an official who asked not to be named said.",
        ],
        &ents,
    );
    assert_eq!(who(&en), ["-"]);
    let fr = run(
        FR,
        &[
            "Mara Quill est la maire.",
            "« Le vote est truqué », affirme un proche du dossier.",
        ],
        &ents,
    );
    assert_eq!(who(&fr), ["-"]);
}

#[test]
fn a_name_the_dossier_does_not_list_is_nobody() {
    let ents = [person(&["Mara Quill", "Quill"])];
    let r = run(
        EN,
        &[
            "Mara Quill left early.",
            "“Best day of the year,” said Jonah Pike, a visitor.",
        ],
        &ents,
    );
    assert_eq!(who(&r), ["-"]);
}

#[test]
fn documents_speak_for_their_issuer() {
    let ents = [org(&["Harbour Board"], "Port authority.")];
    let en = run(
        EN,
        &["“Work will resume on Monday,” the Harbour Board said in a statement."],
        &ents,
    );
    assert_eq!(who(&en), ["Harbour Board"]);
    let fr = run(
        FR,
        &["« Les travaux reprendront lundi », indique le communiqué du Harbour Board."],
        &ents,
    );
    assert_eq!(who(&fr), ["Harbour Board"]);
}

#[test]
fn a_document_of_its_own_is_the_organisation_speaking_s() {
    let ents = [
        org(&["Harbour Board"], "Port authority."),
        org(&["Quay Union"], "Dockers' union."),
    ];
    let en = run(
        EN,
        &[
            "The Harbour Board said the port would close. “Work will resume on Monday,” the email said.",
        ],
        &ents,
    );
    assert_eq!(who(&en), ["Harbour Board"]);
    let fr = run(
        FR,
        &[
            "Le Harbour Board a annoncé la fermeture du port. « Les travaux reprendront lundi », précise le communiqué.",
        ],
        &ents,
    );
    assert_eq!(who(&fr), ["Harbour Board"]);
    // two organisations spoke: whose email is not said
    let en = run(
        EN,
        &[
            "The Harbour Board said the port would close. The Quay Union said it would strike. “Work will resume on Monday,” the email said.",
        ],
        &ents,
    );
    assert_eq!(who(&en), ["-"]);
}

#[test]
fn a_person_described_by_their_organisation() {
    let ents = [
        person(&["Mara Quill", "Quill"]),
        org(&["Harbour Board"], "Port authority."),
    ];
    let en = run(
        EN,
        &["“We are ready,” said Harbour Board spokeswoman Mara Quill."],
        &ents,
    );
    assert_eq!(who(&en), ["Mara Quill"]);
    let fr = run(
        FR,
        &["La porte-parole du Harbour Board, Mara Quill, a affirmé : « Nous sommes prêts. »"],
        &ents,
    );
    assert_eq!(who(&fr), ["Mara Quill"]);
}

#[test]
fn a_verb_form_after_a_determiner_is_a_noun() {
    // "analyses" is a form of "analyser" and a noun here
    let ents = [org(&["OFB"], "")];
    let r = run(
        FR,
        &[
            "Le loup n’a pas été identifié, mais les analyses de l’OFB concluent « qu’une attaque ne peut être écartée ».",
        ],
        &ents,
    );
    assert_eq!(who(&r), ["OFB"]);
}

#[test]
fn a_relative_pronouns_antecedent_speaks() {
    let ents = [person(&["Mara Quill", "Quill"])];
    let fr = run(
        FR,
        &[
            "Le discours n’est pas passé auprès de la ministre Mara Quill qui, sur Twitter, se dit « estomaquée par ce discours injuste ».",
        ],
        &ents,
    );
    assert_eq!(who(&fr), ["Mara Quill"]);
    let en = run(
        EN,
        &["The plan did not please Mara Quill, who called it “a waste of public money”."],
        &ents,
    );
    assert_eq!(who(&en), ["Mara Quill"]);
}

#[test]
fn a_title_from_an_opening_apposition() {
    let ents = [
        person(&["Tobias Renn", "Renn"]),
        org(&["Université de Brest"], "Université."),
    ];
    let r = run(
        FR,
        &[
            "Enseignant-chercheur à l’Université de Brest, le physicien Tobias Renn a reçu le prix. « Puis vers 11 heures, on m’a appelé », poursuit l’enseignant-chercheur de 75 ans.",
        ],
        &ents,
    );
    assert_eq!(who(&r), ["Tobias Renn"]);
}

#[test]
fn a_show_named_after_told_is_no_quote() {
    let ents = [person(&["Mara Quill", "Quill"])];
    let r = run(
        EN,
        &["Quill told NBC’s “Today” show that the bridge was “safe for everyone, always.”"],
        &ents,
    );
    assert_eq!(who(&r), ["Mara Quill"]);
}

#[test]
fn two_speakers_together_are_nobody() {
    let ents = [
        person(&["Mara Quill", "Quill"]),
        person(&["Tobias Renn", "Renn"]),
    ];
    let r = run(EN, &["“We will appeal,” Quill and Renn said."], &ents);
    assert_eq!(who(&r), ["-"]);
}

// ------------------------------------------------------------------ fuzz --

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    /// Pieces the rules look at, shuffled into any order: marks, names,
    /// pronouns, verbs, determiners, punctuation, elisions, inversions.
    const PIECES: &[&str] = &[
        "«",
        "»",
        "“",
        "”",
        "\"",
        "'",
        "‘",
        "’",
        ",",
        ".",
        ":",
        ";",
        "(",
        ")",
        "–",
        "?",
        " ",
        "Mara Quill",
        "Quill",
        "Harbour Board",
        "Mr.",
        "M.",
        "Mme",
        "he",
        "she",
        "il",
        "elle",
        "said",
        "says",
        "told",
        "a déclaré",
        "a-t-il ajouté",
        "dit-elle",
        "selon",
        "according to",
        "Pour",
        "the",
        "la",
        "le",
        "l’",
        "d’après",
        "de",
        "of",
        "by",
        "par",
        "that",
        "que",
        "and",
        "et",
        "a statement from",
        "le communiqué de",
        "called",
        "qualifié de",
        "un proche",
        "one official",
        "On Monday",
        "mardi",
        "1",
        "42",
        "x",
        "Word",
    ];

    fn text() -> impl Strategy<Value = Vec<String>> {
        proptest::collection::vec(
            proptest::collection::vec(proptest::sample::select(PIECES), 0..40)
                .prop_map(|v| v.join(" ")),
            1..5,
        )
    }

    proptest! {
        #[test]
        fn extraction_never_panics_and_stays_in_bounds(paragraphs in text()) {
            let ents = [person(&["Mara Quill", "Quill"]), org(&["Harbour Board"], "Port authority.")];
            for lang in [EN, FR] {
                let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
                let pack = Pack::new(lang);
                let spans: Vec<Vec<MentionSpan>> = refs.iter().map(|p| mentions(p, &ents)).collect();
                let blocks: Vec<BlockIn> = refs
                    .iter()
                    .zip(&spans)
                    .map(|(p, m)| BlockIn { text: p, mentions: m, heading: false })
                    .collect();
                let facts: IxVec<EntityIx, EntityFacts> = ents
                    .iter()
                    .map(|e| EntityFacts { role: e.role, about: vec![e.about], names: e.names.to_vec() })
                    .collect();
                for q in extract(&blocks, &pack, &facts, Rules::default()) {
                    prop_assert!(q.start <= q.end && q.end <= refs[q.block].len());
                    prop_assert!(q.speaker.is_none_or(|e| e.get() < ents.len()));
                }
            }
        }
    }
}

#[test]
fn a_subject_named_by_its_title_is_who_elle_is() {
    let ents = [
        person(&["Mara Quill", "Quill"]),
        person(&["Ada Renn", "Renn"]),
    ];
    let r = run(
        FR,
        &[
            "La ministre de la Culture Mara Quill s’est dite déçue par le discours d’Ada Renn.",
            "Ce samedi, après la cérémonie, la ministre de la Culture a félicité la lauréate, Ada Renn, mais a dénoncé son discours. « Heureuse de voir ce prix décerné, mais déçue », a-t-elle écrit.",
        ],
        &ents,
    );
    assert_eq!(who(&r), ["Mara Quill"]);
}

#[test]
fn a_participle_shares_the_sentences_subject() {
    let ents = [
        person(&["Mara Quill", "Quill"]),
        person(&["Ada Renn", "Renn"]),
    ];
    let fr = run(
        FR,
        &[
            "Venue chercher son prix des mains d’Ada Renn, Mara Quill en a profité pour parler du chantier, déclarant que le projet avait été « mal préparé ».",
        ],
        &ents,
    );
    assert_eq!(who(&fr), ["Mara Quill"]);
    let en = run(
        EN,
        &["Quill spoke for an hour, explaining that the plan was “badly prepared.”"],
        &ents,
    );
    assert_eq!(who(&en), ["Mara Quill"]);
}

#[test]
fn a_participle_with_its_own_subject() {
    let ents = [
        person(&["Mara Quill", "Quill"]),
        person(&["Ada Renn", "Renn"]),
    ];
    let r = run(
        EN,
        &[
            "Mr Quill said it was “an excellent project”, with councillor Ada Renn saying her windows were “thick with grime” every week.",
        ],
        &ents,
    );
    assert_eq!(who(&r), ["Mara Quill", "Ada Renn"]);
}

#[test]
fn a_title_answers_to_its_synonyms() {
    let ents = [
        person(&["Mara Quill", "Quill"]),
        person(&["Tobias Renn", "Renn"]),
    ];
    let fr = run(
        FR,
        &[
            "La maire Mara Quill a reçu Tobias Renn.",
            "« Le chenal est dégagé », a indiqué l’édile devant le conseil.",
        ],
        &ents,
    );
    assert_eq!(who(&fr), ["Mara Quill"]);
    let en = run(
        EN,
        &[
            "Mara Quill, a director, met Tobias Renn.",
            "“The film is done,” the filmmaker said.",
        ],
        &ents,
    );
    assert_eq!(who(&en), ["Mara Quill"]);
}

#[test]
fn the_subject_after_que_or_that_describes() {
    let ents = [
        person(&["Mara Quill", "Quill"]),
        person(&["Tobias Renn", "Renn"]),
    ];
    let fr = run(
        FR,
        &["Tobias Renn a présenté un plan que Mara Quill qualifie d’« irréaliste »."],
        &ents,
    );
    assert_eq!(who(&fr), ["Mara Quill"]);
    let en = run(
        EN,
        &["Tobias Renn unveiled a plan that Mara Quill called “unworkable”."],
        &ents,
    );
    assert_eq!(who(&en), ["Mara Quill"]);
}

#[test]
fn reported_speech_speaks_through_its_reporting_verb() {
    let ents = [person(&["Mara Quill", "Quill"])];
    let fr = run(
        FR,
        &["Mara Quill a affirmé que les équipes étaient présentes à des fins « logistiques »."],
        &ents,
    );
    assert_eq!(who(&fr), ["Mara Quill"]);
}

#[test]
fn an_unclosed_guillemet_ends_before_the_next_quote() {
    let ents = [
        person(&["Mara Quill", "Quill"]),
        person(&["Tobias Renn", "Renn"]),
    ];
    let fr = run(
        FR,
        &[
            "La maire Mara Quill a reçu le docteur Tobias Renn.",
            "« Le chenal est dégagé, a assuré Mara Quill. Un avis que Tobias Renn juge « naïf ». « Nous verrons, a-telle répondu. »",
        ],
        &ents,
    );
    assert_eq!(who(&fr), ["Mara Quill", "Tobias Renn", "Mara Quill"]);
}

// ---------------------------------------------------------------- window --

/// The rules read a window of the sentence around each quote; what they
/// find there is placed in the whole sentence.
#[test]
fn a_quote_deep_in_a_long_sentence_is_read_through_its_window() {
    let ents = [person(&["Mara Quill", "Quill"])];
    let filler = "the river and the bank and the road, ".repeat(60);
    let text = format!("{filler}and then “the bridge will open in May,” Quill said, {filler}");
    let r = run(EN, &[&text], &ents);
    assert_eq!(who(&r), ["Mara Quill"]);
    assert_eq!(rules(&r), ["verb-after"]);
    let fr = format!("{filler}et puis « le pont ouvrira en mai », a déclaré Quill, {filler}");
    assert_eq!(who(&run(FR, &[&fr], &ents)), ["Mara Quill"]);
}

// ------------------------------------------------------ organisations --

/// An organisation's own name holds what a text calls it for short.
#[test]
fn an_organisation_answers_to_the_words_of_its_name() {
    let ents = [
        org(
            &["Centre hospitalier de Vireux", "hôpital de Vireux"],
            "Établissement public.",
        ),
        person(&["Odile Marchal", "Marchal"]),
    ];
    let r = run(
        FR,
        &[
            "Le Centre hospitalier de Vireux a fermé ses urgences.",
            "« Un accueil est organisé pour les patients », a précisé le centre hospitalier.",
        ],
        &ents,
    );
    assert_eq!(who(&r), ["Centre hospitalier de Vireux"]);
    let ents = [org(
        &["Harwick Museum of Art", "Harwick Museum"],
        "A public gallery.",
    )];
    let r = run(
        EN,
        &[
            "The Harwick Museum of Art reopened on Sunday.",
            "“Every gallery is open again,” the museum said.",
        ],
        &ents,
    );
    assert_eq!(who(&r), ["Harwick Museum of Art"]);
}

/// "l'entreprise", "the company": the one organisation in view, when no
/// person is (some organisation nouns name people too).
#[test]
fn a_definite_organisation_noun_is_the_one_organisation_in_view() {
    let ents = [
        org(&["Brambel"], "Fabricant de confitures."),
        org(&["Ostrel"], "Transporteur."),
        person(&["Jean Dufour", "Dufour"]),
    ];
    let alone = run(
        FR,
        &[
            "Brambel ferme son usine de Vireux. « Nous accompagnerons chaque salarié », a assuré l'entreprise.",
        ],
        &ents,
    );
    assert_eq!(who(&alone), ["Brambel"]);
    let two = run(
        FR,
        &[
            "Brambel et Ostrel ferment leurs sites. « Nous accompagnerons chaque salarié », a assuré l'entreprise.",
        ],
        &ents,
    );
    assert_eq!(who(&two), ["-"]);
    let person_too = run(
        FR,
        &[
            "Jean Dufour a vu Brambel fermer. « Nous n'avons rien vu venir », a confié l'exploitant.",
        ],
        &ents,
    );
    assert_eq!(who(&person_too), ["-"]);
    let en = run(
        EN,
        &["Brambel will close its plant. “We will support every worker,” the company said."],
        &ents,
    );
    assert_eq!(who(&en), ["Brambel"]);
}

/// The speaker phrase ends at a participle: "a indiqué l'hôpital
/// confirmant une information du Courrier"; and the words before it are no
/// title of the paper named after it.
#[test]
fn the_speaker_phrase_ends_at_a_participle() {
    let ents = [
        org(&["Centre hospitalier de Vireux"], "Hôpital public."),
        org(&["Le Courrier"], "Quotidien régional."),
    ];
    let r = run(
        FR,
        &[
            "Le Centre hospitalier de Vireux a été visé par une cyberattaque, selon Le Courrier.",
            "« Les urgences sont fermées », a indiqué le centre hospitalier confirmant une information du journal Le Courrier.",
        ],
        &ents,
    );
    assert_eq!(who(&r), ["Centre hospitalier de Vireux"]);
}

/// "du", "des" are determiners and "of" at once: the organisation after
/// them is the complement of a title, not the speaker.
#[test]
fn an_organisation_after_du_is_a_complement() {
    let ents = [org(&["Port de Vireux"], "Port fluvial.")];
    let r = run(
        FR,
        &[
            "Le directeur adjoint du Port de Vireux a déclaré : « Le trafic reprendra lundi matin. »",
        ],
        &ents,
    );
    assert_eq!(who(&r), ["-"]);
}

/// A question or an exclamation takes no comma before its attribution:
/// the speech verb after it is in the same sentence. A plain sentence
/// after it is not its attribution (though `follows` gives the quote to
/// the person that sentence is about, as for any quote standing alone).
#[test]
fn a_question_goes_on_to_its_attribution() {
    let ents = [person(&["Mara Quill", "Quill"])];
    let told = run(
        EN,
        &["“Who could have seen it coming?” Mara Quill told reporters."],
        &ents,
    );
    assert_eq!(who(&told), ["Mara Quill"]);
    let left = run(
        EN,
        &["“Who could have seen it coming?” Mara Quill left the hall."],
        &ents,
    );
    assert_eq!(rules(&left), ["follows"]);
}

/// `"…" Wednesday, union President Dave Green said`: the words before the
/// comma name nobody, so they are an adverbial, not the subject.
#[test]
fn an_adverbial_before_the_subject_is_left_out() {
    let ents = [person(&["Dana Welk", "Welk"])];
    let r = run(
        EN,
        &["Others “downed tools for the last time” Friday, union President Dana Welk said."],
        &ents,
    );
    assert_eq!(who(&r), ["Dana Welk"]);
}

/// A subheading does not change who the text is about: a pronoun after it
/// looks back to the paragraph before it.
#[test]
fn a_pronoun_looks_back_past_a_subheading() {
    let ents = [org(&["Brambel"], "Fabricant de confitures.")];
    let r = run_blocks(
        FR,
        &[
            (
                "Brambel ferme son usine. « Nous accompagnerons chaque salarié », a indiqué Brambel.",
                false,
            ),
            ("Un plan social", true),
            (
                "« Le site restera ouvert jusqu'en mars », a-t-il ajouté.",
                false,
            ),
        ],
        &ents,
        Rules::default(),
    );
    assert_eq!(who(&r), ["Brambel", "Brambel"]);
}

/// "A spokesman from Rees's office said …": a "he" after an unlisted
/// person reporting speech is more likely them than anyone named before.
#[test]
fn a_pronoun_after_an_unlisted_reporter_is_nobody() {
    let ents = [person(&["Carla Penn", "Penn"])];
    let r = run(
        EN,
        &[
            "“The plant is part of the town,” Penn said.",
            "A spokesman from Penn’s office said the site employs 245 people. “It has been there 80 years,” he said.",
        ],
        &ents,
    );
    assert_eq!(who(&r), ["Carla Penn", "-"]);
    let fr = run(
        FR,
        &[
            "« L'usine fait partie de la ville », a dit Carla Penn.",
            "Un porte-parole de Penn a précisé que le site emploie 245 personnes. « Il est là depuis 80 ans », a-t-il ajouté.",
        ],
        &ents,
    );
    assert_eq!(who(&fr), ["Carla Penn", "-"]);
}

/// An aside between commas may stand between the verb and its subject.
#[test]
fn an_aside_between_the_verb_and_its_subject() {
    let ents = [person(&["Mara Quill", "Quill"])];
    let fr = run(
        FR,
        &["« Le pont ouvrira en mai » a annoncé, ce lundi soir, Mara Quill."],
        &ents,
    );
    assert_eq!(who(&fr), ["Mara Quill"]);
    let en = run(
        EN,
        &["“The bridge will open in May,” said, late on Monday, Mara Quill."],
        &ents,
    );
    assert_eq!(who(&en), ["Mara Quill"]);
}

/// "la direction de Brambel", "the management of Brambel": the part that
/// speaks for the organisation is the organisation; a union of it is not.
#[test]
fn the_management_of_an_organisation_speaks_for_it() {
    let ents = [
        org(&["Brambel"], "Fabricant de confitures."),
        person(&["Jean Dufour", "Dufour"]),
    ];
    let fr = run(
        FR,
        &[
            "Jean Dufour a vu l'usine fermer. « Nous accompagnerons chaque salarié », a assuré la direction de Brambel.",
        ],
        &ents,
    );
    assert_eq!(who(&fr), ["Brambel"]);
    let union = run(
        FR,
        &[
            "Jean Dufour a vu l'usine fermer. « Nous ne lâcherons rien », a assuré le syndicat de Brambel.",
        ],
        &ents,
    );
    assert_eq!(who(&union), ["-"]);
    let en = run(
        EN,
        &[
            "Jean Dufour watched the plant close. “We will support every worker,” the management of Brambel said.",
        ],
        &ents,
    );
    assert_eq!(who(&en), ["Brambel"]);
}

/// A title two entities fit goes to the one just named, in this paragraph
/// or the one before.
#[test]
fn a_shared_title_goes_to_the_one_just_named() {
    let ents = [
        org(&["Brambel"], "Fabricant de confitures."),
        org(&["Ostrel"], "Fabricant de boissons."),
    ];
    let r = run(
        FR,
        &[
            "L'usine du fabricant Brambel fermera en avril.",
            "« Ce projet est devenu impératif », explique le fabricant.",
            "Ostrel reprendra une partie de la production.",
        ],
        &ents,
    );
    assert_eq!(who(&r), ["Brambel"]);
}

/// What a summary says an entity did, after a relative word, is not what
/// it is: "… force whose reserve assisted the city" is no city.
#[test]
fn a_summary_describes_up_to_its_relative_clause() {
    let ents = [org(
        &["Harwick Guard"],
        "State military force whose reserve assisted the city.",
    )];
    let r = run(
        EN,
        &[
            "The Harwick Guard sent a team on Monday.",
            "“We thank the public for their patience,” the city said.",
        ],
        &ents,
    );
    assert_eq!(who(&r), ["-"]);
    let fr = run(
        FR,
        &[
            "La Garde de Harwick a envoyé une équipe lundi.",
            "« Nous remercions les habitants », a indiqué la ville.",
        ],
        &[org(
            &["Garde de Harwick"],
            "Force militaire qui a aidé la ville.",
        )],
    );
    assert_eq!(who(&fr), ["-"]);
}
