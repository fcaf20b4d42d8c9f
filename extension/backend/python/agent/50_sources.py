"""instances, find, typeSource, objectSource, allocationTracking: live objects by type or address,
and where their code is, read from source files without running user code.
"""


def _objects_of_types(typeset):
    """The live objects of the types in `typeset` that are not the agent's or the debugger's
    (noise found with the objects: what only stacks hold is left out too), sorted by id."""
    search = _noise_search()
    objs = gc.get_objects()
    noise, noise_ids = search.finish(objs)
    del noise, search
    try:
        tids = set(map(id, typeset))
        sel = list(itertools.compress(objs, map(tids.__contains__, map(id, map(type, objs)))))
    finally:
        del objs
    keep = []
    for o in sel:
        if id(o) not in noise_ids:
            keep.append(o)
    del sel
    o = None
    keep.sort(key=id)
    return keep


def _instances(type_key, offset, limit, labels):
    """One page of the instances of the type(s) keyed `type_key`, and their total."""
    typeset = set(_types_for_key(type_key))
    sel = _objects_of_types(typeset)
    try:
        cache = {}
        page = [_summary(o, labels, cache) for o in sel[offset:offset + limit]]
        return {'typeKey': type_key, 'total': len(sel), 'instances': page}
    finally:
        del sel, typeset


def _find(labels, limit, type_name, address):
    """objgraph's at / by_type: the object at `address`, or the instances of `type_name`."""
    cache = {}
    if address is not None:
        o = _object_at(address, None)
        if o is None:
            return {'total': 0, 'objects': []}
        try:
            return {'total': 1, 'objects': [_summary(o, labels, cache)]}
        finally:
            del o
    if type_name is None:
        raise _bad('typeName or address is required')
    typeset = set(c for c in _all_classes()
                  if _short_name(c) == type_name or _type_key(c) == type_name)
    sel = _objects_of_types(typeset)
    try:
        return {'total': len(sel), 'objects': [_summary(o, labels, cache) for o in sel[:limit]]}
    finally:
        del sel, typeset


def _object_at(address, type_key):
    """The live gc-tracked object at `address` (whose type key matches, if given), or None.

    Modules and classes are found too. No reference is kept by the caller beyond the command.
    """
    objs = gc.get_objects()
    try:
        # C-level scan that stops at the match, with no list of 1M ids built
        try:
            i = operator.indexOf(map(id, objs), address)
        except ValueError:
            i = -1
        if i >= 0:
            o = objs[i]
        else:
            o = None
            for m in list(sys.modules.values()):
                if id(m) == address:
                    o = m
                    break
            if o is None:
                for c in _all_classes():
                    if id(c) == address:
                        o = c
                        break
    finally:
        del objs
    if o is not None and type_key is not None and _type_key(type(o)) != type_key:
        return None
    return o


def _resolve(ref):
    """The live object that `ref` (address, typeKey) names; object_not_found if gone."""
    address, type_key = ref
    o = _object_at(address, type_key)
    if o is None:
        raise _AgentError('object_not_found',
                          'no live %s at address %d (it may have been freed)' % (type_key, address))
    return o


def _loc(path, line):
    """A SourceLocation, or None without a path."""
    if type(path) is not str or not path:
        return None
    return {'path': path, 'line': int(line) if line and line > 0 else 1}


def _assignment_location(path, name, start_line=1, attribute=False):
    """The first line at or after `start_line` of file `path` that assigns `name`: a module global
    (`name = ...`, `name: T = ...`, `global name` users aside) or, with `attribute`, an attribute
    (`self.name = ...`, `obj.name = ...`). Reads the file as text; never runs user code."""
    if type(path) is not str or not path.endswith(('.py', '.pyw')) or type(name) is not str:
        return None
    try:
        import linecache
        lines = linecache.getlines(path)
    except Exception:
        return None
    import re
    word = re.escape(name)
    if attribute:
        pattern = re.compile(r'^\s*[A-Za-z_][A-Za-z0-9_]*\.' + word + r'\s*(:[^=]*)?=[^=]')
    else:
        pattern = re.compile(r'^' + word + r'\s*(:[^=]*)?=[^=]')
    for number in range(max(1, start_line), len(lines) + 1):
        if pattern.match(lines[number - 1]):
            return _loc(path, number)
    return None


def _class_location(cls):
    """Where class `cls` is defined, without running user code; (location, reason)."""
    try:
        d = _type_dict(cls)
        mod = _type_module_name(cls)
    except Exception:
        return None, 'not a class'
    if mod == 'builtins':
        return None, '%s is a builtin type with no Python source' % _short_name(cls)
    m = sys.modules.get(mod)
    path = None
    if type(m) is _ModuleType:
        path = _module_dict(m).get('__file__')
    if type(path) is not str or not path.endswith(('.py', '.pyw')):
        # the class may still have methods whose code tells the file
        for v in d.values():
            if type(v) in (staticmethod, classmethod):
                v = v.__func__
            if type(v) is _FunctionType:
                path = v.__code__.co_filename
                break
        else:
            return None, '%s is defined in %s, which has no Python source file' % (
                _short_name(cls), mod)
    first = d.get('__firstlineno__')  # 3.13+
    if type(first) is int and first > 0:
        return _loc(path, first), None
    qual = _type_qualname(cls)
    line = _find_class_line(path, qual)
    if line:
        return _loc(path, line), None
    # fall back on the first method's def line, or line 1
    best = None
    for v in d.values():
        if type(v) in (staticmethod, classmethod):
            v = v.__func__
        if type(v) is _FunctionType and v.__code__.co_filename == path:
            ln = v.__code__.co_firstlineno
            if best is None or ln < best:
                best = ln
    return _loc(path, best or 1), None


def _find_class_line(path, qualname):
    """The line of `class NAME` for `qualname` in `path` (top level first), or None."""
    try:
        import linecache
        lines = linecache.getlines(path)
    except Exception:
        return None
    parts = [p for p in qualname.split('.') if p != '<locals>']
    name = parts[-1] if parts else qualname
    import re
    pat = re.compile(r'^(\s*)class\s+' + re.escape(name) + r'\b')
    hits = []
    for i, text in enumerate(lines):
        mt = pat.match(text)
        if mt:
            hits.append((len(mt.group(1)), i + 1))
    if not hits:
        return None
    if len(parts) == 1:
        top = [h for h in hits if h[0] == 0]
        if top:
            return top[0][1]
    return hits[0][1]


def _code_location(co):
    """Where code object co starts."""
    return _loc(co.co_filename, co.co_firstlineno)


def _source_of(o):
    """(location, reason) for any object, following the rules of the protocol."""
    t = type(o)
    try:
        if t is _ModuleType:
            f = _module_dict(o).get('__file__')
            if type(f) is str:
                return _loc(f, 1), None
            return None, 'module has no source file'
        if issubclass(type(o), type):
            return _class_location(o)
        if t is _FunctionType:
            return _code_location(o.__code__), None
        if t is _MethodType:
            f = o.__func__
            if type(f) is _FunctionType:
                return _code_location(f.__code__), None
            return None, 'method of a builtin function'
        if t is staticmethod or t is classmethod:
            f = o.__func__
            if type(f) is _FunctionType:
                return _code_location(f.__code__), None
        if t is _CodeType:
            return _code_location(o), None
        if t is _FrameType:
            return _loc(o.f_code.co_filename, o.f_lineno), None
        if t is _GeneratorType or t is _CoroutineType or t is _AsyncGenType:
            fr = getattr(o, {_GeneratorType: 'gi_frame', _CoroutineType: 'cr_frame',
                             _AsyncGenType: 'ag_frame'}[t])
            co = getattr(o, {_GeneratorType: 'gi_code', _CoroutineType: 'cr_code',
                             _AsyncGenType: 'ag_code'}[t])
            if fr is not None:
                return _loc(co.co_filename, fr.f_lineno), None
            return _code_location(co), None
        if t is _BuiltinType:
            return None, 'builtin function has no Python source'
        if t is _CellType:
            return None, 'a closure cell has no source of its own'
        return _class_location(t)
    except Exception as e:
        return None, 'source not found (%s)' % type(e).__name__


def _type_source(type_key):
    """Where the class keyed `type_key` is defined, or why that is not known."""
    cands = _types_for_key(type_key)
    if not cands:
        return {'reason': 'no class %s is loaded' % type_key}
    loc, reason = _class_location(cands[-1])
    del cands
    return {'location': loc} if loc else {'reason': reason}


def _allocated_at(o):
    """Where tracemalloc saw o allocated (the most recent real file), or None."""
    try:
        import tracemalloc
        if not tracemalloc.is_tracing():
            return None
        tb = tracemalloc.get_object_traceback(o)
        if tb is None or not len(tb):
            return None
        # frames are ordered oldest to most recent (3.7+): take the most recent real file
        frames = list(tb)
        fr = frames[-1]
        for x in reversed(frames):
            if not x.filename.startswith('<'):
                fr = x
                break
        return _loc(fr.filename, fr.lineno)
    except Exception:
        return None


def _object_source(target):
    """Where the target's code is, and where it was allocated when tracing was on."""
    o = _resolve(target)
    try:
        loc, reason = _source_of(o)
        res = {'location': loc} if loc else {'reason': reason}
        at = _allocated_at(o)
        if at:
            res['allocatedAt'] = at
        return res
    finally:
        del o


def _allocation_tracking(enable, frames):
    """Start tracemalloc (`frames` deep) or stop it; the user's own tracing is left alone."""
    import tracemalloc
    tracing = tracemalloc.is_tracing()
    if enable:
        if not tracing:
            tracemalloc.start(frames)
            _state.tracemalloc_ours = True
            return {'tracking': True, 'startedByUser': False}
        return {'tracking': _state.tracemalloc_ours, 'startedByUser': not _state.tracemalloc_ours}
    if tracing and _state.tracemalloc_ours:
        tracemalloc.stop()
    by_user = tracing and not _state.tracemalloc_ours
    _state.tracemalloc_ours = False
    return {'tracking': False, 'startedByUser': by_user}
