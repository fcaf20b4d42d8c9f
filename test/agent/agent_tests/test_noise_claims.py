"""Noise the walk cannot reach, reproduced in-process with fake debugger code (code whose globals
are named like a pydevd module is the debugger's, exactly the rule the agent applies under a
real debugpy): what pydevd's holders of user data hold, and what only a running frame's value
stack or the C stack holds (a `with` block's bound __exit__, a for-loop's iterator, ...)."""
import gc
import sys
import threading
import types
import unittest

from agent_tests.helpers import AgentTestCase, counts, snap_raw

# A debugger-like waiter: it parks the thread that calls it in debugger code, holding objects
# that only its frames' value stacks refer to (pydevd's do_wait_suspend does the same).
_FAKE_WAITER = '''
import contextlib
import threading


class Tracker(object):
    def __init__(self):
        self.parked = threading.Event()
        self.release = threading.Event()
        self.log = []

    @contextlib.contextmanager
    def tracking(self, name):
        self.log.append(name)
        yield self
        self.log.pop()

    def park(self):
        with self.tracking('suspended'):
            for step in [self.log, self.log]:
                self.parked.set()
                self.release.wait()
                break


tracker = Tracker()
'''

# pydevd's holders of user data: a Variables view entry holds the value it shows.
_FAKE_VARIABLES = '''
class _ObjectVariable(object):
    def __init__(self, value):
        self.value = value
        self.children = {'len': [1, 2]}


shown = []
'''


def _fake_module(name, source):
    mod = types.ModuleType(name)
    mod.__file__ = '/fake/%s.py' % name
    sys.modules[name] = mod
    exec(compile(source, mod.__file__, 'exec'), mod.__dict__)
    return mod


class _UserBox(object):
    pass


class StackHeldNoiseTest(AgentTestCase):
    """A user thread parked inside debugger code: nothing the debugger made is counted."""

    def setUp(self):
        AgentTestCase.setUp(self)
        self.waiter = _fake_module('pydevd_fake_waiter', _FAKE_WAITER)
        self.gate = threading.Lock()
        self.gate.acquire()
        self.thread = threading.Thread(target=self._user_thread, daemon=True)
        self.thread.start()
        snap_raw()  # warm up

    def _user_thread(self):
        self.gate.acquire()  # parked in the user's own frame: allocates nothing
        self.waiter.tracker.park()

    def tearDown(self):
        self.waiter.tracker.release.set()
        self.thread.join(10)
        del sys.modules['pydevd_fake_waiter']
        self.waiter.__dict__.clear()
        self.waiter = self.thread = self.gate = None
        gc.collect()
        AgentTestCase.tearDown(self)

    def test_parking_in_debugger_code_adds_nothing(self):
        before = counts(snap_raw())
        self.gate.release()
        self.assertTrue(self.waiter.tracker.parked.wait(10))
        after = counts(snap_raw())
        growth = dict((k, after.get(k, 0) - before.get(k, 0)) for k in set(before) | set(after)
                      if after.get(k, 0) != before.get(k, 0))
        self.assertEqual(growth, {})

    def test_instances_do_not_list_the_debugger_s_stack_objects(self):
        self.gate.release()
        self.assertTrue(self.waiter.tracker.parked.wait(10))
        search = self.agent._noise_search()
        objs = gc.get_objects()
        noise, ids = search.finish(objs)
        mine = [o for o in objs if type(o).__name__ in (
            '_GeneratorContextManager', 'generator', 'list_iterator') and id(o) not in ids
            and getattr(getattr(o, 'gi_code', None), 'co_filename', '').startswith('/fake')]
        del noise, objs, search
        self.assertEqual(mine, [])
        for o in gc.get_referrers(self.waiter.tracker):
            if type(o) is types.MethodType:
                self.assertIn(id(o), ids)
        del ids


class HolderNoiseTest(AgentTestCase):
    """What a Variables view entry holds is the debugger's only if nothing else holds it."""

    def setUp(self):
        AgentTestCase.setUp(self)
        self.fake = _fake_module('pydevd_fake_variables', _FAKE_VARIABLES)

    def tearDown(self):
        del sys.modules['pydevd_fake_variables']
        self.fake.__dict__.clear()
        self.fake = None
        gc.collect()
        AgentTestCase.tearDown(self)

    def test_shared_values_stay_the_user_s(self):
        user_list = [[] for _ in range(3)]
        user_box = _UserBox()
        var = self.fake._ObjectVariable
        self.fake.shown.extend([var(user_list), var(user_box), var([[0], [1]]), var(_UserBox())])
        noise, ids = self.agent._find_noise()
        del noise
        shown = self.fake.shown
        self.assertIn(id(shown[0]), ids)
        self.assertNotIn(id(user_list), ids)  # the user holds it too
        for x in user_list:
            self.assertNotIn(id(x), ids)
        self.assertNotIn(id(user_box), ids)
        only_shown = shown[2].value
        self.assertIn(id(only_shown), ids)  # only the debugger keeps it alive
        for x in only_shown:
            self.assertIn(id(x), ids)
        self.assertIn(id(shown[3].value), ids)
        self.assertIn(id(shown[0].children), ids)
        self.assertIn(id(shown[0].children['len']), ids)
        del ids, shown, only_shown, var


if __name__ == '__main__':
    unittest.main()
