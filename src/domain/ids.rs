//! Stable identity: every engagement, object, piece of evidence, journal entry and result
//! revision carries a UUID from its creation, so two copies of an engagement can be
//! merged and exports name things the same way every time.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A UUID in its hyphenated lowercase form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Uid(String);

impl Uid {
    /// A random (version 4) UUID.
    pub fn random() -> Uid {
        Uid(uuid::Uuid::new_v4().to_string())
    }

    /// A version-4 UUID made from given bytes: deterministic generators (the sample)
    /// bring their own randomness.
    pub fn from_random_bytes(bytes: [u8; 16]) -> Uid {
        Uid(uuid::Builder::from_random_bytes(bytes).into_uuid().to_string())
    }

    /// Parses a stored or typed UUID; `None` when `s` is not one.
    pub fn parse(s: &str) -> Option<Uid> {
        uuid::Uuid::parse_str(s)
            .ok()
            .map(|u| Uid(u.hyphenated().to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Uid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_are_hyphenated_lowercase_and_parse_back() {
        let u = Uid::random();
        assert_eq!(u.as_str().len(), 36);
        assert_eq!(Uid::parse(u.as_str()), Some(u.clone()));
        assert_eq!(
            Uid::parse(&u.as_str().to_uppercase()),
            Some(u),
            "stored in one form"
        );
        assert_eq!(Uid::parse("not-a-uid"), None);
        let a = Uid::from_random_bytes([7; 16]);
        assert_eq!(a, Uid::from_random_bytes([7; 16]));
    }
}
