"""gc.freeze() accounting: objects the interpreter froze (CPython 3.12: the built-in types'
immortal __mro__/__bases__ tuples, 375 on 3.12.1, put in the permanent generation at start-up
and by every collection) are told apart from those the program froze."""
import gc
import json
import subprocess
import sys
import unittest

from agent_tests.helpers import AgentTestCase, result, snap_raw
from agent_tests.programs import cache_leak


def _fresh_freeze_count():
    """gc.get_freeze_count() of a fresh interpreter like this one, before any program code."""
    out = subprocess.run([sys.executable, '-I', '-S', '-c',
                          'import gc; print(gc.get_freeze_count())'],
                         stdout=subprocess.PIPE, universal_newlines=True, check=True)
    return int(out.stdout)


FROZEN_AT_START = _fresh_freeze_count()


class FrozenAccountingTest(AgentTestCase):
    def test_hello_splits_the_start_up_freeze_from_the_program_s(self):
        res = result('hello')
        self.assertEqual(res['frozenObjects'], 0)
        self.assertEqual(res['frozenByInterpreter'], FROZEN_AT_START)
        self.assertEqual(res['frozenObjects'] + res['frozenByInterpreter'],
                         gc.get_freeze_count())

    def test_program_freeze_is_counted_as_the_program_s(self):
        keep = [cache_leak.OBJ() for _ in range(3)]
        gc.collect()
        gc.freeze()
        try:
            frozen_now = gc.get_freeze_count()
            res = json.loads(snap_raw(collect=False))['result']
            self.assertEqual(res['frozenByInterpreter'], FROZEN_AT_START)
            self.assertEqual(res['frozenObjects'], frozen_now - FROZEN_AT_START)
            self.assertGreater(res['frozenObjects'], 3)
        finally:
            gc.unfreeze()
        res = json.loads(snap_raw())['result']
        self.assertEqual(res['frozenObjects'], 0)
        # unfreeze() gives the interpreter's tuples back to the collector too; 3.12 moves these
        # immortal objects to the permanent generation again on the snapshot's collection
        self.assertEqual(res['frozenByInterpreter'], FROZEN_AT_START)
        self.assertEqual(res['frozenObjects'] + res['frozenByInterpreter'],
                         gc.get_freeze_count())
        del keep


if __name__ == '__main__':
    unittest.main()
