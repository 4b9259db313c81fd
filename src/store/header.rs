//! Checks of the first 100 bytes of an engagement file, done with plain reads before
//! SQLite opens it, so a file that is not ours is never touched.

use std::fs::File;
use std::io::Read;

use super::schema::{APPLICATION_ID, current_version};
use super::{Result, StoreError};

pub struct HeaderFacts {
    pub wal: bool,
    /// Schema version (`user_version`); older than ours means the file needs upgrading.
    pub version: i32,
}

/// Reads the header facts; `check_size` compares the size the header states with the
/// file's (only meaningful without a write-ahead log, which may hold pages the file does
/// not have yet).
pub fn read(file: &mut File, path: &str, check_size: bool) -> Result<HeaderFacts> {
    let io = |e| StoreError::Io {
        path: path.to_string(),
        source: e,
    };
    let len = file.metadata().map_err(io)?.len();
    let mut h = [0u8; 100];
    let mut filled = 0;
    while filled < h.len() {
        let n = file.read(&mut h[filled..]).map_err(io)?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    let not_ours = |reason: &str| StoreError::NotOurs {
        path: path.to_string(),
        reason: reason.to_string(),
    };
    if filled < 16 || &h[..16] != b"SQLite format 3\0" {
        return Err(not_ours(if len == 0 {
            "the file is empty"
        } else {
            "not an SQLite database"
        }));
    }
    if filled < h.len() {
        return Err(StoreError::Truncated {
            path: path.to_string(),
            reason: format!("{len} bytes, shorter than its header"),
        });
    }
    let be32 = |at: usize| u32::from_be_bytes([h[at], h[at + 1], h[at + 2], h[at + 3]]);
    let app_id = be32(68) as i32;
    if app_id != APPLICATION_ID {
        return Err(not_ours(&format!("application id {app_id:#x}")));
    }
    let version = be32(60) as i32;
    if version > current_version() {
        return Err(StoreError::FromTheFuture {
            path: path.to_string(),
            found: version,
            supported: current_version(),
        });
    }
    if version < 1 {
        return Err(not_ours("its creation never finished"));
    }
    let page_size = match u16::from_be_bytes([h[16], h[17]]) {
        1 => 65536,
        n => u64::from(n),
    };
    let pages = u64::from(be32(28));
    // The in-header page count is only valid when "version-valid-for" matches the
    // change counter.
    if check_size && be32(92) == be32(24) && len < page_size * pages {
        return Err(StoreError::Truncated {
            path: path.to_string(),
            reason: format!("{len} bytes, the header says {}", page_size * pages),
        });
    }
    Ok(HeaderFacts {
        wal: h[18] == 2 && h[19] == 2,
        version,
    })
}
