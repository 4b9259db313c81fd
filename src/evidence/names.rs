//! Safe file names for exported evidence: whatever name a file was attached under, the
//! exported name has no path separators, no leading dots, no control or bidirectional
//! formatting characters, is valid UTF-8 and is bounded in length.

/// Longest exported name part, in bytes (the hash prefix comes on top).
const MAX_NAME_BYTES: usize = 120;

/// Characters that would let a name pretend to be another (bidi overrides, zero-width).
fn is_format_char(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// A safe version of `name` (the last path component of it).
pub fn safe_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let mut out = String::with_capacity(last.len());
    for c in last.chars() {
        let c = match c {
            '\t' | ' ' | '\u{3000}' => ' ',
            c if c.is_control() || is_format_char(c) => continue,
            '<' | '>' | ':' | '"' | '|' | '?' | '*' => '_',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        out.push(c);
    }
    let trimmed = out.trim().trim_start_matches('.').trim();
    let squeezed: String = trimmed
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let name = if squeezed.is_empty() {
        "evidence".to_string()
    } else {
        squeezed
    };
    truncate_keeping_extension(&name, MAX_NAME_BYTES)
}

fn truncate_keeping_extension(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_string();
    }
    let (stem, ext) = match name.rfind('.') {
        Some(i) if name.len() - i <= 16 && i > 0 => (&name[..i], &name[i..]),
        _ => (name, ""),
    };
    let mut cut = max.saturating_sub(ext.len());
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{ext}", &stem[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("../../etc/passwd", "passwd")]
    #[case("/abs/path/shot.png", "shot.png")]
    #[case("C:\\Users\\li\\配置截图.png", "配置截图.png")]
    #[case("line1\nline2.txt", "line1line2.txt")]
    #[case("..", "evidence")]
    #[case(".hidden", "hidden")]
    #[case("", "evidence")]
    #[case("a\u{202E}gnp.exe", "agnp.exe")]
    #[case("what?<x>|y*.txt", "what__x__y_.txt")]
    #[case("  spaced\tout  name ", "spaced out name")]
    fn names_are_made_safe(#[case] input: &str, #[case] expected: &str) {
        assert_eq!(safe_name(input), expected);
    }

    #[test]
    fn long_names_are_bounded_and_keep_their_extension() {
        let long = format!("{}.pcap", "很长的文件名".repeat(40));
        let safe = safe_name(&long);
        assert!(safe.len() <= MAX_NAME_BYTES, "{}", safe.len());
        assert!(safe.ends_with(".pcap"));
        let ascii = "x".repeat(300);
        assert_eq!(safe_name(&ascii).len(), MAX_NAME_BYTES);
    }
}
