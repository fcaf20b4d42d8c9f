"""chain: the bidirectional search returns exactly objgraph's chain (the same objects).

objgraph.find_backref_chain(obj, objgraph.is_proper_module) is the reference. Each shape is
checked in three modes: the default search, a forward side capped after a few objects (it
stops early and the backward side finishes), and the plain backward BFS alone.
"""
import gc
import random
import sys
import types
import unittest
import weakref

from agent_tests.helpers import AgentTestCase, SAFE, agent, ref, result
from agent_tests.programs import cache_leak
from agent_tests.reference import NO_OBJGRAPH, objgraph


class Pair(object):
    __slots__ = ('a', 'b')


class Box(object):
    def __init__(self, n):
        self.n = n


def agent_globals():
    """The namespace the agent's functions run in (the module object holds a copy)."""
    return agent()._chain.__globals__


def chain_ids(obj, max_depth=20):
    r = result('chain', {'target': ref(obj), 'root': {'kind': 'module'}, 'maxDepth': max_depth,
                         'labels': SAFE})
    return r['found'], [n['id'] for n in r['graph']['nodes']]


def objgraph_ids(obj, max_depth=20):
    ch = objgraph.find_backref_chain(obj, objgraph.is_proper_module, max_depth=max_depth)
    ids = [str(id(x)) for x in ch]
    found = objgraph.is_proper_module(ch[0])
    del ch
    return found, ids


@unittest.skipIf(objgraph is None, NO_OBJGRAPH)
class ChainSearchTest(AgentTestCase):
    MODES = ('default', 'capped', 'backward')

    def setUp(self):
        AgentTestCase.setUp(self)
        self.modules = []
        self.calls = []
        a = agent_globals()
        self._saved = (a['_shortest_chain'], a['_FWD_LEVEL_CAP'])
        self.set_mode('default')
        del cache_leak._cache[:]

    def tearDown(self):
        a = agent_globals()
        a['_shortest_chain'], a['_FWD_LEVEL_CAP'] = self._saved
        for name in self.modules:
            sys.modules.pop(name, None)
        del self.modules[:]
        del cache_leak._cache[:]
        AgentTestCase.tearDown(self)

    def module(self, name):
        m = types.ModuleType(name)
        sys.modules[name] = m
        self.modules.append(name)
        return m

    def set_mode(self, mode):
        a = agent_globals()
        a['_FWD_LEVEL_CAP'] = 3 if mode == 'capped' else self._saved[1]
        if mode == 'backward':
            a['_shortest_chain'] = lambda *args: None
        else:
            real = self._saved[0]

            def spy(*args):
                self.calls.append(1)
                return real(*args)
            a['_shortest_chain'] = spy

    def check(self, obj, max_depth=20, found=True):
        # objgraph again before each mode: labelling a chain may materialize the instance
        # __dict__ of its objects (3.11+), which lengthens later chains
        for mode in self.MODES:
            expected = objgraph_ids(obj, max_depth)
            if found is not None:
                self.assertEqual(expected[0], found)
            self.set_mode(mode)
            del self.calls[:]
            got = chain_ids(obj, max_depth)
            if expected[0]:
                self.assertEqual(got, expected, mode)
            else:
                self.assertEqual(got, (False, [str(id(obj))]), mode)
            if mode != 'backward':
                self.assertEqual(self.calls, [1], mode)
        return expected[1]

    def test_seed_cache_leak(self):
        cache_leak.main(20)
        ids = self.check(cache_leak._cache[17])
        self.assertEqual(len(ids), 4)

    def test_class_attribute_holders(self):
        m = self.module('lh_shape_classes')
        target = Box(0)
        shared = [target]
        exec('class A(object):\n    items = None\nclass B(object):\n    items = None\n',
             m.__dict__)
        m.A.items = shared
        m.B.items = shared
        m.C = type('C', (m.A,), {'more': {'k': shared}})
        self.check(target)
        del shared, target

    def test_target_with_many_referrers(self):
        m = self.module('lh_shape_many')
        target = Box(-1)
        m.heap = dict(('l%d' % k, [Box(i) for i in range(30)]) for k in range(300))
        rnd = random.Random(5)
        for k in rnd.sample(range(300), 120):
            m.heap['l%d' % k][rnd.randrange(30)].peer = target
        ids = self.check(target)
        self.assertIn(str(id(m.heap)), ids)
        del target

    def test_tie_between_two_module_dicts(self):
        # the same holder in the globals of two modules: the forward part has a tie, resolved
        # by gc order like objgraph's BFS
        target = Box(0)
        holder = [Box(1), target]
        for name in ('lh_shape_tie_b', 'lh_shape_tie_a'):
            self.module(name).holder = holder
        self.check(target)
        holder2 = [target]
        self.module('lh_shape_tie_c').h = {'x': holder2}
        self.check(target)
        del holder, holder2, target

    def test_reachable_only_through_a_frame(self):
        m = self.module('lh_shape_frame')

        def fail():
            kept = Box(7)
            m.addr = id(kept)
            raise ValueError('x')
        try:
            fail()
        except ValueError:
            m.tb = sys.exc_info()[2]
        target = m.tb.tb_next.tb_frame.f_locals['kept']
        ids = self.check(target)
        self.assertIn(str(id(m.tb.tb_next.tb_frame)), ids)
        del target

    def test_not_found(self):
        lonely = Box(3)  # held by this running frame only: invisible to gc.get_referrers
        self.check(lonely, found=False)
        in_list = [Box(4)]
        self.check(in_list[0], found=False)
        del lonely, in_list

    def test_max_depth(self):
        cache_leak.main(3)
        obj = cache_leak._cache[1]
        self.check(obj, max_depth=3)
        self.check(obj, max_depth=2, found=False)
        del obj

    def test_weak_references_are_not_edges(self):
        m = self.module('lh_shape_weak')
        target = Box(9)
        m.w = weakref.ref(target)
        m.proxy_holder = [weakref.proxy(target)]
        m.strong = {'a': {'b': [target]}}
        ids = self.check(target)
        self.assertEqual(ids[:3], [str(id(m)), str(id(m.__dict__)), str(id(m.strong))])
        del target

    def test_random_graphs(self):
        # lists, dicts and slotted objects (labels never change their referents), many ties
        for seed in range(8):
            rnd = random.Random(seed)
            m = self.module('lh_shape_random_%d' % seed)
            nodes = [[] for _ in range(150)] + [Pair() for _ in range(150)] + \
                [{} for _ in range(100)]
            for n in nodes:
                out = [rnd.choice(nodes) for _ in range(rnd.randrange(4))]
                if type(n) is list:
                    n.extend(out)
                elif type(n) is dict:
                    n.update(('k%d' % i, o) for i, o in enumerate(out))
                else:
                    n.a = out[0] if out else None
                    n.b = tuple(out[1:]) if len(out) > 1 else None
            m.top = [rnd.choice(nodes) for _ in range(4)]
            m.d = {'x': rnd.choice(nodes), 'y': (rnd.choice(nodes), rnd.choice(nodes))}
            tracked = [o for o in nodes if gc.is_tracked(o)]  # the agent resolves these
            for k in range(6):
                self.check(rnd.choice(tracked), found=None)
            del tracked[:]
            del nodes[:]
            n = out = None

    def test_frozen_objects_fall_back(self):
        if not hasattr(gc, 'freeze'):
            self.skipTest('no gc.freeze')
        gc.collect()
        gc.freeze()
        try:
            m = self.module('lh_shape_frozen')
            target = Box(1)
            m.items = [[target]]
            expected = objgraph_ids(target)
            self.assertTrue(expected[0])
            del self.calls[:]
            self.assertEqual(chain_ids(target), expected)
            self.assertEqual(self.calls, [])
            del target
        finally:
            gc.unfreeze()

    def test_no_reference_kept(self):
        cache_leak.main(5)
        obj = cache_leak._cache[2]
        before = sys.getrefcount(obj)
        for mode in self.MODES:
            self.set_mode(mode)
            chain_ids(obj)
            self.assertEqual(sys.getrefcount(obj), before, mode)
        del obj


if __name__ == '__main__':
    unittest.main()
