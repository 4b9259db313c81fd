//! Closed vocabularies of the domain: verdicts, risks, object kinds, areas, methods and
//! the other short words that packs, the command line, the store and reports share.
//!
//! Each vocabulary is declared once here, with its wire name (used in TOML, JSON, SQL and
//! on the command line) and its Chinese and English labels; everything else derives
//! from these declarations.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value that is not part of a vocabulary, with the values that are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} '{value}' (accepted: {})", accepted.join(", "))]
pub struct UnknownValue {
    pub what: &'static str,
    pub value: String,
    pub accepted: Vec<&'static str>,
}

/// Language of user-facing text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal {
        $($(#[$vmeta:meta])* $variant:ident = $wire:literal, $zh:literal, $en:literal;)+
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The wire name used in files, JSON and on the command line.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }

            /// The label shown to people.
            pub fn label(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(($name::$variant, Lang::Zh) => $zh, ($name::$variant, Lang::En) => $en,)+
                }
            }

            /// The value a person or a spreadsheet wrote: the Chinese label, the English
            /// label or the wire name (case aside), surrounding blanks ignored.
            pub fn from_label(text: &str) -> Option<$name> {
                let t = text.trim();
                Self::ALL.iter().copied().find(|v| {
                    t == v.label(Lang::Zh)
                        || t.eq_ignore_ascii_case(v.label(Lang::En))
                        || t.eq_ignore_ascii_case(v.as_str())
                })
            }

            /// Wire names of every value, for error messages and help.
            pub fn names() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.as_str()).collect()
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s).ok_or_else(|| UnknownValue {
                    what: $what,
                    value: s.to_string(),
                    accepted: Self::names(),
                })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

vocabulary! {
    /// The verdict of one item for one object (测评结果).
    Verdict, "verdict" {
        NotAssessed = "not-assessed", "未测评", "Not assessed";
        Compliant = "compliant", "符合", "Compliant";
        Partial = "partial", "部分符合", "Partially compliant";
        NonCompliant = "non-compliant", "不符合", "Non-compliant";
        NotApplicable = "not-applicable", "不适用", "Not applicable";
    }
}

impl Verdict {
    /// A result with this verdict is a finding (a problem to rate and remediate).
    pub fn is_finding(self) -> bool {
        matches!(self, Verdict::Partial | Verdict::NonCompliant)
    }
}

vocabulary! {
    /// Risk rating of a finding.
    Risk, "risk" {
        High = "high", "高", "High";
        Medium = "medium", "中", "Medium";
        Low = "low", "低", "Low";
    }
}

impl Risk {
    /// Listing order of findings: high first, unrated last.
    pub fn rank(risk: Option<Risk>) -> u8 {
        match risk {
            Some(Risk::High) => 0,
            Some(Risk::Medium) => 1,
            Some(Risk::Low) => 2,
            None => 3,
        }
    }
}

/// A protection level as people write it: "第三级" / "Level 3".
pub fn level_label(level: u8, lang: Lang) -> String {
    const ZH: [&str; 6] = ["", "第一级", "第二级", "第三级", "第四级", "第五级"];
    match lang {
        Lang::Zh => ZH.get(level as usize).copied().unwrap_or("").to_string(),
        Lang::En => format!("Level {level}"),
    }
}

vocabulary! {
    /// Kind of an evaluated object (测评对象).
    ObjectKind, "object kind" {
        MachineRoom = "machine-room", "机房", "Machine room";
        Network = "network", "网络", "Network";
        Boundary = "boundary", "区域边界", "Boundary";
        NetworkDevice = "network-device", "网络设备", "Network device";
        SecurityDevice = "security-device", "安全设备", "Security device";
        Server = "server", "服务器", "Server";
        Database = "database", "数据库", "Database";
        Middleware = "middleware", "中间件", "Middleware";
        Application = "application", "业务应用", "Application";
        Terminal = "terminal", "终端", "Terminal";
        Data = "data", "数据", "Data";
        Management = "management", "安全管理", "Management";
        ManagementCentre = "management-centre", "安全管理中心", "Security management centre";
        WirelessAccess = "wireless-access", "无线接入设备", "Wireless access device";
        MobileTerminal = "mobile-terminal", "移动终端", "Mobile terminal";
        MobileApp = "mobile-app", "移动应用", "Mobile application";
        SensingNode = "sensing-node", "感知节点设备", "Sensing node";
        SensingGateway = "sensing-gateway", "感知网关节点", "Sensing gateway";
    }
}

vocabulary! {
    /// Importance of an evaluated object (重要程度), as the report's asset tables give it.
    Importance, "importance" {
        Key = "key", "关键", "Key";
        Important = "important", "重要", "Important";
        General = "general", "一般", "General";
    }
}

vocabulary! {
    /// Mission area, used for filters and report sections.
    Area, "area" {
        Datacenter = "datacenter", "数据中心", "Data center";
        Network = "network", "网络", "Network";
        Terminal = "terminal", "终端", "Terminal";
        Backup = "backup", "容灾备份", "Backup and recovery";
        Management = "management", "管理", "Management";
    }
}

vocabulary! {
    /// Test method (测评方法).
    Method, "method" {
        Interview = "interview", "访谈", "Interview";
        Examine = "examine", "核查", "Examine";
        Test = "test", "测试", "Test";
    }
}

vocabulary! {
    /// What a tool report (scanner or penetration-test output) is, for appendices E and F.
    ToolReportKind, "tool report" {
        Scan = "scan", "漏洞扫描", "Vulnerability scan";
        Pentest = "pentest", "渗透测试", "Penetration test";
    }
}

vocabulary! {
    /// GB/T 22239 Annex A attribute of a control point.
    Sga, "S/A/G attribute" {
        S = "S", "业务信息安全", "Information security";
        A = "A", "系统服务保证", "Service assurance";
        G = "G", "通用", "General";
    }
}

vocabulary! {
    /// Who a cloud-extension item falls to.
    CloudScope, "cloud scope" {
        Platform = "platform", "云计算平台", "Cloud platform";
        Tenant = "tenant", "云服务客户", "Cloud tenant";
        Both = "both", "平台和客户", "Platform and tenant";
    }
}

vocabulary! {
    /// Hospital grade of the hospital profile, lowest first.
    HospitalGrade, "hospital grade" {
        II = "II", "二级", "Grade II";
        IIIB = "III-B", "三级乙等", "Grade III-B";
        IIIA = "III-A", "三级甲等", "Grade III-A";
    }
}

vocabulary! {
    /// Conclusion rule set.
    RuleSet, "rule set" {
        R2025 = "2025", "2025 版报告模板", "2025 report template";
        R2021 = "2021", "2021 版报告模板", "2021 report template";
    }
}

vocabulary! {
    /// Role of a pack in an engagement.
    PackRole, "pack role" {
        Baseline = "baseline", "基本要求", "Baseline";
        Extension = "extension", "扩展要求", "Extension";
        Profile = "profile", "行业要求", "Profile";
        Reference = "reference", "参考", "Reference";
    }
}

impl Lang {
    /// The language's code: `zh` or `en`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

impl FromStr for Lang {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "zh" => Ok(Lang::Zh),
            "en" => Ok(Lang::En),
            _ => Err(UnknownValue {
                what: "language",
                value: s.to_string(),
                accepted: vec!["zh", "en"],
            }),
        }
    }
}

/// Text in both languages of the tool.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    #[serde(default)]
    pub zh: String,
    #[serde(default)]
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    pub fn is_complete(&self) -> bool {
        !self.zh.trim().is_empty() && !self.en.trim().is_empty()
    }
}

/// A list of short phrases in both languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextList {
    #[serde(default)]
    pub zh: Vec<String>,
    #[serde(default)]
    pub en: Vec<String>,
}

impl TextList {
    pub fn is_complete(&self) -> bool {
        let filled = |v: &Vec<String>| !v.is_empty() && v.iter().all(|s| !s.trim().is_empty());
        filled(&self.zh) && filled(&self.en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip_for_every_vocabulary_value() {
        for v in Verdict::ALL {
            assert_eq!(v.as_str().parse::<Verdict>().unwrap(), *v);
        }
        for k in ObjectKind::ALL {
            assert_eq!(k.as_str().parse::<ObjectKind>().unwrap(), *k);
        }
        for g in HospitalGrade::ALL {
            assert_eq!(g.as_str().parse::<HospitalGrade>().unwrap(), *g);
        }
    }

    #[test]
    fn unknown_value_names_the_value_and_the_accepted_ones() {
        let err = "passed".parse::<Verdict>().unwrap_err().to_string();
        assert_eq!(
            err,
            "unknown verdict 'passed' (accepted: not-assessed, compliant, partial, non-compliant, not-applicable)"
        );
    }

    #[test]
    fn only_partial_and_non_compliant_are_findings() {
        let findings: Vec<_> = Verdict::ALL.iter().filter(|v| v.is_finding()).collect();
        assert_eq!(findings, [&Verdict::Partial, &Verdict::NonCompliant]);
    }
}
