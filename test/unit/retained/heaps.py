"""Heaps with known dominator trees, the agent's heap graph of them, and retained sizes computed by
brute force: remove one object from a copy of the graph, count what no root reaches any more.

Usage: python heaps.py AGENT_SOURCE_PATH. Prints one JSON object: the agent's `heapGraph` reply,
and for each named object its address, the brute-force retained bytes and the address of its
expected immediate dominator. Also reports what the call changed (finalizers, weakref callbacks,
gc.garbage, user code run): all must be zero.
"""
import ctypes
import gc
import json
import sys
import weakref

gc.disable()
CALLS = {'del': 0, 'callback': 0, 'user_code': 0}


class Box(object):
    """A plain object; attributes make the edges."""


class Slotted(object):
    __slots__ = ('a', 'b')


class Finalized(object):
    def __del__(self):
        CALLS['del'] += 1


class SizeRaises(object):
    def __sizeof__(self):
        CALLS['user_code'] += 1
        raise RuntimeError('no size')


class SizeNegative(object):
    def __sizeof__(self):
        CALLS['user_code'] += 1
        return -5


class NoHashMeta(type):
    def __hash__(cls):
        CALLS['user_code'] += 1
        raise RuntimeError('hash')

    def __eq__(cls, other):
        CALLS['user_code'] += 1
        raise RuntimeError('eq')


class Odd(object, metaclass=NoHashMeta):
    pass


KINDS = {}


def box(kind, **attrs):
    """An instance of a class of its own per scenario: one class with many attribute names
    would stop sharing keys, and its instances would get a real __dict__ in between."""
    cls = KINDS.get(kind)
    if cls is None:
        cls = KINDS[kind] = type(kind, (Box,), {})
    b = cls()
    for k, v in attrs.items():
        setattr(b, k, v)
    return b


S = {}      # the scenarios, held by this module
NAMED = {}  # name -> (object id, expected idom: a name, '<root>' for the virtual root, or None)


def name(key, obj, idom=None):
    NAMED[key] = (id(obj), idom)
    return obj


def build():
    NAMED['S'] = (id(S), None)
    # chain: holder -> a -> b -> c
    c = name('chain.c', box('Chain', payload=[1000 + i for i in range(50)]), 'chain.b')
    b = name('chain.b', box('Chain', next=c), 'chain.a')
    a = name('chain.a', box('Chain', next=b), 'chain.holder')
    S['chain'] = name('chain.holder', box('Chain', first=a), 'S')
    # diamond: top -> left, right -> bottom (bottom is dominated by top)
    bottom = name('diamond.bottom', box('Diamond', data=bytearray(4096)), 'diamond.top')
    left = name('diamond.left', box('Diamond', to=bottom), 'diamond.top')
    right = name('diamond.right', box('Diamond', to=bottom), 'diamond.top')
    S['diamond'] = name('diamond.top', box('Diamond', l=left, r=right), 'S')
    # cycle: holder -> p <-> q
    p = name('cycle.p', box('Cycle'), 'cycle.holder')
    q = name('cycle.q', box('Cycle', p=p, blob=list(range(300, 700))), 'cycle.p')
    p.q = q
    S['cycle'] = name('cycle.holder', box('Cycle', p=p), 'S')
    # a string shared by two objects under one holder belongs to the holder
    shared = ''.join(['shared-'] * 500)
    one = name('shared.one', box('Shared', s=shared), 'shared.holder')
    two = name('shared.two', box('Shared', s=shared), 'shared.holder')
    S['shared'] = name('shared.holder', box('Shared', one=one, two=two), 'S')
    NAMED['shared.str'] = (id(shared), 'shared.holder')
    # untracked objects inside containers: a tuple of strings, ints, floats, bytes
    strings = tuple('item-%d-' % i * 20 for i in range(30))
    NAMED['untracked.tuple'] = (id(strings), 'untracked.list')
    S['untracked'] = name('untracked.list',
                          [strings, 10 ** 30, 2.5, b'x' * 3000, [7.25] * 3], 'S')
    # a weak reference does not retain: owner keeps target, watcher only watches it
    target = name('weak.target', box('Weak', blob=bytes(2048)), 'weak.owner')
    S['weak'] = name('weak.owner', box('Weak', t=target), 'S')
    S['watcher'] = name('weak.watcher', box('Weak', ref=weakref.ref(target, _callback)), 'S')
    # referenced only from C (a reference the collector cannot see): a root of its own
    c_only = box('COnly', blob=list(range(1000, 1100)))
    NAMED['c_only'] = (id(c_only), '<root>')
    NAMED['c_only.blob'] = (id(c_only.blob), 'c_only')
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(c_only))
    S['c_only_address'] = id(c_only)
    del c_only
    # slots and a materialised instance __dict__
    sl = name('slots', Slotted(), 'misc.holder')
    sl.a = name('slots.a', [1.5, 2.5], 'slots')
    sl.b = 'slot-string-' * 10
    d = box('Dict', x=1)
    d.__dict__['y'] = 'dict-string-' * 10  # the instance dict exists as an object now
    NAMED['dict_owner'] = (id(d), 'misc.holder')
    # hostile sizes and a metaclass whose hash and equality raise
    hostile = [SizeRaises(), SizeNegative(), Odd()]
    S['misc'] = name('misc.holder', box('Misc', slots=sl, d=d, hostile=hostile), 'S')
    NAMED['hostile.list'] = (id(hostile), 'misc.holder')
    # cyclic garbage with a finalizer: nothing reaches it, nothing may run its __del__
    g1, g2 = Finalized(), Finalized()
    g1.other, g2.other = g2, g1
    NAMED['garbage'] = (id(g1), None)


def _callback(ref):
    CALLS['callback'] += 1


def load_agent(path):
    with open(path, encoding='utf-8') as f:
        src = f.read()
    exec(compile(src, '<leak-hunter-agent>', 'exec'), {'__name__': 'leak_hunter_agent'})
    return sys.modules['leak_hunter_agent']


# ------------------------------------------------------------------ brute force

STATIC = [None, True, False, Ellipsis, NotImplemented, (), '', b''] + list(range(-5, 257))


def size_of(o):
    """The agent's documented rule: sys.getsizeof, except a __sizeof__ written in Python is never
    called (object.__sizeof__ plus the collector's header), and a failing one gives the basic size."""
    t = type(o)
    python_level = False
    for k in t.__mro__:
        if '__sizeof__' in k.__dict__:
            python_level = not type(k.__dict__['__sizeof__']).__name__.endswith('descriptor')
            break
    if python_level:
        header = sys.getsizeof([]) - [].__sizeof__()
        return object.__sizeof__(o) + (header if gc.is_tracked(o) else 0)
    try:
        n = sys.getsizeof(o)
    except Exception:
        n = -1
    return n if n >= 0 else t.__basicsize__


def brute_force(noise_ids, frame_ids):
    """{id: retained bytes} for the named objects, from a graph held as dicts of ids."""
    static_ids = set(map(id, STATIC))
    objs = [o for o in gc.get_objects() if id(o) not in noise_ids]
    seen = set(map(id, objs))
    seen.add(id(objs))
    objs = [o for o in objs if o is not objs]
    k = 0
    while k < len(objs):  # untracked objects the tracked ones refer to, transitively
        for r in gc.get_referents(objs[k]):
            if not gc.is_tracked(r) and id(r) not in seen and id(r) not in static_ids:
                seen.add(id(r))
                objs.append(r)
        k += 1
    succ = {}
    indegree = dict.fromkeys(map(id, objs), 0)
    for o in objs:
        out = [id(r) for r in gc.get_referents(o) if id(r) in indegree]
        succ[id(o)] = out
        for t in out:
            indegree[t] += 1
    roots = set()
    for o in objs:
        # held here by `objs` and the loop variable, plus getrefcount's argument
        if sys.getrefcount(o) - 3 > indegree[id(o)]:
            roots.add(id(o))
        if type(o) is type(sys) or id(o) in frame_ids:
            roots.add(id(o))
    sizes = dict((id(o), size_of(o)) for o in objs)
    o = None
    del objs

    def reachable(removed):
        out = set()
        stack = [r for r in roots if r != removed]
        while stack:
            v = stack.pop()
            if v in out:
                continue
            out.add(v)
            stack.extend(w for w in succ[v] if w != removed and w not in out)
        return out

    everything = reachable(None)
    result = {}
    for key, (oid, _) in NAMED.items():
        if oid not in everything:
            result[key] = sizes.get(oid, 0)  # unreachable: only itself
            continue
        gone = everything - reachable(oid)
        result[key] = sum(sizes[v] for v in gone)
    return result


def main():
    build()
    agent = load_agent(sys.argv[1])
    garbage_before = len(gc.garbage)
    enabled_before = gc.isenabled()
    request = json.dumps({'v': 1, 'method': 'heapGraph', 'params': {}})
    reply_text = agent.handle(request, reply_mode='return')
    changed = {'garbage': len(gc.garbage) - garbage_before,
               'gcEnabled': gc.isenabled() != enabled_before}
    changed.update(CALLS)
    noise, noise_ids = agent._find_noise()
    del noise
    noise_ids.add(id(noise_ids))
    frame_ids = set()
    for top in sys._current_frames().values():
        f = top
        while f is not None:
            frame_ids.add(id(f))
            f = f.f_back
    top = f = None
    retained = brute_force(noise_ids, frame_ids)
    named = {}
    for key, (oid, idom) in NAMED.items():
        expected = idom if idom in (None, '<root>') else NAMED[idom][0]
        named[key] = {'address': oid, 'retained': retained[key], 'idom': expected}
    reply = json.loads(reply_text)
    if not reply.get('ok'):
        raise SystemExit('heapGraph failed: %r' % (reply.get('error'),))
    sys.stdout.write(json.dumps({'graph': reply['result'], 'named': named,
                                 'changed': changed}))


if __name__ == '__main__':
    main()
