//! Formats that hold no code: safetensors and ONNX. Only their structure is
//! checked.

use super::json::{self, Json};

/// safetensors caps its header at 100 MB.
const MAX_SAFETENSORS_HEADER: u64 = 100_000_000;

fn dtype_size(dtype: &str) -> Option<u64> {
    Some(match dtype {
        "BOOL" | "U8" | "I8" | "F8_E5M2" | "F8_E4M3" | "F8_E8M0" => 1,
        "I16" | "U16" | "F16" | "BF16" => 2,
        "I32" | "U32" | "F32" => 4,
        "I64" | "U64" | "F64" | "C64" => 8,
        _ => return None,
    })
}

/// Checks a safetensors file: an 8-byte little-endian header length, a JSON
/// object header, and tensors whose offsets lie inside the data section.
pub(crate) fn check_safetensors(data: &[u8]) -> Result<(), String> {
    let Some(len) = data.get(..8).and_then(|l| <[u8; 8]>::try_from(l).ok()) else {
        return Err("shorter than the 8-byte header length".into());
    };
    let n = u64::from_le_bytes(len);
    let body = data.len().saturating_sub(8) as u64;
    if n > body {
        return Err(format!(
            "header length {n} exceeds the {body} bytes that follow"
        ));
    }
    if n > MAX_SAFETENSORS_HEADER {
        return Err(format!("header length {n} exceeds 100 MB"));
    }
    let header_end = 8 + n as usize;
    let header = data.get(8..header_end).unwrap_or_default();
    if header.first() != Some(&b'{') {
        return Err("header does not start with '{'".into());
    }
    let header = json::parse(header).map_err(|e| format!("header is not valid JSON: {e}"))?;
    let Json::Obj(items) = header else {
        return Err("header is not a JSON object".into());
    };
    let data_len = body - n;
    for (name, t) in &items {
        if name == "__metadata__" {
            continue;
        }
        let dtype = t.get("dtype").and_then(Json::as_str);
        let shape = match t.get("shape") {
            Some(Json::Arr(dims)) => dims.iter().map(Json::as_u64).collect::<Option<Vec<u64>>>(),
            _ => None,
        };
        let offsets = match t.get("data_offsets") {
            Some(Json::Arr(o)) if o.len() == 2 => {
                match (
                    o.first().and_then(Json::as_u64),
                    o.get(1).and_then(Json::as_u64),
                ) {
                    (Some(b), Some(e)) => Some((b, e)),
                    _ => None,
                }
            }
            _ => None,
        };
        let (Some(dtype), Some(shape), Some((begin, end))) = (dtype, shape, offsets) else {
            return Err(format!(
                "tensor {name:?}: dtype, shape or data_offsets missing or invalid"
            ));
        };
        if begin > end || end > data_len {
            return Err(format!(
                "tensor {name:?}: data_offsets [{begin}, {end}] outside the {data_len}-byte data section"
            ));
        }
        if let Some(size) = dtype_size(dtype) {
            let expected = shape.iter().try_fold(size, |acc, &d| acc.checked_mul(d));
            if expected != Some(end - begin) {
                return Err(format!(
                    "tensor {name:?}: {} bytes for shape {shape:?} of {dtype}",
                    end - begin
                ));
            }
        }
    }
    Ok(())
}

/// Reads a protobuf varint at `*i`.
fn varint(data: &[u8], i: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *data.get(*i)?;
        *i += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// Checks that an ONNX file is a well-formed protobuf message at the top
/// level (every field's tag and length fit the file). No deeper parsing.
pub(crate) fn check_onnx(data: &[u8]) -> Result<(), String> {
    if data.is_empty() {
        return Err("empty file".into());
    }
    let mut i = 0usize;
    while i < data.len() {
        let at = i;
        let tag =
            varint(data, &mut i).ok_or_else(|| format!("truncated field tag at offset {at}"))?;
        if tag >> 3 == 0 {
            return Err(format!("invalid field number 0 at offset {at}"));
        }
        match tag & 7 {
            0 => {
                varint(data, &mut i).ok_or_else(|| format!("truncated varint at offset {at}"))?;
            }
            1 => {
                i = i
                    .checked_add(8)
                    .filter(|&e| e <= data.len())
                    .ok_or_else(|| format!("truncated field at offset {at}"))?
            }
            5 => {
                i = i
                    .checked_add(4)
                    .filter(|&e| e <= data.len())
                    .ok_or_else(|| format!("truncated field at offset {at}"))?
            }
            2 => {
                let n = varint(data, &mut i)
                    .ok_or_else(|| format!("truncated length at offset {at}"))?;
                i = usize::try_from(n)
                    .ok()
                    .and_then(|n| i.checked_add(n))
                    .filter(|&e| e <= data.len())
                    .ok_or_else(|| {
                        format!("field at offset {at} declares {n} bytes past the end of the file")
                    })?;
            }
            w => return Err(format!("unsupported wire type {w} at offset {at}")),
        }
    }
    Ok(())
}
