"""Edges and nodes of graphs: how a holder refers to an object (label and kind, without running
user code), what kind of node an object is, which file a module's globals come from.
"""

import weakref as _weakref

_WEAK_TYPES = (_weakref.ReferenceType, _weakref.ProxyType, _weakref.CallableProxyType)


def _safe_key_text(k):
    """A short text for dict key k, without running user code."""
    t = type(k)
    if t is str:
        return repr(k[:40] + ('\u2026' if len(k) > 40 else ''))
    if t in (int, float, bool, bytes, complex) or k is None:
        r = repr(k)
        return r if len(r) <= 40 else r[:39] + '\u2026'
    if t is tuple and len(k) <= 4 and all(type(x) in (str, int, float, bool) or x is None
                                         for x in k):
        return _trim(repr(k), 40)
    return '<%s>' % _short_name(t)


def _dict_owner_kind(d, owner):
    """How `owner` holds dict `d`: 'global' (module globals), 'classattr', 'attribute'
    (instance __dict__) or None."""
    if owner is None:
        return None
    t = type(owner)
    try:
        if t is _ModuleType:
            return 'global' if _module_dict(owner) is d else None
        if issubclass(type(owner), type):
            for x in gc.get_referents(owner):
                if x is d:
                    return 'classattr'
            return None
        if t is dict or t is list or t is tuple or t is set or t is _FrameType:
            return None
        desc = _mro_lookup(t, '__dict__')
        if desc is not None and type(desc).__name__ == 'getset_descriptor':
            for x in gc.get_referents(owner):
                if x is d:  # only then: reading it never creates a dict
                    return 'attribute' if desc.__get__(owner, t) is d else None
    except Exception:
        pass
    return None


# Dicts at least this big are indexed once per graph (see _DictEdgeIndex); smaller ones are
# scanned per edge, which costs less than building the index.
_DICT_INDEX_MIN = 64


class _DictEdgeIndex(object):
    """The keys and the ids of the keys and values of the big dicts of one graph, listed once per
    dict (in C: map(id, ...)), so that labelling n edges out of a dict of m items is n C-level
    list.index scans, not n Python loops over m items (a module's globals or a cache dict hold
    thousands). Ids are compared as ints: no user __eq__ runs. Lives for one command: clear()
    drops every reference."""

    def __init__(self):
        """No dict listed yet."""
        self.by_dict = {}

    def lists(self, holder):
        """(holder, keys in order, ids of the values, ids of the keys) of a dict."""
        entry = self.by_dict.get(id(holder))
        if entry is None:
            keys = list(dict.keys(holder))
            entry = (holder, keys, list(map(id, dict.values(holder))), list(map(id, keys)))
            self.by_dict[id(holder)] = entry
        return entry

    def clear(self):
        """Drop every listing (and so every reference to the graph's dicts)."""
        self.by_dict.clear()


def _first_positions(ids, wanted, most):
    """The first `most` indexes of `wanted` in the list `ids`."""
    out = []
    start = 0
    while len(out) < most:
        try:
            i = ids.index(wanted, start)
        except ValueError:
            break
        out.append(i)
        start = i + 1
    return out


def _dict_value_label(k, owner_kind):
    """(label, kind) of the edge from a dict to its value under key k, as its owner holds it."""
    if owner_kind == 'global':
        return (k if type(k) is str else _safe_key_text(k), 'global')
    if owner_kind in ('attribute', 'classattr') and type(k) is str:
        return ('.' + k, owner_kind)
    return ('[%s]' % _safe_key_text(k), 'key')


def _indexed_dict_labels(holder, child, owner_kind, dict_index):
    """The dict branch of _edge_labels from the index: the same labels in the same order (the
    items where `child` is the value or the key, in item order, the value first, at most 3)."""
    _, keys, value_ids, key_ids = dict_index.lists(holder)
    as_value = _first_positions(value_ids, id(child), 3)
    as_key = _first_positions(key_ids, id(child), 3)
    out = []
    for i in sorted(set(as_value).union(as_key)):
        if i in as_value:
            out.append(_dict_value_label(keys[i], owner_kind))
        if i in as_key:
            out.append(('key', 'key'))
        if len(out) >= 3:
            break
    return out


def _edge_labels(holder, child, owner_kind=None, dict_index=None):
    """[(label, kind)] for how `holder` refers to `child`, without running user code.
    `dict_index`: a _DictEdgeIndex when many edges of one graph are labelled."""
    out = []
    t = type(holder)
    try:
        if t in _WEAK_TYPES or issubclass(type(holder), _weakref.ReferenceType):
            return [('weakref', 'weak')]
        if issubclass(type(holder), dict):
            if dict_index is not None and dict.__len__(holder) >= _DICT_INDEX_MIN:
                out = _indexed_dict_labels(holder, child, owner_kind, dict_index)
            else:
                for k, v in dict.items(holder):
                    if v is child:
                        out.append(_dict_value_label(k, owner_kind))
                    if k is child:
                        out.append(('key', 'key'))
                    if len(out) >= 3:
                        break
        elif t is _CellType:
            out.append(('cell_contents', 'closure'))
        elif issubclass(type(holder), (list, tuple, deque)):
            it = (list.__iter__(holder) if issubclass(type(holder), list) else
                  tuple.__iter__(holder) if issubclass(type(holder), tuple) else deque.__iter__(holder))
            for i, v in enumerate(it):
                if v is child:
                    out.append(('[%d]' % i, 'index'))
                    if len(out) >= 3:
                        break
        elif issubclass(type(holder), (set, frozenset)):
            out.append(('{member}', 'member'))
        elif t is _MethodType:
            if holder.__self__ is child:
                out.append(('__self__', 'bound'))
            if holder.__func__ is child:
                out.append(('__func__', 'bound'))
        elif t is _FunctionType:
            for name in ('__globals__', '__defaults__', '__kwdefaults__', '__closure__',
                         '__dict__', '__annotations__', '__module__', '__doc__', '__name__',
                         '__qualname__', '__code__'):
                if getattr(holder, name, None) is child:
                    out.append((name, 'other'))
        elif t is _FrameType:
            if holder.f_back is child:
                out.append(('f_back', 'other'))
            elif holder.f_globals is child:
                out.append(('f_globals', 'other'))
            else:
                try:
                    loc = holder.f_locals
                    for k, v in dict.items(loc) if type(loc) is dict else loc.items():
                        if v is child:
                            out.append((k, 'local'))
                            break
                except Exception:
                    pass
        elif t is _ModuleType:
            out.append(('__dict__', 'other'))
        elif issubclass(type(holder), type):
            try:
                if _type_mro(holder) is child:
                    out.append(('__mro__', 'other'))
                elif type.__dict__['__bases__'].__get__(holder) is child:
                    out.append(('__bases__', 'other'))
            except Exception:
                pass
            if not out:
                out.append(('__dict__' if type(child) is dict else '', 'other'))
        elif issubclass(type(holder), BaseException):
            for name in ('__traceback__', '__context__', '__cause__', 'args'):
                if BaseException.__getattribute__(holder, name) is child:
                    out.append((name, 'other'))
        elif t is _TracebackType:
            if holder.tb_frame is child:
                out.append(('tb_frame', 'other'))
            elif holder.tb_next is child:
                out.append(('tb_next', 'other'))
        if not out and t not in (dict, list, tuple, set, frozenset):
            # instance: __dict__ itself, or a __slots__ member. On 3.11+ reading __dict__
            # would create the instance's dict from its inline values (a new object in the
            # user's heap): attributes are read one by one instead (_inline_attribute_labels)
            desc = _mro_lookup(t, '__dict__')
            d = None
            if desc is not None and type(desc).__name__ == 'getset_descriptor':
                if _INLINE_VALUES:
                    out.extend(_inline_attribute_labels(holder, t, child))
                    if not out and type(child) is dict:
                        out.append(('__dict__', 'other'))
                else:
                    d = desc.__get__(holder, t)
            if d is child:
                out.append(('__dict__', 'other'))
            elif type(d) is dict:
                for k, v in dict.items(d):
                    if v is child:
                        out.append(('.%s' % k if type(k) is str else '[%s]' % _safe_key_text(k),
                                    'attribute'))
                        if len(out) >= 3:
                            break
            if not out:
                for k in _type_mro(t):
                    for name, v in list(_type_dict(k).items()):
                        if type(v).__name__ == 'member_descriptor':
                            try:
                                if v.__get__(holder, t) is child:
                                    out.append(('.' + name, 'attribute'))
                            except Exception:
                                pass
    except Exception:
        pass
    if not out:
        out.append(('', 'other'))
    return out


_INLINE_VALUES = sys.version_info >= (3, 11)


def _code_names(co, names):
    """The names `co` (and the code nested in it) uses: attribute names among them."""
    names.update(co.co_names)
    for c in co.co_consts:
        if type(c) is _CodeType:
            _code_names(c, names)


def _inline_attribute_labels(holder, t, child):
    """[('.name', 'attribute')] for the instance attributes of `holder` that are `child`, read
    one at a time with object.__getattribute__ (no dict is made, no descriptor runs: names that
    the class's MRO defines are skipped). The names tried are those the code of the class and
    of the modules that define it uses; an attribute set from elsewhere stays unnamed."""
    names = set()
    for k in _type_mro(t):
        try:
            mod = sys.modules.get(_type_module_name(k))
            spaces = [_type_dict(k)]
            if type(mod) is _ModuleType:
                spaces.append(_module_dict(mod))
            for space in spaces:
                for v in list(space.values()):
                    if type(v) in (staticmethod, classmethod):
                        v = v.__func__
                    if type(v) is _FunctionType:
                        _code_names(v.__code__, names)
        except Exception:
            continue
    out = []
    for name in sorted(n for n in names if type(n) is str):
        if _mro_lookup(t, name) is not None:
            continue
        try:
            if object.__getattribute__(holder, name) is child:
                out.append(('.' + name, 'attribute'))
        except Exception:
            continue
        if len(out) >= 3:
            break
    return out


def _node_kind(o):
    """The NodeKind of o."""
    t = type(o)
    if t is _ModuleType:
        return 'module'
    if issubclass(type(o), type):
        return 'class'
    if t in (_FunctionType, _BuiltinType, _MethodType, staticmethod, classmethod):
        return 'function'
    if t is _FrameType:
        return 'frame'
    return 'object'


def _is_proper_module(o):
    """True if o is the module sys.modules has under its name (objgraph's rule)."""
    if type(o) is not _ModuleType:
        return False
    try:
        return sys.modules.get(_module_dict(o).get('__name__')) is o
    except Exception:
        return False



def _globals_file(holder):
    """The source file of a module, or of the module whose globals dict `holder` is."""
    try:
        if type(holder) is _ModuleType:
            holder = _module_dict(holder)
        if type(holder) is dict:
            f = holder.get('__file__')
            return f if type(f) is str else None
    except Exception:
        pass
    return None


def _closure_name(f, cell):
    """The free variable of function f that `cell` holds, or 'closure'."""
    try:
        for name, c in zip(f.__code__.co_freevars, f.__closure__ or ()):
            if c is cell:
                return name
    except Exception:
        pass
    return 'closure'
