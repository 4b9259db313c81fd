//! Commands on an engagement file: new, demo, carry-forward, info, asset, set, status,
//! check.

use std::io::Write;
use std::path::Path;

use super::args::{AssetCommand, CheckArgs, DemoArgs, FileJsonArgs, InfoArgs, NewArgs, SetArgs, StatusArgs};
use super::text::{self, plain, to_json};
use super::{CHECK_FAILED, Error, Exit, OK, Result};
use crate::catalog::{Catalog, Extensions};
use crate::demo::{DemoOptions, generate};
use crate::domain::analysis::{Analysis, Status};
use crate::domain::object::{NewObject, Profile};
use crate::domain::result::ResultUpdate;
use crate::domain::snapshot::Snapshot;
use crate::domain::{Lang, PackRole};
use crate::ops;
use crate::ops::engagement::{InfoChanges, NewEngagement};
use crate::store::{Access, Store, default_actor};

pub fn new(catalog: &Catalog, args: NewArgs, out: &mut dyn Write) -> Result<Exit> {
    let new = NewEngagement {
        system: args.system,
        org: args.org,
        level: args.level,
        hospital_grade: args.hospital_grade,
        extensions: Extensions {
            cloud: args.cloud,
            mobile: args.mobile,
            iot: args.iot,
        },
    };
    let store = ops::engagement::create(catalog, &args.file, &new, &default_actor())?;
    let objects = store.objects()?;
    let packs = store.packs()?;
    let items = store.items()?;
    writeln!(out, "created {}", args.file.display()).map_err(Error::stdio)?;
    for p in packs.iter().filter(|p| p.role != PackRole::Reference) {
        let n = items.iter().filter(|i| i.pack == p.id).count();
        writeln!(out, "  {} {}: {n} items", p.id, p.version).map_err(Error::stdio)?;
    }
    let names: Vec<String> = objects
        .iter()
        .map(|o| format!("{} ({})", plain(&o.name), o.kind))
        .collect();
    writeln!(out, "  objects: {}", names.join(", ")).map_err(Error::stdio)?;
    writeln!(
        out,
        "next: dengbao asset add {} --kind KIND --name NAME",
        args.file.display()
    )
    .map_err(Error::stdio)?;
    Ok(OK)
}

pub fn demo(catalog: &Catalog, args: DemoArgs, out: &mut dyn Write) -> Result<Exit> {
    if args.assessed > 100 {
        return Err(Error::usage(format!(
            "--assessed {} is not a percentage (0-100)",
            args.assessed
        )));
    }
    let minimum = crate::demo::minimum_objects();
    if args.objects < minimum {
        return Err(Error::usage(format!(
            "--objects {} is too few: the sample needs at least {minimum}",
            args.objects
        )));
    }
    let opts = DemoOptions {
        objects: args.objects,
        evidence: args.evidence,
        assessed: args.assessed,
        seed: args.seed,
    };
    let spinner = super::text::spinner("demo");
    let summary = generate(catalog, &args.file, opts, &default_actor());
    spinner.finish_and_clear();
    let summary = summary?;
    writeln!(
        out,
        "wrote {}: {} objects, {} results, {} pieces of evidence",
        args.file.display(),
        summary.objects,
        summary.results,
        summary.evidence
    )
    .map_err(Error::stdio)?;
    writeln!(out, "next: dengbao status {}", args.file.display()).map_err(Error::stdio)?;
    Ok(OK)
}

pub fn carry_forward(catalog: &Catalog, old: &Path, new: &Path, out: &mut dyn Write) -> Result<Exit> {
    let done = ops::engagement::carry_forward(catalog, old, new, &default_actor())?;
    writeln!(
        out,
        "created {} from {}: {} objects carried over, {} previous findings to follow up",
        new.display(),
        old.display(),
        done.objects,
        done.findings
    )
    .map_err(Error::stdio)?;
    Ok(OK)
}

pub fn info(args: InfoArgs, out: &mut dyn Write) -> Result<Exit> {
    let changes = InfoChanges {
        agency: args.agency,
        evaluators: args.evaluators,
        report_id: args.report_id,
        starts_on: args.starts_on,
        ends_on: args.ends_on,
        rule_set: args.rule_set,
    };
    let mut details = args.set;
    details.extend(args.time_zone.map(|z| ("time-zone".to_string(), z)));
    details.extend(args.template.map(|t| ("template".to_string(), t)));
    let store = if changes.is_empty() && details.is_empty() {
        Store::open(&args.file, Access::Read, &default_actor())?
    } else {
        let mut store = Store::open(&args.file, Access::Write, &default_actor())?;
        // Checked before anything is written: a bad detail leaves the cover as it was.
        if !details.is_empty() {
            ops::engagement::set_details(&mut store, &details)?;
        }
        if !changes.is_empty() {
            ops::engagement::set_info(&mut store, changes)?;
        }
        store
    };
    let e = store.engagement()?;
    let d = store.details()?;
    if args.json {
        let mut value = serde_json::to_value(&e).map_err(|e| Error::usage(e.to_string()))?;
        value["details"] = serde_json::to_value(&d.0).unwrap_or_default();
        writeln!(out, "{}", to_json(&value)).map_err(Error::stdio)?;
        return Ok(OK);
    }
    let or_dash = |s: &str| {
        if s.is_empty() { "—".to_string() } else { plain(s) }
    };
    for (label, value) in [
        ("system", e.system.clone()),
        ("org", e.org.clone()),
        ("level", e.level.to_string()),
        (
            "hospital grade",
            e.hospital_grade
                .map(|g| g.as_str().to_string())
                .unwrap_or_default(),
        ),
        ("agency", e.agency.clone()),
        ("evaluators", e.evaluators.clone()),
        ("report id", e.report_id.clone()),
        (
            "on site",
            format!("{} — {}", or_dash(&e.starts_on), or_dash(&e.ends_on)),
        ),
        ("rule set", e.rule_set.as_str().to_string()),
    ] {
        writeln!(out, "{label:<15} {}", or_dash(&value)).map_err(Error::stdio)?;
    }
    writeln!(out, "\nreport details (--set NAME=VALUE):").map_err(Error::stdio)?;
    for detail in crate::domain::details::DETAILS {
        writeln!(
            out,
            "  {:<24} {}  ({})",
            detail.key,
            or_dash(&text::one_line(d.get(detail.key))),
            detail.en
        )
        .map_err(Error::stdio)?;
    }
    let objects = store.objects()?;
    for (key, value) in
        d.0.iter()
            .filter(|(k, _)| k.starts_with("category.") || k.starts_with("finding."))
    {
        // Findings are shown by object name, as they are set.
        let shown = objects
            .iter()
            .find(|o| key.contains(&format!("@{}.", o.uid)))
            .map(|o| key.replace(o.uid.as_str(), &o.name))
            .unwrap_or_else(|| key.clone());
        writeln!(out, "  {:<24} {}", plain(&shown), plain(&text::one_line(value))).map_err(Error::stdio)?;
    }
    Ok(OK)
}

/// Objects with SMC results on items that do not apply to the system-level centre yet
/// (an engagement made before it), with how many each has.
fn smc_holders(store: &Store) -> Result<Option<Vec<(String, usize)>>> {
    use crate::domain::ObjectKind;
    let items = store.items()?;
    let stale: std::collections::HashSet<&str> = items
        .iter()
        .filter(|i| i.category == "SMC" && !i.applies_to.contains(&ObjectKind::ManagementCentre))
        .map(|i| i.id.as_str())
        .collect();
    if stale.is_empty() {
        return Ok(None);
    }
    let objects = store.objects()?;
    let mut holders: std::collections::BTreeMap<String, usize> = Default::default();
    for r in store.results()? {
        if stale.contains(r.item_id.as_str())
            && r.verdict != crate::domain::Verdict::NotAssessed
            && let Some(o) = objects.iter().find(|o| o.id == r.object_id)
        {
            *holders.entry(o.name.clone()).or_default() += 1;
        }
    }
    Ok(Some(holders.into_iter().collect()))
}

fn move_smc(file: &std::path::Path, from: Option<String>, out: &mut dyn Write) -> Result<Exit> {
    let mut store = Store::open(file, Access::Write, &default_actor())?;
    let Some(holders) = smc_holders(&store)? else {
        writeln!(
            out,
            "nothing to move: the SMC items apply to 安全管理中心 already"
        )
        .map_err(Error::stdio)?;
        return Ok(OK);
    };
    let names: Vec<String> = holders
        .iter()
        .map(|(n, c)| format!("{} ({c})", plain(n)))
        .collect();
    let from = match (from, holders.len()) {
        (Some(name), _) => Some(name),
        (None, 0) => None,
        (None, 1) => Some(holders[0].0.clone()),
        (None, _) => {
            return Err(Error::usage(format!(
                "SMC results are recorded on several objects: {}; choose the one whose results 安全管理中心 takes with --from NAME",
                names.join(", ")
            )));
        }
    };
    let from_id = match &from {
        Some(name) => Some(
            store
                .objects()?
                .into_iter()
                .find(|o| &o.name == name)
                .map(|o| o.id)
                .ok_or_else(|| Error::usage(format!("--from {}: no such object", plain(name))))?,
        ),
        None => None,
    };
    let moved = store.move_smc(from_id)?;
    writeln!(out, "{} SMC items now apply to 安全管理中心", moved.items).map_err(Error::stdio)?;
    if let Some(name) = from {
        writeln!(
            out,
            "{} results taken from {} (its own results stay, out of scope)",
            moved.results,
            plain(&name)
        )
        .map_err(Error::stdio)?;
    }
    Ok(OK)
}

pub fn asset(cmd: AssetCommand, out: &mut dyn Write) -> Result<Exit> {
    match cmd {
        AssetCommand::MoveSmc { file, from } => move_smc(&file, from, out),
        AssetCommand::Add(args) => {
            let mut store = Store::open(&args.file, Access::Write, &default_actor())?;
            let p = args.profile;
            let new = NewObject {
                kind: args.kind,
                name: args.name,
                detail: args.detail,
                profile: Profile {
                    ip: p.ip,
                    os: p.os,
                    location: p.location,
                    importance: p.importance,
                    purpose: p.purpose,
                    group: p.group,
                },
            };
            let object = ops::objects::add(&mut store, &new)?;
            writeln!(
                out,
                "added {} '{}' (id {})",
                object.kind,
                plain(&object.name),
                object.id
            )
            .map_err(Error::stdio)?;
            Ok(OK)
        }
        AssetCommand::Edit(a) => {
            let mut store = Store::open(&a.file, Access::Write, &default_actor())?;
            let Some(current) = store.objects()?.into_iter().find(|o| o.name == a.name) else {
                // The same "unknown object" sentence as elsewhere, with the closest names.
                ops::objects::edit(&mut store, &a.name, &placeholder())?;
                return Ok(OK);
            };
            let p = current.profile.clone();
            let keep = |new: Option<String>, old: String| new.unwrap_or(old);
            let new = NewObject {
                kind: a.kind.unwrap_or(current.kind),
                name: keep(a.new_name, current.name.clone()),
                detail: keep(a.detail, current.detail.clone()),
                profile: Profile {
                    ip: keep(a.ip, p.ip),
                    os: keep(a.os, p.os),
                    location: keep(a.location, p.location),
                    importance: a.importance.or(p.importance),
                    purpose: keep(a.purpose, p.purpose),
                    group: keep(a.group, p.group),
                },
            };
            let object = ops::objects::edit(&mut store, &a.name, &new)?;
            writeln!(out, "changed {} '{}'", object.kind, plain(&object.name)).map_err(Error::stdio)?;
            Ok(OK)
        }
        AssetCommand::Remove { file, name, force } => {
            let mut store = Store::open(&file, Access::Write, &default_actor())?;
            let gone = ops::objects::remove(&mut store, &name, force)?;
            writeln!(
                out,
                "removed '{}' with {} results and {} evidence links",
                plain(&name),
                gone.results,
                gone.links
            )
            .map_err(Error::stdio)?;
            Ok(OK)
        }
        AssetCommand::List(FileJsonArgs { file, json }) => {
            let store = Store::open(&file, Access::Read, &default_actor())?;
            let objects = store.objects()?;
            if json {
                writeln!(out, "{}", to_json(&objects)).map_err(Error::stdio)?;
                return Ok(OK);
            }
            for o in &objects {
                let system = if o.system_level { " [system]" } else { "" };
                writeln!(
                    out,
                    "{:>4}  {:<17} {}{}  {}",
                    o.id,
                    o.kind.as_str(),
                    plain(&o.name),
                    system,
                    plain(&o.detail)
                )
                .map_err(Error::stdio)?;
            }
            Ok(OK)
        }
    }
}

pub fn set(catalog: impl FnOnce() -> Option<Catalog>, args: SetArgs, out: &mut dyn Write) -> Result<Exit> {
    let mut store = Store::open(&args.file, Access::Write, &default_actor())?;
    let pair = ops::results::pair(&store, &args.item, args.asset.as_deref(), catalog)?;
    let update = ResultUpdate {
        verdict: Some(args.verdict),
        record: args.record,
        risk: args.risk,
        na_reason: args.reason,
        high_risk_case: args.high_risk_case,
        major_hidden_risk: args.major.then_some(true),
        corrected_verdict: args.corrected,
        correction_rationale: args.rationale,
        remediation: args.remediation,
        remediated: args.remediated.then_some(true),
    };
    let row = ops::results::set(&mut store, &pair, &update)?;
    writeln!(
        out,
        "{} @ {}: {} ({})",
        pair.item.id,
        plain(&pair.object.name),
        row.verdict,
        row.verdict.label(Lang::Zh)
    )
    .map_err(Error::stdio)?;
    Ok(OK)
}

pub fn status(args: StatusArgs, out: &mut dyn Write) -> Result<Exit> {
    let store = Store::open(&args.file, Access::Read, &default_actor())?;
    let snapshot = Snapshot::load(&store)?;
    let status = Status::of(&snapshot, &Analysis::of(&snapshot));
    if args.json {
        writeln!(out, "{}", to_json(&status)).map_err(Error::stdio)?;
    } else {
        print_status(&status, &args.file.display().to_string(), out).map_err(Error::stdio)?;
    }
    Ok(OK)
}

pub fn check(args: CheckArgs, out: &mut dyn Write) -> Result<Exit> {
    let store = Store::open(&args.file, Access::Read, &default_actor())?;
    let snapshot = Snapshot::load(&store)?;
    let analysis = Analysis::of(&snapshot);
    let problems = analysis.gate_problems();
    let report = if args.report {
        crate::report::check::check(&snapshot, &analysis)
    } else {
        Vec::new()
    };
    if args.json {
        let value = if args.report {
            serde_json::json!({ "gate": problems, "report": report })
        } else {
            serde_json::to_value(&problems).unwrap_or_default()
        };
        writeln!(out, "{}", to_json(&value)).map_err(Error::stdio)?;
    } else {
        for p in &problems {
            writeln!(
                out,
                "{:<12} {}  {}",
                p.item,
                plain(&p.object),
                p.problem.describe(Lang::En)
            )
            .map_err(Error::stdio)?;
        }
        let mut counts: std::collections::BTreeMap<_, usize> = Default::default();
        for p in &problems {
            *counts.entry(p.problem).or_default() += 1;
        }
        let parts: Vec<String> = counts
            .iter()
            .map(|(k, n)| format!("{n} {}", k.describe(Lang::En)))
            .collect();
        if problems.is_empty() {
            writeln!(
                out,
                "gate passed: every applicable result is assessed and documented"
            )
            .map_err(Error::stdio)?;
        } else {
            writeln!(
                out,
                "gate failed: {} problems ({})",
                problems.len(),
                parts.join(", ")
            )
            .map_err(Error::stdio)?;
        }
        if counts.contains_key(&crate::domain::gate::Problem::MergeConflict) {
            writeln!(
                out,
                "merge conflicts: `dengbao merge {} --take ours|theirs ITEM ASSET` settles one, as does setting the result anew",
                plain(&args.file.display().to_string())
            )
            .map_err(Error::stdio)?;
        }
        if let Some(holders) = smc_holders(&store)? {
            let names: Vec<String> = holders
                .iter()
                .map(|(n, c)| format!("{} ({c})", plain(n)))
                .collect();
            writeln!(
                out,
                "warning: this engagement predates the system-level security management centre: SMC results are on {}; `dengbao asset move-smc {} --from NAME` gives them to 安全管理中心",
                if names.is_empty() { "no object yet".to_string() } else { names.join(", ") },
                args.file.display()
            )
            .map_err(Error::stdio)?;
        }
        if args.report {
            for p in &report {
                writeln!(
                    out,
                    "report: {}: {}",
                    p.rule.describe(Lang::En),
                    plain(&p.subject)
                )
                .map_err(Error::stdio)?;
            }
            if report.is_empty() {
                writeln!(out, "report check passed").map_err(Error::stdio)?;
            } else {
                writeln!(
                    out,
                    "report check failed: {} problems; the report stays a draft",
                    report.len()
                )
                .map_err(Error::stdio)?;
            }
        }
    }
    Ok(if problems.is_empty() && report.is_empty() {
        OK
    } else {
        CHECK_FAILED
    })
}

fn print_status(s: &Status, file: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let e = &s.engagement;
    let grade = e
        .hospital_grade
        .as_deref()
        .map(|g| format!(", hospital grade {g}"))
        .unwrap_or_default();
    let cloud = if e.cloud { ", cloud" } else { "" };
    writeln!(
        out,
        "{} — {} (level {}{grade}{cloud})",
        plain(&e.system),
        plain(&e.org),
        e.level
    )?;
    let p = &s.progress;
    let pct = if p.applicable == 0 {
        0.0
    } else {
        100.0 * p.assessed as f64 / p.applicable as f64
    };
    writeln!(
        out,
        "progress      {}/{} item × object results assessed ({pct:.1} %)",
        p.assessed, p.applicable
    )?;
    let v = &p.by_verdict;
    writeln!(
        out,
        "              compliant {} · partial {} · non-compliant {} · not-applicable {} · not-assessed {}",
        v.compliant, v.partial, v.non_compliant, v.not_applicable, v.not_assessed
    )?;
    match s.compliance_rate {
        Some(r) => writeln!(out, "rate          {r:.2} %")?,
        None => writeln!(out, "rate          — (nothing scored yet)")?,
    }
    let c = &s.conclusion;
    let value = c
        .label
        .as_ref()
        .map(|l| format!("{} {}", l.zh, l.en))
        .unwrap_or_else(|| "—".into());
    let provisional = if c.provisional {
        " (provisional: results still missing)"
    } else {
        ""
    };
    writeln!(
        out,
        "conclusion    {value} under rule set {}{provisional}",
        c.rule_set
    )?;
    let r = &s.risks;
    writeln!(
        out,
        "risks         high {} · medium {} · low {} · major hidden {}",
        r.high, r.medium, r.low, r.major_hidden
    )?;
    if s.gate.passed {
        writeln!(out, "gate          passed")?;
    } else {
        writeln!(
            out,
            "gate          {} problems (dengbao check {file})",
            s.gate.problems
        )?;
    }
    writeln!(out, "categories")?;
    for cat in &s.categories {
        let rate = cat
            .figures
            .compliance_rate
            .map(|r| format!("{r:.2} %"))
            .unwrap_or_else(|| "—".into());
        writeln!(
            out,
            "  {:<20} {:<4} {:>5}/{:<5} {rate}",
            cat.pack, cat.code, cat.figures.assessed, cat.figures.applicable
        )?;
    }
    Ok(())
}

/// An object change that only serves to name an unknown object in the error.
fn placeholder() -> NewObject {
    NewObject {
        kind: crate::domain::ObjectKind::Server,
        name: "-".into(),
        detail: String::new(),
        profile: Profile::default(),
    }
}
