"""Noise walk: what counts as the debugger's, reproduced in-process without debugpy.

A "debugger" frame here is any frame whose globals are named like a pydevd module, exactly the
rule the agent applies under a real debugpy.
"""
import collections.abc
import gc
import sys
import threading
import types
import unittest

from agent_tests.helpers import AgentTestCase, counts, limits, ref, result, snap_raw, SAFE

# pydevd's runner at the bottom of the main thread: its locals hold the user's __main__ dict
# (`globals`) and module; it exec's the user's module code, which then runs the user's loop.
_FAKE_PYDEVD = '''
def run(code, module):
    globals = module.__dict__
    m = module
    exec(code, globals)
    return globals

def call_back(fn):
    return fn()
'''

_USER_CODE = '''
class OBJ(object):
    pass

_cache = []
_lists = [[] for _ in range(7)]
for _ in range(25):
    _cache.append(OBJ())

def loop():
    started.set()
    stop.wait(30)

loop()
'''


def _fake_pydevd():
    ns = {'__name__': 'pydevd_fake_runner'}
    exec(compile(_FAKE_PYDEVD, '/fake/pydevd_fake_runner.py', 'exec'), ns)
    return ns


class UserThreadUnderDebuggerFramesTest(AgentTestCase):
    """A user thread whose bottom frames are the debugger's (pydevd's run/_exec)."""

    def setUp(self):
        AgentTestCase.setUp(self)
        self.mod = types.ModuleType('lh_test_fake_main')
        self.mod.__dict__['started'] = threading.Event()
        self.mod.__dict__['stop'] = threading.Event()
        sys.modules['lh_test_fake_main'] = self.mod
        code = compile(_USER_CODE, '/fake/user_main.py', 'exec')
        run = _fake_pydevd()['run']
        self.thread = threading.Thread(target=run, args=(code, self.mod), daemon=True)
        self.thread.start()
        self.assertTrue(self.mod.started.wait(10))
        snap_raw()  # warm up

    def tearDown(self):
        self.mod.stop.set()
        self.thread.join(10)
        del sys.modules['lh_test_fake_main']
        self.mod.__dict__.clear()
        self.mod = self.thread = None
        gc.collect()
        AgentTestCase.tearDown(self)

    def test_user_globals_and_their_lists_are_not_noise(self):
        noise, ids = self.agent._find_noise()
        del noise
        d = self.mod.__dict__
        self.assertNotIn(id(d), ids)
        self.assertNotIn(id(d['_cache']), ids)
        self.assertNotIn(id(d['_lists']), ids)
        for lst in d['_lists']:
            self.assertNotIn(id(lst), ids)
        for o in d['_cache']:
            self.assertNotIn(id(o), ids)
        # the debugger's frame below the user's was read: its locals snapshot is noise
        run_frames = []
        for f in sys._current_frames().values():
            while f is not None:
                if f.f_code.co_name == 'run' and \
                        f.f_globals.get('__name__') == 'pydevd_fake_runner':
                    run_frames.append(f)
                f = f.f_back
        self.assertEqual(len(run_frames), 1)
        loc = run_frames[0].f_locals
        if type(loc) is dict:  # a snapshot dict up to 3.12; 3.13 returns a fresh proxy (PEP 667)
            self.assertIn(id(loc), ids)
        loc = None
        del run_frames, f

    def test_retainers_and_chain_reach_the_user_list(self):
        target = self.mod._cache[3]
        g = result('retainers', {'target': ref(target), 'limits': limits(maxDepth=3),
                                 'labels': SAFE})
        by_id = dict((n['id'], n) for n in g['nodes'])
        holders = [by_id[e['from']] for e in g['edges'] if e['to'] == str(id(target))]
        self.assertIn(('list', '25 items'), [(n['typeName'], n['label']) for n in holders])
        self.assertIn('[3]', [e['label'] for e in g['edges']])
        self.assertIn('_cache', [e['label'] for e in g['edges']])
        c = result('chain', {'target': ref(target), 'root': {'kind': 'module'}, 'maxDepth': 20,
                             'labels': SAFE})
        self.assertTrue(c['found'])
        self.assertEqual([n['typeName'] for n in c['graph']['nodes']],
                         ['module', 'dict', 'list', 'OBJ'])
        self.assertEqual([e['label'] for e in c['graph']['edges']], ['__dict__', '_cache', '[3]'])
        del target

    def test_user_list_counts_are_not_reduced_by_noise(self):
        a = counts(snap_raw())
        self.mod._lists.extend([[] for _ in range(5)])
        self.mod._cache.extend([self.mod.OBJ() for _ in range(4)])
        b = counts(snap_raw())
        self.assertEqual(b.get('list', 0) - a.get('list', 0), 5)
        self.assertEqual(b.get('lh_test_fake_main.OBJ', 0), 29)


class AgentUnderDebuggerFramesTest(AgentTestCase):
    """The agent run by the debugger on a user thread (pydevd processes '*' commands from any
    thread's trace function): debugger frames on top of the user's, the agent on top of those."""

    def test_user_frames_below_are_not_noise(self):
        user_list = [[] for _ in range(3)]
        call_back = _fake_pydevd()['call_back']
        box = {}

        def evaluated():  # the code an evaluate compiled: called by pydevd, calls the agent
            box['ids'] = self.agent._find_noise()[1]

        call_back(evaluated)
        ids = box.pop('ids')
        self.assertNotIn(id(user_list), ids)
        for lst in user_list:
            self.assertNotIn(id(lst), ids)
        self.assertNotIn(id(box), ids)
        del ids


class MeasurementLeavesNoTraceTest(AgentTestCase):
    def test_snapshot_adds_no_abc_negative_cache_entries(self):
        # Counter(iterator) runs isinstance(iterator, Mapping): every Mapping ABC then caches
        # map / zip with weakrefs, callbacks and sets that the next snapshot would count
        import _abc
        abcs = [collections.abc.Mapping, collections.abc.MutableMapping]
        for c in abcs:
            _abc._reset_caches(c)
        snap_raw()
        snap_raw(set_baseline=True, compare=True)
        for c in abcs:
            negative = _abc._get_dump(c)[2]
            cached = set(w() for w in negative)
            self.assertNotIn(map, cached, c)
            self.assertNotIn(zip, cached, c)
        del negative, cached


if __name__ == '__main__':
    unittest.main()
