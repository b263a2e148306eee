//! A small, bounded zip reader: central directory walk, stored and deflated
//! entries, minimal Zip64. Declared sizes are checked against the limits
//! before anything is inflated, and inflation is capped.

use std::borrow::Cow;

use super::Limits;

/// A deflated entry is only judged by its ratio when it inflates to at least this.
const RATIO_FLOOR: u64 = 1 << 20;

const SIG_LOCAL: u32 = 0x0403_4b50;
const SIG_CENTRAL: u32 = 0x0201_4b50;
const SIG_EOCD: u32 = 0x0605_4b50;
const SIG_EOCD64: u32 = 0x0606_4b50;
const SIG_EOCD64_LOCATOR: u32 = 0x0706_4b50;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ZipError {
    Corrupt(String),
    Bomb(String),
    Unsupported(String),
}

#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub name: String,
    pub method: u16,
    pub flags: u16,
    pub crc: u32,
    pub compressed: u64,
    pub uncompressed: u64,
    pub local_offset: u64,
}

impl Entry {
    pub fn is_dir(&self) -> bool {
        self.name.ends_with('/')
    }
}

#[derive(Debug)]
pub(crate) struct Archive<'a> {
    data: &'a [u8],
    pub entries: Vec<Entry>,
}

fn rd_u16(d: &[u8], at: usize) -> Option<u16> {
    let b: [u8; 2] = d.get(at..at.checked_add(2)?)?.try_into().ok()?;
    Some(u16::from_le_bytes(b))
}

fn rd_u32(d: &[u8], at: usize) -> Option<u32> {
    let b: [u8; 4] = d.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_le_bytes(b))
}

fn rd_u64(d: &[u8], at: usize) -> Option<u64> {
    let b: [u8; 8] = d.get(at..at.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_le_bytes(b))
}

fn corrupt<T>(msg: impl Into<String>) -> Result<T, ZipError> {
    Err(ZipError::Corrupt(msg.into()))
}

fn to_usize(v: u64) -> Option<usize> {
    usize::try_from(v).ok()
}

/// Finds the End Of Central Directory record: in the last 64 KiB + 22 bytes.
fn find_eocd(data: &[u8]) -> Option<usize> {
    if data.len() < 22 {
        return None;
    }
    let last = data.len() - 22;
    let first = last.saturating_sub(0xFFFF);
    (first..=last).rev().find(|&p| {
        rd_u32(data, p) == Some(SIG_EOCD)
            && rd_u16(data, p + 20).is_some_and(|c| p + 22 + usize::from(c) <= data.len())
    })
}

/// Reads the central directory and checks archive-wide bounds.
pub(crate) fn open<'a>(data: &'a [u8], limits: &Limits) -> Result<Archive<'a>, ZipError> {
    let Some(eocd) = find_eocd(data) else {
        return corrupt("no end of central directory record (truncated or not a zip)");
    };
    let disk = rd_u16(data, eocd + 4).unwrap_or(0);
    let cd_disk = rd_u16(data, eocd + 6).unwrap_or(0);
    let mut count = u64::from(rd_u16(data, eocd + 10).unwrap_or(0));
    let mut cd_size = u64::from(rd_u32(data, eocd + 12).unwrap_or(0));
    let mut cd_offset = u64::from(rd_u32(data, eocd + 16).unwrap_or(0));
    if disk != 0 || cd_disk != 0 {
        return Err(ZipError::Unsupported("multi-disk zip archive".into()));
    }
    if count == 0xFFFF || cd_size == 0xFFFF_FFFF || cd_offset == 0xFFFF_FFFF {
        // Zip64: a locator sits just before the EOCD record.
        let loc = eocd.checked_sub(20);
        match loc.filter(|&l| rd_u32(data, l) == Some(SIG_EOCD64_LOCATOR)) {
            Some(l) => {
                let rec = rd_u64(data, l + 8).and_then(to_usize);
                let Some(rec) = rec.filter(|&r| rd_u32(data, r) == Some(SIG_EOCD64)) else {
                    return corrupt("zip64 end of central directory record missing");
                };
                match (
                    rd_u64(data, rec + 32),
                    rd_u64(data, rec + 40),
                    rd_u64(data, rec + 48),
                ) {
                    (Some(c), Some(s), Some(o)) => {
                        count = c;
                        cd_size = s;
                        cd_offset = o;
                    }
                    _ => return corrupt("zip64 end of central directory record truncated"),
                }
            }
            None if count == 0xFFFF && cd_size != 0xFFFF_FFFF && cd_offset != 0xFFFF_FFFF => {
                // Exactly 65535 entries, no Zip64 needed.
            }
            None => return corrupt("zip64 archive without a zip64 locator"),
        }
    }
    if count > limits.max_entries as u64 {
        return Err(ZipError::Bomb(format!(
            "{count} entries (limit {})",
            limits.max_entries
        )));
    }
    let cd_end = cd_offset.checked_add(cd_size);
    let (Some(start), Some(end)) = (to_usize(cd_offset), cd_end.and_then(to_usize)) else {
        return corrupt("central directory offset out of range");
    };
    let Some(cd) = data.get(start..end) else {
        return corrupt("central directory lies outside the file");
    };
    if count.saturating_mul(46) > cd_size {
        return corrupt(format!(
            "central directory of {cd_size} bytes cannot hold {count} entries"
        ));
    }
    // `count` is bounded by max_entries and by the directory size.
    let mut entries = Vec::with_capacity(to_usize(count).unwrap_or(0).min(4096));
    let mut p = 0usize;
    for i in 0..count {
        if rd_u32(cd, p) != Some(SIG_CENTRAL) {
            return corrupt(format!("central directory entry {i} has a bad signature"));
        }
        let (
            Some(flags),
            Some(method),
            Some(crc),
            Some(csize),
            Some(usize_),
            Some(nlen),
            Some(elen),
            Some(clen),
            Some(off),
        ) = (
            rd_u16(cd, p + 8),
            rd_u16(cd, p + 10),
            rd_u32(cd, p + 16),
            rd_u32(cd, p + 20),
            rd_u32(cd, p + 24),
            rd_u16(cd, p + 28),
            rd_u16(cd, p + 30),
            rd_u16(cd, p + 32),
            rd_u32(cd, p + 42),
        )
        else {
            return corrupt(format!("central directory entry {i} is truncated"));
        };
        let name_start = p + 46;
        let extra_start = name_start + usize::from(nlen);
        let next = extra_start + usize::from(elen) + usize::from(clen);
        let (Some(name), Some(extra)) = (
            cd.get(name_start..extra_start),
            cd.get(extra_start..extra_start + usize::from(elen)),
        ) else {
            return corrupt(format!("central directory entry {i} is truncated"));
        };
        let mut e = Entry {
            name: String::from_utf8_lossy(name).into_owned(),
            method,
            flags,
            crc,
            compressed: u64::from(csize),
            uncompressed: u64::from(usize_),
            local_offset: u64::from(off),
        };
        apply_zip64_extra(&mut e, extra, usize_, csize, off)?;
        entries.push(e);
        p = next;
    }
    let archive = Archive { data, entries };
    archive.check_totals(limits)?;
    Ok(archive)
}

/// The Zip64 extended-information extra field (0x0001) holds, in order, the
/// 64-bit sizes and offset whose 32-bit fields are 0xFFFFFFFF.
fn apply_zip64_extra(
    e: &mut Entry,
    extra: &[u8],
    usize_: u32,
    csize: u32,
    off: u32,
) -> Result<(), ZipError> {
    if usize_ != u32::MAX && csize != u32::MAX && off != u32::MAX {
        return Ok(());
    }
    let mut p = 0usize;
    while let (Some(id), Some(len)) = (rd_u16(extra, p), rd_u16(extra, p + 2)) {
        let body = p + 4;
        if id == 1 {
            let mut q = body;
            let end = body + usize::from(len);
            let next = |q: &mut usize| -> Option<u64> {
                if *q + 8 > end {
                    return None;
                }
                let v = rd_u64(extra, *q);
                *q += 8;
                v
            };
            if usize_ == u32::MAX {
                e.uncompressed = next(&mut q)
                    .ok_or_else(|| ZipError::Corrupt(format!("{}: zip64 size missing", e.name)))?;
            }
            if csize == u32::MAX {
                e.compressed = next(&mut q)
                    .ok_or_else(|| ZipError::Corrupt(format!("{}: zip64 size missing", e.name)))?;
            }
            if off == u32::MAX {
                e.local_offset = next(&mut q).ok_or_else(|| {
                    ZipError::Corrupt(format!("{}: zip64 offset missing", e.name))
                })?;
            }
            return Ok(());
        }
        p = body + usize::from(len);
    }
    corrupt(format!(
        "{}: zip64 sizes without a zip64 extra field",
        e.name
    ))
}

impl<'a> Archive<'a> {
    /// Total declared size, and entries that share or overlap their data
    /// (the amplification trick of overlapping-entry zip bombs).
    fn check_totals(&self, limits: &Limits) -> Result<(), ZipError> {
        let total = self
            .entries
            .iter()
            .fold(0u64, |t, e| t.saturating_add(e.uncompressed));
        // Stored data cannot exceed the file; only declared sizes beyond both
        // the limit and the file's own size are an expansion.
        if total > limits.max_total_uncompressed && total > self.data.len() as u64 {
            return Err(ZipError::Bomb(format!(
                "entries declare {total} bytes uncompressed in total (limit {})",
                limits.max_total_uncompressed
            )));
        }
        let mut spans: Vec<(u64, u64)> = self
            .entries
            .iter()
            .filter(|e| !(e.is_dir() && e.compressed == 0))
            .map(|e| {
                let end = e
                    .local_offset
                    .saturating_add(30)
                    .saturating_add(e.compressed);
                (e.local_offset, end)
            })
            .collect();
        spans.sort_unstable();
        for w in spans.windows(2) {
            if let [a, b] = w {
                if b.0 < a.1 {
                    return Err(ZipError::Bomb(format!(
                        "entries overlap: data at offsets {} and {} share bytes",
                        a.0, b.0
                    )));
                }
            }
        }
        Ok(())
    }

    /// Per-entry bomb check on declared sizes (no data read).
    pub fn entry_bomb(&self, e: &Entry, limits: &Limits) -> Option<String> {
        if e.method == 0 {
            return None;
        }
        if e.compressed == 0 && e.uncompressed > 0 {
            return Some(format!(
                "declares {} bytes uncompressed from 0 compressed bytes",
                e.uncompressed
            ));
        }
        let ratio = e.uncompressed / e.compressed.max(1);
        if e.uncompressed >= RATIO_FLOOR && ratio > limits.max_ratio {
            return Some(format!(
                "compression ratio {ratio}:1 ({} bytes from {}; limit {}:1)",
                e.uncompressed, e.compressed, limits.max_ratio
            ));
        }
        None
    }

    /// Reads one entry's bytes. `budget` is the remaining total of bytes that
    /// may still be inflated. Returns the data and, if something about it is
    /// off but it could still be read, a note of what.
    pub fn read(
        &self,
        e: &Entry,
        limits: &Limits,
        budget: &mut u64,
    ) -> Result<(Cow<'a, [u8]>, Option<String>), ZipError> {
        let data: &'a [u8] = self.data;
        let Some(lh) = to_usize(e.local_offset) else {
            return corrupt("local header offset out of range");
        };
        if rd_u32(data, lh) != Some(SIG_LOCAL) {
            return corrupt("local file header missing or bad signature");
        }
        let (Some(nlen), Some(elen)) = (rd_u16(data, lh + 26), rd_u16(data, lh + 28)) else {
            return corrupt("local file header truncated");
        };
        if e.flags & 1 != 0 {
            return Err(ZipError::Unsupported("entry is encrypted".into()));
        }
        let start = lh + 30 + usize::from(nlen) + usize::from(elen);
        let raw = to_usize(e.compressed)
            .and_then(|c| start.checked_add(c))
            .and_then(|end| data.get(start..end));
        let Some(raw) = raw else {
            return corrupt(format!(
                "entry data ({} bytes at offset {start}) runs past the end of the file",
                e.compressed
            ));
        };
        let out: Cow<'a, [u8]> = match e.method {
            0 => {
                if e.compressed != e.uncompressed {
                    return corrupt("stored entry whose compressed and uncompressed sizes differ");
                }
                Cow::Borrowed(raw)
            }
            8 => {
                if e.uncompressed > limits.max_member_size {
                    return Err(ZipError::Bomb(format!(
                        "declares {} bytes uncompressed (member limit {})",
                        e.uncompressed, limits.max_member_size
                    )));
                }
                if e.uncompressed > *budget {
                    return Err(ZipError::Bomb(format!(
                        "inflating {} more bytes would exceed the total limit {}",
                        e.uncompressed, limits.max_total_uncompressed
                    )));
                }
                let Some(cap) = to_usize(e.uncompressed).and_then(|u| u.checked_add(1)) else {
                    return Err(ZipError::Bomb("declared size too large".into()));
                };
                match miniz_oxide::inflate::decompress_to_vec_with_limit(raw, cap) {
                    Ok(v) if v.len() as u64 > e.uncompressed => {
                        return Err(ZipError::Bomb(format!(
                            "inflates beyond its declared {} bytes",
                            e.uncompressed
                        )));
                    }
                    Ok(v) => {
                        *budget = budget.saturating_sub(v.len() as u64);
                        Cow::Owned(v)
                    }
                    Err(err) if err.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                        return Err(ZipError::Bomb(format!(
                            "inflates beyond its declared {} bytes",
                            e.uncompressed
                        )));
                    }
                    Err(_) => return corrupt("invalid deflate data"),
                }
            }
            m => {
                return Err(ZipError::Unsupported(format!(
                    "compression method {m} is not supported"
                )))
            }
        };
        let mut note = None;
        if out.len() as u64 != e.uncompressed {
            note = Some(format!(
                "inflates to {} bytes, {} declared",
                out.len(),
                e.uncompressed
            ));
        } else if crc32(&out) != e.crc {
            note = Some("CRC-32 mismatch".to_string());
        }
        Ok((out, note))
    }
}

// Evaluated at compile time: an out-of-range index would fail the build.
#[allow(clippy::indexing_slicing)]
const fn crc_table() -> [u32; 256] {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
}

static CRC_TABLE: [u32; 256] = crc_table();

pub(crate) fn crc32(data: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in data {
        let entry = CRC_TABLE
            .get(((c ^ u32::from(b)) & 0xFF) as usize)
            .copied()
            .unwrap_or(0);
        c = entry ^ (c >> 8);
    }
    !c
}
