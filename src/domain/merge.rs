//! The 3-way merge of one result (item × object) when a colleague's copy of the same
//! engagement is brought in: which side's state stands, decided from the revision
//! histories of both copies.
//!
//! A revision names its parent and, when it joined two histories (a merge or the
//! resolution of a conflict), the other side's revision as well. "Ours is in their
//! history" means their copy already saw our state, and so on.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::vocab::Verdict;

/// The content of a result revision: what a merge compares (not who or when).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Content {
    pub verdict: String,
    pub record: String,
    pub risk: Option<String>,
    pub high_risk_case: Option<String>,
    pub major_hidden_risk: bool,
    pub na_reason: String,
    pub corrected_verdict: Option<String>,
    pub correction_rationale: String,
    pub remediation: String,
    pub remediated: bool,
}

impl Content {
    pub fn assessed(&self) -> bool {
        self.verdict != Verdict::NotAssessed.as_str()
    }
}

/// The parents of every revision known to either copy.
#[derive(Debug, Default, Clone)]
pub struct History {
    parents: HashMap<String, Vec<String>>,
}

impl History {
    pub fn add(&mut self, uid: &str, parent: Option<&str>, merged: Option<&str>) {
        let entry = self.parents.entry(uid.to_string()).or_default();
        for p in [parent, merged].into_iter().flatten() {
            if !entry.iter().any(|e| e == p) {
                entry.push(p.to_string());
            }
        }
    }

    /// Whether `target` is `from` or one of its ancestors.
    pub fn reaches(&self, from: &str, target: &str) -> bool {
        let mut seen = HashSet::new();
        let mut stack = vec![from];
        while let Some(uid) = stack.pop() {
            if uid == target {
                return true;
            }
            if !seen.insert(uid) {
                continue;
            }
            if let Some(ps) = self.parents.get(uid) {
                stack.extend(ps.iter().map(String::as_str));
            }
        }
        false
    }
}

/// One copy's current state of a pair: its head revision and that revision's content.
#[derive(Debug, Clone, Copy)]
pub struct Head<'a> {
    pub revision: &'a str,
    pub content: &'a Content,
}

/// What merging one pair does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Their state is already in our history (or they have none): nothing to do.
    UpToDate,
    /// Only they changed it since the copies parted: their head becomes ours.
    Take,
    /// Both changed it, to the same content: ours stands, no conflict.
    Same,
    /// Both changed it; ours is assessed, theirs not-assessed: ours stands.
    KeepAssessed,
    /// Both changed it; theirs is assessed, ours not-assessed: theirs is taken (as a
    /// revision joining both histories).
    TakeAssessed,
    /// Both changed it differently: ours stands until someone takes a side.
    Conflict,
}

impl Outcome {
    /// Whether our current state changes.
    pub fn moves_head(self) -> bool {
        matches!(self, Outcome::Take | Outcome::TakeAssessed)
    }
}

/// Decides one pair from both heads and the united history.
pub fn decide(history: &History, ours: Option<Head<'_>>, theirs: Option<Head<'_>>) -> Outcome {
    let Some(theirs) = theirs else {
        return Outcome::UpToDate;
    };
    let Some(ours) = ours else {
        return Outcome::Take;
    };
    if history.reaches(ours.revision, theirs.revision) {
        return Outcome::UpToDate;
    }
    if history.reaches(theirs.revision, ours.revision) {
        return Outcome::Take;
    }
    if ours.content == theirs.content {
        return Outcome::Same;
    }
    match (ours.content.assessed(), theirs.content.assessed()) {
        (true, false) => Outcome::KeepAssessed,
        (false, true) => Outcome::TakeAssessed,
        _ => Outcome::Conflict,
    }
}

/// One side of a conflict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stance {
    pub revision: String,
    #[serde(flatten)]
    pub content: Content,
    pub by: String,
    pub at: String,
}

/// A pair both copies changed differently.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictLine {
    pub item: String,
    pub object: String,
    pub ours: Stance,
    pub theirs: Stance,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn content(verdict: &str, record: &str) -> Content {
        Content {
            verdict: verdict.into(),
            record: record.into(),
            risk: None,
            high_risk_case: None,
            major_hidden_risk: false,
            na_reason: String::new(),
            corrected_verdict: None,
            correction_rationale: String::new(),
            remediation: String::new(),
            remediated: false,
        }
    }

    /// o ← a1 ← a2 (ours), o ← b1 (theirs), m joins a2 and b1.
    fn history() -> History {
        let mut h = History::default();
        h.add("o", None, None);
        h.add("a1", Some("o"), None);
        h.add("a2", Some("a1"), None);
        h.add("b1", Some("o"), None);
        h.add("m", Some("a2"), Some("b1"));
        h
    }

    #[rstest]
    #[case::they_are_behind("a2", ("compliant", "x"), "a1", ("partial", "y"), Outcome::UpToDate)]
    #[case::same_head("a2", ("compliant", "x"), "a2", ("compliant", "x"), Outcome::UpToDate)]
    #[case::we_are_behind("o", ("compliant", "x"), "b1", ("partial", "y"), Outcome::Take)]
    #[case::joined_history_is_ahead("b1", ("partial", "y"), "m", ("compliant", "x"), Outcome::Take)]
    #[case::our_join_covers_theirs("m", ("compliant", "x"), "b1", ("partial", "y"), Outcome::UpToDate)]
    #[case::both_same("a2", ("compliant", "x"), "b1", ("compliant", "x"), Outcome::Same)]
    #[case::ours_assessed("a2", ("compliant", "x"), "b1", ("not-assessed", ""), Outcome::KeepAssessed)]
    #[case::theirs_assessed("a2", ("not-assessed", ""), "b1", ("partial", "y"), Outcome::TakeAssessed)]
    #[case::different("a2", ("compliant", "x"), "b1", ("partial", "y"), Outcome::Conflict)]
    #[case::different_record("a2", ("compliant", "x"), "b1", ("compliant", "z"), Outcome::Conflict)]
    fn decides_one_pair(
        #[case] ours: &str,
        #[case] ours_content: (&str, &str),
        #[case] theirs: &str,
        #[case] theirs_content: (&str, &str),
        #[case] expected: Outcome,
    ) {
        let (a, b) = (
            content(ours_content.0, ours_content.1),
            content(theirs_content.0, theirs_content.1),
        );
        let got = decide(
            &history(),
            Some(Head {
                revision: ours,
                content: &a,
            }),
            Some(Head {
                revision: theirs,
                content: &b,
            }),
        );
        assert_eq!(got, expected);
    }

    #[test]
    fn a_side_without_a_result() {
        let c = content("compliant", "x");
        let head = Head {
            revision: "a1",
            content: &c,
        };
        assert_eq!(decide(&history(), None, Some(head)), Outcome::Take);
        assert_eq!(decide(&history(), Some(head), None), Outcome::UpToDate);
    }
}
