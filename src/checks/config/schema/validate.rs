//! Evaluation of compiled schemas against instances.

use std::cmp::Ordering;

use serde_json::{Number, Value};

use super::compile::{Kw, KwAt, NodeId};
use super::message::{
    describe, list_values, plural, short, subject, suggest, type_phrase, value_types, T_INT, T_NUM,
};
use super::{PathSeg, Validator, Violation};

/// Maximum nesting of schema applications (per validation).
pub(crate) const MAX_DEPTH: u32 = 300;

/// The instance location, as a linked list on the stack.
#[derive(Clone, Copy)]
enum Loc<'a> {
    Root,
    Key(&'a Loc<'a>, &'a str),
    Idx(&'a Loc<'a>, usize),
}

impl Loc<'_> {
    fn to_vec(self) -> Vec<PathSeg> {
        let mut out = Vec::new();
        let mut cur = self;
        loop {
            match cur {
                Loc::Root => break,
                Loc::Key(p, k) => {
                    out.push(PathSeg::Key(k.to_string()));
                    cur = *p;
                }
                Loc::Idx(p, i) => {
                    out.push(PathSeg::Index(i));
                    cur = *p;
                }
            }
        }
        out.reverse();
        out
    }

    fn depth(self) -> usize {
        let mut n = 0;
        let mut cur = self;
        loop {
            match cur {
                Loc::Root => return n,
                Loc::Key(p, _) | Loc::Idx(p, _) => {
                    n += 1;
                    cur = *p;
                }
            }
        }
    }
}

/// The dynamic scope: schema resources entered, innermost first.
struct Scope<'a> {
    res: u32,
    parent: Option<&'a Scope<'a>>,
}

struct Ctx {
    collect: bool,
    errors: Vec<Violation>,
    depth: u32,
    too_deep: Option<Violation>,
}

/// How badly a oneOf/anyOf branch failed (smaller is a better match).
type Score = (bool, bool, usize, std::cmp::Reverse<usize>);

/// Evaluated property / item flags of one instance (by position).
type Marks = Vec<bool>;

fn marks_for(v: &Value) -> Marks {
    match v {
        Value::Object(o) => vec![false; o.len()],
        Value::Array(a) => vec![false; a.len()],
        _ => Vec::new(),
    }
}

fn merge(into: &mut Option<&mut Marks>, from: &Marks) {
    if let Some(m) = into {
        for (a, b) in m.iter_mut().zip(from) {
            *a |= *b;
        }
    }
}

fn mark(m: &mut Option<&mut Marks>, i: usize) {
    if let Some(m) = m {
        if let Some(slot) = m.get_mut(i) {
            *slot = true;
        }
    }
}

fn num_cmp(a: &Number, b: &Number) -> Option<Ordering> {
    let int = |n: &Number| {
        n.as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
    };
    match (int(a), int(b)) {
        (Some(x), Some(y)) => Some(x.cmp(&y)),
        _ => a.as_f64()?.partial_cmp(&b.as_f64()?),
    }
}

/// JSON equality (1 == 1.0), iterative so deep values cannot overflow.
pub(crate) fn json_eq(a: &Value, b: &Value) -> bool {
    let mut stack = vec![(a, b)];
    while let Some(pair) = stack.pop() {
        match pair {
            (Value::Number(x), Value::Number(y)) => {
                if num_cmp(x, y) != Some(Ordering::Equal) {
                    return false;
                }
            }
            (Value::Array(x), Value::Array(y)) => {
                if x.len() != y.len() {
                    return false;
                }
                stack.extend(x.iter().zip(y));
            }
            (Value::Object(x), Value::Object(y)) => {
                if x.len() != y.len() {
                    return false;
                }
                for (k, xv) in x {
                    match y.get(k) {
                        Some(yv) => stack.push((xv, yv)),
                        None => return false,
                    }
                }
            }
            (x, y) => {
                if x != y {
                    return false;
                }
            }
        }
    }
    true
}

fn is_multiple(v: &Number, m: &Number) -> bool {
    if let (Some(a), Some(b)) = (v.as_i64(), m.as_i64()) {
        return b != 0 && a % b == 0;
    }
    if let (Some(a), Some(b)) = (v.as_u64(), m.as_u64()) {
        return b != 0 && a % b == 0;
    }
    let (Some(a), Some(b)) = (v.as_f64(), m.as_f64()) else {
        return false;
    };
    let q = a / b;
    if !q.is_finite() {
        return false;
    }
    (q - q.round()).abs() <= 1e-9 * q.abs().max(1.0)
}

fn sort_key(v: &Violation) -> (&[PathSeg], &'static str) {
    (&v.instance_path, v.keyword)
}

/// Validates and returns (valid, violations).
pub(crate) fn run(v: &Validator, instance: &Value, collect: bool) -> (bool, Vec<Violation>) {
    let mut ctx = Ctx {
        collect,
        errors: Vec::new(),
        depth: 0,
        too_deep: None,
    };
    let scope = Scope {
        res: v.nodes[v.root as usize].res,
        parent: None,
    };
    let ok = v.eval(v.root, instance, Loc::Root, &scope, &mut ctx, None);
    if !collect {
        return (ok, Vec::new());
    }
    let mut errors = std::mem::take(&mut ctx.errors);
    if let Some(deep) = ctx.too_deep.take() {
        if !errors.iter().any(|e| e.message == deep.message) {
            errors.push(deep);
        }
    }
    if !ok && errors.is_empty() {
        errors.push(Violation {
            instance_path: Vec::new(),
            keyword: "schema",
            message: "the document does not match the schema".to_string(),
            schema_path: String::new(),
        });
    }
    errors.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    let mut seen = std::collections::HashSet::new();
    errors.retain(|e| seen.insert((e.instance_path.clone(), e.keyword, e.message.clone())));
    (ok, errors)
}

impl Validator {
    fn is_false(&self, n: NodeId) -> bool {
        matches!(
            self.nodes[n as usize].kws.as_slice(),
            [KwAt { kw: Kw::False, .. }]
        )
    }

    fn report(
        &self,
        ctx: &mut Ctx,
        loc: Loc<'_>,
        kw: &KwAt,
        keyword: &'static str,
        message: String,
    ) {
        ctx.errors.push(Violation {
            instance_path: loc.to_vec(),
            keyword,
            message,
            schema_path: kw.path.to_string(),
        });
    }

    fn eval(
        &self,
        id: NodeId,
        inst: &Value,
        loc: Loc<'_>,
        scope: &Scope<'_>,
        ctx: &mut Ctx,
        mut marks: Option<&mut Marks>,
    ) -> bool {
        if ctx.depth >= MAX_DEPTH {
            if ctx.too_deep.is_none() {
                ctx.too_deep = Some(Violation {
                    instance_path: loc.to_vec(),
                    keyword: "$ref",
                    message: "schema recursion too deep".to_string(),
                    schema_path: String::new(),
                });
            }
            return false;
        }
        let node = &self.nodes[id as usize];
        let inner;
        let scope = if node.res != scope.res {
            inner = Scope {
                res: node.res,
                parent: Some(scope),
            };
            &inner
        } else {
            scope
        };
        ctx.depth += 1;
        let need = marks.is_some() || node.has_uneval;
        let mut local = if need { marks_for(inst) } else { Vec::new() };
        let mut valid = true;
        for kw in &node.kws {
            let m = if need { Some(&mut local) } else { None };
            if !self.eval_kw(kw, inst, loc, scope, ctx, m) {
                valid = false;
                if !ctx.collect {
                    break;
                }
            }
        }
        ctx.depth -= 1;
        if valid {
            merge(&mut marks, &local);
        }
        valid
    }

    /// Evaluates without collecting errors.
    fn check(
        &self,
        id: NodeId,
        inst: &Value,
        loc: Loc<'_>,
        scope: &Scope<'_>,
        ctx: &mut Ctx,
        marks: Option<&mut Marks>,
    ) -> bool {
        let saved = ctx.collect;
        ctx.collect = false;
        let ok = self.eval(id, inst, loc, scope, ctx, marks);
        ctx.collect = saved;
        ok
    }

    /// Evaluates with errors collected into a separate list.
    fn explain(
        &self,
        id: NodeId,
        inst: &Value,
        loc: Loc<'_>,
        scope: &Scope<'_>,
        ctx: &mut Ctx,
    ) -> Vec<Violation> {
        let saved = std::mem::take(&mut ctx.errors);
        let collect = ctx.collect;
        ctx.collect = true;
        self.eval(id, inst, loc, scope, ctx, None);
        ctx.collect = collect;
        std::mem::replace(&mut ctx.errors, saved)
    }

    fn dynamic_target(
        &self,
        scope: &Scope<'_>,
        name: Option<&str>,
        target: NodeId,
        recursive: bool,
    ) -> NodeId {
        let mut chain = Vec::new();
        let mut cur = Some(scope);
        while let Some(s) = cur {
            chain.push(s.res);
            cur = s.parent;
        }
        for &r in chain.iter().rev() {
            let info = &self.resources[r as usize];
            let found = if recursive {
                info.root.filter(|_| info.recursive_anchor)
            } else {
                name.and_then(|n| info.dyn_anchors.get(n).copied())
            };
            if let Some(f) = found {
                return f;
            }
        }
        target
    }

    fn eval_kw(
        &self,
        kw: &KwAt,
        inst: &Value,
        loc: Loc<'_>,
        scope: &Scope<'_>,
        ctx: &mut Ctx,
        marks: Option<&mut Marks>,
    ) -> bool {
        // Split in groups so that the frames on the recursive path stay small.
        match &kw.kw {
            Kw::Ref(_)
            | Kw::DynamicRef { .. }
            | Kw::RecursiveRef(_)
            | Kw::AllOf(_)
            | Kw::AnyOf(_)
            | Kw::OneOf(_)
            | Kw::Not(_)
            | Kw::If { .. }
            | Kw::DependentSchemas(_) => self.in_place(kw, inst, loc, scope, ctx, marks),
            Kw::Properties(_)
            | Kw::PatternProperties(_)
            | Kw::AdditionalProperties { .. }
            | Kw::PropertyNames(_)
            | Kw::UnevaluatedProperties(_) => self.object_kw(kw, inst, loc, scope, ctx, marks),
            Kw::PrefixItems(_)
            | Kw::ItemsFrom { .. }
            | Kw::Contains { .. }
            | Kw::UnevaluatedItems(_) => self.array_kw(kw, inst, loc, scope, ctx, marks),
            _ => self.assertion(kw, inst, loc, scope, ctx, marks),
        }
    }

    /// Keywords that only assert (no subschemas).
    #[inline(never)]
    #[allow(unused_mut, unused_variables)]
    fn assertion(
        &self,
        kw: &KwAt,
        inst: &Value,
        loc: Loc<'_>,
        scope: &Scope<'_>,
        ctx: &mut Ctx,
        mut marks: Option<&mut Marks>,
    ) -> bool {
        let collect = ctx.collect;
        let subj = || subject(&loc.to_vec());
        match &kw.kw {
            Kw::False => {
                if collect {
                    self.report(
                        ctx,
                        loc,
                        kw,
                        "false",
                        format!("{} is not allowed here", subj()),
                    );
                }
                false
            }
            Kw::Type { mask, int_floats } => {
                let mut have = value_types(inst);
                if !int_floats && have & T_INT != 0 {
                    // Draft 4: `1.0` is not an integer, but integers too big
                    // for i64/u64 (parsed as floats) still are.
                    let exact = matches!(inst, Value::Number(n) if n.is_i64() || n.is_u64()
                        || n.as_f64().is_some_and(|f| f.abs() >= 9.2e18));
                    if !exact {
                        have &= !T_INT;
                    }
                }
                if have & mask != 0 {
                    return true;
                }
                if collect {
                    let msg = format!(
                        "{} must be {}, got {}",
                        subj(),
                        type_phrase(*mask),
                        describe(inst)
                    );
                    self.report(ctx, loc, kw, "type", msg);
                }
                false
            }
            Kw::Enum(values) => {
                if values.iter().any(|v| json_eq(v, inst)) {
                    return true;
                }
                if collect {
                    let msg = if values.len() == 1 {
                        format!(
                            "{} must be {}; got {}",
                            subj(),
                            short(&values[0]),
                            short(inst)
                        )
                    } else {
                        format!(
                            "{} must be one of {}; got {}",
                            subj(),
                            list_values(values),
                            short(inst)
                        )
                    };
                    self.report(ctx, loc, kw, "enum", msg);
                }
                false
            }
            Kw::Const(v) => {
                if json_eq(v, inst) {
                    return true;
                }
                if collect {
                    let msg = format!("{} must be {}; got {}", subj(), short(v), short(inst));
                    self.report(ctx, loc, kw, "const", msg);
                }
                false
            }
            Kw::MultipleOf(m) => {
                let Value::Number(n) = inst else { return true };
                if is_multiple(n, m) {
                    return true;
                }
                if collect {
                    let msg = format!("{} must be a multiple of {m}, got {n}", subj());
                    self.report(ctx, loc, kw, "multipleOf", msg);
                }
                false
            }
            Kw::Minimum(limit, excl) | Kw::Maximum(limit, excl) => {
                let Value::Number(n) = inst else { return true };
                let is_min = matches!(kw.kw, Kw::Minimum(..));
                let ord = num_cmp(n, limit);
                let ok = match (is_min, excl) {
                    (true, false) => matches!(ord, Some(Ordering::Greater | Ordering::Equal)),
                    (true, true) => ord == Some(Ordering::Greater),
                    (false, false) => matches!(ord, Some(Ordering::Less | Ordering::Equal)),
                    (false, true) => ord == Some(Ordering::Less),
                };
                if ok {
                    return true;
                }
                if collect {
                    let (keyword, rel) = match (is_min, excl) {
                        (true, false) => ("minimum", "at least"),
                        (true, true) => ("exclusiveMinimum", "greater than"),
                        (false, false) => ("maximum", "at most"),
                        (false, true) => ("exclusiveMaximum", "less than"),
                    };
                    let msg = format!("{} must be {rel} {limit}, got {n}", subj());
                    self.report(ctx, loc, kw, keyword, msg);
                }
                false
            }
            Kw::MinLength(limit) | Kw::MaxLength(limit) => {
                let Value::String(s) = inst else { return true };
                let len = s.chars().count() as u64;
                let is_min = matches!(kw.kw, Kw::MinLength(_));
                if (is_min && len >= *limit) || (!is_min && len <= *limit) {
                    return true;
                }
                if collect {
                    let (keyword, rel) = if is_min {
                        ("minLength", "at least")
                    } else {
                        ("maxLength", "at most")
                    };
                    let msg = format!(
                        "{} must be {rel} {} long, got {len}",
                        subj(),
                        plural(*limit, "character", "characters")
                    );
                    self.report(ctx, loc, kw, keyword, msg);
                }
                false
            }
            Kw::Pattern(re, src) => {
                let Value::String(s) = inst else { return true };
                if re.is_match(s) {
                    return true;
                }
                if collect {
                    let msg = format!(
                        "{} must match the pattern `{src}`, got {}",
                        subj(),
                        short(inst)
                    );
                    self.report(ctx, loc, kw, "pattern", msg);
                }
                false
            }
            Kw::Format(f) => {
                let Value::String(s) = inst else { return true };
                if f.check(s) {
                    return true;
                }
                if collect {
                    let msg = format!(
                        "{} must be a valid {}, got {}",
                        subj(),
                        f.name(),
                        short(inst)
                    );
                    self.report(ctx, loc, kw, "format", msg);
                }
                false
            }
            Kw::MinItems(limit) | Kw::MaxItems(limit) => {
                let Value::Array(a) = inst else { return true };
                let is_min = matches!(kw.kw, Kw::MinItems(_));
                let len = a.len() as u64;
                if (is_min && len >= *limit) || (!is_min && len <= *limit) {
                    return true;
                }
                if collect {
                    let (keyword, rel) = if is_min {
                        ("minItems", "at least")
                    } else {
                        ("maxItems", "at most")
                    };
                    let msg = format!(
                        "{} must have {rel} {}, got {len}",
                        subj(),
                        plural(*limit, "item", "items")
                    );
                    self.report(ctx, loc, kw, keyword, msg);
                }
                false
            }
            Kw::MinProperties(limit) | Kw::MaxProperties(limit) => {
                let Value::Object(o) = inst else { return true };
                let is_min = matches!(kw.kw, Kw::MinProperties(_));
                let len = o.len() as u64;
                if (is_min && len >= *limit) || (!is_min && len <= *limit) {
                    return true;
                }
                if collect {
                    let (keyword, rel) = if is_min {
                        ("minProperties", "at least")
                    } else {
                        ("maxProperties", "at most")
                    };
                    let msg = format!(
                        "{} must have {rel} {}, got {len}",
                        subj(),
                        plural(*limit, "key", "keys")
                    );
                    self.report(ctx, loc, kw, keyword, msg);
                }
                false
            }
            Kw::UniqueItems => {
                let Value::Array(a) = inst else { return true };
                for i in 0..a.len() {
                    for j in i + 1..a.len() {
                        if json_eq(&a[i], &a[j]) {
                            if collect {
                                let msg = format!(
                                    "{} must not contain duplicate items (items {i} and {j} are equal)",
                                    subj()
                                );
                                self.report(ctx, loc, kw, "uniqueItems", msg);
                            }
                            return false;
                        }
                    }
                }
                true
            }
            Kw::Required(names) => {
                let Value::Object(o) = inst else { return true };
                let mut ok = true;
                for name in names {
                    if !o.contains_key(name) {
                        ok = false;
                        if !collect {
                            break;
                        }
                        let msg = format!("{} is missing the required key `{name}`", subj());
                        self.report(ctx, loc, kw, "required", msg);
                    }
                }
                ok
            }
            Kw::DependentRequired(deps) => {
                let Value::Object(o) = inst else { return true };
                let mut ok = true;
                for (trigger, needed) in deps {
                    if !o.contains_key(trigger) {
                        continue;
                    }
                    for need in needed {
                        if !o.contains_key(need) {
                            ok = false;
                            if !collect {
                                return false;
                            }
                            let msg = format!(
                                "{} is missing the key `{need}`, which is required when `{trigger}` is present",
                                subj()
                            );
                            self.report(ctx, loc, kw, kw_name(kw, "dependentRequired"), msg);
                        }
                    }
                }
                ok
            }
            _ => {
                debug_assert!(false, "keyword dispatched to the wrong group");
                true
            }
        }
    }

    /// In-place applicators.
    #[inline(never)]
    #[allow(unused_mut, unused_variables)]
    fn in_place(
        &self,
        kw: &KwAt,
        inst: &Value,
        loc: Loc<'_>,
        scope: &Scope<'_>,
        ctx: &mut Ctx,
        mut marks: Option<&mut Marks>,
    ) -> bool {
        let collect = ctx.collect;
        let subj = || subject(&loc.to_vec());
        match &kw.kw {
            Kw::Ref(target) => self.eval(*target, inst, loc, scope, ctx, marks),
            Kw::DynamicRef { target, name } => {
                let t = match name {
                    Some(n) => self.dynamic_target(scope, Some(n), *target, false),
                    None => *target,
                };
                self.eval(t, inst, loc, scope, ctx, marks)
            }
            Kw::RecursiveRef(target) => {
                let r = self.nodes[*target as usize].res as usize;
                let t = if self.resources[r].recursive_anchor
                    && self.resources[r].root == Some(*target)
                {
                    self.dynamic_target(scope, None, *target, true)
                } else {
                    *target
                };
                self.eval(t, inst, loc, scope, ctx, marks)
            }
            Kw::AllOf(list) => {
                let mut ok = true;
                for &n in list {
                    if !self.eval(n, inst, loc, scope, ctx, marks.as_deref_mut()) {
                        ok = false;
                        if !collect {
                            break;
                        }
                    }
                }
                ok
            }
            Kw::AnyOf(list) => {
                let mut any = false;
                for &n in list {
                    let mut m = marks.as_ref().map(|m| vec![false; m.len()]);
                    if self.check(n, inst, loc, scope, ctx, m.as_mut()) {
                        any = true;
                        if let Some(m) = &m {
                            merge(&mut marks, m);
                        } else {
                            break;
                        }
                    }
                }
                if !any && collect {
                    self.report_best(kw, "anyOf", list, inst, loc, scope, ctx);
                }
                any
            }
            Kw::OneOf(list) => {
                let mut matched = 0;
                let mut first_marks = None;
                for &n in list {
                    let mut m = marks.as_ref().map(|m| vec![false; m.len()]);
                    if self.check(n, inst, loc, scope, ctx, m.as_mut()) {
                        matched += 1;
                        if matched == 1 {
                            first_marks = m;
                        } else {
                            break;
                        }
                    }
                }
                match matched {
                    1 => {
                        if let Some(m) = &first_marks {
                            merge(&mut marks, m);
                        }
                        true
                    }
                    0 => {
                        if collect {
                            self.report_best(kw, "oneOf", list, inst, loc, scope, ctx);
                        }
                        false
                    }
                    _ => {
                        if collect {
                            let msg =
                                format!("{} matches more than one of the allowed forms", subj());
                            self.report(ctx, loc, kw, "oneOf", msg);
                        }
                        false
                    }
                }
            }
            Kw::Not(n) => {
                if !self.check(*n, inst, loc, scope, ctx, None) {
                    return true;
                }
                if collect {
                    let msg = format!("{} must not {}", subj(), self.describe_not(*n, &kw.path));
                    self.report(ctx, loc, kw, "not", msg);
                }
                false
            }
            Kw::If { cond, then, els } => {
                let mut m = marks.as_ref().map(|m| vec![false; m.len()]);
                let branch = if self.check(*cond, inst, loc, scope, ctx, m.as_mut()) {
                    if let Some(m) = &m {
                        merge(&mut marks, m);
                    }
                    then
                } else {
                    els
                };
                match branch {
                    Some(b) => self.eval(*b, inst, loc, scope, ctx, marks),
                    None => true,
                }
            }
            Kw::DependentSchemas(deps) => {
                let Value::Object(o) = inst else { return true };
                let mut ok = true;
                for (trigger, n) in deps {
                    if o.contains_key(trigger)
                        && !self.eval(*n, inst, loc, scope, ctx, marks.as_deref_mut())
                    {
                        ok = false;
                        if !collect {
                            break;
                        }
                    }
                }
                ok
            }
            _ => {
                debug_assert!(false, "keyword dispatched to the wrong group");
                true
            }
        }
    }

    /// Applicators on object members.
    #[inline(never)]
    #[allow(unused_mut, unused_variables)]
    fn object_kw(
        &self,
        kw: &KwAt,
        inst: &Value,
        loc: Loc<'_>,
        scope: &Scope<'_>,
        ctx: &mut Ctx,
        mut marks: Option<&mut Marks>,
    ) -> bool {
        let collect = ctx.collect;
        let subj = || subject(&loc.to_vec());
        match &kw.kw {
            Kw::Properties(map) => {
                let Value::Object(o) = inst else { return true };
                let mut ok = true;
                for (i, (k, v)) in o.iter().enumerate() {
                    if let Some(&n) = map.get(k) {
                        mark(&mut marks, i);
                        if !self.eval(n, v, Loc::Key(&loc, k), scope, ctx, None) {
                            ok = false;
                            if !collect {
                                break;
                            }
                        }
                    }
                }
                ok
            }
            Kw::PatternProperties(list) => {
                let Value::Object(o) = inst else { return true };
                let mut ok = true;
                for (i, (k, v)) in o.iter().enumerate() {
                    for (re, n) in list {
                        if re.is_match(k) {
                            mark(&mut marks, i);
                            if !self.eval(*n, v, Loc::Key(&loc, k), scope, ctx, None) {
                                ok = false;
                                if !collect {
                                    return false;
                                }
                            }
                        }
                    }
                }
                ok
            }
            Kw::AdditionalProperties {
                node,
                names,
                patterns,
            } => {
                let Value::Object(o) = inst else { return true };
                let forbidden = self.is_false(*node);
                let mut ok = true;
                for (i, (k, v)) in o.iter().enumerate() {
                    if names.iter().any(|n| n == k) || patterns.iter().any(|p| p.is_match(k)) {
                        continue;
                    }
                    mark(&mut marks, i);
                    let key_loc = Loc::Key(&loc, k);
                    if forbidden {
                        ok = false;
                        if !collect {
                            break;
                        }
                        let mut msg = format!("{} has an unexpected key `{k}`", subj());
                        if let Some(s) = suggest(k, names.iter().map(String::as_str)) {
                            msg.push_str(&format!(" (did you mean `{s}`?)"));
                        }
                        self.report(ctx, key_loc, kw, "additionalProperties", msg);
                    } else if !self.eval(*node, v, key_loc, scope, ctx, None) {
                        ok = false;
                        if !collect {
                            break;
                        }
                    }
                }
                ok
            }
            Kw::PropertyNames(n) => {
                let Value::Object(o) = inst else { return true };
                let mut ok = true;
                for k in o.keys() {
                    let key_loc = Loc::Key(&loc, k);
                    let name = Value::String(k.clone());
                    if self.check(*n, &name, key_loc, scope, ctx, None) {
                        continue;
                    }
                    ok = false;
                    if !collect {
                        break;
                    }
                    let inner = self.explain(*n, &name, key_loc, scope, ctx);
                    let key_subj = subject(&key_loc.to_vec());
                    let why = inner
                        .first()
                        .map(|e| {
                            let tail = e.message.strip_prefix(&key_subj).unwrap_or(&e.message);
                            format!(": the name{tail}")
                        })
                        .unwrap_or_default();
                    let msg = format!("{} has a key `{k}` with an invalid name{why}", subj());
                    self.report(ctx, key_loc, kw, "propertyNames", msg);
                }
                ok
            }
            Kw::UnevaluatedProperties(n) => {
                let Value::Object(o) = inst else { return true };
                let forbidden = self.is_false(*n);
                let seen: Marks = marks.as_deref().cloned().unwrap_or_default();
                let mut ok = true;
                for (i, (k, v)) in o.iter().enumerate() {
                    if seen.get(i).copied().unwrap_or(false) {
                        continue;
                    }
                    let key_loc = Loc::Key(&loc, k);
                    if forbidden {
                        ok = false;
                        if !collect {
                            break;
                        }
                        let msg = format!("{} has an unexpected key `{k}`", subj());
                        self.report(ctx, key_loc, kw, "unevaluatedProperties", msg);
                    } else if self.eval(*n, v, key_loc, scope, ctx, None) {
                        mark(&mut marks, i);
                    } else {
                        ok = false;
                        if !collect {
                            break;
                        }
                    }
                }
                ok
            }
            _ => {
                debug_assert!(false, "keyword dispatched to the wrong group");
                true
            }
        }
    }

    /// Applicators on array items.
    #[inline(never)]
    #[allow(unused_mut, unused_variables)]
    fn array_kw(
        &self,
        kw: &KwAt,
        inst: &Value,
        loc: Loc<'_>,
        scope: &Scope<'_>,
        ctx: &mut Ctx,
        mut marks: Option<&mut Marks>,
    ) -> bool {
        let collect = ctx.collect;
        let subj = || subject(&loc.to_vec());
        match &kw.kw {
            Kw::PrefixItems(list) => {
                let Value::Array(a) = inst else { return true };
                let mut ok = true;
                for (i, (item, n)) in a.iter().zip(list).enumerate() {
                    mark(&mut marks, i);
                    if !self.eval(*n, item, Loc::Idx(&loc, i), scope, ctx, None) {
                        ok = false;
                        if !collect {
                            break;
                        }
                    }
                }
                ok
            }
            Kw::ItemsFrom {
                node,
                from,
                keyword,
            } => {
                let Value::Array(a) = inst else { return true };
                if a.len() <= *from {
                    return true;
                }
                if self.is_false(*node) {
                    if collect {
                        let msg = format!(
                            "{} must have at most {}, got {}",
                            subj(),
                            plural(*from as u64, "item", "items"),
                            a.len()
                        );
                        self.report(ctx, loc, kw, keyword, msg);
                    }
                    return false;
                }
                let mut ok = true;
                for (i, item) in a.iter().enumerate().skip(*from) {
                    mark(&mut marks, i);
                    if !self.eval(*node, item, Loc::Idx(&loc, i), scope, ctx, None) {
                        ok = false;
                        if !collect {
                            break;
                        }
                    }
                }
                ok
            }
            Kw::Contains {
                node,
                min,
                max,
                mark: do_mark,
            } => {
                let Value::Array(a) = inst else { return true };
                let mut count = 0u64;
                for (i, item) in a.iter().enumerate() {
                    if self.check(*node, item, Loc::Idx(&loc, i), scope, ctx, None) {
                        count += 1;
                        if *do_mark {
                            mark(&mut marks, i);
                        }
                    }
                }
                if count >= *min && max.is_none_or(|m| count <= m) {
                    return true;
                }
                if collect {
                    let msg = if count < *min {
                        if *min == 1 {
                            format!(
                                "{} must contain at least one item matching the `contains` schema",
                                subj()
                            )
                        } else {
                            format!(
                                "{} must contain at least {} matching the `contains` schema, got {count}",
                                subj(),
                                plural(*min, "item", "items")
                            )
                        }
                    } else {
                        format!(
                            "{} must contain at most {} matching the `contains` schema, got {count}",
                            subj(),
                            plural(max.unwrap_or(0), "item", "items")
                        )
                    };
                    let keyword = if count < *min {
                        if *min == 1 {
                            "contains"
                        } else {
                            "minContains"
                        }
                    } else {
                        "maxContains"
                    };
                    self.report(ctx, loc, kw, keyword, msg);
                }
                false
            }
            Kw::UnevaluatedItems(n) => {
                let Value::Array(a) = inst else { return true };
                let forbidden = self.is_false(*n);
                let seen: Marks = marks.as_deref().cloned().unwrap_or_default();
                let mut ok = true;
                for (i, item) in a.iter().enumerate() {
                    if seen.get(i).copied().unwrap_or(false) {
                        continue;
                    }
                    let item_loc = Loc::Idx(&loc, i);
                    if forbidden {
                        ok = false;
                        if !collect {
                            break;
                        }
                        let msg = format!(
                            "{} is not allowed here (unexpected extra item)",
                            subject(&item_loc.to_vec())
                        );
                        self.report(ctx, item_loc, kw, "unevaluatedItems", msg);
                    } else if self.eval(*n, item, item_loc, scope, ctx, None) {
                        mark(&mut marks, i);
                    } else {
                        ok = false;
                        if !collect {
                            break;
                        }
                    }
                }
                ok
            }
            _ => {
                debug_assert!(false, "keyword dispatched to the wrong group");
                true
            }
        }
    }

    /// The types a schema can accept, when that is evident from its keywords.
    fn accepted_types(&self, n: NodeId, budget: u32) -> Option<u8> {
        if budget == 0 {
            return None;
        }
        let mut result: Option<u8> = None;
        let narrow = |m: u8, r: &mut Option<u8>| *r = Some(r.map_or(m, |x| x & m));
        for kw in &self.nodes[n as usize].kws {
            match &kw.kw {
                Kw::False => narrow(0, &mut result),
                Kw::Type { mask, .. } => {
                    let m = if mask & T_NUM != 0 {
                        mask | T_INT
                    } else {
                        *mask
                    };
                    narrow(m, &mut result);
                }
                Kw::Const(v) => narrow(value_types(v), &mut result),
                Kw::Enum(vs) => narrow(vs.iter().fold(0, |a, v| a | value_types(v)), &mut result),
                Kw::Ref(t) | Kw::DynamicRef { target: t, .. } | Kw::RecursiveRef(t) => {
                    if let Some(m) = self.accepted_types(*t, budget - 1) {
                        narrow(m, &mut result);
                    }
                }
                Kw::AllOf(list) => {
                    for &b in list {
                        if let Some(m) = self.accepted_types(b, budget - 1) {
                            narrow(m, &mut result);
                        }
                    }
                }
                Kw::AnyOf(list) | Kw::OneOf(list) => {
                    let all: Option<Vec<u8>> = list
                        .iter()
                        .map(|&b| self.accepted_types(b, budget - 1))
                        .collect();
                    if let Some(all) = all {
                        narrow(all.iter().fold(0, |a, b| a | b), &mut result);
                    }
                }
                _ => {}
            }
        }
        result
    }

    #[allow(clippy::too_many_arguments)]
    fn report_best(
        &self,
        kw: &KwAt,
        keyword: &'static str,
        branches: &[NodeId],
        inst: &Value,
        loc: Loc<'_>,
        scope: &Scope<'_>,
        ctx: &mut Ctx,
    ) {
        let depth = loc.depth();
        let have = value_types(inst);
        let mut best: Option<(Score, Vec<Violation>)> = None;
        let mut all_type_mismatch = true;
        // Per type-matching branch: the discriminator key it rejected, if any.
        let mut disc_keys: Vec<(NodeId, Option<String>)> = Vec::new();
        for &b in branches {
            let errs = self.explain(b, inst, loc, scope, ctx);
            let type_mismatch = match self.accepted_types(b, 8) {
                Some(m) => m & have == 0,
                None => errs.iter().any(|e| {
                    matches!(e.keyword, "type" | "false") && e.instance_path.len() == depth
                }),
            };
            all_type_mismatch &= type_mismatch;
            let disc_key = errs
                .iter()
                .filter(|e| {
                    matches!(e.keyword, "const" | "enum") && e.instance_path.len() == depth + 1
                })
                .find_map(|e| match e.instance_path.last() {
                    Some(PathSeg::Key(k)) => Some(k.clone()),
                    _ => None,
                });
            let disc = disc_key.is_some();
            if !type_mismatch {
                disc_keys.push((b, disc_key));
            }
            let deepest = errs
                .iter()
                .map(|e| e.instance_path.len())
                .max()
                .unwrap_or(0);
            let score = (type_mismatch, disc, errs.len(), std::cmp::Reverse(deepest));
            if best.as_ref().is_none_or(|(s, _)| score < *s) {
                best = Some((score, errs));
            }
        }
        let subj = subject(&loc.to_vec());
        if all_type_mismatch {
            let accepted: Option<Vec<u8>> = branches
                .iter()
                .map(|&b| self.accepted_types(b, 8))
                .collect();
            if let Some(acc) = accepted {
                let mask = acc.iter().fold(0, |a, b| a | b);
                let msg = format!(
                    "{subj} must be {}, got {}",
                    type_phrase(mask),
                    describe(inst)
                );
                self.report(ctx, loc, kw, "type", msg);
                return;
            }
        }
        if self.report_discriminator(kw, &disc_keys, inst, loc, ctx) {
            return;
        }
        match best {
            Some((_, errs)) if !errs.is_empty() => ctx.errors.extend(errs),
            _ => {
                let msg = format!("{subj} does not match any of the allowed forms");
                self.report(ctx, loc, kw, keyword, msg);
            }
        }
    }

    /// When every plausible branch rejected the same discriminator key
    /// (`kind`, `type`, ...), reports the values the branches accept for it.
    fn report_discriminator(
        &self,
        kw: &KwAt,
        disc_keys: &[(NodeId, Option<String>)],
        inst: &Value,
        loc: Loc<'_>,
        ctx: &mut Ctx,
    ) -> bool {
        let Some((_, Some(key))) = disc_keys.first() else {
            return false;
        };
        if disc_keys.len() < 2 || disc_keys.iter().any(|(_, k)| k.as_ref() != Some(key)) {
            return false;
        }
        let mut values: Vec<Value> = Vec::new();
        for (b, _) in disc_keys {
            let Some(vs) = self.discriminator_values(*b, key, 8) else {
                return false;
            };
            for v in vs {
                if !values.iter().any(|x| json_eq(x, &v)) {
                    values.push(v);
                }
            }
        }
        let Some(actual) = inst.get(key.as_str()) else {
            return false;
        };
        let key_loc = Loc::Key(&loc, key);
        let msg = format!(
            "{} must be one of {}; got {}",
            subject(&key_loc.to_vec()),
            list_values(&values),
            short(actual)
        );
        self.report(ctx, key_loc, kw, "enum", msg);
        true
    }

    /// The `const`/`enum` values a branch requires for property `key`.
    fn discriminator_values(&self, n: NodeId, key: &str, budget: u32) -> Option<Vec<Value>> {
        if budget == 0 {
            return None;
        }
        for kw in &self.nodes[n as usize].kws {
            let found = match &kw.kw {
                Kw::Properties(map) => map.get(key).and_then(|&p| {
                    self.nodes[p as usize]
                        .kws
                        .iter()
                        .find_map(|pk| match &pk.kw {
                            Kw::Const(v) => Some(vec![v.clone()]),
                            Kw::Enum(vs) => Some(vs.clone()),
                            _ => None,
                        })
                }),
                Kw::Ref(t) | Kw::DynamicRef { target: t, .. } | Kw::RecursiveRef(t) => {
                    self.discriminator_values(*t, key, budget - 1)
                }
                Kw::AllOf(list) => list
                    .iter()
                    .find_map(|&b| self.discriminator_values(b, key, budget - 1)),
                _ => None,
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// A short description of what a `not` schema forbids.
    fn describe_not(&self, n: NodeId, path: &str) -> String {
        let kws = &self.nodes[n as usize].kws;
        if let [only] = kws.as_slice() {
            match &only.kw {
                Kw::Type { mask, .. } => return format!("be {}", type_phrase(*mask)),
                Kw::Const(v) => return format!("be {}", short(v)),
                Kw::Enum(vs) => return format!("be any of {}", list_values(vs)),
                Kw::Required(names) if names.len() == 1 => {
                    return format!("contain the key `{}`", names[0]);
                }
                Kw::Required(names) => {
                    let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                    return format!("contain all of the keys {}", list.join(", "));
                }
                Kw::Pattern(_, src) => return format!("match the pattern `{src}`"),
                _ => {}
            }
        }
        if kws.is_empty() {
            return "be present (any value is forbidden)".to_string();
        }
        format!("match the schema at `{path}`")
    }
}

fn kw_name(kw: &KwAt, modern: &'static str) -> &'static str {
    if kw.path.ends_with("/dependencies") {
        "dependencies"
    } else {
        modern
    }
}
