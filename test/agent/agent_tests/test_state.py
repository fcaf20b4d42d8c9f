"""Every method leaves the program as it was: gc state, garbage, trace, no references kept.
Hostile objects never break a command, and safe labels never run their code."""
import gc
import json
import sys
import tracemalloc
import weakref
import unittest

from agent_tests import helpers
from agent_tests.helpers import AgentTestCase, SAFE, call, limits, ref, result, snap_raw
from agent_tests.programs import cache_leak, cycles, hostile

HOLD = []


def all_methods(obj):
    r = ref(obj)
    g = {'target': r, 'limits': limits(maxDepth=3), 'labels': SAFE}
    calls = [
        ('hello', {}),
        ('snapshot', {'collect': True, 'setBaseline': True, 'compareToBaseline': True}),
        ('snapshot', {'collect': False, 'setBaseline': False, 'compareToBaseline': True}),
        ('instances', {'typeKey': r['typeKey'], 'offset': 0, 'limit': 50, 'labels': SAFE}),
        ('typeSource', {'typeKey': r['typeKey']}),
        ('retainers', g), ('references', g),
        ('expand', dict(g, direction='retainers')),
        ('chain', {'target': r, 'root': {'kind': 'module'}, 'maxDepth': 10, 'labels': SAFE}),
        ('chain', {'target': r, 'root': {'kind': 'frame'}, 'maxDepth': 10, 'labels': SAFE}),
        ('find', {'typeName': type(obj).__name__, 'limit': 5, 'labels': SAFE}),
        ('find', {'address': id(obj), 'limit': 5, 'labels': SAFE}),
        ('objectSource', {'target': r}),
        ('allocationTracking', {'enable': True, 'frames': 3}),
        ('allocationTracking', {'enable': False, 'frames': 3}),
        ('cycles', {'scope': 'all', 'keepAlive': False, 'maxGroups': 5, 'labels': SAFE}),
        ('garbage', {'labels': SAFE, 'maxGroups': 5}),
        ('releaseKept', {}),
    ]
    return calls


class StateTest(AgentTestCase):
    def tearDown(self):
        del HOLD[:]
        AgentTestCase.tearDown(self)

    def test_every_method_restores_state_and_drops_references(self):
        obj = cycles.OBJ()
        obj.payload = [1, 2]
        HOLD.append(obj)
        w = weakref.ref(obj)
        sentinel = object()
        gc.garbage.append(sentinel)
        trace = lambda frame, event, arg: None  # noqa: E731
        gc.disable()
        gc.set_threshold(900, 11, 12)
        gc.set_debug(gc.DEBUG_UNCOLLECTABLE)
        try:
            for method, params in all_methods(obj):
                before = (gc.isenabled(), gc.get_threshold(), gc.get_debug(),
                          list(map(id, gc.garbage)),
                          tracemalloc.is_tracing() or method == 'allocationTracking')
                sys.settrace(trace)
                try:
                    r = call(method, params)
                finally:
                    t = sys.gettrace()
                    sys.settrace(None)
                self.assertTrue(r['ok'], (method, r))
                self.assertIs(t, trace, method)
                after = (gc.isenabled(), gc.get_threshold(), gc.get_debug(),
                         list(map(id, gc.garbage)),
                         tracemalloc.is_tracing() or method == 'allocationTracking')
                self.assertEqual(after, before, method)
        finally:
            sys.settrace(None)
            gc.garbage.remove(sentinel)
            gc.set_debug(0)
            gc.set_threshold(*self._gc_before[1])
            gc.enable()
        del HOLD[:]
        del obj, r
        self.assertIsNone(w())  # no reference left anywhere, not even in a cycle

    def test_weakref_dies_after_graph_commands(self):
        obj = cache_leak.OBJ()
        HOLD.append(obj)
        w = weakref.ref(obj)
        result('retainers', {'target': ref(obj), 'limits': limits(), 'labels': SAFE})
        result('chain', {'target': ref(obj), 'root': {'kind': 'module'}, 'maxDepth': 5,
                         'labels': SAFE})
        result('instances', {'typeKey': ref(obj)['typeKey'], 'offset': 0, 'limit': 5,
                             'labels': {'mode': 'repr', 'maxLength': 50}})
        del HOLD[:]
        del obj
        self.assertIsNone(w())


class HostileTest(AgentTestCase):
    def setUp(self):
        AgentTestCase.setUp(self)
        del hostile.CALLS[:]
        self.objs = hostile.make_all()
        HOLD.extend(self.objs)

    def tearDown(self):
        del HOLD[:]
        self.objs = None
        AgentTestCase.tearDown(self)

    def labels_of(self, cls, mode, n=80):
        key = 'agent_tests.programs.hostile.' + cls.__name__
        r = result('instances', {'typeKey': key, 'offset': 0, 'limit': 5,
                                 'labels': {'mode': mode, 'maxLength': n}})
        return [i['label'] for i in r['instances']]

    def test_safe_mode_runs_no_user_code(self):
        snap_raw()
        for cls in (hostile.RaisingRepr, hostile.HugeRepr, hostile.HtmlRepr,
                    hostile.RaisingGetattr, hostile.RaisingEq, hostile.SneakyList):
            labels = self.labels_of(cls, 'safe')
            self.assertEqual(len(labels), 1, cls)
            self.assertEqual(labels[0], '<%s>' % cls.__name__)
        for o in self.objs:
            for method in ('retainers', 'references'):
                result(method, {'target': ref(o), 'limits': limits(maxDepth=2),
                                'labels': SAFE})
            result('chain', {'target': ref(o), 'root': {'kind': 'module'}, 'maxDepth': 10,
                             'labels': SAFE})
            result('objectSource', {'target': ref(o)})
        result('find', {'typeName': 'SneakyList', 'limit': 5, 'labels': SAFE})
        self.assertEqual(hostile.CALLS, [])

    def test_repr_mode_is_capped_and_clear(self):
        self.assertEqual(self.labels_of(hostile.RaisingRepr, 'repr'),
                         ['<RaisingRepr: repr raised ValueError>'])
        huge = self.labels_of(hostile.HugeRepr, 'repr', 100)
        self.assertEqual(huge, ['x' * 99 + '\u2026'])
        self.assertEqual(self.labels_of(hostile.HtmlRepr, 'repr'),
                         ['<img src=x onerror=alert(1)></script>'])
        self.assertEqual(self.labels_of(hostile.SneakyList, 'repr'), ['sneaky'])

    def test_builtin_summaries(self):
        things = [[1, 2, 3], {'a': [1]}, ('x', [1]), {frozenset([1])},
                  cycles.make_trees, cache_leak, cycles.Node]
        HOLD.extend(things)
        expect = ['3 items', '1 item', '2 items', '1 item',
                  'make_trees', 'module agent_tests.programs.cache_leak', 'class Node']
        for o, lab in zip(things, expect):
            r = result('find', {'address': id(o), 'limit': 1, 'labels': SAFE})
            self.assertEqual(r['objects'][0]['label'], lab)
        # str is not gc-tracked, so never listed; its label is a short prefix all the same
        self.assertEqual(self.agent._label('abcdef' * 40, ('safe', 20)),
                         repr(('abcdef' * 40)[:20])[:19] + '\u2026')
        self.assertEqual(self.agent._label(b'<b>' * 3, ('safe', 80)), repr(b'<b>' * 3))


if __name__ == '__main__':
    unittest.main()
