//! Allow and deny lists for globals imported by a pickle.
//!
//! A global is named by its module and its (possibly dotted) attribute name.
//! The module's first component is normalised first (`__builtin__` to `builtins`,
//! `posix`/`nt` to `os`, ...), then the full dotted path is matched against
//! the deny list, then the allow list; anything else is unknown.

/// How a global is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Safe,
    Dangerous,
    Unknown,
}

/// Dotted paths that run code, touch the file system, the network or the
/// interpreter. An entry matches the path itself and everything below it.
const DENY: &[&str] = &[
    // Processes, the OS and the interpreter.
    "os",
    "subprocess",
    "commands",
    "popen2",
    "pty",
    "shutil",
    "sys",
    "runpy",
    "importlib",
    "imp",
    "zipimport",
    "pkgutil",
    "marshal",
    "ctypes",
    "cffi",
    "code",
    "codeop",
    "pdb",
    "bdb",
    "pydoc",
    "doctest",
    "trace",
    "timeit",
    "cProfile",
    "profile",
    "multiprocessing",
    "asyncio",
    "concurrent",
    "signal",
    "site",
    "pip",
    "ensurepip",
    "venv",
    "distutils",
    "types",
    "logging.config",
    "_posixsubprocess",
    "_winapi",
    "msvcrt",
    "winreg",
    "_winreg",
    "pexpect",
    "sh",
    "uuid._get_command_stdout",
    "uuid._popen",
    "webbrowser",
    "antigravity",
    // Network.
    "socket",
    "socketserver",
    "SocketServer",
    "ssl",
    "requests",
    "urllib",
    "urllib2",
    "urllib3",
    "http",
    "httplib",
    "httpx",
    "aiohttp",
    "ftplib",
    "telnetlib",
    "smtplib",
    "poplib",
    "imaplib",
    "nntplib",
    "xmlrpc",
    "xmlrpclib",
    "paramiko",
    // Nested deserialisers: a second, unscanned load.
    "pickle",
    "dill",
    "cloudpickle",
    "shelve",
    "joblib.load",
    "joblib.numpy_pickle.load",
    "torch.load",
    "torch.serialization.load",
    "torch.hub",
    "torch.jit.load",
    "torch.package",
    "torch.utils.cpp_extension",
    "torch.fx.graph_module.reduce_graph_module",
    "torch.fx.graph_module.reduce_package_graph_module",
    "torch.fx.graph_module._deserialize_graph_module",
    "numpy.load",
    "numpy.lib.npyio.load",
    "numpy.testing._private.utils.runstring",
    "numpy.f2py",
    "numpy.distutils",
    "numpy.ctypeslib",
    "pandas.read_pickle",
    "pandas.io.pickle",
    "yaml.load",
    "yaml.load_all",
    "yaml.unsafe_load",
    "yaml.unsafe_load_all",
    "yaml.full_load",
    "yaml.full_load_all",
    "sklearn.utils._testing",
    // Builtins that evaluate, import, reach attributes or open files.
    "builtins.eval",
    "builtins.exec",
    "builtins.execfile",
    "builtins.compile",
    "builtins.getattr",
    "builtins.setattr",
    "builtins.delattr",
    "builtins.open",
    "builtins.file",
    "builtins.__import__",
    "builtins.globals",
    "builtins.locals",
    "builtins.vars",
    "builtins.breakpoint",
    "builtins.input",
    "builtins.raw_input",
    "builtins.help",
    "builtins.reload",
    "builtins.apply",
    "builtins.exit",
    "builtins.quit",
    "io.open",
    "io.open_code",
    "io.FileIO",
    "codecs.open",
    // Call and attribute gadgets.
    "operator.attrgetter",
    "operator.methodcaller",
    "functools.partial",
    "functools.partialmethod",
    "functools.reduce",
];

/// Exact dotted paths known to be harmless data constructors.
const ALLOW: &[&str] = &[
    "builtins.set",
    "builtins.frozenset",
    "builtins.bytearray",
    "builtins.bytes",
    "builtins.slice",
    "builtins.complex",
    "builtins.int",
    "builtins.float",
    "builtins.bool",
    "builtins.str",
    "builtins.list",
    "builtins.dict",
    "builtins.tuple",
    "builtins.range",
    "builtins.object",
    "builtins.long",
    "builtins.unicode",
    "builtins.Ellipsis",
    "builtins.NotImplemented",
    "copyreg._reconstructor",
    "copyreg.__newobj__",
    "copyreg.__newobj_ex__",
    "codecs.encode",
    "collections.OrderedDict",
    "collections.defaultdict",
    "collections.deque",
    "collections.Counter",
    "datetime.datetime",
    "datetime.date",
    "datetime.time",
    "datetime.timedelta",
    "datetime.timezone",
    "decimal.Decimal",
    "fractions.Fraction",
    "uuid.UUID",
    "pathlib.Path",
    "pathlib.PosixPath",
    "pathlib.WindowsPath",
    "pathlib.PurePath",
    "pathlib.PurePosixPath",
    "pathlib.PureWindowsPath",
    // numpy
    "numpy.core.multiarray._reconstruct",
    "numpy.core.multiarray.scalar",
    "numpy.core.numeric._frombuffer",
    // Imports the module and name in its arguments, which the walker judges
    // in its place (or reports as unresolved).
    "numpy.core._ufunc_reconstruct",
    "numpy.ndarray",
    "numpy.dtype",
    "numpy.matrix",
    "numpy.matrixlib.defmatrix.matrix",
    "numpy.ma.core._mareconstruct",
    "numpy.ma.core.MaskedArray",
    "numpy.random._pickle.__randomstate_ctor",
    "numpy.random._pickle.__bit_generator_ctor",
    "numpy.random._pickle.__generator_ctor",
    "numpy.random.mtrand.__RandomState_ctor",
    "numpy.random.__RandomState_ctor",
    "numpy.random.mtrand.RandomState",
    "numpy.random._generator.Generator",
    "numpy.random._mt19937.MT19937",
    "numpy.random._pcg64.PCG64",
    "numpy.random._pcg64.PCG64DXSM",
    "numpy.random._philox.Philox",
    "numpy.random._sfc64.SFC64",
    "numpy.random.bit_generator.SeedSequence",
    "numpy.random.bit_generator.__pyx_unpickle_SeedSequence",
    "numpy.ma.MaskedArray",
    // joblib
    "joblib.numpy_pickle.NumpyArrayWrapper",
    "joblib.numpy_pickle.ZNDArrayWrapper",
    "joblib.numpy_pickle_compat.NDArrayWrapper",
    "joblib.numpy_pickle_compat.ZNDArrayWrapper",
    // torch
    "torch._tensor._rebuild_from_type_v2",
    "torch._tensor._rebuild_from_type",
    "torch.Tensor",
    "torch.Size",
    "torch.device",
    "torch.storage.UntypedStorage",
    "torch.storage.TypedStorage",
    // The bytes handed to _load_from_bytes are analysed as a nested file.
    "torch.storage._load_from_bytes",
    "torch.nn.parameter.Parameter",
    "torch.nn.parameter.Buffer",
    "torch.nn.parameter.UninitializedParameter",
    "torch.nn.parameter.UninitializedBuffer",
    "torch.torch_version.TorchVersion",
    "torch.serialization._get_layout",
    // pandas
    "pandas.core.frame.DataFrame",
    "pandas.core.series.Series",
    "pandas.core.internals.managers.BlockManager",
    "pandas.core.internals.managers.SingleBlockManager",
    "pandas._libs.internals._unpickle_block",
    "pandas.core.indexes.base._new_Index",
    "pandas.core.indexes.base.Index",
    "pandas.core.indexes.range.RangeIndex",
    "pandas.core.indexes.multi.MultiIndex",
    "pandas._libs.tslibs.timestamps._unpickle_timestamp",
    "pandas.core.arrays.categorical.Categorical",
    "pandas.core.dtypes.dtypes.CategoricalDtype",
];

/// Names of numpy scalar types, reachable as `numpy.<name>`.
const NUMPY_SCALARS: &[&str] = &[
    "bool_",
    "bool",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "intc",
    "uintc",
    "intp",
    "uintp",
    "longlong",
    "ulonglong",
    "float16",
    "float32",
    "float64",
    "float96",
    "float128",
    "half",
    "single",
    "double",
    "longdouble",
    "complex64",
    "complex128",
    "complex192",
    "complex256",
    "csingle",
    "cdouble",
    "clongdouble",
    "str_",
    "bytes_",
    "unicode_",
    "string_",
    "object_",
    "void",
    "datetime64",
    "timedelta64",
];

/// Element-wise numpy math functions (ufuncs), pickled by reference, e.g.
/// in `FunctionTransformer(np.log1p)`.
const NUMPY_UFUNCS: &[&str] = &[
    "abs",
    "absolute",
    "negative",
    "positive",
    "sign",
    "exp",
    "exp2",
    "expm1",
    "log",
    "log2",
    "log10",
    "log1p",
    "sqrt",
    "cbrt",
    "square",
    "reciprocal",
    "sin",
    "cos",
    "tan",
    "arcsin",
    "arccos",
    "arctan",
    "sinh",
    "cosh",
    "tanh",
    "arcsinh",
    "arccosh",
    "arctanh",
    "floor",
    "ceil",
    "trunc",
    "rint",
    "add",
    "subtract",
    "multiply",
    "divide",
    "true_divide",
    "floor_divide",
    "power",
    "maximum",
    "minimum",
    "fmax",
    "fmin",
    "isnan",
    "isinf",
    "isfinite",
];

/// Names reachable as `torch.<name>`: dtypes and layouts.
const TORCH_NAMES: &[&str] = &[
    "float32",
    "float",
    "float64",
    "double",
    "float16",
    "half",
    "bfloat16",
    "complex32",
    "complex64",
    "cfloat",
    "complex128",
    "cdouble",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "int8",
    "int16",
    "short",
    "int32",
    "int",
    "int64",
    "long",
    "bool",
    "quint8",
    "qint8",
    "qint32",
    "quint4x2",
    "quint2x4",
    "float8_e4m3fn",
    "float8_e5m2",
    "float8_e4m3fnuz",
    "float8_e5m2fnuz",
    "strided",
    "sparse_coo",
    "sparse_csr",
    "sparse_csc",
    "sparse_bsr",
    "sparse_bsc",
    "_mkldnn",
];

/// Module aliases: the first component of a module path is renamed.
fn alias_first(first: &str) -> &str {
    match first {
        "__builtin__" | "__builtins__" | "exceptions" => "builtins",
        "copy_reg" => "copyreg",
        "_pickle" | "cPickle" => "pickle",
        "_operator" => "operator",
        "_functools" => "functools",
        "_io" => "io",
        "_socket" => "socket",
        "_codecs" => "codecs",
        "_collections" => "collections",
        "_ctypes" => "ctypes",
        "_asyncio" => "asyncio",
        "_multiprocessing" => "multiprocessing",
        "posix" | "nt" => "os",
        other => other,
    }
}

/// Normalises a module path: aliases and relocated packages.
pub(crate) fn normalise_module(module: &str) -> String {
    let module = module.trim();
    let (first, rest) = match module.split_once('.') {
        Some((f, r)) => (f, Some(r)),
        None => (module, None),
    };
    let mut out = String::from(alias_first(first));
    if let Some(r) = rest {
        out.push('.');
        out.push_str(r);
    }
    for (from, to) in [
        ("numpy._core", "numpy.core"),
        ("sklearn.externals.joblib", "joblib"),
    ] {
        if let Some(rest) = out.strip_prefix(from) {
            if rest.is_empty() || rest.starts_with('.') {
                out = format!("{to}{rest}");
            }
        }
    }
    out
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_class_name(s: &str) -> bool {
    is_identifier(s) && s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
}

fn is_dotted_identifier(s: &str) -> bool {
    !s.is_empty() && s.split('.').all(is_identifier)
}

fn is_dunder(s: &str) -> bool {
    s.len() > 4 && s.starts_with("__") && s.ends_with("__")
}

/// `path` equals `entry` or lies below it.
fn under(path: &str, entry: &str) -> bool {
    path == entry
        || (path.len() > entry.len()
            && path.starts_with(entry)
            && path.as_bytes().get(entry.len()) == Some(&b'.'))
}

/// Judges the global `module.name`.
pub(crate) fn classify(module: &str, name: &str) -> Class {
    let module = normalise_module(module);
    let name = name.trim();
    // Attribute walks through dunders (`x.__globals__`, `object.__subclasses__`)
    // reach the interpreter's internals.
    if name.contains('.') && name.split('.').skip(1).any(is_dunder) {
        return Class::Dangerous;
    }
    let path = format!("{module}.{name}");
    if DENY.iter().any(|entry| under(&path, entry)) {
        return Class::Dangerous;
    }
    // A dotted name walks attributes, and a module's attributes include the
    // modules it imported: `sklearn.utils.validation` + `os.system` reaches
    // os.system. Judge every tail of the name as a path of its own.
    if name.contains('.') {
        let segments: Vec<&str> = name.split('.').collect();
        for i in 0..segments.len() {
            let tail = segments.get(i..).unwrap_or_default().join(".");
            let tail = normalise_module(&tail);
            if DENY.iter().any(|entry| under(&tail, entry)) {
                return Class::Dangerous;
            }
        }
    }
    if ALLOW.contains(&path.as_str()) {
        return Class::Safe;
    }
    if is_safe_family(&module, name) {
        return Class::Safe;
    }
    Class::Unknown
}

/// Families of safe globals described by a rule rather than a list.
fn is_safe_family(module: &str, name: &str) -> bool {
    if !is_identifier(name) {
        return false;
    }
    match module {
        "numpy" => NUMPY_SCALARS.contains(&name) || NUMPY_UFUNCS.contains(&name),
        "numpy.dtypes" => name.ends_with("DType"),
        "torch" => name.ends_with("Storage") || TORCH_NAMES.contains(&name),
        "torch._utils" => name.starts_with("_rebuild_"),
        "torch.jit._pickle" => true,
        _ => {
            // TorchScript classes are resolved by the TorchScript loader.
            if (module == "__torch__" || module.starts_with("__torch__."))
                && is_dotted_identifier(module)
            {
                return true;
            }
            if module.starts_with("torch.nn.modules.") && is_dotted_identifier(module) {
                return is_class_name(name);
            }
            if module.starts_with("sklearn.") && is_dotted_identifier(module) {
                // Estimators, transformers, trees, losses, scorers: scikit-learn
                // pickles its own classes and a few module-level functions.
                // Dataset loaders read files or the network.
                return !module.starts_with("sklearn.datasets")
                    && !name.starts_with("fetch_")
                    && !name.starts_with("load_")
                    && !is_dunder(name);
            }
            if module.starts_with("scipy.sparse.") && is_dotted_identifier(module) {
                return name.ends_with("_matrix") || name.ends_with("_array");
            }
            if matches!(
                module,
                "xgboost.core" | "xgboost.sklearn" | "lightgbm.basic" | "lightgbm.sklearn"
            ) {
                return is_class_name(name);
            }
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert_eq!(classify("posix", "system"), Class::Dangerous);
        assert_eq!(classify("os", "system"), Class::Dangerous);
        assert_eq!(classify("nt", "system"), Class::Dangerous);
        assert_eq!(classify("__builtin__", "eval"), Class::Dangerous);
        assert_eq!(classify("builtins", "getattr"), Class::Dangerous);
        assert_eq!(classify("_pickle", "loads"), Class::Dangerous);
        assert_eq!(classify("torch", "load"), Class::Dangerous);
        assert_eq!(classify("numpy", "load"), Class::Dangerous);
        assert_eq!(
            classify("builtins", "object.__subclasses__"),
            Class::Dangerous
        );
        assert_eq!(classify("collections", "OrderedDict"), Class::Safe);
        assert_eq!(classify("torch._utils", "_rebuild_tensor_v2"), Class::Safe);
        assert_eq!(classify("torch", "FloatStorage"), Class::Safe);
        assert_eq!(
            classify("numpy._core.multiarray", "_reconstruct"),
            Class::Safe
        );
        assert_eq!(classify("sklearn.svm._classes", "SVC"), Class::Safe);
        assert_eq!(classify("sklearn.datasets", "fetch_openml"), Class::Unknown);
        assert_eq!(
            classify("sklearn.externals.joblib", "load"),
            Class::Dangerous
        );
        assert_eq!(classify("copy_reg", "_reconstructor"), Class::Safe);
        assert_eq!(classify("__main__", "MyModel"), Class::Unknown);
        assert_eq!(
            classify("collections", "OrderedDict.fromkeys"),
            Class::Unknown
        );
        assert_eq!(classify("osmium", "x"), Class::Unknown);
        assert_eq!(
            classify("sklearn.utils.validation", "os.system"),
            Class::Dangerous
        );
        assert_eq!(classify("torch", "serialization.load"), Class::Dangerous);
        assert_eq!(classify("numpy", "posix.system"), Class::Dangerous);
        assert_eq!(classify("collections", "abc.Mapping"), Class::Unknown);
        assert_eq!(
            classify("numpy._core.multiarray", "_ufunc_reconstruct"),
            Class::Unknown
        );
        assert_eq!(classify("numpy._core", "_ufunc_reconstruct"), Class::Safe);
    }
}
