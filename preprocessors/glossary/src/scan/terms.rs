//! The spellings a term is found by: its name, a short form's long form,
//! aliases and English plurals, each with its own case rule.

/// One spelling of a term in prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub text: String,
    pub case_sensitive: bool,
    /// A plural made by rule; loses quietly to any spelling the author wrote.
    pub generated: bool,
}

/// A name as its source is written: titles are read after smart
/// punctuation (`don’t`), prose is matched in source (`don't`).
pub fn unsmart(text: &str) -> String {
    text.replace(['’', '‘'], "'")
        .replace(['“', '”'], "\"")
        .replace('—', "---")
        .replace('–', "--")
        .replace('…', "...")
}

/// Abbreviations are matched case-sensitively by default ("WHO" is not
/// "who", "IN" is not "in", "p95" is not "P95"). One rule for every term,
/// hyphenated and multi-word ones too: a term is an abbreviation when each
/// of its words (split at spaces, `-` and `/`) that has letters is one: no
/// lowercase letter (`API`, `HTTP2`, `S3`, `API GW`, `COVID-19`), or a
/// capital or digit after its first letter (`p95`, `gRPC`, `iOS`). Words
/// and capitalised words (`merchant`, `Kafka`, `Cut-Through`, `Wi-Fi`, `API
/// gateway`) are not, and match whatever their case in prose.
pub fn is_acronym(text: &str) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    let acronym_word = |w: &str| {
        let all_caps = !w.chars().any(char::is_lowercase);
        let inner_caps_or_digits = w.chars().skip(1).any(|c| c.is_uppercase() || c.is_ascii_digit());
        all_caps || inner_caps_or_digits
    };
    !words.is_empty() && words.iter().all(|w| acronym_word(w))
}

/// `API (Application Programming Interface)` is found as `API` and as the long form.
pub fn split_short_form(name: &str) -> (String, Option<String>) {
    if let Some(body) = name.strip_suffix(')')
        && let Some((short, long)) = body.split_once(" (")
    {
        let (short, long) = (short.trim(), long.trim());
        if !short.is_empty() && !long.is_empty() && !long.contains(['(', ')']) {
            return (short.to_owned(), Some(long.to_owned()));
        }
    }
    (name.to_owned(), None)
}

/// The English plural of a spelling's last word, when the word is plainly
/// alphabetic: +s, +es after s/x/z/ch/sh, consonant+y -> ies. Irregular
/// plurals are aliases. Acronyms take a lowercase `s` (`APIs`) unless they end in S.
pub fn plural(text: &str) -> Option<String> {
    let last = text.rsplit(' ').next().unwrap_or(text);
    if last.chars().count() < 2 || !last.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    if is_acronym(last) {
        return (!last.ends_with('S')).then(|| format!("{text}s"));
    }
    let lower = last.to_ascii_lowercase();
    if ["s", "x", "z", "ch", "sh"].iter().any(|end| lower.ends_with(end)) {
        return Some(format!("{text}es"));
    }
    if let Some(stem) = text.strip_suffix(['y', 'Y']) {
        let before = lower.chars().rev().nth(1).unwrap_or('a');
        if !"aeiou".contains(before) {
            return Some(format!("{stem}ies"));
        }
    }
    Some(format!("{text}s"))
}

/// The anchor of a term on the glossary page: `term-` and a slug, so it
/// cannot collide with mdBook's heading ids (which never start that way for
/// a glossary heading) and stays the same while the name does.
pub fn slug(name: &str) -> String {
    let mut out = String::from("term-");
    let mut dash = true;
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
            dash = false;
        } else if !dash && (c.is_whitespace() || matches!(c, '-' | '_' | '.' | '/')) {
            out.push('-');
            dash = true;
        }
    }
    while out.ends_with('-') && out.len() > "term-".len() {
        out.pop();
    }
    if out == "term-" {
        out.push('x');
    }
    out
}

/// Variants of a case-insensitive spelling with non-ASCII letters, which
/// the ASCII case folding of the automaton does not cover (`Überweisung`).
pub fn unicode_case_variants(text: &str) -> Vec<String> {
    if text.is_ascii() {
        return Vec::new();
    }
    let lower = text.to_lowercase();
    let mut capital: String = lower.chars().take(1).flat_map(char::to_uppercase).collect();
    capital.extend(lower.chars().skip(1));
    let mut out = vec![lower, capital, text.to_uppercase()];
    out.retain(|v| v != text);
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_are_all_caps_with_digits_allowed() {
        assert!(is_acronym("API") && is_acronym("HTTP2") && is_acronym("S3") && is_acronym("API GW"));
        assert!(is_acronym("p95") && is_acronym("gRPC") && is_acronym("iOS"));
        assert!(!is_acronym("merchant") && !is_acronym("Kafka") && !is_acronym("42") && !is_acronym("API gateway"));
        // Hyphenated terms follow the same rule word by word.
        assert!(!is_acronym("Cut-Through") && !is_acronym("Wi-Fi") && !is_acronym("X-Ray") && !is_acronym("gRPC-Web"));
        assert!(is_acronym("COVID-19") && is_acronym("HTTP/2") && is_acronym("TLS-PSK"));
    }

    #[test]
    fn english_plurals() {
        let p = |s: &str| plural(s).unwrap_or_default();
        assert_eq!(p("API"), "APIs");
        assert_eq!(p("policy"), "policies");
        assert_eq!(p("Gateway"), "Gateways");
        assert_eq!(p("status"), "statuses");
        assert_eq!(p("cache"), "caches");
        assert_eq!(p("patch"), "patches");
        assert_eq!(p("API gateway"), "API gateways");
        assert_eq!(p("key"), "keys");
        assert_eq!(plural("RPS"), None);
        assert_eq!(plural("book.toml"), None);
        assert_eq!(plural("p95"), None);
    }

    #[test]
    fn short_forms() {
        assert_eq!(
            split_short_form("API (Application Programming Interface)"),
            ("API".to_owned(), Some("Application Programming Interface".to_owned()))
        );
        assert_eq!(split_short_form("f(x)"), ("f(x)".to_owned(), None));
    }

    #[test]
    fn slugs_are_readable_and_never_empty() {
        assert_eq!(slug("Hidden front matter"), "term-hidden-front-matter");
        assert_eq!(slug("SUMMARY.md"), "term-summary-md");
        assert_eq!(slug("C++"), "term-c");
        assert_eq!(slug("Überweisung"), "term-überweisung");
        assert_eq!(slug("<>"), "term-x");
    }

    #[test]
    fn unicode_variants() {
        assert_eq!(unicode_case_variants("Überweisung"), ["überweisung", "ÜBERWEISUNG"]);
        assert!(unicode_case_variants("plain").is_empty());
    }
}
