"""cycles / releaseKept / garbage / leaking on the seed article's cycle programs."""
import gc
import weakref
import unittest

from agent_tests.helpers import AgentTestCase, SAFE, call, result, snap_raw
from agent_tests.programs import connections, cycles


def find_cycles(**kw):
    p = {'scope': 'all', 'keepAlive': False, 'maxGroups': 50, 'labels': SAFE}
    p.update(kw)
    return result('cycles', p)


def groups(res):
    return dict((g['signature'], (g['count'], g['size'])) for g in res['groups']
                if 'test' not in g['signature'])


class CyclesTest(AgentTestCase):
    def setUp(self):
        gc.collect()
        del cycles.DELETED[:]
        AgentTestCase.setUp(self)
        gc.disable()  # the cycles stay until the agent looks for them

    def tearDown(self):
        gc.enable()
        AgentTestCase.tearDown(self)
        self._gc_before = None

    def test_seed_programs_groups_are_exact(self):
        cycles.make_pairs(3)
        cycles.make_pairs(2, cycles.OBJWithDel)
        connections.churn(5)
        cycles.make_trees(4)
        cycles.make_failed_jobs(2)
        cycles.make_buttons(3)
        res = find_cycles()
        self.assertEqual(groups(res), {
            'OBJ -> OBJ -> OBJ': (3, 2),
            'OBJWithDel -> OBJWithDel -> OBJWithDel': (2, 2),
            'Connection -> dict -> method -> Connection': (5, 4),
            'Node -> list -> Node -> Node': (4, 3),
            'Job -> ValueError -> traceback -> frame -> Job': (2, 4),
            'Button -> function -> tuple -> cell -> Button': (3, 4),
        })
        self.assertEqual(res['totalCycles'], 19)
        by_sig = dict((g['signature'], g) for g in res['groups'])
        self.assertTrue(by_sig['OBJWithDel -> OBJWithDel -> OBJWithDel']['hasFinalizer'])
        self.assertFalse(by_sig['OBJ -> OBJ -> OBJ']['hasFinalizer'])
        self.assertIn('WeakMethod', by_sig['Connection -> dict -> method -> Connection']['hint'])
        self.assertIn('traceback', by_sig['Job -> ValueError -> traceback -> frame -> Job']['hint'])
        self.assertIn('closure', by_sig['Button -> function -> tuple -> cell -> Button']['hint'])
        self.assertIn('weakref', by_sig['Node -> list -> Node -> Node']['hint'])
        self.assertNotIn('example', by_sig['OBJ -> OBJ -> OBJ'])
        # __del__ ran exactly once per object, and the cycles are gone
        gc.collect()
        self.assertEqual(cycles.DELETED, ['OBJWithDel'] * 4)
        self.assertEqual(groups(find_cycles()), {})
        gc.collect()
        self.assertEqual(cycles.DELETED, ['OBJWithDel'] * 4)

    def test_state_and_garbage_restored(self):
        sentinel = ['user garbage']
        gc.garbage.append(sentinel)
        gc.set_debug(gc.DEBUG_UNCOLLECTABLE)
        gc.set_threshold(555, 7, 3)
        try:
            before = (gc.get_debug(), gc.get_threshold(), list(gc.garbage), gc.isenabled())
            cycles.make_pairs(2)
            self.assertEqual(groups(find_cycles()), {'OBJ -> OBJ -> OBJ': (2, 2)})
            after = (gc.get_debug(), gc.get_threshold(), list(gc.garbage), gc.isenabled())
            self.assertEqual(after, before)
            self.assertIs(gc.garbage[-1], sentinel)
        finally:
            gc.garbage.remove(sentinel)
            gc.set_debug(0)
            gc.set_threshold(*self._gc_before[1])

    def test_cycles_are_left_to_the_programs_collection(self):
        # finding cycles frees nothing (it used to collect): the program's own collection does
        a = cycles.OBJ()
        b = cycles.OBJ()
        a.attr, b.attr = b, a
        w = weakref.ref(a)
        del a, b
        find_cycles()
        self.assertIsNotNone(w())
        gc.collect()
        self.assertIsNone(w())

    def test_keep_alive_and_release(self):
        cycles.make_pairs(2, cycles.OBJWithDel)
        res = find_cycles(keepAlive=True)
        g = [x for x in res['groups'] if x['signature'].startswith('OBJWithDel')][0]
        ex = g['example']
        self.assertEqual([n['typeName'] for n in ex['nodes']], ['OBJWithDel', 'OBJWithDel'])
        self.assertTrue(all(n['hasFinalizer'] for n in ex['nodes']))
        self.assertEqual(sorted(e['label'] for e in ex['edges']), ['.attr', '.attr'])
        kept = [o for m in self.agent._state.kept for o in m]
        w = weakref.ref(kept[0])
        del kept
        gc.collect()
        self.assertIsNotNone(w())
        self.assertEqual(result('releaseKept')['released'], 2 * len(res['groups']))
        # released, not collected: garbage again, freed by the program's next collection
        # (the collection above freed the pair that was not kept)
        self.assertIsNotNone(w())
        self.assertEqual(cycles.DELETED, ['OBJWithDel'] * 2)
        gc.collect()
        self.assertIsNone(w())
        self.assertEqual(cycles.DELETED, ['OBJWithDel'] * 4)

    def test_since_baseline(self):
        cycles.make_pairs(2)
        snap_raw(collect=False, set_baseline=True)
        cycles.make_buttons(1)
        self.assertEqual(groups(find_cycles(scope='sinceBaseline')),
                         {'Button -> function -> tuple -> cell -> Button': (1, 4)})

    def test_garbage_and_leaking(self):
        res = result('garbage', {'labels': SAFE, 'maxGroups': 10})
        self.assertEqual(res['total'], 0)
        self.assertIn('PEP 442', res['note'])
        gc.set_debug(gc.DEBUG_SAVEALL)
        cycles.make_pairs(1)
        gc.collect()
        gc.set_debug(0)
        try:
            res = result('garbage', {'labels': SAFE, 'maxGroups': 10})
            g = dict((x['typeKey'], x['count']) for x in res['groups'])
            self.assertEqual(g['agent_tests.programs.cycles.OBJ'], 2)
            self.assertEqual(res['total'], len(gc.garbage))
        finally:
            del gc.garbage[:]
        res = result('leaking', {'labels': SAFE, 'maxGroups': 500})
        self.assertGreater(res['total'], 0)
        keys = set(x['typeKey'] for x in res['groups'])
        self.assertFalse([k for k in keys if k.startswith('leak_hunter_agent')])


if __name__ == '__main__':
    unittest.main()
