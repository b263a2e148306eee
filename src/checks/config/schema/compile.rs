//! Compilation of schema documents into a graph of [`Node`]s.
//!
//! Every schema location (document + JSON pointer) becomes at most one node;
//! references are edges to other nodes, so recursive schemas are cycles in
//! the graph. Nodes are compiled from a work queue, never recursively, so
//! deeply nested or self-referencing schemas cannot overflow the stack.

use std::collections::{HashMap, HashSet, VecDeque};
use std::rc::Rc;

use regex::Regex;
use serde_json::{Map, Number, Value};

use super::format::Format;
use super::message::type_bit;
use super::uri::{escape_token, resolve, split_fragment};
use super::{pattern, Draft, Loader, Options, SchemaError, Validator};
use crate::text::percent_decode;

pub(crate) type NodeId = u32;

pub(crate) struct Node {
    pub kws: Vec<KwAt>,
    /// The schema resource this node belongs to (for the dynamic scope).
    pub res: u32,
    /// Whether this node has `unevaluatedProperties`/`unevaluatedItems`.
    pub has_uneval: bool,
}

pub(crate) struct KwAt {
    pub kw: Kw,
    /// Schema location of the keyword.
    pub path: Box<str>,
}

pub(crate) enum Kw {
    False,
    Ref(NodeId),
    DynamicRef {
        target: NodeId,
        name: Option<String>,
    },
    RecursiveRef(NodeId),
    Type {
        mask: u8,
        int_floats: bool,
    },
    Enum(Vec<Value>),
    Const(Value),
    MultipleOf(Number),
    Minimum(Number, bool),
    Maximum(Number, bool),
    MinLength(u64),
    MaxLength(u64),
    Pattern(Regex, String),
    Format(Format),
    MinItems(u64),
    MaxItems(u64),
    UniqueItems,
    MinProperties(u64),
    MaxProperties(u64),
    Required(Vec<String>),
    AllOf(Vec<NodeId>),
    AnyOf(Vec<NodeId>),
    OneOf(Vec<NodeId>),
    Not(NodeId),
    If {
        cond: NodeId,
        then: Option<NodeId>,
        els: Option<NodeId>,
    },
    Properties(HashMap<String, NodeId>),
    PatternProperties(Vec<(Regex, NodeId)>),
    AdditionalProperties {
        node: NodeId,
        names: Vec<String>,
        patterns: Vec<Regex>,
    },
    PropertyNames(NodeId),
    DependentRequired(Vec<(String, Vec<String>)>),
    DependentSchemas(Vec<(String, NodeId)>),
    PrefixItems(Vec<NodeId>),
    ItemsFrom {
        node: NodeId,
        from: usize,
        keyword: &'static str,
    },
    Contains {
        node: NodeId,
        min: u64,
        max: Option<u64>,
        mark: bool,
    },
    UnevaluatedProperties(NodeId),
    UnevaluatedItems(NodeId),
}

/// Run-time data about a schema resource.
pub(crate) struct ResInfo {
    pub root: Option<NodeId>,
    pub recursive_anchor: bool,
    pub dyn_anchors: HashMap<String, NodeId>,
}

type Loc = (usize, String);
type CountKw = fn(u64) -> Kw;

struct Resource {
    doc: usize,
    ptr: String,
    recursive_anchor: bool,
    dyn_anchors: Vec<(String, String)>,
}

#[derive(Clone)]
struct Info {
    base: Rc<str>,
    draft: Draft,
    res: u32,
}

struct Compiler<'a> {
    loader: &'a dyn Loader,
    options: &'a Options,
    docs: Vec<(String, Rc<Value>)>,
    resources: Vec<Resource>,
    res_by_uri: HashMap<String, u32>,
    anchors: HashMap<String, Loc>,
    info: HashMap<Loc, Info>,
    memo: HashMap<Loc, NodeId>,
    nodes: Vec<Option<Node>>,
    queue: VecDeque<(NodeId, usize, String)>,
    warnings: Vec<String>,
    uses_dynamic: bool,
}

fn err(message: String) -> SchemaError {
    SchemaError { message }
}

fn child(ptr: &str, seg: &str) -> String {
    format!("{ptr}/{}", escape_token(seg))
}

fn as_count(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| *f >= 0.0 && f.fract() == 0.0 && *f < 1.8e19)
                .map(|f| f as u64)
        }),
        _ => None,
    }
}

const SINGLE: &[&str] = &[
    "additionalItems",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "items",
];
const LISTS: &[&str] = &["items", "allOf", "anyOf", "oneOf", "prefixItems"];
const MAPS: &[&str] = &[
    "$defs",
    "definitions",
    "properties",
    "patternProperties",
    "dependentSchemas",
    "dependencies",
];

pub(crate) fn build(
    schema: &Value,
    base_uri: &str,
    default_draft: Draft,
    loader: &dyn Loader,
    options: &Options,
) -> Result<Validator, SchemaError> {
    let mut c = Compiler {
        loader,
        options,
        docs: Vec::new(),
        resources: Vec::new(),
        res_by_uri: HashMap::new(),
        anchors: HashMap::new(),
        info: HashMap::new(),
        memo: HashMap::new(),
        nodes: Vec::new(),
        queue: VecDeque::new(),
        warnings: Vec::new(),
        uses_dynamic: false,
    };
    let base = resolve(base_uri, "");
    let doc = c.add_doc(&base, schema.clone(), default_draft);
    let draft = c.info_for(doc, "").draft;
    let root = c.node_for(doc, String::new());
    c.run()?;
    let nodes: Vec<Node> = c.nodes.into_iter().map(|n| n.expect("compiled")).collect();
    let resources = c
        .resources
        .iter()
        .map(|r| ResInfo {
            root: c.memo.get(&(r.doc, r.ptr.clone())).copied(),
            recursive_anchor: r.recursive_anchor,
            dyn_anchors: r
                .dyn_anchors
                .iter()
                .filter_map(|(name, ptr)| {
                    c.memo
                        .get(&(r.doc, ptr.clone()))
                        .map(|id| (name.clone(), *id))
                })
                .collect(),
        })
        .collect();
    Ok(Validator {
        nodes,
        resources,
        root,
        draft,
        warnings: c.warnings,
    })
}

impl Compiler<'_> {
    fn add_resource(&mut self, uri: &str, doc: usize, ptr: &str) -> u32 {
        if let Some(&r) = self.res_by_uri.get(uri) {
            return r;
        }
        let id = self.resources.len() as u32;
        self.resources.push(Resource {
            doc,
            ptr: ptr.to_string(),
            recursive_anchor: false,
            dyn_anchors: Vec::new(),
        });
        self.res_by_uri.insert(uri.to_string(), id);
        id
    }

    /// Registers a document and indexes its identifiers and anchors.
    fn add_doc(&mut self, uri: &str, value: Value, draft: Draft) -> usize {
        let doc = self.docs.len();
        let root = Rc::new(value);
        self.docs.push((uri.to_string(), root.clone()));
        let res = self.add_resource(uri, doc, "");
        let mut stack: Vec<(&Value, String, Rc<str>, Draft, u32)> =
            vec![(&root, String::new(), Rc::from(uri), draft, res)];
        while let Some((v, ptr, base, draft, res)) = stack.pop() {
            let Value::Object(o) = v else {
                self.info.insert((doc, ptr), Info { base, draft, res });
                continue;
            };
            let draft = o
                .get("$schema")
                .and_then(Value::as_str)
                .and_then(Draft::from_schema_uri)
                .unwrap_or(draft);
            let legacy = draft <= Draft::Draft7;
            let id_key = if draft == Draft::Draft4 { "id" } else { "$id" };
            let (mut base, mut res) = (base, res);
            let id = o.get(id_key).and_then(Value::as_str);
            if let Some(id) = id.filter(|_| !(legacy && o.contains_key("$ref"))) {
                if let Some(name) = id.strip_prefix('#').filter(|_| legacy) {
                    if !name.is_empty() {
                        self.anchors
                            .insert(format!("{base}#{name}"), (doc, ptr.clone()));
                    }
                } else {
                    let abs = resolve(&base, id);
                    let (u, frag) = split_fragment(&abs);
                    if ptr.is_empty() {
                        self.res_by_uri.entry(u.to_string()).or_insert(res);
                    } else {
                        res = self.add_resource(u, doc, &ptr);
                    }
                    base = Rc::from(u);
                    if legacy && !frag.is_empty() {
                        self.anchors
                            .insert(format!("{base}#{frag}"), (doc, ptr.clone()));
                    }
                }
            }
            if !legacy {
                if let Some(a) = o.get("$anchor").and_then(Value::as_str) {
                    self.anchors
                        .insert(format!("{base}#{a}"), (doc, ptr.clone()));
                }
            }
            if draft >= Draft::Draft202012 {
                if let Some(a) = o.get("$dynamicAnchor").and_then(Value::as_str) {
                    self.anchors
                        .insert(format!("{base}#{a}"), (doc, ptr.clone()));
                    self.resources[res as usize]
                        .dyn_anchors
                        .push((a.to_string(), ptr.clone()));
                }
            }
            if draft == Draft::Draft201909
                && o.get("$recursiveAnchor") == Some(&Value::Bool(true))
                && self.resources[res as usize].ptr == ptr
                && self.resources[res as usize].doc == doc
            {
                self.resources[res as usize].recursive_anchor = true;
            }
            for (k, sub) in o {
                let kp = child(&ptr, k);
                if SINGLE.contains(&k.as_str()) && (sub.is_object() || sub.is_boolean()) {
                    stack.push((sub, kp.clone(), base.clone(), draft, res));
                }
                if LISTS.contains(&k.as_str()) {
                    if let Value::Array(items) = sub {
                        for (i, item) in items.iter().enumerate() {
                            stack.push((item, format!("{kp}/{i}"), base.clone(), draft, res));
                        }
                    }
                }
                if MAPS.contains(&k.as_str()) {
                    if let Value::Object(m) = sub {
                        for (name, item) in m {
                            if item.is_object() || item.is_boolean() {
                                stack.push((item, child(&kp, name), base.clone(), draft, res));
                            }
                        }
                    }
                }
            }
            self.info.insert((doc, ptr), Info { base, draft, res });
        }
        doc
    }

    /// Base URI, draft and resource of a location; falls back to the nearest
    /// indexed ancestor for locations the index did not visit.
    fn info_for(&self, doc: usize, ptr: &str) -> Info {
        let mut p = ptr;
        loop {
            if let Some(i) = self.info.get(&(doc, p.to_string())) {
                return i.clone();
            }
            match p.rfind('/') {
                Some(pos) => p = &p[..pos],
                None => {
                    return Info {
                        base: Rc::from(self.docs[doc].0.as_str()),
                        draft: Draft::Draft202012,
                        res: 0,
                    }
                }
            }
        }
    }

    fn node_for(&mut self, doc: usize, ptr: String) -> NodeId {
        if let Some(&id) = self.memo.get(&(doc, ptr.clone())) {
            return id;
        }
        let id = self.nodes.len() as NodeId;
        self.nodes.push(None);
        self.memo.insert((doc, ptr.clone()), id);
        self.queue.push_back((id, doc, ptr));
        id
    }

    fn run(&mut self) -> Result<(), SchemaError> {
        loop {
            while let Some((id, doc, ptr)) = self.queue.pop_front() {
                let node = self.compile_node(doc, &ptr)?;
                self.nodes[id as usize] = Some(node);
            }
            if !self.uses_dynamic {
                return Ok(());
            }
            // Resources that can appear in the dynamic scope need their
            // dynamic anchors (and recursive roots) compiled too.
            let touched: HashSet<u32> = self.nodes.iter().flatten().map(|n| n.res).collect();
            let mut wanted = Vec::new();
            for r in touched {
                let res = &self.resources[r as usize];
                for (_, ptr) in &res.dyn_anchors {
                    wanted.push((res.doc, ptr.clone()));
                }
                if res.recursive_anchor {
                    wanted.push((res.doc, res.ptr.clone()));
                }
            }
            let before = self.nodes.len();
            for (doc, ptr) in wanted {
                self.node_for(doc, ptr);
            }
            if self.nodes.len() == before {
                return Ok(());
            }
        }
    }

    fn spath(&self, doc: usize, ptr: &str, kw: &str) -> Box<str> {
        if doc == 0 {
            child(ptr, kw).into_boxed_str()
        } else {
            format!("{}#{}", self.docs[doc].0, child(ptr, kw)).into_boxed_str()
        }
    }

    /// Resolves a reference to a schema location, loading documents as needed.
    fn resolve_ref(&mut self, base: &str, reference: &str) -> Result<Loc, SchemaError> {
        let abs = resolve(base, reference);
        let (u, frag) = split_fragment(&abs);
        let frag = percent_decode(frag);
        let rid = match self.res_by_uri.get(u) {
            Some(&r) => r,
            None => {
                let value = match self.loader.load(u) {
                    Some(v) => v,
                    // A draft's meta-schema that the loader does not provide
                    // accepts everything rather than failing the whole schema.
                    None if u.contains("json-schema.org/")
                        && Draft::from_schema_uri(u).is_some() =>
                    {
                        self.warnings.push(format!(
                            "meta-schema `{u}` is not available; `$ref` to it accepts any value"
                        ));
                        Value::Bool(true)
                    }
                    None => {
                        return Err(err(format!("cannot resolve $ref `{reference}` (`{abs}`)")));
                    }
                };
                let draft = self.info_for(0, "").draft;
                let doc = self.add_doc(u, value, draft);
                self.info_for(doc, "").res
            }
        };
        let (doc, rptr) = {
            let r = &self.resources[rid as usize];
            (r.doc, r.ptr.clone())
        };
        if frag.is_empty() {
            return Ok((doc, rptr));
        }
        if frag.starts_with('/') {
            let ptr = format!("{rptr}{frag}");
            if self.docs[doc].1.pointer(&ptr).is_none() {
                return Err(err(format!(
                    "cannot resolve $ref `{reference}`: `{u}` has nothing at `{frag}`"
                )));
            }
            return Ok((doc, ptr));
        }
        match self.anchors.get(&format!("{u}#{frag}")) {
            Some(loc) => Ok(loc.clone()),
            None => Err(err(format!(
                "cannot resolve $ref `{reference}`: no anchor `{frag}` in `{u}`"
            ))),
        }
    }

    fn compile_pattern(&mut self, p: &str, where_: &str) -> Option<Regex> {
        match pattern::compile(p) {
            Ok(r) => Some(r),
            Err(e) => {
                self.warnings
                    .push(format!("pattern `{p}` at {where_} was skipped: {e}"));
                None
            }
        }
    }

    fn compile_node(&mut self, doc: usize, ptr: &str) -> Result<Node, SchemaError> {
        let root = self.docs[doc].1.clone();
        let info = self.info_for(doc, ptr);
        let mut kws = Vec::new();
        match root.pointer(ptr) {
            Some(Value::Bool(false)) => kws.push(KwAt {
                kw: Kw::False,
                path: self.spath(doc, ptr, "").trim_end_matches('/').into(),
            }),
            Some(Value::Object(o)) => self.compile_object(o, doc, ptr, &info, &mut kws)?,
            _ => {}
        }
        // unevaluated* must see the annotations of all their siblings.
        kws.sort_by_key(|k| matches!(k.kw, Kw::UnevaluatedItems(_) | Kw::UnevaluatedProperties(_)));
        let has_uneval = kws
            .iter()
            .any(|k| matches!(k.kw, Kw::UnevaluatedItems(_) | Kw::UnevaluatedProperties(_)));
        Ok(Node {
            kws,
            res: info.res,
            has_uneval,
        })
    }

    fn compile_object(
        &mut self,
        o: &Map<String, Value>,
        doc: usize,
        ptr: &str,
        info: &Info,
        kws: &mut Vec<KwAt>,
    ) -> Result<(), SchemaError> {
        let d = info.draft;
        let mut push = |s: &mut Self, name: &str, kw: Kw| {
            let path = s.spath(doc, ptr, name);
            kws.push(KwAt { kw, path });
        };
        let sub = |s: &mut Self, name: &str| s.node_for(doc, child(ptr, name));
        let sub_at =
            |s: &mut Self, name: &str, seg: &str| s.node_for(doc, child(&child(ptr, name), seg));
        let node_list = |s: &mut Self, name: &str| -> Option<Vec<NodeId>> {
            let Some(Value::Array(items)) = o.get(name) else {
                return None;
            };
            Some(
                (0..items.len())
                    .map(|i| sub_at(s, name, &i.to_string()))
                    .collect(),
            )
        };
        let is_schema = |v: &Value| v.is_object() || v.is_boolean();

        if let Some(Value::String(r)) = o.get("$ref") {
            let target = self.resolve_ref(&info.base, r)?;
            let id = self.node_for(target.0, target.1);
            push(self, "$ref", Kw::Ref(id));
            if d <= Draft::Draft7 {
                return Ok(());
            }
        }
        if d >= Draft::Draft202012 {
            if let Some(Value::String(r)) = o.get("$dynamicRef") {
                let target = self.resolve_ref(&info.base, r)?;
                let frag = split_fragment(r).1;
                let anchored = !frag.is_empty()
                    && !frag.starts_with('/')
                    && self.docs[target.0]
                        .1
                        .pointer(&target.1)
                        .and_then(|v| v.get("$dynamicAnchor"))
                        .and_then(Value::as_str)
                        == Some(frag);
                let id = self.node_for(target.0, target.1);
                self.uses_dynamic = true;
                let name = anchored.then(|| frag.to_string());
                push(self, "$dynamicRef", Kw::DynamicRef { target: id, name });
            }
        }
        if d == Draft::Draft201909 {
            if let Some(Value::String(r)) = o.get("$recursiveRef") {
                let target = self.resolve_ref(&info.base, r)?;
                let id = self.node_for(target.0, target.1);
                self.uses_dynamic = true;
                push(self, "$recursiveRef", Kw::RecursiveRef(id));
            }
        }

        // Validation keywords.
        match o.get("type") {
            Some(Value::String(t)) => {
                if let Some(mask) = type_bit(t) {
                    push(
                        self,
                        "type",
                        Kw::Type {
                            mask,
                            int_floats: d > Draft::Draft4,
                        },
                    );
                }
            }
            Some(Value::Array(ts)) => {
                let mask = ts
                    .iter()
                    .filter_map(Value::as_str)
                    .filter_map(type_bit)
                    .fold(0, |a, b| a | b);
                push(
                    self,
                    "type",
                    Kw::Type {
                        mask,
                        int_floats: d > Draft::Draft4,
                    },
                );
            }
            _ => {}
        }
        if let Some(Value::Array(vals)) = o.get("enum") {
            push(self, "enum", Kw::Enum(vals.clone()));
        }
        if d >= Draft::Draft6 {
            if let Some(v) = o.get("const") {
                push(self, "const", Kw::Const(v.clone()));
            }
        }
        if let Some(Value::Number(n)) = o.get("multipleOf") {
            if n.as_f64().is_some_and(|f| f > 0.0) {
                push(self, "multipleOf", Kw::MultipleOf(n.clone()));
            }
        }
        for (name, excl_name, is_min) in [
            ("minimum", "exclusiveMinimum", true),
            ("maximum", "exclusiveMaximum", false),
        ] {
            let excl = o.get(excl_name);
            if let Some(Value::Number(n)) = o.get(name) {
                let exclusive = d == Draft::Draft4 && excl == Some(&Value::Bool(true));
                let kw_name = if exclusive { excl_name } else { name };
                let kw = if is_min {
                    Kw::Minimum(n.clone(), exclusive)
                } else {
                    Kw::Maximum(n.clone(), exclusive)
                };
                push(self, kw_name, kw);
            }
            if d > Draft::Draft4 {
                if let Some(Value::Number(n)) = excl {
                    let kw = if is_min {
                        Kw::Minimum(n.clone(), true)
                    } else {
                        Kw::Maximum(n.clone(), true)
                    };
                    push(self, excl_name, kw);
                }
            }
        }
        let counts: [(&str, CountKw); 6] = [
            ("minLength", Kw::MinLength),
            ("maxLength", Kw::MaxLength),
            ("minItems", Kw::MinItems),
            ("maxItems", Kw::MaxItems),
            ("minProperties", Kw::MinProperties),
            ("maxProperties", Kw::MaxProperties),
        ];
        for (name, make) in counts {
            if let Some(n) = o.get(name).and_then(as_count) {
                push(self, name, make(n));
            }
        }
        if let Some(Value::String(p)) = o.get("pattern") {
            let where_ = self.spath(doc, ptr, "pattern");
            if let Some(re) = self.compile_pattern(p, &where_) {
                push(self, "pattern", Kw::Pattern(re, p.clone()));
            }
        }
        if self.options.assert_format {
            if let Some(f) = o
                .get("format")
                .and_then(Value::as_str)
                .and_then(Format::from_name)
            {
                push(self, "format", Kw::Format(f));
            }
        }
        if o.get("uniqueItems") == Some(&Value::Bool(true)) {
            push(self, "uniqueItems", Kw::UniqueItems);
        }
        if let Some(Value::Array(req)) = o.get("required") {
            let names: Vec<String> = req
                .iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect();
            if !names.is_empty() {
                push(self, "required", Kw::Required(names));
            }
        }

        // In-place applicators.
        for (name, make) in [
            ("allOf", Kw::AllOf as fn(Vec<NodeId>) -> Kw),
            ("anyOf", Kw::AnyOf),
            ("oneOf", Kw::OneOf),
        ] {
            if let Some(list) = node_list(self, name) {
                push(self, name, make(list));
            }
        }
        if o.get("not").is_some_and(is_schema) {
            let n = sub(self, "not");
            push(self, "not", Kw::Not(n));
        }
        if d >= Draft::Draft7 && o.get("if").is_some_and(is_schema) {
            let cond = sub(self, "if");
            let then = o
                .get("then")
                .is_some_and(is_schema)
                .then(|| sub(self, "then"));
            let els = o
                .get("else")
                .is_some_and(is_schema)
                .then(|| sub(self, "else"));
            push(self, "if", Kw::If { cond, then, els });
        }

        // Objects.
        let mut names = Vec::new();
        if let Some(Value::Object(props)) = o.get("properties") {
            let mut map = HashMap::new();
            for (k, v) in props {
                if is_schema(v) {
                    map.insert(k.clone(), sub_at(self, "properties", k));
                }
                names.push(k.clone());
            }
            push(self, "properties", Kw::Properties(map));
        }
        let mut patterns = Vec::new();
        if let Some(Value::Object(pp)) = o.get("patternProperties") {
            let mut list = Vec::new();
            for (k, v) in pp {
                let where_ = child(&self.spath(doc, ptr, "patternProperties"), k);
                let Some(re) = self.compile_pattern(k, &where_) else {
                    continue;
                };
                patterns.push(re.clone());
                if is_schema(v) {
                    list.push((re, sub_at(self, "patternProperties", k)));
                }
            }
            push(self, "patternProperties", Kw::PatternProperties(list));
        }
        if o.get("additionalProperties").is_some_and(is_schema) {
            let node = sub(self, "additionalProperties");
            push(
                self,
                "additionalProperties",
                Kw::AdditionalProperties {
                    node,
                    names,
                    patterns,
                },
            );
        }
        if d >= Draft::Draft6 && o.get("propertyNames").is_some_and(is_schema) {
            let n = sub(self, "propertyNames");
            push(self, "propertyNames", Kw::PropertyNames(n));
        }
        // `dependencies` is kept in 2019-09+ for compatibility with older schemas.
        let dep_sources: &[&str] = if d <= Draft::Draft7 {
            &["dependencies"]
        } else {
            &["dependencies", "dependentRequired", "dependentSchemas"]
        };
        for &src in dep_sources {
            let Some(Value::Object(deps)) = o.get(src) else {
                continue;
            };
            let mut dep_req = Vec::new();
            let mut dep_schemas = Vec::new();
            for (k, v) in deps {
                match v {
                    Value::Array(list) if src != "dependentSchemas" => dep_req.push((
                        k.clone(),
                        list.iter()
                            .filter_map(Value::as_str)
                            .map(String::from)
                            .collect(),
                    )),
                    v if is_schema(v) && src != "dependentRequired" => {
                        dep_schemas.push((k.clone(), sub_at(self, src, k)));
                    }
                    _ => {}
                }
            }
            if !dep_req.is_empty() {
                push(self, src, Kw::DependentRequired(dep_req));
            }
            if !dep_schemas.is_empty() {
                push(self, src, Kw::DependentSchemas(dep_schemas));
            }
        }

        // Arrays.
        let tuple_kw = if d >= Draft::Draft202012 {
            "prefixItems"
        } else {
            "items"
        };
        let mut tuple_len = None;
        if let Some(list) = node_list(self, tuple_kw) {
            tuple_len = Some(list.len());
            push(self, tuple_kw, Kw::PrefixItems(list));
        }
        if d >= Draft::Draft202012 {
            if o.get("items").is_some_and(is_schema) {
                let node = sub(self, "items");
                let from = tuple_len.unwrap_or(0);
                push(
                    self,
                    "items",
                    Kw::ItemsFrom {
                        node,
                        from,
                        keyword: "items",
                    },
                );
            }
        } else if o.get("items").is_some_and(is_schema) {
            let node = sub(self, "items");
            push(
                self,
                "items",
                Kw::ItemsFrom {
                    node,
                    from: 0,
                    keyword: "items",
                },
            );
        } else if let Some(from) = tuple_len {
            if o.get("additionalItems").is_some_and(is_schema) {
                let node = sub(self, "additionalItems");
                push(
                    self,
                    "additionalItems",
                    Kw::ItemsFrom {
                        node,
                        from,
                        keyword: "additionalItems",
                    },
                );
            }
        }
        if d >= Draft::Draft6 && o.get("contains").is_some_and(is_schema) {
            let node = sub(self, "contains");
            let modern = d >= Draft::Draft201909;
            let min = if modern {
                o.get("minContains").and_then(as_count).unwrap_or(1)
            } else {
                1
            };
            let max = if modern {
                o.get("maxContains").and_then(as_count)
            } else {
                None
            };
            let mark = d >= Draft::Draft202012;
            push(
                self,
                "contains",
                Kw::Contains {
                    node,
                    min,
                    max,
                    mark,
                },
            );
        }
        if d >= Draft::Draft201909 {
            if o.get("unevaluatedProperties").is_some_and(is_schema) {
                let n = sub(self, "unevaluatedProperties");
                push(self, "unevaluatedProperties", Kw::UnevaluatedProperties(n));
            }
            if o.get("unevaluatedItems").is_some_and(is_schema) {
                let n = sub(self, "unevaluatedItems");
                push(self, "unevaluatedItems", Kw::UnevaluatedItems(n));
            }
        }
        Ok(())
    }
}
