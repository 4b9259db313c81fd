//! The packs compiled into the binary, as `(file name, text)`, in listing order.

pub const PACKS: &[(&str, &str)] = &[
    (
        "gbt22239-2019.toml",
        include_str!("../../checklists/gbt22239-2019.toml"),
    ),
    (
        "gbt22239-2019-cloud.toml",
        include_str!("../../checklists/gbt22239-2019-cloud.toml"),
    ),
    (
        "high-risk-2025.toml",
        include_str!("../../checklists/high-risk-2025.toml"),
    ),
];
