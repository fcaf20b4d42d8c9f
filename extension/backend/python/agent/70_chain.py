"""chain (Why Is This Alive?): the shortest reference chain from a root (a module, a running
frame, an object of a type) to the target: the chain objgraph's find_backref_chain returns.
"""

def _running_frame_ids(noise_ids):
    """Ids of the frames running on any thread, but noise's and the agent's."""
    ids = set()
    for tid, f in sys._current_frames().items():
        while f is not None:
            if id(f) not in noise_ids and f.f_globals is not _G:
                ids.add(id(f))
            f = f.f_back
    return ids



# Bidirectional search for `chain` with module roots. The backward BFS (one gc.get_referrers
# call per level) costs a heap scan times the size of the level: a level of 200 objects is ~10
# scans. The forward side (gc.get_referents from the proper modules) is cheap while its levels
# are small. Both sides apply the same rules (the agent's and the debugger's objects, weak
# reference types, untracked objects are never nodes), so an edge from forward level b to
# backward level a gives the length D = a + b + 1 of the shortest chains. The chain objgraph
# returns is then rebuilt from the objects on shortest chains only: the BFS order of those
# objects at a level depends only on the order of those at the level before (every parent of
# an object on a shortest chain is on one), so replaying the BFS on them gives the same chain.

_FWD_LEVEL_CAP = 100000     # a forward level larger than this stops the forward side
_BACK_PER_OBJECT = 0.04     # cost of one more object in a get_referrers call, in heap scans


def _shortest_chain(target, roots, g, max_depth):
    """[root, ..., target] as the backward BFS (objgraph's) finds it, [] if no root is within
    max_depth, None if the heap changed under the search (the caller falls back on the plain
    backward BFS). `roots`: the root objects (already filtered by g.skip)."""
    own = g.own
    skip = g.skip
    weak = _WEAK_TYPES
    get_referents = gc.get_referents
    bobj = {id(target): target}   # every backward node: id -> object
    blevels = [[target]]
    rank = {}                     # id -> index in the get_referrers result that found it
    fd = {}                       # id -> forward level, -1: never a node
    flevels = [[]]
    hits = []                     # (x, y): x on forward level b refers to y on backward level a
    holders = (bobj, blevels, flevels, hits)
    for h in holders + (blevels[0], flevels[0]):
        own.add(id(h))
    for r in roots:
        if id(r) not in fd:
            fd[id(r)] = 0
            flevels[0].append(r)
    a = b = 0
    fopen = True
    scan_cost = None
    fwd_unit = 1e-6
    try:
        while True:
            # no chain shorter than a + b + 1 exists; this step checks that length
            if a + b + 1 > max_depth or not blevels[a] or not flevels[b]:
                return []
            bf = blevels[a]
            ff = flevels[b]
            forward = False
            if fopen and scan_cost is not None:
                forward = fwd_unit * len(ff) < scan_cost * (1 + _BACK_PER_OBJECT * len(bf))
            t0 = _perf()
            if forward:
                nxt = []
                own.add(id(nxt))
                level = b + 1
                capped = False
                keys = bobj.keys()
                for x in ff:
                    refs = get_referents(x)
                    if (capped or hits) and keys.isdisjoint(map(id, refs)):
                        continue
                    for c in refs:
                        i = id(c)
                        if i in bobj:
                            hits.append((x, c))
                        elif capped or hits or i in fd:
                            continue
                        elif _is_tracked(c) and not skip(c) and not issubclass(type(c), weak):
                            fd[i] = level
                            nxt.append(c)
                            if len(nxt) > _FWD_LEVEL_CAP:
                                capped = True
                        else:
                            fd[i] = -1
                refs = c = x = None
                if not hits and not capped:
                    fwd_unit = max((_perf() - t0) / max(len(ff), 1), 1e-8)
                    flevels.append(nxt)
                    b += 1
                else:
                    own.discard(id(nxt))
                    del nxt[:]
                    fopen = False
            else:
                fids = set(map(id, bf))
                nxt = []
                own.add(id(nxt))
                refs = gc.get_referrers(*bf)
                own.add(id(refs))
                try:
                    for k, r in enumerate(refs):
                        i = id(r)
                        if i in bobj:
                            continue
                        if fd.get(i) == b:
                            for c in get_referents(r):
                                if id(c) in fids:
                                    hits.append((r, c))
                            rank[i] = k
                        elif hits or skip(r) or issubclass(type(r), weak):
                            continue
                        else:
                            bobj[i] = r
                            rank[i] = k
                            nxt.append(r)
                finally:
                    own.discard(id(refs))
                    refs = r = c = None
                if scan_cost is None:
                    scan_cost = (_perf() - t0) / (1 + _BACK_PER_OBJECT * len(bf))
                if hits:
                    own.discard(id(nxt))
                    del nxt[:]
                else:
                    blevels.append(nxt)
                    a += 1
            nxt = bf = ff = None
            if hits:
                return _replay(target, hits, a, b, blevels, flevels, rank)
    finally:
        for h in holders + tuple(blevels) + tuple(flevels):
            own.discard(id(h))
        bobj.clear()
        del blevels[:], flevels[:], hits[:]
        rank.clear()
        fd.clear()


def _unique(objs):
    """objs without repeats (by identity), in order."""
    seen = set()
    out = []
    for o in objs:
        if id(o) not in seen:
            seen.add(id(o))
            out.append(o)
    return out


def _replay(target, hits, a, b, blevels, flevels, rank):
    """The chain objgraph's BFS returns, from the objects on shortest chains (see above)."""
    get_referents = gc.get_referents
    D = a + b + 1
    S = [None] * (D + 1)   # S[j]: objects on shortest chains at backward distance j
    S[a] = _unique(y for x, y in hits)
    S[a + 1] = _unique(x for x, y in hits)
    for j in range(a - 1, -1, -1):
        ids = set(map(id, blevels[j]))
        found = {}
        for z in S[j + 1]:
            for c in get_referents(z):
                if id(c) in ids:
                    found[id(c)] = c
        S[j] = list(found.values())
    for k in range(1, b + 1):
        ids = set(map(id, S[a + k]))
        S[a + 1 + k] = [w for w in flevels[b - k]
                        if not ids.isdisjoint(map(id, get_referents(w)))]
    if len(S[0]) != 1 or S[0][0] is not target:
        return None
    # BFS order, level by level: by first parent's position, then gc order
    parent = {}
    order = [target]
    gc_rank = None
    try:
        for j in range(1, D + 1):
            pos = dict((id(y), n) for n, y in enumerate(order))
            keyed = []
            firsts = set()
            ties = False
            for x in S[j]:
                p = min([pos[id(c)] for c in get_referents(x) if id(c) in pos] or [-1])
                if p < 0:
                    return None
                if p in firsts:
                    ties = True
                firsts.add(p)
                keyed.append((p, x))
            rk = None
            if ties:
                rk = rank
                if any(id(x) not in rank for p, x in keyed):
                    if gc_rank is None:
                        gc_rank = _gc_ranks([x for s in S[a + 1:] for x in s])
                    rk = gc_rank
            keyed.sort(key=(lambda px: px[0]) if rk is None else
                       (lambda px: (px[0], rk.get(id(px[1]), -1))))
            for p, x in keyed:
                parent[id(x)] = order[p]
            order = [x for p, x in keyed]
            keyed = pos = None
        if not order:
            return None
        chain = [order[0]]
        while chain[-1] is not target:
            chain.append(parent[id(chain[-1])])
        return chain
    finally:
        parent.clear()
        order = keyed = None
        del S[:]


def _gc_ranks(objs):
    """id -> position in gc order (gc.get_referrers lists referrers in this order)."""
    ids = set(map(id, objs))
    everything = gc.get_objects()
    try:
        return dict((id(o), n) for n, o in
                    enumerate(itertools.compress(everything, map(ids.__contains__,
                                                                 map(id, everything)))))
    finally:
        del everything[:]


def _chain(labels, max_depth, root, merge_instance_dicts, target):
    """The shortest chain from a root to the target as a graph; the target alone if none."""
    kind, type_name = root
    noise, noise_ids = _find_noise()
    del noise
    frame_ids = _running_frame_ids(noise_ids) if kind == 'frame' else set()

    def is_root(o):
        """True if o is a root of the chosen kind."""
        if kind == 'module':
            return _is_proper_module(o)
        if kind == 'frame':
            return id(o) in frame_ids
        t = type(o)
        return _short_name(t) == type_name or _type_key(t) == type_name

    target = _resolve(target)
    g = _Graph(labels, noise_ids, max_nodes=max_depth + 2)
    chain = None
    enabled = gc.isenabled()
    gc.disable()  # no collection moves objects between generations (the gc order) meanwhile
    try:
        g.target_id = id(target)
        if is_root(target):
            chain = [target]
        elif kind == 'module' and _frozen_counts()[0] == 0:
            # objects the program froze are invisible to get_referrers but not to
            # get_referents (the interpreter's frozen tuples hold only built-in types)
            roots = [m for m in list(sys.modules.values())
                     if _is_proper_module(m) and not g.skip(m)]
            chain = _shortest_chain(target, roots, g, max_depth)
            del roots[:]
            roots = None
        if chain is None:
            chain = _backward_chain(target, is_root, g, max_depth)
        if not chain:
            g.add(target)
            return {'found': False, 'graph': g.build(merge_instance_dicts)}
        g.roots.add(id(chain[0]))
        for o in chain:
            g.max_nodes = len(chain) + 1
            g.add(o)
        for x, y in zip(chain, chain[1:]):
            g.edge(x, y)
        x = y = o = None
        del chain[:]
        return {'found': True, 'graph': g.build(merge_instance_dicts)}
    finally:
        if enabled:
            gc.enable()
        target = None
        chain = None
        g.objs.clear()


def _backward_chain(target, is_root, g, max_depth):
    """Plain backward BFS, one gc.get_referrers call per level: [root, ..., target] or []."""
    parent = {id(target): None}
    seen = {id(target): target}
    g.own.add(id(seen))
    found = None
    try:
        frontier = (target,)
        depth = 0
        while found is None and frontier and depth < max_depth:
            by_child = _referrers_by_child(frontier, g)
            nxt = []
            for child in frontier:
                for r in by_child.get(id(child), ()):
                    ri = id(r)
                    if ri in seen or issubclass(type(r), _WEAK_TYPES):
                        continue
                    seen[ri] = r
                    parent[ri] = id(child)
                    nxt.append(r)
                    if is_root(r):
                        found = r
                        break
                if found is not None:
                    break
            by_child = None
            frontier = tuple(nxt)
            del nxt
            depth += 1
        frontier = None
        chain = []
        if found is not None:
            i = id(found)
            while i is not None:
                chain.append(seen[i])
                i = parent[i]
        return chain
    finally:
        g.own.discard(id(seen))
        found = None
        seen.clear()
