//! Lowercase hex, and the check that a stored value is a SHA-256 in that form.

use std::fmt::Write;

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Whether `s` is a SHA-256 digest as this tool stores it: 64 lowercase hex digits.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The first 12 digits of a digest, for names and listings; the whole text when it is
/// not a digest (never slices through a character).
pub fn short(s: &str) -> &str {
    if is_sha256(s) { &s[..12] } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_64_lowercase_hex_digits() {
        assert!(is_sha256(&"a".repeat(64)));
        assert!(!is_sha256(&"A".repeat(64)));
        assert!(!is_sha256("abc"));
        assert!(!is_sha256(&"é".repeat(32)));
        assert_eq!(short("短"), "短");
        assert_eq!(short(&"0".repeat(64)), "000000000000");
        assert_eq!(hex(&[0, 255, 16]), "00ff10");
    }
}
