//! The assessment's content in OSCAL terms: observations (recorded results), findings
//! (results that remain partial or non-compliant), risks (rated findings, with their
//! remediation), the assessment log (the on-site journal) and POA&M items.

use serde_json::{Value, json};

use super::common::{Context, NS, both, line, oscal_prop, prop, props, put, put_list, text};
use crate::domain::analysis::{Coverage, PairResult};
use crate::domain::result::ResultState;
use crate::domain::{Lang, Method, Verdict};

/// The key a pair's entities are named by: item id and object uid.
fn key(cx: &Context<'_>, p: &PairResult) -> String {
    format!("{}@{}", cx.s.items[p.item].id, cx.s.objects[p.object].uid)
}

fn result<'a>(cx: &Context<'a>, p: &PairResult) -> Option<&'a ResultState> {
    p.result.map(|r| &cx.s.results[r])
}

/// "<item id> <control point> — <object>".
fn pair_title(cx: &Context<'_>, p: &PairResult) -> String {
    let item = &cx.s.items[p.item];
    format!(
        "{} {} — {}",
        item.id,
        both(&item.control_point),
        line(&cx.s.objects[p.object].name)
    )
}

/// What was recorded, or the verdict when nothing was written.
fn record(cx: &Context<'_>, p: &PairResult) -> String {
    let a = &p.assessment;
    let written = match a.verdict {
        Verdict::NotApplicable => &a.reason,
        _ => &a.record,
    };
    text(written, || {
        format!("{}: {}", pair_title(cx, p), a.effective().label(Lang::En))
    })
}

/// The findings of the MLPS scope, then those of the profile, as the report lists them.
fn findings_in_order<'a>(cx: &Context<'a>) -> impl Iterator<Item = &'a PairResult> {
    let a = cx.a;
    [Coverage::Mlps, Coverage::Profile]
        .into_iter()
        .flat_map(move |c| a.findings_of(c))
}

pub fn summary(cx: &Context<'_>) -> String {
    let (s, a) = (cx.s, cx.a);
    let e = &s.engagement;
    let rate = a
        .mlps
        .compliance_rate
        .map(|r| format!("{r:.2}%"))
        .unwrap_or_else(|| "—".into());
    let conclusion = a
        .conclusion
        .label
        .as_ref()
        .map(both)
        .unwrap_or_else(|| "—".into());
    let mut out = format!(
        "{}（{}）{} — {} of {} applicable results assessed; compliance rate {rate}; conclusion {conclusion}{}.",
        line(&e.system),
        line(&e.org),
        crate::domain::level_label(e.level, Lang::Zh),
        a.mlps.progress.assessed,
        a.mlps.progress.applicable,
        if a.conclusion.provisional {
            " (provisional)"
        } else {
            ""
        },
    );
    if let Some(p) = &a.profile {
        out.push_str(&format!(
            " Sector profile ({}): {} of {} assessed.",
            p.covers.join(", "),
            p.progress.assessed,
            p.progress.applicable
        ));
    }
    out
}

pub fn result_props(cx: &Context<'_>) -> Vec<Value> {
    let a = cx.a;
    [
        prop(
            "compliance-rate",
            &a.mlps
                .compliance_rate
                .map(|r| format!("{r:.2}"))
                .unwrap_or_default(),
        ),
        prop("conclusion", &wire(&a.conclusion.value)),
        prop("rule-set", a.conclusion.rule_set.as_str()),
        prop(
            "provisional",
            if a.conclusion.provisional { "true" } else { "false" },
        ),
        prop("gate-problems", &a.gate.len().to_string()),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The wire name of a serialisable value ("" for none).
fn wire(v: &impl serde::Serialize) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

/// OSCAL's method names in its own order, from the pieces' methods (EXAMINE when the
/// pair has no evidence with a method).
fn methods(cx: &Context<'_>, k: &(String, String)) -> Vec<&'static str> {
    let used = cx
        .numbers
        .of_pair
        .get(k)
        .map(|(_, m)| m.as_slice())
        .unwrap_or(&[]);
    let all = [
        (Method::Examine, "EXAMINE"),
        (Method::Interview, "INTERVIEW"),
        (Method::Test, "TEST"),
    ];
    let named: Vec<&str> = all
        .iter()
        .filter(|(m, _)| used.contains(m))
        .map(|(_, n)| *n)
        .collect();
    if named.is_empty() { vec!["EXAMINE"] } else { named }
}

/// One observation per recorded result of the pairs `keep` selects, in checklist order.
pub fn observations(cx: &Context<'_>, keep: impl Fn(&PairResult) -> bool) -> Vec<Value> {
    cx.a.pairs
        .iter()
        .filter(|p| p.assessment.verdict != Verdict::NotAssessed || p.assessment.corrected.is_some())
        .filter(|p| keep(p))
        .map(|p| observation(cx, p))
        .collect()
}

fn observation(cx: &Context<'_>, p: &PairResult) -> Value {
    let object = &cx.s.objects[p.object];
    let item = &cx.s.items[p.item];
    let a = &p.assessment;
    let (subject, subject_type) = cx.subject(object);
    let pair = (item.id.clone(), object.uid.to_string());
    let evidence: Vec<Value> =
        cx.s.evidence
            .iter()
            .filter(|e| {
                e.links
                    .iter()
                    .any(|l| l.item == item.id && l.object_uid == object.uid)
            })
            .map(|e| {
                json!({
                    "href": format!("#{}", cx.resource(e)),
                    "description": cx.evidence_title(e),
                })
            })
            .collect();
    let collected = result(cx, p)
        .map(|r| r.updated_at.clone())
        .filter(|t| t.parse::<jiff::Timestamp>().is_ok())
        .unwrap_or_else(|| cx.start());
    let props: Vec<Value> = [
        prop("verdict", a.verdict.as_str()),
        prop("corrected-verdict", a.corrected.map(|v| v.as_str()).unwrap_or("")),
        prop(
            "coverage",
            if p.coverage == Coverage::Profile {
                "profile"
            } else {
                "mlps"
            },
        ),
        prop("pack", &item.pack),
        oscal_prop("label", &item.clause),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut o = json!({
        "uuid": cx.ids.of("observation", &key(cx, p)),
        "title": pair_title(cx, p),
        "description": record(cx, p),
        "props": props,
        "methods": methods(cx, &pair),
        "subjects": [{"subject-uuid": subject, "type": subject_type}],
        "collected": collected,
    });
    if crate::domain::analysis::is_finding(a) {
        o["types"] = json!(["finding"]);
    }
    put_list(&mut o, "relevant-evidence", evidence);
    if let Some(r) = result(cx, p).filter(|r| !r.correction_rationale.trim().is_empty()) {
        o["remarks"] = format!(
            "整体测评修正 / Overall-evaluation correction: {}",
            text(&r.correction_rationale, String::new)
        )
        .into();
    }
    o
}

/// One finding per result that remains partial or non-compliant.
pub fn findings(cx: &Context<'_>) -> Vec<Value> {
    findings_in_order(cx)
        .map(|p| {
            let k = key(cx, p);
            let item = &cx.s.items[p.item];
            let mut f = json!({
                "uuid": cx.ids.of("finding", &k),
                "title": pair_title(cx, p),
                "description": record(cx, p),
                "props": props([prop("verdict", p.assessment.effective().as_str())]),
                "target": {
                    "type": "objective-id",
                    "target-id": target_id(&item.id),
                    "title": both(&item.control_point),
                    "status": {"state": "not-satisfied"},
                },
                "related-observations": [{"observation-uuid": cx.ids.of("observation", &k)}],
            });
            if p.assessment.risk.is_some() {
                f["related-risks"] = json!([{"risk-uuid": cx.ids.of("risk", &k)}]);
            }
            f
        })
        .collect()
}

/// One risk per rated finding: open until marked remediated, with the recommended
/// remediation as a planned one.
pub fn risks(cx: &Context<'_>) -> Vec<Value> {
    findings_in_order(cx)
        .filter_map(|p| Some((p, p.assessment.risk?)))
        .map(|(p, risk)| {
            let k = key(cx, p);
            let object_uid = cx.s.objects[p.object].uid.to_string();
            let item_id = &cx.s.items[p.item].id;
            let part = |name: &str| line(cx.s.details.finding(item_id, &object_uid, name));
            let (threat, harm) = (part("threat"), part("harm"));
            let mut description = Vec::new();
            if !threat.is_empty() {
                description.push(format!("威胁 / Threat: {threat}"));
            }
            if !harm.is_empty() {
                description.push(format!("危害 / Harm: {harm}"));
            }
            let r = result(cx, p);
            let remediated = r.is_some_and(|r| r.remediated);
            let props: Vec<Value> = [
                prop(
                    "major-hidden-risk",
                    if p.assessment.major_hidden_risk {
                        "true"
                    } else {
                        ""
                    },
                ),
                prop(
                    "high-risk-case",
                    r.and_then(|r| r.high_risk_case.as_deref()).unwrap_or(""),
                ),
            ]
            .into_iter()
            .flatten()
            .collect();
            let mut v = json!({
                "uuid": cx.ids.of("risk", &k),
                "title": pair_title(cx, p),
                "description": if description.is_empty() { record(cx, p) } else { description.join("\n\n") },
                "statement": record(cx, p),
                "status": if remediated { "closed" } else { "open" },
                "characterizations": [{
                    "origin": {"actors": [{"type": "party", "actor-uuid": cx.assessor()}]},
                    "facets": [{"name": "risk", "system": NS, "value": risk.as_str()}],
                }],
                "related-observations": [{"observation-uuid": cx.ids.of("observation", &k)}],
            });
            put_list(&mut v, "props", props);
            if let Some(text) = r.map(|r| line(&r.remediation)).filter(|t| !t.is_empty()) {
                v["remediations"] = json!([{
                    "uuid": cx.ids.of("remediation", &k),
                    "lifecycle": if remediated { "completed" } else { "planned" },
                    "title": "整改建议 / Recommended remediation",
                    "description": text,
                }]);
            }
            v
        })
        .collect()
}

/// The on-site journal as the assessment log.
pub fn log(cx: &Context<'_>) -> Vec<Value> {
    cx.s.journal
        .iter()
        .filter(|j| j.at.parse::<jiff::Timestamp>().is_ok())
        .map(|j| {
            let who = match (line(&j.who), line(&j.role)) {
                (w, r) if r.is_empty() => w,
                (w, r) => format!("{w}（{r}）"),
            };
            let title = [line(&j.kind), who, line(&j.location)]
                .into_iter()
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            let mut entry = json!({
                "uuid": cx.ids.of("journal", j.uid.as_str()),
                "title": if title.is_empty() { "现场记录 / Journal entry".to_string() } else { title },
                "start": j.at,
            });
            put(
                &mut entry,
                "description",
                Some(text(&j.summary, || "—".into()).into()),
            );
            entry
        })
        .collect()
}

/// One POA&M item per finding.
pub fn poam_items(cx: &Context<'_>) -> Vec<Value> {
    findings_in_order(cx)
        .map(|p| {
            let k = key(cx, p);
            let remediation = result(cx, p).map(|r| line(&r.remediation)).unwrap_or_default();
            let description = if remediation.is_empty() {
                record(cx, p)
            } else {
                format!(
                    "{}\n\n整改建议 / Recommended remediation: {remediation}",
                    record(cx, p)
                )
            };
            let mut item = json!({
                "uuid": cx.ids.of("poam-item", &k),
                "title": pair_title(cx, p),
                "description": description,
                "related-findings": [{"finding-uuid": cx.ids.of("finding", &k)}],
                "related-observations": [{"observation-uuid": cx.ids.of("observation", &k)}],
            });
            if p.assessment.risk.is_some() {
                item["related-risks"] = json!([{"risk-uuid": cx.ids.of("risk", &k)}]);
            }
            item
        })
        .collect()
}

/// An item id as an OSCAL token (ids that start with a digit get a prefix).
fn target_id(id: &str) -> String {
    let ok = id.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && id.chars().all(|c| c.is_alphanumeric() || "._-".contains(c));
    if ok {
        id.to_string()
    } else {
        let safe: String = id
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || "._-".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        format!("item-{safe}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_ids_become_tokens() {
        assert_eq!(target_id("L3-PES1-01"), "L3-PES1-01");
        assert_eq!(target_id("7.2.1"), "item-7.2.1");
        assert_eq!(target_id("A B"), "item-A_B");
    }
}
