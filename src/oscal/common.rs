//! What both OSCAL documents share: stable UUIDs, metadata with the parties and roles,
//! the local definitions of the evaluated objects, and the back-matter resources of the
//! evaluation plan and the evidence.

use serde_json::{Value, json};

use crate::domain::analysis::Analysis;
use crate::domain::evidence::Evidence;
use crate::domain::object::Object;
use crate::domain::snapshot::Snapshot;
use crate::domain::{Lang, ObjectKind, Text, level_label};
use crate::report::chapters::{Numbers, numbers};
use crate::report::model::clean;

/// Namespace of dengbao's own properties and facets.
pub const NS: &str = "urn:dengbao:oscal";

/// UUIDs named from the engagement: the same thing gets the same UUID in every export
/// of the same engagement, and things of different engagements never share one.
#[derive(Debug, Clone)]
pub struct Ids {
    namespace: uuid::Uuid,
}

impl Ids {
    pub fn new(engagement_uid: &str) -> Ids {
        // A stored uid always parses; a damaged one still names things stably.
        let namespace = uuid::Uuid::parse_str(engagement_uid)
            .unwrap_or_else(|_| uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, engagement_uid.as_bytes()));
        Ids { namespace }
    }

    /// The UUID of the `what` named `key` (an entity's uid, or ids joined by `@`).
    pub fn of(&self, what: &str, key: &str) -> String {
        uuid::Uuid::new_v5(&self.namespace, format!("{what}:{key}").as_bytes()).to_string()
    }
}

/// Everything the documents are built from.
pub struct Context<'a> {
    pub s: &'a Snapshot,
    pub a: &'a Analysis,
    pub ids: Ids,
    pub numbers: Numbers,
    /// The file name `evidence export` gives each piece, by evidence index.
    files: Vec<String>,
    parties: Vec<Party>,
}

struct Party {
    uuid: String,
    kind: &'static str,
    name: String,
    role: &'static str,
}

const ROLES: [(&str, &str); 4] = [
    ("assessor", "测评机构 / Assessor"),
    ("assessment-team", "测评人员 / Assessment team"),
    ("system-owner", "被测单位 / System owner"),
    ("prepared-by", "导出人 / Prepared by"),
];

impl<'a> Context<'a> {
    pub fn new(s: &'a Snapshot, a: &'a Analysis) -> Context<'a> {
        let ids = Ids::new(s.engagement.uid.as_str());
        let refs: Vec<&Evidence> = s.evidence.iter().collect();
        let files = crate::evidence::export::file_names(&refs);
        let parties = parties(s, &ids);
        Context {
            s,
            a,
            numbers: numbers(s),
            ids,
            files,
            parties,
        }
    }

    /// "<system> <what> / <what in English>".
    pub fn title(&self, zh: &str, en: &str) -> String {
        format!("{} {zh} / {en}", line(&self.s.engagement.system))
    }

    /// The party risks are characterised by: the agency, else an evaluator, else the
    /// person who created the file.
    pub fn assessor(&self) -> &str {
        ["assessor", "assessment-team", "prepared-by"]
            .iter()
            .find_map(|r| self.parties.iter().find(|p| p.role == *r))
            .map(|p| p.uuid.as_str())
            .unwrap_or_default()
    }

    pub fn metadata(&self, title: String) -> Value {
        let e = &self.s.engagement;
        let last_modified = [&self.s.changed_at, &e.created_at]
            .into_iter()
            .find(|t| t.parse::<jiff::Timestamp>().is_ok())
            .cloned()
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
        let version = match line(&e.report_id).as_str() {
            "" => format!("revision {}", self.s.audit_rows),
            id => format!("{id} revision {}", self.s.audit_rows),
        };
        let used: Vec<&str> = ROLES
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| self.parties.iter().any(|p| p.role == *id))
            .collect();
        let mut m = json!({
            "title": title,
            "last-modified": last_modified,
            "version": version,
            "oscal-version": super::OSCAL_VERSION,
            "props": props([
                prop("engagement", e.uid.as_str()),
                prop("level", &level_label(e.level, Lang::En)),
                prop("audit-head", &self.s.audit_head),
            ]),
            "remarks": crate::output::marker(e.uid.as_str()),
        });
        if !used.is_empty() {
            m["roles"] = ROLES
                .iter()
                .filter(|(id, _)| used.contains(id))
                .map(|(id, title)| json!({"id": id, "title": title}))
                .collect();
            m["parties"] = self
                .parties
                .iter()
                .map(|p| json!({"uuid": p.uuid, "type": p.kind, "name": p.name}))
                .collect();
            m["responsible-parties"] = used
                .iter()
                .map(|role| {
                    let uuids: Vec<&str> = self
                        .parties
                        .iter()
                        .filter(|p| p.role == *role)
                        .map(|p| p.uuid.as_str())
                        .collect();
                    json!({"role-id": role, "party-uuids": uuids})
                })
                .collect();
        }
        m
    }

    /// The uuid and OSCAL type of an object as a subject: system-level objects are
    /// components, assets inventory items.
    pub fn subject(&self, o: &Object) -> (String, &'static str) {
        let what = if o.system_level {
            "component"
        } else {
            "inventory-item"
        };
        (self.ids.of("object", o.uid.as_str()), what)
    }

    pub fn local_definitions(&self) -> Value {
        let mut components = Vec::new();
        let mut inventory = Vec::new();
        for o in &self.s.objects {
            let (uuid, _) = self.subject(o);
            let description = match (o.system_level, clean(&o.detail).trim()) {
                (_, "") => line(&o.name),
                (true, detail) => detail.to_string(),
                (false, detail) => format!("{}: {detail}", line(&o.name)),
            };
            let mut props = vec![prop("kind", o.kind.as_str()), prop("object", o.uid.as_str())];
            if o.system_level {
                components.push(json!({
                    "uuid": uuid,
                    "type": component_type(o.kind),
                    "title": line(&o.name),
                    "description": description,
                    "props": props.into_iter().flatten().collect::<Vec<Value>>(),
                    "status": {"state": "operational"},
                }));
                continue;
            }
            let p = &o.profile;
            let ip = line(&p.ip);
            let ip_name = match ip.parse::<std::net::IpAddr>() {
                Ok(std::net::IpAddr::V4(_)) => "ipv4-address",
                Ok(std::net::IpAddr::V6(_)) => "ipv6-address",
                Err(_) => "ip",
            };
            props.extend([
                oscal_prop("asset-id", &o.name),
                if ip_name == "ip" {
                    prop("ip", &ip)
                } else {
                    oscal_prop(ip_name, &ip)
                },
                prop("os", &p.os),
                prop("location", &p.location),
                prop("importance", p.importance.map(|i| i.as_str()).unwrap_or("")),
                prop("group", &p.group),
                prop("purpose", &p.purpose),
            ]);
            inventory.push(json!({
                "uuid": uuid,
                "description": description,
                "props": props.into_iter().flatten().collect::<Vec<Value>>(),
            }));
        }
        let mut defs = json!({});
        put_list(&mut defs, "components", components);
        put_list(&mut defs, "inventory-items", inventory);
        defs
    }

    pub fn reviewed_controls(&self) -> Value {
        let packs: Vec<String> = self
            .s
            .packs
            .iter()
            .map(|p| format!("{} {} ({})", p.id, p.version, p.title.get(Lang::En)))
            .collect();
        json!({
            "description": format!("Every item of the engagement's checklist packs: {}.", packs.join("; ")),
            "control-selections": [{"include-all": {}}],
        })
    }

    /// The first day on site at midnight in the report's time zone, else when the file
    /// was created.
    pub fn start(&self) -> String {
        let e = &self.s.engagement;
        day_time(
            &e.starts_on,
            jiff::civil::Time::midnight(),
            &self.s.details.time_zone(),
        )
        .unwrap_or_else(|| self.s.engagement.created_at.clone())
    }

    /// The end of the last day on site, when known.
    pub fn end(&self) -> Option<String> {
        let last = jiff::civil::time(23, 59, 59, 0);
        day_time(&self.s.engagement.ends_on, last, &self.s.details.time_zone())
    }

    /// The evaluation plan the results import: the engagement's scope.
    pub fn plan_resource(&self) -> Value {
        let e = &self.s.engagement;
        let extensions: Vec<&str> = [(e.cloud, "cloud"), (e.mobile, "mobile"), (e.iot, "iot")]
            .into_iter()
            .filter_map(|(on, name)| on.then_some(name))
            .collect();
        let mut description = format!(
            "{}（{}），{} / {}. Checklist packs: {}.",
            line(&e.system),
            line(&e.org),
            level_label(e.level, Lang::Zh),
            level_label(e.level, Lang::En),
            self.s
                .packs
                .iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        );
        if !extensions.is_empty() {
            description.push_str(&format!(" Extensions: {}.", extensions.join(", ")));
        }
        if let Some(g) = e.hospital_grade {
            description.push_str(&format!(" Hospital grade: {}.", g.as_str()));
        }
        json!({
            "uuid": self.ids.of("resource", "plan"),
            "title": self.title("测评方案", "Evaluation plan"),
            "description": description,
        })
    }

    /// The number (E-001, …) of a piece of evidence.
    pub fn number(&self, e: &Evidence) -> String {
        self.numbers.of.get(&e.id).cloned().unwrap_or_default()
    }

    /// A piece's resource uuid.
    pub fn resource(&self, e: &Evidence) -> String {
        self.ids.of("evidence", e.uid.as_str())
    }

    /// What a piece is called where it is cited: its number and, unless it is
    /// sensitive, its name.
    pub fn evidence_title(&self, e: &Evidence) -> String {
        if e.sensitive {
            format!("{} ({})", self.number(e), e.kind.label(Lang::En))
        } else {
            format!("{} {}", self.number(e), line(&e.name))
        }
    }

    /// One back-matter resource per piece of evidence. A sensitive piece's name is
    /// withheld: its link names its bytes by hash instead of by file.
    pub fn evidence_resources(&self) -> Vec<Value> {
        self.s
            .evidence
            .iter()
            .zip(&self.files)
            .map(|(e, file)| {
                let href = if e.sensitive {
                    format!("urn:sha256:{}", e.sha256)
                } else {
                    format!("evidence/{}", percent_encode(file))
                };
                let mut rlink = json!({
                    "href": href,
                    "hashes": [{"algorithm": "SHA-256", "value": e.sha256}],
                });
                let media = line(&e.media_type);
                if !media.is_empty() {
                    rlink["media-type"] = media.into();
                }
                let props: Vec<Value> = [
                    prop("kind", e.kind.as_str()),
                    prop("method", e.method.map(|m| m.as_str()).unwrap_or("")),
                    prop("captured-at", &e.captured_at),
                    prop("size", &e.size.to_string()),
                    prop("sensitive", if e.sensitive { "true" } else { "" }),
                ]
                .into_iter()
                .flatten()
                .collect();
                let mut r = json!({
                    "uuid": self.resource(e),
                    "title": self.evidence_title(e),
                    "props": props,
                    "rlinks": [rlink],
                });
                let note = clean(&e.note);
                if !e.sensitive && !note.trim().is_empty() {
                    r["description"] = note.trim().into();
                }
                r
            })
            .collect()
    }
}

fn parties(s: &Snapshot, ids: &Ids) -> Vec<Party> {
    let e = &s.engagement;
    let mut parties = Vec::new();
    let mut add = |kind: &'static str, name: &str, role: &'static str| {
        let name = line(name);
        if !name.is_empty() {
            parties.push(Party {
                uuid: ids.of("party", &format!("{role}@{name}")),
                kind,
                name,
                role,
            });
        }
    };
    add("organization", &e.agency, "assessor");
    for name in e.evaluators.split(['、', ',', '，', ';', '；', '\n']) {
        add("person", name, "assessment-team");
    }
    add("organization", &e.org, "system-owner");
    add("person", &e.created_by, "prepared-by");
    parties
}

fn component_type(kind: ObjectKind) -> &'static str {
    match kind {
        ObjectKind::Network => "this-system",
        ObjectKind::Management => "process-procedure",
        _ => "service",
    }
}

/// A date typed as `2026-11-16` at `time` in `tz`, as RFC 3339 UTC.
fn day_time(date: &str, time: jiff::civil::Time, tz: &jiff::tz::TimeZone) -> Option<String> {
    let date: jiff::civil::Date = date.trim().parse().ok()?;
    let ts = tz.to_timestamp(date.to_datetime(time)).ok()?;
    Some(ts.to_string())
}

/// User text for a one-line field (titles, names, property values): bidirectional
/// controls removed, whitespace runs made one space, trimmed.
pub fn line(s: &str) -> String {
    clean(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// User text for a multi-line field; `fallback` when it is empty.
pub fn text(s: &str, fallback: impl FnOnce() -> String) -> String {
    let t = clean(s).trim().to_string();
    if t.is_empty() { fallback() } else { t }
}

/// "中文 / English" of a bilingual text (one of them when the other is missing).
pub fn both(t: &Text) -> String {
    match (line(t.get(Lang::Zh)), line(t.get(Lang::En))) {
        (zh, en) if en.is_empty() || zh == en => zh,
        (zh, en) if zh.is_empty() => en,
        (zh, en) => format!("{zh} / {en}"),
    }
}

/// A dengbao property, or nothing when the value is empty.
pub fn prop(name: &str, value: &str) -> Option<Value> {
    let value = line(value);
    (!value.is_empty()).then(|| json!({"name": name, "ns": NS, "value": value}))
}

/// The properties that have a value.
pub fn props<const N: usize>(list: [Option<Value>; N]) -> Vec<Value> {
    list.into_iter().flatten().collect()
}

/// A property OSCAL itself defines, or nothing when the value is empty.
pub fn oscal_prop(name: &str, value: &str) -> Option<Value> {
    let value = line(value);
    (!value.is_empty()).then(|| json!({"name": name, "value": value}))
}

/// Sets `key` when there is a value.
pub fn put(v: &mut Value, key: &str, value: Option<Value>) {
    if let (Some(value), Some(map)) = (value, v.as_object_mut()) {
        map.insert(key.to_string(), value);
    }
}

/// Sets `key` to the list when it is not empty (OSCAL lists have at least one entry).
pub fn put_list(v: &mut Value, key: &str, list: Vec<Value>) {
    if !list.is_empty() {
        put(v, key, Some(Value::Array(list)));
    }
}

/// A relative file name as a URI path segment: unreserved characters kept, every other
/// byte percent-encoded.
fn percent_encode(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_version_5_and_differ_by_what_and_engagement() {
        let a = Ids::new("6198611c-9c57-4122-9628-76b39cf15099");
        let b = Ids::new("7e5bd1a4-32d1-4524-9932-829c3caf46b0");
        let u = a.of("object", "x");
        assert_eq!(u, a.of("object", "x"));
        assert_eq!(uuid::Uuid::parse_str(&u).unwrap().get_version_num(), 5);
        assert_ne!(u, a.of("evidence", "x"));
        assert_ne!(u, b.of("object", "x"));
    }

    #[test]
    fn file_names_are_percent_encoded() {
        assert_eq!(percent_encode("ab12-访 谈.txt"), "ab12-%E8%AE%BF%20%E8%B0%88.txt");
    }

    #[test]
    fn one_line_text_loses_controls_and_runs_of_space() {
        assert_eq!(line(" a\u{202E}b \n c "), "ab c");
        assert_eq!(text("  ", || "x".into()), "x");
    }
}
