"""Read-only garbage.

What a full gc.collect() would free and untrack, worked out without collecting: the
collector's own reasoning (references from outside a set versus from inside it) over
refcounts and gc.get_referents. Nothing runs (no finalizer, __del__ or weakref callback),
nothing is freed, no weakref is cleared: the commands that used to collect first
(snapshot, cycles, leaking) count from here unless the user asks to collect.
"""

_HAVE_GC_FLAG = 1 << 14   # Py_TPFLAGS_HAVE_GC
_HEAPTYPE_FLAG = 1 << 9   # Py_TPFLAGS_HEAPTYPE: a class object is gc-managed only when set
_type_flags = type.__dict__['__flags__'].__get__
_getrefcount = sys.getrefcount
_get_referents = gc.get_referents
# A level of the reachability walk whose edges number fewer than the candidates left divided by
# this is followed by identity (a set of ids); a larger one by refcounts over the candidates.
_ID_LEVEL_RATIO = 4


def _refcount_overhead():
    """References `list(map(sys.getrefcount, a_list))` adds to each item besides the list's own
    (the call's argument; measured, not assumed: it differs between CPython versions)."""
    probe = []
    holder = [probe]
    return list(map(_getrefcount, holder))[0] - 2


def _unreachable(objs):
    """The objects of `objs` a full collection would free, in `objs` order.

    `objs` is a `gc.get_objects()` list that the caller holds once and nothing else the agent
    made after it refers to its items. As the collector does: an object's references from
    outside the set are its refcount minus those from inside it (`gc.get_referents` of every
    object, counted by the refcounts they add while held, so no id is hashed); the objects with
    outside references (roots: locals of running frames, the interpreter's own references,
    frozen and immortal objects) and everything they reach stay; the rest is what a collection
    would free."""
    # other threads (the debugger's) must not change refcounts between two passes: a long GIL
    # switch interval for these milliseconds (restored; the snapshot already holds one)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(max(interval, 5.0))
    try:
        return _unreachable_now(objs)
    finally:
        sys.setswitchinterval(interval)


def _unreachable_now(objs):
    """_unreachable, with no other thread running."""
    extra = _refcount_overhead() + 1  # the argument and the objs list
    rc_alone = list(map(_getrefcount, objs))
    held = _get_referents(*objs)
    rc_held = list(map(_getrefcount, objs))
    del held
    # inside = rc_held - rc_alone; outside = (rc_alone - extra) - inside; candidate: outside 0
    is_cand = list(map(operator.eq, map(operator.sub, rc_held, rc_alone),
                       map(operator.sub, rc_alone, itertools.repeat(extra))))
    del rc_alone, rc_held
    cand = list(itertools.compress(objs, is_cand))
    frontier = list(itertools.compress(objs, map(operator.not_, is_cand)))
    del is_cand
    own = id(objs)  # reachable from the caller's frame on 3.8-3.10: never follow it
    seen = set()    # ids reached through levels followed by identity
    while frontier and cand:
        if len(frontier) > len(cand):
            # fewer candidates left than objects to follow: everything but the candidates is
            # reached, so a candidate referred to from outside them is reached (the collector's
            # own test, within the candidates: no need to follow the frontier's references)
            frontier = None
            if seen:
                keep = list(map(operator.not_, map(seen.__contains__, map(id, cand))))
                cand = list(itertools.compress(cand, keep))
                del keep
            rc_alone = list(map(_getrefcount, cand))
            held = _get_referents(*cand)
            rc_held = list(map(_getrefcount, cand))
            del held
            # outside = (rc_alone - extra - 1) - (rc_held - rc_alone): the cand list is held too
            hit = list(map(operator.gt, map(operator.sub, map(operator.add, rc_alone, rc_alone),
                                            rc_held), itertools.repeat(extra + 1)))
            del rc_alone, rc_held
            frontier = list(itertools.compress(cand, hit))
            keep = list(map(operator.not_, hit))
            cand = list(itertools.compress(cand, keep))
            del hit, keep
            continue
        held = _get_referents(*frontier)
        frontier = None
        if len(held) * _ID_LEVEL_RATIO < len(cand):
            # a small level (the path from the roots into the heap, long chains): follow its
            # tracked referents that were not reached yet, whether candidates or not
            held = list(itertools.compress(held, map(_is_tracked, held)))
            fresh = dict(zip(map(id, held), held))
            del held
            fresh.pop(own, None)
            new = fresh.keys() - seen
            seen.update(new)
            frontier = list(map(fresh.__getitem__, new))
            del fresh, new
        else:
            # a large level: the candidates whose refcount the held referents raise are reached
            rc_held = list(map(_getrefcount, cand))
            del held
            hit = list(map(operator.gt, rc_held, map(_getrefcount, cand)))
            del rc_held
            frontier = list(itertools.compress(cand, hit))
            keep = list(map(operator.not_, hit))
            cand = list(itertools.compress(cand, keep))
            del hit, keep
    frontier = None
    if seen and cand:
        cand = list(itertools.compress(
            cand, map(operator.not_, map(seen.__contains__, map(id, cand)))))
    return cand


def _is_gc_object(o):
    """PyObject_IS_GC: the type has Py_TPFLAGS_HAVE_GC; a class object only if a heap type."""
    flags = _type_flags(type(o))
    if not flags & _HAVE_GC_FLAG:
        return False
    if flags & (1 << 31):  # Py_TPFLAGS_TYPE_SUBCLASS: type_is_gc decides
        return bool(_type_flags(o) & _HEAPTYPE_FLAG)
    return True


def _may_stay_tracked(o, untracking):
    """_PyObject_GC_MAY_BE_TRACKED with the tuples this collection untracks counted as done."""
    if type(o) is tuple:
        return _is_tracked(o) and id(o) not in untracking
    return _is_gc_object(o)


def _untracked_by_collect(objs, gone):
    """The reachable tuples and dicts of `objs` a full collection would untrack (each only if
    every item is atomic: not gc-managed, or a tuple that is or gets untracked).

    `gone` is the set of ids of the objects a collection frees. Tuples are untracked before
    dicts, so a dict of such tuples goes too. A tuple holding a tuple that is still tracked stays
    tracked: the collector untracks one nesting level per collection when, as for tuples built at
    run time or loaded from .pyc files, the outer tuple comes first in its list."""
    repeat = itertools.repeat
    compress = itertools.compress
    types = list(map(type, objs))
    tuples = [t for t in compress(objs, map(operator.is_, types, repeat(tuple)))
              if id(t) not in gone]
    # no tracked item (C loops), then no gc-managed item that is not a tuple
    maybe = list(map(operator.not_, map(any, map(map, repeat(_is_tracked), tuples))))
    untracking = {}
    for t in compress(tuples, maybe):
        if not any(type(x) is not tuple and _is_gc_object(x) for x in t):
            untracking[id(t)] = t
    del tuples, maybe
    t = None
    dicts = [d for d in compress(objs, map(operator.is_, types, repeat(dict)))
             if id(d) not in gone]
    del types
    out = list(untracking.values())
    try:
        items = map(itertools.chain, map(dict.keys, dicts), map(dict.values, dicts))
        # every tracked item is a tuple this collection untracks (C loops)
        maybe = list(map(all, map(map, repeat(untracking.__contains__),
                                  map(map, repeat(id), map(filter, repeat(_is_tracked),
                                                           items)))))
        for d in compress(dicts, maybe):
            if not any(_may_stay_tracked(x, untracking)
                       for x in itertools.chain(dict.keys(d), dict.values(d))):
                out.append(d)
    except RuntimeError:
        pass  # a dict changed size under another thread: it stays counted
    d = None
    del dicts
    return out


def _collection_outcome(objs):
    """(kept, freed, untracked): the objects of `objs` (held as `_unreachable` says) that a full
    collection would leave tracked (in `objs` order), those it would free (in `objs` order), and
    those it would untrack (they live on, invisible to `gc.get_objects()`)."""
    freed = _unreachable(objs)
    gone = set(map(id, freed))
    untracked = _untracked_by_collect(objs, gone)
    if not freed and not untracked:
        return list(objs), freed, untracked
    gone.update(map(id, untracked))
    kept = list(itertools.compress(objs, map(operator.not_, map(gone.__contains__, map(id, objs)))))
    return kept, freed, untracked


def _noise_dicts():
    """ids of the globals of the agent and of the debugger's modules (their functions and
    frames are the debugger's, wherever they are found)."""
    ids = set([id(_G)])
    for name, m in list(sys.modules.items()):
        if type(m) is _ModuleType and _is_noise_module_name(name):
            ids.add(id(_module_dict(m)))
    return ids
