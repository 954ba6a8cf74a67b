//! Metadata fields and what they mean: the card's facts come from here.

use handbook_core::meta::value_text;
use serde_json::Value;

/// What a metadata field means to this preprocessor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Status,
    Version,
    LastUpdated,
    Owner,
    Reviewers,
    LastReviewed,
    ReviewEvery,
    NextReview,
    SupersededBy,
    /// A header-block field this preprocessor does not use; shown in the card as written.
    Other,
}

/// The keys each role answers to (normalized), and the label front matter fields get.
/// After the suite's own keys come those of the tools handbooks migrate from
/// (README, "Page metadata from other tools"): GOV.UK tech-docs
/// (`last_reviewed_on`, `review_in`, `owner_slack`), Docusaurus (`draft`,
/// `unlisted`, `last_update`), Hugo (`draft`, `lastmod`, `expiryDate`),
/// Jekyll (`last_modified_at`); MkDocs Material's `status` is the suite's own.
pub(super) const ROLES: &[(Role, &str, &[&str])] = &[
    (
        Role::Status,
        "Status",
        &["status", "state", "lifecycle", "draft", "unlisted"],
    ),
    (Role::Version, "Version", &["version"]),
    (
        Role::LastUpdated,
        "Last updated",
        &[
            "last-updated",
            "updated",
            "last-modified",
            "modified",
            "lastmod",
            "last-modified-at",
            "last-update",
        ],
    ),
    (
        Role::Owner,
        "Owner",
        &[
            "owner",
            "owners",
            "author",
            "authors",
            "maintainer",
            "maintainers",
            "owner-slack",
        ],
    ),
    (Role::Reviewers, "Reviewers", &["reviewers", "reviewer"]),
    (
        Role::LastReviewed,
        "Last reviewed",
        &["last-reviewed", "reviewed", "last-reviewed-on"],
    ),
    (
        Role::ReviewEvery,
        "Review every",
        &["review-every", "review-interval", "review-in"],
    ),
    (
        Role::NextReview,
        "Next review",
        &[
            "next-review",
            "review-by",
            "next-review-date",
            "review-date",
            "expirydate",
            "unpublishdate",
        ],
    ),
    (Role::SupersededBy, "Superseded by", &["superseded-by", "replaced-by"]),
];

/// Every key a role answers to, for `keys` in the config and for `check`.
pub fn known_keys() -> impl Iterator<Item = &'static str> {
    ROLES.iter().flat_map(|(_, _, keys)| keys.iter().copied())
}

/// A front matter value as the fact it stands for under `key` (normalized):
/// `draft: true` is the status Draft (`false` says nothing), Docusaurus's
/// `last_update` table gives its `date`; anything else is its text.
pub(super) fn alias_value(key: &str, value: &Value) -> Option<String> {
    let flag = |word: &str| {
        let on = matches!(value, Value::Bool(true)) || value.as_str().is_some_and(|s| s.trim() == "true");
        on.then(|| word.to_owned())
    };
    match key {
        "draft" => flag("Draft"),
        "unlisted" => flag("Unlisted"),
        "last-update" => match value {
            Value::Object(map) => map.get("date").and_then(field_text),
            other => field_text(other),
        },
        _ => field_text(value),
    }
}

pub(super) fn role_of(key: &str) -> Role {
    ROLES
        .iter()
        .find(|(_, _, keys)| keys.contains(&key))
        .map_or(Role::Other, |(role, _, _)| *role)
}

/// One line of the page card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub role: Role,
    pub label: String,
    pub value: String,
    /// 1-based line in the file.
    pub line: usize,
}

/// `{{#status Draft}}` written as a header value means the same as `Draft`.
pub(super) fn unwrap_badge(value: &str) -> &str {
    value
        .trim()
        .strip_prefix("{{#status")
        .and_then(|v| v.strip_suffix("}}"))
        .map_or(value.trim(), str::trim)
}

/// `[Title](target.md)` → `target.md`; a bare value is its own target.
pub(super) fn link_target(value: &str) -> &str {
    let v = value.trim();
    match (v.find("]("), v.ends_with(')')) {
        (Some(i), true) if v.starts_with('[') => v[i + 2..v.len() - 1].trim(),
        _ => v.trim_matches(['<', '>']),
    }
}

/// Front matter values as text; TOML dates arrive as a one-key table.
pub(super) fn field_text(value: &Value) -> Option<String> {
    match value {
        Value::Object(map) if map.len() == 1 => map.values().next().and_then(value_text),
        other => value_text(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_targets_and_wrapped_badges() {
        assert_eq!(link_target("[New page](../new.md#top)"), "../new.md#top");
        assert_eq!(link_target(" new.md "), "new.md");
        assert_eq!(link_target("<new.md>"), "new.md");
        assert_eq!(unwrap_badge("{{#status Draft}}"), "Draft");
        assert_eq!(unwrap_badge(" Accepted "), "Accepted");
    }
}
