//! Wording of the sample's result records, reasons and remediation advice: plausible
//! Chinese as an evaluator writes it, chosen by a seeded generator.

use crate::catalog::Item;
use crate::domain::Method;

pub const PARTIAL_GAPS: &[&str] = &[
    "相关配置已启用，但未覆盖全部账户",
    "已有书面规定，但近半年的执行记录不完整",
    "措施已部署，但策略未按要求定期更新",
    "制度已制定，但未经审批正式发布",
    "功能已开启，但日志仅保留约 30 天",
    "已落实主要要求，但抽查发现个别对象未按规定配置",
];

pub const NON_COMPLIANT_GAPS: &[&str] = &[
    "未进行相应的安全配置",
    "未制定相关制度或操作规程",
    "未部署相应的技术措施",
    "未能提供相关记录或证明材料",
];

pub const NA_REASONS: &[&str] = &[
    "该对象不具备此项涉及的功能，由其他对象承担",
    "该对象不涉及此项要求（无远程管理、无相关数据）",
];

/// How the evaluator came to the finding, in record wording.
fn how(item: &Item) -> &'static str {
    if item.methods.contains(&Method::Test) {
        "经现场核查和测试"
    } else if item.methods.contains(&Method::Examine) {
        "经现场核查"
    } else {
        "经访谈"
    }
}

pub fn compliant(item: &Item, object: &str) -> String {
    let hint = item
        .evidence_hints
        .zh
        .first()
        .map(String::as_str)
        .unwrap_or("相关记录");
    format!(
        "{}，{object}在“{}”方面已落实该项要求；查看{hint}，与要求一致。",
        how(item),
        item.control_point.zh
    )
}

pub fn partial(item: &Item, object: &str, gap: &str) -> String {
    format!("{}，{object}已部分落实该项要求：{gap}。", how(item))
}

pub fn non_compliant(item: &Item, object: &str, gap: &str) -> String {
    format!("{}，{object}未落实该项要求：{gap}。", how(item))
}

/// Remediation advice by category.
pub fn remediation(item: &Item) -> String {
    let advice = match item.category.as_str() {
        "PES" => "完善机房物理防护设施，并建立定期巡检和维护记录",
        "CNS" => "优化网络架构与传输保护措施，关键链路和设备按要求冗余",
        "ABS" => "调整边界设备策略，按最小授权原则细化访问控制并定期清理规则",
        "CES" => "按安全基线加固该对象的配置，并将加固结果纳入变更记录",
        "SMC" => "完善集中管控措施，统一收集、分析并留存安全事件与审计数据",
        "DC" | "TS" | "NS" | "DR" => "对照医院信息化建设要求补齐该项措施，并纳入年度安全工作计划",
        _ => "补充制定并发布相关制度，明确责任人，留存执行记录",
    };
    format!("{advice}（对应 {}）。", item.id)
}
