"""retainers, references, expand: _Graph holds the objects and edges of one command; _walk goes
level by level (one gc.get_referrers call per level for retainers).
"""

class _Graph(object):
    """Builds an ObjectGraph. Holds objects only for the duration of one command."""

    def __init__(self, labels, noise_ids, max_nodes=200, ignore=()):
        """An empty graph for one command: labels, noise ids, node cap, ignored types."""
        self.labels = labels
        self.noise_ids = noise_ids
        self.max_nodes = max_nodes
        self.ignore = frozenset(ignore)
        self.objs = {}          # id -> object
        self.order = []         # ids in insertion order
        self.edges = []         # (from id, to id)
        self.edge_set = set()
        self.more = []          # (more id, parent id, count, is_retainers, offset)
        self.truncated = False
        self.roots = set()
        self.target_id = None
        self.size_cache = {}
        self.own = set([id(self.objs), id(self.order), id(self.edges), id(self.__dict__)])
        try:
            self.garbage_ids = set(map(id, gc.garbage))
        except Exception:
            self.garbage_ids = set()

    def skip(self, o):
        """True for objects never drawn: noise, our own containers and frames, ignored types."""
        i = id(o)
        if i in self.noise_ids or i in self.own:
            return True
        t = type(o)
        if t is _FrameType:
            try:
                if o.f_globals is _G:
                    return True
            except Exception:
                return True
        if self.ignore and (_short_name(t) in self.ignore or _type_key(t) in self.ignore):
            return True
        return False

    def add(self, o):
        """Add o as a node; False when the node cap is reached."""
        i = id(o)
        if i in self.objs:
            return True
        if len(self.objs) >= self.max_nodes:
            self.truncated = True
            return False
        self.objs[i] = o
        self.order.append(i)
        return True

    def edge(self, frm, to):
        """Record the reference frm -> to, once."""
        k = (id(frm), id(to))
        if k not in self.edge_set:
            self.edge_set.add(k)
            self.edges.append(k)

    def _edges_out(self, objs, alias, owner_of, dict_index, edges, seen, global_sources):
        """The graph's edges, labelled and merged through `alias`, appended to `edges`."""
        for a, b in self.edges:
            fa, fb = alias.get(a, a), alias.get(b, b)
            if fa == fb:
                continue
            if b in alias and a in alias and alias[a] == alias[b]:
                continue
            holder, child = objs[a], objs[b]
            ok = owner_of.get(a)
            labels = _edge_labels(holder, child, ok[1] if ok else None, dict_index)
            if type(holder) is _CellType and a in alias:
                f = objs[alias[a]]
                labels = [(_closure_name(f, holder), 'closure')]
            lab = ', '.join(l for l, _ in labels if l)
            kind = labels[0][1]
            key = (fa, fb, lab)
            if key in seen:
                continue
            seen.add(key)
            e = {'from': str(fa), 'to': str(fb), 'label': lab, 'kind': kind}
            # the instance that owns the attribute: the holder itself (inline values, 3.11+), or
            # the owner of the holder's __dict__
            owner = objs[ok[0]] if ok and ok[0] in objs else holder
            if kind == 'attribute' and type(owner) is not dict:
                # the line of the class that assigns the attribute, else the class itself
                cls_loc = _class_location(type(owner))[0]
                src = cls_loc and (_assignment_location(
                    cls_loc['path'], lab.lstrip('.'), cls_loc['line'], attribute=True) or cls_loc)
                if src:
                    e['source'] = src
            owner = None
            if kind == 'global':
                # a module global: the line that assigns it; the held object opens there too
                module_file = _globals_file(holder)
                src = _assignment_location(module_file, lab)
                if src:
                    e['source'] = src
                    global_sources.setdefault(str(fb), src)
            edges.append(e)

    def build(self, merge_dicts, retainers=True):
        """The ObjectGraph: nodes, labelled edges, dicts merged into owners if asked, 'more'."""
        objs = self.objs
        # owners of dicts (module globals, class dicts, instance __dict__), from the edges
        owner_of = {}
        for a, b in self.edges:
            d = objs.get(b)
            if type(d) is dict and b not in owner_of:
                kind = _dict_owner_kind(d, objs.get(a))
                if kind:
                    owner_of[b] = (a, kind)
        alias = {}
        if merge_dicts:
            for b, (a, kind) in owner_of.items():
                if b != self.target_id:
                    alias[b] = a
            # closure: function -> tuple (__closure__) -> cell -> x  becomes  function -> x
            for a, b in self.edges:
                f = objs.get(a)
                tup = objs.get(b)
                if type(f) is _FunctionType and type(tup) is tuple and f.__closure__ is tup \
                        and b != self.target_id:
                    alias[b] = a
                    for c, d in self.edges:
                        if c == b and type(objs.get(d)) is _CellType and d != self.target_id:
                            alias[d] = a
        nodes = []
        for i in self.order:
            if i in alias:
                continue
            nodes.append(self.node(objs[i], i))
        edges = []
        seen = set()
        global_sources = {}
        dict_index = _DictEdgeIndex()
        try:
            self._edges_out(objs, alias, owner_of, dict_index, edges, seen, global_sources)
        finally:
            dict_index.clear()
        for n in nodes:
            if 'source' not in n and n['id'] in global_sources:
                n['source'] = global_sources[n['id']]
        for mid, parent, count, is_ret, off in self.more:
            parent = alias.get(parent, parent)
            nodes.append({'id': mid, 'kind': 'more', 'address': 0, 'typeKey': '',
                          'typeName': '', 'label': '+%d more' % count, 'shallowBytes': 0,
                          'isTarget': False, 'isRoot': False, 'hasFinalizer': False,
                          'inGarbage': False, 'moreCount': count})
            if is_ret:
                edges.append({'from': mid, 'to': str(parent), 'label': '', 'kind': 'other'})
            else:
                edges.append({'from': str(parent), 'to': mid, 'label': '', 'kind': 'other'})
        return {'nodes': nodes, 'edges': edges, 'targetId': str(self.target_id),
                'truncated': self.truncated}

    def node(self, o, i):
        """The GraphNode of o (id i): summary, kind, flags, source, allocation site."""
        n = _summary(o, self.labels, self.size_cache)
        t = type(o)
        n['id'] = str(i)
        n['kind'] = _node_kind(o)
        n['isTarget'] = i == self.target_id
        n['isRoot'] = i in self.roots or _is_proper_module(o)
        n['hasFinalizer'] = _has_finalizer(t)
        n['inGarbage'] = i in self.garbage_ids
        loc, _ = _source_of(o)
        if loc:
            n['source'] = loc
        at = _allocated_at(o)
        if at:
            n['allocatedAt'] = at
        return n



def _referrers_by_child(frontier, g):
    """One gc.get_referrers call for a whole BFS level: {id(child): [referrers]} in gc order."""
    fids = set(map(id, frontier))
    refs = gc.get_referrers(*frontier)
    g.own.add(id(refs))
    out = {}
    try:
        for r in refs:
            if g.skip(r):
                continue
            hit = False
            for c in gc.get_referents(r):
                ci = id(c)
                if ci in fids:
                    lst = out.get(ci)
                    if lst is None:
                        lst = out[ci] = []
                        g.own.add(id(lst))
                    if not lst or lst[-1] is not r:
                        lst.append(r)
                    hit = True
            if not hit:
                continue
    finally:
        g.own.discard(id(refs))
        del refs
    return out


def _referents_of(o, g):
    """The referents of o that can be nodes: no atoms, nothing g skips."""
    out = []
    g.own.add(id(out))
    for c in gc.get_referents(o):
        if type(c) in (str, int, float, bool, bytes) or c is None:
            continue  # atoms: shown in labels, not as nodes
        if g.skip(c):
            continue
        out.append(c)
    return out


def _walk(target, g, lim, retainers, depth, offset=0):
    """BFS from target over referrers (retainers) or referents, `depth` levels."""
    too_many = lim['tooMany']
    merge = lim.get('mergeInstanceDicts') is True
    frontier = (target,) if depth > 0 else ()
    g.own.add(id(frontier))
    first = True
    # the level of each walked object: an instance and its own __dict__ are one node when
    # merged, so the step between them costs no level (the same depth on every Python, though
    # before 3.11 each instance's __dict__ is an object of its own)
    level = {id(target): 0}
    g.own.add(id(level))
    while frontier:
        if retainers:
            by_child = _referrers_by_child(frontier, g)
        else:
            by_child = {}
            for o in frontier:
                by_child[id(o)] = _referents_of(o, g)
        # the agent's own lists refer to the objects being walked: they must never show up as
        # retainers at the next level (g.own), nor stay bound after their level
        nxt = []
        g.own.add(id(nxt))
        for child in frontier:
            lst = by_child.get(id(child), ())
            start = offset if first else 0
            stop = min(len(lst), start + too_many)
            rest = len(lst) - max(stop, start)
            for k in range(start, stop):
                r = lst[k]
                new = id(r) not in g.objs
                if not g.add(r):
                    break
                if retainers:
                    g.edge(r, child)
                else:
                    g.edge(child, r)
                if not new:
                    continue
                lvl = level[id(child)] + 1
                if merge and _is_own_dict_step(r, child, retainers):
                    lvl -= 1
                level[id(r)] = lvl
                if lvl < depth and not (retainers and type(r) is _ModuleType) \
                        and not issubclass(type(r), _WEAK_TYPES):
                    nxt.append(r)
            if rest > 0:
                g.more.append(('more:%d:%d' % (id(child), stop), id(child), rest,
                               retainers, stop))
            if retainers:
                # weak references to the object: drawn, never walked
                try:
                    for w in _weakref.getweakrefs(child):
                        if not g.skip(w) and g.add(w):
                            g.edge(w, child)
                except Exception:
                    pass
        first = False
        by_child = None
        r = lst = child = None
        g.own.discard(id(frontier))
        frontier = tuple(nxt)
        g.own.add(id(frontier))
        g.own.discard(id(nxt))
        del nxt
    g.own.discard(id(frontier))
    g.own.discard(id(level))
    frontier = level = None


def _is_own_dict_step(r, child, retainers):
    """True when the step child -> r is between an instance and its own __dict__ (r owns the
    dict `child` when walking retainers; r is the __dict__ of `child` when walking references)."""
    if retainers:
        return type(child) is dict and _dict_owner_kind(child, r) == 'attribute'
    return type(r) is dict and _dict_owner_kind(r, child) == 'attribute'


def _graph_command(labels, lim, offset, target, retainers, expand=False):
    """retainers / references / expand: the graph around the target, as deep as asked."""
    noise, noise_ids = _find_noise()
    del noise
    target = _resolve(target)
    g = _Graph(labels, noise_ids, lim['maxNodes'], lim['ignoreTypes'])
    try:
        g.target_id = id(target)
        g.add(target)
        depth = 1 if expand else lim['maxDepth']
        _walk(target, g, lim, retainers, depth, offset)
        target = None
        return g.build(lim['mergeInstanceDicts'], retainers)
    finally:
        target = None
        g.objs.clear()


def _retainers(labels, limits, offset, target):
    """What refers to the target, limits['maxDepth'] levels up."""
    return _graph_command(labels, limits, offset, target, True)


def _references(labels, limits, offset, target):
    """What the target refers to, limits['maxDepth'] levels down."""
    return _graph_command(labels, limits, offset, target, False)


def _expand(direction, labels, limits, offset, target):
    """One more level of a 'more' node in `direction`, past the `offset` shown."""
    return _graph_command(labels, limits, offset, target, direction == 'retainers', expand=True)
