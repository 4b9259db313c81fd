//! Errors phrased for the UI, in its language, with the fields' labels (the command
//! line phrases the same errors with its flags).

use crate::domain::Lang;
use crate::domain::result::RuleViolation;
use crate::ops::{Field, OpsError};
use crate::store::StoreError;

/// The label of a field in the UI.
pub fn field(f: Field, lang: Lang) -> &'static str {
    let (zh, en) = match f {
        Field::File => ("文件", "file"),
        Field::System => ("系统名称", "system name"),
        Field::Org => ("被测单位", "organisation"),
        Field::Level => ("等级", "level"),
        Field::Item => ("测评项", "item"),
        Field::Object | Field::ObjectName => ("测评对象", "object"),
        Field::Verdict => ("结果", "verdict"),
        Field::Record => ("结果记录", "record"),
        Field::Risk => ("风险等级", "risk"),
        Field::Reason => ("不适用理由", "reason"),
        Field::HighRiskCase => ("高风险情形", "high-risk case"),
        Field::Correction => ("修正结果", "corrected verdict"),
        Field::Text => ("文字", "text"),
        Field::Who => ("访谈对象", "who"),
        Field::Role => ("角色", "role"),
        Field::At => ("时间", "time"),
        Field::Summary => ("摘要", "summary"),
        Field::Where => ("地点", "place"),
        Field::What => ("内容", "what"),
        Field::StartsOn => ("进场日期", "first day"),
        Field::EndsOn => ("离场日期", "last day"),
        Field::Tool => ("工具", "tool"),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

pub fn violation(v: &RuleViolation, lang: Lang) -> String {
    match (v, lang) {
        (RuleViolation::RiskWithoutFinding(_), Lang::Zh) => "风险等级只用于部分符合或不符合的结果".into(),
        (RuleViolation::ReasonWithoutNotApplicable(_), Lang::Zh) => "不适用理由只用于不适用的结果".into(),
        (RuleViolation::CorrectionWithoutRationale, Lang::Zh) => "修正结果需要填写修正理由".into(),
        (RuleViolation::UnknownCase(c), Lang::Zh) => format!("高风险情形 {c} 不在本次测评的高风险指引中"),
        (v, Lang::En) => v.to_string(),
    }
}

pub fn error(e: &OpsError, lang: Lang) -> String {
    match (e, lang) {
        (OpsError::Rule(v), _) => violation(v, lang),
        (OpsError::Empty(f), Lang::Zh) => format!("{}不能为空", field(*f, lang)),
        (OpsError::Empty(f), Lang::En) => format!("{} is empty", field(*f, lang)),
        (OpsError::Store(s), Lang::Zh) => store(s),
        (e, _) => e.to_string(),
    }
}

fn store(e: &StoreError) -> String {
    match e {
        StoreError::NotFound { path } => format!("{path}：文件不存在"),
        StoreError::Locked { path } => format!("{path}：已在另一个 dengbao 进程中打开，请先在那里关闭"),
        StoreError::DiskFull { path } => format!("{path}：磁盘已满，未做任何修改；请腾出空间后重试"),
        StoreError::ReadOnly { path } => format!("{path}：文件或所在目录只读，不能修改"),
        StoreError::NotOurs { path, reason } => format!("{path}：不是 dengbao 测评文件（{reason}）"),
        StoreError::Corrupt { path, reason } => format!("{path}：文件已损坏（{reason}），未做修改"),
        StoreError::Truncated { path, reason } => format!("{path}：文件不完整（{reason}），未做修改"),
        StoreError::FromTheFuture {
            path,
            found,
            supported,
        } => {
            format!("{path}：由更新版本的 dengbao 写入（版本 {found}，本程序支持到 {supported}），未做修改")
        }
        other => other.to_string(),
    }
}
