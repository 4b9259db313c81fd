//! Opening files users name, safely: without blocking on a FIFO, refusing what is not a
//! regular file, and reading text with a size limit.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::Path;

/// Opens `path` for reading without waiting for a writer (a FIFO would block for ever);
/// the type is then checked on the opened handle, so the path cannot change in between.
pub fn open_without_blocking(path: &Path) -> std::io::Result<File> {
    let mut o = OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK);
    }
    o.open(path)
}

/// What a path that is not a regular file is.
pub fn not_a_file(meta: &std::fs::Metadata) -> &'static str {
    let ft = meta.file_type();
    if ft.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_char_device() || ft.is_block_device() {
            return "a device";
        }
    }
    "not a regular file"
}

/// Reads a regular file of at most `limit` bytes as UTF-8 text; the error says why not.
pub fn read_text(path: &Path, limit: u64) -> Result<String, String> {
    let unreadable = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => "does not exist".to_string(),
        _ => format!("cannot be read ({e})"),
    };
    let file = open_without_blocking(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(format!("is {}, not a file", not_a_file(&meta)));
    }
    if meta.len() > limit {
        return Err(format!("is larger than {} MiB", limit >> 20));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(format!("is larger than {} MiB", limit >> 20));
    }
    String::from_utf8(bytes)
        .map_err(|e| format!("is not UTF-8 text (at byte {})", e.utf8_error().valid_up_to()))
}
