"""heapGraph (retained sizes): the whole heap as a compact graph for the host, which computes the
dominator tree and retained sizes (extension/core/retained/). Measured against computing them
here, in Python: the graph compresses ~10x (objects are allocated in address order), and the
dominator computation on typed arrays takes a fraction of what it takes in Python
(docs/benchmarks.md, "Retained sizes").

Read-only: no collection, no user code (no user __sizeof__, __hash__ or __eq__ is called),
nothing created here outlives the call. Every reference this function holds to a user object is
accounted for (the refcount bias sent with the graph), so the host can tell references the
collector sees from references held from outside the gc-visible graph.
"""

import zlib as _zlib
from array import array as _array
from base64 import b64encode as _b64encode
from itertools import chain as _ichain, compress as _icompress, filterfalse as _ifilterfalse
from itertools import repeat as _irepeat

_getrefcount = sys.getrefcount
_get_referents = gc.get_referents
_GRAPH_FORMAT = 1
_GRAPH_MAX_OBJECTS = 5000000  # above this, heapGraph says so instead of reading the heap


def _static_object_ids():
    """Ids of objects CPython never frees (singletons, cached small ints, empty constants): they
    retain nothing and nothing retains them, so they are left out of the graph."""
    ids = set(map(id, (None, True, False, Ellipsis, NotImplemented, (), '', b'')))
    ids.update(map(id, range(-5, 257)))
    return ids


class _Packer(object):
    """Arrays appended chunk by chunk, kept only zlib-compressed (the raw arrays of a 1M-object
    heap would take ~60 MB in the debuggee; compressed they take ~5 MB)."""

    def __init__(self):
        """An empty stream at the fastest compression level."""
        self.z = _zlib.compressobj(1)
        self.parts = []
        self.count = 0

    def add(self, arr):
        """Compress array `arr` into the stream."""
        self.count += len(arr)
        self.parts.append(self.z.compress(arr.tobytes()))

    def text(self):
        """base64 of the whole compressed stream."""
        self.parts.append(self.z.flush())
        data = b''.join(self.parts)
        self.parts = None
        return _b64encode(data).decode('ascii')


_CHUNK = 65536


def _chunks(seq):
    """Iterators over consecutive slices of `seq` (no copy: islice holds no extra references)."""
    for i in range(0, len(seq), _CHUNK):
        yield i, itertools.islice(seq, i, i + _CHUNK)


def _edges_and_untracked(nodes, separator, statics, found, edges):
    """Append each node's referents' addresses then the separator's to `edges`; return the
    untracked referents not yet in `found` (by id), static objects left out."""
    new = {}
    for _, part in _chunks(nodes):
        refs = list(_ichain.from_iterable(_ichain.from_iterable(
            zip(map(_get_referents, part), _irepeat((separator,))))))
        edges.add(_array('q', map(id, refs)))
        a, b = itertools.tee(_ifilterfalse(_is_tracked, refs))
        new.update(zip(map(id, a), b))
        a = b = refs = None
    for k in statics.intersection(new):
        del new[k]
    for k in found.keys() & new.keys():
        del new[k]
    found.update(new)
    return list(new.values())


def _type_codes(nodes):
    """(list of the distinct types, Packer of each node's index into it). Types are told apart by
    identity: a metaclass's __hash__ or __eq__ is never called."""
    by_id = {}
    for _, part in _chunks(nodes):
        ts = list(map(type, part))
        by_id.update(zip(map(id, ts), ts))
    types = list(by_id.values())
    index = dict(zip(by_id, range(len(types))))
    del by_id
    codes = _Packer()
    for _, part in _chunks(nodes):
        codes.add(_array('i', map(index.__getitem__, map(id, map(type, part)))))
    return types, codes


class _IdentityCache(object):
    """A dict-like cache keyed by identity (what _python_sizeof expects, without hashing)."""

    def __init__(self):
        """An empty cache."""
        self.d = {}

    def get(self, t):
        """The value for type t, or None."""
        return self.d.get(id(t))

    def __setitem__(self, t, value):
        """Set the value for type t."""
        self.d[id(t)] = value


def _graph_sizes(nodes, types, size_cache):
    """Packer of every node's shallow bytes, and the indices of those that are estimates: a
    __sizeof__ written in Python (never called: the size CPython's own object.__sizeof__ gives),
    one that raises or returns a negative number (the type's basic size)."""
    python_sizeof = set()
    for t in types:
        # keyed by id: a metaclass's __hash__ is user code
        if _python_sizeof(t, size_cache):
            python_sizeof.add(id(t))
    sizes = _Packer()
    estimated = []
    for start, part in _chunks(nodes):
        arr = None
        if not python_sizeof:
            try:
                arr = _array('q', map(_getsizeof, part))
            except Exception:
                part = itertools.islice(nodes, start, start + _CHUNK)
        if arr is None:
            arr = _array('q')
            for i, o in enumerate(part, start):
                t = type(o)
                try:
                    if id(t) in python_sizeof:
                        n = _object_sizeof(o) + (_GC_HEADER if _is_tracked(o) else 0)
                        estimated.append(i)
                    else:
                        n = _getsizeof(o)
                except Exception:
                    n = -1
                if n < 0:
                    try:
                        n = type.__dict__['__basicsize__'].__get__(t)
                    except Exception:
                        n = 0
                    estimated.append(i)
                arr.append(n)
            o = t = None
        sizes.add(arr)
    return sizes, estimated


def _root_frame_ids(noise_ids):
    """Ids of the frames of every thread that are not the debugger's or the agent's."""
    out = []
    try:
        frames = sys._current_frames()
    except Exception:
        return out
    for top in frames.values():
        f = top
        while f is not None:
            if id(f) not in noise_ids:
                out.append(id(f))
            f = f.f_back
    f = top = frames = None
    return out


def _heap_graph(max_objects):
    """The heap as a graph: every gc-tracked object that is not the debugger's or the agent's,
    plus the untracked objects they refer to (transitively); each node's address, type, shallow
    bytes and reference count; every edge the collector sees (gc.get_referents); the roots
    (modules, thread frames). Arrays are native-endian, zlib-compressed, base64-encoded."""
    t_start = _perf()
    limit = max_objects
    everything = gc.get_objects()
    if len(everything) > limit:
        # Said plainly rather than tried: the time and the memory the program would need grow
        # with the heap (~3 s and ~45 MB per million objects here).
        return {'format': _GRAPH_FORMAT, 'refused': {'objects': len(everything), 'limit': limit}}
    size_cache = _IdentityCache()
    noise, noise_ids = _find_noise()
    del noise
    statics = _static_object_ids()
    root_ids = [id(m) for m in list(sys.modules.values())
                if type(m) is _ModuleType and id(m) not in noise_ids]
    root_ids.extend(_root_frame_ids(noise_ids))
    skip = noise_ids
    # (the request's params and arguments are in _state.current: noise already)
    skip.update((id(everything), id(skip), id(root_ids), id(statics), id(size_cache),
                 id(size_cache.d)))
    nodes = list(_icompress(everything, map(operator.not_, map(skip.__contains__,
                                                                map(id, everything)))))
    del everything
    skip = noise_ids = None
    tracked = len(nodes)
    t_objects = _perf()
    # Edges: each node's referents, then the separator's address (keeps every node's edges
    # aligned with it even if another thread changes the heap meanwhile).
    separator = []
    edges = _Packer()
    found = {}
    level = _edges_and_untracked(nodes, separator, statics, found, edges)
    while level:
        nodes.extend(level)
        level = _edges_and_untracked(level, separator, statics, found, edges)
    found = level = None
    t_edges = _perf()
    # Reference counts while `nodes` is the only holder this call adds: the bias is what a
    # node's count shows beyond its own references (getrefcount's argument, `nodes`).
    probe_holder = [separator]
    bias = _array('q', map(_getrefcount, itertools.islice(probe_holder, 0, 1)))[0] - 2 + 1
    del probe_holder
    refcounts = _Packer()
    addresses = _Packer()
    for _, part in _chunks(nodes):
        refcounts.add(_array('q', map(_getrefcount, part)))
    for _, part in _chunks(nodes):
        addresses.add(_array('q', map(id, part)))
    t_refcounts = _perf()
    types, tcodes = _type_codes(nodes)
    sizes, estimated = _graph_sizes(nodes, types, size_cache)
    t_sizes = _perf()
    node_count = len(nodes)
    del nodes
    type_keys = []
    for t in types:
        try:
            type_keys.append(_type_key(t))
        except Exception:
            type_keys.append('?')
    t = None
    del types
    result = {
        'format': _GRAPH_FORMAT,
        'byteOrder': sys.byteorder,
        'nodeCount': node_count,
        'trackedCount': tracked,
        'edgeCount': edges.count - node_count,
        'refcountBias': bias,
        'separator': id(separator),
        'roots': root_ids,
        'typeKeys': type_keys,
        'estimated': estimated,
        'addresses': addresses.text(),
        'types': tcodes.text(),
        'sizes': sizes.text(),
        'refcounts': refcounts.text(),
        'edges': edges.text(),
    }
    t_end = _perf()
    result['millis'] = {
        'objects': (t_objects - t_start) * 1000.0, 'edges': (t_edges - t_objects) * 1000.0,
        'refcounts': (t_refcounts - t_edges) * 1000.0, 'sizes': (t_sizes - t_refcounts) * 1000.0,
        'encode': (t_end - t_sizes) * 1000.0, 'total': (t_end - t_start) * 1000.0,
    }
    return result
