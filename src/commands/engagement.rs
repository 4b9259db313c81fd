//! Commands on an engagement file: new, asset, set, status, check.

use std::io::Write;
use std::path::Path;

use super::scope::{find_item, find_object};
use super::{CHECK_FAILED, Exit, OK, stdio};
use crate::catalog::Catalog;
use crate::cli::{AssetCommand, DemoArgs, FileJsonArgs, InfoArgs, NewArgs, SetArgs, StatusArgs};
use crate::demo::{DemoOptions, generate};
use crate::domain::Lang;
use crate::error::{Error, Result};
use crate::store::carry::{Carried, CarriedFrom};
use crate::store::{Access, EngagementInfo, ResultUpdate, Store, default_actor};
use crate::summary::{EngagementData, Status};

pub fn new(catalog: &Catalog, args: NewArgs, out: &mut dyn Write) -> Result<Exit> {
    for (flag, value) in [("--system", &args.system), ("--org", &args.org)] {
        if value.trim().is_empty() {
            return Err(Error::input(format!("{flag} is empty")));
        }
    }
    let new = catalog
        .engagement_scope(
            &args.system,
            &args.org,
            args.level,
            args.hospital_grade,
            args.cloud,
        )
        .map_err(Error::Input)?;
    let store = Store::create(&args.file, &new, &default_actor())?;
    let objects = store.objects()?;
    writeln!(out, "created {}", args.file.display()).map_err(stdio)?;
    for p in new
        .packs
        .iter()
        .filter(|p| p.role != crate::domain::PackRole::Reference)
    {
        let n = new.items.iter().filter(|i| i.pack == p.id).count();
        writeln!(out, "  {} {}: {n} items", p.id, p.version).map_err(stdio)?;
    }
    let names: Vec<String> = objects
        .iter()
        .map(|o| format!("{} ({})", o.name, o.kind))
        .collect();
    writeln!(out, "  objects: {}", names.join(", ")).map_err(stdio)?;
    writeln!(
        out,
        "next: dengbao asset add {} --kind KIND --name NAME",
        args.file.display()
    )
    .map_err(stdio)?;
    Ok(OK)
}

pub fn demo(catalog: &Catalog, args: DemoArgs, out: &mut dyn Write) -> Result<Exit> {
    let opts = DemoOptions {
        objects: args.objects,
        evidence: args.evidence,
        assessed: args.assessed,
        seed: args.seed,
    };
    let summary = generate(catalog, &args.file, opts, &default_actor())?;
    writeln!(
        out,
        "wrote {}: {} objects, {} results, {} pieces of evidence",
        args.file.display(),
        summary.objects,
        summary.results,
        summary.evidence
    )
    .map_err(stdio)?;
    writeln!(out, "next: dengbao status {}", args.file.display()).map_err(stdio)?;
    Ok(OK)
}

pub fn carry_forward(catalog: &Catalog, old: &Path, new: &Path, out: &mut dyn Write) -> Result<Exit> {
    let last = Store::open(old, Access::Read, &default_actor())?;
    let e = last.engagement()?;
    let mut scope = catalog
        .engagement_scope(&e.system, &e.org, e.level, e.hospital_grade, e.cloud)
        .map_err(Error::Input)?;
    scope.objects = last
        .objects()?
        .into_iter()
        .filter(|o| !o.system_level)
        .map(|o| (o.kind, o.name, o.detail))
        .collect();
    let (_, audit_head) = last.audit_head()?;
    let findings = last.findings_for_carry()?;
    scope.carried = Some(Carried {
        from: CarriedFrom {
            path: old.display().to_string(),
            system: e.system.clone(),
            report_id: e.report_id.clone(),
            starts_on: e.starts_on.clone(),
            ends_on: e.ends_on.clone(),
            audit_head,
        },
        findings,
    });
    let store = Store::create(new, &scope, &default_actor())?;
    let carried = store.carried()?.map(|c| c.findings.len()).unwrap_or(0);
    writeln!(
        out,
        "created {} from {}: {} objects carried over, {carried} previous findings to follow up",
        new.display(),
        old.display(),
        scope.objects.len()
    )
    .map_err(stdio)?;
    Ok(OK)
}

pub fn info(args: InfoArgs, out: &mut dyn Write) -> Result<Exit> {
    let changes = args.agency.is_some()
        || args.evaluators.is_some()
        || args.report_id.is_some()
        || args.starts_on.is_some()
        || args.ends_on.is_some()
        || args.rule_set.is_some();
    let access = if changes { Access::Write } else { Access::Read };
    let mut store = Store::open(&args.file, access, &default_actor())?;
    let mut info = EngagementInfo::of(&store.engagement()?);
    if changes {
        let keep = |new: Option<String>, old: &mut String| {
            if let Some(v) = new {
                *old = v.trim().to_string();
            }
        };
        keep(args.agency, &mut info.agency);
        keep(args.evaluators, &mut info.evaluators);
        keep(args.report_id, &mut info.report_id);
        keep(args.starts_on, &mut info.starts_on);
        keep(args.ends_on, &mut info.ends_on);
        if let Some(r) = args.rule_set {
            info.rule_set = r;
        }
        if !info.starts_on.is_empty() && !info.ends_on.is_empty() && info.ends_on < info.starts_on {
            return Err(Error::input(format!(
                "--ends-on {} is before --starts-on {}",
                info.ends_on, info.starts_on
            )));
        }
        store.set_engagement_info(&info)?;
    }
    let e = store.engagement()?;
    if args.json {
        writeln!(out, "{}", to_json(&e)?).map_err(stdio)?;
        return Ok(OK);
    }
    let or_dash = |s: &str| {
        if s.is_empty() {
            "—".to_string()
        } else {
            s.to_string()
        }
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
        writeln!(out, "{label:<15} {}", or_dash(&value)).map_err(stdio)?;
    }
    Ok(OK)
}

pub fn asset(cmd: AssetCommand, out: &mut dyn Write) -> Result<Exit> {
    match cmd {
        AssetCommand::Add(args) => {
            let mut store = Store::open(&args.file, Access::Write, &default_actor())?;
            let object = store.add_object(args.kind, &args.name, &args.detail)?;
            writeln!(out, "added {} '{}' (id {})", object.kind, object.name, object.id).map_err(stdio)?;
            Ok(OK)
        }
        AssetCommand::List(FileJsonArgs { file, json }) => {
            let store = Store::open(&file, Access::Read, &default_actor())?;
            let objects = store.objects()?;
            if json {
                writeln!(out, "{}", to_json(&objects)?).map_err(stdio)?;
                return Ok(OK);
            }
            for o in &objects {
                let system = if o.system_level { " [system]" } else { "" };
                writeln!(
                    out,
                    "{:>4}  {:<16} {}{}  {}",
                    o.id,
                    o.kind.as_str(),
                    o.name,
                    system,
                    o.detail
                )
                .map_err(stdio)?;
            }
            Ok(OK)
        }
    }
}

pub fn set(catalog: impl FnOnce() -> Result<Catalog>, args: SetArgs, out: &mut dyn Write) -> Result<Exit> {
    let mut store = Store::open(&args.file, Access::Write, &default_actor())?;
    let engagement = store.engagement()?;
    let items = store.items()?;
    let objects = store.objects()?;
    let item = &items[find_item(&items, &args.item, engagement.level, catalog)?];
    let object = &objects[find_object(&objects, item, args.asset.as_deref())?];
    if let Some(case) = &args.high_risk_case
        && !store.cases()?.iter().any(|c| &c.id == case)
    {
        return Err(Error::input(format!("unknown high-risk case '{case}'")));
    }
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
    let row = store.set_result(&item.id, object.id, &object.name, &update)?;
    writeln!(
        out,
        "{} @ {}: {} ({})",
        item.id,
        object.name,
        row.verdict,
        row.verdict.label(Lang::Zh)
    )
    .map_err(stdio)?;
    Ok(OK)
}

pub fn status(args: StatusArgs, out: &mut dyn Write) -> Result<Exit> {
    let store = Store::open(&args.file, Access::Read, &default_actor())?;
    let data = EngagementData::load(&store)?;
    let status = data.status();
    if args.json {
        writeln!(out, "{}", to_json(&status)?).map_err(stdio)?;
    } else {
        print_status(&status, &args.file.display().to_string(), out).map_err(stdio)?;
    }
    Ok(OK)
}

pub fn check(args: FileJsonArgs, out: &mut dyn Write) -> Result<Exit> {
    let store = Store::open(&args.file, Access::Read, &default_actor())?;
    let problems = EngagementData::load(&store)?.gate_problems();
    if args.json {
        writeln!(out, "{}", to_json(&problems)?).map_err(stdio)?;
    } else {
        for p in &problems {
            writeln!(
                out,
                "{:<12} {}  {}",
                p.item,
                p.object,
                p.problem.describe(Lang::En)
            )
            .map_err(stdio)?;
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
            .map_err(stdio)?;
        } else {
            writeln!(
                out,
                "gate failed: {} problems ({})",
                problems.len(),
                parts.join(", ")
            )
            .map_err(stdio)?;
        }
    }
    Ok(if problems.is_empty() { OK } else { CHECK_FAILED })
}

fn print_status(s: &Status, file: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let e = &s.engagement;
    let grade = e
        .hospital_grade
        .as_deref()
        .map(|g| format!(", hospital grade {g}"))
        .unwrap_or_default();
    let cloud = if e.cloud { ", cloud" } else { "" };
    writeln!(out, "{} — {} (level {}{grade}{cloud})", e.system, e.org, e.level)?;
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

pub(super) fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value).map_err(|e| Error::input(format!("cannot encode JSON: {e}")))
}
