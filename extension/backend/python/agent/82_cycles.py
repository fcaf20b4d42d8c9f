"""cycles and releaseKept: what only the cycle collector would free, grouped by shape, with one
example of each kept alive for drawing when asked.
"""

def _cycle_groups(found, comps, succ, noise_dicts, base):
    """Group the components of `found` by (signature, size), skipping noise and, with `base`
    (a set of identity keys), cycles made only of baseline objects. Same result as calling
    _is_noise_garbage / _cycle_signature per component, but the per-object and per-cycle work
    runs in C loops and the signature is worked out once per exact shape.
    Returns (groups by key in first-seen order: {'sig', 'size', 'count', 'comp'}, objects)."""
    chain = itertools.chain.from_iterable
    repeat = itertools.repeat
    compress = itertools.compress
    n = len(found)
    tys = list(map(type, found))
    tids = list(map(id, tys))
    tmap = dict(zip(tids, tys))  # keyed by id: hashing a type could run a metaclass __hash__
    # noise, decided once per type (objects only for functions and frames, by their globals)
    noisy_t = set()
    glob_t = set()
    for tid, t in tmap.items():
        try:
            if _is_noise_module_name(_type_module_name(t)):
                noisy_t.add(tid)
            elif t is _FunctionType or t is _FrameType:
                glob_t.add(tid)
        except Exception:
            pass
    bad = set(compress(range(n), map(noisy_t.__contains__, tids))) if noisy_t else set()
    if glob_t:
        for j in compress(range(n), map(glob_t.__contains__, tids)):
            o = found[j]
            try:
                g = o.__globals__ if tys[j] is _FunctionType else o.f_globals
                if id(g) in noise_dicts:
                    bad.add(j)
            except Exception:
                pass
        o = g = None
    if bad:
        comps = list(compress(comps, map(bad.isdisjoint, comps)))
    if base is not None:
        # keep a cycle with at least one object not in the baseline
        ikeys = map(operator.xor, map(id, found), map(operator.lshift, tids, repeat(64)))
        new = set(compress(range(n), map(operator.not_, map(base.__contains__, ikeys))))
        comps = list(compress(comps, map(operator.not_, map(new.isdisjoint, comps))))
    m = len(comps)
    if not m:
        return {}, 0
    lens = list(map(len, comps))
    # Fast path: two objects, each with one successor in `found` (a <-> b, as x.o = y and
    # y.o = x): the successors are forced (each must point at the other), so the pair of
    # member types is the exact shape key. Each member of a 2-cycle has at least one such
    # successor, so the sum of the degrees tells whether all of them have exactly one.
    if lens.count(2) == m:
        pos = range(m)
        sel = comps
    else:
        pos = list(compress(range(m), map(operator.eq, lens, repeat(2))))
        sel = list(map(comps.__getitem__, pos))
    if pos and sum(map(len, map(succ.__getitem__, chain(sel)))) != 2 * len(pos):
        it = iter(map(len, map(succ.__getitem__, chain(sel))))
        pos = list(compress(pos, map(operator.eq, map(operator.add, it, it), repeat(2))))
        sel = list(map(comps.__getitem__, pos))
    parts = []
    if pos:
        it = iter(map(tids.__getitem__, chain(sel)))
        pairs = list(zip(it, it))
        shapes = {}
        for key in dict.fromkeys(pairs):
            shapes[key] = _cycle_shape((key, (1, 1), (1, 0)), tmap)
        parts.append((pos, pairs, shapes))
    sel = None
    if len(pos) < m:
        if pos:
            rest = set(range(m))
            rest.difference_update(pos)
            rest = sorted(rest)
        else:
            rest = list(range(m))
        parts.append((rest,) + _cycle_shape_keys(list(map(comps.__getitem__, rest)), succ,
                                                  tids, tmap))
    counts = Counter()
    first = {}
    for idx, keys, shapes in parts:
        const = {}
        for key, (cands, gkeys) in shapes.items():
            if len(set(gkeys)) == 1:
                const[key] = gkeys[0]
        if len(const) == len(shapes):
            # per shape: how many, and the first component; then per group key
            gk = const
            n_of = Counter(keys)
            first_of = dict(zip(reversed(keys), reversed(idx)))
        else:
            gk = []
            for i, key in zip(idx, keys):
                e = const.get(key)
                if e is None:
                    cands, gkeys = shapes[key]
                    comp = comps[i]
                    # the member of least index in the garbage list among the tied starts
                    e = gkeys[min(range(len(cands)), key=lambda c: comp[cands[c]])]
                gk.append(e)
            n_of = Counter(gk)
            first_of = dict(zip(reversed(gk), reversed(idx)))
            gk = dict(zip(n_of, n_of))
        for key, c in n_of.items():
            g = gk[key]
            counts[g] += c
            i = first_of[key]
            if g not in first or i < first[g]:
                first[g] = i
    groups = {}
    for key in sorted(first, key=first.__getitem__):
        groups[key] = {'sig': key[0], 'size': key[1], 'count': counts[key],
                       'comp': comps[first[key]]}
    return groups, sum(lens)



def _cycles(labels, scope, keep_alive, max_groups):
    """The cycles the next collection would free, grouped by shape, kept alive if asked."""
    t0 = _perf()
    if scope == 'sinceBaseline' and _state.baseline_keys is None:
        raise _AgentError('no_baseline', 'no baseline has been set')
    noise_dicts = _noise_dicts()
    # What a full collection would free, found without one (35_readonly_gc): no finalizer,
    # __del__ or weakref callback runs and nothing is freed; the program's own collection
    # frees these objects when it runs, as it would have without Leak Hunter.
    objs = gc.get_objects()
    found = _unreachable(objs)
    del objs
    groups = {}
    total_cycles = 0
    total_objs = 0
    kept = 0
    scc_ms = 0.0
    try:
        t_scc = _perf()
        comps, succ = _sccs(found)
        scc_ms = (_perf() - t_scc) * 1000.0
        # an instance and its __dict__ are one member (sizes and totals count them once)
        comps, dict_of = _merge_instance_dicts(found, comps, succ)
        base = _state.baseline_keys if scope == 'sinceBaseline' else None
        if base is not None and _state.baseline_garbage:
            base = base | _state.baseline_garbage
        groups, total_objs = _cycle_groups(found, comps, succ, noise_dicts, base)
        for g in groups.values():
            comp = g['comp']
            g['fin'] = any(_has_finalizer(type(found[j])) for j in comp)
            g['hint'] = _cycle_hint(comp, found)
            total_cycles += g['count']
        comp = None
        order = list(groups)
        order.sort(key=lambda k: (-groups[k]['count'], k[0]))
        out = []
        for n, key in enumerate(order[:max_groups]):
            g = groups[key]
            res = {'id': 'cycle-%d' % n, 'signature': g['sig'], 'count': g['count'],
                   'size': g['size'], 'hasFinalizer': g['fin'], 'hint': g['hint']}
            if keep_alive:
                members = [found[j] for j in g['comp']]
                _state.kept.append(members)  # the owners keep their __dict__s
                kept += len(members)
                dicts = [found[dict_of[j]] for j in g['comp'] if j in dict_of]
                res['example'] = _cycle_graph(members + dicts, labels)
                del members, dicts
            out.append(res)
    finally:
        del found
        groups = None
        comps = succ = dict_of = None
    return {'groups': out, 'totalCycles': total_cycles, 'totalObjects': total_objs,
            'agentMillis': round((_perf() - t0) * 1000.0, 3), 'sccMillis': round(scc_ms, 3)}


def _cycle_graph(members, labels):
    """The graph of one cycle: its members and the references among them."""
    g = _Graph(labels, set(), max_nodes=max(len(members), 1))
    try:
        mem = set(map(id, members))
        for o in members:
            g.add(o)
        g.target_id = id(members[0])
        for o in members:
            for c in gc.get_referents(o):
                if id(c) in mem:
                    g.edge(o, c)
        return g.build(True)
    finally:
        g.objs.clear()


def _release_kept():
    """Drop the agent's references to the cycles kept for drawing. Nothing is collected here:
    the cycles are garbage again, freed (finalizers and all) by the program's own next
    collection, when the program runs it."""
    n = 0
    for members in _state.kept:
        n += len(members)
    members = None
    del _state.kept[:]
    return {'released': n}
