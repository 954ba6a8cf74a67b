//! Status words and their badges, shared by every preprocessor that shows a
//! status (ADR cards and logs, page cards, inline badges, the dashboard).
//!
//! The author's words are what the page shows; the normalized lifecycle word
//! only picks the colour and drives rules (banners, filters).

use crate::html::escape;
use std::collections::BTreeMap;

/// The lifecycle words the suite knows, each with the spellings that mean it:
/// English first, then German, French, Spanish, Portuguese, Italian, Dutch,
/// Polish, Chinese, Japanese and Korean, as ADR templates in those languages
/// write them (masculine and feminine forms both).
#[rustfmt::skip]
pub const LIFECYCLE: &[(&str, &[&str])] = &[
    ("draft", &[
        "draft", "wip", "work in progress",
        "entwurf", "brouillon", "borrador", "rascunho", "bozza", "concept", "szkic", "wersja robocza",
        "草稿", "草案", "起草", "下書き", "ドラフト", "초안",
    ]),
    ("proposed", &[
        "proposed", "proposal", "pending", "in review", "under review", "open", "rfc", "suggested", "exploring",
        "vorgeschlagen", "in prüfung", "proposé", "proposée", "en revue", "en discussion",
        "propuesto", "propuesta", "en revisión", "proposto", "proposta", "em revisão", "em análise",
        "in revisione", "voorgesteld", "in behandeling", "proponowany", "proponowana", "zaproponowany",
        "w trakcie", "提议", "提議", "建议", "提出", "待定", "审核中", "评审中", "提案", "提案中",
        "検討中", "レビュー中", "제안", "제안됨", "검토 중", "검토중",
    ]),
    ("accepted", &[
        "accepted", "approved", "implemented", "adopted", "done", "agreed", "decided", "released",
        "recommended", "ready-for-release", "ready for release", "merged",
        "akzeptiert", "angenommen", "genehmigt", "beschlossen", "umgesetzt", "implementiert",
        "accepté", "acceptée", "adopté", "adoptée", "validé", "validée", "approuvé", "approuvée",
        "implémenté", "implémentée", "aceptado", "aceptada", "aprobado", "aprobada", "implementado",
        "implementada", "aceito", "aceita", "aprovado", "aprovada", "accettato", "accettata",
        "approvato", "approvata", "implementato", "adottato", "geaccepteerd", "aangenomen",
        "goedgekeurd", "geïmplementeerd", "zaakceptowany", "zaakceptowana", "przyjęty", "przyjęta",
        "zatwierdzony", "zatwierdzona", "wdrożony", "wdrożona", "通过", "通過", "已通过", "已通過",
        "接受", "已接受", "采纳", "已采纳", "批准", "已批准", "完成", "已完成", "已实现", "已实施",
        "承認", "承認済み", "採用", "採択", "決定", "実装済み", "승인", "승인됨", "채택", "채택됨",
        "수락", "수락됨", "완료", "결정됨",
    ]),
    ("current", &[
        "current", "active", "live", "published", "valid",
        "aktiv", "gültig", "actif", "en vigueur", "vigente", "activo", "activa", "ativo",
        "ativa", "attivo", "attiva", "actief", "aktywny", "aktywna", "有效", "生效", "現行", "有効",
        "유효", "활성",
    ]),
    ("stable", &["stable", "stabil", "estable", "estável", "stabile", "stabiel", "stabilny", "稳定", "安定", "안정"]),
    ("experimental", &[
        "experimental", "beta", "alpha", "trial", "preview",
        "experimentell", "expérimental", "expérimentale", "experimentale", "sperimentale",
        "experimenteel", "eksperymentalny", "试验", "实验", "試験的", "실험",
    ]),
    ("deprecated", &[
        "deprecated", "obsolete", "outdated", "discontinued",
        "veraltet", "überholt", "abgekündigt", "obsolet", "déprécié", "dépréciée", "obsolète",
        "obsoleto", "obsoleta", "deprecado", "deprecada", "depreciado", "depreciada", "descontinuado",
        "descontinuada", "deprecato", "deprecata", "verouderd", "achterhaald", "przestarzały",
        "przestarzała", "wycofany", "wycofana", "已弃用", "弃用", "废弃", "已废弃", "已棄用", "棄用",
        "過時", "已过时", "非推奨", "廃止", "폐기", "폐기됨", "사용 중단",
    ]),
    ("superseded", &[
        "superseded", "superceded", "replaced", "partly superseded", "partially superseded",
        "ersetzt", "abgelöst", "remplacé", "remplacée", "reemplazado", "reemplazada", "sustituido",
        "sustituida", "substituído", "substituída", "substituido", "substituida", "sostituito",
        "sostituita", "superato", "superata", "vervangen", "zastąpiony", "zastąpiona", "已取代",
        "取代", "被取代", "已被取代", "已替代", "替代", "已替换", "置き換え", "置換済み", "대체",
        "대체됨",
    ]),
    ("amended", &["amended", "partly amended", "geändert", "modifié", "modificado", "modificato", "gewijzigd"]),
    ("rejected", &[
        "rejected", "declined", "abandoned", "refused", "withdrawn",
        "abgelehnt", "verworfen", "zurückgezogen", "rejeté", "rejetée", "refusé", "refusée",
        "abandonné", "rechazado", "rechazada", "descartado", "descartada", "rejeitado", "rejeitada",
        "recusado", "recusada", "rifiutato", "rifiutata", "respinto", "respinta", "afgewezen",
        "verworpen", "odrzucony", "odrzucona", "拒绝", "已拒绝", "拒絕", "驳回", "否决", "却下",
        "不採用", "取り下げ", "거부", "거부됨", "기각", "반려",
    ]),
    ("archived", &[
        "archived", "retired",
        "archiviert", "archivé", "archivée", "archivado", "archivada", "arquivado", "arquivada",
        "archiviato", "archiviata", "gearchiveerd", "zarchiwizowany", "归档", "已归档", "アーカイブ",
        "보관", "보관됨",
    ]),
];

/// A status as written plus what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The author's words, trimmed (emoji kept), e.g. `⌛️ Superseded by ADR-12`.
    pub written: String,
    /// The lifecycle word, or `None` for a word nobody configured.
    pub normalized: Option<String>,
    /// The status words alone, in the author's spelling: `Superseded` of
    /// `⌛️ Superseded by ADR-12`, `Temporary` of `Temporary (until Q3)`.
    /// What a badge shows, in the book's [`StatusCase`].
    pub word: String,
}

/// How badges spell status words, so one book shows `Accepted` in every row
/// whatever case each author typed (`status-case` in book.toml).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatusCase {
    /// `Accepted`, `Partially Accepted`.
    #[default]
    Title,
    /// `accepted`.
    Lower,
    /// `ACCEPTED`.
    Upper,
    /// The author's whole status text, as today's pages show it.
    AsWritten,
}

impl Status {
    /// The badge's text: the status words in `case`, or everything the
    /// author wrote for [`StatusCase::AsWritten`].
    pub fn shown(&self, case: StatusCase) -> String {
        let word = if self.word.is_empty() {
            self.written.trim()
        } else {
            self.word.as_str()
        };
        let words_only = word.chars().all(|c| c.is_alphanumeric() || " -'".contains(c));
        match case {
            StatusCase::AsWritten => self.written.trim().to_owned(),
            // Not plain words (markup, symbols): shown exactly as written.
            _ if !words_only => word.to_owned(),
            StatusCase::Lower => word.to_lowercase(),
            StatusCase::Upper => word.to_uppercase(),
            StatusCase::Title => word
                .split(' ')
                .map(|w| {
                    let mut chars = w.chars();
                    chars.next().map_or_else(String::new, |first| {
                        first.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect()
                    })
                })
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

/// Maps status words to lifecycle words: the defaults plus `book.toml`'s
/// own words (`"on hold" = "proposed"`, or a new lifecycle word `"sunset" = "sunset"`).
#[derive(Debug, Clone, Default)]
pub struct StatusWords {
    custom: BTreeMap<String, String>,
}

impl StatusWords {
    pub fn new(custom: &BTreeMap<String, String>) -> Self {
        StatusWords {
            custom: custom.iter().map(|(k, v)| (clean(k), clean(v))).collect(),
        }
    }

    /// Reads `✅ Accepted`, `superseded by ADR-0123`, `accepted; supersedes ADR-45`,
    /// `Partly superseded.` Tolerant of case, emoji and trailing punctuation.
    pub fn status(&self, written: &str) -> Status {
        let written = written.trim();
        // `ACCEPTED, later DEPRECATED`: the last state is the current one.
        let current = last_state(written);
        let words = status_words(current);
        let cleaned = clean(current);
        let head = clean(&words);
        let first = head.split(' ').next().unwrap_or("").to_owned();
        let whole = if head == cleaned {
            words.as_str()
        } else {
            current.trim_end_matches(|c: char| !c.is_alphanumeric())
        };
        let candidates = [(cleaned, whole), (head, words.as_str()), (first.clone(), "")];
        let found = candidates.iter().find_map(|(c, w)| self.lookup(c).map(|n| (n, *w)));
        let word = match &found {
            Some((_, w)) if !w.is_empty() => (*w).to_owned(),
            Some(_) => words.split(' ').next().unwrap_or("").to_owned(),
            // An unknown word: at most three words of it, never a sentence;
            // anything stranger than words is shown whole, as written.
            None if words.chars().all(|c| c.is_alphanumeric() || " -'".contains(c)) && !words.is_empty() => {
                words.split(' ').take(3).collect::<Vec<_>>().join(" ")
            }
            None => written.to_owned(),
        };
        Status {
            written: written.to_owned(),
            normalized: found.map(|(n, _)| n),
            word: word.trim().to_owned(),
        }
    }

    fn lookup(&self, word: &str) -> Option<String> {
        if word.is_empty() {
            return None;
        }
        if let Some(v) = self.custom.get(word) {
            return Some(v.clone());
        }
        LIFECYCLE
            .iter()
            .find(|(_, spellings)| spellings.contains(&word))
            .map(|(name, _)| (*name).to_owned())
    }
}

/// The part after the last `later` / `now`: `ACCEPTED, later DEPRECATED` is deprecated.
fn last_state(written: &str) -> &str {
    let lower = written.to_ascii_lowercase();
    [", later ", " later ", "; now ", ", now "]
        .iter()
        .filter_map(|sep| lower.rfind(sep).map(|i| i + sep.len()))
        .max()
        .and_then(|i| written.get(i..))
        .filter(|rest| !rest.trim().is_empty())
        .unwrap_or(written)
}

/// The status words of a status text, in the author's spelling: emoji and
/// marks dropped, cut before a relation, a reason or a second sentence
/// (`Superseded by ...`, `Accepted (PR #12)`, `Accepted. Tracking issue ...`).
fn status_words(text: &str) -> String {
    let start = text.find(|c: char| c.is_alphanumeric()).unwrap_or(text.len());
    let text = &text[start..];
    let mut end = text.len();
    for (i, c) in text.char_indices() {
        if matches!(c, ';' | ',' | '(' | '[' | '—' | '–' | ':' | '|' | '/')
            || (c == '.' || c == '!') && text[i + 1..].chars().next().is_none_or(char::is_whitespace)
            || c == ' ' && text[i..].starts_with(" - ")
        {
            end = i;
            break;
        }
    }
    let head = &text[..end];
    let lower = head.to_ascii_lowercase();
    // Relations always end the status words; `on`, `since`, `at`, `in` only
    // before a date (`Accepted on 2024-01-05`), so `put on hold` stays whole.
    let relation = [" by ", " in favour of ", " in favor of "]
        .iter()
        .filter_map(|w| lower.find(w))
        .min();
    let dated = [" on ", " since ", " at ", " in "]
        .iter()
        .flat_map(|w| lower.match_indices(w).map(move |(i, _)| (i, w.len())))
        .filter(|(i, len)| lower[i + len..].starts_with(|c: char| c.is_ascii_digit()))
        .map(|(i, _)| i)
        .min();
    let cut = relation.into_iter().chain(dated).min().unwrap_or(head.len());
    head[..cut].split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What to add to book.toml so `word` means a lifecycle word, for the message
/// of an unknown status: `table` is the preprocessor's table name, `usual` the
/// lifecycle words its pages mostly use, the first one the guess when the
/// word itself suggests none.
pub fn unknown_status_hint(word: &str, table: &str, usual: &[&str]) -> String {
    let key = word.to_lowercase().replace(['"', '\\'], "");
    let guess = match key.as_str() {
        "reverted" | "abandoned" | "withdrawn" | "cancelled" | "canceled" => "rejected",
        "temporary" | "provisional" => "experimental",
        "implemented" | "merged" | "mergé" | "in use" => "accepted",
        _ => usual.first().copied().unwrap_or("accepted"),
    };
    let others: Vec<&str> = usual.iter().copied().filter(|u| *u != guess).collect();
    format!(
        "add to book.toml: [preprocessor.{table}.statuses] \"{key}\" = \"{guess}\" \
         (or {}; a word of its own, \"{key}\" = \"{key}\", keeps the neutral badge)",
        others.join(", ")
    )
}

/// Lowercase, emoji and symbols dropped, spaces folded, trailing punctuation gone.
fn clean(text: &str) -> String {
    let kept: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || " -;,():—".contains(c) {
                c
            } else {
                ' '
            }
        })
        .flat_map(char::to_lowercase)
        .collect();
    kept.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_owned()
}

/// The badge for a status: the author's words always shown (colour is never
/// the only carrier), the colour from the lifecycle word, neutral if unknown.
pub fn badge_html(status: &Status) -> String {
    badge_html_in(status, StatusCase::AsWritten)
}

/// The badge with its words in `case`; when that is not everything the
/// author wrote, the author's words stay in its `title` (shown on hover).
pub fn badge_html_in(status: &Status, case: StatusCase) -> String {
    let data = status.normalized.as_deref().unwrap_or("unknown");
    let shown = status.shown(case);
    let title = if shown == status.written.trim() {
        String::new()
    } else {
        format!(" title=\"{}\"", escape(status.written.trim()))
    };
    format!(
        "<span class=\"hb-badge\" data-status=\"{}\"{title}>{}</span>",
        escape(data),
        escape(&shown)
    )
}

/// The same badge for renderers that are not HTML.
pub fn badge_text(status: &Status) -> String {
    badge_text_in(status, StatusCase::AsWritten)
}

/// [`badge_text`] with its words in `case`.
pub fn badge_text_in(status: &Status, case: StatusCase) -> String {
    format!("[{}]", status.shown(case))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(words: &StatusWords, text: &str) -> Option<String> {
        words.status(text).normalized
    }

    #[test]
    fn tolerant_of_emoji_case_punctuation_and_synonyms() {
        let w = StatusWords::default();
        for (text, want) in [
            ("✅ Accepted", "accepted"),
            ("⌛️ Superseded by [ADR-12](0012-x.md)", "superseded"),
            ("accepted; supersedes ADR-0045", "accepted"),
            ("Superceded by 15. Title", "superseded"),
            ("Partly superseded.", "superseded"),
            ("APPROVED", "accepted"),
            ("Declined", "rejected"),
            ("Pending", "proposed"),
            ("Implemented (2024-03)", "accepted"),
        ] {
            assert_eq!(norm(&w, text).as_deref(), Some(want), "{text}");
        }
        assert_eq!(norm(&w, "Frobnicated"), None);
        assert_eq!(norm(&w, ""), None);
    }

    #[test]
    fn words_of_eleven_languages_mean_their_lifecycle_and_show_as_written() {
        let w = StatusWords::default();
        for (text, want, shown) in [
            ("Akzeptiert", "accepted", "Akzeptiert"),
            ("Vorgeschlagen", "proposed", "Vorgeschlagen"),
            ("Ersetzt durch ADR-0005", "superseded", "Ersetzt"),
            ("Accepté", "accepted", "Accepté"),
            ("Remplacé par ADR-0012", "superseded", "Remplacé"),
            ("Propuesta", "proposed", "Propuesta"),
            ("Aceptada", "accepted", "Aceptada"),
            ("Aceito - 2024-12-19", "accepted", "Aceito"),
            ("Substituído por ADR-3", "superseded", "Substituído"),
            ("Accettato", "accepted", "Accettato"),
            ("Geaccepteerd", "accepted", "Geaccepteerd"),
            ("Zaakceptowany", "accepted", "Zaakceptowany"),
            ("提议", "proposed", "提议"),
            ("完成", "accepted", "完成"),
            ("已弃用", "deprecated", "已弃用"),
            ("已取代", "superseded", "已取代"),
            ("承認済み", "accepted", "承認済み"),
            ("却下", "rejected", "却下"),
            ("승인됨", "accepted", "승인됨"),
            ("제안", "proposed", "제안"),
        ] {
            let status = w.status(text);
            assert_eq!(status.normalized.as_deref(), Some(want), "{text}");
            assert_eq!(status.shown(StatusCase::Title), shown, "{text}");
        }
        for (_, spellings) in LIFECYCLE {
            for s in *spellings {
                assert_eq!(clean(s), *s, "a spelling must be stored as `clean` makes it: {s}");
            }
        }
    }

    #[test]
    fn status_words_in_one_case() {
        let w = StatusWords::default();
        for (text, title, normalized) in [
            ("⌛️ Superseded by [ADR-12](0012-x.md)", "Superseded", Some("superseded")),
            ("accepted; supersedes ADR-0045", "Accepted", Some("accepted")),
            ("ACCEPTED, later DEPRECATED", "Deprecated", Some("deprecated")),
            ("Accepted. Tracking issue: #2803", "Accepted", Some("accepted")),
            ("Accepted (PR #2897)", "Accepted", Some("accepted")),
            ("Implemented.", "Implemented", Some("accepted")),
            ("Partially Accepted", "Partially Accepted", None),
            ("Rejected in favour of ADR 111", "Rejected", Some("rejected")),
            ("Reverted by discussion #1198", "Reverted", None),
            ("in review", "In Review", Some("proposed")),
            ("Temporary", "Temporary", None),
            ("Put on hold", "Put On Hold", None),
            ("Accepted on 2024-01-05", "Accepted", Some("accepted")),
        ] {
            let status = w.status(text);
            assert_eq!(status.shown(StatusCase::Title), title, "{text}");
            assert_eq!(status.normalized.as_deref(), normalized, "{text}");
            assert_eq!(status.shown(StatusCase::AsWritten), text);
        }
        assert_eq!(w.status("Accepted").shown(StatusCase::Upper), "ACCEPTED");
        assert_eq!(w.status("ACCEPTED").shown(StatusCase::Lower), "accepted");
    }

    #[test]
    fn a_cased_badge_keeps_the_authors_words_in_its_title() {
        let w = StatusWords::default();
        assert_eq!(
            badge_html_in(&w.status("superseded by ADR-0057"), StatusCase::Title),
            "<span class=\"hb-badge\" data-status=\"superseded\" title=\"superseded by ADR-0057\">Superseded</span>"
        );
        assert_eq!(
            badge_html_in(&w.status("Accepted"), StatusCase::Title),
            "<span class=\"hb-badge\" data-status=\"accepted\">Accepted</span>"
        );
        let evil = badge_html_in(&w.status("\"><script>x</script>"), StatusCase::Title);
        assert!(!evil.contains("<script"), "{evil}");
        assert!(
            evil.contains("&quot;&gt;&lt;script&gt;x&lt;/script&gt;</span>"),
            "{evil}"
        );
    }

    #[test]
    fn the_hint_is_toml_that_maps_the_word() {
        let usual = ["accepted", "proposed", "rejected"];
        let hint = unknown_status_hint("Reverted", "handbook.adr", &usual);
        assert!(
            hint.contains("[preprocessor.handbook.adr.statuses] \"reverted\" = \"rejected\""),
            "{hint}"
        );
        assert!(hint.contains("(or accepted, proposed;"), "{hint}");
        let quoted = unknown_status_hint("say \"hi\"", "handbook.status", &["current"]);
        assert!(quoted.contains("\"say hi\" = \"current\""), "{quoted}");
    }

    #[test]
    fn custom_words_extend_and_override() {
        let custom = BTreeMap::from([
            ("On Hold".to_owned(), "proposed".to_owned()),
            ("sunset".to_owned(), "sunset".to_owned()),
        ]);
        let w = StatusWords::new(&custom);
        assert_eq!(norm(&w, "on hold").as_deref(), Some("proposed"));
        assert_eq!(norm(&w, "Sunset!").as_deref(), Some("sunset"));
    }

    #[test]
    fn badges_show_the_words_escaped() {
        let w = StatusWords::default();
        assert_eq!(
            badge_html(&w.status("✅ Accepted")),
            "<span class=\"hb-badge\" data-status=\"accepted\">✅ Accepted</span>"
        );
        let evil = badge_html(&w.status("<img src=x onerror=alert(1)>"));
        assert!(
            !evil.contains("<img") && evil.contains("data-status=\"unknown\""),
            "{evil}"
        );
        assert_eq!(badge_text(&w.status("Draft")), "[Draft]");
    }
}
