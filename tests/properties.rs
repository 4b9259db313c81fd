//! Property tests: mutated pack files, arbitrary command lines and randomly damaged
//! engagement files give a clear error — never a panic, never a hang.

mod common;
mod support;

use std::io::Write;
use std::path::Path;

use proptest::prelude::*;

const PACK: &str = include_str!("fixtures/packs/valid/site-extra.toml");

/// A mutation of a text: cut a range, insert text, duplicate a line, or change a digit.
#[derive(Debug, Clone)]
enum Mutation {
    Cut(usize, usize),
    Insert(usize, String),
    DuplicateLine(usize),
    Digit(usize, char),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0usize..40).prop_map(|(a, n)| Mutation::Cut(a, n)),
        (any::<usize>(), "(\\PC|[\\[\\]{}=\"'\\n#.,]){0,12}").prop_map(|(a, s)| Mutation::Insert(a, s)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), proptest::char::range('0', '9')).prop_map(|(a, c)| Mutation::Digit(a, c)),
    ]
}

fn boundary(s: &str, at: usize) -> usize {
    let mut at = at % (s.len() + 1);
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut s = text.to_string();
    match m {
        Mutation::Cut(a, n) => {
            let a = boundary(&s, *a);
            let b = boundary(&s, a + n);
            s.replace_range(a..b.max(a), "");
        }
        Mutation::Insert(a, t) => {
            let a = boundary(&s, *a);
            s.insert_str(a, t);
        }
        Mutation::DuplicateLine(n) => {
            let lines: Vec<&str> = s.lines().collect();
            let i = n % lines.len().max(1);
            let mut out: Vec<&str> = lines.clone();
            if let Some(l) = lines.get(i) {
                out.insert(i, l);
            }
            s = out.join("\n");
        }
        Mutation::Digit(a, c) => {
            let digits: Vec<usize> = s
                .match_indices(|ch: char| ch.is_ascii_digit())
                .map(|(i, _)| i)
                .collect();
            if !digits.is_empty() {
                let i = digits[a % digits.len()];
                s.replace_range(i..i + 1, &c.to_string());
            }
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_mutated_pack_parses_or_is_refused_with_located_diagnostics(ms in proptest::collection::vec(mutation(), 1..4)) {
        let text = ms.iter().fold(PACK.to_string(), |t, m| apply(&t, m));
        match dengbao::catalog::parse_pack("p.toml", &text, "p.toml") {
            Ok(_) => {}
            Err(diags) => {
                prop_assert!(!diags.is_empty());
                let lines = text.lines().count().max(1) + 1;
                for d in diags {
                    prop_assert!(d.line >= 1 && d.line <= lines, "{d}");
                    prop_assert!(!d.message.is_empty(), "{d}");
                    prop_assert!(!d.to_string().contains('\n') || d.message.contains('\n'), "{d}");
                }
            }
        }
    }
}

/// Words a command line is made of: commands, flags, vocabulary and hostile values.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("--asset".to_string()),
        Just("--verdict".to_string()),
        Just("--record".to_string()),
        Just("--risk".to_string()),
        Just("--reason".to_string()),
        Just("--json".to_string()),
        Just("--kind".to_string()),
        Just("--name".to_string()),
        Just("--text".to_string()),
        Just("--item".to_string()),
        Just("--starts-on".to_string()),
        Just("--ends-on".to_string()),
        Just("--high-risk-case".to_string()),
        Just("--corrected".to_string()),
        Just("--level".to_string()),
        Just("compliant".to_string()),
        Just("partial".to_string()),
        Just("high".to_string()),
        Just("L3-CES1-01".to_string()),
        Just("HIS-DB".to_string()),
        Just("主机房".to_string()),
        Just("server".to_string()),
        Just("2026-13-40".to_string()),
        Just("6.4.1.1".to_string()),
        "\\PC{0,12}",
        "[-a-z0-9]{1,10}",
    ]
}

fn command() -> impl Strategy<Value = Vec<String>> {
    let verbs = prop_oneof![
        Just(vec!["status"]),
        Just(vec!["check"]),
        Just(vec!["set"]),
        Just(vec!["info"]),
        Just(vec!["asset", "add"]),
        Just(vec!["asset", "list"]),
        Just(vec!["evidence", "list"]),
        Just(vec!["attach"]),
        Just(vec!["interview"]),
        Just(vec!["journal", "add"]),
        Just(vec!["verify"]),
    ];
    (verbs, proptest::collection::vec(word(), 0..7)).prop_map(|(v, rest)| {
        let mut out: Vec<String> = v.into_iter().map(str::to_string).collect();
        out.push("FILE".into());
        out.extend(rest);
        out
    })
}

fn run_in_process(args: &[String], file: &Path) -> (u8, String) {
    let argv: Vec<std::ffi::OsString> = std::iter::once("dengbao".into())
        .chain(args.iter().map(|a| {
            if a == "FILE" {
                file.as_os_str().to_owned()
            } else {
                a.into()
            }
        }))
        .collect();
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = dengbao::cli::main_with(argv, &mut out, &mut err);
    (code, String::from_utf8_lossy(&err).into_owned())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn any_command_line_ends_with_an_exit_code_and_at_most_one_line_of_error(args in command()) {
        let dir = tempfile::tempdir().unwrap();
        let file = support::Builder::level3(dir.path(), "e.dengbao").done();
        let result = std::panic::catch_unwind(|| run_in_process(&args, &file));
        prop_assert!(result.is_ok(), "panicked on {args:?}");
        let (code, err) = result.unwrap();
        prop_assert!(code <= 2, "{args:?} → {code}");
        if code == 2 {
            prop_assert_eq!(err.lines().count(), 1, "{:?}: {}", args, err);
            prop_assert!(err.starts_with("error: "), "{:?}: {}", args, err);
        }
        // Whatever happened, the engagement is still a sound engagement.
        let (code, _) = run_in_process(&["verify".into(), "FILE".into()], &file);
        prop_assert_eq!(code, 0, "{:?} left a file that does not verify", args);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn a_randomly_damaged_engagement_is_refused_or_read_never_a_panic_or_hang(
        damage in proptest::collection::vec((any::<u64>(), 1usize..64), 1..6)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let file = support::Builder::typical(dir.path(), "e.dengbao");
        let mut bytes = std::fs::read(&file).unwrap();
        for (at, n) in &damage {
            let at = (*at as usize) % bytes.len();
            for b in bytes.iter_mut().skip(at).take(*n) {
                *b ^= 0x5a;
            }
        }
        std::fs::File::create(&file).unwrap().write_all(&bytes).unwrap();
        for args in [&["status"][..], &["verify"][..], &["evidence", "list"][..], &["check"][..]] {
            let out = common::dengbao()
                .args(args)
                .arg(&file)
                .timeout(std::time::Duration::from_secs(60))
                .output()
                .unwrap();
            let code = out.status.code();
            prop_assert!(matches!(code, Some(0..=2)), "{args:?}: {code:?} {}", String::from_utf8_lossy(&out.stderr));
            if code == Some(2) {
                prop_assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
            }
        }
    }
}
