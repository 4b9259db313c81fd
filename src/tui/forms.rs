//! The forms of the UI — what each asks, and what its submission becomes: a job for the
//! worker, a confirmation, or a field refused with the reason in the UI language. The
//! checks here are the ones that need no file; the worker's refusals come back to the
//! same form (see [`refusal`]).

use std::path::PathBuf;

use super::action::Action;
use super::overlays::Overlay;
use super::overlays::confirm::{Confirm, Then};
use super::overlays::form::{Form, FormField, Purpose};
use super::screens::workspace::Workspace;
use crate::catalog::Extensions;
use crate::domain::evidence::{Interview, JournalEntry, NewJournalEntry, ToolReport};
use crate::domain::object::{NewObject, Object, Profile};
use crate::domain::result::ResultUpdate;
use crate::domain::time::parse_time;
use crate::domain::{HospitalGrade, Importance, Lang, Method, ObjectKind, Risk, ToolReportKind, Verdict};
use crate::ops::attach::AttachOptions;
use crate::ops::engagement::NewEngagement;
use crate::ops::{Field, OpsError};
use crate::tui::worker::Job;

/// What a submitted form leads to.
pub enum Submitted {
    Job(Job),
    /// Ask first.
    Confirm(Confirm),
    /// A field was refused (the form says which and why).
    Refused,
}

fn zh(lang: Lang) -> bool {
    lang == Lang::Zh
}

fn pick<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    if lang == Lang::Zh { zh } else { en }
}

/// Now, local time, as a person types it.
pub fn local_now() -> String {
    super::screens::lists::local(&crate::store::now())
}

/// The form the action asks for on the selected result.
pub fn for_pair(w: &Workspace, pair: usize, action: Action, lang: Lang) -> Overlay {
    let p = &w.analysis.pairs[pair];
    let item = &w.snapshot.items[p.item];
    let object = &w.snapshot.objects[p.object];
    let target = format!("{} @ {}", item.id, object.name);
    let form = match action {
        Action::Note => Form::new(
            Purpose::Note { pair },
            format!("{} · {target}", pick(lang, "文字记录", "Text note")),
            vec![
                FormField::lines("text", pick(lang, "文字", "Text"), ""),
                FormField::toggle("sensitive", pick(lang, "敏感", "Sensitive"), false),
            ],
            lang,
        ),
        Action::Interview => Form::new(
            Purpose::Interview { pair },
            format!("{} · {target}", pick(lang, "访谈记录", "Interview")),
            vec![
                FormField::line("who", pick(lang, "访谈对象", "Who"), ""),
                FormField::line("role", pick(lang, "角色", "Role"), ""),
                FormField::line("at", pick(lang, "时间", "Time"), &local_now()),
                FormField::lines("summary", pick(lang, "摘要", "Summary"), ""),
            ],
            lang,
        ),
        Action::Bulk => return bulk(w, pair, lang),
        _ => attach_form(pair, &target, lang),
    };
    Overlay::Form(Box::new(form))
}

fn attach_form(pair: usize, target: &str, lang: Lang) -> Form {
    let mut methods = vec![(String::new(), pick(lang, "（不填）", "(none)").to_string())];
    methods.extend(
        Method::ALL
            .iter()
            .map(|m| (m.as_str().to_string(), m.label(lang).to_string())),
    );
    let mut reports = vec![(String::new(), pick(lang, "（否）", "(no)").to_string())];
    reports.extend(
        ToolReportKind::ALL
            .iter()
            .map(|k| (k.as_str().to_string(), k.label(lang).to_string())),
    );
    Form::new(
        Purpose::Attach { pair },
        format!("{} · {target}", pick(lang, "附加证据文件", "Attach files")),
        vec![
            FormField::path("paths", pick(lang, "文件", "Files"), ""),
            FormField::choice("method", pick(lang, "测评方法", "Method"), methods, ""),
            FormField::toggle("sensitive", pick(lang, "敏感", "Sensitive"), false),
            FormField::line("note", pick(lang, "备注", "Note"), ""),
            FormField::choice("report", pick(lang, "工具报告", "Tool report"), reports, ""),
            FormField::line("tool", pick(lang, "工具及版本", "Tool and version"), ""),
        ],
        lang,
    )
    .with_hint(pick(
        lang,
        "可拖入或输入多个文件，空格分隔，含空格的名称加引号；Tab 补全。敏感证据不进入对外的证据包。",
        "Drop or type several files, space-separated, names with spaces quoted; Tab completes. Sensitive evidence stays out of shared bundles.",
    ))
}

/// The bulk form: one change for the marked objects of the selected item (the selected
/// object when none is marked gives nothing to do).
fn bulk(w: &Workspace, pair: usize, lang: Lang) -> Overlay {
    let p = &w.analysis.pairs[pair];
    let targets: Vec<usize> = w
        .marks
        .iter()
        .copied()
        .filter(|&m| w.analysis.pairs[m].item == p.item)
        .collect();
    let mut verdicts = vec![(String::new(), pick(lang, "（不变）", "(keep)").to_string())];
    verdicts.extend(
        [
            Verdict::Compliant,
            Verdict::Partial,
            Verdict::NonCompliant,
            Verdict::NotApplicable,
        ]
        .iter()
        .map(|v| (v.as_str().to_string(), v.label(lang).to_string())),
    );
    let mut risks = vec![(String::new(), pick(lang, "（不变）", "(keep)").to_string())];
    risks.extend(
        Risk::ALL
            .iter()
            .map(|r| (r.as_str().to_string(), r.label(lang).to_string())),
    );
    let current = &p.assessment;
    let item = &w.snapshot.items[p.item];
    let object = &w.snapshot.objects[p.object];
    let evidence = w.evidence_of(p.item, p.object);
    let title = if zh(lang) {
        format!("批量应用 · {} · 已标记 {} 个对象", item.id, targets.len())
    } else {
        format!("Bulk apply · {} · {} objects marked", item.id, targets.len())
    };
    let hint = if zh(lang) {
        format!(
            "应用到已标记的对象；记录、风险留空则各自不变。「关联证据」把「{}」的 {} 份证据也关联到每个对象。",
            object.name,
            evidence.len()
        )
    } else {
        format!(
            "Applies to the marked objects; an empty record or risk keeps each one's. 'Link evidence' links the {} pieces of '{}' to each.",
            evidence.len(),
            object.name
        )
    };
    let verdict = if current.verdict == Verdict::NotAssessed {
        ""
    } else {
        current.verdict.as_str()
    };
    Overlay::Form(Box::new(
        Form::new(
            Purpose::Bulk { pairs: targets },
            title,
            vec![
                FormField::choice("verdict", pick(lang, "结果", "Verdict"), verdicts, verdict),
                FormField::lines("record", pick(lang, "结果记录", "Record"), &current.record),
                FormField::choice("risk", pick(lang, "风险", "Risk"), risks, ""),
                FormField::toggle("links", pick(lang, "关联证据", "Link evidence"), false),
            ],
            lang,
        )
        .with_hint(&hint),
    ))
}

/// The new-engagement form; the file starts in `folder` (where the last engagement
/// was) when there is one.
pub fn new_engagement(folder: Option<&std::path::Path>, lang: Lang) -> Overlay {
    let levels = vec![
        ("3".to_string(), pick(lang, "第三级", "Level 3").to_string()),
        ("2".to_string(), pick(lang, "第二级", "Level 2").to_string()),
    ];
    let mut grades = vec![(
        String::new(),
        pick(lang, "（非医院 / 不用行业要求）", "(not a hospital)").to_string(),
    )];
    grades.extend(
        HospitalGrade::ALL
            .iter()
            .map(|g| (g.as_str().to_string(), g.label(lang).to_string())),
    );
    let file = folder
        .map(|d| d.join("").display().to_string())
        .unwrap_or_default();
    Overlay::Form(Box::new(Form::new(
        Purpose::NewEngagement,
        pick(lang, "新建测评", "New engagement"),
        vec![
            FormField::path("file", pick(lang, "文件（.dengbao）", "File (.dengbao)"), &file),
            FormField::line("system", pick(lang, "系统名称", "System name"), ""),
            FormField::line("org", pick(lang, "被测单位", "Organisation"), ""),
            FormField::choice("level", pick(lang, "等级", "Level"), levels, "3"),
            FormField::choice("grade", pick(lang, "医院等级", "Hospital grade"), grades, ""),
            FormField::toggle("cloud", pick(lang, "云计算扩展", "Cloud extension"), false),
            FormField::toggle("mobile", pick(lang, "移动互联扩展", "Mobile extension"), false),
            FormField::toggle("iot", pick(lang, "物联网扩展", "IoT extension"), false),
            FormField::line("agency", pick(lang, "测评机构", "Evaluation agency"), ""),
            FormField::line("evaluators", pick(lang, "测评人员", "Evaluators"), ""),
        ],
        lang,
    )))
}

/// The object form, empty (add) or filled from `existing` (edit).
pub fn object(existing: Option<(usize, &Object)>, lang: Lang) -> Overlay {
    let kinds: Vec<(String, String)> = ObjectKind::ALL
        .iter()
        .filter(|k| {
            !matches!(
                k,
                ObjectKind::Network | ObjectKind::Management | ObjectKind::ManagementCentre
            )
        })
        .map(|k| (k.as_str().to_string(), k.label(lang).to_string()))
        .collect();
    let mut importance = vec![(String::new(), pick(lang, "（不填）", "(none)").to_string())];
    importance.extend(
        Importance::ALL
            .iter()
            .map(|i| (i.as_str().to_string(), i.label(lang).to_string())),
    );
    let (purpose, title, o) = match existing {
        Some((at, o)) => (
            Purpose::EditObject { object: at },
            format!("{} · {}", pick(lang, "修改测评对象", "Edit object"), o.name),
            Some(o),
        ),
        None => (
            Purpose::AddObject,
            pick(lang, "添加测评对象", "Add an object").to_string(),
            None,
        ),
    };
    let get = |f: fn(&Object) -> String| o.map(f).unwrap_or_default();
    Overlay::Form(Box::new(Form::new(
        purpose,
        title,
        vec![
            FormField::choice(
                "kind",
                pick(lang, "类型", "Kind"),
                kinds,
                &get(|o| o.kind.as_str().to_string()),
            ),
            FormField::line("name", pick(lang, "名称", "Name"), &get(|o| o.name.clone())),
            FormField::line(
                "ip",
                pick(lang, "IP 地址", "IP address"),
                &get(|o| o.profile.ip.clone()),
            ),
            FormField::line(
                "os",
                pick(lang, "操作系统 / 版本", "OS / version"),
                &get(|o| o.profile.os.clone()),
            ),
            FormField::line(
                "location",
                pick(lang, "位置", "Location"),
                &get(|o| o.profile.location.clone()),
            ),
            FormField::choice(
                "importance",
                pick(lang, "重要程度", "Importance"),
                importance,
                &get(|o| {
                    o.profile
                        .importance
                        .map(|i| i.as_str().to_string())
                        .unwrap_or_default()
                }),
            ),
            FormField::line(
                "purpose",
                pick(lang, "用途", "Purpose"),
                &get(|o| o.profile.purpose.clone()),
            ),
            FormField::line(
                "group",
                pick(lang, "抽样分组", "Sampling group"),
                &get(|o| o.profile.group.clone()),
            ),
            FormField::line("detail", pick(lang, "说明", "Detail"), &get(|o| o.detail.clone())),
        ],
        lang,
    )))
}

pub fn journal(lang: Lang) -> Overlay {
    journal_form(Purpose::Journal, [&local_now(), "", "", ""], lang)
}

/// The form changing a journal entry, filled with what it says.
pub fn edit_journal(j: &JournalEntry, lang: Lang) -> Overlay {
    let at = super::screens::lists::local(&j.at);
    journal_form(
        Purpose::EditJournal { id: j.id },
        [&at, &j.location, &j.who, &j.summary],
        lang,
    )
}

fn journal_form(purpose: Purpose, [at, place, who, what]: [&str; 4], lang: Lang) -> Overlay {
    Overlay::Form(Box::new(Form::new(
        purpose,
        pick(lang, "测评日志", "Journal entry"),
        vec![
            FormField::line("at", pick(lang, "时间", "Time"), at),
            FormField::line("where", pick(lang, "地点", "Place"), place),
            FormField::line("who", pick(lang, "参与人员", "Who"), who),
            FormField::lines("what", pick(lang, "内容", "What was done"), what),
        ],
        lang,
    )))
}

fn empty(form: &mut Form, key: &str, lang: Lang) -> bool {
    if form.get(key).trim().is_empty() {
        let label = form
            .fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.label.clone())
            .unwrap_or_default();
        let why = if zh(lang) {
            format!("{label}不能为空")
        } else {
            format!("{label} is empty")
        };
        form.refuse(key, why);
        return true;
    }
    false
}

fn time(form: &mut Form, key: &str, lang: Lang) -> Option<String> {
    match parse_time(&form.get(key)) {
        Ok(t) => Some(t),
        Err(e) => {
            let why = if zh(lang) {
                format!("时间「{}」无法识别（示例：2026-11-20 09:30）", form.get(key))
            } else {
                e
            };
            form.refuse(key, why);
            None
        }
    }
}

/// Splits typed paths: whitespace separates them, quotes ('…' or "…") keep spaces in a
/// name, as terminals write dropped files. On Unix a backslash escapes the next
/// character; on Windows it is a path separator.
pub fn split_paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (c, quote) {
            ('\\', None | Some('"')) if cfg!(unix) => {
                if let Some(next) = chars.next() {
                    current.push(next);
                    started = true;
                }
            }
            (q @ ('\'' | '"'), None) => {
                quote = Some(q);
                started = true;
            }
            (q, Some(open)) if q == open => quote = None,
            (c, None) if c.is_whitespace() => {
                if started {
                    out.push(std::mem::take(&mut current));
                    started = false;
                }
            }
            (c, _) => {
                current.push(c);
                started = true;
            }
        }
    }
    if started {
        out.push(current);
    }
    out
}

/// Checks a submitted form and turns it into what it asks for.
pub fn submit(form: &mut Form, w: Option<&Workspace>, lang: Lang) -> Submitted {
    match form.purpose.clone() {
        Purpose::NewEngagement => new_engagement_job(form, lang),
        Purpose::AddObject | Purpose::EditObject { .. } => object_job(form, w, lang),
        Purpose::Journal | Purpose::EditJournal { .. } => {
            let Some(at) = time(form, "at", lang) else {
                return Submitted::Refused;
            };
            if empty(form, "who", lang) || empty(form, "what", lang) {
                return Submitted::Refused;
            }
            let entry = NewJournalEntry {
                at,
                kind: "activity".into(),
                who: form.get("who"),
                role: String::new(),
                location: form.get("where"),
                summary: form.get("what"),
            };
            Submitted::Job(match form.purpose {
                Purpose::EditJournal { id } => Job::EditJournal { id, entry },
                _ => Job::Journal(entry),
            })
        }
        Purpose::Attach { pair } => {
            let Some(w) = w else { return Submitted::Refused };
            let paths = split_paths(&form.get("paths"));
            if paths.is_empty() {
                empty(form, "paths", lang);
                return Submitted::Refused;
            }
            if let Some(missing) = paths.iter().find(|p| !std::path::Path::new(p).exists()) {
                let why = if zh(lang) {
                    format!("{missing}：文件不存在")
                } else {
                    format!("{missing}: no such file")
                };
                form.refuse("paths", why);
                return Submitted::Refused;
            }
            // A tool report names its tool, and is a test unless a method is chosen.
            let tool_report = form.get("report").parse::<ToolReportKind>().ok();
            if tool_report.is_some() && empty(form, "tool", lang) {
                return Submitted::Refused;
            }
            let tool_report = tool_report.map(|kind| ToolReport {
                kind,
                tool: form.get("tool"),
            });
            let method = form.get("method").parse::<Method>().ok();
            let (item, object_id) = ids(w, pair);
            Submitted::Job(Job::Attach {
                item,
                object_id,
                paths: paths.into_iter().map(PathBuf::from).collect(),
                opts: AttachOptions {
                    method: method.or(tool_report.as_ref().map(|_| Method::Test)),
                    tool_report,
                    captured_at: None,
                    sensitive: form.flag("sensitive"),
                    note: form.get("note"),
                },
            })
        }
        Purpose::Note { pair } => {
            let Some(w) = w else { return Submitted::Refused };
            if empty(form, "text", lang) {
                return Submitted::Refused;
            }
            let (item, object_id) = ids(w, pair);
            Submitted::Job(Job::Note {
                item,
                object_id,
                text: form.get("text"),
                sensitive: form.flag("sensitive"),
            })
        }
        Purpose::Interview { pair } => {
            let Some(w) = w else { return Submitted::Refused };
            if empty(form, "who", lang) || empty(form, "role", lang) {
                return Submitted::Refused;
            }
            let Some(at) = time(form, "at", lang) else {
                return Submitted::Refused;
            };
            if empty(form, "summary", lang) {
                return Submitted::Refused;
            }
            let (item, object_id) = ids(w, pair);
            Submitted::Job(Job::Interview {
                item,
                object_id,
                interview: Interview {
                    who: form.get("who"),
                    role: form.get("role"),
                    at,
                    summary: form.get("summary"),
                },
            })
        }
        Purpose::Bulk { pairs } => {
            let Some(w) = w else { return Submitted::Refused };
            bulk_confirm(form, w, &pairs, lang)
        }
        Purpose::Details => {
            let mut changes = Vec::new();
            for f in &form.fields {
                let value = f.value();
                if let Err(e) = crate::domain::details::check(f.key, &value) {
                    let why = if zh(lang) { detail_zh(&e) } else { e.to_string() };
                    form.refuse(f.key, why);
                    return Submitted::Refused;
                }
                let before = w.map(|w| w.snapshot.details.get(f.key)).unwrap_or("");
                if value.trim() != before {
                    changes.push((f.key.to_string(), value));
                }
            }
            Submitted::Job(Job::SetDetails(changes))
        }
        Purpose::CategoryTexts { pack, code } => Submitted::Job(Job::SetDetails(
            form.fields
                .iter()
                .map(|f| (format!("category.{pack}/{code}.{}", f.key), f.value()))
                .collect(),
        )),
        Purpose::FindingTexts { item, object } => Submitted::Job(Job::SetDetails(
            form.fields
                .iter()
                .map(|f| (format!("finding.{item}@{object}.{}", f.key), f.value()))
                .collect(),
        )),
    }
}

/// A detail's refusal in Chinese.
fn detail_zh(e: &crate::domain::details::DetailViolation) -> String {
    use crate::domain::details::DetailViolation::*;
    match e {
        Date { value, .. } => format!("「{value}」不是日期（示例：2026-12-01）"),
        TimeZone { value, .. } => format!("「{value}」不是时区（示例：Asia/Shanghai）"),
        Choice { value, accepted, .. } => format!("「{value}」不在可选值 {accepted} 中"),
        OneLine { .. } => "只能填写一行".into(),
        Unknown(k, _) => format!("未知的报告信息项 {k}"),
    }
}

fn ids(w: &Workspace, pair: usize) -> (String, i64) {
    let p = &w.analysis.pairs[pair];
    (
        w.snapshot.items[p.item].id.clone(),
        w.snapshot.objects[p.object].id,
    )
}

fn bulk_confirm(form: &mut Form, w: &Workspace, pairs: &[usize], lang: Lang) -> Submitted {
    if pairs.is_empty() {
        let why = pick(
            lang,
            "没有已标记的对象：在对象窗格按 Space 标记，* 标记同类型对象",
            "No object is marked: Space marks one in the objects pane, * all of its kind",
        );
        form.refuse("verdict", why.to_string());
        return Submitted::Refused;
    }
    let record = form.get("record");
    let update = ResultUpdate {
        verdict: form.get("verdict").parse::<Verdict>().ok(),
        record: (!record.trim().is_empty()).then_some(record),
        risk: form.get("risk").parse::<Risk>().ok(),
        ..Default::default()
    };
    if update == ResultUpdate::default() {
        form.refuse(
            "verdict",
            pick(lang, "没有要应用的更改", "Nothing to apply").to_string(),
        );
        return Submitted::Refused;
    }
    // Every pair must take the change; the first that cannot is named.
    for &n in pairs {
        let p = &w.analysis.pairs[n];
        let base = w.result(p.item, p.object).cloned().unwrap_or_else(|| {
            crate::domain::result::ResultState::unassessed(
                &w.snapshot.items[p.item].id,
                w.snapshot.objects[p.object].id,
            )
        });
        if let Err(v) = update.apply(base) {
            let why = format!(
                "{}: {}",
                w.snapshot.objects[p.object].name,
                crate::tui::phrase::violation(&v, lang)
            );
            form.refuse("risk", why);
            return Submitted::Refused;
        }
    }
    let links = if form.flag("links") {
        let first = pairs.first().map(|&n| &w.analysis.pairs[n]);
        match (first, w.selected_pair().map(|n| &w.analysis.pairs[n])) {
            (_, Some(sel)) => w.evidence_of(sel.item, sel.object),
            (Some(p), None) => w.evidence_of(p.item, p.object),
            (None, None) => Vec::new(),
        }
    } else {
        Vec::new()
    };
    let changed = pairs
        .iter()
        .filter(|&&n| {
            let a = &w.analysis.pairs[n].assessment;
            update.verdict.is_some_and(|v| v != a.verdict)
                || update.record.as_ref().is_some_and(|r| *r != a.record)
                || update.risk.is_some_and(|r| Some(r) != a.risk)
        })
        .count();
    let differing = pairs
        .iter()
        .filter(|&&n| {
            let v = w.analysis.pairs[n].assessment.verdict;
            v != Verdict::NotAssessed && update.verdict.is_some_and(|u| u != v)
        })
        .count();
    let question = if zh(lang) {
        let mut q = vec![format!("将更改 {changed} 个结果（共标记 {} 个）。", pairs.len())];
        if differing > 0 {
            q.push(format!("其中 {differing} 个原先已有不同的结果，将被覆盖。"));
        }
        if !links.is_empty() {
            q.push(format!("每个结果关联 {} 份证据。", links.len()));
        }
        q.push("按 u 可整体撤销。应用吗？(y/n)".into());
        q
    } else {
        let mut q = vec![format!("{changed} results change ({} marked).", pairs.len())];
        if differing > 0 {
            q.push(format!(
                "{differing} of them had a different verdict, which is replaced."
            ));
        }
        if !links.is_empty() {
            q.push(format!("Each is linked to {} pieces of evidence.", links.len()));
        }
        q.push("u undoes the whole change. Apply? (y/n)".into());
        q
    };
    Submitted::Confirm(Confirm {
        question,
        then: Then::Bulk {
            pairs: pairs.to_vec(),
            update,
            links,
        },
    })
}

fn new_engagement_job(form: &mut Form, lang: Lang) -> Submitted {
    let file = PathBuf::from(form.get("file"));
    let raw = form.get("file");
    if raw.is_empty() || raw.ends_with(std::path::MAIN_SEPARATOR) || file.is_dir() {
        let why = pick(
            lang,
            "请给出文件名，例如 D:\\测评\\his-2026.dengbao",
            "Give a file name, e.g. ~/evaluations/his-2026.dengbao",
        );
        form.refuse("file", why.to_string());
        return Submitted::Refused;
    }
    if file.exists() {
        let why = if zh(lang) {
            format!("{raw}：文件已存在，不会覆盖")
        } else {
            format!("{raw}: exists already; nothing is overwritten")
        };
        form.refuse("file", why);
        return Submitted::Refused;
    }
    if let Some(parent) = file.parent()
        && !parent.as_os_str().is_empty()
        && !parent.is_dir()
    {
        let why = if zh(lang) {
            format!("{}：文件夹不存在", parent.display())
        } else {
            format!("{}: no such folder", parent.display())
        };
        form.refuse("file", why);
        return Submitted::Refused;
    }
    if empty(form, "system", lang) || empty(form, "org", lang) {
        return Submitted::Refused;
    }
    let level: u8 = form.get("level").parse().unwrap_or(3);
    let grade = form.get("grade").parse::<HospitalGrade>().ok();
    let file = if file.extension().is_none() {
        file.with_extension("dengbao")
    } else {
        file
    };
    Submitted::Job(Job::Create {
        path: file,
        new: NewEngagement {
            system: form.get("system"),
            org: form.get("org"),
            level,
            hospital_grade: grade,
            extensions: Extensions {
                cloud: form.flag("cloud"),
                mobile: form.flag("mobile"),
                iot: form.flag("iot"),
            },
        },
        agency: form.get("agency"),
        evaluators: form.get("evaluators"),
    })
}

fn object_job(form: &mut Form, w: Option<&Workspace>, lang: Lang) -> Submitted {
    if empty(form, "name", lang) {
        return Submitted::Refused;
    }
    let Ok(kind) = form.get("kind").parse::<ObjectKind>() else {
        form.refuse("kind", pick(lang, "请选择类型", "Choose a kind").to_string());
        return Submitted::Refused;
    };
    let name = form.get("name");
    let editing = match &form.purpose {
        Purpose::EditObject { object } => w.and_then(|w| w.snapshot.objects.get(*object)),
        _ => None,
    };
    if let Some(w) = w
        && w.snapshot
            .objects
            .iter()
            .any(|o| o.name == name && editing.is_none_or(|e| e.id != o.id))
    {
        let why = if zh(lang) {
            format!("已有名为「{name}」的测评对象")
        } else {
            format!("an object named '{name}' exists already")
        };
        form.refuse("name", why);
        return Submitted::Refused;
    }
    let new = NewObject {
        kind,
        name,
        detail: form.get("detail"),
        profile: Profile {
            ip: form.get("ip"),
            os: form.get("os"),
            location: form.get("location"),
            importance: form.get("importance").parse::<Importance>().ok(),
            purpose: form.get("purpose"),
            group: form.get("group"),
        },
    };
    match editing {
        Some(o) => Submitted::Job(Job::EditObject {
            name: o.name.clone(),
            new,
        }),
        None => Submitted::Job(Job::AddObject(new)),
    }
}

/// The report's details the front matter and chapters need.
pub fn details(w: &Workspace, lang: Lang) -> Overlay {
    use crate::domain::details::{DETAILS, Form as DetailForm};
    let fields = DETAILS
        .iter()
        .map(|d| {
            let value = w.snapshot.details.get(d.key);
            match d.form {
                DetailForm::Lines => FormField::lines(d.key, d.label(lang), value),
                _ => FormField::line(d.key, d.label(lang), value),
            }
        })
        .collect();
    Overlay::Form(Box::new(
        Form::new(
            Purpose::Details,
            pick(lang, "报告信息", "Report details"),
            fields,
            lang,
        )
        .with_hint(pick(
            lang,
            "日期写作 2026-12-01；人员、文档每行一条，用｜分隔两栏。",
            "Dates as 2026-12-01; staff and documents one per line, two columns split by |.",
        )),
    ))
}

/// A category's texts for chapter 3: the existing measures and the main problems (the
/// report lists the category's findings where the problems are not typed).
pub fn category_texts(w: &Workspace, item: usize, lang: Lang) -> Overlay {
    use crate::domain::details::CATEGORY_PARTS;
    let it = &w.snapshot.items[item];
    let (pack, code) = (it.pack.clone(), it.category.clone());
    let fields = CATEGORY_PARTS
        .iter()
        .map(|(key, zh, en)| {
            let value = w.snapshot.details.category(&pack, &code, key);
            FormField::lines(key, if lang == Lang::Zh { zh } else { en }, value)
        })
        .collect();
    let name = w
        .analysis
        .categories
        .iter()
        .find(|c| c.pack == pack && c.code == code)
        .map(|c| c.name.get(lang).to_string())
        .unwrap_or_default();
    Overlay::Form(Box::new(Form::new(
        Purpose::CategoryTexts {
            pack,
            code: code.clone(),
        },
        format!("{code} {name}"),
        fields,
        lang,
    )))
}

/// A finding's texts for chapter 5.
pub fn finding_texts(w: &Workspace, item: usize, object: usize, lang: Lang) -> Overlay {
    use crate::domain::details::FINDING_PARTS;
    let item_id = w.snapshot.items[item].id.clone();
    let o = &w.snapshot.objects[object];
    let uid = o.uid.to_string();
    let fields = FINDING_PARTS
        .iter()
        .map(|(key, zh, en)| {
            let value = w.snapshot.details.finding(&item_id, &uid, key);
            FormField::lines(key, if lang == Lang::Zh { zh } else { en }, value)
        })
        .collect();
    let title = format!("{} @ {}", item_id, o.name);
    Overlay::Form(Box::new(Form::new(
        Purpose::FindingTexts {
            item: item_id,
            object: uid,
        },
        title,
        fields,
        lang,
    )))
}

/// The field of a form a worker's refusal is about, to show it there.
pub fn refusal(e: &OpsError) -> Option<&'static str> {
    let field = match e {
        OpsError::Empty(f) => *f,
        OpsError::Info(_) => return Some("agency"),
        OpsError::Object(_) => Field::ObjectName,
        OpsError::Store(crate::store::StoreError::Exists { .. }) => Field::File,
        _ => return None,
    };
    Some(match field {
        Field::File => "file",
        Field::System => "system",
        Field::Org => "org",
        Field::Level => "level",
        Field::ObjectName | Field::Object => "name",
        Field::Who => "who",
        Field::Role => "role",
        Field::At => "at",
        Field::Summary => "summary",
        Field::Where => "where",
        Field::What => "what",
        Field::Text => "text",
        _ => return None,
    })
}

/// The confirmation before removing an object: what goes with it.
pub fn remove_object(w: &Workspace, at: usize, lang: Lang) -> Result<Confirm, String> {
    let o = &w.snapshot.objects[at];
    if o.system_level {
        return Err(if zh(lang) {
            format!("「{}」是系统级对象，每个测评都保留它", o.name)
        } else {
            format!(
                "'{}' is a system-level object and stays in every engagement",
                o.name
            )
        });
    }
    let results = w.snapshot.results.iter().filter(|r| r.object_id == o.id).count();
    let links: usize = w
        .snapshot
        .evidence
        .iter()
        .map(|e| e.links.iter().filter(|l| l.object_uid == o.uid).count())
        .sum();
    let question = if zh(lang) {
        vec![
            format!("移除测评对象「{}」？", o.name),
            format!("将一并移除 {results} 个结果和 {links} 个证据关联（历史保留在审计日志中）。"),
            "此操作不能用 u 撤销。确定吗？(y/n)".into(),
        ]
    } else {
        vec![
            format!("Remove the object '{}'?", o.name),
            format!(
                "{results} results and {links} evidence links go with it (their history stays in the audit log)."
            ),
            "This cannot be undone with u. Remove? (y/n)".into(),
        ]
    };
    Ok(Confirm {
        question,
        then: Then::RemoveObject { name: o.name.clone() },
    })
}
