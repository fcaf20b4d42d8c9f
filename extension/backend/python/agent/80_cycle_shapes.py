"""Cycle shapes: strongly connected components of the garbage, the signature of a cycle (type
names along a shortest cycle from a canonical start), exact shape keys, and fix hints.
"""

def _sccs(objs):
    """Strongly connected components of the reference graph restricted to `objs` (iterative
    Tarjan). Returns lists of indexes into objs; only real cycles (size > 1 or self-loop)."""
    index_of = {}
    for n, o in enumerate(objs):
        index_of[id(o)] = n
    succ = []
    for o in objs:
        s = []
        for c in gc.get_referents(o):
            j = index_of.get(id(c))
            if j is not None:
                s.append(j)
        succ.append(s)
    index_of = None
    n = len(objs)
    idx = [-1] * n
    low = [0] * n
    on = [False] * n
    stack = []
    out = []
    counter = 0
    for start in range(n):
        if idx[start] != -1:
            continue
        work = [(start, 0)]
        while work:
            v, pi = work.pop()
            if pi == 0:
                idx[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on[v] = True
            recurse = False
            sv = succ[v]
            while pi < len(sv):
                w = sv[pi]
                pi += 1
                if idx[w] == -1:
                    work.append((v, pi))
                    work.append((w, 0))
                    recurse = True
                    break
                elif on[w]:
                    if idx[w] < low[v]:
                        low[v] = idx[w]
            if recurse:
                continue
            if low[v] == idx[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on[w] = False
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1 or v in succ[v]:
                    out.append(comp)
            if work:
                u = work[-1][0]
                if low[v] < low[u]:
                    low[u] = low[v]
    return out, succ


def _type_label(o):
    """The short type name of o, as signatures print it."""
    t = type(o)
    return _short_name(t)


def _shortest_cycle_path(start, succ, is_member):
    """The shortest path start -> ... -> (back to start) through members of one component (BFS
    over `succ`, a list of successor indexes per member), as a list of member indexes."""
    prev = {start: None}
    q = deque([start])
    end = None
    while q and end is None:
        v = q.popleft()
        for w in succ[v]:
            if not is_member(w):
                continue
            if w == start:
                end = v
                break
            if w not in prev:
                prev[w] = v
                q.append(w)
    path = []
    v = end
    while v is not None:
        path.append(v)
        v = prev[v]
    path.reverse()
    return path


def _cycle_signature(comp, succ, objs):
    """Type names along one cycle of the component, in a canonical rotation."""
    members = set(comp)

    def prio(j):
        """Start order of member j: user types before builtins, then name, then index."""
        t = type(objs[j])
        return (0 if _type_module_name(t) != 'builtins' else 1, _short_name(t), j)
    start = min(comp, key=prio)
    path = _shortest_cycle_path(start, succ, members.__contains__)
    names = [_type_label(objs[j]) for j in path]
    return names, path


def _cycle_hint(comp, objs):
    """The usual fix for the cycle made of members `comp` of objs."""
    ts = [type(objs[j]) for j in comp]
    mem = set(id(objs[j]) for j in comp)
    for j in comp:
        o = objs[j]
        if type(o) is _MethodType and id(o.__self__) in mem:
            return ('bound method stored on its own object: clear it when done (e.g. a destroy() '
                    'that empties the dict) or store weakref.WeakMethod(self.method)')
    if any(t is _FrameType or t is _TracebackType for t in ts):
        return ('a frame or traceback kept by a stored exception: the exception\'s __traceback__ '
                'holds the frame whose locals hold the owner; store a message or '
                'traceback.format_exc() instead, or delete the exception when done')
    if any(t is _CellType for t in ts):
        return ('a closure capturing its owner: the function stored on the object closes over '
                'self; use a method, or capture weakref.ref(self) in the closure')
    user = [t for t in ts if _type_module_name(t) != 'builtins']
    if len(user) >= 2:
        return ('objects pointing at each other (e.g. parent and child): make the back link '
                'weak (weakref.ref / weakref.proxy / WeakSet / WeakValueDictionary) or break '
                'it by hand when done')
    return 'a reference cycle: break it by hand when done, or make one link a weakref'


def _is_noise_garbage(o, noise_dicts):
    """True if garbage object o is the agent's or the debugger's."""
    t = type(o)
    try:
        if _is_noise_module_name(_type_module_name(t)):
            return True
        if t is _FunctionType:
            return id(o.__globals__) in noise_dicts
        if t is _FrameType:
            return id(o.f_globals) in noise_dicts
    except Exception:
        pass
    return False


def _cycle_shape(key, tmap):
    """Group key (signature, size) for each possible start of one cycle shape.

    key = (member type ids in component order, out-degrees, successor values) where a
    successor value is the member's local index or -1 (not in the component): exactly the
    inputs of _cycle_signature up to the relabelling of indexes. The start is the member of
    least (user before builtins, type name, index in the garbage list); the last part depends
    on the cycle, so this returns the local candidates and the group key for each of them."""
    tids, degs, vals = key
    k = len(tids)
    ts = [tmap[t] for t in tids]
    names = [_short_name(t) for t in ts]
    prios = [(0 if _type_module_name(t) != 'builtins' else 1, nm) for t, nm in zip(ts, names)]
    best = min(prios)
    cands = [i for i in range(k) if prios[i] == best]
    succ = []
    n = 0
    for d in degs:
        succ.append(vals[n:n + d])
        n += d
    gkeys = []
    for start in cands:
        path = _shortest_cycle_path(start, succ, lambda w: w >= 0)
        pn = [names[i] for i in path]
        gkeys.append((' -> '.join(pn + pn[:1]), k))
    return cands, gkeys



def _cycle_shape_keys(comps, succ, tids, tmap):
    """Exact shape key per component (see _cycle_shape), built in C loops; and the shapes."""
    chain = itertools.chain.from_iterable
    repeat = itertools.repeat
    m = len(comps)
    # code(j) = component * K + local index; a successor's value is its code minus the
    # component's base: in [0, K) exactly for members, anything else becomes -1
    lens = list(map(len, comps))
    big = max(lens) + 1
    flat = list(chain(comps))
    code = dict(zip(flat, map(operator.add, chain(map(repeat, range(0, m * big, big), lens)),
                              chain(map(range, lens)))))
    ss = list(map(succ.__getitem__, flat))
    degs = list(map(len, ss))
    vals = list(map(operator.sub, map(code.get, chain(ss), repeat(-1)),
                    chain(map(repeat, chain(map(repeat, range(0, m * big, big), lens)), degs))))
    if min(vals, default=0) < 0 or max(vals, default=0) >= big:
        vals = [v if 0 <= v < big else -1 for v in vals]
    code = ss = None
    it = iter(degs)
    deg_c = list(map(tuple, map(itertools.islice, repeat(it), lens)))
    it = iter(vals)
    val_c = map(tuple, map(itertools.islice, repeat(it), map(sum, deg_c)))
    it = iter(map(tids.__getitem__, flat))
    tid_c = map(tuple, map(itertools.islice, repeat(it), lens))
    keys = list(zip(tid_c, deg_c, val_c))
    shapes = {}
    for key in dict.fromkeys(keys):
        shapes[key] = _cycle_shape(key, tmap)
    return keys, shapes


def _may_own_instance_dict(t):
    """True when instances of `t` can hold their own `__dict__` object (a getset `__dict__` in
    the MRO); classes and modules are not instances here."""
    try:
        if t is dict or issubclass(t, type) or t is _ModuleType:
            return False
        desc = _mro_lookup(t, '__dict__')
        return desc is not None and type(desc).__name__ == 'getset_descriptor'
    except Exception:
        return False


def _merge_instance_dicts(found, comps, succ):
    """Each instance and its own `__dict__` as one member, as the graph shows them
    (mergeInstanceDicts): before 3.11 every instance's __dict__ is a separate gc-tracked object
    between the instance and what its attributes hold (3.11+ too once a __dict__ exists), yet
    `OBJ -> OBJ -> OBJ` must read the same on every Python. Rewrites `succ` so that a dict's
    successors become its owner's and references to the dict point at the owner. Returns
    (components without the merged dicts, {owner index: its dict's index})."""
    may_own = {}  # keyed by id: hashing a type could run a metaclass __hash__
    dict_of = {}
    for comp in comps:
        members = None
        for j in comp:
            t = type(found[j])
            ok = may_own.get(id(t))
            if ok is None:
                ok = may_own[id(t)] = _may_own_instance_dict(t)
            if not ok:
                continue
            if members is None:
                members = set(comp)
            for w in succ[j]:
                if w in members and type(found[w]) is dict \
                        and _dict_owner_kind(found[w], found[j]) == 'attribute':
                    dict_of[j] = w
                    break
    t = None
    if not dict_of:
        return comps, dict_of
    owner_of = dict((w, j) for j, w in dict_of.items())
    for j, w in dict_of.items():
        succ[j] = [x for x in succ[j] if x != w] + succ[w]
    out = []
    for comp in comps:
        kept = [j for j in comp if j not in owner_of]
        for j in kept:
            s = succ[j]
            if j in dict_of or any(map(owner_of.__contains__, s)):
                succ[j] = list(dict.fromkeys(owner_of.get(x, x) for x in s))
        out.append(kept)
    return out, dict_of
