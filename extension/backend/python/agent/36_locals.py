"""Locals dicts made by looking: snapshots of a running function's locals."""

_CO_OPTIMIZED = 0x1  # a function's frame (not module level, class body or exec)


def _running_user_frames(noise_ids):
    """Frames of functions running now on any thread, not the debugger's nor the agent's."""
    out = []
    for f in sys._current_frames().values():
        while f is not None:
            if id(f) not in noise_ids and f.f_globals is not _G \
                    and f.f_code.co_flags & _CO_OPTIMIZED:
                out.append(f)
            f = f.f_back
    return out


def _locals_snapshot_ids(objs, noise_ids):
    """Ids of the dicts that exist only because something read a running function's locals.

    Up to 3.12, reading frame.f_locals leaves a snapshot dict on the frame until the function
    returns: the debugger's Variables view makes one for the frame it shows, and before 3.11
    every trace event made one for the traced frame. A program run without a debugger has none
    (3.13 reads locals through a proxy: nothing is left). They are found without reading
    f_locals (that would make one): before 3.11 the frame's referents list the snapshot right
    after f_globals, followed by the locals it copies; on 3.11 and 3.12 it is a dict nothing in
    the heap refers to whose keys are local names of a running function, argument names
    included.
    """
    if sys.version_info >= (3, 13):
        return set()
    frames = _running_user_frames(noise_ids)
    if not frames:
        return set()
    try:
        if sys.version_info < (3, 11):
            return set(filter(None, map(_old_frame_snapshot_id, frames))) - noise_ids
        return _unreferenced_locals_dicts(objs, noise_ids, frames)
    finally:
        del frames[:]


def _local_names(co):
    """The names of code object co's locals, cells and free variables."""
    return frozenset(co.co_varnames + co.co_cellvars + co.co_freevars)


def _old_frame_snapshot_id(f):
    """Before 3.11: the id of f's locals snapshot, or None (see _locals_snapshot_ids)."""
    refs = gc.get_referents(f)
    i = (1 if f.f_back is not None else 0) + 3  # f_back, f_code, f_builtins, f_globals
    if len(refs) <= i:
        return None
    d = refs[i]
    if type(d) is not dict or d is f.f_globals or not _is_tracked(d):
        return None
    co = f.f_code
    names = _local_names(co)
    cells = frozenset(co.co_cellvars + co.co_freevars)
    after = set(map(id, refs[i + 1:]))
    for k, v in d.items():
        if k not in names or (k not in cells and id(v) not in after):
            return None
    return id(d)


def _unreferenced_locals_dicts(objs, noise_ids, frames):
    """3.11 and 3.12: see _locals_snapshot_ids."""
    sigs = []
    for f in frames:
        co = f.f_code
        nargs = co.co_argcount + co.co_kwonlyargcount
        sigs.append((_local_names(co), frozenset(co.co_varnames[:nargs])))
    cands = []
    for d in itertools.compress(objs, map(operator.is_, map(type, objs), itertools.repeat(dict))):
        if id(d) in noise_ids or not d:
            continue
        keys = d.keys()
        for names, args in sigs:
            if keys <= names and args <= keys:
                cands.append(d)
                break
    d = keys = None
    if not cands:
        return set()
    cand_ids = set(map(id, cands))
    referenced = set()
    mine = (id(cands), id(objs))
    for r in gc.get_referrers(*cands):
        if id(r) in mine or id(r) in noise_ids:
            continue
        referenced.update(x for x in map(id, gc.get_referents(r)) if x in cand_ids)
    r = None
    del cands[:]
    return cand_ids - referenced
