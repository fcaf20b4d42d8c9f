"""retainers / references / expand / chain / find / objectSource, checked against objgraph."""
import gc
import weakref
import unittest

from agent_tests.helpers import AgentTestCase, SAFE, call, limits, ref, result
from agent_tests.programs import cache_leak, connections, cycles
from agent_tests.reference import NO_OBJGRAPH, objgraph

HOLD = []  # module-level holders used by some tests


def chain(obj, root=None, **kw):
    p = {'target': ref(obj), 'root': root or {'kind': 'module'}, 'maxDepth': 20, 'labels': SAFE}
    p.update(kw)
    return result('chain', p)


def types_of(graph):
    return [n['typeName'] for n in graph['nodes']]


def edges_of(graph):
    return [(e['label'], e['kind']) for e in graph['edges']]


def edge_index(graph):
    nodes = dict((n['id'], n) for n in graph['nodes'])
    return [(nodes[e['from']], e, nodes[e['to']]) for e in graph['edges']]


def without_own_dicts(objs):
    """Type names of a chain of objects without the namespace dict that follows its owner (a
    module's, a class's or an instance's own __dict__), as mergeInstanceDicts shows them."""
    out = []
    prev = None
    for x in objs:
        # a class refers to one dict, its namespace; the others' __dict__ exists already (it
        # is among the referents): reading it creates nothing
        own = type(x) is dict and prev is not None \
            and any(r is x for r in gc.get_referents(prev)) \
            and (isinstance(prev, type) or getattr(prev, '__dict__', None) is x)
        if not own:
            out.append(type(x).__name__)
        prev = x
    return out


class Slotted(object):
    __slots__ = ('a',)


class GraphTestCase(AgentTestCase):
    def tearDown(self):
        del HOLD[:]
        AgentTestCase.tearDown(self)


class ChainTest(GraphTestCase):
    def setUp(self):
        AgentTestCase.setUp(self)
        del cache_leak._cache[:]
        del connections.ConnectionManager.instance().connections[:]
        del HOLD[:]

    @unittest.skipIf(objgraph is None, NO_OBJGRAPH)
    def test_cache_leak_chain_equals_objgraph(self):
        cache_leak.main(20)
        obj = cache_leak._cache[17]
        expected = [type(x).__name__ for x in
                    objgraph.find_backref_chain(obj, objgraph.is_proper_module)]
        r = chain(obj)
        self.assertTrue(r['found'])
        g = r['graph']
        self.assertEqual(types_of(g), expected)
        self.assertEqual(types_of(g), ['module', 'dict', 'list', 'OBJ'])
        self.assertEqual(edges_of(g), [('__dict__', 'other'), ('_cache', 'global'),
                                       ('[17]', 'index')])
        self.assertEqual(g['nodes'][0]['label'], 'module agent_tests.programs.cache_leak')
        self.assertTrue(g['nodes'][0]['isRoot'])
        self.assertEqual(g['nodes'][0]['kind'], 'module')
        self.assertTrue(g['nodes'][-1]['isTarget'])
        self.assertEqual(g['targetId'], str(id(obj)))
        src = g['nodes'][-1]['source']
        self.assertTrue(src['path'].endswith('cache_leak.py'))
        self.assertEqual(src['line'], 5)  # class OBJ

    def test_merged_chain(self):
        cache_leak.main(3)
        g = chain(cache_leak._cache[1], mergeInstanceDicts=True)['graph']
        self.assertEqual(types_of(g), ['module', 'list', 'OBJ'])
        self.assertEqual(edges_of(g), [('_cache', 'global'), ('[1]', 'index')])

    @unittest.skipIf(objgraph is None, NO_OBJGRAPH)
    def test_connection_chain_equals_objgraph(self):
        connections.serve(3)
        conn = connections.ConnectionManager.instance().connections[1]
        method = conn.msg_handlers['on_chat']
        expected = [type(x).__name__ for x in
                    objgraph.find_backref_chain(method, objgraph.is_proper_module)]
        g = chain(method)['graph']
        self.assertEqual(types_of(g), expected)
        # merged (the setting's default), the instance and its __dict__ are one node and the
        # chain reads the same on every Python: objgraph's chain without the module's and the
        # instances' own __dict__s (before 3.11 each instance's __dict__ is an object of its own)
        g = chain(method, mergeInstanceDicts=True)['graph']
        self.assertEqual(types_of(g), without_own_dicts(
            objgraph.find_backref_chain(method, objgraph.is_proper_module)))
        labels = [l for l, k in edges_of(g)]
        self.assertEqual(labels[-4:], ['.connections', '[1]', '.msg_handlers', "['on_chat']"])
        self.assertEqual(edges_of(g)[-1], ("['on_chat']", 'key'))
        del method, conn

    def test_chain_to_type_root_and_not_found(self):
        connections.serve(2)
        conn = connections.ConnectionManager.instance().connections[0]
        root = {'kind': 'type', 'typeName': 'ConnectionManager'}
        if objgraph is not None:
            # unmerged: the objects themselves, as objgraph finds them (a __dict__ between
            # the manager and its list before 3.11)
            expected = [type(x).__name__ for x in objgraph.find_backref_chain(
                conn, lambda x: type(x) is connections.ConnectionManager)]
            self.assertEqual(types_of(chain(conn, root=root)['graph']), expected)
        # merged: the same chain on every Python
        g = chain(conn, root=root, mergeInstanceDicts=True)['graph']
        self.assertEqual(types_of(g), ['ConnectionManager', 'list', 'Connection'])
        self.assertEqual(edges_of(g), [('.connections', 'attribute'), ('[0]', 'index')])
        self.assertTrue(g['nodes'][0]['isRoot'])
        lonely = cycles.OBJ()
        r = chain(lonely)
        self.assertFalse(r['found'])
        self.assertEqual(types_of(r['graph']), ['OBJ'])
        self.assertEqual(r['graph']['edges'], [])
        del conn, lonely


class RetainersTest(GraphTestCase):
    def setUp(self):
        AgentTestCase.setUp(self)
        del connections.ConnectionManager.instance().connections[:]
        del HOLD[:]

    def test_connection_retainers(self):
        connections.serve(2)
        conn = connections.ConnectionManager.instance().connections[1]
        g = result('retainers', {'target': ref(conn), 'limits': limits(maxDepth=3),
                                 'labels': SAFE})
        seen = set((f['typeName'], e['label'], e['kind'], t['typeName'])
                   for f, e, t in edge_index(g))
        self.assertIn(('method', '__self__', 'bound', 'Connection'), seen)
        self.assertIn(('list', '[1]', 'index', 'Connection'), seen)
        self.assertIn(('ConnectionManager', '.connections', 'attribute', 'list'), seen)
        target = [n for n in g['nodes'] if n['isTarget']]
        self.assertEqual(len(target), 1)
        self.assertEqual(target[0]['label'], '<Connection>')
        # objgraph's show_backrefs at the same depth draws the same objects (minus its own)
        self.assertFalse(any(n['typeName'] == 'frame' for n in g['nodes']))
        del conn

    def test_too_many_collapses_and_expand(self):
        obj = cycles.OBJ()
        for _ in range(15):
            HOLD.append([obj])
        g = result('retainers', {'target': ref(obj), 'limits': limits(maxDepth=1, tooMany=10),
                                 'labels': SAFE})
        lists = [n for n in g['nodes'] if n['typeName'] == 'list']
        more = [n for n in g['nodes'] if n['kind'] == 'more']
        self.assertEqual(len(lists), 10)
        self.assertEqual(len(more), 1)
        self.assertEqual(more[0]['moreCount'], 5)
        self.assertEqual(more[0]['id'], 'more:%d:10' % id(obj))
        g2 = result('expand', {'target': ref(obj), 'limits': limits(tooMany=10),
                               'labels': SAFE, 'offset': 10, 'direction': 'retainers'})
        lists2 = [n for n in g2['nodes'] if n['typeName'] == 'list']
        self.assertEqual(len(lists2), 5)
        self.assertFalse(set(n['id'] for n in lists) & set(n['id'] for n in lists2))
        del obj

    def test_weakref_drawn_not_walked(self):
        obj = cycles.OBJ()
        HOLD.append(obj)
        w = weakref.ref(obj)
        HOLD.append(w)
        g = result('retainers', {'target': ref(obj), 'limits': limits(maxDepth=3),
                                 'labels': SAFE})
        weak = [(f, e) for f, e, t in edge_index(g) if e['kind'] == 'weak']
        self.assertEqual(len(weak), 1)
        self.assertEqual(weak[0][0]['id'], str(id(w)))
        # the weakref is not walked: nothing points at it in the graph
        self.assertFalse([e for e in g['edges'] if e['to'] == str(id(w))])
        del obj, w

    def test_closure_and_class_attribute_and_finalizer(self):
        obj = cycles.OBJWithDel()

        def make(captured):
            return lambda: captured
        HOLD.append(make(obj))

        class Holder(object):
            slot = obj
        HOLD.append(Holder)
        g = result('retainers', {'target': ref(obj), 'limits': limits(maxDepth=3),
                                 'labels': SAFE})
        seen = set((f['kind'], e['label'], e['kind']) for f, e, t in edge_index(g)
                   if t['isTarget'])
        self.assertIn(('function', 'captured', 'closure'), seen)
        self.assertIn(('class', '.slot', 'classattr'), seen)
        self.assertTrue([n for n in g['nodes'] if n['isTarget']][0]['hasFinalizer'])
        # unmerged: the raw cell and __dict__ nodes stay
        g = result('retainers', {'target': ref(obj), 'limits': limits(
            maxDepth=2, mergeInstanceDicts=False), 'labels': SAFE})
        self.assertIn('cell', types_of(g))
        del HOLD[:]
        del obj, Holder

    def test_ignore_types_and_max_nodes(self):
        obj = cycles.OBJ()
        for _ in range(5):
            HOLD.append([obj])
        g = result('retainers', {'target': ref(obj), 'limits': limits(
            maxDepth=3, ignoreTypes=['list']), 'labels': SAFE})
        self.assertNotIn('list', types_of(g))
        g = result('retainers', {'target': ref(obj), 'limits': limits(maxDepth=3, maxNodes=3),
                                 'labels': SAFE})
        self.assertEqual(len([n for n in g['nodes'] if n['kind'] != 'more']), 3)
        self.assertTrue(g['truncated'])
        del obj

    def test_references(self):
        connections.serve(1)
        conn = connections.ConnectionManager.instance().connections[0]
        g = result('references', {'target': ref(conn), 'limits': limits(maxDepth=2),
                                  'labels': SAFE})
        seen = set((f['typeName'], e['label'], t['typeName']) for f, e, t in edge_index(g))
        self.assertIn(('Connection', '.msg_handlers', 'dict'), seen)
        self.assertIn(('dict', "['on_chat']", 'method'), seen)
        del conn

    def test_object_gone(self):
        r = call('retainers', {'target': {'address': 12345, 'typeKey': 'list'},
                               'limits': limits(), 'labels': SAFE})
        self.assertEqual(r['error']['code'], 'object_not_found')


class FindAndSourceTest(GraphTestCase):
    def test_find_by_type_and_address(self):
        objs = [cycles.Node() for _ in range(4)]
        r = result('find', {'typeName': 'Node', 'limit': 2, 'labels': SAFE})
        self.assertEqual(r['total'], 4)
        self.assertEqual(len(r['objects']), 2)
        r = result('find', {'typeName': 'agent_tests.programs.cycles.Node', 'limit': 10,
                            'labels': SAFE})
        self.assertEqual(sorted(o['address'] for o in r['objects']), sorted(map(id, objs)))
        r = result('find', {'address': id(objs[2]), 'limit': 1, 'labels': SAFE})
        self.assertEqual(r['objects'][0]['typeName'], 'Node')
        del objs

    def test_object_source(self):
        def f():
            pass
        gen = (x for x in [1])
        cases = [(f, 'test_graphs.py', f.__code__.co_firstlineno),
                 (cycles.Node(), 'cycles.py', 24),
                 (cycles.make_trees, 'cycles.py', 32),
                 (cache_leak, 'cache_leak.py', 1),
                 (gen, 'test_graphs.py', gen.gi_frame.f_lineno)]
        for obj, path, line in cases:
            HOLD.append(obj)
            loc = result('objectSource', {'target': ref(obj)})['location']
            self.assertTrue(loc['path'].endswith(path), (obj, loc))
            self.assertEqual(loc['line'], line, obj)
        del HOLD[:]
        r = result('typeSource', {'typeKey': 'dict'})
        self.assertNotIn('location', r)
        self.assertIn('builtin', r['reason'])
        r = result('typeSource', {'typeKey': 'agent_tests.programs.connections.Connection'})
        self.assertEqual(r['location']['line'], 5)

    def test_allocation_tracking(self):
        import tracemalloc
        self.assertFalse(tracemalloc.is_tracing())
        r = result('allocationTracking', {'enable': True, 'frames': 5})
        self.assertEqual(r, {'tracking': True, 'startedByUser': False})
        try:
            # (__slots__: on 3.11 tracemalloc misses objects with a pre-header (instances with
            # a managed __dict__) and objects taken from a free list (list, dict))
            obj = Slotted()  # allocated here
            HOLD.append(obj)
            res = result('objectSource', {'target': ref(obj)})
            self.assertTrue(res['allocatedAt']['path'].endswith('test_graphs.py'))
            with open(res['allocatedAt']['path']) as f:
                line = f.read().splitlines()[res['allocatedAt']['line'] - 1]
            self.assertIn('obj = Slotted()', line)
            del HOLD[:]
            del obj
        finally:
            r = result('allocationTracking', {'enable': False, 'frames': 5})
        self.assertEqual(r, {'tracking': False, 'startedByUser': False})
        self.assertFalse(tracemalloc.is_tracing())
        tracemalloc.start()
        try:
            r = result('allocationTracking', {'enable': True, 'frames': 5})
            self.assertEqual(r, {'tracking': False, 'startedByUser': True})
            result('allocationTracking', {'enable': False, 'frames': 5})
            self.assertTrue(tracemalloc.is_tracing())  # the user's tracing is left alone
        finally:
            tracemalloc.stop()


if __name__ == '__main__':
    unittest.main()
