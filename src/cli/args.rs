//! The command line (DESIGN §6): clap definitions, one subcommand per user action.
//! Parsing only; the rest of [`crate::cli`] carries the actions out.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::domain::time::parse_time;
use crate::domain::{
    HospitalGrade, Importance, Lang, Method, ObjectKind, Risk, RuleSet, ToolReportKind, Verdict,
};

#[derive(Debug, Parser)]
#[command(
    name = "dengbao",
    version,
    about = "Graded-protection (等保 2.0) evaluations for hospitals, offline, from the keyboard."
)]
pub struct Cli {
    /// Folder of user checklist packs; adds to or overrides shipped packs by id.
    /// Repeatable; DENGBAO_PACKS takes a ':'-separated list.
    #[arg(
        long = "packs",
        global = true,
        env = "DENGBAO_PACKS",
        value_delimiter = ':',
        value_name = "DIR"
    )]
    pub packs: Vec<PathBuf>,

    /// Without a command, the terminal UI opens on its home screen.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open an engagement in the terminal UI.
    Open { file: PathBuf },
    /// Create a new engagement file.
    New(NewArgs),
    /// Write a sample hospital engagement, partly filled in (also large ones for benchmarks).
    Demo(DemoArgs),
    /// Start this year's engagement from last year's: same system, objects carried over,
    /// last year's findings kept to show their remediation.
    CarryForward {
        /// Last year's engagement (read, never changed).
        old: PathBuf,
        /// This year's engagement to create (refuses to overwrite).
        new: PathBuf,
    },
    /// Show or change the report's cover details and the conclusion rule set.
    Info(InfoArgs),
    /// Evaluated objects (测评对象).
    #[command(subcommand)]
    Asset(AssetCommand),
    /// Record the verdict of one item for one object.
    Set(SetArgs),
    /// Progress, compliance rate, conclusion and gate problems.
    Status(StatusArgs),
    /// The quality gate: list every problem; exit 1 when there is any. With --report,
    /// also the report checker's rules (dates, report number, sign-off, reasons).
    Check(CheckArgs),
    /// Render the printable report (HTML, optionally PDF through headless Chromium).
    Report(ReportArgs),
    /// Export the engagement: json (everything), csv (one row per item × object),
    /// xlsx (the 测评记录 workbook), oscal or oscal-poam.
    Export(ExportArgs),
    /// Read a filled-in 测评记录 workbook as results, or as last year's findings.
    Import(ImportArgs),
    /// Attach files (or a text note) as evidence for one item × object.
    Attach(AttachArgs),
    /// Record an interview (访谈记录) as evidence.
    Interview(InterviewArgs),
    /// List or export the evidence of an engagement.
    #[command(subcommand)]
    Evidence(EvidenceCommand),
    /// Check an engagement (its content against the audit log, evidence hashes, the
    /// file's structure) or a bundle (entries, hashes, signature); exit 1 on any finding.
    Verify(VerifyArgs),
    /// Bring a colleague's copy of the same engagement in (OTHER is only read), or take
    /// one side of a conflict a merge left; exit 1 while conflicts stay open.
    Merge(MergeArgs),
    /// Write a sealed evidence bundle (zip) for a client or reviewer.
    Bundle(BundleArgs),
    /// The on-site journal (测评日志): who was met, where, when, what was done.
    #[command(subcommand)]
    Journal(JournalCommand),
    /// Signing keys for bundles (ed25519, minisign format).
    #[command(subcommand)]
    Key(KeyCommand),
    /// Shipped and user checklist packs.
    #[command(subcommand)]
    Checklist(ChecklistCommand),
    /// Print a completion script for a shell (bash, zsh, fish, powershell, elvish).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `dengbao man > dengbao.1`.
    Man,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    pub file: PathBuf,
    /// The colleague's copy of the engagement (a copy of FILE both worked on).
    #[arg(required_unless_present = "take", conflicts_with = "take")]
    pub other: Option<PathBuf>,
    /// Print what the merge would do; write nothing.
    #[arg(long, requires = "other")]
    pub dry_run: bool,
    /// Resolve one open conflict: `ours` keeps this copy's result, `theirs` takes the
    /// colleague's. ASSET (the object name) may be omitted for system-level items.
    #[arg(long, num_args = 2..=3, value_names = ["ours|theirs", "ITEM", "ASSET"])]
    pub take: Option<Vec<String>>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// An engagement file or a bundle made by `dengbao bundle`.
    pub target: PathBuf,
    /// The public key (minisign format) the bundle must be signed with.
    #[arg(long, value_name = "PUBKEY")]
    pub key: Option<PathBuf>,
    /// An audit chain head that must be in the log (as printed on the report's method
    /// page): a log truncated since is detected.
    #[arg(long, value_name = "HASH")]
    pub expect_head: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum JournalCommand {
    /// Add an entry to the on-site journal.
    Add(JournalAddArgs),
    /// Change an entry (ID as `journal list` shows it); only the given fields change.
    Edit(JournalEditArgs),
    /// List the journal.
    List(FileJsonArgs),
}

#[derive(Debug, Args)]
pub struct JournalEditArgs {
    pub file: PathBuf,
    /// The entry's number (as `journal list` shows it) or uid.
    pub id: String,
    #[arg(long, value_parser = parse_time_arg, value_name = "TIME")]
    pub at: Option<String>,
    #[arg(long = "where", value_name = "PLACE")]
    pub place: Option<String>,
    #[arg(long, value_name = "NAMES")]
    pub who: Option<String>,
    #[arg(long)]
    pub what: Option<String>,
}

#[derive(Debug, Args)]
pub struct JournalAddArgs {
    pub file: PathBuf,
    /// When: 2026-11-20 09:30 or RFC 3339.
    #[arg(long, value_parser = parse_time_arg, value_name = "TIME")]
    pub at: String,
    /// Where, e.g. 信息科会议室, 主机房.
    #[arg(long = "where", value_name = "PLACE")]
    pub place: String,
    /// Who took part.
    #[arg(long, value_name = "NAMES")]
    pub who: String,
    /// What was done.
    #[arg(long)]
    pub what: String,
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Create a signing key pair (the secret key mode 0600); refuses to replace one.
    New {
        /// Where to put the key pair (default: DENGBAO_KEY_DIR or the user's
        /// configuration folder).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Leave the secret key unencrypted (otherwise DENGBAO_KEY_PASSPHRASE, or a
        /// passphrase asked for on the terminal, protects it).
        #[arg(long)]
        no_passphrase: bool,
    },
}

#[derive(Debug, Args)]
pub struct AttachArgs {
    pub file: PathBuf,
    /// Files to attach; each is one piece of evidence.
    pub paths: Vec<PathBuf>,
    /// A text note to attach instead of files.
    #[arg(long, conflicts_with = "paths")]
    pub text: Option<String>,
    #[command(flatten)]
    pub target: TargetArgs,
    /// interview, examine or test.
    #[arg(long, value_parser = parse_vocab::<Method>)]
    pub method: Option<Method>,
    /// When the evidence was captured (default: the file's modification time):
    /// 2026-11-20, 2026-11-20 09:30 or RFC 3339.
    #[arg(long, value_parser = parse_time_arg, value_name = "TIME")]
    pub captured_at: Option<String>,
    /// Personal or otherwise sensitive: left out of bundles unless asked for.
    #[arg(long)]
    pub sensitive: bool,
    /// A note about the evidence.
    #[arg(long, default_value = "")]
    pub note: String,
    /// Scanner or penetration-test output (scan or pentest), listed in the report's
    /// appendix E or F; needs --tool. The method defaults to test.
    #[arg(long, value_parser = parse_vocab::<ToolReportKind>, requires = "tool", value_name = "KIND")]
    pub tool_report: Option<ToolReportKind>,
    /// The tool that wrote a tool report, with its version, e.g. "Nessus 10.6".
    #[arg(long, requires = "tool_report", value_name = "NAME")]
    pub tool: Option<String>,
}

/// The item × object a piece of evidence supports.
#[derive(Debug, Args)]
pub struct TargetArgs {
    /// Item id, e.g. L3-CES1-01.
    #[arg(long)]
    pub item: String,
    /// Object name; may be omitted for items about the system as a whole.
    #[arg(long)]
    pub asset: Option<String>,
}

#[derive(Debug, Args)]
pub struct InterviewArgs {
    pub file: PathBuf,
    #[command(flatten)]
    pub target: TargetArgs,
    /// Who was interviewed.
    #[arg(long)]
    pub who: String,
    /// Their role, e.g. 信息科主任, 网络管理员.
    #[arg(long)]
    pub role: String,
    /// When: 2026-11-20 09:30 or RFC 3339.
    #[arg(long, value_parser = parse_time_arg, value_name = "TIME")]
    pub at: String,
    /// What was said.
    #[arg(long)]
    pub summary: String,
}

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// List the pieces of evidence with their hashes and links.
    List(FileJsonArgs),
    /// Write every piece into DIR with a SHA256SUMS file.
    Export {
        file: PathBuf,
        /// A new or empty folder.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// The whole engagement as JSON (schema in the README).
    Json,
    /// One row per item × object, UTF-8 with BOM.
    Csv,
    /// The 测评记录 workbook, which `import --workbook` reads back.
    Xlsx,
    /// OSCAL 1.1.2 assessment results (JSON).
    Oscal,
    /// OSCAL 1.1.2 plan of action and milestones (JSON).
    OscalPoam,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The engagement (read, never changed).
    pub file: PathBuf,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// The file to write.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Replace an earlier export of this engagement at the same path.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportAs {
    /// This engagement's results (the default).
    Results,
    /// Last year's results: their findings show in the report's follow-up section.
    Previous,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    pub file: PathBuf,
    /// The 测评记录 workbook (.xlsx) to read.
    #[arg(long, value_name = "BOOK.xlsx")]
    pub workbook: PathBuf,
    #[arg(long = "as", value_enum, default_value = "results")]
    pub as_: ImportAs,
    /// Print what would change and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    pub file: PathBuf,
    /// The HTML file to write.
    #[arg(long, value_name = "PATH.html")]
    pub out: PathBuf,
    /// zh (default) or en.
    #[arg(long, default_value = "zh", value_parser = parse_vocab::<Lang>)]
    pub lang: Lang,
    /// A folder whose report.html, report.css or labels.toml replace the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Also print the report to PDF with headless Chromium.
    #[arg(long, value_name = "PATH.pdf")]
    pub pdf: Option<PathBuf>,
    /// Also write an editable Word copy (same chapters, tables and figures).
    #[arg(long, value_name = "PATH.docx")]
    pub docx: Option<PathBuf>,
    /// Replace an earlier report of this engagement at the same paths.
    #[arg(long)]
    pub force: bool,
    /// The evidence appendix: compact (one line a piece, the default) or full (every
    /// field and image thumbnails); default the engagement's `evidence-appendix` detail.
    #[arg(long, value_enum)]
    pub evidence: Option<EvidenceLayout>,
}

/// How much of each piece of evidence the report's appendix shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EvidenceLayout {
    Compact,
    Full,
}

#[derive(Debug, Args)]
pub struct BundleArgs {
    pub file: PathBuf,
    /// The zip file to write.
    #[arg(long, value_name = "PATH.zip")]
    pub out: PathBuf,
    /// Include evidence marked sensitive.
    #[arg(long)]
    pub include_sensitive: bool,
    /// Sign the manifest with the secret key (`dengbao key new` makes one).
    #[arg(long)]
    pub sign: bool,
    /// The secret key to sign with (default: dengbao.key in the key folder).
    #[arg(long, value_name = "SECRET_KEY", requires = "sign")]
    pub key: Option<PathBuf>,
    /// Replace an earlier bundle of this engagement at the same path.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The engagement file to create (refuses to overwrite).
    pub file: PathBuf,
    /// Name of the evaluated system (定级对象).
    #[arg(long)]
    pub system: String,
    /// The organisation that runs it.
    #[arg(long)]
    pub org: String,
    /// Protection level: 2 or 3.
    #[arg(long, value_parser = parse_level)]
    pub level: u8,
    /// Hospital grade of the hospital profile: II, III-B or III-A.
    #[arg(long, value_parser = parse_vocab::<HospitalGrade>)]
    pub hospital_grade: Option<HospitalGrade>,
    /// Add the cloud-computing extension.
    #[arg(long)]
    pub cloud: bool,
    /// Add the mobile-internet extension (mobile terminals, apps, wireless access).
    #[arg(long)]
    pub mobile: bool,
    /// Add the IoT extension (sensing nodes and gateways).
    #[arg(long)]
    pub iot: bool,
}

#[derive(Debug, Args)]
pub struct InfoArgs {
    pub file: PathBuf,
    /// The evaluation agency (测评机构).
    #[arg(long)]
    pub agency: Option<String>,
    /// The evaluators, as they should appear on the cover.
    #[arg(long)]
    pub evaluators: Option<String>,
    /// The report number.
    #[arg(long)]
    pub report_id: Option<String>,
    /// First day on site, e.g. 2026-11-16.
    #[arg(long, value_parser = parse_date)]
    pub starts_on: Option<String>,
    /// Last day on site.
    #[arg(long, value_parser = parse_date)]
    pub ends_on: Option<String>,
    /// Conclusion rule set: 2025 (default) or 2021.
    #[arg(long, value_parser = parse_vocab::<RuleSet>)]
    pub rule_set: Option<RuleSet>,
    /// Set a report detail, e.g. --set client=某市卫生健康委员会 --set report-date=2026-12-01
    /// (repeatable; an empty value removes it). Names: see `dengbao info FILE`; texts per
    /// category `category.PACK/CODE.measures|problems`, per finding
    /// `finding.ITEM@OBJECT.threat|harm|not-high`.
    #[arg(long = "set", value_name = "NAME=VALUE", value_parser = parse_assignment)]
    pub set: Vec<(String, String)>,
    /// Time zone the report prints times in (default Asia/Shanghai); same as
    /// --set time-zone=ZONE.
    #[arg(long, value_name = "ZONE")]
    pub time_zone: Option<String>,
    /// Report layout: 2025 or 2021 (default: by the report date); same as
    /// --set template=YEAR.
    #[arg(long, value_name = "YEAR")]
    pub template: Option<String>,
    #[arg(long)]
    pub json: bool,
}

fn parse_assignment(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!("'{s}' is not NAME=VALUE")),
    }
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The engagement file to create (refuses to overwrite).
    pub file: PathBuf,
    /// Evaluated objects, system-level ones included (at least 27).
    #[arg(long, default_value_t = 27)]
    pub objects: usize,
    /// Pieces of evidence.
    #[arg(long, default_value_t = 16)]
    pub evidence: usize,
    /// Percentage of item × object results filled in.
    #[arg(long, default_value_t = 40)]
    pub assessed: u8,
    /// Seed of the generator: the same seed writes the same engagement.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

#[derive(Debug, Subcommand)]
pub enum AssetCommand {
    /// Add an evaluated object.
    Add(AssetAddArgs),
    /// Change an evaluated object: its kind, name, detail and asset fields.
    Edit(AssetEditArgs),
    /// Remove an evaluated object; refused when results or evidence links would go,
    /// unless --force.
    Remove {
        file: PathBuf,
        /// The object's name.
        name: String,
        /// Remove it with its results and evidence links (their history stays in the
        /// audit log).
        #[arg(long)]
        force: bool,
    },
    /// List the evaluated objects.
    List(FileJsonArgs),
    /// For an engagement made before the system-level security management centre: make
    /// its SMC items apply to 安全管理中心 and give the centre the SMC results recorded on
    /// one object (the other objects' results stay, out of scope).
    MoveSmc {
        file: PathBuf,
        /// The object whose SMC results the centre takes (needed when several have some).
        #[arg(long, value_name = "NAME")]
        from: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct AssetAddArgs {
    pub file: PathBuf,
    /// machine-room network boundary network-device security-device server database
    /// middleware application terminal data management management-centre
    /// wireless-access mobile-terminal mobile-app sensing-node sensing-gateway
    #[arg(long, value_parser = parse_vocab::<ObjectKind>)]
    pub kind: ObjectKind,
    /// A name unique in the engagement, e.g. "HIS 数据库服务器 01".
    #[arg(long)]
    pub name: String,
    /// Free text: model, owner, anything else worth saying.
    #[arg(long, default_value = "")]
    pub detail: String,
    #[command(flatten)]
    pub profile: ProfileArgs,
}

/// What the report's asset tables say of an object.
#[derive(Debug, Args)]
pub struct ProfileArgs {
    /// IP address(es).
    #[arg(long, default_value = "")]
    pub ip: String,
    /// Operating system, firmware or software version.
    #[arg(long, default_value = "")]
    pub os: String,
    /// Where it is, e.g. 主机房 A3 机柜.
    #[arg(long, default_value = "")]
    pub location: String,
    /// key (关键), important (重要) or general (一般).
    #[arg(long, value_parser = parse_vocab::<Importance>)]
    pub importance: Option<Importance>,
    /// What it is used for.
    #[arg(long, default_value = "")]
    pub purpose: String,
    /// Sampling group (抽样分组) of objects assessed alike.
    #[arg(long, default_value = "")]
    pub group: String,
}

#[derive(Debug, Args)]
pub struct AssetEditArgs {
    pub file: PathBuf,
    /// The object's current name.
    pub name: String,
    /// A new name.
    #[arg(long = "name", value_name = "NEW")]
    pub new_name: Option<String>,
    /// A new kind.
    #[arg(long, value_parser = parse_vocab::<ObjectKind>)]
    pub kind: Option<ObjectKind>,
    #[arg(long)]
    pub detail: Option<String>,
    #[arg(long)]
    pub ip: Option<String>,
    #[arg(long)]
    pub os: Option<String>,
    #[arg(long)]
    pub location: Option<String>,
    #[arg(long, value_parser = parse_vocab::<Importance>)]
    pub importance: Option<Importance>,
    #[arg(long)]
    pub purpose: Option<String>,
    #[arg(long)]
    pub group: Option<String>,
}

#[derive(Debug, Args)]
pub struct FileJsonArgs {
    pub file: PathBuf,
    /// Machine-readable output (documented in the README).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    pub file: PathBuf,
    /// Machine-readable output (documented in the README).
    #[arg(long)]
    pub json: bool,
    /// Also run the report checker: what a reviewer checks before the report is signed.
    #[arg(long)]
    pub report: bool,
}

#[derive(Debug, Args)]
pub struct SetArgs {
    pub file: PathBuf,
    /// Item id, e.g. L3-CES1-01.
    pub item: String,
    /// Object name; may be omitted for items about the system as a whole.
    #[arg(long)]
    pub asset: Option<String>,
    /// compliant, partial, non-compliant, not-applicable or not-assessed.
    #[arg(long, value_parser = parse_vocab::<Verdict>)]
    pub verdict: Verdict,
    /// The result record (结果记录): what was found.
    #[arg(long)]
    pub record: Option<String>,
    /// Risk of a partial or non-compliant result: high, medium or low.
    #[arg(long, value_parser = parse_vocab::<Risk>)]
    pub risk: Option<Risk>,
    /// Why the item does not apply (not-applicable only).
    #[arg(long)]
    pub reason: Option<String>,
    /// High-risk case id of the 2025 guide that the finding matches, e.g. 6.4.4.1.
    #[arg(long, value_name = "CASE")]
    pub high_risk_case: Option<String>,
    /// Flag the finding as a major hidden risk (重大风险隐患).
    #[arg(long)]
    pub major: bool,
    /// Remediation advice for the finding.
    #[arg(long)]
    pub remediation: Option<String>,
    /// Mark the finding remediated (已整改).
    #[arg(long)]
    pub remediated: bool,
    /// Verdict after the overall evaluation (整体测评), with --rationale.
    #[arg(long, value_parser = parse_vocab::<Verdict>)]
    pub corrected: Option<Verdict>,
    /// Compensation rationale of the corrected verdict.
    #[arg(long)]
    pub rationale: Option<String>,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    pub file: PathBuf,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum ChecklistCommand {
    /// List the packs with their item counts.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show the items (or cases) of one pack.
    Show {
        /// Pack id, e.g. gbt22239-2019.
        id: String,
        /// Only items of this level.
        #[arg(long, value_parser = parse_any_level)]
        level: Option<u8>,
        #[arg(long)]
        json: bool,
    },
    /// Check a pack file; exit 1 when it has problems.
    Lint { path: PathBuf },
}

impl Command {
    /// The engagement file the command works on, if any.
    pub fn file(&self) -> Option<&std::path::Path> {
        match self {
            Command::Open { file } => Some(file),
            Command::New(a) => Some(&a.file),
            Command::Info(a) => Some(&a.file),
            Command::Demo(a) => Some(&a.file),
            Command::CarryForward { new, .. } => Some(new),
            Command::Asset(AssetCommand::Add(a)) => Some(&a.file),
            Command::Asset(AssetCommand::Edit(a)) => Some(&a.file),
            Command::Asset(AssetCommand::Remove { file, .. }) => Some(file),
            Command::Asset(AssetCommand::List(a)) => Some(&a.file),
            Command::Asset(AssetCommand::MoveSmc { file, .. }) => Some(file),
            Command::Set(a) => Some(&a.file),
            Command::Status(a) => Some(&a.file),
            Command::Check(a) => Some(&a.file),
            Command::Report(a) => Some(&a.file),
            Command::Export(a) => Some(&a.file),
            Command::Import(a) => Some(&a.file),
            Command::Attach(a) => Some(&a.file),
            Command::Interview(a) => Some(&a.file),
            Command::Evidence(EvidenceCommand::List(a)) => Some(&a.file),
            Command::Evidence(EvidenceCommand::Export { file, .. }) => Some(file),
            Command::Verify(a) => Some(&a.target),
            Command::Merge(a) => Some(&a.file),
            Command::Bundle(a) => Some(&a.file),
            Command::Journal(JournalCommand::Add(a)) => Some(&a.file),
            Command::Journal(JournalCommand::List(a)) => Some(&a.file),
            Command::Journal(JournalCommand::Edit(a)) => Some(&a.file),
            Command::Checklist(_) | Command::Key(_) | Command::Completions { .. } | Command::Man => None,
        }
    }
}

/// Levels an engagement can be created at.
pub const ENGAGEMENT_LEVELS: [u8; 2] = [2, 3];

fn parse_level(s: &str) -> Result<u8, String> {
    match s.parse::<u8>() {
        Ok(l) if ENGAGEMENT_LEVELS.contains(&l) => Ok(l),
        _ => Err(format!("unknown level '{s}' (accepted: 2, 3)")),
    }
}

fn parse_any_level(s: &str) -> Result<u8, String> {
    match s.parse::<u8>() {
        Ok(l) if (1..=5).contains(&l) => Ok(l),
        _ => Err(format!("unknown level '{s}' (accepted: 1-5)")),
    }
}

fn parse_date(s: &str) -> Result<String, String> {
    s.trim()
        .parse::<jiff::civil::Date>()
        .map(|d| d.to_string())
        .map_err(|_| format!("date '{s}' is not understood (use 2026-11-16)"))
}

pub fn parse_time_arg(s: &str) -> Result<String, String> {
    parse_time(s)
}

fn parse_vocab<T>(s: &str) -> Result<T, String>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    s.parse::<T>().map_err(|e| e.to_string())
}
