"""Noise the walk cannot reach: what pydevd's holders of user data hold when nothing else does,
and objects only the debugger's stacks hold, claimed by what they are.
"""

_GEN_TYPES = frozenset((_GeneratorType, _CoroutineType, _AsyncGenType))
_WeakrefType = __import__('_weakref').ref
# Iterators: noise when what they iterate over is (a debugger's for-loop, on its value stack).
_ITERATOR_TYPES = frozenset(type(x) for x in (
    iter([]), iter(()), iter(set()), iter({}), iter({}.values()), iter({}.items()),
    reversed([]), iter(deque()), reversed(deque()), iter(range(0)), enumerate(()), zip(),
    map(id, ())))
_TRACE_EVENTS = frozenset(('call', 'line', 'return', 'exception', 'opcode'))
_FRAME_TYPE_SET = frozenset((_FrameType,))
_SINGLETON_IDS = frozenset(map(id, (True, False, None)))
# Numerous in a big heap: checked in C-level loops (_bulk_claims); tuples are sifted first.
_BULK_TYPES = frozenset((_MethodType, _BuiltinType, set, tuple))
_get_self = operator.attrgetter('__self__')
_get_func = operator.attrgetter('__func__')
# Types whose instances are claimed by what they hold (see _stack_noise).
_CLAIM_TYPES = frozenset((_MethodType, _BuiltinType, _CellType, _WeakrefType, tuple, set)) \
    | _GEN_TYPES | _ITERATOR_TYPES


def _holder_noise(w):
    """Claim what pydevd's holders of user data (suspended frames, Variables view entries) hold
    when nothing but the debugger refers to it.

    From the holders a walk collects candidates: builtin containers, plumbing and user-class
    instances (other noise-class instances go to the normal walk; functions, classes, frames
    and modules follow the per-object rule and are never candidates). A candidate is the
    user's when something other than the holders and candidates refers to it: its refcount
    exceeds the references counted from them (a user's list in a module, a local of a running
    user frame: references get_referents cannot see are still in the refcount). What such a
    candidate reaches is the user's too. The rest exists only because the debugger keeps it
    (its variable tables, a value shown once and dropped by the program): noise.
    """
    if not w.holders:
        return
    seen = w.seen
    decisions = w.decisions
    get_referents = gc.get_referents
    incoming = Counter()
    cands = []
    cand_ids = set()
    stack = list(w.holders)
    while stack:
        refs = list(filter(_is_tracked, get_referents(stack.pop())))
        _count_elements(incoming, map(id, refs))
        for r in refs:
            i = id(r)
            if i in cand_ids or i in seen:
                continue
            t = type(r)
            dcs = decisions.get(t)
            if dcs is None:
                dcs = decisions[t] = w.decide(t)
            if dcs == 3:
                if w.object_is_noise(r, t):
                    w.walk([r])
                continue
            if dcs == 2 or (dcs == 1 and _is_noise_module_name(_type_module_name(t))):
                w.walk([r])
                if dcs == 2:
                    stack.append(r)
                continue
            cand_ids.add(i)
            cands.append(r)
            stack.append(r)
        del refs
    r = None
    # refcount = the references counted + one from `cands` + one for getrefcount's argument
    rc = list(map(sys.getrefcount, cands))
    alive = [c for c, n in zip(cands, rc) if n - 2 > incoming.get(id(c), 0)]
    del rc
    keep = set()
    while alive:
        c = alive.pop()
        if id(c) in keep:
            continue
        keep.add(id(c))
        alive.extend(x for x in get_referents(c) if id(x) in cand_ids)
    c = None
    for c in cands:
        if id(c) not in keep:
            seen.add(id(c))
            w.out.append(c)
    c = None
    del cands[:]


def _claim_stack_noise(w, objs, ids):
    """Claim objects held only from the debugger's C stack or its frames' value stacks.

    Those references are invisible to get_referents: a `with` block's bound __exit__, a
    for-loop's iterator, a thread's bootstrap method held by the C thread start, the argument
    tuple of a call in progress. They are recognised by what they are (_stack_noise): an
    instance of a class of a noise module; a bound method or builtin method whose __self__ or
    function is noise; a tuple holding an instance of a noise class (the arguments of a call
    from compiled debugger code) or a trace callback's (frame, event, arg); a generator or
    coroutine running debugger code; a contextlib context manager around one; an iterator over
    a noise container; a set of noise only (an ABC cache made by the debugger's isinstance
    checks); a cell or a weak reference to noise. Rounds repeat until nothing more is claimed
    (a method's __self__ may be a context manager claimed in the round before). Each claimed
    object is walked like a root; `ids` is kept up to date.
    """
    if not w.debugger_loaded:
        return  # only the agent: nothing of a debugger on any stack
    noise_types = set()
    other_types = set(_CLAIM_TYPES) - _BULK_TYPES
    for t in set(map(type, objs)):
        mod = _type_module_name(t)
        if _is_noise_module_name(mod):
            noise_types.add(t)
        elif mod == 'contextlib' or (t not in _CLAIM_TYPES and issubclass(t, _WeakrefType)):
            other_types.add(t)
    t = None
    # one pass over the heap; the buckets are cut from the (much shorter) candidate list
    cands = list(itertools.compress(objs, map((_BULK_TYPES | other_types | noise_types)
                                              .__contains__, map(type, objs))))
    cand_types = list(map(type, cands))
    buckets = {}
    for t in _BULK_TYPES:
        buckets[t] = list(itertools.compress(cands, map(operator.is_, cand_types,
                                                          itertools.repeat(t))))
    others = list(itertools.compress(cands, map((other_types | noise_types).__contains__,
                                                cand_types)))
    del cands, cand_types
    # tuples: only those holding a noise-class instance, a frame or a value of a debugger
    # frame's local need a closer look
    tuples = buckets.pop(tuple)
    others.extend(itertools.compress(tuples, map(operator.not_, map(
        (noise_types | _FRAME_TYPE_SET).isdisjoint, map(map, itertools.repeat(type), tuples)))))
    local_ids = w.local_ids - _SINGLETON_IDS
    args = list(itertools.compress(tuples, map(operator.not_, map(
        local_ids.isdisjoint, map(map, itertools.repeat(id), tuples)))))
    del tuples[:]
    # `lock.acquire(True, timeout)` in a debugger thread's Condition.wait: its argument tuple
    # lives on the C stack and holds the frame's own `timeout` object
    local_ok = local_ids | ids | _SINGLETON_IDS
    n = len(w.out)
    w.walk(list(itertools.compress(args, map(local_ok.issuperset, map(
        map, itertools.repeat(id), args)))))
    ids.update(map(id, w.out[n:]))
    del args
    code_is_noise = w.code_is_noise
    bulk_due = True
    for _ in range(50):
        # the few others to a fixpoint, then the many (methods, sets) in one C-level pass;
        # again only while a pass claims something new
        claimed = list(itertools.compress(others, map(_stack_noise, others,
                                                      itertools.repeat(ids),
                                                      itertools.repeat(noise_types),
                                                      itertools.repeat(code_is_noise))))
        if claimed:
            bulk_due = True
        elif bulk_due:
            claimed = _bulk_claims(buckets, ids, noise_types)
            bulk_due = False
            if not claimed:
                break
        else:
            break
        n = len(w.out)
        w.walk(claimed)
        ids.update(map(id, w.out[n:]))
        del claimed
        others = list(itertools.compress(others, map(operator.not_, map(
            ids.__contains__, map(id, others)))))
    del others, buckets


def _bulk_claims(buckets, ids, noise_types):
    """The claims among the many bound methods, builtin methods and sets, in C-level loops (a
    method of a noise-class instance is claimed once the instance is: it is in `ids`)."""
    out = []
    in_ids = ids.__contains__
    for t in (_MethodType, _BuiltinType):
        xs = buckets[t]
        out.extend(itertools.compress(xs, map(in_ids, map(id, map(_get_self, xs)))))
        if t is _MethodType:
            out.extend(itertools.compress(xs, map(in_ids, map(id, map(_get_func, xs)))))
    sets = buckets[set]
    if sets:
        # an ABC cache made for the debugger's isinstance checks: only its weak references
        out.extend(itertools.compress(sets, map(operator.and_, map(bool, sets), map(
            ids.issuperset, map(map, itertools.repeat(id), sets)))))
    claimed = set(map(id, out))
    for t in (_MethodType, _BuiltinType, set):
        buckets[t] = list(itertools.compress(buckets[t], map(operator.not_, map(
            claimed.__contains__, map(id, buckets[t])))))
    return out


def _stack_noise(o, ids, noise_types, code_is_noise):
    """Whether `o`, held from outside the heap, is the debugger's (see _claim_stack_noise)."""
    t = type(o)
    try:
        if t in noise_types:
            return True
        if t is _GeneratorType:
            return code_is_noise(o.gi_code)
        if t is _CoroutineType:
            return code_is_noise(o.cr_code)
        if t is _AsyncGenType:
            return code_is_noise(o.ag_code)
        if t is tuple:
            # the argument tuple of a call in progress from compiled debugger code: it holds
            # a debugger object, or it is a trace callback's (frame, event, arg)
            if any(type(x) in noise_types for x in o):
                return True
            return _FrameType in set(map(type, o)) and any(
                type(x) is str and x in _TRACE_EVENTS for x in o)
        if t is _CellType or t in _ITERATOR_TYPES:
            refs = gc.get_referents(o)
            if len(refs) == 1 and type(refs[0]) in (tuple, list) and id(refs[0]) not in ids:
                # `for x in (a, b)`: the loop's own sequence, made for it, of noise items
                refs = refs[0]
            return bool(refs) and all(id(r) in ids for r in refs)
        if isinstance(o, _WeakrefType):
            cb = o.__callback__
            if cb is not None and id(cb) in ids:
                return True
            r = o()
            return r is not None and (id(r) in ids or type(r) in noise_types)
        # a contextlib context manager: the debugger's when it wraps a debugger generator
        for r in gc.get_referents(o):
            if type(r) is dict:
                for v in r.values():
                    if type(v) in _GEN_TYPES and id(v) in ids:
                        return True
            elif type(r) in _GEN_TYPES and id(r) in ids:
                return True
    except Exception:
        pass
    return False
