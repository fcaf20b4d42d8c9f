"""hello and snapshot: counts and shallow bytes per type of the gc-tracked heap, noise left out,
and growth against a baseline of object identities.
"""


def _hello():
    """Facts about the agent and the interpreter: versions, pid, frozen objects."""
    result = {
        'agentVersion': AGENT_VERSION,
        'pythonVersion': sys.version,
        'implementation': sys.implementation.name,
        'pid': os.getpid(),
    }
    result['frozenObjects'], result['frozenByInterpreter'] = _frozen_counts()
    return result


def _freeze_count():
    """gc.get_freeze_count(), or 0 where it does not exist."""
    try:
        return gc.get_freeze_count()
    except Exception:
        return 0


def _collect_quietly(settle=True):
    """gc.collect() with no debug flags and gc.garbage left exactly as it was. With `settle`
    (snapshots), young collections first so freshly made constant tuples are untracked; without
    it (freeing found cycles), one plain full collection."""
    debug = gc.get_debug()
    before = list(gc.garbage)
    try:
        if debug:
            gc.set_debug(0)
        # A collection untracks a tuple whose items are all untracked, one nesting level per
        # collection (the outer tuple is examined before its items): nested constants of code
        # compiled since the last collection would stay tracked after one full collection and
        # vanish from the next snapshot. Young-generation collections first (cheap: only
        # objects made since the last automatic ones) take levels off before the full one.
        if settle:
            gc.collect(0)
            gc.collect(1)
        gc.collect()
        if settle and not _state.collected:
            # old nested tuples (in the oldest generation, which automatic collections rarely
            # reach) need a second full collection, once per agent install
            gc.collect()
            _state.collected = True
    finally:
        if debug:
            gc.set_debug(debug)
        if len(gc.garbage) != len(before) or any(
                a is not b for a, b in zip(gc.garbage, before)):
            gc.garbage[:] = before
        del before


_SIZE_SAMPLE = 60000  # exact shallow bytes up to this many objects, stride sampling beyond


_SETTLE_SECONDS = 0.002


def _settle():
    """Release the GIL briefly so runnable threads (the debugger's) reach their next wait."""
    if threading.active_count() > 1 or len(sys._current_frames()) > 1:
        time.sleep(_SETTLE_SECONDS)


def _snapshot(collect, set_baseline, compare_to_baseline):
    """Count the gc-tracked objects per type (noise left out), against or as the baseline."""
    t0 = _perf()
    # "collect first" (runs finalizers and weakref callbacks) only when asked; by default the
    # counts are what a collection would leave, worked out without one (35_readonly_gc)
    if compare_to_baseline and _state.baseline_keys is None and not set_baseline:
        raise _AgentError('no_baseline', 'no baseline has been set')
    # Other threads (the debugger's) must not run between the collection, the noise walk and
    # get_objects(): a longer GIL switch interval for these milliseconds closes the window
    # (a tuple such a thread creates after the collection stays gc-tracked); restored after.
    # Before that, a short sleep lets threads that are already runnable reach their next wait
    # with the normal interval: every evaluate wakes pydevd's timeout thread (the 3 s warning),
    # and the argument tuple of its next `lock.acquire(True, timeout)` lives only on its C stack;
    # made before the collection it is untracked by it, made during the snapshot it would count.
    _settle()
    interval = sys.getswitchinterval()
    sys.setswitchinterval(max(interval, 5.0))
    try:
        if collect:
            _collect_quietly()
        search = _noise_search()
        objs = gc.get_objects()
        if collect:
            freed = untracked = ()
        else:
            objs, freed, untracked = _collection_outcome(objs)
        counts = _count(map(type, objs))
    finally:
        sys.setswitchinterval(interval)
    noise, noise_ids = search.finish(objs)
    del search
    if freed or untracked:
        # what a collection would free or untrack is not counted, noise or not. In place: the
        # `noise` list is one of the objects counted; no comprehension: it would make `gone` a
        # cell of this frame, created before gc.get_objects() and counted.
        gone = set(map(id, freed))
        gone.update(map(id, untracked))
        noise[:] = list(itertools.compress(
            noise, map(operator.not_, map(gone.__contains__, map(id, noise)))))
        noise_ids.difference_update(gone)
        del gone
    del untracked
    garbage, garbage_total = _garbage_types(freed)
    if set_baseline:
        # garbage present at the baseline is not growth, but it existed: cycles since the
        # baseline leave it out
        _state.baseline_garbage = set(map(_ikey, freed))
    del freed
    # subtract the agent's and debugger's objects (noise_ids is made after get_objects)
    ncounts = _count(map(type, noise))
    ncounts[list] += 1  # the `noise` list itself (created before get_objects)
    excluded = 0
    for t, c in ncounts.items():
        have = counts.get(t, 0)
        c = min(c, have)
        excluded += c
        if have - c > 0:
            counts[t] = have - c
        else:
            counts.pop(t, None)
    # dicts made by reading a running function's locals (the debugger's Variables view): a
    # program without a debugger has none; reported apart, not counted
    looked = _locals_snapshot_ids(objs, noise_ids)
    if looked:
        left = counts.get(dict, 0) - len(looked)
        if left > 0:
            counts[dict] = left
        else:
            counts.pop(dict, None)

    # types of noise modules never appear, even when unreachable from the walk (an object
    # of an earlier agent install, a pydevd object held only by the user's code)
    for t in list(counts):
        if _is_noise_module_name(_type_module_name(t)):
            excluded += counts.pop(t)

    # shallow bytes: fixed-size types exactly (count * size); variable-size ones by summing
    # sys.getsizeof over every object, or over a stride sample when the heap is large.
    size_cache = {}
    total = len(objs)
    stride = 1 if total <= _SIZE_SAMPLE else (total // _SIZE_SAMPLE + 1)
    sample = objs if stride == 1 else objs[::stride]
    unsafe = False
    for t in counts:
        if _python_sizeof(t, size_cache):
            unsafe = True
    if unsafe:
        # (a plain loop: a comprehension would make size_cache a cell of this frame, created
        # before gc.get_objects() and invisible to the noise walk)
        sizes = []
        for o in sample:
            sizes.append(_safe_size(o, size_cache))
        o = None
    else:
        sizes = list(map(_getsizeof, sample))
    by_type_size = _count(zip(map(type, sample), sizes))
    del sizes
    sampled_bytes = {}
    sampled_count = Counter()
    for (t, s), c in by_type_size.items():
        sampled_bytes[t] = sampled_bytes.get(t, 0) + s * c
        sampled_count[t] += c
    if stride == 1:
        # exact; noise objects were summed too, take them out
        for o in noise:
            t = type(o)
            if t in sampled_bytes:
                sampled_bytes[t] -= _safe_size(o, size_cache)
        sampled_bytes[list] = sampled_bytes.get(list, 0) - _getsizeof(noise)

    if set_baseline or compare_to_baseline:
        keys, noise_keys = _identity_keys(objs, noise)
        keys.difference_update(noise_keys)
        keys.discard(_ikey(noise))
        keys.difference_update(i ^ (id(dict) << 64) for i in looked)
        del noise_keys
    else:
        keys = None
    del objs, sample, noise

    types_out = {}
    for t, c in counts.items():
        key = _type_key(t)
        if stride == 1:
            b = sampled_bytes.get(t, 0)
        else:
            b = _estimate_bytes(t, c, sampled_bytes, sampled_count, size_cache)
        e = types_out.get(key)
        if e is None:
            types_out[key] = {'key': key, 'name': _short_name(t),
                              'module': _type_module_name(t), 'count': c,
                              'shallowBytes': max(int(b), 0)}
        else:
            e['count'] += c
            e['shallowBytes'] += max(int(b), 0)
    totalObjects = sum(counts.values())

    if compare_to_baseline and _state.baseline_keys is None:
        _state.baseline_keys = keys  # setBaseline + compare with no earlier baseline: all zero
        _state.baseline_types = {}
    if compare_to_baseline:
        cur_types = dict((id(t), _type_key(t)) for t in counts)
        new_c = _count(map(operator.rshift, keys - _state.baseline_keys, itertools.repeat(64)))
        freed_c = _count(map(operator.rshift, _state.baseline_keys - keys, itertools.repeat(64)))
        for e in types_out.values():
            e['newSinceBaseline'] = 0
            e['freedSinceBaseline'] = 0
        for tid, c in new_c.items():
            k = cur_types.get(tid) or _state.baseline_types.get(tid)
            if k in types_out:
                types_out[k]['newSinceBaseline'] += c
        for tid, c in freed_c.items():
            k = _state.baseline_types.get(tid) or cur_types.get(tid)
            e = types_out.get(k)
            if e is None and k is not None:
                # a type with no instances left: report it with count 0
                e = types_out[k] = {'key': k, 'name': k.rsplit('.', 1)[-1],
                                    'module': k.rsplit('.', 1)[0] if '.' in k else 'builtins',
                                    'count': 0, 'shallowBytes': 0,
                                    'newSinceBaseline': 0, 'freedSinceBaseline': 0}
            if e is not None:
                e['freedSinceBaseline'] += c
    if set_baseline:
        _state.baseline_keys = keys
        _state.baseline_types = dict((id(t), _type_key(t)) for t in counts)
    del keys, counts, ncounts
    _state.sequence += 1
    result = {
        'sequence': _state.sequence,
        'takenAt': time.time(),
        'types': sorted(types_out.values(), key=lambda e: (-e['count'], e['key'])),
        'totalObjects': totalObjects,
        'excludedObjects': excluded,
        'localsSnapshots': len(looked),
        'hasBaseline': _state.baseline_keys is not None,
        'unreachable': garbage,
        'unreachableObjects': garbage_total,
    }
    result['frozenObjects'], result['frozenByInterpreter'] = _frozen_counts()
    result['agentMillis'] = round((_perf() - t0) * 1000.0, 3)
    return result


def _estimate_bytes(t, count, sampled_bytes, sampled_count, size_cache):
    """Shallow bytes of `count` objects of type t, scaled from the size sample."""
    n = sampled_count.get(t, 0)
    if n:
        return sampled_bytes[t] * count // n
    try:  # not in the sample: basic size is exact for fixed-size types
        return count * (t.__basicsize__ + _GC_HEADER)
    except Exception:
        return 0


# Baseline identity is (id, type) only: an object freed after the baseline whose address is
# reused by a new object of the same type counts as a survivor (new and freed both miss it;
# the count itself stays exact). Weakrefs would tell them apart but touch user objects.
def _ikey(o):
    """The (id, type) identity of o as one int."""
    return id(o) ^ (id(type(o)) << 64)


def _identity_keys(objs, noise):
    """(id, type) identities as ints: id(obj) ^ (id(type(obj)) << 64), built in C loops."""
    sh = itertools.repeat(64)
    keys = set(map(operator.xor, map(id, objs), map(operator.lshift, map(id, map(type, objs)), sh)))
    nkeys = set(map(operator.xor, map(id, noise),
                    map(operator.lshift, map(id, map(type, noise)), itertools.repeat(64))))
    return keys, nkeys


def _garbage_types(freed):
    """Per-type counts and shallow bytes of the objects a collection would free (the debugger's
    and the agent's left out), sorted as snapshot types are; and their total."""
    noise_dicts = _noise_dicts()
    by_type = {}
    cache = {}
    total = 0
    for o in freed:
        if _is_noise_garbage(o, noise_dicts):
            continue
        t = type(o)
        key = _type_key(t)
        e = by_type.get(key)
        if e is None:
            e = by_type[key] = {'key': key, 'name': _short_name(t),
                                'module': _type_module_name(t), 'count': 0, 'shallowBytes': 0}
        e['count'] += 1
        e['shallowBytes'] += _safe_size(o, cache)
        total += 1
    o = None
    return sorted(by_type.values(), key=lambda e: (-e['count'], e['key'])), total
