//! OSCAL 1.1.2 JSON exports of an engagement: the assessment results (the evaluation's
//! observations, findings and risks) and the plan of action and milestones (the
//! findings with their remediations), for tools that speak NIST's Open Security
//! Controls Assessment Language.
//!
//! Invariants:
//! - Read-only over a [`Snapshot`] and its [`Analysis`]: every figure and every finding
//!   comes from the analysis, in its order; nothing is computed here that it has not.
//! - Every UUID is a version-5 UUID named from the engagement's uid and the uid or ids
//!   of what it identifies ([`Ids`]), and `last-modified` is the engagement's last
//!   change, so two exports of the same file are byte-identical.
//! - Only OSCAL's own vocabulary is used unqualified; dengbao's own properties carry the
//!   namespace [`NS`].
//!
//! Mapping: objects of the system as a whole (network, security management centre,
//! management) are components, assets are inventory items; each recorded item × object
//! result is an observation; each result that remains partial or non-compliant is a
//! finding on the item (as an objective id), with a risk when rated; the on-site journal
//! is the assessment log; evidence pieces are back-matter resources whose links name
//! the files `dengbao evidence export` writes, with their SHA-256.

mod common;
mod results;

use serde_json::{Value, json};

use crate::domain::analysis::Analysis;
use crate::domain::snapshot::Snapshot;

pub use common::{Ids, NS};

/// The OSCAL version the documents follow.
pub const OSCAL_VERSION: &str = "1.1.2";

/// The assessment-results document of an engagement.
pub fn assessment_results(s: &Snapshot, a: &Analysis) -> Value {
    let cx = common::Context::new(s, a);
    let ids = &cx.ids;
    let observations = results::observations(&cx, |_| true);
    let findings = results::findings(&cx);
    let risks = results::risks(&cx);
    let mut result = json!({
        "uuid": ids.of("result", ""),
        "title": cx.title("测评结果", "Assessment results"),
        "description": results::summary(&cx),
        "start": cx.start(),
        "props": results::result_props(&cx),
        "local-definitions": cx.local_definitions(),
        "reviewed-controls": cx.reviewed_controls(),
    });
    common::put(&mut result, "end", cx.end().map(Value::from));
    common::put_list(&mut result, "observations", observations);
    common::put_list(&mut result, "risks", risks);
    common::put_list(&mut result, "findings", findings);
    let log = results::log(&cx);
    if !log.is_empty() {
        result["assessment-log"] = json!({ "entries": log });
    }
    let mut resources = vec![cx.plan_resource()];
    resources.extend(cx.evidence_resources());
    json!({
        "assessment-results": {
            "uuid": ids.of("document", "assessment-results"),
            "metadata": cx.metadata(cx.title("等级测评结果", "MLPS assessment results")),
            "import-ap": {
                "href": format!("#{}", ids.of("resource", "plan")),
                "remarks": "The evaluation plan is described by the back-matter resource it points to.",
            },
            "results": [result],
            "back-matter": { "resources": resources },
        }
    })
}

/// The plan of action and milestones of an engagement: one item per finding, tied to
/// the finding, its observation and its risk.
pub fn poam(s: &Snapshot, a: &Analysis) -> Value {
    let cx = common::Context::new(s, a);
    let ids = &cx.ids;
    let observations = results::observations(&cx, |p| crate::domain::analysis::is_finding(&p.assessment));
    let mut doc = json!({
        "uuid": ids.of("document", "poam"),
        "metadata": cx.metadata(cx.title("整改计划", "Plan of action and milestones")),
        "system-id": {
            "identifier-type": "http://ietf.org/rfc/rfc4122",
            "id": s.engagement.uid.as_str(),
        },
        "local-definitions": cx.local_definitions(),
        "poam-items": results::poam_items(&cx),
    });
    common::put_list(&mut doc, "observations", observations);
    common::put_list(&mut doc, "risks", results::risks(&cx));
    common::put_list(&mut doc, "findings", results::findings(&cx));
    let resources = cx.evidence_resources();
    if !resources.is_empty() {
        doc["back-matter"] = json!({ "resources": resources });
    }
    json!({ "plan-of-action-and-milestones": doc })
}

/// A document as written to a file: pretty JSON and a final newline. The model's `uuid`
/// and `metadata` come first (the other keys in their usual order), so the marker in
/// `metadata.remarks` is where `--force` looks for it even in a large document, and a
/// reader sees what the document is before its body.
pub fn to_bytes(doc: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(&HeadFirst(doc)).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The root object (one model) with the model's `uuid` and `metadata` first.
struct HeadFirst<'a>(&'a Value);

struct ModelHeadFirst<'a>(&'a serde_json::Map<String, Value>);

impl serde::Serialize for HeadFirst<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let Value::Object(root) = self.0 else {
            return self.0.serialize(s);
        };
        let mut map = s.serialize_map(Some(root.len()))?;
        for (k, v) in root {
            match v {
                Value::Object(model) => map.serialize_entry(k, &ModelHeadFirst(model))?,
                other => map.serialize_entry(k, other)?,
            }
        }
        map.end()
    }
}

impl serde::Serialize for ModelHeadFirst<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        const HEAD: [&str; 2] = ["uuid", "metadata"];
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for k in HEAD {
            if let Some(v) = self.0.get(k) {
                map.serialize_entry(k, v)?;
            }
        }
        for (k, v) in self.0.iter().filter(|(k, _)| !HEAD.contains(&k.as_str())) {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_stays_near_the_top_of_a_large_document() {
        // A big back-matter sorts before "metadata": it must not push the marker out of
        // the window `--force` reads.
        let big: Vec<Value> = (0..5000)
            .map(|i| serde_json::json!({ "title": format!("E-{i:05}") }))
            .collect();
        let doc = serde_json::json!({ "assessment-results": {
            "back-matter": { "resources": big },
            "metadata": { "remarks": "dengbao-engagement X" },
            "uuid": "u",
        }});
        let bytes = to_bytes(&doc);
        assert!(bytes.len() > 200_000);
        let head = String::from_utf8_lossy(&bytes[..4096]);
        assert!(head.contains("dengbao-engagement X"), "{head}");
        let back: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(back, doc, "the same document");
    }
}
