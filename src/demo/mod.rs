//! The sample engagement: a fictional hospital's HIS at level 3 and grade III-A, with
//! objects of every kind, part of the results assessed with realistic records, a few
//! findings (one citing a high-risk case, one major hidden risk), an overall-evaluation
//! correction, evidence files and interview records.
//!
//! The same generator, with more objects, evidence and results, writes the large
//! deterministic engagements the benchmarks use. Everything is derived from the seed.

mod png;
mod records;

use std::io::Cursor;
use std::path::Path;

use crate::catalog::{Catalog, Extensions};
use crate::domain::checklist::Item;
use crate::domain::engagement::EngagementInfo;
use crate::domain::evidence::{EvidenceKind, Interview, NewEvidence, ToolReport};
use crate::domain::object::{NewObject, Object, Profile, SYSTEM_OBJECTS};
use crate::domain::result::ResultUpdate;
use crate::domain::{HospitalGrade, Method, ObjectKind, Risk, ToolReportKind, Verdict};
use crate::ops::engagement::NewEngagement;
use crate::ops::results::Pair;
use crate::ops::{OpsError, Result, attach};
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DemoOptions {
    pub objects: usize,
    pub evidence: usize,
    /// Percentage of item × object pairs with a result.
    pub assessed: u8,
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            objects: 27,
            evidence: 16,
            assessed: 40,
            seed: 1,
        }
    }
}

/// What was generated.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoSummary {
    pub objects: usize,
    pub results: usize,
    pub evidence: usize,
}

/// Objects of the sample, system-level ones excluded (`new` creates those).
const OBJECTS: &[(ObjectKind, &str, &str)] = &[
    (ObjectKind::MachineRoom, "主机房", "门诊楼 5 层，面积 120 m²"),
    (
        ObjectKind::MachineRoom,
        "灾备机房",
        "行政楼 2 层，与主机房相距约 800 m",
    ),
    (ObjectKind::Boundary, "互联网边界", "院内网与互联网之间"),
    (ObjectKind::Boundary, "医保专网边界", "院内网与医保专网之间"),
    (ObjectKind::NetworkDevice, "核心交换机 01", "H3C S10508，V7 R7625"),
    (
        ObjectKind::NetworkDevice,
        "核心交换机 02",
        "H3C S10508，V7 R7625，与 01 组成 IRF",
    ),
    (ObjectKind::NetworkDevice, "互联网出口路由器", "Huawei AR6280"),
    (
        ObjectKind::SecurityDevice,
        "互联网边界防火墙",
        "下一代防火墙，双机热备",
    ),
    (
        ObjectKind::SecurityDevice,
        "运维堡垒机",
        "所有服务器和网络设备经其运维",
    ),
    (
        ObjectKind::SecurityDevice,
        "日志审计系统",
        "收集网络设备、服务器和数据库日志",
    ),
    (ObjectKind::SecurityDevice, "数据库审计系统", "旁路部署于数据库区"),
    (ObjectKind::Server, "HIS 应用服务器 01", "CentOS 7.9，10.10.20.11"),
    (ObjectKind::Server, "HIS 应用服务器 02", "CentOS 7.9，10.10.20.12"),
    (
        ObjectKind::Server,
        "HIS 数据库服务器",
        "Red Hat Enterprise Linux 8.6，10.10.30.10",
    ),
    (ObjectKind::Server, "虚拟化宿主机 01", "VMware ESXi 7.0"),
    (ObjectKind::Database, "HIS 数据库", "Oracle 19c RAC"),
    (ObjectKind::Database, "预约挂号数据库", "MySQL 8.0"),
    (ObjectKind::Middleware, "HIS 应用中间件", "WebLogic 12c"),
    (
        ObjectKind::Application,
        "医院信息系统（HIS）",
        "门急诊、住院、药品、收费",
    ),
    (
        ObjectKind::Application,
        "互联网医院平台",
        "预约挂号、在线问诊、移动支付",
    ),
    (ObjectKind::Terminal, "运维终端", "信息科运维专用 Windows 10"),
    (ObjectKind::Terminal, "护士站终端", "住院部护士工作站 Windows 10"),
    (ObjectKind::Data, "重要业务数据", "患者诊疗、费用与药品数据"),
    (ObjectKind::Data, "重要个人信息", "患者身份信息、联系方式、病历"),
];

/// Kinds the extra objects of a large engagement cycle through.
const EXTRA_KINDS: &[(ObjectKind, &str)] = &[
    (ObjectKind::Server, "业务服务器"),
    (ObjectKind::Terminal, "业务终端"),
    (ObjectKind::NetworkDevice, "接入交换机"),
    (ObjectKind::Database, "业务数据库"),
    (ObjectKind::Application, "业务应用"),
    (ObjectKind::SecurityDevice, "安全设备"),
];

/// A deterministic generator (SplitMix64), so a seed always gives the same file.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in 0..n.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick(&mut self, from: &[&'static str]) -> &'static str {
        from[self.below(from.len())]
    }
}

/// The fewest objects a sample has: its hospital's objects and the system-level ones.
pub fn minimum_objects() -> usize {
    OBJECTS.len() + SYSTEM_OBJECTS.len()
}

/// Writes the sample engagement to `path` (which must not exist).
pub fn generate(catalog: &Catalog, path: &Path, opts: DemoOptions, actor: &str) -> Result<DemoSummary> {
    if opts.assessed > 100 {
        return Err(OpsError::Input(format!(
            "{} % assessed is not a percentage (0-100)",
            opts.assessed
        )));
    }
    let minimum = minimum_objects();
    if opts.objects < minimum {
        return Err(OpsError::Input(format!(
            "{} objects are too few: the sample needs at least {minimum}",
            opts.objects
        )));
    }
    let new = NewEngagement {
        system: "医院信息系统（HIS）".into(),
        org: "示例市第一人民医院".into(),
        level: 3,
        hospital_grade: Some(HospitalGrade::IIIA),
        extensions: Extensions::default(),
    };
    let mut store = crate::ops::engagement::create(catalog, path, &new, actor)?;
    store.relax_durability_for_generation()?;
    store.set_engagement_info(&EngagementInfo {
        agency: "示例网络安全测评中心".into(),
        evaluators: "李明（项目负责人）、王芳、赵磊".into(),
        report_id: format!("DB-2026-HIS-{:04}", opts.seed % 10_000),
        starts_on: "2026-11-16".into(),
        ends_on: "2026-11-20".into(),
        rule_set: crate::domain::RuleSet::R2025,
    })?;
    let mut rng = Rng(opts.seed);
    add_objects(&mut store, opts.objects)?;
    let results = assess(&mut store, &mut rng, opts.assessed)?;
    let findings = key_findings(&mut store)?;
    let evidence = add_evidence(&mut store, &mut rng, opts.evidence)?;
    sample_details(&mut store)?;
    Ok(DemoSummary {
        objects: store.objects()?.len(),
        results: results + findings,
        evidence,
    })
}

/// The asset-table fields of the sample's objects: IP, OS or version, location,
/// importance (关键 / 重要 / 一般).
fn profile_of(name: &str) -> Profile {
    use crate::domain::Importance::{General, Important, Key};
    let (ip, os, location, importance) = match name {
        "主机房" => ("", "", "门诊楼 5 层", Key),
        "灾备机房" => ("", "", "行政楼 2 层", Important),
        "核心交换机 01" => ("10.10.0.1", "H3C S10508 V7 R7625", "主机房 A02 机柜", Key),
        "核心交换机 02" => ("10.10.0.2", "H3C S10508 V7 R7625", "主机房 A03 机柜", Key),
        "互联网出口路由器" => (
            "10.10.0.254",
            "Huawei AR6280 V300R021",
            "主机房 A01 机柜",
            Important,
        ),
        "互联网边界防火墙" => ("10.10.1.1", "NGFW 5.6", "主机房 A01 机柜", Key),
        "运维堡垒机" => ("10.10.5.10", "3.2.1", "主机房 B01 机柜", Important),
        "日志审计系统" => ("10.10.5.11", "4.0", "主机房 B01 机柜", Important),
        "数据库审计系统" => ("10.10.5.12", "5.1", "主机房 B02 机柜", Important),
        "HIS 应用服务器 01" => ("10.10.20.11", "CentOS 7.9", "主机房 C01 机柜", Key),
        "HIS 应用服务器 02" => ("10.10.20.12", "CentOS 7.9", "主机房 C01 机柜", Key),
        "HIS 数据库服务器" => (
            "10.10.30.10",
            "Red Hat Enterprise Linux 8.6",
            "主机房 C02 机柜",
            Key,
        ),
        "虚拟化宿主机 01" => ("10.10.40.21", "VMware ESXi 7.0 U3", "主机房 C03 机柜", Important),
        "HIS 数据库" => ("10.10.30.10", "Oracle 19c RAC", "HIS 数据库服务器", Key),
        "预约挂号数据库" => ("10.10.30.21", "MySQL 8.0.36", "虚拟化宿主机 01", Important),
        "HIS 应用中间件" => ("10.10.20.11", "WebLogic 12c", "HIS 应用服务器 01/02", Key),
        "医院信息系统（HIS）" => ("10.10.20.10", "V5.2", "服务器区", Key),
        "互联网医院平台" => ("10.20.1.10", "V2.8", "互联网区", Important),
        "运维终端" => ("10.10.9.101", "Windows 10 22H2", "信息科", Important),
        "护士站终端" => ("10.30.2.15", "Windows 10 22H2", "住院部 8 楼护士站", General),
        "重要业务数据" => ("", "", "HIS 数据库", Key),
        "重要个人信息" => ("", "", "HIS 数据库、互联网医院平台", Key),
        _ => return Profile::default(),
    };
    Profile {
        ip: ip.into(),
        os: os.into(),
        location: location.into(),
        importance: Some(importance),
        ..Profile::default()
    }
}

/// The report details of the sample: who commissioned it, the unit's particulars,
/// sign-off, descriptions, and texts for some categories and findings.
fn sample_details(store: &mut Store) -> Result<()> {
    let objects = store.objects()?;
    let uid = |name: &str| {
        objects
            .iter()
            .find(|o| o.name == name)
            .map(|o| o.uid.to_string())
            .unwrap_or_default()
    };
    let base = "gbt22239-2019";
    let mut pairs: Vec<(String, String)> = [
        ("client", "示例市卫生健康委员会"),
        ("report-date", "2026-12-01"),
        ("filing-number", "44010000000-26001"),
        ("unit-address", "示例市人民路 1 号"),
        ("unit-postcode", "510000"),
        ("unit-credit-code", "12440000MB0000000X"),
        ("unit-contact", "陈建国"),
        ("unit-contact-title", "信息科主任"),
        ("unit-contact-department", "信息科"),
        ("unit-phone", "020-00000000"),
        ("unit-email", "xxk@example.org"),
        ("agency-code", "0000"),
        ("agency-contact", "李明"),
        ("compiled-by", "李明"),
        ("compiled-on", "2026-11-25"),
        ("reviewed-by", "张华"),
        ("reviewed-on", "2026-11-28"),
        ("approved-by", "刘强"),
        ("approved-on", "2026-12-01"),
        ("grading", "业务信息安全保护等级第三级（S3），系统服务安全保护等级第三级（A3）"),
        ("grading-basis", "依据 GB/T 22240-2020 定级，经专家评审，报卫生健康主管部门审核并向公安机关备案。"),
        ("business", "医院信息系统承载门急诊挂号、收费、医生工作站、住院、药品和检验检查等核心业务，日门诊量约 6 000 人次；采用 B/S 和 C/S 混合架构，应用服务器双机负载均衡，数据库为 Oracle RAC。"),
        ("network", "院内网分为核心业务区、服务器区、办公区、设备管理区和互联网区；核心交换机双机 IRF，互联网出口部署下一代防火墙，医保专网经专线接入，各区之间以防火墙和 VLAN 隔离。"),
        ("staff", "陈建国｜信息科主任\n周涛｜网络管理员\n孙丽｜数据库管理员\n吴敏｜安全管理员"),
        ("documents", "网络安全总体方针｜V2.1\n信息系统突发事件应急预案｜V1.3\n机房管理制度｜V1.0\n账号与口令管理规定｜V1.2"),
        ("scan", "2026-11-18 对服务器区和互联网区开展漏洞扫描，发现高危漏洞 2 个（已于离场前修复并复测）、中危漏洞 11 个。"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (code, measures) in [
        (
            "PES",
            "机房配置电子门禁、视频监控、气体灭火和精密空调，设专人值守和出入登记。",
        ),
        (
            "CES",
            "服务器和数据库统一经运维堡垒机运维，启用了登录失败处理和会话超时。",
        ),
    ] {
        pairs.push((format!("category.{base}/{code}.measures"), measures.to_string()));
    }
    for (item, object, threat, harm) in [
        (
            "L3-CES1-01",
            "HIS 数据库",
            "口令猜测、越权访问",
            "数据库运维账户被冒用，患者诊疗数据可被批量读取、篡改或删除。",
        ),
        (
            "L3-SMC1-10",
            "安全管理中心",
            "事后抵赖、安全事件无法追溯",
            "日志留存不足六个月，发生安全事件时无法追溯攻击路径和责任人。",
        ),
    ] {
        let o = uid(object);
        pairs.push((format!("finding.{item}@{o}.threat"), threat.to_string()));
        pairs.push((format!("finding.{item}@{o}.harm"), harm.to_string()));
    }
    Ok(store.set_details(&pairs)?)
}

fn add_objects(store: &mut Store, total: usize) -> Result<()> {
    let add = |store: &mut Store, kind: ObjectKind, name: String, detail: &str| {
        let profile = profile_of(&name);
        store.add_object(&NewObject {
            kind,
            name,
            detail: detail.to_string(),
            profile,
        })
    };
    for (kind, name, detail) in OBJECTS {
        add(store, *kind, name.to_string(), detail)?;
    }
    let system = store.objects()?.len() - OBJECTS.len();
    for n in 0..total.saturating_sub(OBJECTS.len() + system) {
        let (kind, base) = EXTRA_KINDS[n % EXTRA_KINDS.len()];
        let number = n / EXTRA_KINDS.len() + 1;
        add(store, kind, format!("{base} {number:02}"), "同类对象抽样")?;
    }
    Ok(())
}

fn pair_of(item: &Item, object: &Object) -> Pair {
    Pair {
        item: item.clone(),
        object: object.clone(),
    }
}

/// Results for the chosen share of pairs, with a realistic spread of verdicts.
fn assess(store: &mut Store, rng: &mut Rng, percent: u8) -> Result<usize> {
    let items = store.items()?;
    let objects = store.objects()?;
    let mut written = 0;
    for item in &items {
        for object in objects.iter().filter(|o| item.applies_to.contains(&o.kind)) {
            if rng.below(100) >= percent as usize {
                continue;
            }
            let update = random_result(rng, item, &object.name);
            store.set_result(&item.id, object.id, &update)?;
            written += 1;
        }
    }
    Ok(written)
}

fn random_result(rng: &mut Rng, item: &Item, object: &str) -> ResultUpdate {
    let roll = rng.below(100);
    let mut u = ResultUpdate::default();
    if roll < 62 {
        u.verdict = Some(Verdict::Compliant);
        u.record = Some(records::compliant(item, object));
    } else if roll < 80 {
        u.verdict = Some(Verdict::Partial);
        u.record = Some(records::partial(item, object, rng.pick(records::PARTIAL_GAPS)));
        u.risk = Some(if rng.below(3) == 0 {
            Risk::Medium
        } else {
            Risk::Low
        });
        u.remediation = Some(records::remediation(item));
    } else if roll < 91 {
        u.verdict = Some(Verdict::NonCompliant);
        u.record = Some(records::non_compliant(
            item,
            object,
            rng.pick(records::NON_COMPLIANT_GAPS),
        ));
        u.risk = Some(if rng.below(2) == 0 {
            Risk::Medium
        } else {
            Risk::Low
        });
        u.remediation = Some(records::remediation(item));
    } else {
        u.verdict = Some(Verdict::NotApplicable);
        u.na_reason = Some(rng.pick(records::NA_REASONS).to_string());
    }
    u
}

/// One hand-written finding.
struct Finding {
    item: &'static str,
    object: &'static str,
    verdict: Verdict,
    record: &'static str,
    risk: Risk,
    case: Option<&'static str>,
    major: bool,
    remediation: &'static str,
    corrected: Option<(Verdict, &'static str)>,
}

const FINDINGS: &[Finding] = &[
    Finding {
        item: "L3-CES1-01",
        object: "HIS 数据库",
        verdict: Verdict::NonCompliant,
        record: "经现场核查和测试，HIS 数据库 system、sys 之外的运维账户 hisadmin 使用与用户名相同的弱口令，且未设置 PASSWORD_VERIFY_FUNCTION 口令复杂度校验函数。",
        risk: Risk::High,
        case: Some("6.4.1.1"),
        major: false,
        remediation: "立即修改弱口令；为所有概要文件启用口令复杂度校验函数，设置 90 天有效期，并对全部数据库账户开展一次口令核查。",
        corrected: None,
    },
    Finding {
        item: "L3-SMC1-10",
        object: "安全管理中心",
        verdict: Verdict::NonCompliant,
        record: "经现场核查，日志审计系统存储空间不足，仅保留近 60 天的网络设备、服务器和数据库日志，不满足留存不少于六个月的要求。",
        risk: Risk::High,
        case: Some("6.5.1.2"),
        major: true,
        remediation: "扩容日志审计系统存储或增设归档存储，将日志留存策略调整为不少于 180 天，并定期核验留存情况。",
        corrected: None,
    },
    Finding {
        item: "L3-CES1-30",
        object: "重要业务数据",
        verdict: Verdict::Partial,
        record: "经访谈和核查，核心业务数据每日凌晨通过备份软件向灾备机房传输一次全量备份，未实现实时异地备份。",
        risk: Risk::Medium,
        case: None,
        major: false,
        remediation: "部署数据库实时复制（如 Data Guard）将核心数据实时同步至灾备机房，并定期开展切换演练。",
        corrected: None,
    },
    Finding {
        item: "L3-CES1-22",
        object: "HIS 应用服务器 01",
        verdict: Verdict::NonCompliant,
        record: "经现场核查，HIS 应用服务器 01 未部署主机入侵检测软件，无法对针对该服务器的入侵行为进行检测和告警。",
        risk: Risk::Medium,
        case: None,
        major: false,
        remediation: "在核心服务器部署主机入侵检测（HIDS/EDR）并接入安全管理中心告警。",
        corrected: Some((
            Verdict::Partial,
            "服务器区边界部署的入侵防御系统可检测针对服务器的网络攻击并告警，部分弥补主机层入侵检测的缺失。",
        )),
    },
    Finding {
        item: "L3-MMS1-43",
        object: "安全管理",
        verdict: Verdict::Partial,
        record: "经访谈和文档审查，已制定《信息系统突发事件应急预案》并组织过培训，但近一年未开展应急演练，无演练记录。",
        risk: Risk::Medium,
        case: None,
        major: false,
        remediation: "制定年度应急演练计划，至少每年开展一次 HIS 停机和数据恢复演练，并留存演练记录和总结。",
        corrected: None,
    },
];

fn key_findings(store: &mut Store) -> Result<usize> {
    let objects = store.objects()?;
    let mut written = 0;
    for f in FINDINGS {
        let Some(object) = objects.iter().find(|o| o.name == f.object) else {
            continue;
        };
        let update = ResultUpdate {
            verdict: Some(f.verdict),
            record: Some(f.record.to_string()),
            risk: Some(f.risk),
            high_risk_case: f.case.map(str::to_string),
            major_hidden_risk: Some(f.major),
            remediation: Some(f.remediation.to_string()),
            corrected_verdict: f.corrected.map(|(v, _)| v),
            correction_rationale: f.corrected.map(|(_, r)| r.to_string()),
            ..ResultUpdate::default()
        };
        store.set_result(f.item, object.id, &update)?;
        written += 1;
    }
    Ok(written)
}

/// Interviews, screenshots, configuration exports and notes, linked to assessed pairs
/// (the hand-written findings first).
fn add_evidence(store: &mut Store, rng: &mut Rng, count: usize) -> Result<usize> {
    let objects = store.objects()?;
    let items = store.items()?;
    let id_of = |name: &str| objects.iter().find(|o| o.name == name).map(|o| o.id);
    let interviews = [
        (
            "L3-PSS1-01",
            "安全管理",
            "陈建国",
            "信息科主任",
            "2026-11-16T09:30:00+08:00",
            "医院已发布《网络安全总体方针》，每年由网络安全领导小组评审一次，最近一次评审为 2026 年 3 月。",
        ),
        (
            "L3-CNS1-03",
            "整体网络",
            "周涛",
            "网络管理员",
            "2026-11-17T10:00:00+08:00",
            "院内网划分为核心业务区、服务器区、办公区、设备管理区和互联网区，各区通过防火墙和 VLAN 隔离。",
        ),
        (
            "L3-CES1-29",
            "重要业务数据",
            "孙丽",
            "数据库管理员",
            "2026-11-17T14:30:00+08:00",
            "HIS 数据库每日 01:00 全量备份至本地备份一体机，每周抽一份做恢复测试，测试记录在备份系统中。",
        ),
    ];
    let mut added = 0;
    for (item, object, who, role, at, summary) in interviews {
        let found = (
            objects.iter().find(|o| o.name == object),
            items.iter().find(|i| i.id == item),
        );
        let ((Some(o), Some(i)), true) = (found, added < count) else {
            continue;
        };
        let at = crate::domain::time::parse_time(at).map_err(OpsError::Input)?;
        let interview = Interview {
            who: who.into(),
            role: role.into(),
            at,
            summary: summary.into(),
        };
        attach::interview(store, &interview, &pair_of(i, o))?;
        added += 1;
    }
    let results = store.results()?;
    let findings: Vec<(String, i64)> = FINDINGS
        .iter()
        .filter_map(|f| id_of(f.object).map(|o| (f.item.to_string(), o)))
        .collect();
    let mut others: Vec<(String, i64)> = results
        .iter()
        .filter(|r| !findings.contains(&(r.item_id.clone(), r.object_id)))
        .map(|r| (r.item_id.clone(), r.object_id))
        .collect();
    others.sort();
    let targets: Vec<(String, i64)> = findings.into_iter().chain(others).collect();
    if targets.is_empty() {
        return Ok(added);
    }
    for n in 0..count.saturating_sub(added) {
        let (item, oid) = &targets[n % targets.len()];
        let object = objects
            .iter()
            .find(|o| o.id == *oid)
            .map(|o| o.name.clone())
            .unwrap_or_default();
        let (new, bytes) = evidence_piece(rng, n, item, &object);
        store.add_evidence(&mut Cursor::new(bytes), &new, item, *oid, None)?;
        added += 1;
    }
    Ok(added)
}

/// The n-th generated piece: a screenshot, a configuration export or a note.
fn evidence_piece(rng: &mut Rng, n: usize, item: &str, object: &str) -> (NewEvidence, Vec<u8>) {
    let day = 16 + (n % 5);
    let captured_at = format!("2026-11-{day:02}T0{}:{:02}:00Z", 1 + n % 8, (n * 7) % 60);
    let (kind, name, media, method, bytes) = match n % 3 {
        0 => {
            let png = screenshot(rng, 160, 100);
            (
                EvidenceKind::File,
                format!("{object}-{item}-配置截图-{n:04}.png"),
                "image/png",
                Method::Examine,
                png,
            )
        }
        1 => {
            let text = format!(
                "# {object} 配置导出（{item}）\nsysname {object}\nlocal-user admin class manage\n password irreversible-cipher ******\n service-type ssh https\nacl number 3001\n rule 5 permit tcp source 10.10.90.0 0.0.0.255 destination-port eq 22\n rule 100 deny ip\n# 导出序号 {n}\n"
            );
            (
                EvidenceKind::File,
                format!("{object}-配置导出-{n:04}.txt"),
                "text/plain; charset=utf-8",
                Method::Examine,
                text.into_bytes(),
            )
        }
        _ if n == 2 || n == 5 => {
            let (what, found) = if n == 2 {
                (
                    "漏洞扫描",
                    "高危 2 个（OpenSSH 版本过低、Redis 未授权访问），中危 7 个，低危 15 个",
                )
            } else {
                ("渗透测试", "自互联网区可经门户弱口令登录后台，未能进入核心业务区")
            };
            let text = format!("{what}结果摘要（{object}，{item}）：{found}。完整报告已留存。");
            (
                EvidenceKind::Text,
                format!("{what}结果摘要-{n:04}.txt"),
                "text/plain; charset=utf-8",
                Method::Test,
                text.into_bytes(),
            )
        }
        _ => {
            let text = format!("现场记录 {n}：{object}（{item}）已核查，相关截图与配置已留存。");
            (
                EvidenceKind::Text,
                format!("现场记录-{n:04}.txt"),
                "text/plain; charset=utf-8",
                Method::Test,
                text.into_bytes(),
            )
        }
    };
    let new = NewEvidence {
        kind,
        name,
        media_type: media.to_string(),
        captured_at,
        method: Some(method),
        // One piece shows patient data: it stays out of bundles unless asked for.
        sensitive: n == 4,
        note: String::new(),
        source_path: String::new(),
        followed_symlink: false,
        // Two of the notes are a scanner's and a penetration test's summaries.
        tool_report: match n {
            2 => Some(ToolReport {
                kind: ToolReportKind::Scan,
                tool: "漏洞扫描系统 V6.0（示例）".into(),
            }),
            5 => Some(ToolReport {
                kind: ToolReportKind::Pentest,
                tool: "渗透测试工具集 2026.3（示例）".into(),
            }),
            _ => None,
        },
    };
    (new, bytes)
}

/// A small picture that looks like a configuration screen: a title bar and lines of text.
fn screenshot(rng: &mut Rng, w: u32, h: u32) -> Vec<u8> {
    let mut px = vec![245u8; (w * h * 3) as usize];
    let mut fill = |x0: u32, y0: u32, x1: u32, y1: u32, rgb: [u8; 3]| {
        for y in y0..y1.min(h) {
            for x in x0..x1.min(w) {
                let i = ((y * w + x) * 3) as usize;
                px[i..i + 3].copy_from_slice(&rgb);
            }
        }
    };
    fill(0, 0, w, 18, [32, 74, 135]);
    let mut y = 28;
    while y + 6 < h {
        let len = 40 + rng.below((w - 60) as usize) as u32;
        fill(10, y, 10 + len, y + 5, [90, 90, 90]);
        y += 12;
    }
    png::encode_rgb(w, h, &px)
}
