"""Find Leaks: measured precision and recall on a corpus of leak programs and non-leaks, the
suspect reference and the line that adds to it, identity across snapshots (address reuse), and
read-only behaviour (no object kept alive, no finalizer run, no collection).

Each corpus program (programs/leak_corpus) says what it leaks by construction: `leaked(reps)`
lists the suspect reference's name, the group's type and its exact count after `reps`
repetitions; the line that adds to the container carries the comment `# leak: adds`. The
non-leaks list nothing. The precision/recall table is printed to stderr."""
import gc
import importlib
import linecache
import sys
import unittest
import weakref

from agent_tests import helpers
from agent_tests.helpers import AgentTestCase

CORPUS = 'agent_tests.programs.leak_corpus.'
LEAKS = ('cache_dict', 'registry', 'listeners', 'closures', 'lru_method', 'tracebacks',
         'generators', 'class_attr', 'thread_local', 'every_other', 'two_leaks')
NON_LEAKS = ('bounded_lru', 'warm_cache', 'late_free', 'interned', 'churn')
REPETITIONS = 6


def corpus(name):
    return importlib.import_module(CORPUS + name)


def expected(mod, reps):
    """[(reference name, type name, count, adds line)] the program leaks by construction."""
    path = mod.__file__
    adds = [n for n, text in enumerate(linecache.getlines(path), 1) if '# leak: adds' in text]
    out = []
    for (name, type_name, count), line in zip(mod.leaked(reps), adds):
        out.append((name.replace('{module}', mod.__name__), type_name, count, (path, line)))
    return out


def record(mods, reps=REPETITIONS, chains=False, busy=False):
    """Baseline, `reps` repetitions of every program in `mods`, then the suspects. With
    `busy`, after every sample the user asks what a user would (suspects with chains, a
    snapshot, Why Is This Alive? of the first suspect): the agent's own work, as the
    debugger's, must never become a suspect."""
    for m in mods:
        m.reset()
    helpers.result('leakStart')
    for i in range(1, reps + 1):
        for m in mods:
            m.repeat(i)
        helpers.result('leakSample')
        if busy:
            helpers.result('snapshot', {'collect': False, 'setBaseline': False,
                                        'compareToBaseline': False})
            found = helpers.result('leakSuspects', {'labels': helpers.SAFE, 'maxSuspects': 50,
                                                    'chains': True})
            if found['suspects']:
                rep = found['suspects'][0]['representative']
                helpers.result('chain', {'target': {'address': rep['address'],
                                                    'typeKey': rep['typeKey']},
                                         'root': {'kind': 'module'}, 'maxDepth': 20,
                                         'labels': helpers.SAFE})
    try:
        return helpers.result('leakSuspects', {'labels': helpers.SAFE, 'maxSuspects': 50,
                                               'chains': chains})
    finally:
        helpers.result('leakStop')


def reset_corpus():
    """Every corpus program drops what it holds (other suites count objects by type)."""
    for name in LEAKS + NON_LEAKS + ('address_reuse',):
        corpus(name).reset()


def score(suspects, wanted):
    """(true positives, false positives, missed): a suspect is right when its reference, type,
    exact count and first source line are those the program leaks."""
    found = [(s['reference']['name'], s['typeName'], s['count'],
              (s['sources'][0]['path'], s['sources'][0]['line']) if s['sources'] else None)
             for s in suspects]
    tp = [f for f in found if f in wanted]
    fp = [f for f in found if f not in wanted]
    missed = [w for w in wanted if w not in found]
    return tp, fp, missed


class CorpusTestCase(AgentTestCase):
    def tearDown(self):
        reset_corpus()
        AgentTestCase.tearDown(self)


class FindLeaksCorpusTest(CorpusTestCase):
    table = []

    @classmethod
    def tearDownClass(cls):
        rows = cls.table
        if not rows:
            return
        tp = sum(r[1] for r in rows)
        fp = sum(r[2] for r in rows)
        fn = sum(r[3] for r in rows)
        out = ['', 'Find Leaks precision / recall (%d repetitions, Python %s)' % (
            REPETITIONS, sys.version.split()[0]),
            '%-28s %9s %5s %5s %7s' % ('program', 'expected', 'TP', 'FP', 'missed')]
        for name, t, f, m, e in rows:
            out.append('%-28s %9d %5d %5d %7d' % (name, e, t, f, m))
        precision = tp / float(tp + fp) if tp + fp else 1.0
        recall = tp / float(tp + fn) if tp + fn else 1.0
        out.append('precision %.3f  recall %.3f  (TP %d, FP %d, missed %d)' % (
            precision, recall, tp, fp, fn))
        sys.stderr.write('\n'.join(out) + '\n')

    def check(self, label, mods, busy=False):
        wanted = [w for m in mods for w in expected(m, REPETITIONS)]
        res = record(mods, busy=busy)
        tp, fp, missed = score(res['suspects'], wanted)
        self.table.append((label, len(tp), len(fp), len(missed), len(wanted)))
        self.assertEqual(fp, [], 'reported a non-leak')
        self.assertEqual(missed, [], 'missed a leak (found: %r)' % (
            [(s['path'], s['count'], s['reference']['name'], s['sources'])
             for s in res['suspects']],))
        return res

    def test_each_leak_program_alone(self):
        for name in LEAKS:
            with self.subTest(program=name):
                self.check(name, [corpus(name)])

    def test_each_non_leak_alone(self):
        for name in NON_LEAKS:
            with self.subTest(program=name):
                self.check(name, [corpus(name)])

    def test_all_programs_at_once(self):
        res = self.check('all %d at once' % (len(LEAKS) + len(NON_LEAKS)),
                         [corpus(n) for n in LEAKS + NON_LEAKS])
        self.assertEqual(len(res['suspects']), 12)

    def test_all_programs_with_the_user_asking_between_samples(self):
        res = self.check('all, asked after each sample', [corpus(n) for n in LEAKS + NON_LEAKS],
                         busy=True)
        self.assertEqual(len(res['suspects']), 12)


class FindLeaksDetailTest(CorpusTestCase):
    def test_registry_suspect_in_full(self):
        mod = corpus('registry')
        res = record([mod], reps=5, chains=True)
        self.assertEqual(len(res['suspects']), 1)
        s = res['suspects'][0]
        self.assertEqual(s['path'], 'module %s -> _registry (list) -> [*] -> Connection' %
                         mod.__name__)
        self.assertEqual(s['count'], len(mod._registry))
        self.assertEqual(s['series'], [0, 4, 8, 12, 16, 20])
        self.assertEqual(s['growthPerRepetition'], 4.0)
        ref = s['reference']
        self.assertEqual(ref['address'], id(mod._registry))
        self.assertEqual(ref['typeKey'], 'list')
        self.assertTrue(ref['existedAtBaseline'])
        self.assertEqual(ref['lengths'], [0, 4, 8, 12, 16, 20])
        self.assertEqual(ref['reason'], '`%s._registry` gained 20 entries in 5 repetitions; '
                         'nothing removed them' % mod.__name__)
        self.assertEqual(s['shallowBytes'], sum(sys.getsizeof(c) for c in mod._registry))
        # each Connection keeps its handlers dict and one bound method in it, and before 3.11
        # its own __dict__ (3.11+ keeps attributes inline until something asks for __dict__)
        inline = sys.version_info >= (3, 11)
        self.assertEqual(s['keeps'], [{'typeName': 'dict', 'count': 20 if inline else 40},
                                      {'typeName': 'method', 'count': 20}])
        self.assertEqual(s['keptBytes'], sum(
            sys.getsizeof(c.handlers) + sys.getsizeof(c.handlers['on_data']) +
            (0 if inline else sys.getsizeof(c.__dict__)) for c in mod._registry))
        # the chain is the Why Is This Alive? chain of the oldest Connection, the suspect edge
        # the registry's reference to it
        first = [c for c in mod._registry[:4] if id(c) == s['representative']['address']]
        self.assertEqual(len(first), 1, 'the representative is made in the first repetition')
        index = mod._registry.index(first[0])
        chain = helpers.result('chain', {'target': helpers.ref(first[0]),
                                         'root': {'kind': 'module'}, 'maxDepth': 40,
                                         'labels': helpers.SAFE})
        self.assertEqual(s['chain'], chain['graph'])
        self.assertEqual(s['suspectEdge'], {'from': str(id(mod._registry)),
                                            'to': str(id(first[0])), 'label': '[%d]' % index})

    def test_address_reused_by_a_new_object_is_not_a_survivor(self):
        mod = corpus('address_reuse')
        res = record([mod], reps=3)
        self.assertEqual(mod.reused, [True], 'premise: CPython gave the freed address back')
        self.assertEqual(len(res['suspects']), 1)
        s = res['suspects'][0]
        # Node(1) was freed in repetition 2; Node(2) took its address: made in 2, not in 1
        self.assertEqual(s['series'], [0, 0, 2, 3])
        self.assertEqual(s['reference']['lengths'], [0, 1, 2, 3])

    def test_allocation_tracking_gives_the_allocating_line_first(self):
        mod = corpus('every_other')
        helpers.result('allocationTracking', {'enable': True, 'frames': 5})
        try:
            res = record([mod], reps=4)
        finally:
            helpers.result('allocationTracking', {'enable': False, 'frames': 5})
        line = [n for n, t in enumerate(linecache.getlines(mod.__file__), 1)
                if '# leak: adds' in t][0]
        # CPython 3.11 cannot give the traceback of an instance with inline values (it answers
        # None); the line that adds to the container then comes first
        import tracemalloc
        tracemalloc.start(1)
        probe = mod.Entry(0)
        traceable = tracemalloc.get_object_traceback(probe) is not None
        tracemalloc.stop()
        del probe
        self.assertEqual(res['suspects'][0]['sources'][0],
                         {'path': mod.__file__, 'line': line,
                          'why': 'allocation' if traceable else 'adds'})

    def test_fewer_than_two_repetitions_gives_a_note(self):
        mod = corpus('registry')
        mod.reset()
        helpers.result('leakStart')
        mod.repeat(1)
        helpers.result('leakSample')
        res = helpers.result('leakSuspects', {'labels': helpers.SAFE, 'maxSuspects': 5,
                                              'chains': False})
        helpers.result('leakStop')
        self.assertEqual((res['repetitions'], res['suspects']), (1, []))
        self.assertIn('at least 2 repetitions', res['note'])

    def test_no_recording_is_an_error(self):
        helpers.result('leakStop')
        r = helpers.call('leakSample')
        self.assertEqual(r['error']['code'], 'no_recording')

    def test_samples_report_totals_and_top_growing_types(self):
        mod = corpus('class_attr')
        mod.reset()
        base = helpers.result('leakStart')
        mod.repeat(1)
        one = helpers.result('leakSample')
        helpers.result('leakStop')
        self.assertEqual((base['repetition'], one['repetition']), (0, 1))
        top = dict((t['key'], t['delta']) for t in one['topGrowing'])
        self.assertEqual(top[mod.__name__ + '.Session'], 3)


class FindLeaksReadOnlyTest(CorpusTestCase):
    def test_recording_keeps_no_object_alive(self):
        mod = corpus('registry')
        mod.reset()
        helpers.result('leakStart')
        for i in (1, 2, 3):
            mod.repeat(i)
            helpers.result('leakSample')
        helpers.result('leakSuspects', {'labels': helpers.SAFE, 'maxSuspects': 5,
                                        'chains': True})
        probes = [weakref.ref(c) for c in mod._registry]
        mod.reset()  # the program drops them (and breaks each one's handler cycle)
        try:
            self.assertEqual([p() for p in probes], [None] * len(probes))
        finally:
            helpers.result('leakStop')

    def test_no_finalizer_runs_and_nothing_is_collected(self):
        ran = []

        class Finalized(object):
            def __del__(self):
                ran.append(1)

        enabled = gc.isenabled()
        gc.disable()
        try:
            gc.collect()
            collections = gc.get_stats()[2]['collections']
            helpers.result('leakStart')
            for i in range(3):
                a, b = Finalized(), Finalized()
                a.other, b.other = b, a  # cyclic garbage with finalizers, left to gc
                del a, b
                helpers.result('leakSample')
            res = helpers.result('leakSuspects', {'labels': helpers.SAFE, 'maxSuspects': 5,
                                                  'chains': True})
            helpers.result('leakStop')
            self.assertEqual(ran, [])
            self.assertEqual(gc.get_stats()[2]['collections'], collections)
            self.assertEqual([s for s in res['suspects'] if s['typeName'] == 'Finalized'], [])
            gc.collect()
            self.assertEqual(len(ran), 6)  # the program's own collection runs each one once
        finally:
            if enabled:
                gc.enable()


if __name__ == '__main__':
    unittest.main()
