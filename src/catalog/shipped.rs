//! The packs compiled into the binary, as `(file name, text)`, in listing order.

macro_rules! shipped {
    ($($file:literal),+ $(,)?) => {
        &[$(($file, include_str!(concat!("../../checklists/", $file)))),+]
    };
}

pub const PACKS: &[(&str, &str)] = shipped![
    "gbt22239-2019.toml",
    "gbt22239-2019-cloud.toml",
    "gbt22239-2019-mobile.toml",
    "gbt22239-2019-iot.toml",
    "hospital-security.toml",
    "high-risk-2025.toml",
];
