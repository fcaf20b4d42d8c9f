"""Types and labels: type keys and names read without running a metaclass, class lookups,
shallow sizes, and object labels (safe labels never run user code).
"""

def _type_key(t):
    """`module.qualname` for non-builtins, the bare name for builtins."""
    try:
        mod = _type_module(t)
    except Exception:
        mod = None
    try:
        qn = _type_qualname(t)
    except Exception:
        qn = _type_name(t)
    if type(mod) is not str or not mod or mod == 'builtins':
        return qn
    return mod + '.' + qn


def _type_module_name(t):
    """`__module__` of type t; 'builtins' when missing or not a string."""
    try:
        mod = _type_module(t)
        return mod if type(mod) is str else 'builtins'
    except Exception:
        return 'builtins'


def _short_name(t):
    """`__name__` of type t, '?' when it cannot be read."""
    try:
        return _type_name(t)
    except Exception:
        return '?'


def _mro_lookup(t, name):
    """The raw class attribute `name` from t's MRO dicts (no descriptors run), or None."""
    try:
        for k in _type_mro(t):
            d = _type_dict(k)
            if name in d:
                return d[name]
    except Exception:
        pass
    return None


def _has_finalizer(t):
    """True if type t or a base class defines __del__."""
    return _mro_lookup(t, '__del__') is not None


def _all_classes():
    """Every class reachable through __subclasses__ from object (no user code runs)."""
    seen = set()
    out = []
    stack = [object]
    while stack:
        c = stack.pop()
        if id(c) in seen:
            continue
        seen.add(id(c))
        out.append(c)
        try:
            stack.extend(_type_subclasses(c))
        except TypeError:
            # `type.__subclasses__(type)` needs the metatype's own method
            try:
                stack.extend(type(c).__subclasses__(c))
            except Exception:
                pass
    return out


def _types_for_key(type_key):
    """Types whose key is type_key (several when a class was redefined)."""
    out = []
    for c in _all_classes():
        if _type_key(c) == type_key:
            out.append(c)
    return out


def _python_sizeof(t, cache):
    """True if type t's __sizeof__ is written in Python (calling it would run user code)."""
    r = cache.get(t)
    if r is None:
        f = _mro_lookup(t, '__sizeof__')
        r = type(f) in (_FunctionType, staticmethod, classmethod) or (
            f is not None and type(f).__name__ not in ('method_descriptor', 'wrapper_descriptor'))
        cache[t] = r
    return r


def _safe_size(o, cache):
    """Shallow bytes of o without running a Python __sizeof__; 0 when unknown."""
    t = type(o)
    try:
        if _python_sizeof(t, cache):
            return _object_sizeof(o) + (_GC_HEADER if _is_tracked(o) else 0)
        return _getsizeof(o)
    except Exception:
        return 0




def _trim(s, n):
    """s cut to n characters, ending with an ellipsis when cut."""
    if len(s) > n:
        return s[:max(n - 1, 0)] + '\u2026'
    return s


def _label(o, labels):
    """The label of o for `labels` = (mode, maxLength)."""
    mode, n = labels
    if mode == 'repr':
        return _repr_label(o, n)
    return _trim(_safe_label(o, n), n)


def _safe_label(o, n):
    """A summary that runs no user code: only exact builtin types are looked into."""
    t = type(o)
    try:
        if t is str:
            return repr(o[:n])
        if t is bytes or t is bytearray:
            return repr(o[:n])
        if t is list or t is tuple or t is set or t is frozenset or t is dict or t is deque:
            k = len(o)
            return '%d item%s' % (k, '' if k == 1 else 's')
        if t is _FunctionType:
            return o.__qualname__
        if t is _BuiltinType:
            return o.__qualname__ if hasattr(o, '__qualname__') else o.__name__
        if t is _MethodType:
            f = o.__func__
            s = o.__self__
            if type(f) is _FunctionType:
                return 'bound %s of <%s>' % (f.__qualname__, _short_name(type(s)))
            return 'bound method of <%s>' % _short_name(type(s))
        if t is _ModuleType:
            name = _module_dict(o).get('__name__')
            return 'module %s' % (name if type(name) is str else '?')
        if issubclass(type(o), type):
            return 'class %s' % _type_qualname(o)
        if t is _FrameType:
            return 'frame %s:%d' % (o.f_code.co_name, o.f_lineno or 0)
        if t is _CodeType:
            return 'code %s' % o.co_name
        if t is _GeneratorType or t is _CoroutineType or t is _AsyncGenType:
            return '%s %s' % (_short_name(t), o.__qualname__)
        if t is _CellType:
            return 'cell'
        if t is staticmethod or t is classmethod or t is property:
            return _short_name(t)
    except Exception:
        pass
    return '<%s>' % _short_name(t)


def _repr_label(o, n):
    """Opt-in: calls the object's repr. A raising repr gives a clear label, a huge one is cut.

    repr runs user code on the agent's thread and may hang; there is no in-thread timeout.
    """
    try:
        r = repr(o)
        if type(r) is not str:
            r = str.__str__(r)
    except RecursionError:
        return '<%s: repr recursed too deep>' % _short_name(type(o))
    except BaseException as e:
        return _trim('<%s: repr raised %s>' % (_short_name(type(o)), _short_name(type(e))), n)
    return _trim(r, n)


def _summary(o, labels, size_cache):
    """The ObjectSummary of o: address, type key and name, label, shallow bytes."""
    t = type(o)
    return {
        'address': id(o),
        'typeKey': _type_key(t),
        'typeName': _short_name(t),
        'label': _label(o, labels),
        'shallowBytes': _safe_size(o, size_cache),
    }
