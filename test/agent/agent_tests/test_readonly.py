"""Read-only by default: garbage found and snapshots counted without collecting.

The agent's answers are checked against a brute force written here and against what CPython's
collector really does; the real collection always runs after the agent has measured (in a
subprocess that builds the same heaps), never before or during the measurement."""
import gc
import json
import subprocess
import sys
import textwrap
import threading
import unittest
import weakref

from agent_tests import helpers
from agent_tests.helpers import AgentTestCase, SAFE, gc_state, result
from agent_tests.programs import cycles
from agent_tests.reference import NO_OBJGRAPH, objgraph, objgraph_made_by

# Random heaps: instances (__dict__, __slots__, __del__), lists, dicts, tuples of atoms and of
# objects, nested tuples, dicts that became tracked and hold only atoms again, weakrefs with
# callbacks; a random part is kept by a list, the rest dropped with automatic gc off.
HEAPS = textwrap.dedent('''
    import gc, random, sys, weakref
    sys.path.insert(0, %(top)r)
    from agent_tests.helpers import install_agent

    class Node(object):
        pass

    class Slot(object):
        __slots__ = ('a', 'b', '__weakref__')

    class Fin(object):
        def __del__(self):
            FINALIZED.append(1)

    FINALIZED = []
    CALLBACKS = []
    KEEP = []

    def build(rng, n):
        nodes = []
        for i in range(n):
            k = rng.randrange(9)
            if k in (0, 8):
                o = Node()
            elif k == 1:
                o = []
            elif k == 2:
                o = {}
            elif k == 3:
                o = Slot()
            elif k == 4:
                o = Fin()
            elif k == 5:
                o = tuple([rng.randrange(5), 'x'])
            elif k == 6:
                o = tuple([(1, rng.randrange(3)), 2])
            else:
                o = {}
                o['k'] = []
                o['k'] = 1
            if k == 8:
                o.__dict__
            nodes.append(o)
        for o in nodes:
            for m in range(rng.randrange(3)):
                t = nodes[rng.randrange(n)]
                if rng.random() < 0.15:
                    t = (t, 1)
                if type(o) is list:
                    o.append(t)
                elif type(o) is dict:
                    o[m] = t
                elif type(o) is Slot:
                    o.a = t
                elif type(o) in (Node, Fin):
                    setattr(o, 'f%%d' %% m, t)
        for o in rng.sample(nodes, n // 5):
            if type(o) in (Node, Slot, Fin):
                KEEP.append(weakref.ref(o, CALLBACKS.append))
        KEEP.append([nodes[i] for i in rng.sample(range(n), rng.randrange(n // 4 + 1))])
        for _ in range(rng.randrange(1, 6)):
            a = Node() if rng.random() < 0.5 else Fin()
            a.me = [a, (a, 1), {'a': a}]
''')

UNREACHABLE = HEAPS + textwrap.dedent('''
    import json

    def brute_force(objs):
        """Unreachable objects by the definition: refcount minus references from inside the
        set, then everything reachable from the rest; one object at a time, by a dict of ids."""
        probe = []
        holder = [probe]
        overhead = [sys.getrefcount(o) for o in holder][0] - 2  # the loop variable, the argument
        index = dict((id(o), i) for i, o in enumerate(objs))
        inside = [0] * len(objs)
        for o in objs:
            for r in gc.get_referents(o):
                j = index.get(id(r))
                if j is not None:
                    inside[j] += 1
        o = r = None
        refcounts = [sys.getrefcount(o) for o in objs]
        reached = [rc - overhead - 1 - ins > 0 for rc, ins in zip(refcounts, inside)]
        todo = [i for i, r in enumerate(reached) if r]
        while todo:
            i = todo.pop()
            for r in gc.get_referents(objs[i]):
                j = index.get(id(r))
                if j is not None and not reached[j]:
                    reached[j] = True
                    todo.append(j)
        return sorted(id(objs[i]) for i, r in enumerate(reached) if not r)

    agent = install_agent()
    gc.disable()
    out = []
    for seed in range(int(sys.argv[1])):
        rng = random.Random(seed)
        gc.collect()
        del KEEP[:]
        gc.collect()
        build(rng, 5 + seed %% 60)
        finalized, callbacks = len(FINALIZED), len(CALLBACKS)
        alive = sum(1 for w in KEEP if type(w) is weakref.ref and w() is not None)
        objs = gc.get_objects()
        mine = sorted(map(id, agent._unreachable(objs)))
        brute = brute_force(objs)
        del objs
        side_effects = (len(FINALIZED) - finalized, len(CALLBACKS) - callbacks,
                        alive - sum(1 for w in KEEP if type(w) is weakref.ref and w() is not None))
        # only now the real collection, keeping what it frees in gc.garbage
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        gc.set_debug(0)
        real = sorted(map(id, gc.garbage))
        del gc.garbage[:]
        out.append([mine == brute, mine == real, len(real), side_effects])
        mine = brute = real = side_effects = None  # (held from one measurement to the next)
    print(json.dumps(out))
''')

SNAPSHOT = HEAPS + textwrap.dedent('''
    import json
    from collections import Counter
    from agent_tests.programs import cache_leak, connections, cycles

    def snapshot(agent):
        r = json.loads(agent.handle(json.dumps({'v': 1, 'method': 'snapshot', 'params': {
            'collect': False, 'setBaseline': False, 'compareToBaseline': False}}), 'return'))
        res = r['result']
        return dict((t['key'], t['count']) for t in res['unreachable']), res['unreachableObjects']

    def key(o):
        return (id(o), id(type(o)))

    def predict(agent):
        """What the snapshot counts: the objects a collection would leave tracked, and those
        it would free (by identity; everything stays alive until the real collection)."""
        objs = gc.get_objects()
        kept, freed, untracked = agent._collection_outcome(objs)
        return set(map(key, objs)), set(map(key, kept)), set(map(key, freed))

    agent = install_agent()
    snapshot(agent)
    Counter(agent._type_key(type(o)) for o in [])  # first-call caches of Counter
    gc.disable()
    out = []
    for seed in range(int(sys.argv[1])):
        rng = random.Random(seed)
        gc.collect()
        del KEEP[:]
        gc.collect()
        build(rng, 5 + seed %% 60)
        cache_leak.main(2); connections.churn(2); connections.serve(1)
        cycles.make_pairs(2); cycles.make_trees(1); cycles.make_failed_jobs(1)
        cycles.make_buttons(1)
        finalized, callbacks = len(FINALIZED), len(CALLBACKS)
        unreachable, total = snapshot(agent)
        before, kept, freed = predict(agent)
        side_effects = (len(FINALIZED) - finalized, len(CALLBACKS) - callbacks)
        # only now the program's own collection, keeping what it frees (nothing is freed, so
        # no address is reused while the two sides are compared)
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        gc.set_debug(0)
        real_freed = set(map(key, gc.garbage))
        by_type = dict(Counter(agent._type_key(type(o)) for o in gc.garbage))
        real_kept = (set(map(key, gc.get_objects())) & before) - real_freed
        out.append([kept == real_kept, len(kept ^ real_kept), freed == real_freed,
                    unreachable == by_type, total, len(real_freed), side_effects])
        del gc.garbage[:]
        before = kept = freed = real_freed = real_kept = by_type = unreachable = None
    print(json.dumps(out))
''')


def run(prog, *args):
    return json.loads(subprocess.run(
        [helpers.PYTHON, '-c', prog % {'top': helpers.TESTS_TOP}] + [str(a) for a in args],
        stdout=subprocess.PIPE, check=True, universal_newlines=True).stdout)


class ReadOnlyGarbageTest(AgentTestCase):
    def test_unreachable_equals_brute_force_and_the_collector(self):
        trials = run(UNREACHABLE, 150)
        self.assertEqual(len(trials), 150)
        for seed, (same_as_brute, same_as_real, n, side_effects) in enumerate(trials):
            self.assertTrue(same_as_brute, 'seed %d: differs from the brute force' % seed)
            self.assertTrue(same_as_real, 'seed %d: differs from gc.collect()' % seed)
            self.assertEqual(side_effects, [0, 0, 0], 'seed %d: finalizer/callback ran' % seed)
        self.assertGreater(sum(t[2] for t in trials), 1000)  # the heaps did hold garbage

    def test_snapshot_counts_what_a_collection_leaves(self):
        trials = run(SNAPSHOT, 40)
        for seed, (same_kept, n_diff, same_freed, same_types, total, freed, side_effects) \
                in enumerate(trials):
            self.assertTrue(same_kept, 'seed %d: %d objects differ from what a collection left'
                            % (seed, n_diff))
            self.assertTrue(same_freed, 'seed %d: differs from what the collection freed' % seed)
            self.assertTrue(same_types, 'seed %d: unreachable by type differs' % seed)
            self.assertEqual(total, freed)
            self.assertEqual(side_effects, [0, 0])
        self.assertGreater(sum(t[4] for t in trials), 40 * 10)


class Held(object):
    """Finalizer that needs a lock the paused program holds: running it would block."""
    lock = threading.Lock()
    log = []

    def __del__(self):
        if Held.lock.acquire(False):
            Held.lock.release()
            Held.log.append('ran')
        else:
            Held.log.append('would block')


class Raising(object):
    log = []

    def __del__(self):
        Raising.log.append('ran')
        raise RuntimeError('finalizer raised')


class Referent(object):
    pass


class Inline(object):
    def __init__(self):
        self.items = []
        self.attr = None


def make_scene():
    """Cycles with finalizers and weakref callbacks, dropped while automatic gc is off."""
    calls = []
    refs = []
    cycles.make_pairs(2, cycles.OBJWithDel)
    for cls in (Held, Raising, Referent):
        a, b = cls(), cls()
        a.other, b.other = b, a
        refs.append(weakref.ref(a, calls.append))
    return calls, refs


class SideEffectsTest(AgentTestCase):
    def setUp(self):
        gc.collect()
        del cycles.DELETED[:]
        del Held.log[:], Raising.log[:]
        AgentTestCase.setUp(self)
        gc.disable()

    def tearDown(self):
        gc.enable()
        AgentTestCase.tearDown(self)

    def test_no_command_runs_a_finalizer_or_a_callback(self):
        calls, refs = make_scene()
        garbage = list(map(id, gc.garbage))
        state = gc_state()
        Held.lock.acquire()  # as a paused thread would hold it
        raised = []
        hook = sys.unraisablehook
        sys.unraisablehook = raised.append
        try:
            commands = [
                ('snapshot', {'collect': False, 'setBaseline': True, 'compareToBaseline': False}),
                ('snapshot', {'collect': False, 'setBaseline': False, 'compareToBaseline': True}),
                ('snapshot', {}),
                ('cycles', {'scope': 'all', 'keepAlive': False, 'maxGroups': 50,
                            'labels': SAFE}),
                ('cycles', {'scope': 'sinceBaseline', 'keepAlive': False, 'maxGroups': 50,
                            'labels': SAFE}),
                ('cycles', {'scope': 'all', 'keepAlive': True, 'maxGroups': 50,
                            'labels': SAFE}),
                ('releaseKept', {}),
                ('leaking', {'labels': SAFE, 'maxGroups': 50}),
                ('garbage', {'labels': SAFE, 'maxGroups': 50}),
            ]
            for method, params in commands:
                res = result(method, params)
                self.assertEqual(cycles.DELETED, [], method)
                self.assertEqual((Held.log, Raising.log, calls), ([], [], []), method)
                self.assertEqual([w() is not None for w in refs], [True] * 3, method)
                self.assertEqual(list(map(id, gc.garbage)), garbage, method)
                self.assertEqual(gc_state(), state, method)
                if method == 'cycles' and params['scope'] == 'all':
                    sigs = dict((g['signature'], g['count']) for g in res['groups'])
                    self.assertEqual(sigs.get('OBJWithDel -> OBJWithDel -> OBJWithDel'), 2)
                    self.assertEqual(sigs.get('Held -> Held -> Held'), 1)
                del res
            self.assertEqual(raised, [])
            Held.lock.release()
            # the program's own collection, when it chooses: each finalizer and callback once
            gc.collect()
        finally:
            sys.unraisablehook = hook
            if Held.lock.locked():
                Held.lock.release()
        self.assertEqual([type(r.exc_value) for r in raised], [RuntimeError] * 2)
        del raised
        self.assertEqual(cycles.DELETED, ['OBJWithDel'] * 4)
        self.assertEqual((Held.log, Raising.log), (['ran'] * 2, ['ran'] * 2))
        self.assertEqual(len(calls), 3)
        self.assertEqual([w() for w in refs], [None] * 3)
        gc.collect()
        self.assertEqual(cycles.DELETED, ['OBJWithDel'] * 4)

    def test_no_instance_dict_appears(self):
        # 3.11+ keep instance attributes inline: reading obj.__dict__ would make a dict for it
        # (tracked, since the values include a list). Counting and finding garbage read none.
        keep = [Inline() for _ in range(10000)]
        cycles.make_pairs(3, Inline)
        commands = [
            ('snapshot', {'collect': False, 'setBaseline': True, 'compareToBaseline': False}),
            ('snapshot', {'collect': False, 'setBaseline': False, 'compareToBaseline': True}),
            ('cycles', {'scope': 'all', 'keepAlive': False, 'maxGroups': 50, 'labels': SAFE}),
            ('leaking', {'labels': SAFE, 'maxGroups': 50}),
        ]
        for method, params in commands:  # first calls fill the agent's own caches
            result(method, params)
        dicts = sum(1 for o in gc.get_objects() if type(o) is dict)
        for method, params in commands:
            result(method, params)
            self.assertEqual(sum(1 for o in gc.get_objects() if type(o) is dict), dicts, method)
        self.assertEqual(len(keep), 10000)

    @unittest.skipIf(objgraph is None, NO_OBJGRAPH)
    def test_snapshot_reports_garbage_apart(self):
        key = 'agent_tests.programs.cycles.OBJ'
        res = result('snapshot', {'collect': False})
        before = dict((t['key'], t['count']) for t in res['types'])
        self.assertEqual(res['unreachableObjects'], 0)
        # the garbage, as objgraph counts it: 6 OBJ, and before 3.11 their 6 __dict__s too
        made = objgraph_made_by(lambda: cycles.make_pairs(3))
        self.assertEqual(made[key], 6)
        res = result('snapshot', {'collect': False})
        after = dict((t['key'], t['count']) for t in res['types'])
        self.assertEqual(after.get(key, 0), before.get(key, 0))
        self.assertEqual(dict((t['key'], t['count']) for t in res['unreachable']), made)
        self.assertEqual(res['unreachableObjects'], sum(made.values()))
        self.assertEqual(result('snapshot', {'collect': False})['unreachableObjects'],
                         sum(made.values()))
        # "collect first", asked for: the garbage is freed, nothing is left to show apart
        res = result('snapshot', {'collect': True})
        self.assertEqual((res['unreachable'], res['unreachableObjects']), ([], 0))
        self.assertEqual(result('snapshot', {'collect': False})['unreachableObjects'], 0)


if __name__ == '__main__':
    unittest.main()
