"""Find Leaks: suspects.

Suspects of a recording (MemLab's survivors clustered by retainer trace, LeakCanary's suspect
reference). One walk from the roots (the proper modules) over gc.get_referents, level by
level in C loops, gives every reachable object a parent at the previous level, hence a
shortest retainer path. Objects unreachable from a root (garbage not yet collected) get none
and are never suspects, so nothing is collected. A survivor is an object new since the
baseline that was alive at every snapshot since it was first seen and is alive now. Each
survivor's path is turned into a shape (type and edge name per step, indexes and keys of
containers generalised to [*]); survivors of one shape held by one container form a group.
A group is a suspect when it grew with the repetitions (more of them after two or more
repetitions, and still after the first) and, where the container's length was recorded, the
container kept growing to the end (a bounded cache that filled up does not). Groups kept by
the members of a suspect are what that suspect keeps, not suspects of their own.
"""

_LEAK_ADD_METHODS = r'(append|appendleft|add|extend|extendleft|insert|setdefault|update)'


def _leak_is_growing(series, lengths):
    """Whether a group grew with the repetitions (see the comment at the top)."""
    r = len(series) - 1
    rises = sum(1 for j in range(1, r + 1) if series[j] > series[j - 1])
    if rises < 2 or series[r] <= series[1]:
        return False
    if lengths is None or lengths[r] is None:
        return True
    known = [(j, v) for j, v in enumerate(lengths) if v is not None]
    first = [v for j, v in known if j >= 1]
    if not first or lengths[r] <= first[0]:
        return False
    tail = (r + 1) // 2
    return any(lengths[j] is not None and lengths[j - 1] is not None and
               lengths[j] > lengths[j - 1] for j in range(r - tail + 1, r + 1))


def _leak_reason(name, lengths, added, reps):
    """In plain words, what the container `name` gained over `reps` repetitions."""
    gained = None
    if lengths is not None and lengths[-1] is not None:
        start = lengths[0]
        if start is None:  # not tracked at the baseline (an empty dict is not): it was empty
            start = lengths[-1] - added
        if True:
            gained = lengths[-1] - start
            dropped = any(a is not None and b is not None and b < a
                          for a, b in zip(lengths, lengths[1:]))
            return '`%s` gained %d entries in %d repetitions; %s' % (
                name, gained, reps, 'it also lost some on the way' if dropped
                else 'nothing removed them')
    return '`%s` holds %d new objects added over %d repetitions; none was freed' % (
        name, added, reps)


def _leak_class_file(cls):
    """The source file of the module that defines class `cls` (no source line search)."""
    try:
        m = sys.modules.get(_type_module_name(cls))
        return _globals_file(m) if type(m) is _ModuleType else None
    except Exception:
        return None


def _leak_files(chain_objs, member):
    """Source files that may hold the line that adds to the container: the path's modules
    and the modules of the classes of the path's objects and of the member."""
    files = []
    for o in list(chain_objs) + [member]:
        t = type(o)
        if t is _ModuleType:
            f = _globals_file(o)
        elif issubclass(t, type):
            f = _leak_class_file(o)
        elif _type_module_name(t) != 'builtins':
            f = _leak_class_file(t)
        else:
            f = None
        if f and f not in files:
            files.append(f)
    return files


def _leak_source_lines(path):
    """A source file's lines, from linecache's cache when it holds them, else read here: the
    agent adds nothing to linecache (a cache that outlives the command would grow between a
    recording's snapshots)."""
    import linecache
    entry = linecache.cache.get(path)
    if type(entry) is tuple and len(entry) == 4 and type(entry[2]) is list:
        return entry[2]
    try:
        import tokenize
        with tokenize.open(path) as f:
            return f.readlines()
    except Exception:
        return []


def _leak_uncached_regex(pattern):
    """A compiled pattern that re's module cache does not keep (same reason as above)."""
    import re
    compiler = getattr(re, '_compiler', None)  # 3.11+
    if compiler is None:
        compiler = sys.modules.get('sre_compile')
    try:
        return compiler.compile(pattern, 0)
    except Exception:
        return re.compile(pattern)


def _leak_adding_lines(files, name, attribute, limit=3):
    """Lines that add to a container called `name` (`name.append(`, `name[k] = ...`)."""
    import re
    if not (name or '').isidentifier():
        return []
    head = r'\.' if attribute else r'(?<![\w.])'
    pat = _leak_uncached_regex(head + re.escape(name) + r'\s*(\.\s*' + _LEAK_ADD_METHODS +
                               r'\s*\(|\[.*\]\s*(\+|\|)?=(?!=))')
    out = []
    for f in files:
        if not f.endswith(('.py', '.pyw')):
            continue
        for n, text in enumerate(_leak_source_lines(f), 1):
            if pat.search(text):
                out.append(_loc(f, n))
                if len(out) >= limit:
                    return out
    return out


def _leak_sources(rec, container, steps, path_objs, member):
    """(line that adds to the container where known, reason it was chosen)."""
    found = []
    at = _allocated_at(member)
    if at:
        found.append(dict(at, why='allocation'))
    if _type_name(type(container)) == '_lru_cache_wrapper' or (
            len(path_objs) >= 2 and _type_name(type(path_objs[-2])) == '_lru_cache_wrapper'):
        w = container if _type_name(type(container)) == '_lru_cache_wrapper' else path_objs[-2]
        f = getattr(w, '__wrapped__', None)
        if type(f) is _FunctionType:
            found.append(dict(_code_location(f.__code__), why='lru_cache'))
        return found
    label = steps[-1][0] if len(steps) > 1 else None
    if label:
        attribute = label.startswith('.')
        lines = _leak_adding_lines(_leak_files(path_objs, member), label.lstrip('.'), attribute)
        found.extend(dict(l, why='adds') for l in lines)
        if not lines and len(steps) >= 2:
            if attribute:
                owner = path_objs[-2]
                loc = _class_location(owner if issubclass(type(owner), type)
                                      else type(owner))[0]
                src = loc and _assignment_location(loc['path'], label[1:], loc['line'],
                                                   attribute=True)
            else:
                src = _assignment_location(_globals_file(path_objs[-2]), label)
            if src:
                found.append(dict(src, why='assigned'))
    return found


def _leak_tool_caches():
    """Stdlib caches that the debugger and the agent fill as they read source (linecache's
    lines, re's compiled patterns): what grows there between snapshots is theirs, not a leak of
    the program. The suspects walk does not enter them."""
    out = []
    for module, names in (('linecache', ('cache',)), ('re', ('_cache', '_cache2'))):
        m = sys.modules.get(module)
        if type(m) is _ModuleType:
            d = _module_dict(m)
            for name in names:
                c = d.get(name)
                if type(c) is dict:
                    out.append(c)
    return out


def _leak_suspects(labels, max_suspects, chains):
    """The suspects of the running recording (see the comment at the top of this part)."""
    t0 = _perf()
    rec = _leak_recording()
    reps = rec.repetitions
    result = {'repetitions': reps, 'suspects': [], 'survivors': 0}
    if reps < 2:
        result['note'] = 'Find Leaks needs at least 2 repetitions after the baseline.'
        result['agentMillis'] = round((_perf() - t0) * 1000.0, 3)
        return result
    noise, _ = _find_noise()
    own = _debugger_own_ids(noise)
    del noise
    own.update(map(id, _leak_tool_caches()))
    roots = [m for m in list(sys.modules.values())
             if _is_proper_module(m) and id(m) not in own]
    enabled = gc.isenabled()
    gc.disable()  # no collection runs (and frees nothing) while the walk holds its lists
    parent_of = levels = shapes = groups = members = None
    try:
        levels = _leak_walk(roots, own)
        del roots
        first_seen = rec.first_seen
        refs = rec.refs
        # the low 64 bits of an identity are the address (see _keys_of)
        candidates = set(map(operator.and_, first_seen, itertools.repeat((1 << 64) - 1)))
        survivors = []
        wanted = {}
        for n, level in enumerate(levels):
            maybe = list(itertools.compress(level, map(candidates.__contains__,
                                                       map(id, level))))
            for o, k in zip(maybe, _keys_of(maybe)):
                if k in first_seen:
                    w = refs.get(k)
                    if w is None or w() is o:
                        survivors.append(o)
                        wanted.setdefault(n, set()).add(id(o))
            del maybe
        o = w = level = None
        parent_of = _leak_parents(levels, wanted)
        del levels, wanted, candidates
        result['survivors'] = len(survivors)
        shapes = _LeakShapes(parent_of)
        # group by (shape, container); the container is the holder after namespace hops
        groups = {}
        for o in survivors:
            shape = shapes.of(o)
            c = parent_of.get(id(o))
            while c is not None and id(c) in shapes.namespace:
                c = parent_of.get(id(c))
            g = groups.get(shape)
            if g is None:
                g = groups[shape] = {}
            lst = g.get(id(c))
            if lst is None:
                lst = g[id(c)] = [c]
            lst.append(o)
        o = c = g = lst = None
        survivor_ids = set(map(id, survivors))
        claimed = set()
        found = []
        for shape in sorted(groups, key=len):
            by_container = groups[shape]
            # members: survivors held by a container that holds two or more of them
            held = [lst for lst in by_container.values() if len(lst) > 2]
            if not held:
                continue
            held.sort(key=lambda lst: -len(lst))
            container = held[0][0]
            members = [o for lst in held for o in lst[1:]]
            rep = min(members, key=lambda m: (first_seen[_leak_key(m)], id(m)))
            path = _leak_path_objects(rep, parent_of)
            if any(id(p) in claimed for p in path[:-1]):
                continue
            series = [0] * (reps + 1)
            for m in members:
                series[first_seen[_leak_key(m)]] += 1
            for j in range(1, reps + 1):
                series[j] += series[j - 1]
            lengths = _container_len_series(rec, container)
            if not _leak_is_growing(series, lengths):
                continue
            claimed.update(map(id, members))
            found.append((shape, container, members, rep, path, series, lengths))
        # what each suspect keeps: survivors below its members on their paths
        kept = [Counter() for _ in found]
        kept_bytes = [0] * len(found)
        owner = {}
        for n, f in enumerate(found):
            for m in f[2]:
                owner[id(m)] = n
        size_cache = {}
        for o in survivors:
            if id(o) in owner:
                continue
            p = parent_of.get(id(o))
            while p is not None and id(p) not in owner and id(p) in survivor_ids:
                p = parent_of.get(id(p))
            if p is not None and id(p) in owner:
                n = owner[id(p)]
                kept[n][_short_name(type(o))] += 1
                kept_bytes[n] += _safe_size(o, size_cache)
        o = p = None
        del survivors
        out = []
        for n, (shape, container, members, rep, path, series, lengths) in enumerate(found):
            steps = shape
            cont_steps = shapes.of(container) if id(container) in parent_of or \
                type(container) is _ModuleType else steps[:1]
            name = _leak_container_name(cont_steps)
            shallow = sum(_safe_size(m, size_cache) for m in members)
            s = {
                'id': 's%d' % n,
                'path': _leak_path_text(steps),
                'steps': [{'label': l or '', 'typeKey': k, 'display': d} for l, k, d in steps],
                'typeKey': steps[-1][1],
                'typeName': _short_name(type(rep)),
                'count': len(members),
                'series': series,
                'growthPerRepetition': round(float(series[-1] - series[1]) / max(reps - 1, 1), 3),
                'shallowBytes': shallow,
                'keptObjects': sum(kept[n].values()),
                'keptBytes': kept_bytes[n],
                'keeps': [{'typeName': k, 'count': c} for k, c in
                          sorted(kept[n].items(), key=lambda kc: (-kc[1], kc[0]))[:5]],
                'reference': {
                    'name': name,
                    'address': id(container),
                    'typeKey': _type_key(type(container)),
                    'typeName': _short_name(type(container)),
                    'existedAtBaseline': _leak_key(container) in rec.baseline,
                    'lengths': lengths,
                    'reason': _leak_reason(name, lengths, len(members), reps),
                },
                'representative': _summary(rep, labels, size_cache),
                'sources': _leak_sources(rec, container, cont_steps, path[:-1], rep),
            }
            out.append((-(shallow + kept_bytes[n]), -len(members), s['path'], s,
                        _type_key(type(rep)), id(container)))
        del found
        rep = container = members = None
        out.sort(key=lambda x: x[:3])
        del out[max_suspects:]
    finally:
        if enabled:
            gc.enable()
        parent_of = levels = shapes = groups = members = None
        rep = container = p = o = held = path = f = by_container = lst = g = None
    # The chains are searched with no object of this command left in this frame: on 3.8 - 3.10
    # a frame's locals are its referents, and whatever the agent's frames refer to is noise that
    # a chain may not pass through.
    for _a, _b, _c, s, type_key, container_id in out:
        if chains:
            try:
                ch = _chain(labels, 40, ('module', None), False,
                            (s['representative']['address'], type_key))
            except _AgentError:
                ch = {'found': False}
            s['chain'] = ch['graph'] if ch['found'] else None
            cid = str(container_id)
            for e in (ch['graph']['edges'] if ch['found'] else ()):
                if e['from'] == cid:
                    s['suspectEdge'] = {'from': e['from'], 'to': e['to'], 'label': e['label']}
                    break
            ch = None
        result['suspects'].append(s)
    del out
    result['agentMillis'] = round((_perf() - t0) * 1000.0, 3)
    return result


_METHODS.update({
    'leakStart': (_leak_start, ()),
    'leakSample': (_leak_sample, ()),
    'leakSuspects': (_leak_suspects, (_LABELS, ('maxSuspects', 'int>=1', 20),
                                      ('chains', 'bool', True))),
    'leakStop': (_leak_stop, ()),
})
