//! Quotations in French news text, and who said them.
//!
//! A dossier shows each statement on its speaker's page, so a quote filed
//! under the wrong name puts words in someone's mouth; a quote with no
//! speaker only leaves a gap the editor can fill with a `quotes:` correction
//! in the article file. Every rule here is therefore built to give up rather
//! than guess: a speaker is named only when the sentence says plainly who
//! speaks (a speech verb and its subject, an agent after "par", a "selon X"),
//! and pronouns are resolved only when the passage leaves one candidate.
//!
//! The analysis is shallow on purpose (no parser, no model): news French is
//! formulaic enough around quotes that a handful of patterns cover what
//! matters, and a shallow rule that fails tends to fail to "unknown" rather
//! than to a confident wrong answer.

use std::collections::{BTreeMap, BTreeSet};

/// What can a mention's entity do as a speaker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Person,
    Organization,
    Other,
}

/// One entity mention in a block, as the matcher found it: byte offsets into the block text.
#[derive(Clone, Debug)]
pub struct MentionSpan<'a> {
    pub start: usize,
    pub end: usize,
    pub entity: &'a str,
    pub role: Role,
}

/// One block (paragraph or subheading) of an article, in reading order.
#[derive(Clone, Debug)]
pub struct BlockIn<'a> {
    pub text: &'a str,
    pub mentions: &'a [MentionSpan<'a>],
    pub heading: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundQuote {
    /// index of the block in the input slice
    pub block: usize,
    /// byte range of the quoted words inside the block text, quote marks and the spaces just inside them excluded
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// four words or more: a statement; shorter quotes are terms ("cruciale", "chargé") and are not statements
    pub statement: bool,
    /// entity id of the speaker, None when unsure
    pub speaker: Option<String>,
}

/// All quotes of one article, in reading order.
///
/// Blocks are read in order because attribution carries over: "a-t-il
/// ajouté" and "selon lui" point back to whoever the passage is about.
pub fn extract(blocks: &[BlockIn<'_>]) -> Vec<FoundQuote> {
    let prepared: Vec<Prepared<'_>> = blocks.iter().map(prepare).collect();
    let mut ctx = Ctx::new(&prepared);
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut out = Vec::new();
    let mut sid = 0usize;
    for (bi, b) in prepared.iter().enumerate() {
        let window = window_start(&prepared, bi);
        for sent in &b.sentences {
            sid += 1;
            let items = &sent.items;
            let named: BTreeSet<&str> = items
                .iter()
                .filter_map(|x| match x.kind {
                    Kind::Mention(mi) if b.mentions[mi].role == Role::Person => {
                        Some(b.mentions[mi].entity)
                    }
                    _ => None,
                })
                .collect();
            ctx.persons.insert(sid, named);
            let mut anchored = false;
            if let Some((mi, pos)) = clear_subject(b, items).filter(|_| !b.heading) {
                let m = b.mentions[mi];
                events.push(Event {
                    block: bi,
                    pos,
                    sentence: sid,
                    kind: EvKind::Ent(m.entity, m.role),
                });
                anchored = true;
            }
            for (qi, it) in items.iter().enumerate() {
                let Kind::Quote(qn) = it.kind else { continue };
                let q = &b.quotes[qn];
                let (first, second) = attribute(b, items, qi);
                let settle =
                    |c: Candidate| c.map(|(r, adj)| (ctx.settle(r, b, bi, window, &events), adj));
                let outcome = merge(settle(first), settle(second));
                let speaker = match outcome {
                    Outcome::Speaker(entity, role, pos) => {
                        events.push(Event {
                            block: bi,
                            pos,
                            sentence: sid,
                            kind: EvKind::Ent(entity, role),
                        });
                        anchored = true;
                        Some(entity.to_string())
                    }
                    Outcome::Nobody(pos) => {
                        events.push(Event {
                            block: bi,
                            pos,
                            sentence: sid,
                            kind: EvKind::Blocker,
                        });
                        None
                    }
                    Outcome::Unresolved => None,
                };
                let text = b.text.get(q.inner_start..q.inner_end).unwrap_or("");
                out.push(FoundQuote {
                    block: bi,
                    start: q.inner_start,
                    end: q.inner_end,
                    text: text.to_string(),
                    statement: word_count(text) >= 4,
                    speaker,
                });
            }
            // A person named in a sentence we could not read breaks the
            // chain a later "il" would follow: he might be the one meant.
            if !b.heading && !anchored && (has_person(b, items) || person_noun_subject(items)) {
                events.push(Event {
                    block: bi,
                    pos: sent.end,
                    sentence: sid,
                    kind: EvKind::Blocker,
                });
            }
        }
    }
    echo_headings(&prepared, &mut out);
    out
}

// ---------------------------------------------------------------------------
// Word lists. French news uses a small, stable vocabulary around quotes.

/// Past participles of verbs that introduce or report speech ("a déclaré").
#[rustfmt::skip]
const PARTICIPLES: &[&str] = &[
    "déclaré", "affirmé", "souligné", "conclu", "ajouté", "expliqué", "dénoncé", "annoncé", "salué",
    "indiqué", "précisé", "assuré", "estimé", "insisté", "martelé", "lancé", "dit", "confié",
    "rappelé", "relevé", "noté", "observé", "poursuivi", "répondu", "répliqué", "rétorqué", "réagi",
    "commenté", "averti", "prévenu", "reconnu", "admis", "jugé", "évoqué", "mentionné", "décrit",
    "fustigé", "regretté", "déploré", "plaidé", "exhorté", "critiqué", "condamné", "lâché",
    "tranché", "résumé", "ironisé", "signalé", "écrit", "détaillé", "clamé", "proclamé", "confirmé",
    "démenti", "témoigné", "raconté", "soutenu", "qualifié", "appelé", "demandé", "promis",
    "garanti", "prôné", "réclamé", "exigé", "réitéré", "remercié", "félicité", "réjoui", "exclamé",
    "interrogé", "insurgé", "indigné", "inquiété", "alerté", "avancé", "argué", "exprimé",
    "formulé", "répété", "tweeté",
];

/// Participles that speak only with "s’est" / "se sont" ("s’est félicité").
#[rustfmt::skip]
const REFLEXIVE: &[&str] = &[
    "félicité", "réjoui", "exclamé", "interrogé", "insurgé", "indigné", "inquiété", "dit",
    "exprimé", "déclaré", "alarmé", "prononcé",
];

/// Present tense, third person singular ("poursuit le communiqué").
#[rustfmt::skip]
const PRESENT: &[&str] = &[
    "déclare", "affirme", "souligne", "conclut", "ajoute", "explique", "dénonce", "annonce",
    "salue", "indique", "précise", "assure", "estime", "insiste", "martèle", "lance", "dit",
    "confie", "rappelle", "relève", "note", "observe", "poursuit", "répond", "réplique", "rétorque",
    "réagit", "commente", "avertit", "prévient", "reconnaît", "reconnait", "admet", "juge",
    "évoque", "mentionne", "décrit", "fustige", "regrette", "déplore", "plaide", "exhorte",
    "critique", "condamne", "lâche", "tranche", "résume", "ironise", "signale", "écrit", "détaille",
    "clame", "proclame", "confirme", "dément", "témoigne", "raconte", "soutient", "qualifie",
    "appelle", "demande", "réclame", "exige", "réitère", "remercie", "avance", "argue", "tweete",
];

/// Present tense forms that speak only with "se" ("se félicite").
#[rustfmt::skip]
const REFLEXIVE_PRESENT: &[&str] = &[
    "félicite", "réjouit", "exclame", "interroge", "insurge", "indigne", "inquiète", "dit",
    "exprime", "déclare", "prononce",
];

/// Passé simple, third person singular ("déclara-t-il").
#[rustfmt::skip]
const PASSE_SIMPLE: &[&str] = &[
    "déclara", "affirma", "souligna", "ajouta", "expliqua", "dénonça", "annonça", "lança",
    "répondit", "répliqua", "rétorqua", "poursuivit", "assura", "estima", "indiqua", "précisa",
    "insista", "martela", "nota", "rappela", "confia", "admit", "reconnut", "écrivit", "salua",
];

/// Participles whose agent after "par" said the quoted words
/// ("une « coordination » saluée par Lavrov").
#[rustfmt::skip]
const PASSIVE: &[&str] = &[
    "qualifié", "prononcé", "tenu", "employé", "utilisé", "évoqué", "annoncé", "dénoncé", "décrit",
    "formulé", "exprimé", "répété", "lancé", "salué", "dit", "écrit", "martelé", "souligné",
    "affirmé", "déclaré",
];

/// "qualifié de « … » par X": the agent chose the word.
const QUALIFY: &[&str] = &["qualifié", "taxé", "traité"];

/// Texts that speak for whoever issued them ("poursuit le communiqué de l’AES").
#[rustfmt::skip]
const DOC_NOUNS: &[&str] = &[
    "communiqué", "communiqués", "déclaration", "texte", "note", "lettre", "rapport", "document",
    "message", "site", "compte", "publication", "courrier", "missive", "bulletin", "statement",
    "tweet",
];

#[rustfmt::skip]
const DETERMINERS: &[&str] = &[
    "le", "la", "les", "un", "une", "des", "du", "son", "sa", "ses", "leur", "leurs", "ce", "cet",
    "cette", "ces", "notre", "votre", "nos", "vos",
];

const ARTICLES: &[&str] = &["le", "la", "les", "un", "une"];

/// Words that head the title before a name ("le chef de la diplomatie russe
/// Sergueï Lavrov"), and whose presence as a subject means a person speaks
/// who is not a known entity.
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "m.", "mm.", "mme", "mlle", "dr", "dr.", "pr", "pr.", "me.", "monsieur", "madame", "président",
    "présidente", "ministre", "chef", "cheffe", "porte-parole", "diplomate", "homologue",
    "ambassadeur", "ambassadrice", "général", "générale", "colonel", "capitaine", "commandant",
    "secrétaire", "directeur", "directrice", "premier", "première", "vice-président",
    "vice-présidente", "commissaire", "représentant", "représentante", "envoyé", "envoyée",
    "conseiller", "conseillère", "émissaire", "négociateur", "négociatrice", "député", "députée",
    "sénateur", "sénatrice", "maire", "gouverneur", "leader", "dirigeant", "dirigeante",
    "responsable", "officier", "patron", "patronne", "procureur", "procureure", "avocat", "avocate",
];

#[rustfmt::skip]
const PURE_ADVERBS: &[&str] = &[
    "également", "aussi", "notamment", "encore", "déjà", "ensuite", "enfin", "alors", "d’ailleurs",
    "toutefois", "cependant", "néanmoins", "pourtant", "surtout", "même", "bien", "lundi", "mardi",
    "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "hier", "aujourd’hui", "matin", "soir",
    "récemment", "publiquement", "clairement", "ouvertement", "fermement", "vivement", "ainsi",
    "immédiatement", "simplement", "finalement", "lui-même", "elle-même", "aussitôt", "volontiers",
    "plutôt", "d’abord",
];

/// Between auxiliary and participle: "a lui salué", "a par ailleurs annoncé",
/// "a, pour sa part, déclaré".
#[rustfmt::skip]
const INFIX: &[&str] = &[
    "lui", "elle", "pour", "sa", "part", "de", "son", "côté", "quant", "à", "par", "ailleurs",
    "nouveau", "leur", "tour", "eux", "y", "plus", "tard",
];

/// Words opening a clause with a subject of its own ("tandis que le Mali
/// voit …"): a verb on the far side of one speaks for another subject.
/// "et" is not among them: it joins quoted objects far more often than
/// clauses ("a dénoncé des « … » et des « … »").
#[rustfmt::skip]
const SUBORD: &[&str] = &[
    "tandis", "alors", "mais", "car", "puisque", "lorsque", "quand", "si", "parce", "or", "donc",
];

/// Nouns for someone's words: a quote after "la formule de …" is that
/// someone's, whoever recalls it.
#[rustfmt::skip]
const WORDS_OF: &[&str] = &[
    "formule", "formules", "propos", "mot", "mots", "expression", "termes", "slogan", "phrase",
    "citation", "paroles", "maxime", "adage", "devise", "dixit",
];

const NEGATION: &[&str] = &["pas", "jamais", "rien", "guère", "point"];

#[rustfmt::skip]
const CONJ: &[&str] = &[
    "et", "mais", "puis", "or", "donc", "car", "ensuite", "alors", "enfin",
];

#[rustfmt::skip]
const RELATIVES: &[&str] = &[
    "qui", "que", "dont", "où", "lequel", "laquelle", "lesquels", "lesquelles", "auquel", "duquel",
    "quoi",
];

/// Finite verbs that start a new clause: after one, the subject found before
/// is no longer the one speaking.
#[rustfmt::skip]
const AUX_COPULA: &[&str] = &[
    "a", "ont", "avait", "avaient", "aura", "auront", "aurait", "auraient", "est", "sont", "était",
    "étaient", "sera", "seront", "serait", "seraient", "va", "vont", "allait", "peut", "peuvent",
    "pouvait", "doit", "doivent", "devait", "fut", "furent", "eut", "fait", "font", "faisait",
];

#[rustfmt::skip]
const PREPOSITIONS: &[&str] = &[
    "de", "du", "des", "à", "au", "aux", "par", "pour", "avec", "chez", "contre", "sur", "sous",
    "selon", "entre", "vers", "envers", "sans", "auprès", "devant", "derrière", "dans", "en",
    "parmi", "après", "avant", "pendant", "depuis", "malgré", "via", "comme", "et", "ou", "ni",
];

/// Words that end the noun phrase naming a speaker after the verb
/// ("a déclaré Lavrov lors de …").
#[rustfmt::skip]
const NP_STOP: &[&str] = &[
    "lors", "en", "dans", "devant", "après", "avant", "pendant", "qui", "que", "dont", "où",
    "selon", "avec", "depuis", "alors", "tandis", "tout", "mais", "car", "sans", "lundi", "mardi",
    "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "hier", "aujourd’hui", "au", "à", "aux",
];

#[rustfmt::skip]
const ELISIONS: &[&str] = &[
    "l", "d", "qu", "s", "n", "j", "c", "m", "t", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

// ---------------------------------------------------------------------------
// Blocks, quotes, sentences, tokens.

#[derive(Clone, Copy)]
struct Men<'s> {
    start: usize,
    end: usize,
    entity: &'s str,
    role: Role,
}

struct QuoteSpan {
    open: usize,
    end: usize,
    inner_start: usize,
    inner_end: usize,
}

struct Sentence {
    end: usize,
    items: Vec<Item>,
}

struct Prepared<'s> {
    text: &'s str,
    heading: bool,
    mentions: Vec<Men<'s>>,
    quotes: Vec<QuoteSpan>,
    sentences: Vec<Sentence>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Word,
    Mention(usize),
    Quote(usize),
    Punct(char),
}

/// A sentence is read as a flat list of words, mentions, whole quotes and
/// punctuation: a quote is opaque, so nothing inside it (a name, a comma, a
/// full stop) can take part in attributing it.
struct Item {
    kind: Kind,
    start: usize,
    end: usize,
    /// Lower-cased word with apostrophes unified to ’; empty for non-words.
    lo: String,
    /// The word starts with a capital letter.
    cap: bool,
}

impl Item {
    fn w(&self) -> &str {
        &self.lo
    }
    fn prefix(&self) -> Option<&str> {
        split_elision(&self.lo).0
    }
    fn base(&self) -> &str {
        split_elision(&self.lo).1
    }
    fn is(&self, s: &str) -> bool {
        self.kind == Kind::Word && self.lo == s
    }
    fn punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }
}

fn prepare<'s>(b: &'s BlockIn<'_>) -> Prepared<'s> {
    let text: &'s str = b.text;
    let quotes = find_quotes(text);
    let mut ms: Vec<Men<'s>> = b
        .mentions
        .iter()
        .filter(|m| m.start < m.end && text.get(m.start..m.end).is_some() && !m.entity.is_empty())
        .map(|m| Men {
            start: m.start,
            end: m.end,
            entity: m.entity,
            role: m.role,
        })
        .collect();
    ms.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut mentions: Vec<Men<'s>> = Vec::new();
    let mut last_end = 0;
    for m in ms {
        // Overlaps are the caller's bug; a name inside a quote is never the
        // speaker, so such mentions are simply not seen.
        if m.start < last_end || quotes.iter().any(|q| m.start < q.end && m.end > q.open) {
            continue;
        }
        last_end = m.end;
        mentions.push(m);
    }
    let sentences = split_sentences(text, &quotes)
        .into_iter()
        .map(|(s, e)| Sentence {
            end: e,
            items: tokenize(text, s, e, &mentions, &quotes),
        })
        .collect();
    Prepared {
        text,
        heading: b.heading,
        mentions,
        quotes,
        sentences,
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mark {
    Guillemet,
    Curly,
    Straight,
}

/// Top-level quotes of a block, sorted and disjoint. Nested quotes stay part
/// of the quote around them.
///
/// Typing is sloppy: « closed by ”, a lone « never closed, a stray ». The
/// scan pairs marks with a stack, accepts a mismatched closer only when the
/// proper one never comes, and when an opener stays unclosed at the end it
/// rescans ignoring that opener, so one typo does not swallow the quotes
/// after it.
fn find_quotes(text: &str) -> Vec<QuoteSpan> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let tables = MarkTables::new(&chars);
    let mut ignored: BTreeSet<usize> = BTreeSet::new();
    for _ in 0..32 {
        let (found, bad) = scan_quotes(text, &chars, &ignored, &tables);
        match bad {
            Some(b) if ignored.insert(b) => continue,
            _ => return found,
        }
    }
    scan_quotes(text, &chars, &ignored, &tables).0
}

/// For each char index, where the next mark of each kind is: lets the scan
/// ask "does a proper closer still come?" in constant time.
struct MarkTables {
    n: usize,
    next_open_g: Vec<usize>,
    next_close_g: Vec<usize>,
    next_open_c: Vec<usize>,
    next_close_c: Vec<usize>,
    next_straight: Vec<usize>,
    /// Number of » at or after each index.
    closers_g: Vec<usize>,
}

impl MarkTables {
    fn new(chars: &[(usize, char)]) -> Self {
        let n = chars.len();
        let mut t = MarkTables {
            n,
            next_open_g: vec![n; n + 1],
            next_close_g: vec![n; n + 1],
            next_open_c: vec![n; n + 1],
            next_close_c: vec![n; n + 1],
            next_straight: vec![n; n + 1],
            closers_g: vec![0; n + 1],
        };
        for i in (0..n).rev() {
            let c = chars[i].1;
            t.next_open_g[i] = if c == '«' { i } else { t.next_open_g[i + 1] };
            t.next_close_g[i] = if c == '»' { i } else { t.next_close_g[i + 1] };
            t.next_open_c[i] = if matches!(c, '“' | '„') {
                i
            } else {
                t.next_open_c[i + 1]
            };
            t.next_close_c[i] = if c == '”' { i } else { t.next_close_c[i + 1] };
            t.next_straight[i] = if c == '"' { i } else { t.next_straight[i + 1] };
            t.closers_g[i] = t.closers_g[i + 1] + usize::from(c == '»');
        }
        t
    }

    /// Does the proper closer of `m` come after `i`, before another opener of
    /// the same kind?
    fn closer_ahead(&self, m: Mark, i: usize) -> bool {
        let j = (i + 1).min(self.n);
        match m {
            Mark::Guillemet => self.next_close_g[j] < self.next_open_g[j],
            Mark::Curly => self.next_close_c[j] < self.next_open_c[j],
            Mark::Straight => self.next_straight[j] < self.n,
        }
    }
}

fn scan_quotes(
    text: &str,
    chars: &[(usize, char)],
    ignored: &BTreeSet<usize>,
    t: &MarkTables,
) -> (Vec<QuoteSpan>, Option<usize>) {
    let mut stack: Vec<(Mark, usize)> = Vec::new();
    let mut out = Vec::new();
    let emit = |out: &mut Vec<QuoteSpan>, o: usize, c: usize| {
        let (ob, oc) = chars[o];
        let (cb, cc) = chars[c];
        let (is, ie) = (ob + oc.len_utf8(), cb);
        let raw = text.get(is..ie).unwrap_or("");
        let lead = raw.len() - raw.trim_start().len();
        let trail = raw.len() - raw.trim_end().len();
        let (s, e) = (is + lead, ie.saturating_sub(trail));
        if s < e && raw.chars().any(char::is_alphanumeric) {
            out.push(QuoteSpan {
                open: ob,
                end: cb + cc.len_utf8(),
                inner_start: s,
                inner_end: e,
            });
        }
    };
    let close = |stack: &mut Vec<(Mark, usize)>, out: &mut Vec<QuoteSpan>, k: Mark, i: usize| {
        if let Some(pos) = stack.iter().rposition(|&(m, _)| m == k) {
            let o = stack[pos].1;
            stack.truncate(pos);
            if stack.is_empty() {
                emit(out, o, i);
            }
        } else if let Some(&(_, o)) = stack.last().filter(|&&(top, _)| !t.closer_ahead(top, i)) {
            stack.pop();
            if stack.is_empty() {
                emit(out, o, i);
            }
        }
    };
    for (i, &(_, c)) in chars.iter().enumerate() {
        if ignored.contains(&i) {
            continue;
        }
        match c {
            '«' => {
                let open_g = stack.iter().filter(|&&(m, _)| m == Mark::Guillemet).count();
                if open_g > 0 && t.closers_g[i + 1] <= open_g {
                    // Not enough » left for both: the earlier « is the typo.
                    let bad = stack
                        .iter()
                        .find(|&&(m, _)| m == Mark::Guillemet)
                        .map(|x| x.1);
                    return (out, bad);
                }
                stack.push((Mark::Guillemet, i));
            }
            '“' | '„' => stack.push((Mark::Curly, i)),
            '»' => close(&mut stack, &mut out, Mark::Guillemet, i),
            '”' => close(&mut stack, &mut out, Mark::Curly, i),
            '"' => {
                let prev = i.checked_sub(1).map(|p| chars[p].1);
                let next = chars.get(i + 1).map(|x| x.1);
                let opener = prev.is_none_or(|p| p.is_whitespace() || "([{«“‘'’—–-/".contains(p))
                    && next.is_some_and(|x| !x.is_whitespace());
                if stack.last().is_some_and(|&(m, _)| m == Mark::Straight) {
                    close(&mut stack, &mut out, Mark::Straight, i);
                } else if opener {
                    stack.push((Mark::Straight, i));
                } else if prev.is_some_and(|p| !p.is_whitespace()) {
                    close(&mut stack, &mut out, Mark::Straight, i);
                }
            }
            _ => {}
        }
    }
    let bad = stack.first().map(|x| x.1);
    (out, bad)
}

/// Sentence ranges of a block. Quotes are opaque (their full stops do not
/// count), but a quote ending in . ! ? followed by a capital ends the
/// sentence. A semicolon also ends one: the clauses it joins have their own
/// subjects.
fn split_sentences(text: &str, quotes: &[QuoteSpan]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut p = 0;
    let mut qi = 0;
    let push = |out: &mut Vec<(usize, usize)>, s: usize, e: usize| {
        if text
            .get(s..e)
            .is_some_and(|t| t.chars().any(|c| !c.is_whitespace()))
        {
            out.push((s, e));
        }
    };
    while p < text.len() {
        while qi < quotes.len() && quotes[qi].open < p {
            qi += 1;
        }
        if let Some(q) = quotes.get(qi).filter(|q| q.open == p) {
            p = q.end;
            let inner = text.get(q.inner_start..q.inner_end).unwrap_or("");
            if inner.ends_with(['.', '!', '?', '…']) && new_sentence_follows(&text[p..]) {
                push(&mut out, start, p);
                start = p;
            }
            continue;
        }
        let Some(c) = text[p..].chars().next() else {
            break;
        };
        let next = p + c.len_utf8();
        let boundary = match c {
            ';' => true,
            '!' | '?' | '…' => new_sentence_follows(&text[next..]),
            '.' => !abbreviation_before(&text[..p]) && new_sentence_follows(&text[next..]),
            _ => false,
        };
        if boundary {
            push(&mut out, start, next);
            start = next;
        }
        p = next;
    }
    push(&mut out, start, text.len());
    out
}

fn new_sentence_follows(rest: &str) -> bool {
    let trimmed = rest.trim_start();
    if trimmed.is_empty() {
        return true;
    }
    if trimmed.len() == rest.len() {
        return false;
    }
    trimmed.chars().next().is_some_and(|c| {
        c.is_uppercase() || c.is_numeric() || matches!(c, '«' | '“' | '"' | '(' | '–' | '—')
    })
}

/// "M. Diop", "J. Smith": a full stop after a title or an initial.
fn abbreviation_before(before: &str) -> bool {
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if word.is_empty() {
        return false;
    }
    let mut chars = word.chars();
    let single_capital = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
    single_capital
        || matches!(
            word.as_str(),
            "M" | "MM" | "Mme" | "Mmes" | "Mlle" | "Dr" | "Pr" | "Me" | "St" | "Ste" | "av" | "cf"
        )
}

fn tokenize(
    text: &str,
    s: usize,
    e: usize,
    mentions: &[Men<'_>],
    quotes: &[QuoteSpan],
) -> Vec<Item> {
    let mstart: BTreeMap<usize, usize> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.start >= s && m.end <= e)
        .map(|(i, m)| (m.start, i))
        .collect();
    let qstart: BTreeMap<usize, usize> = quotes
        .iter()
        .enumerate()
        .filter(|(_, q)| q.open >= s && q.end <= e)
        .map(|(i, q)| (q.open, i))
        .collect();
    let mut items = Vec::new();
    let mut p = s;
    while p < e {
        let Some(c) = text[p..e].chars().next() else {
            break;
        };
        // A quote or a mention is one opaque item, quotes first.
        let unit = qstart
            .get(&p)
            .map(|&qi| (Kind::Quote(qi), quotes[qi].end))
            .or_else(|| {
                mstart
                    .get(&p)
                    .map(|&mi| (Kind::Mention(mi), mentions[mi].end))
            });
        if let Some((kind, end)) = unit {
            items.push(Item {
                kind,
                start: p,
                end,
                lo: String::new(),
                cap: false,
            });
            p = end;
            continue;
        }
        if c.is_whitespace() {
            p += c.len_utf8();
            continue;
        }
        if !c.is_alphanumeric() {
            let end = p + c.len_utf8();
            items.push(Item {
                kind: Kind::Punct(c),
                start: p,
                end,
                lo: String::new(),
                cap: false,
            });
            p = end;
            continue;
        }
        let mut q = p;
        while q < e {
            if q > p && (qstart.contains_key(&q) || mstart.contains_key(&q)) {
                break;
            }
            let Some(ch) = text[q..e].chars().next() else {
                break;
            };
            if ch.is_alphanumeric() {
                q += ch.len_utf8();
                continue;
            }
            if q > p {
                let after = q + ch.len_utf8();
                let nxt = text[after..e].chars().next();
                let join = match ch {
                    '-' | '‐' | '‑' => nxt.is_some_and(char::is_alphanumeric),
                    '’' | '\'' | 'ʼ' => nxt.is_some_and(|x| !x.is_whitespace()),
                    _ => false,
                };
                if join {
                    q = after;
                    continue;
                }
            }
            break;
        }
        let raw = &text[p..q];
        let mut end = q;
        if matches!(raw, "M" | "MM" | "Mme" | "Mlle" | "Dr" | "Pr" | "Me")
            && text[q..e].starts_with('.')
        {
            end = q + 1;
        }
        let lo = text[p..end]
            .to_lowercase()
            .replace(['\'', 'ʼ'], "’")
            .replace(['‐', '‑'], "-");
        items.push(Item {
            kind: Kind::Word,
            start: p,
            end,
            lo,
            cap: c.is_uppercase(),
        });
        p = end;
    }
    items
}

// ---------------------------------------------------------------------------
// Word classes.

fn split_elision(lo: &str) -> (Option<&str>, &str) {
    if let Some(i) = lo.find('’') {
        let (p, rest) = lo.split_at(i);
        if ELISIONS.contains(&p) {
            return (Some(p), &rest['’'.len_utf8()..]);
        }
    }
    (None, lo)
}

fn in_list(list: &[&str], w: &str) -> bool {
    !w.is_empty() && list.contains(&w)
}

/// Participles agree in gender and number ("dénoncée", "qualifiés").
fn agrees(list: &[&str], w: &str) -> bool {
    in_list(list, w)
        || ["es", "s", "e"]
            .iter()
            .any(|suf| w.strip_suffix(suf).is_some_and(|stem| in_list(list, stem)))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pron {
    Masc,
    Fem,
    Plural,
    On,
}

/// "a-t-il" → ("a", il); "poursuit-elle" → ("poursuit", elle).
fn inversion(lo: &str) -> Option<(&str, Pron)> {
    let parts: Vec<&str> = lo.split('-').collect();
    if parts.len() < 2 || parts.len() > 3 || (parts.len() == 3 && parts[1] != "t") {
        return None;
    }
    let pron = match parts[parts.len() - 1] {
        "il" => Pron::Masc,
        "elle" => Pron::Fem,
        "on" => Pron::On,
        "ils" | "elles" => Pron::Plural,
        _ => return None,
    };
    Some((parts[0], pron))
}

/// An "avoir" auxiliary, and whether it is plural.
fn avoir(w: &str) -> Option<bool> {
    match w {
        "a" | "avait" | "aura" | "aurait" | "eut" => Some(false),
        "ont" | "avaient" | "auront" | "auraient" | "eurent" => Some(true),
        _ => None,
    }
}

fn etre(w: &str) -> Option<bool> {
    match w {
        "est" | "était" | "sera" | "serait" | "fut" => Some(false),
        "sont" | "étaient" | "seront" | "seraient" | "furent" => Some(true),
        _ => None,
    }
}

/// A finite speech verb, and whether it is plural ("déclarent").
fn finite_speech(w: &str) -> Option<bool> {
    if in_list(PRESENT, w) || in_list(PASSE_SIMPLE, w) {
        return Some(false);
    }
    w.strip_suffix("nt")
        .filter(|s| in_list(PRESENT, s))
        .map(|_| true)
}

fn is_prep(it: &Item) -> bool {
    it.kind == Kind::Word
        && (in_list(PREPOSITIONS, it.w()) || (it.prefix() == Some("d") && it.base().is_empty()))
}

fn is_article(it: &Item) -> bool {
    it.kind == Kind::Word
        && (in_list(ARTICLES, it.w()) || (it.prefix() == Some("l") && it.base().is_empty()))
}

/// Starts a noun phrase: "le", "cette", or an elided "l’homologue".
fn is_det(it: &Item) -> bool {
    it.kind == Kind::Word && (in_list(DETERMINERS, it.w()) || it.prefix() == Some("l"))
}

fn is_relative(it: &Item) -> bool {
    it.kind == Kind::Word && (in_list(RELATIVES, it.base()) || it.prefix() == Some("qu"))
}

fn is_aux_cop(it: &Item) -> bool {
    it.kind == Kind::Word && in_list(AUX_COPULA, it.base())
}

fn is_po(b: &Prepared<'_>, it: &Item) -> bool {
    matches!(it.kind, Kind::Mention(mi) if b.mentions[mi].role != Role::Other)
}

fn is_title(it: &Item) -> bool {
    it.kind == Kind::Word && (in_list(TITLES, it.w()) || in_list(TITLES, it.base()))
}

/// Ends the noun phrase after a verb: punctuation or another quote.
fn is_terminator(it: &Item) -> bool {
    match it.kind {
        Kind::Quote(_) => true,
        Kind::Punct(c) => c != '-',
        _ => false,
    }
}

/// Could this word be the verb right after a subject?
fn verbish(it: &Item) -> bool {
    if it.kind != Kind::Word || it.cap {
        return false;
    }
    match it.prefix() {
        Some("s" | "n" | "l") => return !it.base().is_empty(),
        Some(_) => return false,
        None => {}
    }
    let w = it.w();
    !in_list(PREPOSITIONS, w)
        && !in_list(DETERMINERS, w)
        && !in_list(RELATIVES, w)
        && !in_list(CONJ, w)
        && !in_list(PURE_ADVERBS, w)
}

fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

// ---------------------------------------------------------------------------
// Noun phrases and subjects.

/// A title before a name, or a name alone: "le chef de la diplomatie russe"
/// in front of "Sergueï Lavrov". A phrase ending in a preposition makes the
/// name a complement ("l’homologue de Lavrov"), and one with a relative
/// pronoun or an auxiliary holds a clause of its own ("le ministre qui
/// recevait Lavrov"): in both the name is not the one speaking.
fn title_np(seg: &[Item], b: &Prepared<'_>) -> bool {
    let Some(first) = seg.first() else {
        return true;
    };
    let first_ok = first.kind == Kind::Word
        && (is_det(first) || is_title(first) || in_list(PURE_ADVERBS, first.w()));
    if !first_ok {
        return false;
    }
    let clean = seg.iter().all(|x| match x.kind {
        Kind::Quote(_) => false,
        Kind::Mention(mi) => b.mentions[mi].role == Role::Other,
        Kind::Punct(c) => c == '-' || c == '.',
        Kind::Word => !is_relative(x) && !is_aux_cop(x),
    });
    if !clean {
        return false;
    }
    match seg.last() {
        Some(last) if is_prep(last) => false,
        Some(last) if is_article(last) => seg.len() == 1,
        _ => true,
    }
}

/// What stands before a subject name in its sentence: nothing, a leading
/// phrase closed by a comma ("Dans l’auditoire, Abdoulaye Diop …"), a
/// conjunction, or a title ("Le porte-parole …, Guéorgiï Tykhy, …").
fn lead_ok(lead: &[Item], b: &Prepared<'_>) -> bool {
    let cut = lead
        .iter()
        .rposition(|x| matches!(x.kind, Kind::Punct(',' | ':' | '–' | '—' | ';')));
    let seg = match cut {
        Some(c) => &lead[c + 1..],
        None => lead,
    };
    if seg.is_empty() || (seg.len() == 1 && in_list(CONJ, seg[0].w())) {
        return true;
    }
    title_np(seg, b)
}

/// Does a name right after `lead` depend on a preposition ("de Lavrov",
/// "de l’AES")?
fn is_complement(lead: &[Item]) -> bool {
    match lead {
        [.., p, a] if is_article(a) => is_prep(p),
        [.., p] => is_prep(p),
        [] => false,
    }
}

/// Is a name right after `lead` a possessor ("la formule de Goïta", "les
/// propos du Kremlin")?
fn is_of(lead: &[Item]) -> bool {
    let of = |p: &Item| {
        matches!(p.w(), "de" | "du" | "des") || (p.prefix() == Some("d") && p.base().is_empty())
    };
    match lead {
        [.., p, a] if is_article(a) => of(p),
        [.., p] => of(p),
        [] => false,
    }
}

/// ", chef de la diplomatie russe," or ", qui s’exprimait devant la presse,"
/// between a name and its verb; one naming someone else could be about them.
fn apposition_ok(seg: &[Item], b: &Prepared<'_>) -> bool {
    let relative = seg.first().is_some_and(|x| x.is("qui"));
    !seg.is_empty()
        && seg.len() <= 15
        && seg.iter().all(|x| match x.kind {
            Kind::Word => relative || (!is_relative(x) && !is_aux_cop(x)),
            Kind::Mention(mi) => b.mentions[mi].role == Role::Other,
            Kind::Quote(_) => false,
            Kind::Punct(c) => c == '-' || c == '.',
        })
}

/// Who speaks, as far as the words say.
#[derive(Clone, Copy, Debug)]
enum Res {
    /// A mention of a person or organization (index into the block's mentions).
    Ent(usize),
    /// "il", "elle", "lui": whoever the passage is about.
    Pron(Pron, usize),
    /// Someone is named but is not a known entity ("selon Bamako",
    /// "a déclaré un diplomate"), or several are.
    Unknown(usize),
    /// "un communiqué" with no issuer in the sentence.
    BareDoc(usize),
}

enum Doc {
    Bare,
    Issuer(usize),
    Unknown,
}

/// Who issued the document named at `d`: "le communiqué de l’AES",
/// "un communiqué publié par l’AES"; Bare when the text does not say.
fn doc_complement(b: &Prepared<'_>, items: &[Item], d: usize, end: usize) -> Doc {
    let end = end.min(items.len());
    let mut k = d + 1;
    if items.get(k).is_some_and(|x| x.is("de")) && items.get(k + 1).is_some_and(|x| x.is("presse"))
    {
        k += 2;
    }
    let mut steps = 0;
    while k < end && steps < 3 && items[k].kind == Kind::Word && !is_prep(&items[k]) {
        if matches!(
            items[k].w(),
            "conjoint" | "conjointe" | "commun" | "commune"
        ) {
            return Doc::Unknown;
        }
        k += 1;
        steps += 1;
    }
    let Some(it) = items.get(k).filter(|_| k < end) else {
        return Doc::Bare;
    };
    let of = matches!(it.w(), "de" | "du" | "des" | "par")
        || (it.prefix() == Some("d") && it.base().is_empty());
    if !of {
        return Doc::Bare;
    }
    let mut m = k + 1;
    if items.get(m).is_some_and(is_article) {
        m += 1;
    }
    if let Some(Kind::Mention(mi)) = items.get(m).map(|x| x.kind) {
        let joint = items.get(m + 1).is_some_and(|y| y.is("et") || y.is("ou"));
        if b.mentions[mi].role != Role::Other && !joint {
            return Doc::Issuer(mi);
        }
    }
    Doc::Unknown
}

/// The speaker named from `j` on, after a speech verb, "selon" or "par":
/// "Lavrov", "le chef de la diplomatie russe Sergueï Lavrov", "M. Diop",
/// "le communiqué de l’AES", "lui".
fn resolve_np(b: &Prepared<'_>, items: &[Item], j: usize) -> Res {
    let pos_at = |k: usize| {
        items
            .get(k)
            .map_or_else(|| items.last().map_or(0, |x| x.end), |x| x.start)
    };
    let mut k = j;
    while k < items.len() && in_list(PURE_ADVERBS, items[k].w()) {
        k += 1;
    }
    let Some(first) = items.get(k) else {
        return Res::Unknown(pos_at(k));
    };
    match first.w() {
        "lui" | "il" => return Res::Pron(Pron::Masc, first.start),
        "elle" => return Res::Pron(Pron::Fem, first.start),
        "eux" | "elles" | "ils" | "nous" | "vous" | "on" | "moi" | "toi" => {
            return Res::Unknown(first.start);
        }
        _ => {}
    }
    // "a déclaré à l’AFP …", "a déclaré devant …": whoever follows may be
    // the one addressed.
    if is_prep(first) {
        return Res::Unknown(first.start);
    }
    let mut end = k;
    while end < items.len()
        && !is_terminator(&items[end])
        && !(end > k && in_list(NP_STOP, items[end].w()))
    {
        end += 1;
    }
    let np = &items[k..end];
    let first_po = (k..end).find(|&i| is_po(b, &items[i]));
    if let Some(d) = (k..first_po.unwrap_or(end)).find(|&i| in_list(DOC_NOUNS, items[i].base())) {
        return match doc_complement(b, items, d, end) {
            Doc::Issuer(mi) => Res::Ent(mi),
            Doc::Bare if items[d].base().starts_with("communiqué") => Res::BareDoc(items[d].start),
            _ => Res::Unknown(items[d].start),
        };
    }
    if let Some(mi) = first_po {
        if !title_np(&items[k..mi], b) || items[mi + 1..end].iter().any(|x| is_po(b, x)) {
            return Res::Unknown(items[mi].start);
        }
        if let Kind::Mention(m) = items[mi].kind {
            return Res::Ent(m);
        }
    }
    // "a déclaré le porte-parole du Kremlin, Dmitri Peskov, lors de …"
    let titled = np.first().is_some_and(|x| is_det(x) || is_title(x));
    let apposed = match items.get(end + 1).map(|x| x.kind) {
        Some(Kind::Mention(m)) if items[end].punct(',') => Some(m),
        _ => None,
    };
    if let Some(m) = apposed.filter(|_| titled && title_np(np, b)) {
        let closed = items
            .get(end + 2)
            .is_none_or(|x| is_terminator(x) || in_list(NP_STOP, x.w()));
        if b.mentions[m].role != Role::Other && closed {
            return Res::Ent(m);
        }
    }
    Res::Unknown(pos_at(k))
}

/// The subject standing just before a verb whose first word is at
/// `items[j + 1]`; `items[j]` is the last word before it.
fn subject_before(b: &Prepared<'_>, items: &[Item], j: usize) -> Res {
    let it = &items[j];
    let pos = it.start;
    let mention_at = |k: usize| match items[k].kind {
        Kind::Mention(mi) if b.mentions[mi].role != Role::Other => Some(mi),
        _ => None,
    };
    match it.kind {
        Kind::Word => match it.base() {
            "il" => Res::Pron(Pron::Masc, pos),
            "elle" => Res::Pron(Pron::Fem, pos),
            "qui" => {
                // "Lavrov, qui a salué …"
                let mut k = j;
                if k > 0 && items[k - 1].punct(',') {
                    k -= 1;
                }
                // The antecedent may be an object ("Diop a reçu Lavrov, qui
                // a salué …") but not a complement ("la délégation de
                // Lavrov, qui …": which of the two?).
                match k.checked_sub(1).and_then(mention_at) {
                    Some(mi) if !is_complement(&items[..k - 1]) => Res::Ent(mi),
                    _ => Res::Unknown(pos),
                }
            }
            _ => Res::Unknown(pos),
        },
        Kind::Mention(_) => match mention_at(j) {
            Some(mi) if lead_ok(&items[..j], b) => Res::Ent(mi),
            _ => Res::Unknown(pos),
        },
        Kind::Punct(',') => {
            // "Bakary Yaou Sangare, a lui salué"
            if j > 0 && matches!(items[j - 1].kind, Kind::Mention(_)) {
                return match mention_at(j - 1) {
                    Some(mi) if lead_ok(&items[..j - 1], b) => Res::Ent(mi),
                    _ => Res::Unknown(pos),
                };
            }
            // "Sergueï Lavrov, chef de la diplomatie russe, a salué"
            let lo = j.saturating_sub(16);
            let a = (lo..j)
                .rev()
                .find(|&a| a > 0 && items[a].punct(','))
                .filter(|&a| apposition_ok(&items[a + 1..j], b));
            if let Some((a, mi)) = a.and_then(|a| mention_at(a - 1).map(|mi| (a, mi))) {
                if lead_ok(&items[..a - 1], b) {
                    return Res::Ent(mi);
                }
            }
            Res::Unknown(pos)
        }
        _ => Res::Unknown(pos),
    }
}

// ---------------------------------------------------------------------------
// Speech verbs.

#[derive(Clone, Copy, Debug)]
struct Vp {
    /// First item of the verb (the auxiliary, or "se").
    start: usize,
    /// One past its last item.
    end: usize,
    plural: bool,
    /// Inverted subject pronoun: "a-t-il déclaré", "poursuit-elle".
    inv: Option<Pron>,
    /// Subject after the verb whatever precedes: "comme l’a dit X", "ce qu’a dit X".
    after: bool,
    /// "peut-on lire (dans …)": the document speaks.
    doc: bool,
}

/// A compound speech verb whose participle is `items[i]`: walks back over
/// adverbs ("a par ailleurs annoncé", "a lui salué") to the auxiliary.
fn participle_back(items: &[Item], i: usize) -> Option<Vp> {
    let part = &items[i];
    if part.kind != Kind::Word || part.prefix().is_some() || !agrees(PARTICIPLES, part.w()) {
        return None;
    }
    let vp = |start, plural, inv, after| Vp {
        start,
        end: i + 1,
        plural,
        inv,
        after,
        doc: false,
    };
    let mut j = i;
    for _ in 0..8 {
        j = j.checked_sub(1)?;
        let it = &items[j];
        if it.punct(',') {
            continue;
        }
        if it.kind != Kind::Word || in_list(NEGATION, it.w()) {
            return None;
        }
        if let Some((v, p)) = inversion(it.w()) {
            return avoir(v).map(|pl| vp(j, pl || p == Pron::Plural, Some(p), false));
        }
        let (pre, base) = split_elision(it.w());
        if let Some(pl) = avoir(base) {
            if j > 0 && items[j - 1].is("ne") {
                return None;
            }
            return match pre {
                None => Some(vp(j, pl, None, false)),
                Some("qu" | "l") => Some(vp(j, pl, None, true)),
                _ => None,
            };
        }
        if let Some(pl) = etre(base) {
            let se_before = j > 0 && items[j - 1].is("se");
            if (pre == Some("s") || se_before) && agrees(REFLEXIVE, part.w()) {
                let start = if pre == Some("s") { j } else { j - 1 };
                if start > 0 && items[start - 1].is("ne") {
                    return None;
                }
                return Some(vp(start, pl, None, false));
            }
            return None;
        }
        if in_list(INFIX, it.w()) || in_list(PURE_ADVERBS, it.w()) {
            continue;
        }
        return None;
    }
    None
}

/// A simple-tense speech verb at `items[i]`: "poursuit", "affirme-t-il",
/// "lit-on", "se félicite". A determiner or preposition before it makes it
/// a noun ("une note", "l’annonce").
fn finite_at(items: &[Item], i: usize) -> Option<Vp> {
    let it = &items[i];
    if it.kind != Kind::Word {
        return None;
    }
    let single = |start, plural, inv| Vp {
        start,
        end: i + 1,
        plural,
        inv,
        after: false,
        doc: false,
    };
    if let Some((v, p)) = inversion(it.w()) {
        if v == "lit" && p == Pron::On {
            return Some(Vp {
                doc: true,
                ..single(i, false, None)
            });
        }
        if matches!(v, "peut" | "pouvait" | "pourra") && p == Pron::On {
            return items.get(i + 1).filter(|x| x.is("lire")).map(|_| Vp {
                end: i + 2,
                doc: true,
                ..single(i, false, None)
            });
        }
        return finite_speech(v).map(|pl| single(i, pl || p == Pron::Plural, Some(p)));
    }
    let (pre, base) = split_elision(it.w());
    let prev = i.checked_sub(1).map(|k| &items[k]);
    let after_se = prev.is_some_and(|pv| pv.is("se")) || pre == Some("s");
    if after_se && in_list(REFLEXIVE_PRESENT, base) {
        let start = if pre == Some("s") { i } else { i - 1 };
        return Some(single(start, false, None));
    }
    let plural = finite_speech(base)?;
    match pre {
        None => {
            if let Some(pv) = prev {
                if pv.is("se") {
                    return None;
                }
                if pv.is("ne") || is_det(pv) || is_prep(pv) {
                    return None;
                }
            }
            Some(single(i, plural, None))
        }
        _ => None,
    }
}

fn vp_ending_at(items: &[Item], i: usize) -> Option<Vp> {
    participle_back(items, i).or_else(|| finite_at(items, i))
}

fn vp_starting_at(items: &[Item], j: usize) -> Option<Vp> {
    (j..items.len().min(j + 8))
        .filter_map(|i| vp_ending_at(items, i))
        .find(|vp| vp.start == j)
}

/// The speaker of a verb whose subject follows it: an incise ("», a
/// déclaré Lavrov"), an inversion ("a-t-il dit") or a document.
fn subject_after(b: &Prepared<'_>, items: &[Item], vp: &Vp) -> Res {
    let pos = items.get(vp.start).map_or(0, |x| x.start);
    if vp.doc {
        let mut k = vp.end;
        if items
            .get(k)
            .is_some_and(|x| matches!(x.w(), "dans" | "sur"))
        {
            k += 1;
        }
        return resolve_np(b, items, k);
    }
    if let Some(p) = vp.inv {
        return match p {
            Pron::Masc | Pron::Fem => Res::Pron(p, pos),
            Pron::Plural | Pron::On => Res::Unknown(pos),
        };
    }
    if vp.plural {
        return Res::Unknown(pos);
    }
    resolve_np(b, items, vp.end)
}

/// The speaker of a verb found before the quote.
fn vp_subject(b: &Prepared<'_>, items: &[Item], vp: &Vp) -> Res {
    if vp.doc || vp.after || vp.inv.is_some() {
        return subject_after(b, items, vp);
    }
    let pos = items.get(vp.start).map_or(0, |x| x.start);
    if vp.plural {
        return Res::Unknown(pos);
    }
    let mut j = vp.start;
    let before = loop {
        let Some(k) = j.checked_sub(1) else {
            break None;
        };
        j = k;
        let w = items[k].w();
        if in_list(PURE_ADVERBS, w) || matches!(w, "lui" | "leur") {
            continue;
        }
        break Some(k);
    };
    let Some(j) = before else {
        return subject_after(b, items, vp);
    };
    match items[j].kind {
        // The verb of an earlier quote's incise: "« … », a déclaré Lavrov,
        // évoquant une « … »".
        Kind::Quote(_) | Kind::Punct('–' | '—') => subject_after(b, items, vp),
        Kind::Punct(',') => match subject_before(b, items, j) {
            r @ (Res::Ent(_) | Res::Pron(..)) => r,
            r => match subject_after(b, items, vp) {
                e @ Res::Ent(_) => e,
                _ => r,
            },
        },
        _ => subject_before(b, items, j),
    }
}

/// Is the quote still the object of a verb ending where `between` starts?
/// Once reported speech opens ("a déclaré que …", "a assuré à Diop que …",
/// "a déclaré : …") everything after is the speaker's; before that, any
/// sign of a clause with its own subject (an auxiliary, a relative or
/// subordinating word, a subject pronoun, a name followed by a verb) means
/// the quote belongs to that clause instead. So does a name other than the
/// one addressed ("a rappelé la formule de Goïta, « … »", "a remercié Lavrov
/// pour son « … »"): the words may be that other party's. `speaker` is the
/// verb's own subject when it follows the verb ("« … », a dit Lavrov, « … »").
fn governs(b: &Prepared<'_>, between: &[Item], speaker: Option<usize>) -> bool {
    if between
        .iter()
        .find(|x| !in_list(PURE_ADVERBS, x.w()))
        .is_some_and(|f| f.punct(':'))
    {
        return true;
    }
    for (k, x) in between.iter().enumerate() {
        match x.kind {
            Kind::Word if x.base() == "que" || x.prefix() == Some("qu") => return true,
            Kind::Word => {
                let new_clause = is_aux_cop(x)
                    || matches!(x.base(), "qui" | "dont" | "où" | "lequel" | "laquelle")
                    || in_list(SUBORD, x.w())
                    || matches!(x.w(), "il" | "elle" | "ils" | "elles" | "on");
                // "de Poutine": a name the matcher does not know is still a name.
                let unknown_owner = x.cap && is_of(&between[..k]);
                if new_clause || unknown_owner || in_list(WORDS_OF, x.w()) {
                    return false;
                }
            }
            Kind::Mention(mi) if Some(mi) != speaker => {
                if between.get(k + 1).is_some_and(verbish) {
                    return false;
                }
                let prev = k.checked_sub(1).map(|p| &between[p]);
                let addressed = prev.is_some_and(|p| matches!(p.w(), "à" | "au" | "aux"))
                    || (k >= 2 && is_article(&between[k - 1]) && between[k - 2].is("à"));
                let owner = is_of(&between[..k]);
                if owner || (b.mentions[mi].role != Role::Other && !addressed) {
                    return false;
                }
            }
            Kind::Punct(';') => return false,
            _ => {}
        }
    }
    true
}

// ---------------------------------------------------------------------------
// Attribution of one quote.

/// A candidate speaker, and whether its verb stands right by the quote
/// (no other quote in between).
type Candidate = Option<(Res, bool)>;

/// The candidate speakers of the quote at `items[qi]`. Two come back when a
/// verb stands on each side; the caller keeps them only if they agree, or
/// if one of them is clearly the nearer.
fn attribute(b: &Prepared<'_>, items: &[Item], qi: usize) -> (Candidate, Candidate) {
    if let Some(r) = passive(b, items, qi) {
        return (Some((r, true)), None);
    }
    let inc = incise_after(b, items, qi);
    let pre = preposed_before(b, items, qi);
    if inc.is_none() && pre.is_none() {
        return (selon_before(b, items, qi).map(|r| (r, true)), None);
    }
    (inc, pre)
}

/// "qualifié de « chargé » par Lavrov", "« … » saluée par Lavrov",
/// "qualifié par Lavrov de « … »".
fn passive(b: &Prepared<'_>, items: &[Item], qi: usize) -> Option<Res> {
    let at = |k: usize| items.get(k);
    let de_before = qi >= 1
        && (items[qi - 1].is("de")
            || (items[qi - 1].prefix() == Some("d") && items[qi - 1].base().is_empty()));
    if de_before
        && qi >= 2
        && agrees(QUALIFY, items[qi - 2].w())
        && at(qi + 1).is_some_and(|x| x.is("par"))
    {
        return Some(resolve_np(b, items, qi + 2));
    }
    if at(qi + 1).is_some_and(|x| agrees(PASSIVE, x.w())) && at(qi + 2).is_some_and(|x| x.is("par"))
    {
        return Some(resolve_np(b, items, qi + 3));
    }
    if de_before && qi >= 4 {
        for p in (qi.saturating_sub(7)..qi - 1).rev() {
            if !(items[p].is("par") && p >= 1 && agrees(QUALIFY, items[p - 1].w())) {
                continue;
            }
            if let Res::Ent(mi) = resolve_np(b, items, p + 1) {
                if items[qi - 2].kind == Kind::Mention(mi) {
                    return Some(Res::Ent(mi));
                }
            }
        }
    }
    None
}

/// An incise after the quote, at the start of a clause: "», a déclaré
/// Lavrov", "», a-t-il ajouté", "», poursuit le communiqué de l’AES",
/// "», selon Bamako", "», peut-on lire dans un communiqué". One incise
/// serves all the fragments quoted before it in the sentence.
fn incise_after(b: &Prepared<'_>, items: &[Item], qi: usize) -> Candidate {
    let sep = |it: &Item| matches!(it.kind, Kind::Punct(',' | '–' | '—'));
    for k in qi + 1..items.len() {
        if !(k == qi + 1 || sep(&items[k - 1])) {
            continue;
        }
        let adjacent = k == qi + 1 || (k == qi + 2 && sep(&items[qi + 1]));
        let it = &items[k];
        if it.is("selon") || it.w() == "d’après" {
            return Some((resolve_np(b, items, k + 1), adjacent));
        }
        // "…, tandis que Kiev, a affirmé M. Diop, soutient …": that incise
        // belongs to the new clause.
        if k > qi + 1 && (in_list(SUBORD, it.w()) || matches!(it.w(), "et" | "ou")) {
            return None;
        }
        // "», lui a répondu Diop"
        let v = if matches!(it.w(), "lui" | "leur") {
            k + 1
        } else {
            k
        };
        if let Some(vp) = vp_starting_at(items, v) {
            return Some((subject_after(b, items, &vp), adjacent));
        }
    }
    None
}

/// The nearest speech verb before the quote and its subject: "Lavrov a
/// salué une « … »", "Guéorgiï Tykhy, a dénoncé jeudi des « … »";
/// also "Lavrov : « … »".
fn preposed_before(b: &Prepared<'_>, items: &[Item], qi: usize) -> Candidate {
    for i in (0..qi).rev() {
        let Some(vp) = vp_ending_at(items, i) else {
            continue;
        };
        if vp.end > qi {
            continue;
        }
        let between = &items[vp.end..qi];
        let subject = vp_subject(b, items, &vp);
        let speaker = match subject {
            Res::Ent(mi) => Some(mi),
            _ => None,
        };
        if !governs(b, between, speaker) {
            return None;
        }
        // A verb that is an earlier quote's incise ("« … », a dit Lavrov,
        // et « … »") reaches a later quote only when nothing nearer does.
        let incise_of_earlier = items[..vp.start]
            .iter()
            .rev()
            .find(|x| !x.punct(',') && !in_list(PURE_ADVERBS, x.w()))
            .is_some_and(|x| matches!(x.kind, Kind::Quote(_)));
        let adjacent =
            !incise_of_earlier && !between.iter().any(|x| matches!(x.kind, Kind::Quote(_)));
        return Some((subject, adjacent));
    }
    if qi >= 2 && items[qi - 1].punct(':') {
        if let Kind::Mention(mi) = items[qi - 2].kind {
            if b.mentions[mi].role != Role::Other && lead_ok(&items[..qi - 2], b) {
                return Some((Res::Ent(mi), true));
            }
        }
    }
    None
}

/// "Selon lui, Moscou va organiser des « cours spéciaux »": the sentence
/// reports someone's words without a verb of its own.
fn selon_before(b: &Prepared<'_>, items: &[Item], qi: usize) -> Option<Res> {
    (0..qi).rev().find_map(|k| {
        let it = &items[k];
        let clause_start =
            k == 0 || items[k - 1].punct(',') || (k == 1 && in_list(CONJ, items[0].w()));
        ((it.is("selon") || it.w() == "d’après") && clause_start)
            .then(|| resolve_np(b, items, k + 1))
    })
}

// ---------------------------------------------------------------------------
// The passage: who it is about, for pronouns.

#[derive(Clone, Copy)]
enum EvKind<'s> {
    Ent(&'s str, Role),
    /// Someone a pronoun might mean whom we cannot name.
    Blocker,
}

#[derive(Clone, Copy)]
struct Event<'s> {
    block: usize,
    pos: usize,
    sentence: usize,
    kind: EvKind<'s>,
}

enum Outcome<'s> {
    Speaker(&'s str, Role, usize),
    /// Somebody speaks, and it is none of the known entities.
    Nobody(usize),
    /// A pronoun we could not resolve.
    Unresolved,
}

struct Ctx<'s> {
    /// Per sentence (by its number), the persons it names outside quotes.
    persons: BTreeMap<usize, BTreeSet<&'s str>>,
    /// Issuer of "le communiqué" when the article names exactly one.
    issuer: Option<(&'s str, Role)>,
    male: BTreeSet<&'s str>,
    female: BTreeSet<&'s str>,
}

impl<'s> Ctx<'s> {
    fn new(blocks: &[Prepared<'s>]) -> Self {
        let mut male = BTreeSet::new();
        let mut female = BTreeSet::new();
        for b in blocks {
            for m in &b.mentions {
                let before = b.text.get(..m.start).unwrap_or("");
                let span = b.text.get(m.start..m.end).unwrap_or("");
                let has = |t: &str| {
                    span.starts_with(&format!("{t} "))
                        || span.starts_with(&format!("{t}\u{a0}"))
                        || before.ends_with(&format!("{t} "))
                        || before.ends_with(&format!("{t}\u{a0}"))
                };
                if has("M.") {
                    male.insert(m.entity);
                }
                if has("Mme") {
                    female.insert(m.entity);
                }
            }
        }
        Ctx {
            persons: BTreeMap::new(),
            issuer: communique_issuer(blocks),
            male,
            female,
        }
    }

    fn settle(
        &self,
        r: Res,
        b: &Prepared<'s>,
        bi: usize,
        window: usize,
        events: &[Event<'s>],
    ) -> Outcome<'s> {
        match r {
            Res::Ent(mi) => {
                let m = b.mentions[mi];
                Outcome::Speaker(m.entity, m.role, m.start)
            }
            Res::Pron(p, pos) => match self.pronoun(events, window, bi, pos, p) {
                Some((e, role)) => Outcome::Speaker(e, role, pos),
                None => Outcome::Unresolved,
            },
            Res::Unknown(pos) => Outcome::Nobody(pos),
            Res::BareDoc(pos) => match self.issuer {
                Some((e, role)) => Outcome::Speaker(e, role, pos),
                None => Outcome::Nobody(pos),
            },
        }
    }

    /// The person "il"/"elle" at `pos` means: the latest clear subject or
    /// speaker, if nothing since could also be meant and its own sentence
    /// names no other person ("Assimi Goïta viendra, a annoncé Lavrov." leaves
    /// "il" open). Organizations are left alone: "il" after "le Kremlin" is
    /// the Kremlin, not the last person quoted.
    fn pronoun(
        &self,
        events: &[Event<'s>],
        window: usize,
        bi: usize,
        pos: usize,
        p: Pron,
    ) -> Option<(&'s str, Role)> {
        let before =
            |e: &&Event<'s>| e.block >= window && (e.block < bi || (e.block == bi && e.pos < pos));
        let last = events
            .iter()
            .filter(before)
            .max_by_key(|e| (e.block, e.pos))?;
        let EvKind::Ent(entity, role) = last.kind else {
            return None;
        };
        if role != Role::Person {
            return None;
        }
        let rival = events.iter().filter(before).any(|e| {
            e.sentence == last.sentence && matches!(e.kind, EvKind::Ent(x, _) if x != entity)
        }) || self
            .persons
            .get(&last.sentence)
            .is_some_and(|p| p.iter().any(|&x| x != entity));
        if rival {
            return None;
        }
        match p {
            Pron::Masc if !self.female.contains(entity) => Some((entity, role)),
            Pron::Fem if !self.male.contains(entity) => Some((entity, role)),
            _ => None,
        }
    }
}

/// Pronouns reach back over the current block and two paragraphs before it.
fn window_start(blocks: &[Prepared<'_>], bi: usize) -> usize {
    let mut w = bi;
    let mut count = 0;
    while w > 0 && count < 2 {
        w -= 1;
        if !blocks[w].heading {
            count += 1;
        }
    }
    w
}

/// "peut-on lire dans un communiqué" names no issuer; the article often
/// does elsewhere ("le communiqué de l’AES"). Trusted only when every
/// communiqué the article attributes has the same issuer.
fn communique_issuer<'s>(blocks: &[Prepared<'s>]) -> Option<(&'s str, Role)> {
    let mut issuers: BTreeMap<&'s str, Role> = BTreeMap::new();
    let mut unknown = false;
    for b in blocks {
        for s in &b.sentences {
            for (d, it) in s.items.iter().enumerate() {
                if !matches!(it.base(), "communiqué" | "communiqués") {
                    continue;
                }
                let end = (d + 1..s.items.len())
                    .find(|&i| is_terminator(&s.items[i]))
                    .unwrap_or(s.items.len());
                match doc_complement(b, &s.items, d, end) {
                    Doc::Issuer(mi) => {
                        issuers.insert(b.mentions[mi].entity, b.mentions[mi].role);
                    }
                    Doc::Unknown => unknown = true,
                    Doc::Bare => {}
                }
            }
        }
    }
    if unknown || issuers.len() != 1 {
        return None;
    }
    issuers.into_iter().next()
}

/// The subject of the sentence when it is plainly a known entity: "Lavrov a
/// mis en avant …", "Dans l’auditoire, Abdoulaye Diop, figure respectée …,
/// a écouté". Returns the mention index and its position.
fn clear_subject(b: &Prepared<'_>, items: &[Item]) -> Option<(usize, usize)> {
    // "Selon M. Diop, la visite aura lieu en juin.": the passage is his.
    if items
        .first()
        .is_some_and(|x| x.is("selon") || x.w() == "d’après")
    {
        if let Res::Ent(mi) = resolve_np(b, items, 1) {
            return Some((mi, b.mentions[mi].start));
        }
    }
    items.iter().enumerate().find_map(|(k, it)| {
        let Kind::Mention(mi) = it.kind else {
            return None;
        };
        (b.mentions[mi].role != Role::Other
            && lead_ok(&items[..k], b)
            && followed_by_verb(b, items, k + 1))
        .then_some((mi, it.start))
    })
}

fn followed_by_verb(b: &Prepared<'_>, items: &[Item], k: usize) -> bool {
    let mut k = k;
    while k < items.len() && in_list(PURE_ADVERBS, items[k].w()) {
        k += 1;
    }
    if items.get(k).is_some_and(|x| x.punct(',')) {
        if items.get(k + 1).is_some_and(verbish) {
            return true;
        }
        let Some(close) = (k + 1..items.len().min(k + 17)).find(|&c| items[c].punct(',')) else {
            return false;
        };
        if !apposition_ok(&items[k + 1..close], b) {
            return false;
        }
        k = close + 1;
    }
    while k < items.len()
        && (in_list(PURE_ADVERBS, items[k].w()) || matches!(items[k].w(), "lui" | "elle"))
    {
        k += 1;
    }
    items.get(k).is_some_and(verbish)
}

fn has_person(b: &Prepared<'_>, items: &[Item]) -> bool {
    items
        .iter()
        .any(|x| matches!(x.kind, Kind::Mention(mi) if b.mentions[mi].role == Role::Person))
}

/// "Le ministre malien a répondu …": a person we cannot name is now the one
/// a pronoun would mean.
fn person_noun_subject(items: &[Item]) -> bool {
    let mut segs = items.split(|x| x.punct(','));
    for _ in 0..2 {
        let Some(seg) = segs.next() else { return false };
        let Some(first) = seg.first() else {
            return false;
        };
        if is_det(first) {
            return is_title(first) || seg.iter().skip(1).take(2).any(is_title);
        }
        if !(is_prep(first) || in_list(PURE_ADVERBS, first.w())) {
            return false;
        }
    }
    false
}

/// Keeps a candidate only when it is unambiguous: both verbs name the same
/// speaker, or one of them stands right by the quote and the other across
/// another quote.
fn merge<'s>(a: Option<(Outcome<'s>, bool)>, c: Option<(Outcome<'s>, bool)>) -> Outcome<'s> {
    match (a, c) {
        (None, None) => Outcome::Unresolved,
        (Some((x, _)), None) | (None, Some((x, _))) => x,
        (Some((x, xa)), Some((y, ya))) => {
            let same = matches!((&x, &y), (Outcome::Speaker(e1, ..), Outcome::Speaker(e2, ..)) if e1 == e2);
            if same {
                return x;
            }
            match (xa, ya) {
                (true, false) => x,
                (false, true) => y,
                _ => Outcome::Unresolved,
            }
        }
    }
}

/// A subheading often quotes a phrase from the article ("– « Partenariat
/// gagnant-gagnant » –"); it is the speaker's only if every attributed
/// statement containing the phrase is by that one speaker and no
/// unattributed quote contains it too.
fn echo_headings(blocks: &[Prepared<'_>], out: &mut [FoundQuote]) {
    let norm = |s: &str| -> String {
        s.to_lowercase()
            .replace(['\'', 'ʼ'], "’")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let contains_word = |hay: &str, needle: &str| {
        hay.match_indices(needle).any(|(i, _)| {
            let before = hay[..i].chars().next_back();
            let after = hay[i + needle.len()..].chars().next();
            before.is_none_or(|c| !c.is_alphanumeric())
                && after.is_none_or(|c| !c.is_alphanumeric())
        })
    };
    for i in 0..out.len() {
        if out[i].speaker.is_some() || !blocks.get(out[i].block).is_some_and(|b| b.heading) {
            continue;
        }
        let needle = norm(&out[i].text);
        if needle.chars().filter(|c| c.is_alphanumeric()).count() < 4 {
            continue;
        }
        let mut found: Option<String> = None;
        let mut clash = false;
        for (j, q) in out.iter().enumerate() {
            if j == i
                || blocks.get(q.block).is_none_or(|b| b.heading)
                || !contains_word(&norm(&q.text), &needle)
            {
                continue;
            }
            match (&q.speaker, &found) {
                (None, _) => clash = true,
                (Some(s), None) if q.statement => found = Some(s.clone()),
                (Some(s), Some(f)) if s != f => clash = true,
                _ => {}
            }
        }
        if !clash {
            out[i].speaker = found;
        }
    }
}

// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    /// Test-only matcher: longest name first, on word boundaries.
    const NAMES: &[(&str, &str, Role)] = &[
        ("Sergueï Lavrov", "serguei-lavrov", Role::Person),
        ("M. Lavrov", "serguei-lavrov", Role::Person),
        ("Lavrov", "serguei-lavrov", Role::Person),
        ("Abdoulaye Diop", "abdoulaye-diop", Role::Person),
        ("M. Diop", "abdoulaye-diop", Role::Person),
        ("Diop", "abdoulaye-diop", Role::Person),
        ("Bakary Yaou Sangare", "bakary-yaou-sangare", Role::Person),
        ("Guéorgiï Tykhy", "gueorguii-tykhy", Role::Person),
        ("Assimi Goïta", "assimi-goita", Role::Person),
        ("Aminata Traoré", "aminata-traore", Role::Person),
        ("Mme Traoré", "aminata-traore", Role::Person),
        ("Alliance des États du Sahel", "aes", Role::Organization),
        (
            "Confédération des Etats du Sahel",
            "aes",
            Role::Organization,
        ),
        ("AES", "aes", Role::Organization),
        ("Wagner", "wagner", Role::Organization),
        ("Cédéao", "cedeao", Role::Organization),
        ("Cedeao", "cedeao", Role::Organization),
        ("Kremlin", "kremlin", Role::Organization),
        ("AFP", "afp", Role::Organization),
        ("Fédération de Russie", "russie", Role::Other),
        ("Russie", "russie", Role::Other),
        ("Mali", "mali", Role::Other),
        ("Niger", "niger", Role::Other),
        ("Burkina Faso", "burkina-faso", Role::Other),
        ("Burkina", "burkina-faso", Role::Other),
        ("Ukraine", "ukraine", Role::Other),
        ("Afrique", "afrique", Role::Other),
        ("Moscou", "moscou", Role::Other),
        ("Bamako", "bamako", Role::Other),
        ("Kiev", "kiev", Role::Other),
        ("Sahel", "sahel", Role::Other),
    ];

    fn find_mentions(text: &str) -> Vec<MentionSpan<'static>> {
        let mut out: Vec<MentionSpan<'static>> = Vec::new();
        let mut p = 0;
        while p < text.len() {
            let before = text[..p].chars().next_back();
            let best = if before.is_none_or(|c| !c.is_alphanumeric()) {
                NAMES
                    .iter()
                    .filter(|(n, ..)| text[p..].starts_with(n))
                    .filter(|(n, ..)| {
                        text[p + n.len()..]
                            .chars()
                            .next()
                            .is_none_or(|c| !c.is_alphanumeric())
                    })
                    .max_by_key(|(n, ..)| n.len())
            } else {
                None
            };
            match best {
                Some(&(n, id, role)) => {
                    out.push(MentionSpan {
                        start: p,
                        end: p + n.len(),
                        entity: id,
                        role,
                    });
                    p += n.len();
                }
                None => p += text[p..].chars().next().map_or(1, char::len_utf8),
            }
        }
        out
    }

    /// Paragraphs as the pipeline makes them: one per non-empty line; a
    /// short line without final punctuation followed by another is a heading.
    fn run(text: &str) -> Vec<FoundQuote> {
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let spans: Vec<Vec<MentionSpan<'static>>> =
            lines.iter().map(|l| find_mentions(l)).collect();
        let blocks: Vec<BlockIn<'_>> = lines
            .iter()
            .zip(&spans)
            .enumerate()
            .map(|(i, (l, s))| BlockIn {
                text: l,
                mentions: s,
                heading: i + 1 < lines.len()
                    && l.chars().count() <= 120
                    && !l.ends_with(['.', '!', '?', '…', ':', ';', ',', '»', '”', '"']),
            })
            .collect();
        extract(&blocks)
    }

    /// (quote text, speaker) pairs.
    fn pairs(text: &str) -> Vec<(String, Option<String>)> {
        run(text).into_iter().map(|q| (q.text, q.speaker)).collect()
    }

    fn speaker_of(text: &str, quote_start: &str) -> Option<String> {
        let all = run(text);
        let hit: Vec<&FoundQuote> = all
            .iter()
            .filter(|q| q.text.starts_with(quote_start))
            .collect();
        assert_eq!(hit.len(), 1, "quote starting {quote_start:?} in {all:#?}");
        hit[0].speaker.clone()
    }

    fn s(x: &str) -> Option<String> {
        Some(x.to_string())
    }

    // ---- quote marks -------------------------------------------------------

    #[test]
    fn guillemets_with_french_spacing() {
        let t = "Il a parlé d’une «\u{a0}relation très forte entre nos pays\u{202f}» hier.";
        let q = run(t);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].text, "relation très forte entre nos pays");
        assert_eq!(&t[q[0].start..q[0].end], q[0].text);
        assert!(q[0].statement);
    }

    #[test]
    fn curly_straight_and_mixed_pairs() {
        let t = "Une « première session – Russie”, puis “deux mots” et \"trois autres mots ici\".";
        let texts: Vec<String> = run(t).into_iter().map(|q| q.text).collect();
        assert_eq!(
            texts,
            [
                "première session – Russie",
                "deux mots",
                "trois autres mots ici"
            ]
        );
    }

    #[test]
    fn nested_quotes_stay_inside() {
        let t = "« Il m’a dit “jamais” et je l’ai cru », a déclaré Lavrov.";
        let q = run(t);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].text, "Il m’a dit “jamais” et je l’ai cru");
        assert_eq!(q[0].speaker, s("serguei-lavrov"));
    }

    #[test]
    fn unbalanced_marks_do_not_swallow_later_quotes() {
        let t = "Un « oubli, puis une « vraie citation ici » et rien, « encore une » enfin.";
        let texts: Vec<String> = run(t).into_iter().map(|q| q.text).collect();
        assert_eq!(texts, ["vraie citation ici", "encore une"]);
        // balanced but nested: one quote holding another
        let t = "Un « premier, puis une « vraie citation » et la fin » ici.";
        let texts: Vec<String> = run(t).into_iter().map(|q| q.text).collect();
        assert_eq!(texts, ["premier, puis une « vraie citation » et la fin"]);
        let t = "Lavrov a dit « bonjour à tous » puis » et « sans fin";
        let texts: Vec<String> = run(t).into_iter().map(|q| q.text).collect();
        assert_eq!(texts, ["bonjour à tous"]);
        assert!(run("» seul « et rien").is_empty());
    }

    #[test]
    fn terms_and_statements() {
        let q = run("Une étape « cruciale » et une « coordination des plus étroites ».");
        assert!(!q[0].statement);
        assert!(q[1].statement);
    }

    // ---- speech verb after the quote ----------------------------------------

    #[test]
    fn incise_simple_name() {
        assert_eq!(
            speaker_of(
                "« Nous sommes prêts à travailler ensemble », a déclaré Lavrov.",
                "Nous"
            ),
            s("serguei-lavrov")
        );
    }

    #[test]
    fn incise_with_title_and_trailing_complement() {
        let t = "« La coopération avance très bien », a affirmé le chef de la diplomatie russe Sergueï Lavrov, lors d’une conférence de presse.";
        assert_eq!(speaker_of(t, "La coopération"), s("serguei-lavrov"));
    }

    #[test]
    fn incise_with_honorific_and_other_verbs() {
        for verb in [
            "a souligné",
            "a expliqué",
            "a dénoncé",
            "a annoncé",
            "avait annoncé",
            "estime",
            "a de son côté ajouté",
        ] {
            let t = format!(
                "« Nous avons la même lecture des choses », {verb} M. Diop, jeudi à Moscou."
            );
            assert_eq!(speaker_of(&t, "Nous avons"), s("abdoulaye-diop"), "{verb}");
        }
    }

    #[test]
    fn incise_apposition_after_title() {
        let t = "« Rien ne justifie ces attaques contre nous », a répondu le président du Mali, Assimi Goïta, lors d’un discours.";
        assert_eq!(speaker_of(t, "Rien"), s("assimi-goita"));
    }

    #[test]
    fn incise_to_someone_else_is_not_the_addressee() {
        // "à l’AFP" is who was told, and the speaker is an unnamed minister.
        let t = "« Il faut agir très vite maintenant », a déclaré à l’AFP le ministre malien.";
        assert_eq!(speaker_of(t, "Il faut"), None);
        let t = "« Il faut agir très vite maintenant », a déclaré un diplomate proche de Lavrov.";
        assert_eq!(speaker_of(t, "Il faut"), None);
    }

    #[test]
    fn pronoun_incise_follows_the_passage() {
        let t = "M. Diop est arrivé mardi à Moscou avec sa délégation.\n\
                 « Nous sommes venus en amis sincères », a-t-il affirmé.";
        assert_eq!(speaker_of(t, "Nous sommes"), s("abdoulaye-diop"));
        for v in [
            "a-t-il souligné",
            "a-t-il conclu",
            "a-t-il ajouté",
            "ajoute-t-il",
            "poursuit-il",
        ] {
            let t = format!(
                "Lavrov a reçu ses homologues. « Nous sommes venus en amis sincères », {v}."
            );
            assert_eq!(speaker_of(&t, "Nous sommes"), s("serguei-lavrov"), "{v}");
        }
    }

    #[test]
    fn pronoun_with_two_candidates_stays_unknown() {
        let t = "Lavrov et Diop se sont longuement entretenus jeudi.\n\
                 « Nous sommes venus en amis sincères », a-t-il ajouté.";
        assert_eq!(speaker_of(t, "Nous sommes"), None);
        let t = "« Le dialogue est ouvert à tous », a déclaré Lavrov. Le ministre malien a ensuite pris la parole. \
                 « Nous sommes venus en amis sincères », a-t-il ajouté.";
        assert_eq!(speaker_of(t, "Le dialogue"), s("serguei-lavrov"));
        assert_eq!(speaker_of(t, "Nous sommes"), None);
        // A person only mentioned in passing since the last speaker.
        let t = "« Le dialogue est ouvert à tous », a déclaré Lavrov.\n\
                 Le Mali, sous la direction du Président Assimi Goïta, voit en Moscou un partenaire.\n\
                 « Nous sommes venus en amis sincères », a-t-il ajouté.";
        assert_eq!(speaker_of(t, "Nous sommes"), None);
    }

    #[test]
    fn pronoun_gender_must_match() {
        let t = "« Le dialogue est ouvert à tous », a déclaré M. Diop. « Nous ferons mieux demain », a-t-elle ajouté.";
        assert_eq!(speaker_of(t, "Nous ferons"), None);
        let t = "« Le dialogue est ouvert à tous », a déclaré Mme Traoré. « Nous ferons mieux demain », a-t-elle ajouté.";
        assert_eq!(speaker_of(t, "Nous ferons"), s("aminata-traore"));
    }

    #[test]
    fn pronoun_does_not_reach_too_far_back() {
        let t = "Lavrov a parlé longuement.\nLa journée a été longue.\nLes débats ont continué.\nPuis la séance a repris.\n\
                 « Nous sommes venus en amis sincères », a-t-il ajouté.";
        assert_eq!(speaker_of(t, "Nous sommes"), None);
    }

    // ---- speech verb before the quote --------------------------------------

    #[test]
    fn preposed_subject_verb() {
        let t = "Lavrov a salué une « coordination des plus étroites » au sein des Nations unies.";
        assert_eq!(speaker_of(t, "coordination"), s("serguei-lavrov"));
    }

    #[test]
    fn preposed_apposition_and_adverb() {
        let t = "Le chef de la diplomatie du Niger, Bakary Yaou Sangare, a lui salué « un moment historique pour nous tous », en assurant que le soutien russe « compte beaucoup ».";
        assert_eq!(speaker_of(t, "un moment"), s("bakary-yaou-sangare"));
        assert_eq!(speaker_of(t, "compte"), s("bakary-yaou-sangare"));
        let t = "Le porte-parole de la diplomatie ukrainienne, Guéorgiï Tykhy, a dénoncé jeudi des « accusations sans fondement », « jamais étayées par des preuves ».";
        assert_eq!(speaker_of(t, "accusations"), s("gueorguii-tykhy"));
        assert_eq!(speaker_of(t, "jamais"), s("gueorguii-tykhy"));
    }

    #[test]
    fn preposed_reported_speech() {
        let t = "M. Diop a par ailleurs annoncé que la visite serait « une étape très importante pour nous ».";
        assert_eq!(speaker_of(t, "une étape"), s("abdoulaye-diop"));
        let t = "Sergueï Lavrov, chef de la diplomatie russe, a estimé : « Nous irons jusqu’au bout ensemble ».";
        assert_eq!(speaker_of(t, "Nous irons"), s("serguei-lavrov"));
        let t = "Assimi Goïta : « Le Mali ne reculera jamais devant rien »";
        assert_eq!(speaker_of(t, "Le Mali"), s("assimi-goita"));
    }

    #[test]
    fn preposed_subject_must_really_be_the_subject() {
        // The name is a complement, an object, or inside a relative clause.
        for t in [
            "L’homologue de Lavrov a salué une « relation vraiment très solide ».",
            "Le ministre qui recevait Lavrov a salué une « relation vraiment très solide ».",
            "Les trois pays ont salué une « relation vraiment très solide ».",
            "Lavrov a reçu Diop, et le Mali a ensuite évoqué une « relation vraiment très solide ».",
        ] {
            assert_eq!(speaker_of(t, "relation"), None, "{t}");
        }
    }

    #[test]
    fn verbs_on_both_sides() {
        let t = "Lavrov a salué une « coopération exemplaire entre nos deux pays », mais « rien n’est encore fait », a rétorqué M. Diop.";
        assert_eq!(speaker_of(t, "coopération"), s("serguei-lavrov"));
        assert_eq!(speaker_of(t, "rien"), s("abdoulaye-diop"));
    }

    // ---- several fragments, one verb --------------------------------------

    #[test]
    fn fragments_share_the_incise() {
        let t = "« La Russie est prête à faire tout son possible pour aider l’Alliance » des États du Sahel à mettre en œuvre ses « priorités », notamment à assurer « la défense et la sécurité » dans la région, a affirmé le chef de la diplomatie russe Sergueï Lavrov, lors d’une conférence de presse.";
        let got = pairs(t);
        assert_eq!(got.len(), 3);
        assert!(
            got.iter().all(|(_, sp)| *sp == s("serguei-lavrov")),
            "{got:?}"
        );
    }

    // ---- selon -------------------------------------------------------------

    #[test]
    fn selon_lui_follows_the_previous_speaker() {
        let t = "« Nous allons aider nos amis du Sahel », a déclaré Lavrov.\n\
                 Selon lui, Moscou va organiser des « cours spéciaux » et livrer « du matériel militaire ».";
        let got = pairs(t);
        assert_eq!(got[1], ("cours spéciaux".into(), s("serguei-lavrov")));
        assert_eq!(
            got[2],
            ("du matériel militaire".into(), s("serguei-lavrov"))
        );
    }

    #[test]
    fn selon_a_name_or_a_place() {
        let t = "Moscou livrera des « armes modernes et efficaces », selon M. Diop.";
        assert_eq!(speaker_of(t, "armes"), s("abdoulaye-diop"));
        let t =
            "Le Mali a rompu avec l’Ukraine en raison de « l’implication », selon Bamako, de Kiev.";
        assert_eq!(speaker_of(t, "l’implication"), None);
        let t = "Selon Bamako, Kiev a joué un rôle « très trouble dans cette affaire ».";
        assert_eq!(speaker_of(t, "très trouble"), None);
    }

    // ---- organizations ---------------------------------------------------

    #[test]
    fn communique_of_an_organization() {
        let t =
            "« Le texte est adopté à l'unanimité des membres », poursuit le communiqué de l'AES.";
        assert_eq!(speaker_of(t, "Le texte"), s("aes"));
        let t = "« Le texte est adopté à l'unanimité des membres », indique un communiqué publié par l’AES.";
        assert_eq!(speaker_of(t, "Le texte"), s("aes"));
    }

    #[test]
    fn communique_issuer_from_elsewhere_in_the_article() {
        let with = "La réunion ouvrira la « première session de consultations AES-Russie », peut-on lire dans un communiqué.\n\
                    « Les chefs d’État veulent approfondir le dialogue », poursuit le communiqué de l'AES.";
        assert_eq!(speaker_of(with, "première session"), s("aes"));
        let without = "La réunion ouvrira la « première session de consultations AES-Russie », peut-on lire dans un communiqué.";
        assert_eq!(speaker_of(without, "première session"), None);
        let two = "La réunion ouvrira la « première session de consultations AES-Russie », peut-on lire dans un communiqué.\n\
                   Le communiqué de la Cédéao et celui du Kremlin divergent.";
        assert_eq!(speaker_of(two, "première session"), None);
    }

    // ---- nobody --------------------------------------------------------------

    #[test]
    fn name_inside_the_quote_is_never_the_speaker() {
        let t = "« Sergueï Lavrov est un ami fidèle du Mali », a déclaré un diplomate.";
        assert_eq!(speaker_of(t, "Sergueï"), None);
        let t = "« Lavrov nous a beaucoup aidés ces derniers mois », lit-on.";
        assert_eq!(speaker_of(t, "Lavrov"), None);
    }

    #[test]
    fn unattributable_quotes() {
        let t = "Les trois pays voient cette réunion comme une étape « cruciale » pour des relations « stratégiques, pragmatiques, dynamiques et solidaires ».";
        assert_eq!(pairs(t).iter().filter(|(_, sp)| sp.is_some()).count(), 0);
        let t = "Lavrov est arrivé. Des relations qualifiées de « stratégiques, pragmatiques, dynamiques et solidaires » entre l’AES et la Russie.";
        assert_eq!(speaker_of(t, "stratégiques"), None);
        let t = "Cette rencontre, baptisée « première session des consultations AES – Russie”, marque un tournant.";
        assert_eq!(speaker_of(t, "première"), None);
    }

    #[test]
    fn passive_agent() {
        let t = "L’ordre du jour, qualifié de « chargé » par Lavrov, promet des échanges riches.";
        assert_eq!(speaker_of(t, "chargé"), s("serguei-lavrov"));
        let t = "Une « coopération sans précédent entre nous » saluée par M. Diop.";
        assert_eq!(speaker_of(t, "coopération"), s("abdoulaye-diop"));
        let t = "L’ordre du jour, qualifié par Lavrov de « chargé », promet des échanges riches.";
        assert_eq!(speaker_of(t, "chargé"), s("serguei-lavrov"));
        let t = "Cette dimension, qualifiée d’« humanitaire », démontre une approche intégrée.";
        assert_eq!(speaker_of(t, "humanitaire"), None);
    }

    #[test]
    fn heading_echoes_a_statement() {
        let t = "– « Partenariat gagnant-gagnant » –\n\
                 « Nous voulons un partenariat gagnant-gagnant avec vous », a expliqué M. Diop.";
        assert_eq!(speaker_of(t, "Partenariat"), s("abdoulaye-diop"));
    }

    #[test]
    fn tricky_constructions() {
        let lavrov = s("serguei-lavrov");
        let cases: &[(&str, &str, Option<String>)] = &[
            // a person named in the antecedent's sentence besides the subject
            (
                "Assimi Goïta se rendra à Moscou, a annoncé Lavrov. « Il sera reçu avec tous les honneurs », a-t-il ajouté.",
                "Il sera",
                None,
            ),
            (
                "Lavrov a reçu Diop. « C’est un grand jour pour nous », a-t-il déclaré.",
                "C’est",
                None,
            ),
            (
                "« Nous sommes là », a déclaré Lavrov. « Il faut continuer le travail ensemble », a-t-il ajouté, en saluant Diop.",
                "Il faut",
                lavrov.clone(),
            ),
            // someone else's words, recalled
            (
                "Lavrov a rappelé la formule de Goïta, « le Mali d’abord et avant tout ».",
                "le Mali",
                None,
            ),
            (
                "Lavrov a repris la phrase de Poutine, « nous ne lâcherons rien du tout ».",
                "nous ne",
                None,
            ),
            // a verb across a clause with its own subject
            (
                "Le Mali voit une « ingérence claire et nette », tandis que Kiev, a affirmé M. Diop, soutient les rebelles.",
                "ingérence",
                None,
            ),
            (
                "Lavrov a salué l’accord, tandis que le Mali voit une « ingérence claire et nette ».",
                "ingérence",
                None,
            ),
            (
                "Lavrov a salué l’accord et le Mali voit une « ingérence claire et nette ».",
                "ingérence",
                None,
            ),
            // reported speech to someone
            (
                "Lavrov a assuré à Diop que la Russie serait « toujours présente à ses côtés ».",
                "toujours",
                lavrov.clone(),
            ),
            // relative clauses
            (
                "Diop a rencontré Lavrov, qui a salué une « coopération vraiment exemplaire ».",
                "coopération",
                lavrov.clone(),
            ),
            (
                "Lavrov a évoqué la position de Diop, qui juge la situation « très préoccupante pour tous ».",
                "très",
                None,
            ),
            (
                "Sergueï Lavrov, qui recevait Abdoulaye Diop, a salué une « réunion très utile pour tous ».",
                "réunion",
                None,
            ),
            (
                "Sergueï Lavrov, qui s’exprimait devant la presse, a salué une « réunion très utile pour tous ».",
                "réunion",
                lavrov.clone(),
            ),
            // split quote around its incise; an incise is its own quote's
            (
                "« La paix avant tout », a dit Lavrov, « est notre objectif commun ».",
                "est notre",
                lavrov.clone(),
            ),
            (
                "« Nous sommes là », a dit Lavrov, et « nous resterons », a ajouté Diop.",
                "nous resterons",
                s("abdoulaye-diop"),
            ),
            (
                "« Nous sommes là », a dit Lavrov, et « nous resterons », a ajouté Diop.",
                "Nous sommes",
                lavrov.clone(),
            ),
            // coordinated quotes share their verb
            (
                "Guéorgiï Tykhy a dénoncé des « accusations sans fondement » et des « mensonges éhontés ».",
                "mensonges",
                s("gueorguii-tykhy"),
            ),
            (
                "Lavrov a salué l’accord, et le Mali voit une « ingérence claire et nette ».",
                "ingérence",
                None,
            ),
            // reflexive and object pronouns, negation
            (
                "« Bonjour à vous tous », lui a répondu Diop.",
                "Bonjour",
                s("abdoulaye-diop"),
            ),
            (
                "« Ce sont des mensonges éhontés », s’est insurgé Lavrov.",
                "Ce sont",
                lavrov.clone(),
            ),
            (
                "Lavrov se félicite d’une « coopération des plus fructueuses ».",
                "coopération",
                lavrov.clone(),
            ),
            (
                "M. Diop n’a pas dit « nous partirons bientôt d’ici ».",
                "nous",
                None,
            ),
            // organizations, groups, "on"
            (
                "« C’est une provocation inacceptable », a réagi jeudi le Kremlin.",
                "C’est",
                s("kremlin"),
            ),
            (
                "« Nous ne céderons jamais rien », ont déclaré les trois ministres.",
                "Nous",
                None,
            ),
            (
                "« Nous ne céderons jamais rien », a-t-on appris.",
                "Nous",
                None,
            ),
            (
                "L’AES a publié un texte. Elle a dénoncé des « accusations graves et infondées ».",
                "accusations",
                None,
            ),
            (
                "D’après le Kremlin, « les négociations avancent bien désormais ».",
                "les",
                s("kremlin"),
            ),
            (
                "« Nous sommes venus en amis », a déclaré le ministre du Mali, Abdoulaye Diop.",
                "Nous",
                s("abdoulaye-diop"),
            ),
        ];
        for (text, start, want) in cases {
            assert_eq!(&speaker_of(text, start), want, "{text}");
        }
    }

    // ---- the seeds ----------------------------------------------------------

    /// Every quote of a seed, by the start of its text, with its speaker.
    fn check_seed(text: &str, expected: &[(&str, Option<&str>)]) {
        let got = run(text);
        let got: Vec<(String, Option<String>)> =
            got.into_iter().map(|q| (q.text, q.speaker)).collect();
        assert_eq!(got.len(), expected.len(), "quotes found: {got:#?}");
        for ((text, speaker), (start, want)) in got.iter().zip(expected) {
            assert!(
                text.starts_with(start),
                "{text:?} should start with {start:?}"
            );
            assert_eq!(speaker.as_deref(), *want, "speaker of {text:?}");
        }
    }

    const LAVROV: Option<&str> = Some("serguei-lavrov");
    const DIOP: Option<&str> = Some("abdoulaye-diop");

    #[test]
    fn seed_003_every_statement_is_lavrov() {
        check_seed(
            include_str!("../../seeds/003_f483a384aff065d7.txt"),
            &[
                // a name the journalist puts in quotes, nobody's statement
                ("Alliance Russie-Sahel", None),
                ("Nous sommes ravis de vous recevoir", LAVROV),
                ("Nos contacts sont réguliers", LAVROV),
                ("Nos militaires collaborent", LAVROV),
                // "qualifiée d’« humanitaire »" by no one named
                ("humanitaire", None),
                ("coordination des plus étroites", LAVROV),
                ("chargé", LAVROV),
                ("Je suis convaincu", LAVROV),
            ],
        );
    }

    #[test]
    fn seed_004_each_minister_keeps_his_words() {
        let sangare = Some("bakary-yaou-sangare");
        let tykhy = Some("gueorguii-tykhy");
        check_seed(
            include_str!("../../seeds/004_91a6611a1c1f53d5.txt"),
            &[
                ("La Russie est prête", LAVROV),
                ("priorités", LAVROV),
                ("la défense et la sécurité", LAVROV),
                ("cours spéciaux", LAVROV),
                ("ses instructeurs", LAVROV),
                ("du matériel militaire", LAVROV),
                ("de manière active", LAVROV),
                ("s’intensifie", LAVROV),
                ("Nous avons la lecture commune", DIOP),
                ("un allié sincère et constant", DIOP),
                ("l’Ukraine, nous la considérons", DIOP),
                // the subheading quotes Diop's "partenariat gagnant-gagnant"
                ("Partenariat gagnant-gagnant", DIOP),
                // "selon Bamako": the Malian government, not a registered entity
                ("l’implication", None),
                ("accusations sans fondement", tykhy),
                ("jamais étayées", tykhy),
                ("Notre volonté commune", DIOP),
                ("un évènement historique", sangare),
                ("compte beaucoup", sangare),
            ],
        );
    }

    #[test]
    fn seed_002_communique_is_the_aes() {
        check_seed(
            include_str!("../../seeds/002_400d849f6f99681b.txt"),
            &[
                ("première session de consultations", Some("aes")),
                ("cruciale", None),
                ("stratégiques, pragmatiques", None),
                ("Cette rencontre reflète", Some("aes")),
            ],
        );
    }

    #[test]
    fn seeds_000_001_have_no_speaker() {
        check_seed(
            include_str!("../../seeds/000_c39438ca9af51ea2.txt"),
            &[("première session des consultations", None)],
        );
        check_seed(
            include_str!("../../seeds/001_3567c712395e74d4.txt"),
            &[("stratégiques, pragmatiques", None)],
        );
    }

    // ---- robustness -----------------------------------------------------------

    /// Odd inputs never panic and every range returned is a valid slice.
    #[test]
    fn never_panics_on_odd_input() {
        const PIECES: &[&str] = &[
            "«",
            "»",
            "“",
            "”",
            "„",
            "\"",
            "'",
            "’",
            " ",
            "\u{a0}",
            "\u{202f}",
            ",",
            ".",
            ";",
            ":",
            "–",
            "-",
            "(",
            "…",
            "a",
            "é",
            "Lavrov",
            "M.",
            "Diop",
            "a-t-il",
            "a déclaré",
            "selon",
            "lui",
            "qualifié de",
            "par",
            "de l’",
            "communiqué",
            "🙂",
            "ç",
            "日本",
            "\u{301}",
            "qui",
            "Selon lui,",
            "peut-on lire",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..3000 {
            let nblocks = 1 + (next() % 3) as usize;
            let texts: Vec<String> = (0..nblocks)
                .map(|_| {
                    let len = (next() % 30) as usize;
                    (0..len)
                        .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                        .collect()
                })
                .collect();
            let spans: Vec<Vec<MentionSpan<'static>>> = texts
                .iter()
                .map(|t| {
                    let mut v = find_mentions(t);
                    // plus arbitrary spans: reversed, out of range, inside characters, at the edges
                    for _ in 0..(next() % 4) {
                        let a = (next() % (t.len() as u64 + 3)) as usize;
                        let b = (next() % (t.len() as u64 + 3)) as usize;
                        let role =
                            [Role::Person, Role::Organization, Role::Other][(next() % 3) as usize];
                        v.push(MentionSpan {
                            start: a,
                            end: b,
                            entity: "x",
                            role,
                        });
                    }
                    v.push(MentionSpan {
                        start: 0,
                        end: t.len(),
                        entity: "whole",
                        role: Role::Person,
                    });
                    v.push(MentionSpan {
                        start: t.len(),
                        end: t.len() + 1,
                        entity: "past",
                        role: Role::Person,
                    });
                    v
                })
                .collect();
            let blocks: Vec<BlockIn<'_>> = texts
                .iter()
                .zip(&spans)
                .map(|(t, s)| BlockIn {
                    text: t,
                    mentions: s,
                    heading: next() % 4 == 0,
                })
                .collect();
            for q in extract(&blocks) {
                let t = &texts[q.block];
                assert!(q.start <= q.end && q.end <= t.len(), "round {round}: {q:?}");
                assert_eq!(
                    t.get(q.start..q.end),
                    Some(q.text.as_str()),
                    "round {round}: {t:?}"
                );
            }
        }
        assert!(extract(&[]).is_empty());
        assert!(
            extract(&[BlockIn {
                text: "",
                mentions: &[],
                heading: false
            }])
            .is_empty()
        );
    }
}
