//! Record presets (测评底稿): default record texts per item and object kind that an
//! evaluator or agency keeps beside the packs. Shipped ones come from
//! `checklists/presets.toml`; a `presets.toml` in a user pack folder adds its own and
//! replaces shipped ones with the same item and platform.

use std::path::PathBuf;

use serde::Deserialize;

use crate::domain::ObjectKind;

const SHIPPED: &str = include_str!("../../checklists/presets.toml");

/// The file name a user pack folder may hold presets in.
pub const FILE: &str = "presets.toml";

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    pub item: String,
    pub kinds: Vec<ObjectKind>,
    pub platform: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    preset: Vec<Preset>,
}

fn parse(name: &str, text: &str) -> Result<Vec<Preset>, String> {
    let file: File = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].lines().count().max(1))
            .unwrap_or(1);
        format!("{name}:{line}: {}", e.message().trim())
    })?;
    for p in &file.preset {
        if p.text.trim().is_empty() || p.kinds.is_empty() || p.platform.trim().is_empty() {
            return Err(format!(
                "{name}: the preset of {} ({}) needs kinds, a platform and a text",
                p.item, p.platform
            ));
        }
    }
    Ok(file.preset)
}

/// The shipped presets with each user folder's over them, and why a user file was
/// skipped.
pub fn load(user_dirs: &[PathBuf]) -> (Vec<Preset>, Vec<String>) {
    let mut presets = parse("presets.toml (shipped)", SHIPPED).unwrap_or_default();
    let mut problems = Vec::new();
    for dir in user_dirs {
        let path = dir.join(FILE);
        if !path.exists() {
            continue;
        }
        let own = crate::files::read_text(&path, 4 << 20)
            .map_err(|why| format!("{}: {why}", path.display()))
            .and_then(|text| parse(&path.display().to_string(), &text));
        match own {
            Ok(own) => {
                for p in own {
                    presets.retain(|q| !(q.item == p.item && q.platform == p.platform));
                    presets.push(p);
                }
            }
            Err(why) => problems.push(why),
        }
    }
    (presets, problems)
}

/// Checks a presets file: it parses, and every preset names an item of `catalog` and
/// only object kinds that item applies to. Returns the problems, one line each.
pub fn lint(path: &std::path::Path, catalog: &crate::catalog::Catalog) -> Vec<String> {
    let shown = path.display().to_string();
    let presets = match crate::files::read_text(path, 4 << 20)
        .map_err(|why| format!("{shown}: {why}"))
        .and_then(|text| parse(&shown, &text))
    {
        Ok(p) => p,
        Err(why) => return vec![why],
    };
    let mut problems = Vec::new();
    for p in &presets {
        let Some(item) = catalog.item(&p.item) else {
            problems.push(format!(
                "{shown}: preset {} ({}): no such item",
                p.item, p.platform
            ));
            continue;
        };
        for k in p.kinds.iter().filter(|k| !item.applies_to.contains(k)) {
            problems.push(format!(
                "{shown}: preset {} ({}): the item does not apply to {k}",
                p.item, p.platform
            ));
        }
    }
    problems
}

/// The presets for an item and an object kind, in file order.
pub fn for_pair<'a>(presets: &'a [Preset], item: &str, kind: ObjectKind) -> Vec<&'a Preset> {
    presets
        .iter()
        .filter(|p| p.item == item && p.kinds.contains(&kind))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_presets_lint_clean_and_a_bad_file_names_each_problem() {
        let (catalog, _) = crate::catalog::Catalog::shipped();
        let shipped = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/checklists/presets.toml"));
        assert_eq!(lint(shipped, &catalog), Vec::<String>::new());
        assert!(parse("shipped", SHIPPED).unwrap().len() >= 10);
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join(FILE);
        std::fs::write(
            &bad,
            "[[preset]]\nitem = \"L3-XXX-01\"\nkinds = [\"server\"]\nplatform = \"a\"\ntext = \"t\"\n\
             [[preset]]\nitem = \"L3-PES1-03\"\nkinds = [\"server\"]\nplatform = \"b\"\ntext = \"t\"\n",
        )
        .unwrap();
        let problems = lint(&bad, &catalog);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("L3-XXX-01") && problems[0].contains("no such item"));
        assert!(problems[1].contains("L3-PES1-03") && problems[1].contains("server"));
    }

    #[test]
    fn a_user_file_replaces_by_item_and_platform_and_a_bad_one_is_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE),
            "[[preset]]\nitem = \"L3-CES1-01\"\nkinds = [\"server\"]\nplatform = \"Linux\"\ntext = \"本机构底稿\"\n",
        )
        .unwrap();
        let (presets, problems) = load(&[dir.path().to_path_buf()]);
        assert!(problems.is_empty(), "{problems:?}");
        let linux = for_pair(&presets, "L3-CES1-01", ObjectKind::Server);
        assert!(linux.iter().any(|p| p.text == "本机构底稿"));
        assert_eq!(linux.iter().filter(|p| p.platform == "Linux").count(), 1);
        std::fs::write(dir.path().join(FILE), "[[preset]]\nitem = 3\n").unwrap();
        let (presets, problems) = load(&[dir.path().to_path_buf()]);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("presets.toml:2"), "{problems:?}");
        assert!(!presets.is_empty(), "the shipped ones stay");
    }
}
