//! `llms.txt` (llmstxt.org's shape) and `llms-full.txt`.
//!
//! Every field is data: a title or summary is one line with its control
//! characters gone and `[`, `]`, `<`, `>` escaped, so no value starts a
//! link, a heading or a tag; every URL is percent-encoded by
//! `handbook_core::links::url_path`.

use super::model::{Handbook, first_paragraph, one_line};
use handbook_core::facts::DecisionFact;
use std::fmt::Write as _;

/// Text made safe inside a markdown line: one line, no markup it could start.
pub fn inline(text: &str) -> String {
    let mut out = String::new();
    for c in one_line(text).chars() {
        if matches!(c, '[' | ']' | '<' | '>' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub fn llms_txt(book: &Handbook) -> String {
    let mut out = format!("# {}\n\n", inline(&book.title));
    if !book.summary.is_empty() {
        let _ = writeln!(out, "> {}\n", inline(&book.summary));
    }
    let decision_paths: std::collections::HashSet<&std::path::Path> =
        book.decisions.iter().map(|d| d.path.as_path()).collect();
    // SUMMARY's parts in order; pages before the first part are "Pages".
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    for page in book
        .pages
        .iter()
        .filter(|p| !decision_paths.contains(p.source.as_path()))
    {
        let name = page.part.clone().unwrap_or_else(|| "Pages".to_owned());
        let line = entry(book, &page.title, &page.url, &page_note(page));
        match sections.last_mut() {
            Some((last, lines)) if *last == name => lines.push(line),
            _ => sections.push((name, vec![line])),
        }
    }
    for (name, lines) in sections {
        let _ = writeln!(out, "## {}\n", inline(&name));
        for line in lines {
            out.push_str(&line);
        }
        out.push('\n');
    }
    let (retired, current): (Vec<&DecisionFact>, Vec<&DecisionFact>) =
        book.decisions.iter().partition(|d| d.is_retired());
    if !current.is_empty() {
        out.push_str("## Decision records\n\n");
        for d in current {
            out.push_str(&decision_line(book, d));
        }
        out.push('\n');
    }
    if !retired.is_empty() {
        out.push_str("## Superseded and rejected decisions\n\nDo not follow these; each names what replaced it.\n\n");
        for d in retired {
            out.push_str(&decision_line(book, d));
        }
        out.push('\n');
    }
    out
}

fn entry(book: &Handbook, title: &str, url: &str, note: &str) -> String {
    let href = book.href(url);
    if note.is_empty() {
        format!("- [{}]({href})\n", inline(title))
    } else {
        format!("- [{}]({href}): {}\n", inline(title), inline(note))
    }
}

/// A page's one line: its status, when it has one, and its first sentence.
fn page_note(page: &super::model::Page) -> String {
    let first = first_paragraph(&page.markdown)
        .map(|p| first_sentence(&p))
        .unwrap_or_default();
    match page.facts.status.as_deref() {
        Some(status) if first.is_empty() => format!("status {status}"),
        Some(status) => format!("({status}) {first}"),
        None => first,
    }
}

fn first_sentence(text: &str) -> String {
    let end = text.find(". ").map_or(text.len(), |i| i + 1);
    let sentence = &text[..end];
    if sentence.chars().count() > 200 {
        let cut: String = sentence.chars().take(199).collect();
        format!("{cut}…")
    } else {
        sentence.to_owned()
    }
}

fn decision_line(book: &Handbook, d: &DecisionFact) -> String {
    let url = book.pages.iter().find(|p| p.source == d.path).map_or_else(
        || handbook_core::links::url_path(&d.path.with_extension("html")),
        |p| p.url.clone(),
    );
    let number = d.number.map(|n| format!("ADR {n}: ")).unwrap_or_default();
    let status = d.status.as_deref().or(d.lifecycle.as_deref()).unwrap_or("no status");
    let mut note = match d.day.as_ref().or(d.date.as_ref()) {
        Some(date) => format!("{status}, {date}"),
        None => status.to_owned(),
    };
    if d.is_retired() {
        note = format!(
            "{} ({note})",
            d.lifecycle.as_deref().unwrap_or("retired").to_uppercase()
        );
        if let Some(current) = book.current_of(d) {
            let _ = write!(note, "; current decision: ADR {current}");
        }
    }
    entry(book, &format!("{number}{}", d.title), &url, &note)
}

/// Every page's markdown as the suite produced it for the `markdown`
/// renderer, in book order, each under a header naming its path and status.
pub fn llms_full(book: &Handbook) -> String {
    let mut out = format!("# {}\n\n", inline(&book.title));
    if !book.summary.is_empty() {
        let _ = writeln!(out, "> {}\n", inline(&book.summary));
    }
    for page in &book.pages {
        let decision = book.decisions.iter().find(|d| d.path == page.source);
        let status = decision
            .and_then(|d| d.status.as_deref())
            .or(page.facts.status.as_deref())
            .unwrap_or("none");
        let retired = decision.filter(|d| d.is_retired());
        let _ = writeln!(
            out,
            "----\npath: {}\ntitle: {}\nstatus: {}",
            book.book_path(&page.source),
            one_line(&page.title),
            one_line(status),
        );
        if let Some(d) = retired {
            let current = book
                .current_of(d)
                .map(|n| format!(" (current: ADR {n})"))
                .unwrap_or_default();
            let _ = writeln!(out, "note: this decision is no longer followed{current}");
        }
        out.push_str("----\n\n");
        out.push_str(&text_only(page.markdown.trim_end()));
        out.push_str("\n\n");
    }
    out
}

/// A page's text with no control character but line breaks and tabs: an
/// escape sequence in a page reaches no terminal or model as one.
fn text_only(markdown: &str) -> String {
    markdown
        .chars()
        .filter(|&c| c != '\r')
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                ' '
            } else {
                c
            }
        })
        .collect()
}
