"""Find Leaks: recording.

A Find Leaks recording: a baseline snapshot, then one snapshot per repetition of the suspect
action. Between snapshots the agent keeps identities only (ints in untracked dicts, arrays of
container lengths) and weak references (which never keep an object alive), never an object.

Identity of an object across snapshots: its address and its type, plus a weak reference where
the type allows one (instances of most classes, functions, bound methods, sets), plus for a
tuple the address of its first item. CPython reuses a freed address at once (pymalloc free
lists are LIFO), so in a program that frees and allocates the same shapes in a loop a new
object often lands where a freed one of the same type was: (address, type) alone would take it
for a survivor, or for a baseline object. The weak reference made when an object is first seen
tells them apart (dead, or pointing elsewhere: the object at that address is new); a tuple's
items never change, so its first item tells two tuples apart. Other types without weak
references (dict, list, deque, ...) fall back on (address, type): a group must also grow,
and its container keep growing (see _leak_is_growing), which a reused address does not fake.
Weak references never keep an object alive; a user's own callback-less `weakref.ref(obj)` may
be handed the agent's (CPython shares them): harmless.
"""

from array import array as _array  # as 65_retained.py imports it (one namespace)
from collections import OrderedDict as _OrderedDict, defaultdict as _defaultdict

# Exact container types whose length is recorded at every snapshot (read in C, no user code).
_LEN_TYPES = frozenset((dict, list, set, deque, _OrderedDict, _defaultdict))
_WEAKREF_CAP = 200000        # weak references per recording at most; beyond, (address, type) only


class _LeakRecording(object):
    """The state of one Find Leaks recording (one per agent). Holds no user object."""

    def __init__(self):
        """An empty recording: no snapshot yet."""
        self.baseline = {}       # key -> None: identities at the baseline (untracked dict)
        self.first_seen = {}     # key -> snapshot index: new objects alive since then
        self.refs = {}           # key -> weakref: identity check where the type allows one
        self.container_ids = []  # per snapshot: array of container addresses
        self.container_lens = []  # per snapshot: array of their lengths, same order
        self.totals = []         # per snapshot: objects counted (noise excluded)
        self.type_counts = []    # per snapshot: {type key: count}
        self.times = []          # per snapshot: time.time()
        self.weakref_capped = False

    @property
    def repetitions(self):
        """Snapshots taken after the baseline."""
        return max(len(self.totals) - 1, 0)


def _leak_recording():
    """The running recording; no_recording when there is none."""
    rec = _G.get('_leak_rec')
    if rec is None:
        raise _AgentError('no_recording', 'no Find Leaks recording is running')
    return rec


def _weakrefable(t):
    """True if instances of type t take weak references."""
    try:
        return t.__weakrefoffset__ != 0
    except Exception:
        return False


# Builtin containers the debugger may share with the user's code: a user's bound method or
# tuple that pydevd holds for a moment (the locals of a frame it looked at) is the user's too.
_SHAREABLE_TYPES = frozenset((dict, list, tuple, set, frozenset, deque, _MethodType, _CellType))


def _live_objects():
    """(objects, counted): the gc-tracked objects minus the agent's and the debugger's own, and
    a mask of those counted in totals (also minus the builtin containers the debugger holds),
    taken the way `snapshot` takes them (other threads held off meanwhile)."""
    _settle()
    interval = sys.getswitchinterval()
    sys.setswitchinterval(max(interval, 5.0))
    try:
        noise, noise_ids = _find_noise()
        objs = gc.get_objects()
    finally:
        sys.setswitchinterval(interval)
    own = _debugger_own_ids(noise)
    own.add(id(noise))
    own.add(id(noise_ids))
    noise_ids.add(id(noise))
    noise_ids.add(id(noise_ids))
    del noise
    keep = list(itertools.compress(objs, map(operator.not_, map(own.__contains__,
                                                                 map(id, objs)))))
    del objs
    counted = list(map(operator.not_, map(noise_ids.__contains__, map(id, keep))))
    return keep, counted


def _debugger_own_ids(noise):
    """Ids of the noise objects no user code can hold: all but the shareable builtin containers,
    plus the globals of the agent's and the debugger's modules."""
    own = set(id(o) for o in noise if type(o) not in _SHAREABLE_TYPES)
    for o in noise:
        if type(o) is _ModuleType:
            own.add(id(_module_dict(o)))
    own.add(id(_G))
    return own


def _keys_of(objs):
    """Identities: address ^ type << 64, and for a tuple (which cannot be weakly referenced)
    also its first item's address << 128: a tuple never changes its items, so a new tuple at a
    freed one's address is told apart unless it also starts with the same object."""
    keys = list(map(operator.xor, map(id, objs),
                    map(operator.lshift, map(id, map(type, objs)), itertools.repeat(64))))
    is_tuple = map(operator.is_, map(type, objs), itertools.repeat(tuple))
    for i in itertools.compress(range(len(objs)), is_tuple):
        keys[i] ^= id(tuple.__getitem__(objs[i], 0)) << 128  # tracked tuples are never empty
    return keys


def _leak_key(o):
    """The identity of one object, as _keys_of makes it."""
    return _keys_of((o,))[0]


def _leak_observe(rec, objs, keys, counted):
    """Record one snapshot of `objs` (keys: their identities; counted: the mask of those
    counted in totals) into `rec`."""
    index = len(rec.totals)
    counts = _count(map(type, itertools.compress(objs, counted)))
    tc = {}
    for t, c in counts.items():
        k = _type_key(t)
        tc[k] = tc.get(k, 0) + c
    conts = list(itertools.compress(objs, map(_LEN_TYPES.__contains__, map(type, objs))))
    rec.container_ids.append(_array('q', map(id, conts)))
    rec.container_lens.append(_array('q', map(len, conts)))
    del conts
    rec.totals.append(sum(counted))
    rec.type_counts.append(tc)
    rec.times.append(time.time())
    refs = rec.refs
    if index == 0:
        # the baseline leaves out every object the debugger holds: its short-lived tuples and
        # dicts come and go, and a user object that lands on one's address later would pass
        # for a baseline object
        rec.baseline = dict.fromkeys(itertools.compress(keys, counted))
        # weak references to the baseline's young objects where the type allows (instances of
        # most classes, functions, bound methods, sets): a new object at the address of a
        # freed one is then not taken for a baseline object. The young generations hold the
        # short-lived objects, those likely to be freed while recording; an old object freed
        # and replaced at its address by one of the same type is not told apart.
        able = frozenset(t for t in counts if _weakrefable(t) and not issubclass(t, type))
        young = set()
        for generation in (0, 1):
            try:
                young.update(map(id, gc.get_objects(generation)))
            except Exception:  # an interpreter without generations: no young objects
                pass
        mask = list(map(operator.and_, map(operator.and_, counted,
                                           map(able.__contains__, map(type, objs))),
                        map(young.__contains__, map(id, objs))))
        del young
        for o, k in zip(itertools.compress(objs, mask), itertools.compress(keys, mask)):
            if len(refs) >= _WEAKREF_CAP:
                rec.weakref_capped = True
                break
            try:
                refs[k] = _weakref.ref(o)
            except Exception:
                pass
        o = None
        del mask
        return
    baseline = rec.baseline
    old = rec.first_seen
    now = {}
    # only objects not in the baseline, or with a weak reference to check, are looked at
    look = list(map(operator.or_, map(operator.not_, map(baseline.__contains__, keys)),
                    map(refs.__contains__, keys)))
    for o, k in zip(itertools.compress(objs, look), itertools.compress(keys, look)):
        w = refs.get(k)
        if w is not None and w() is not o:
            # an address reused by a new object of the same type
            del refs[k]
            w = None
            fs = None
            baseline.pop(k, None)
        elif k in baseline:
            continue
        else:
            fs = old.get(k)
        if fs is None:
            fs = index
            t = type(o)
            if w is None and _weakrefable(t) and not issubclass(t, type):
                if len(refs) < _WEAKREF_CAP:
                    try:
                        refs[k] = _weakref.ref(o)
                    except Exception:
                        pass
                else:
                    rec.weakref_capped = True
        now[k] = fs
    o = w = None
    del look
    # weak references of objects gone since: dropped (bounded memory)
    for k in [k for k in refs if k not in now and k not in baseline]:
        del refs[k]
    rec.first_seen = now


def _leak_snapshot_reply(rec, t0):
    """What the host shows after each snapshot: totals and the top growing types."""
    i = len(rec.totals) - 1
    cur = rec.type_counts[i]
    base = rec.type_counts[0]
    growing = []
    for k, c in cur.items():
        d = c - base.get(k, 0)
        if d > 0:
            growing.append((d, k, c))
    growing.sort(key=lambda x: (-x[0], x[1]))
    return {
        'repetition': i,
        'totalObjects': rec.totals[i],
        'takenAt': rec.times[i],
        'newSinceBaseline': len(rec.first_seen),
        'topGrowing': [{'key': k, 'name': k.rsplit('.', 1)[-1], 'count': c, 'delta': d}
                       for d, k, c in growing[:10]],
        'agentMillis': round((_perf() - t0) * 1000.0, 3),
    }


def _leak_start():
    """Start a recording: this snapshot is the baseline (a running recording is dropped)."""
    t0 = _perf()
    _G['_leak_rec'] = None
    rec = _LeakRecording()
    objs, counted = _live_objects()
    keys = _keys_of(objs)
    _leak_observe(rec, objs, keys, counted)
    del objs, keys, counted
    _G['_leak_rec'] = rec
    return _leak_snapshot_reply(rec, t0)


def _leak_sample():
    """One repetition: a snapshot compared with the baseline and the snapshots before."""
    t0 = _perf()
    rec = _leak_recording()
    objs, counted = _live_objects()
    keys = _keys_of(objs)
    _leak_observe(rec, objs, keys, counted)
    del objs, keys, counted
    return _leak_snapshot_reply(rec, t0)


def _leak_stop():
    """End the recording and release everything it kept (weak references included)."""
    rec = _G.get('_leak_rec')
    _G['_leak_rec'] = None
    n = rec.repetitions if rec is not None else 0
    if rec is not None:
        rec.refs.clear()
        rec.baseline.clear()
        rec.first_seen.clear()
    return {'stopped': rec is not None, 'repetitions': n}


def _container_len_series(rec, container):
    """Length of `container` at each snapshot (None where it did not exist or is not a
    recorded container type)."""
    out = []
    if type(container) not in _LEN_TYPES:
        return None
    a = id(container)
    for ids, lens in zip(rec.container_ids, rec.container_lens):
        try:
            out.append(lens[ids.index(a)])
        except ValueError:
            out.append(None)
    return out
