//! The progress line a long scan draws on a terminal's stderr: one line, redrawn in place,
//! erased when the scan ends. Never drawn when stderr is not a terminal (CI logs,
//! redirections), with `--quiet`, or when `CI` or `TERM=dumb` says so.
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

static DRAWN: AtomicBool = AtomicBool::new(false);

/// Whether a progress line may be drawn here.
pub fn wanted(quiet: bool) -> bool {
    !quiet
        && std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none()
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

/// The line itself, e.g. `scanning: 12,345 files, 310.2 MiB, 2.4s`.
pub fn line(files: u64, bytes: u64, spent: Duration) -> String {
    format!(
        "scanning: {} files, {}, {:.1}s",
        thousands(files),
        super::human::human_bytes(bytes),
        spent.as_secs_f64()
    )
}

/// Redraws the line (`\r`, erase to the end of line).
pub fn draw(files: u64, bytes: u64, spent: Duration) {
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "\r\x1b[2K{}", line(files, bytes, spent));
    let _ = err.flush();
    DRAWN.store(true, Ordering::Relaxed);
}

/// Erases the line if one was drawn, so the report starts on a clean line.
pub fn clear() {
    if DRAWN.swap(false, Ordering::Relaxed) {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K");
        let _ = err.flush();
    }
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_reads_well() {
        assert_eq!(
            line(12345, 3 * 1024 * 1024, Duration::from_millis(2400)),
            "scanning: 12,345 files, 3.0 MiB, 2.4s"
        );
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
    }
}
