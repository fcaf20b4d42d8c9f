"""Dicts that exist only because something read a running function's locals (the debugger's
Variables view; up to 3.12 the snapshot stays on the frame) are reported apart, not counted."""
import json
import sys
import threading
import unittest

from agent_tests.helpers import AgentTestCase, snap_raw


def _parked(started, release):
    box = [1, 2]
    table = {'box': box}
    started.set()
    release.wait(30)
    return table


class LocalsSnapshotTest(AgentTestCase):
    def setUp(self):
        AgentTestCase.setUp(self)
        self.started = threading.Event()
        self.release = threading.Event()
        self.thread = threading.Thread(target=_parked, args=(self.started, self.release),
                                       daemon=True)
        self.thread.start()
        self.assertTrue(self.started.wait(10))
        snap_raw()  # warm up

    def tearDown(self):
        self.release.set()
        self.thread.join(10)
        self.thread = None
        AgentTestCase.tearDown(self)

    def _parked_frame(self):
        f = sys._current_frames()[self.thread.ident]
        while f is not None and f.f_code is not _parked.__code__:
            f = f.f_back
        self.assertIsNotNone(f)
        return f

    def test_reading_locals_changes_no_count(self):
        before = snap_raw()  # a str: holding it adds nothing to the next snapshot
        f = self._parked_frame()
        names = ','.join(sorted(f.f_locals))  # what a debugger's Variables view does
        f = None
        after = snap_raw()
        self.assertEqual(names, 'box,release,started,table')
        a, b = json.loads(before)['result'], json.loads(after)['result']
        self.assertEqual(a['localsSnapshots'], 0)
        ca, cb = counts_of(a), counts_of(b)
        growth = dict((k, cb.get(k, 0) - ca.get(k, 0)) for k in set(ca) | set(cb)
                      if cb.get(k, 0) != ca.get(k, 0))
        self.assertEqual(growth, {})
        # up to 3.12 the snapshot dict stays on the frame; 3.13 reads through a proxy
        self.assertEqual(b['localsSnapshots'], 1 if sys.version_info < (3, 13) else 0)


def counts_of(result):
    return dict((t['key'], t['count']) for t in result['types'])


if __name__ == '__main__':
    unittest.main()
