//! Commands about evidence: attach, interview, journal, evidence list/export, verify,
//! bundle, key.

use std::io::Write;

use super::args::{
    AttachArgs, BundleArgs, EvidenceCommand, InterviewArgs, JournalCommand, KeyCommand, TargetArgs,
    VerifyArgs,
};
use super::text::{plain, to_json};
use super::{BAD_INPUT, CHECK_FAILED, Error, Exit, OK, Result};
use crate::catalog::Catalog;
use crate::domain::Lang;
use crate::domain::evidence::{Evidence, Interview, NewJournalEntry};
use crate::domain::hex::short;
use crate::evidence::bundle::{BundleRequest, looks_like_zip, signer, verify_bundle, write_bundle};
use crate::evidence::export::export;
use crate::evidence::keys;
use crate::evidence::verify::{ContentCheck, HeadCheck, verify_engagement};
use crate::ops::attach::{self, AttachOptions};
use crate::ops::results::{Pair, pair};
use crate::ops::{self, OpsError};
use crate::store::{Access, Store, default_actor};

/// Opens the engagement for writing and resolves the item × object evidence goes to.
fn open_target(
    catalog: impl FnOnce() -> Option<Catalog>,
    file: &std::path::Path,
    t: &TargetArgs,
) -> Result<(Store, Pair)> {
    let store = Store::open(file, Access::Write, &default_actor())?;
    let pair = pair(&store, &t.item, t.asset.as_deref(), catalog)?;
    Ok((store, pair))
}

pub fn attach(
    catalog: impl FnOnce() -> Option<Catalog>,
    args: AttachArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Exit> {
    if args.paths.is_empty() && args.text.is_none() {
        return Err(Error::usage("give the files to attach, or --text for a note"));
    }
    let (mut store, pair) = open_target(catalog, &args.file, &args.target)?;
    let tool_report = args.tool_report.map(|kind| crate::domain::evidence::ToolReport {
        kind,
        tool: args.tool.unwrap_or_default(),
    });
    let opts = AttachOptions {
        method: args
            .method
            .or(tool_report.as_ref().map(|_| crate::domain::Method::Test)),
        captured_at: args.captured_at,
        sensitive: args.sensitive,
        note: args.note,
        tool_report,
    };
    if let Some(text) = &args.text {
        let row = attach::text(&mut store, text, &pair, &opts)?;
        print_attached(&row, out)?;
        return Ok(OK);
    }
    let mut failed = 0;
    for path in &args.paths {
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let bar = super::text::bar(size, &plain(&path.display().to_string()));
        let attached = attach::file(&mut store, path, &pair, &opts, &mut |done| {
            bar.set_position(done);
            true
        });
        bar.finish_and_clear();
        match attached {
            Ok(row) => print_attached(&row, out)?,
            Err(e @ OpsError::NotAttachable { .. }) => {
                failed += 1;
                writeln!(err, "error: {}", plain(&e.to_string())).map_err(Error::stdio)?;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(if failed > 0 { BAD_INPUT } else { OK })
}

fn print_attached(row: &Evidence, out: &mut dyn Write) -> Result<()> {
    let link = if row.followed_symlink {
        " (symbolic link followed)"
    } else {
        ""
    };
    writeln!(
        out,
        "attached {} '{}' {} bytes sha256 {}{link}",
        row.id,
        plain(&row.name),
        row.size,
        row.sha256
    )
    .map_err(Error::stdio)
}

pub fn interview(
    catalog: impl FnOnce() -> Option<Catalog>,
    args: InterviewArgs,
    out: &mut dyn Write,
) -> Result<Exit> {
    let (mut store, pair) = open_target(catalog, &args.file, &args.target)?;
    let interview = Interview {
        who: args.who,
        role: args.role,
        at: args.at,
        summary: args.summary,
    };
    let row = attach::interview(&mut store, &interview, &pair)?;
    writeln!(
        out,
        "recorded interview {} '{}' sha256 {}",
        row.id,
        plain(&row.name),
        row.sha256
    )
    .map_err(Error::stdio)?;
    Ok(OK)
}

pub fn journal(cmd: JournalCommand, out: &mut dyn Write) -> Result<Exit> {
    match cmd {
        JournalCommand::Add(args) => {
            let mut store = Store::open(&args.file, Access::Write, &default_actor())?;
            let entry = NewJournalEntry {
                at: args.at,
                kind: "activity".into(),
                who: args.who,
                role: String::new(),
                location: args.place,
                summary: args.what,
            };
            let row = ops::attach::journal(&mut store, &entry)?;
            writeln!(out, "journal entry {} at {}", row.id, row.at).map_err(Error::stdio)?;
            Ok(OK)
        }
        JournalCommand::Edit(args) => {
            let mut store = Store::open(&args.file, Access::Write, &default_actor())?;
            let j = ops::attach::find_journal(&store, &args.id)?;
            let entry = NewJournalEntry {
                at: args.at.unwrap_or(j.at),
                kind: j.kind,
                who: args.who.unwrap_or(j.who),
                role: j.role,
                location: args.place.unwrap_or(j.location),
                summary: args.what.unwrap_or(j.summary),
            };
            let row = ops::attach::edit_journal(&mut store, j.id, &entry)?;
            writeln!(out, "journal entry {} changed", row.id).map_err(Error::stdio)?;
            Ok(OK)
        }
        JournalCommand::List(args) => {
            let store = Store::open(&args.file, Access::Read, &default_actor())?;
            let rows = store.journal()?;
            if args.json {
                writeln!(out, "{}", to_json(&rows)).map_err(Error::stdio)?;
                return Ok(OK);
            }
            for j in &rows {
                writeln!(
                    out,
                    "{}  {}  {}{}  {}",
                    j.at,
                    plain(&j.location),
                    plain(&j.who),
                    if j.role.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", plain(&j.role))
                    },
                    plain(&j.summary)
                )
                .map_err(Error::stdio)?;
            }
            Ok(OK)
        }
    }
}

pub fn evidence(cmd: EvidenceCommand, out: &mut dyn Write) -> Result<Exit> {
    match cmd {
        EvidenceCommand::List(args) => {
            let store = Store::open(&args.file, Access::Read, &default_actor())?;
            let rows = store.evidence()?;
            if args.json {
                writeln!(out, "{}", to_json(&rows)).map_err(Error::stdio)?;
                return Ok(OK);
            }
            for r in &rows {
                let links: Vec<String> = r
                    .links
                    .iter()
                    .map(|l| format!("{} @ {}", l.item, plain(&l.object)))
                    .collect();
                let sensitive = if r.sensitive { " [sensitive]" } else { "" };
                writeln!(
                    out,
                    "{:>4}  {:<9} {}  {:>10}  {}{sensitive}  → {}",
                    r.id,
                    r.kind.as_str(),
                    short(&r.sha256),
                    r.size,
                    plain(&r.name),
                    links.join(", ")
                )
                .map_err(Error::stdio)?;
            }
            Ok(OK)
        }
        EvidenceCommand::Export { file, out: dir } => {
            let store = Store::open(&file, Access::Read, &default_actor())?;
            let summary = export(&store, &dir)?;
            writeln!(
                out,
                "exported {} files ({} bytes) and SHA256SUMS to {}",
                summary.files,
                summary.bytes,
                dir.display()
            )
            .map_err(Error::stdio)?;
            Ok(OK)
        }
    }
}

pub fn verify(args: VerifyArgs, out: &mut dyn Write) -> Result<Exit> {
    if let Some(h) = &args.expect_head
        && !crate::domain::hex::is_sha256(h.trim())
    {
        return Err(Error::usage(format!(
            "--expect-head '{}' is not an audit chain head (64 hex digits)",
            plain(h)
        )));
    }
    let key = args.key.as_deref().map(keys::public_key).transpose()?;
    if looks_like_zip(&args.target) {
        return verify_a_bundle(&args, key.as_ref(), out);
    }
    if key.is_some() {
        return Err(Error::usage(format!(
            "--key checks the signature of a bundle; {} is an engagement file",
            args.target.display()
        )));
    }
    let store = Store::open(&args.target, Access::Read, &default_actor())?;
    let bar = super::text::bar(0, "verify");
    let report = verify_engagement(&store, args.expect_head.as_deref(), &mut |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })?;
    bar.finish_and_clear();
    let w = |out: &mut dyn Write, line: String| writeln!(out, "{line}").map_err(Error::stdio);
    for s in &report.structure {
        w(out, format!("damaged: file structure: {}", plain(s)))?;
    }
    for d in &report.damaged {
        let pieces: Vec<String> = d
            .pieces
            .iter()
            .map(|(id, name)| format!("evidence {id} '{}'", plain(name)))
            .collect();
        w(
            out,
            format!(
                "damaged: {} (sha256 {}): {}",
                pieces.join(", "),
                d.sha256,
                d.found
            ),
        )?;
    }
    if !report.structure.is_empty() {
        w(
            out,
            "the file's structure is damaged; nothing else was checked".into(),
        )?;
        return Ok(CHECK_FAILED);
    }
    w(
        out,
        format!(
            "evidence: {} pieces, {} stored contents, {} bytes re-hashed, {} damaged",
            report.pieces,
            report.contents,
            report.bytes,
            report.damaged.len()
        ),
    )?;
    match &report.content {
        ContentCheck::Covered { from, differences } => {
            for d in differences {
                w(out, format!("changed: {}", plain(d)))?;
            }
            w(
                out,
                format!(
                    "content: {} (accounted for by the audit log from row {from})",
                    if differences.is_empty() {
                        "matches what dengbao wrote".to_string()
                    } else {
                        format!("{} rows differ from what dengbao wrote", differences.len())
                    }
                ),
            )?;
        }
        ContentCheck::NotCovered => w(
            out,
            "changed: the audit log accounts for none of the content".into(),
        )?,
        ContentCheck::Unreadable { seq, why } => w(
            out,
            format!("changed: audit row {seq} cannot be replayed: {}", plain(why)),
        )?,
    }
    print_chain(report.audit_rows, &report.chain, out)?;
    print_head(&report.head, out)?;
    Ok(if report.intact() { OK } else { CHECK_FAILED })
}

fn verify_a_bundle(
    args: &VerifyArgs,
    key: Option<&minisign::PublicKey>,
    out: &mut dyn Write,
) -> Result<Exit> {
    let report = verify_bundle(&args.target, key, args.expect_head.as_deref())?;
    for p in &report.problems {
        writeln!(out, "damaged: {}", plain(p)).map_err(Error::stdio)?;
    }
    writeln!(
        out,
        "bundle: {} files checked against SHA256SUMS",
        report.files_checked
    )
    .map_err(Error::stdio)?;
    let signature = match (&report.signature, report.signed) {
        (Some(Ok(comment)), _) => format!("signature: valid ({})", plain(comment)),
        (Some(Err(why)), _) => format!("signature: INVALID — {}", plain(why)),
        (None, true) => "signature: present, not checked (give --key PUBKEY)".into(),
        (None, false) => "signature: none".into(),
    };
    writeln!(out, "{signature}").map_err(Error::stdio)?;
    print_chain(report.audit_rows, &report.chain, out)?;
    print_head(&report.head, out)?;
    Ok(if report.intact() { OK } else { CHECK_FAILED })
}

fn print_chain(
    rows: usize,
    chain: &std::result::Result<String, crate::domain::audit::ChainBreak>,
    out: &mut dyn Write,
) -> Result<()> {
    match chain {
        Ok(head) => writeln!(out, "audit log: {rows} rows, chain intact, head {head}"),
        Err(b) => writeln!(out, "audit log: {rows} rows, chain broken: {b}"),
    }
    .map_err(Error::stdio)
}

fn print_head(head: &Option<HeadCheck>, out: &mut dyn Write) -> Result<()> {
    let line = match head {
        None => return Ok(()),
        Some(HeadCheck::Found { seq, later: 0 }) => format!("expected head: the last row ({seq})"),
        Some(HeadCheck::Found { seq, later }) => {
            format!("expected head: row {seq}, {later} rows written since")
        }
        Some(HeadCheck::Missing) => {
            "expected head: NOT in the audit log (rows were removed, or it belongs to another engagement)"
                .into()
        }
    };
    writeln!(out, "{line}").map_err(Error::stdio)
}

pub fn bundle(args: BundleArgs, out: &mut dyn Write) -> Result<Exit> {
    let store = Store::open(&args.file, Access::Read, &default_actor())?;
    let signer = if args.sign {
        let path = args
            .key
            .clone()
            .unwrap_or_else(|| keys::key_dir().join(keys::SECRET_FILE));
        Some(signer(&path)?)
    } else {
        None
    };
    let spinner = super::text::spinner("bundle");
    let report = crate::report::render(&store, Lang::Zh, Default::default())?;
    let summary = write_bundle(
        &store,
        &args.out,
        &BundleRequest {
            include_sensitive: args.include_sensitive,
            report_html: Some(&report),
            signer: signer.as_ref(),
            replace: args.force,
        },
    );
    spinner.finish_and_clear();
    let summary = summary?;
    writeln!(
        out,
        "wrote {}: {} pieces of evidence, {} left out as sensitive, audit head {}{}",
        args.out.display(),
        summary.included,
        summary.left_out,
        summary.audit_head,
        if summary.signed { ", signed" } else { "" }
    )
    .map_err(Error::stdio)?;
    Ok(OK)
}

pub fn key(cmd: KeyCommand, out: &mut dyn Write) -> Result<Exit> {
    match cmd {
        KeyCommand::New { dir, no_passphrase } => {
            let dir = dir.unwrap_or_else(keys::key_dir);
            let passphrase = if no_passphrase {
                None
            } else {
                match keys::passphrase_from_env() {
                    Some(p) => Some(p),
                    None => Some(ask_passphrase()?),
                }
            };
            let made = keys::create(&dir, passphrase)?;
            writeln!(out, "secret key {} (keep it private)", made.secret.display()).map_err(Error::stdio)?;
            writeln!(
                out,
                "public key {} (give it to reviewers: minisign -Vm manifest.json -p {})",
                made.public.display(),
                made.public.display()
            )
            .map_err(Error::stdio)?;
            Ok(OK)
        }
    }
}

/// Asks for a passphrase twice on the terminal.
fn ask_passphrase() -> Result<String> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return Err(Error::usage(
            "a passphrase is needed: set DENGBAO_KEY_PASSPHRASE, run in a terminal, or pass --no-passphrase",
        ));
    }
    let first = rpassword::prompt_password("passphrase for the new key: ").map_err(Error::stdio)?;
    let again = rpassword::prompt_password("the same passphrase again: ").map_err(Error::stdio)?;
    if first != again {
        return Err(Error::usage("the two passphrases differ; no key was made"));
    }
    if first.is_empty() {
        return Err(Error::usage(
            "the passphrase is empty (pass --no-passphrase for a key without one)",
        ));
    }
    Ok(first)
}
