//! Tests build every input by hand: pickle opcodes, zip archives, .npy headers.

use super::*;

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

fn run(name: &str, data: &[u8]) -> Report {
    analyse(name, data, &Limits::default())
}

fn kinds(r: &Report) -> Vec<IssueKind> {
    r.issues.iter().map(|i| i.kind.clone()).collect()
}

fn dangerous(m: &str, n: &str) -> IssueKind {
    IssueKind::Dangerous {
        module: m.into(),
        name: n.into(),
    }
}

fn unknown(m: &str, n: &str) -> IssueKind {
    IssueKind::Unknown {
        module: m.into(),
        name: n.into(),
    }
}

/// SHORT_BINUNICODE
fn su(s: &str) -> Vec<u8> {
    let mut v = vec![0x8c, s.len() as u8];
    v.extend_from_slice(s.as_bytes());
    v
}

/// BINUNICODE
fn bu(s: &str) -> Vec<u8> {
    let mut v = vec![b'X'];
    v.extend_from_slice(&(s.len() as u32).to_le_bytes());
    v.extend_from_slice(s.as_bytes());
    v
}

/// PROTO 4 + FRAME around `body`.
fn framed(proto: u8, body: &[u8]) -> Vec<u8> {
    let mut v = vec![0x80, proto, 0x95];
    v.extend_from_slice(&(body.len() as u64).to_le_bytes());
    v.extend_from_slice(body);
    v
}

/// Protocol 2: `module.name('id')` through GLOBAL.
fn global_call(module: &str, name: &str) -> Vec<u8> {
    cat(&[
        b"\x80\x02c",
        module.as_bytes(),
        b"\n",
        name.as_bytes(),
        b"\nq\x00",
        &bu("id"),
        b"\x85R.",
    ])
}

/// Protocol 4: `module.name('id')` through STACK_GLOBAL.
fn stack_global_call(module: &str, name: &str) -> Vec<u8> {
    framed(
        4,
        &cat(&[
            &su(module),
            b"\x94",
            &su(name),
            b"\x94\x93\x94",
            &su("id"),
            b"\x94\x85\x94R\x94.",
        ]),
    )
}

// ---- tiny zip writer -------------------------------------------------------

struct ZEntry<'a> {
    name: &'a str,
    data: Vec<u8>,
    method: u16,
    /// Declared sizes override (compressed, uncompressed).
    declared: Option<(u32, u32)>,
    crc: u32,
}

fn stored<'a>(name: &'a str, data: &[u8]) -> ZEntry<'a> {
    ZEntry {
        name,
        data: data.to_vec(),
        method: 0,
        declared: None,
        crc: zip::crc32(data),
    }
}

fn deflated<'a>(name: &'a str, plain: &[u8]) -> ZEntry<'a> {
    ZEntry {
        name,
        data: miniz_oxide::deflate::compress_to_vec(plain, 9),
        method: 8,
        declared: Some((0, plain.len() as u32)),
        crc: zip::crc32(plain),
    }
}

fn write_zip(entries: &[ZEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let (c, u) = match e.declared {
            Some((0, u)) => (e.data.len() as u32, u),
            Some((c, u)) => (c, u),
            None => (e.data.len() as u32, e.data.len() as u32),
        };
        let mut common = Vec::new();
        common.extend_from_slice(&20u16.to_le_bytes()); // version needed
        common.extend_from_slice(&0u16.to_le_bytes()); // flags
        common.extend_from_slice(&e.method.to_le_bytes());
        common.extend_from_slice(&0u32.to_le_bytes()); // time, date
        common.extend_from_slice(&e.crc.to_le_bytes());
        common.extend_from_slice(&c.to_le_bytes());
        common.extend_from_slice(&u.to_le_bytes());
        common.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
        common.extend_from_slice(&0u16.to_le_bytes()); // extra length
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&common);
        out.extend_from_slice(e.name.as_bytes());
        out.extend_from_slice(&e.data);
        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&20u16.to_le_bytes()); // version made by
        central.extend_from_slice(&common);
        central.extend_from_slice(&0u16.to_le_bytes()); // comment length
        central.extend_from_slice(&0u16.to_le_bytes()); // disk
        central.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(e.name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

fn npy(descr: &str, shape: &str, body: &[u8]) -> Vec<u8> {
    let mut header = format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}");
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut v = b"\x93NUMPY\x01\x00".to_vec();
    v.extend_from_slice(&(header.len() as u16).to_le_bytes());
    v.extend_from_slice(header.as_bytes());
    v.extend_from_slice(body);
    v
}

// ---- plain pickles -----------------------------------------------------------

#[test]
fn benign_dict_protocol_2() {
    let p = cat(&[
        b"\x80\x02}q\x00(",
        &bu("a"),
        b"K\x01",
        &bu("b"),
        b"]q\x01(G?\xf0\x00\x00\x00\x00\x00\x00eu.",
    ]);
    let r = run("m.pkl", &p);
    assert_eq!(r.format, Format::Pickle);
    assert!(r.issues.is_empty(), "{:?}", r.issues);
}

#[test]
fn benign_protocol_0() {
    let p = b"(dp0\nVweights\np1\n(lp2\nF0.5\naF-1.25\nasVn\np3\nI3\nsS'name'\np4\nS'lin\\'ear'\np5\nsVbig\np6\nL123456789012345678901234567890L\ns.";
    let r = run("m.pkl", p);
    assert!(r.issues.is_empty(), "{:?}", r.issues);
}

#[test]
fn benign_protocol_5_with_frame_and_buffers() {
    let mut body = cat(&[b"}\x94(", &su("x"), b"\x96"]);
    body.extend_from_slice(&3u64.to_le_bytes());
    body.extend_from_slice(b"abc");
    body.extend_from_slice(&cat(&[&su("y"), b"\x97\x98", &su("z"), b"\x8e"]));
    body.extend_from_slice(&2u64.to_le_bytes());
    body.extend_from_slice(b"hi\x94u.");
    let r = run("m.pkl", &framed(5, &body));
    assert_eq!(r.format, Format::Pickle);
    assert!(r.issues.is_empty(), "{:?}", r.issues);
}

#[test]
fn allowed_globals_are_silent_but_listed() {
    let p = cat(&[
        b"\x80\x02ccollections\nOrderedDict\nq\x00)Rq\x01",
        b"ctorch._utils\n_rebuild_tensor_v2\nq\x02",
        b"ccopy_reg\n_reconstructor\nq\x03",
        b"c__builtin__\nset\nq\x04",
        b"c_codecs\nencode\nq\x05",
        b"csklearn.linear_model._logistic\nLogisticRegression\nq\x06",
        b"000000N.",
    ]);
    let r = run("m.pkl", &p);
    assert!(r.issues.is_empty(), "{:?}", r.issues);
    assert_eq!(r.globals.len(), 6);
    assert_eq!(r.globals[0], "collections.OrderedDict");
}

const DENIED: &[(&str, &str)] = &[
    ("os", "system"),
    ("posix", "system"),
    ("nt", "system"),
    ("subprocess", "Popen"),
    ("subprocess", "check_output"),
    ("commands", "getoutput"),
    ("sys", "exit"),
    ("socket", "create_connection"),
    ("runpy", "run_path"),
    ("pty", "spawn"),
    ("shutil", "rmtree"),
    ("builtins", "eval"),
    ("builtins", "exec"),
    ("builtins", "compile"),
    ("builtins", "getattr"),
    ("builtins", "open"),
    ("builtins", "__import__"),
    ("builtins", "globals"),
    ("builtins", "breakpoint"),
    ("__builtin__", "eval"),
    ("__builtin__", "execfile"),
    ("importlib", "import_module"),
    ("marshal", "loads"),
    ("webbrowser", "open"),
    ("requests", "get"),
    ("urllib.request", "urlopen"),
    ("http.client", "HTTPSConnection"),
    ("httpx", "get"),
    ("aiohttp", "ClientSession"),
    ("ftplib", "FTP"),
    ("telnetlib", "Telnet"),
    ("smtplib", "SMTP"),
    ("pickle", "loads"),
    ("_pickle", "loads"),
    ("dill", "loads"),
    ("code", "InteractiveInterpreter"),
    ("ctypes", "CDLL"),
    ("operator", "attrgetter"),
    ("operator", "methodcaller"),
    ("functools", "partial"),
    ("torch", "load"),
    ("torch.serialization", "load"),
    ("numpy", "load"),
    ("builtins", "object.__subclasses__"),
];

#[test]
fn each_denied_global_via_global() {
    for (m, n) in DENIED {
        let r = run("m.pkl", &global_call(m, n));
        assert_eq!(kinds(&r), vec![dangerous(m, n)], "{m}.{n}");
        assert_eq!(r.issues[0].detail, format!("imports {m}.{n}"));
        assert_eq!(r.issues[0].offset, Some(2));
        assert_eq!(r.issues[0].member, None);
    }
}

#[test]
fn each_denied_global_via_stack_global() {
    for (m, n) in DENIED {
        let r = run("m.pkl", &stack_global_call(m, n));
        assert_eq!(kinds(&r), vec![dangerous(m, n)], "{m}.{n}");
    }
}

#[test]
fn each_denied_global_via_inst() {
    for (m, n) in DENIED {
        let p = cat(&[b"(S'id'\ni", m.as_bytes(), b"\n", n.as_bytes(), b"\np0\n."]);
        let r = run("m.pkl", &p);
        assert_eq!(kinds(&r), vec![dangerous(m, n)], "{m}.{n}");
    }
}

#[test]
fn stack_global_fed_from_the_memo() {
    // Strings stored with BINPUT/LONG_BINPUT, popped, and fetched back with
    // BINGET/LONG_BINGET before STACK_GLOBAL.
    let p = cat(&[
        b"\x80\x04",
        &su("builtins"),
        b"q\x07",
        &su("exec"),
        b"r\x00\x01\x00\x00",
        b"00",
        b"h\x07j\x00\x01\x00\x00\x93",
        &su("print(1)"),
        b"\x85R.",
    ]);
    let r = run("m.pkl", &p);
    assert_eq!(kinds(&r), vec![dangerous("builtins", "exec")]);

    // MEMOIZE numbering and protocol 0 PUT/GET.
    let p = cat(&[
        b"\x80\x04",
        &su("x"),
        b"\x94",
        &su("posix"),
        b"\x94",
        &su("system"),
        b"\x94000h\x01h\x02\x93.",
    ]);
    assert_eq!(kinds(&run("m.pkl", &p)), vec![dangerous("posix", "system")]);

    let p = b"\x80\x04Vos\np5\n0Vsystem\np6\n0g5\ng6\n\x93.";
    assert_eq!(kinds(&run("m.pkl", p)), vec![dangerous("os", "system")]);
}

#[test]
fn unresolvable_stack_global_is_unknown() {
    // Module name is the result of a call: not a constant.
    let p = cat(&[
        b"\x80\x04ccollections\nOrderedDict\n)R",
        &su("system"),
        b"\x93.",
    ]);
    let r = run("m.pkl", &p);
    assert_eq!(kinds(&r), vec![unknown("?", "?")]);
}

#[test]
fn unknown_global_and_ext() {
    let r = run("m.pkl", &global_call("__main__", "Model"));
    assert_eq!(kinds(&r), vec![unknown("__main__", "Model")]);
    let r = run("m.pkl", b"\x80\x02\x82\x07.");
    assert_eq!(kinds(&r), vec![unknown("?", "extension code 7")]);
}

#[test]
fn duplicates_are_reported_once() {
    let p = cat(&[
        b"\x80\x02cos\nsystem\nq\x000cos\nsystem\nq\x010",
        b"cposix\nsystem\n0N.",
    ]);
    let r = run("m.pkl", &p);
    assert_eq!(
        kinds(&r),
        vec![dangerous("os", "system"), dangerous("posix", "system")]
    );
}

#[test]
fn truncated_stream_is_corrupt() {
    let p = cat(&[b"\x80\x02}q\x00(X\x10\x00\x00\x00ab"]);
    let r = run("m.pkl", &p);
    assert_eq!(kinds(&r), vec![IssueKind::Corrupt]);
    assert!(
        r.issues[0].detail.contains("truncated"),
        "{}",
        r.issues[0].detail
    );
    // The offset is the opcode's (BINUNICODE at 6).
    assert_eq!(r.issues[0].offset, Some(6));
    // No STOP.
    assert_eq!(kinds(&run("m.pkl", b"\x80\x02N")), vec![IssueKind::Corrupt]);
    // Newline-terminated argument cut off.
    assert_eq!(kinds(&run("m.pkl", b"cos\nsys")), vec![IssueKind::Corrupt]);
    // FRAME longer than the data.
    assert_eq!(
        kinds(&run(
            "m.pkl",
            b"\x80\x04\x95\xff\x00\x00\x00\x00\x00\x00\x00N."
        )),
        vec![IssueKind::Corrupt]
    );
    // Empty file.
    assert_eq!(kinds(&run("m.pkl", b"")), vec![IssueKind::Corrupt]);
}

#[test]
fn unknown_opcode_is_corrupt() {
    let r = run("m.pkl", b"\x80\x02}\xff.");
    assert_eq!(kinds(&r), vec![IssueKind::Corrupt]);
    assert!(r.issues[0].detail.contains("unknown opcode 0xff"));
    assert_eq!(r.issues[0].offset, Some(3));
    // Unsupported protocol.
    assert_eq!(
        kinds(&run("m.pkl", b"\x80\x09N.")),
        vec![IssueKind::Corrupt]
    );
}

#[test]
fn stack_underflow_is_corrupt() {
    assert_eq!(
        kinds(&run("m.pkl", b"\x80\x02R.")),
        vec![IssueKind::Corrupt]
    );
    assert_eq!(
        kinds(&run("m.pkl", b"\x80\x02Nt.")),
        vec![IssueKind::Corrupt]
    );
}

#[test]
fn dangerous_global_after_garbage_is_still_found() {
    // The walker stops at the bad opcode; the residual scan finds the import.
    let p = cat(&[b"\x80\x02N\x00\x00", b"cos\nsystem\n(S'id'\ntR."]);
    let r = run("m.pkl", &p);
    assert_eq!(
        kinds(&r),
        vec![IssueKind::Corrupt, dangerous("os", "system")]
    );
}

#[test]
fn second_pickle_is_scanned() {
    let first = cat(&[b"\x80\x02}q\x00", &bu("a"), b"K\x01s."]);
    let p = cat(&[&first, &stack_global_call("posix", "system")]);
    assert_eq!(kinds(&run("m.pkl", &p)), vec![dangerous("posix", "system")]);
    // A protocol-0 pickle after the first.
    let p = cat(&[&first, b"cos\nsystem\n(S'id'\ntR."]);
    assert_eq!(kinds(&run("m.pkl", &p)), vec![dangerous("os", "system")]);
    // A broken binary pickle after the first is corrupt.
    let p = cat(&[&first, b"\x80\x02cos\nsystem\n\xfe"]);
    assert_eq!(
        kinds(&run("m.pkl", &p)),
        vec![dangerous("os", "system"), IssueKind::Corrupt]
    );
    // Arbitrary bytes after STOP are not corruption.
    let p = cat(&[&first, b"\x00\x01\x02 raw array bytes"]);
    assert!(run("m.pkl", &p).issues.is_empty());
}

#[test]
fn deep_nesting_is_bounded() {
    let mut p = b"\x80\x02".to_vec();
    p.extend(std::iter::repeat_n(b')', 1).chain(std::iter::repeat_n(0x85u8, 200_000)));
    p.push(b'.');
    assert!(run("m.pkl", &p).issues.is_empty());
    let mut p = b"\x80\x02".to_vec();
    p.extend(std::iter::repeat_n(b'(', 100_000));
    p.extend(std::iter::repeat_n(b't', 100_000));
    p.push(b'.');
    assert!(run("m.pkl", &p).issues.is_empty());
    // Dicts nested through the memo.
    let mut p = b"\x80\x02}q\x00".to_vec();
    for _ in 0..10_000 {
        p.extend_from_slice(b"\x8c\x01kh\x00s");
    }
    p.push(b'.');
    assert!(run("m.pkl", &p).issues.is_empty());
}

// ---- joblib ------------------------------------------------------------------

/// A joblib NumpyArrayWrapper for an array of `count` items of `typestr`,
/// followed by its raw bytes (with joblib's alignment padding when `align`).
fn joblib_wrapper(typestr: &str, count: u8, align: bool, data: &[u8]) -> Vec<u8> {
    let mut p = cat(&[
        b"cjoblib.numpy_pickle\nNumpyArrayWrapper\nq\x00)\x81q\x01}q\x02(",
        &bu("subclass"),
        b"cnumpy\nndarray\nq\x03",
        &bu("shape"),
        b"K",
        &[count],
        b"\x85",
        &bu("order"),
        &bu("C"),
        &bu("dtype"),
        b"cnumpy\ndtype\nq\x04",
        &bu(typestr),
        b"\x89\x88\x87R(K\x03",
        &bu("<"),
        b"NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb",
        &bu("allow_mmap"),
        b"\x88",
    ]);
    if align {
        p.extend_from_slice(&cat(&[&bu("numpy_array_alignment_bytes"), b"K\x10"]));
    }
    p.extend_from_slice(b"ub");
    if align {
        p.extend_from_slice(b"\x03\xff\xff\xff");
    }
    p.extend_from_slice(data);
    p
}

#[test]
fn joblib_inline_arrays_are_skipped() {
    // Array bytes that would be invalid opcodes.
    let arr = [0u8, 0, 0, 0, 0, 0, 0xf0, 0x3f].repeat(3);
    for align in [false, true] {
        let p = cat(&[
            b"\x80\x02]q\x05(",
            &joblib_wrapper("f8", 3, align, &arr),
            &joblib_wrapper("i4", 2, align, &[0xfe; 8]),
            b"e.",
        ]);
        let r = run("model.joblib", &p);
        assert_eq!(r.format, Format::Joblib);
        assert!(r.issues.is_empty(), "align={align}: {:?}", r.issues);
    }
    // The same bytes without a wrapper are corrupt.
    let p = cat(&[b"\x80\x02]q\x05(", &arr, b"e."]);
    assert_eq!(kinds(&run("model.joblib", &p)), vec![IssueKind::Corrupt]);
}

#[test]
fn joblib_truncated_array_is_corrupt() {
    let p = cat(&[b"\x80\x02", &joblib_wrapper("f8", 3, false, &[0u8; 10])]);
    let r = run("model.joblib", &p);
    assert_eq!(kinds(&r), vec![IssueKind::Corrupt]);
}

#[test]
fn joblib_object_array_embeds_a_pickle() {
    let inner = global_call("os", "system");
    let p = cat(&[b"\x80\x02", &joblib_wrapper("O8", 1, false, &inner), b"."]);
    let r = run("model.joblib", &p);
    assert_eq!(kinds(&r), vec![dangerous("os", "system")]);
}

#[test]
fn compressed_joblib_is_inflated() {
    let inner = stack_global_call("subprocess", "Popen");
    let z = miniz_oxide::deflate::compress_to_vec_zlib(&inner, 6);
    let r = run("model.joblib", &z);
    assert_eq!(r.format, Format::Joblib);
    assert_eq!(kinds(&r), vec![dangerous("subprocess", "Popen")]);
    // gzip
    let mut g = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff".to_vec();
    g.extend_from_slice(&miniz_oxide::deflate::compress_to_vec(&inner, 6));
    g.extend_from_slice(&[0; 8]);
    assert_eq!(
        kinds(&run("model.pkl.gz", &g)),
        vec![dangerous("subprocess", "Popen")]
    );
    // A compressed stream bigger than the member limit.
    let big = miniz_oxide::deflate::compress_to_vec_zlib(&vec![b'N'; 1 << 20], 6);
    let limits = Limits {
        max_member_size: 1000,
        ..Limits::default()
    };
    let r = analyse("model.joblib", &big, &limits);
    assert_eq!(kinds(&r), vec![IssueKind::ArchiveBomb]);
    // xz is not supported.
    assert_eq!(
        kinds(&run("model.joblib", b"\xfd7zXZ\x00\x00")),
        vec![IssueKind::Unsupported]
    );
}

// ---- torch -------------------------------------------------------------------

fn torch_state_dict() -> Vec<u8> {
    // {'w': _rebuild_tensor_v2(persistent_load(('storage', FloatStorage, '0', 'cpu', 4)), 0, (4,), (1,), False, OrderedDict())}
    cat(&[
        b"\x80\x02ccollections\nOrderedDict\nq\x00)Rq\x01",
        &bu("w"),
        b"ctorch._utils\n_rebuild_tensor_v2\nq\x02((",
        &bu("storage"),
        b"ctorch\nFloatStorage\nq\x03",
        &bu("0"),
        &bu("cpu"),
        b"K\x04tq\x04QK\x00K\x04\x85K\x01\x85\x89h\x00)Rq\x05tq\x06Rq\x07s.",
    ])
}

#[test]
fn torch_zip_benign() {
    let z = write_zip(&[
        stored("archive/data.pkl", &torch_state_dict()),
        stored("archive/byteorder", b"little"),
        stored("archive/data/0", &[0x80, 0x02, 0xff, 0xff]),
        stored("archive/version", b"3\n"),
    ]);
    let r = run("model.pt", &z);
    assert_eq!(r.format, Format::TorchZip);
    assert!(r.issues.is_empty(), "{:?}", r.issues);
    assert!(r
        .globals
        .contains(&"torch._utils._rebuild_tensor_v2".to_string()));
}

#[test]
fn torch_zip_with_dangerous_data_pkl() {
    let z = write_zip(&[
        stored("archive/data.pkl", &global_call("builtins", "exec")),
        stored("archive/version", b"3\n"),
    ]);
    for name in ["model.pt", "model.pth", "pytorch_model.bin", "weights"] {
        let r = run(name, &z);
        assert_eq!(r.format, Format::TorchZip, "{name}");
        assert_eq!(kinds(&r), vec![dangerous("builtins", "exec")]);
        assert_eq!(r.issues[0].member.as_deref(), Some("archive/data.pkl"));
    }
}

#[test]
fn torch_zip_with_truncated_data_pkl() {
    let z = write_zip(&[stored("archive/data.pkl", b"\x80\x02}q\x00(X\x05\x00")]);
    let r = run("model.pt", &z);
    assert_eq!(kinds(&r), vec![IssueKind::Corrupt]);
    assert!(r.issues[0]
        .detail
        .starts_with("zip entry archive/data.pkl: truncated"));
}

#[test]
fn torch_deflated_member_and_crc() {
    let mut e = deflated("archive/data.pkl", &global_call("os", "system"));
    let z = write_zip(&[e]);
    assert_eq!(kinds(&run("model.pt", &z)), vec![dangerous("os", "system")]);
    e = stored("archive/data.pkl", &torch_state_dict());
    e.crc ^= 1;
    let r = run("model.pt", &write_zip(&[e]));
    assert_eq!(kinds(&r), vec![IssueKind::Corrupt]);
    assert!(r.issues[0].detail.contains("CRC"));
}

#[test]
fn torch_legacy_file() {
    let magic: &[u8] = b"\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19.";
    let proto: &[u8] = b"\x80\x02M\xe9\x03.";
    let sys_info = cat(&[b"\x80\x02}q\x00(", &bu("little_endian"), b"\x88u."]);
    let keys = cat(&[b"\x80\x02]q\x00", &bu("0"), b"a."]);
    // Raw storage: an 8-byte element count (low byte 0x80!) then floats.
    let raw = cat(&[&128u64.to_le_bytes(), &[0u8; 512]]);
    let f = cat(&[magic, proto, &sys_info, &torch_state_dict(), &keys, &raw]);
    let r = run("model.pt", &f);
    assert_eq!(r.format, Format::TorchLegacy);
    assert!(r.issues.is_empty(), "{:?}", r.issues);
    let f = cat(&[
        magic,
        proto,
        &sys_info,
        &global_call("os", "system"),
        &keys,
        &raw,
    ]);
    assert_eq!(
        kinds(&run("model.pth", &f)),
        vec![dangerous("os", "system")]
    );
}

#[test]
fn torch_load_from_bytes_is_followed() {
    let nested = write_zip(&[stored("archive/data.pkl", &global_call("os", "system"))]);
    let mut p = b"\x80\x02ctorch.storage\n_load_from_bytes\nq\x00B".to_vec();
    p.extend_from_slice(&(nested.len() as u32).to_le_bytes());
    p.extend_from_slice(&nested);
    p.extend_from_slice(b"\x85R.");
    let r = run("model.pt", &p);
    assert_eq!(kinds(&r), vec![dangerous("os", "system")]);
    assert!(r.issues[0]
        .member
        .as_deref()
        .unwrap_or("")
        .ends_with("!archive/data.pkl"));
}

// ---- zip bombs and broken zips -----------------------------------------------

#[test]
fn zip_bomb_declared_sizes() {
    // Declares 3 GiB from 100 bytes.
    let mut e = stored("archive/data.pkl", &[0u8; 100]);
    e.method = 8;
    e.declared = Some((100, 3 << 30));
    let r = run("model.pt", &write_zip(&[e]));
    assert_eq!(kinds(&r), vec![IssueKind::ArchiveBomb]);

    // Total declared size over the limit.
    let mut a = stored("a.bin", &[0u8; 10]);
    a.method = 8;
    a.declared = Some((10, 3_000_000));
    let limits = Limits {
        max_total_uncompressed: 1_000_000,
        max_ratio: u64::MAX,
        ..Limits::default()
    };
    let r = analyse("x.zip", &write_zip(&[a]), &limits);
    assert_eq!(kinds(&r), vec![IssueKind::ArchiveBomb]);
}

#[test]
fn zip_bomb_high_ratio_and_lying_sizes() {
    // 4 MiB of zeros deflate to a few KiB: ratio far above 200.
    let z = write_zip(&[deflated("archive/data.pkl", &vec![0u8; 4 << 20])]);
    let r = run("model.pt", &z);
    assert_eq!(kinds(&r), vec![IssueKind::ArchiveBomb]);
    assert!(r.issues[0].detail.contains("ratio"));

    // Declares 10 bytes but inflates to far more.
    let mut e = deflated("archive/data.pkl", &vec![b'N'; 100_000]);
    e.declared = Some((0, 10));
    let r = run("model.pt", &write_zip(&[e]));
    assert_eq!(kinds(&r), vec![IssueKind::ArchiveBomb]);
}

#[test]
fn zip_bomb_entry_count_and_overlap() {
    let entries: Vec<ZEntry> = (0..20).map(|_| stored("f.npy", b"x")).collect();
    let limits = Limits {
        max_entries: 10,
        ..Limits::default()
    };
    let r = analyse("x.npz", &write_zip(&entries), &limits);
    assert_eq!(kinds(&r), vec![IssueKind::ArchiveBomb]);

    // Two central entries pointing at the same local data.
    let mut z = write_zip(&[stored("a.pkl", b"N."), stored("b.pkl", b"N.")]);
    // Rewrite the second central entry's local offset to 0.
    let cd = z.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
    z[cd + 42..cd + 46].copy_from_slice(&0u32.to_le_bytes());
    assert_eq!(kinds(&run("x.zip", &z)), vec![IssueKind::ArchiveBomb]);
}

#[test]
fn broken_zips_are_corrupt() {
    let z = write_zip(&[stored("archive/data.pkl", &torch_state_dict())]);
    // Cut off the central directory.
    let r = run("model.pt", &z[..z.len() / 2]);
    assert_eq!(kinds(&r), vec![IssueKind::Corrupt]);
    // Entry data running past the end.
    let mut e = stored("archive/data.pkl", b"N.");
    e.declared = Some((1000, 1000));
    let r = run("model.pt", &write_zip(&[e]));
    assert_eq!(kinds(&r), vec![IssueKind::Corrupt]);
    // Unsupported compression method.
    let mut e = stored("archive/data.pkl", b"N.");
    e.method = 14;
    assert_eq!(
        kinds(&run("model.pt", &write_zip(&[e]))),
        vec![IssueKind::Unsupported]
    );
}

// ---- numpy -------------------------------------------------------------------

#[test]
fn npy_plain_array() {
    let f = npy("<f8", "(2, 3)", &[0u8; 48]);
    let r = run("a.npy", &f);
    assert_eq!(r.format, Format::Numpy);
    assert!(r.issues.is_empty(), "{:?}", r.issues);
    let r = run("a.npy", &f[..f.len() - 1]);
    assert_eq!(kinds(&r), vec![IssueKind::Corrupt]);
}

#[test]
fn npy_object_array() {
    let body = cat(&[
        b"\x80\x03cnumpy.core.multiarray\n_reconstruct\nq\x00cnumpy\nndarray\nq\x01K\x00\x85C\x01bq\x02\x87R",
        b"cposix\nsystem\nq\x03",
        b"0.",
    ]);
    let f = npy("|O", "(1,)", &body);
    let r = run("a.npy", &f);
    assert_eq!(
        kinds(&r),
        vec![IssueKind::NumpyObjectArray, dangerous("posix", "system")]
    );
    // Structured dtype with an object field.
    let mut header =
        "{'descr': [('Offset', '<i4'), ('obj', '|O')], 'fortran_order': False, 'shape': (1,), }"
            .to_string();
    header.push('\n');
    let mut f = b"\x93NUMPY\x01\x00".to_vec();
    f.extend_from_slice(&(header.len() as u16).to_le_bytes());
    f.extend_from_slice(header.as_bytes());
    f.extend_from_slice(b"\x80\x03N.");
    assert_eq!(kinds(&run("a.npy", &f)), vec![IssueKind::NumpyObjectArray]);
    // A field merely named 'O...' is not an object field.
    let f = npy("<i8", "(1,)", &[0; 8]);
    assert!(run("a.npy", &f).issues.is_empty());
}

#[test]
fn npz_with_object_array() {
    let obj = npy("|O", "(1,)", &global_call("os", "system"));
    let z = write_zip(&[
        stored("a.npy", &npy("<i4", "(2,)", &[0; 8])),
        deflated("b.npy", &obj),
    ]);
    let r = run("arrays.npz", &z);
    assert_eq!(r.format, Format::NumpyZip);
    assert_eq!(
        kinds(&r),
        vec![IssueKind::NumpyObjectArray, dangerous("os", "system")]
    );
    assert_eq!(r.issues[0].member.as_deref(), Some("b.npy"));
}

#[test]
fn npy_bad_header_is_corrupt() {
    let mut f = b"\x93NUMPY\x01\x00\xff\xff{'descr'".to_vec();
    assert_eq!(kinds(&run("a.npy", &f)), vec![IssueKind::Corrupt]);
    f = npy("<f8", "(2, 3)", &[0u8; 48]);
    f[12] = b'#';
    assert_eq!(kinds(&run("a.npy", &f)), vec![IssueKind::Corrupt]);
}

// ---- keras, safetensors, onnx --------------------------------------------------

const KERAS_LAMBDA: &str = r#"{"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
  {"module": "keras.layers", "class_name": "InputLayer", "config": {"name": "in"}},
  {"module": "keras.layers", "class_name" :   "Lambda", "config": {"name": "evil", "function": {"class_name": "__lambda__", "config": {"code": "4wEAAA=="}}}}
]}}"#;

#[test]
fn keras_lambda() {
    let z = write_zip(&[
        stored("metadata.json", br#"{"keras_version": "3.3.3"}"#),
        deflated("config.json", KERAS_LAMBDA.as_bytes()),
        stored("model.weights.h5", b"\x89HDF\r\n\x1a\n"),
    ]);
    let r = run("model.keras", &z);
    assert_eq!(r.format, Format::Keras);
    assert_eq!(kinds(&r), vec![IssueKind::KerasLambda]);
    assert!(r.issues[0].detail.contains("evil"));
    assert_eq!(r.issues[0].member.as_deref(), Some("config.json"));

    let safe = KERAS_LAMBDA.replace("\"Lambda\"", "\"Dense\"");
    let z = write_zip(&[
        stored("metadata.json", b"{}"),
        stored("config.json", safe.as_bytes()),
    ]);
    let r = run("model.keras", &z);
    assert!(r.issues.is_empty(), "{:?}", r.issues);

    // Invalid JSON still gets a text scan.
    let broken = &KERAS_LAMBDA[..KERAS_LAMBDA.len() - 3];
    let z = write_zip(&[stored("config.json", broken.as_bytes())]);
    let r = run("model.keras", &z);
    assert_eq!(kinds(&r), vec![IssueKind::Corrupt, IssueKind::KerasLambda]);
}

#[test]
fn keras_h5_lambda() {
    let mut f = b"\x89HDF\r\n\x1a\n\x00\x00".to_vec();
    f.extend_from_slice(KERAS_LAMBDA.as_bytes());
    let r = run("model.h5", &f);
    assert_eq!(r.format, Format::Keras);
    assert_eq!(kinds(&r), vec![IssueKind::KerasLambda]);
}

fn safetensors(header: &str, data_len: usize) -> Vec<u8> {
    let mut v = (header.len() as u64).to_le_bytes().to_vec();
    v.extend_from_slice(header.as_bytes());
    v.extend(std::iter::repeat_n(0u8, data_len));
    v
}

#[test]
fn safetensors_checks() {
    let ok = r#"{"__metadata__": {"format": "pt"}, "w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}}"#;
    let r = run("m.safetensors", &safetensors(ok, 16));
    assert_eq!(r.format, Format::Safetensors);
    assert!(r.issues.is_empty(), "{:?}", r.issues);
    // Offsets past the data.
    assert_eq!(
        kinds(&run("m.safetensors", &safetensors(ok, 8))),
        vec![IssueKind::Corrupt]
    );
    // Header length past the file.
    let mut f = safetensors(ok, 16);
    f[..8].copy_from_slice(&u64::MAX.to_le_bytes());
    assert_eq!(kinds(&run("m.safetensors", &f)), vec![IssueKind::Corrupt]);
    // Size inconsistent with shape.
    let bad = ok.replace("[2, 2]", "[3, 2]");
    assert_eq!(
        kinds(&run("m.safetensors", &safetensors(&bad, 16))),
        vec![IssueKind::Corrupt]
    );
    assert_eq!(
        kinds(&run("m.safetensors", b"\x01")),
        vec![IssueKind::Corrupt]
    );
}

#[test]
fn onnx_recognised() {
    // ir_version = 8, producer_name = "x", graph = {}
    let f = b"\x08\x08\x12\x01x\x3a\x00";
    let r = run("m.onnx", f);
    assert_eq!(r.format, Format::Onnx);
    assert!(r.issues.is_empty());
    assert_eq!(
        kinds(&run("m.onnx", b"\x08\x08\x12\x09x")),
        vec![IssueKind::Corrupt]
    );
}

#[test]
fn unknown_format_is_quiet() {
    let r = run("README.md", b"# hello");
    assert_eq!(r.format, Format::Unknown);
    assert!(r.issues.is_empty());
}

// ---- robustness ----------------------------------------------------------------

/// Every prefix and many byte mutations of valid inputs: no panic, and
/// always some report.
#[test]
fn mutations_never_panic() {
    let samples: Vec<(&str, Vec<u8>)> = vec![
        ("m.pkl", torch_state_dict()),
        ("m.pkl", stack_global_call("os", "system")),
        (
            "m.joblib",
            cat(&[b"\x80\x02", &joblib_wrapper("f8", 2, true, &[0; 16]), b"."]),
        ),
        (
            "m.pt",
            write_zip(&[
                stored("archive/data.pkl", &torch_state_dict()),
                deflated("x.pkl", b"N."),
            ]),
        ),
        ("a.npy", npy("|O", "(1,)", &global_call("os", "system"))),
        (
            "m.keras",
            write_zip(&[stored("config.json", KERAS_LAMBDA.as_bytes())]),
        ),
        (
            "m.safetensors",
            safetensors(
                r#"{"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}"#,
                4,
            ),
        ),
        ("m.onnx", b"\x08\x08\x12\x01x\x3a\x00".to_vec()),
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut rnd = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for (name, data) in &samples {
        for cut in 0..data.len() {
            let _ = run(name, &data[..cut]);
        }
        for _ in 0..300 {
            let mut d = data.clone();
            for _ in 0..(rnd() % 4 + 1) {
                let i = (rnd() % d.len() as u64) as usize;
                d[i] = rnd() as u8;
            }
            let _ = run(name, &d);
        }
    }
}

#[test]
fn ufunc_reconstruct_is_judged_by_its_target() {
    let call = |m: &str, n: &str| {
        cat(&[
            b"\x80\x02cnumpy.core\n_ufunc_reconstruct\nq\x00",
            &bu(m),
            &bu(n),
            b"\x86R.",
        ])
    };
    assert!(run("m.pkl", &call("numpy", "log1p")).issues.is_empty());
    assert_eq!(
        kinds(&run("m.pkl", &call("os", "system"))),
        vec![dangerous("os", "system")]
    );
    let opaque = b"\x80\x02cnumpy.core\n_ufunc_reconstruct\nq\x00N\x85R.";
    assert_eq!(kinds(&run("m.pkl", opaque)), vec![unknown("?", "?")]);
}

/// One stored entry written the Zip64 way: 0xFFFFFFFF sizes and offset, a
/// Zip64 extra field, a Zip64 end of central directory record and locator.
fn write_zip64(name: &str, data: &[u8]) -> Vec<u8> {
    let mut extra = vec![1u8, 0, 24, 0];
    extra.extend_from_slice(&(data.len() as u64).to_le_bytes());
    extra.extend_from_slice(&(data.len() as u64).to_le_bytes());
    extra.extend_from_slice(&0u64.to_le_bytes());
    let mut common = Vec::new();
    common.extend_from_slice(&45u16.to_le_bytes());
    common.extend_from_slice(&0u16.to_le_bytes());
    common.extend_from_slice(&0u16.to_le_bytes());
    common.extend_from_slice(&0u32.to_le_bytes());
    common.extend_from_slice(&zip::crc32(data).to_le_bytes());
    common.extend_from_slice(&u32::MAX.to_le_bytes());
    common.extend_from_slice(&u32::MAX.to_le_bytes());
    common.extend_from_slice(&(name.len() as u16).to_le_bytes());
    common.extend_from_slice(&(extra.len() as u16).to_le_bytes());
    let mut out = b"PK\x03\x04".to_vec();
    out.extend_from_slice(&common);
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(&extra);
    out.extend_from_slice(data);
    let cd_offset = out.len() as u64;
    let mut cd = b"PK\x01\x02".to_vec();
    cd.extend_from_slice(&45u16.to_le_bytes());
    cd.extend_from_slice(&common);
    cd.extend_from_slice(&[0u8; 10]);
    cd.extend_from_slice(&u32::MAX.to_le_bytes());
    cd.extend_from_slice(name.as_bytes());
    cd.extend_from_slice(&extra);
    out.extend_from_slice(&cd);
    let eocd64 = out.len() as u64;
    out.extend_from_slice(b"PK\x06\x06");
    out.extend_from_slice(&44u64.to_le_bytes());
    out.extend_from_slice(&[45, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    out.extend_from_slice(&1u64.to_le_bytes());
    out.extend_from_slice(&1u64.to_le_bytes());
    out.extend_from_slice(&(cd.len() as u64).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(b"PK\x06\x07");
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&eocd64.to_le_bytes());
    out.extend_from_slice(&1u32.to_le_bytes());
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&[0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
    out.extend_from_slice(&u32::MAX.to_le_bytes());
    out.extend_from_slice(&u32::MAX.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

#[test]
fn zip64_archive() {
    let z = write_zip64("archive/data.pkl", &global_call("os", "system"));
    let r = run("model.pt", &z);
    assert_eq!(r.format, Format::TorchZip);
    assert_eq!(kinds(&r), vec![dangerous("os", "system")]);
    let z = write_zip64("archive/data.pkl", &torch_state_dict());
    assert!(run("model.pt", &z).issues.is_empty());
    // Locator removed: corrupt, not a panic.
    let mut z = write_zip64("archive/data.pkl", &torch_state_dict());
    let loc = z.windows(4).rposition(|w| w == b"PK\x06\x07").unwrap();
    z[loc] = b'X';
    assert_eq!(kinds(&run("model.pt", &z)), vec![IssueKind::Corrupt]);
}

#[test]
fn tar_is_unsupported() {
    let mut t = vec![0u8; 1024];
    t[..8].copy_from_slice(b"storages");
    t[257..262].copy_from_slice(b"ustar");
    assert_eq!(kinds(&run("old.pt", &t)), vec![IssueKind::Unsupported]);
}
