//! Helpers shared by the benchmarks: timing whole processes, their peak memory and the
//! bytes they wrote, and summarising samples as median and spread.
#![allow(dead_code)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub fn run_ok(cmd: &mut Command) {
    let status = cmd.stdout(Stdio::null()).status().unwrap();
    assert!(status.success(), "{cmd:?} failed");
}

/// What one child process cost.
#[derive(Debug, Clone, Copy)]
pub struct Cost {
    pub secs: f64,
    /// Peak resident memory, KiB.
    pub rss_kib: i64,
    /// Bytes written to storage (the kernel's block-output count).
    pub written: u64,
}

/// Wall time, peak RSS and bytes written of one child process.
#[allow(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4, which also gives its rusage"
)]
pub fn measure(cmd: &mut Command) -> Cost {
    let start = Instant::now();
    let child = cmd.stdout(Stdio::null()).spawn().unwrap();
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waiting for our own child with valid out-pointers.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    assert!(
        pid > 0 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{cmd:?} failed"
    );
    Cost {
        secs: secs(elapsed),
        rss_kib: usage.ru_maxrss,
        written: usage.ru_oublock as u64 * 512,
    }
}

/// Wall time in seconds and peak RSS in KiB of one child process.
pub fn timed(cmd: &mut Command) -> (f64, i64) {
    let c = measure(cmd);
    (c.secs, c.rss_kib)
}

pub fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

pub fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// `median (min–max)` of samples, in seconds.
pub fn spread(v: &mut [f64]) -> String {
    v.sort_by(f64::total_cmp);
    format!("{:.2} s ({:.2}–{:.2})", v[v.len() / 2], v[0], v[v.len() - 1])
}

/// Writes `len` bytes that do not compress (xorshift), so no layer can shortcut them.
pub fn write_pseudo_random(path: &std::path::Path, len: u64) {
    use std::io::Write;
    let mut f = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path).unwrap());
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut block = vec![0u8; 1 << 20];
    let mut left = len;
    while left > 0 {
        for chunk in block.chunks_exact_mut(8) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            chunk.copy_from_slice(&x.to_le_bytes());
        }
        let n = left.min(block.len() as u64) as usize;
        f.write_all(&block[..n]).unwrap();
        left -= n as u64;
    }
    f.flush().unwrap();
}
