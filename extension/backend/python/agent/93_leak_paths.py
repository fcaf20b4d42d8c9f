"""Find Leaks: retainer paths.

Shortest retainer paths from the roots for every reachable object (one walk), and their
shapes: per step the edge name and the type, with indexes and keys of containers
generalised (`module app -> _registry (list) -> [*] -> Connection`). Read-only: no user
code runs and no instance __dict__ is created to name an attribute.
"""


def _leak_walk(roots, skip_ids):
    """BFS over gc.get_referents from `roots`, in C loops: the levels of gc-tracked objects
    (level k: the objects k references away from the nearest root, each once)."""
    get_referents = gc.get_referents
    seen = set(skip_ids)
    seen.update(map(id, roots))
    level = list(roots)
    levels = [level]
    chain = itertools.chain.from_iterable
    while level:
        flat = list(filter(_is_tracked, chain(map(get_referents, level))))
        ids = list(map(id, flat))
        fresh = set(ids)
        fresh.difference_update(seen)
        seen.update(fresh)
        mask = list(map(fresh.__contains__, ids))
        # one object per id (a child referred to twice in a level comes once)
        level = list(dict(zip(itertools.compress(ids, mask),
                              itertools.compress(flat, mask))).values())
        del flat, ids, fresh, mask
        if level:
            levels.append(level)
    return levels


def _leak_parents(levels, wanted):
    """{id: parent} for the objects of `wanted` ({level index: set of ids}) and their
    ancestors: a parent of an object of level k is an object of level k - 1 that refers to it
    (the first one in the level's order)."""
    get_referents = gc.get_referents
    parent_of = {}
    todo = {}
    for k, ids in wanted.items():
        todo.setdefault(k, set()).update(ids)
    for k in range(len(levels) - 1, 0, -1):
        need = todo.pop(k, None)
        if not need:
            continue
        up = set()
        for p in levels[k - 1]:
            hit = need.intersection(map(id, get_referents(p)))
            if hit:
                for i in hit:
                    parent_of[i] = p
                need.difference_update(hit)
                up.add(id(p))
                if not need:
                    break
        p = None
        if up:
            todo.setdefault(k - 1, set()).update(up)
    return parent_of


def _leak_attr_names(inst, t):
    """{id(value): '.name'} for the attributes of instance `inst` that can be read without
    running user code or creating its __dict__: slots, a __dict__ that already exists (seen
    among its referents), and on 3.11+ inline values looked up by the names its class's code
    uses (a name the class defines is skipped: it may be a property)."""
    out = {}
    try:
        class_names = set()
        code_names = set()
        for k in _type_mro(t):
            d = _type_dict(k)
            for name, v in list(d.items()):
                class_names.add(name)
                if type(v).__name__ == 'member_descriptor':
                    try:
                        out.setdefault(id(v.__get__(inst, t)), '.' + name)
                    except Exception:
                        pass
                if type(v) in (staticmethod, classmethod):
                    v = v.__func__
                if type(v) is _FunctionType:
                    stack = [v.__code__]
                    while stack:
                        co = stack.pop()
                        code_names.update(co.co_names)
                        stack.extend(c for c in co.co_consts if type(c) is _CodeType)
        for r in gc.get_referents(inst):
            if type(r) is dict and _dict_owner_kind(r, inst) == 'attribute':
                for k, v in dict.items(r):
                    if type(k) is str:
                        out.setdefault(id(v), '.' + k)
                return out
        for name in code_names - class_names:
            try:
                v = object.__getattribute__(inst, name)
            except Exception:
                continue
            out.setdefault(id(v), '.' + name)
    except Exception:
        pass
    return out


class _LeakShapes(object):
    """Shapes of retainer paths: per object, the steps from its root (memoised)."""

    def __init__(self, parent_of):
        """Shapes of the paths that `parent_of` ({id: parent}) gives, none worked out yet."""
        self.parent_of = parent_of
        self.shape = {}       # id -> tuple of (label, type key, display)
        self.namespace = {}   # id of a namespace dict -> its kind ('global', 'attribute', ...)
        self.names = {}       # id of a holder -> {id(child): label}

    def of(self, o):
        """The shape of o's path from its root: (label, type key, display) per step."""
        todo = []
        x = o
        while id(x) not in self.shape:
            p = self.parent_of.get(id(x))
            todo.append((x, p))
            if p is None:
                break
            x = p
        for x, p in reversed(todo):
            if p is None:
                self.shape[id(x)] = ((None, _type_key(type(x)), _leak_display(x)),)
                continue
            base = self.shape[id(p)]
            if type(x) is dict and type(p) is dict and base[-1][0] == 'threads':
                # a thread's attribute dict of a threading.local: its keys are attributes
                self.namespace[id(x)] = 'attribute'
                self.shape[id(x)] = base
                continue
            if type(x) is dict:
                kind = _dict_owner_kind(x, p)
                if kind in ('global', 'classattr', 'attribute'):
                    self.namespace[id(x)] = kind
                    self.shape[id(x)] = base
                    continue
            self.shape[id(x)] = base + ((self.label(p, x), _type_key(type(x)), _leak_display(x)),)
        return self.shape[id(o)]

    def label(self, p, x):
        """How p holds x, as a path step names it (keys and indexes generalised)."""
        t = type(p)
        kind = self.namespace.get(id(p))
        if kind is not None:
            names = self._names(p, lambda: dict((id(v), k) for k, v in dict.items(p)))
            k = names.get(id(x))
            if type(k) is not str:
                return '[*]'
            return k if kind == 'global' else '.' + k
        if _type_name(t) == '_local' and type(x) is dict:
            return 'threads'
        if issubclass(t, dict):
            keys = self._names(p, lambda: dict.fromkeys(map(id, dict.keys(p)), '{key}'))
            return keys.get(id(x), '[*]')
        if issubclass(t, (list, tuple, deque)):
            return '[*]'
        if issubclass(t, (set, frozenset)):
            return '{*}'
        if _type_name(t) == '_lru_cache_wrapper' and type(x) is dict:
            return 'cache'
        if t is _ModuleType or issubclass(t, type) or t in (
                _FunctionType, _MethodType, _CellType, _FrameType, _TracebackType,
                _GeneratorType, _CoroutineType, _AsyncGenType) or issubclass(t, BaseException):
            lab = _edge_labels(p, x)[0][0]
            if t is _FrameType and lab not in ('f_back', 'f_globals'):
                return 'local ' + lab if lab else 'local'
            return lab or '?'
        if _type_module_name(t) == 'builtins':
            return '?'
        names = self._names(p, lambda: _leak_attr_names(p, t))
        return names.get(id(x), '?')

    def _names(self, p, make):
        """p's {id(child): name} table, made once by `make`."""
        d = self.names.get(id(p))
        if d is None:
            d = self.names[id(p)] = make()
        return d


def _leak_display(o):
    """How a path step shows o: `module app`, `class Session`, or its type name."""
    t = type(o)
    try:
        if t is _ModuleType:
            return 'module ' + str(_module_dict(o).get('__name__'))
        if issubclass(t, type):
            return 'class ' + _type_qualname(o)
    except Exception:
        pass
    return _short_name(t)


def _leak_path_text(steps):
    """`module app -> _registry (dict) -> [*] -> Connection`."""
    parts = [steps[0][2]]
    for n, (label, _key, display) in enumerate(steps[1:], 1):
        if n == len(steps) - 1:
            parts.append(label)
            parts.append(display)
        else:
            parts.append('%s (%s)' % (label, display))
    return ' -> '.join(parts)


def _leak_container_name(steps):
    """How the user names the accumulating container: `app._registry`, `Manager.connections`."""
    if len(steps) == 1:
        return steps[0][2]
    label = steps[-1][0]
    if steps[-2][0] == 'threads':  # threading.local: name it after the local itself
        steps = steps[:-1]
    prev = steps[-2][2]
    if prev.startswith('module '):
        return '%s.%s' % (prev[7:], label)
    if prev.startswith('class '):
        prev = prev[6:]
    if label.startswith('.'):
        return prev + label
    if label in ('[*]', '{key}', '{*}', '?'):
        return _leak_container_name(steps[:-1]) + label
    return '%s %s' % (_leak_container_name(steps[:-1]), label)


def _leak_path_objects(o, parent_of):
    """[root, ..., o] along the walk's parents."""
    out = [o]
    p = parent_of.get(id(o))
    while p is not None:
        out.append(p)
        p = parent_of.get(id(p))
    out.reverse()
    return out
