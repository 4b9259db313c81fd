//! Schema migrations, append-only: migration N takes a file from `user_version` N-1 to N.
//! Never edit a migration that has shipped; add a new one and say why.

/// Our `PRAGMA application_id`: "DGBO".
pub const APPLICATION_ID: i32 = 0x4447_424F;

/// Migrations in order; `user_version` is the number applied. Each is SQL, optionally
/// followed by a step in Rust (filling values SQL cannot make, such as UUIDs).
pub const MIGRATIONS: &[&str] = &[
    // 1: the first engagement format.
    r#"
CREATE TABLE engagement (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    system          TEXT NOT NULL,
    org             TEXT NOT NULL,
    level           INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    hospital_grade  TEXT,
    cloud           INTEGER NOT NULL DEFAULT 0,
    rule_set        TEXT NOT NULL DEFAULT '2025',
    agency          TEXT NOT NULL DEFAULT '',
    evaluators      TEXT NOT NULL DEFAULT '',
    report_id       TEXT NOT NULL DEFAULT '',
    starts_on       TEXT NOT NULL DEFAULT '',
    ends_on         TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL
);

-- Snapshot of every pack and item the engagement uses: editing a pack later never
-- changes a past evaluation.
CREATE TABLE pack (
    id            TEXT PRIMARY KEY,
    role          TEXT NOT NULL,
    version       TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    meta          TEXT NOT NULL
);
CREATE TABLE item (
    id       TEXT PRIMARY KEY,
    pack_id  TEXT NOT NULL REFERENCES pack(id),
    ordinal  INTEGER NOT NULL,
    data     TEXT NOT NULL
);
CREATE TABLE hr_case (
    id       TEXT PRIMARY KEY,
    pack_id  TEXT NOT NULL REFERENCES pack(id),
    data     TEXT NOT NULL
);

CREATE TABLE object (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    name          TEXT NOT NULL UNIQUE,
    detail        TEXT NOT NULL DEFAULT '',
    system_level  INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);

CREATE TABLE result (
    item_id               TEXT NOT NULL REFERENCES item(id),
    object_id             INTEGER NOT NULL REFERENCES object(id),
    verdict               TEXT NOT NULL,
    record                TEXT NOT NULL DEFAULT '',
    risk                  TEXT,
    high_risk_case        TEXT,
    major_hidden_risk     INTEGER NOT NULL DEFAULT 0,
    na_reason             TEXT NOT NULL DEFAULT '',
    corrected_verdict     TEXT,
    correction_rationale  TEXT NOT NULL DEFAULT '',
    remediation           TEXT NOT NULL DEFAULT '',
    remediated            INTEGER NOT NULL DEFAULT 0,
    updated_by            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    PRIMARY KEY (item_id, object_id)
);

-- Evidence bytes, content-addressed and chunked (one BLOB may not exceed 1 GB).
-- `sha256` is NULL only inside the transaction that is still streaming the bytes in.
CREATE TABLE content (
    id      INTEGER PRIMARY KEY,
    sha256  TEXT UNIQUE,
    size    INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE chunk (
    content_id  INTEGER NOT NULL REFERENCES content(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    data        BLOB NOT NULL,
    PRIMARY KEY (content_id, seq)
);
CREATE TABLE evidence (
    id                INTEGER PRIMARY KEY,
    content_id        INTEGER NOT NULL REFERENCES content(id),
    kind              TEXT NOT NULL CHECK (kind IN ('file', 'text', 'interview')),
    name              TEXT NOT NULL,
    media_type        TEXT NOT NULL,
    captured_at       TEXT NOT NULL,
    added_at          TEXT NOT NULL,
    added_by          TEXT NOT NULL,
    method            TEXT,
    sensitive         INTEGER NOT NULL DEFAULT 0,
    note              TEXT NOT NULL DEFAULT '',
    source_path       TEXT NOT NULL DEFAULT '',
    followed_symlink  INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE evidence_link (
    evidence_id  INTEGER NOT NULL REFERENCES evidence(id),
    item_id      TEXT NOT NULL REFERENCES item(id),
    object_id    INTEGER NOT NULL REFERENCES object(id),
    PRIMARY KEY (evidence_id, item_id, object_id)
);
CREATE INDEX evidence_link_by_pair ON evidence_link (item_id, object_id);

-- On-site activity: interviews, inspections, meetings.
CREATE TABLE journal (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    kind         TEXT NOT NULL,
    who          TEXT NOT NULL DEFAULT '',
    role         TEXT NOT NULL DEFAULT '',
    location     TEXT NOT NULL DEFAULT '',
    summary      TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    evidence_id  INTEGER REFERENCES evidence(id)
);

-- Append-only, hash-chained record of every change.
CREATE TABLE audit (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    target     TEXT NOT NULL,
    detail     TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"#,
    // 2: carry-forward. Last year's findings travel into this year's engagement so the
    // report can show whether each was remediated.
    r#"
CREATE TABLE carried_from (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    path        TEXT NOT NULL,
    system      TEXT NOT NULL,
    report_id   TEXT NOT NULL,
    starts_on   TEXT NOT NULL,
    ends_on     TEXT NOT NULL,
    audit_head  TEXT NOT NULL,
    carried_at  TEXT NOT NULL
);
CREATE TABLE previous_finding (
    id                 INTEGER PRIMARY KEY,
    item_id            TEXT NOT NULL,
    object_name        TEXT NOT NULL,
    verdict            TEXT NOT NULL,
    record             TEXT NOT NULL,
    risk               TEXT,
    high_risk_case     TEXT,
    major_hidden_risk  INTEGER NOT NULL DEFAULT 0,
    remediation        TEXT NOT NULL DEFAULT ''
);
"#,
    // 3: stable identity and history. Objects, evidence, journal entries and the
    // engagement get a UUID (filled by `fill_uids`), so copies can be merged and exports
    // name things stably; results keep an append-only revision history with the current
    // result as its head; the mobile and IoT extensions can be chosen; objects get the
    // fields the report's asset tables need. From here on every audit row records the
    // rows its change wrote, so `verify` can prove the content is what the tool wrote.
    r#"
ALTER TABLE engagement ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE engagement ADD COLUMN mobile INTEGER NOT NULL DEFAULT 0;
ALTER TABLE engagement ADD COLUMN iot INTEGER NOT NULL DEFAULT 0;
ALTER TABLE object ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE object ADD COLUMN ip TEXT NOT NULL DEFAULT '';
ALTER TABLE object ADD COLUMN os TEXT NOT NULL DEFAULT '';
ALTER TABLE object ADD COLUMN location TEXT NOT NULL DEFAULT '';
ALTER TABLE object ADD COLUMN importance TEXT;
ALTER TABLE object ADD COLUMN purpose TEXT NOT NULL DEFAULT '';
ALTER TABLE object ADD COLUMN sampling_group TEXT NOT NULL DEFAULT '';
-- Removed objects stay (their result history refers to them) but leave the scope.
ALTER TABLE object ADD COLUMN removed_at TEXT;
ALTER TABLE evidence ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE journal ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE result ADD COLUMN revision TEXT;

-- Every state a result has been in, oldest first; `result.revision` names the head.
CREATE TABLE result_revision (
    id                    INTEGER PRIMARY KEY,
    uid                   TEXT NOT NULL,
    item_id               TEXT NOT NULL REFERENCES item(id),
    object_id             INTEGER NOT NULL REFERENCES object(id),
    parent                TEXT,
    op                    TEXT NOT NULL,
    undoes                TEXT,
    verdict               TEXT NOT NULL,
    record                TEXT NOT NULL DEFAULT '',
    risk                  TEXT,
    high_risk_case        TEXT,
    major_hidden_risk     INTEGER NOT NULL DEFAULT 0,
    na_reason             TEXT NOT NULL DEFAULT '',
    corrected_verdict     TEXT,
    correction_rationale  TEXT NOT NULL DEFAULT '',
    remediation           TEXT NOT NULL DEFAULT '',
    remediated            INTEGER NOT NULL DEFAULT 0,
    author                TEXT NOT NULL,
    at                    TEXT NOT NULL
);
CREATE INDEX result_revision_by_pair ON result_revision (item_id, object_id);

-- Results of existing files become the first revision of their pair.
INSERT INTO result_revision (uid, item_id, object_id, parent, op, verdict, record, risk, high_risk_case,
                             major_hidden_risk, na_reason, corrected_verdict, correction_rationale,
                             remediation, remediated, author, at)
SELECT '', item_id, object_id, NULL, 'set', verdict, record, risk, high_risk_case, major_hidden_risk,
       na_reason, corrected_verdict, correction_rationale, remediation, remediated, updated_by, updated_at
FROM result;
"#,
    // 4: the report's details beyond the cover fields (commissioning party, report date,
    // the unit's and the agency's particulars, sign-off, descriptions, texts per
    // category and per finding), as keys and values: the 2025 report template asks for
    // many fields and agencies add their own; the keys are declared in
    // `domain::details`.
    r#"
CREATE TABLE detail (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
"#,
    // 5: merging copies. A revision that joins two histories (a merge, or the resolution
    // of a merge conflict) names the other side's revision as its second parent, so a
    // later merge of either copy sees both histories as already joined. Pairs both
    // copies changed differently are kept as conflicts until someone takes one side;
    // at most one open conflict per pair (a newer disagreement replaces the older).
    r#"
ALTER TABLE result_revision ADD COLUMN merged TEXT;
CREATE TABLE merge_conflict (
    id               INTEGER PRIMARY KEY,
    item_id          TEXT NOT NULL REFERENCES item(id),
    object_id        INTEGER NOT NULL REFERENCES object(id),
    ours_revision    TEXT NOT NULL,
    theirs_revision  TEXT NOT NULL,
    other_file       TEXT NOT NULL,
    other_head       TEXT NOT NULL,
    found_at         TEXT NOT NULL,
    found_by         TEXT NOT NULL,
    resolved_at      TEXT,
    resolved_by      TEXT,
    resolution       TEXT CHECK (resolution IN ('ours', 'theirs'))
);
CREATE UNIQUE INDEX merge_conflict_open ON merge_conflict (item_id, object_id) WHERE resolved_at IS NULL;
"#,
    // 6: a conflict is also settled by recording the pair anew (an edit that joins both
    // histories), which the resolution names as `edited`.
    r#"
CREATE TABLE merge_conflict_6 (
    id               INTEGER PRIMARY KEY,
    item_id          TEXT NOT NULL REFERENCES item(id),
    object_id        INTEGER NOT NULL REFERENCES object(id),
    ours_revision    TEXT NOT NULL,
    theirs_revision  TEXT NOT NULL,
    other_file       TEXT NOT NULL,
    other_head       TEXT NOT NULL,
    found_at         TEXT NOT NULL,
    found_by         TEXT NOT NULL,
    resolved_at      TEXT,
    resolved_by      TEXT,
    resolution       TEXT CHECK (resolution IN ('ours', 'theirs', 'edited'))
);
INSERT INTO merge_conflict_6 SELECT * FROM merge_conflict;
DROP TABLE merge_conflict;
ALTER TABLE merge_conflict_6 RENAME TO merge_conflict;
CREATE UNIQUE INDEX merge_conflict_open ON merge_conflict (item_id, object_id) WHERE resolved_at IS NULL;
"#,
];

/// What migration N needs besides its SQL, run in the same transaction.
pub fn after(version: usize, tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    if version == 3 {
        fill_uids(tx)?;
    }
    Ok(())
}

/// Gives every row of the tables that gained a `uid` column one, points each result at
/// its revision, then makes uids unique and revisions append-only.
fn fill_uids(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    for table in ["engagement", "object", "evidence", "journal", "result_revision"] {
        let ids: Vec<i64> = tx
            .prepare(&format!("SELECT rowid FROM {table} WHERE uid = ''"))?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut set = tx.prepare(&format!("UPDATE {table} SET uid = ?1 WHERE rowid = ?2"))?;
        for id in ids {
            set.execute(rusqlite::params![crate::domain::ids::Uid::random().as_str(), id])?;
        }
    }
    tx.execute_batch(
        "UPDATE result SET revision = (SELECT v.uid FROM result_revision v
                                        WHERE v.item_id = result.item_id AND v.object_id = result.object_id);
         CREATE UNIQUE INDEX object_by_uid ON object (uid);
         CREATE UNIQUE INDEX evidence_by_uid ON evidence (uid);
         CREATE UNIQUE INDEX journal_by_uid ON journal (uid);
         CREATE UNIQUE INDEX result_revision_by_uid ON result_revision (uid);
         CREATE TRIGGER result_revision_no_update BEFORE UPDATE ON result_revision
         BEGIN SELECT RAISE(ABORT, 'result revisions are append-only'); END;
         CREATE TRIGGER result_revision_no_delete BEFORE DELETE ON result_revision
         BEGIN SELECT RAISE(ABORT, 'result revisions are append-only'); END;",
    )?;
    add_management_centre(tx)
}

/// Engagements created before the security management centre was a system-level object
/// get one; their SMC results stay where they were recorded.
fn add_management_centre(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    let engagements: i64 = tx.query_row("SELECT count(*) FROM engagement", [], |r| r.get(0))?;
    let centre = crate::domain::object::SYSTEM_OBJECTS
        .iter()
        .find(|(k, _, _)| *k == crate::domain::ObjectKind::ManagementCentre);
    let (Some((kind, name, detail)), true) = (centre, engagements > 0) else {
        return Ok(());
    };
    let taken: i64 = tx.query_row("SELECT count(*) FROM object WHERE name = ?1", [name], |r| {
        r.get(0)
    })?;
    let name = if taken == 0 {
        name.to_string()
    } else {
        format!("{name}（系统级）")
    };
    let at: String = tx.query_row("SELECT created_at FROM engagement", [], |r| r.get(0))?;
    tx.execute(
        "INSERT INTO object (uid, kind, name, detail, system_level, created_at) VALUES (?1, ?2, ?3, ?4, 1, ?5)",
        rusqlite::params![
            crate::domain::ids::Uid::random().as_str(),
            kind.as_str(),
            name,
            detail,
            at
        ],
    )?;
    Ok(())
}

/// The schema version this build writes and reads.
pub fn current_version() -> i32 {
    MIGRATIONS.len() as i32
}
