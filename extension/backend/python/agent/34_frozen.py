"""gc.freeze() accounting: the freeze count split into what the program froze and what the
interpreter froze itself (see _frozen_counts)."""

_TPFLAGS_HEAPTYPE = 1 << 9
_type_flags = type.__dict__['__flags__'].__get__
_type_bases = type.__dict__['__bases__'].__get__
_frozen_cache = [None]  # (gc.get_freeze_count(), by the program, by the interpreter)


def _frozen_counts():
    """(frozen by the program, frozen by the interpreter): gc.get_freeze_count() split in two.

    CPython 3.12 puts the __mro__ and __bases__ tuples of its built-in (static) types into the
    permanent generation at start-up, before any program code runs (375 objects on 3.12.1), and
    again on any collection after a gc.unfreeze(): they are immortal. They
    belong to the interpreter, hold nothing but built-in types (never on a path to a program's
    object), and no program froze them: a frozen tracked tuple of a static type that
    gc.get_objects() does not list is counted as the interpreter's. The rest of the freeze
    count is what the program's gc.freeze() hides from snapshots and get_referrers.

    The split is cached per freeze count: gc.freeze() and gc.unfreeze() change the count, and
    so does a frozen object that dies.
    """
    total = _freeze_count()
    if total <= 0:
        return 0, 0
    cached = _frozen_cache[0]
    if cached is not None and cached[0] == total:
        return cached[1], cached[2]
    static_tuples = {}  # id -> None: a dict of ints only, untracked
    for c in _all_classes():
        try:
            if _type_flags(c) & _TPFLAGS_HEAPTYPE:
                continue
            for tup in (_type_mro(c), _type_bases(c)):
                if _is_tracked(tup):
                    static_tuples[id(tup)] = None
        except Exception:
            pass
    c = tup = None
    by_interpreter = 0
    if static_tuples:
        objs = gc.get_objects()
        try:
            live = sum(map(static_tuples.__contains__, map(id, objs)))
        finally:
            del objs
        by_interpreter = min(total, len(static_tuples) - live)
    _frozen_cache[0] = (total, total - by_interpreter, by_interpreter)
    return total - by_interpreter, by_interpreter
