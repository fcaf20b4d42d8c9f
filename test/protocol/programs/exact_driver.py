"""Runs one workload of the seed's or the tests' leak programs between marks, for the exactness
comparison (test/protocol/exactness.test.ts).

argv: CONTROL_DIR WORKLOAD, WORKLOAD = DIR:MODULE:FUNCTION[:INT_ARG] with DIR relative to the
repository (e.g. `sample:cache_leak:leak_one_batch`). The program writes `ready`, then polls
CONTROL_DIR: on `step` it runs the workload once (not for the first step), calls mark() (the
paused snapshots' breakpoint is on its `return`), writes `step.ack` and idles; `exit` ends it.
In the reference run (LH_OBJGRAPH set) objgraph's counts are recorded at each mark and at the
idle point after it (objgraph_marks)."""
import os
import sys
import time

import objgraph_marks

CONTROL = sys.argv[1]
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..'))
_dir, _module, _function = sys.argv[2].split(':')[:3]
_arg = sys.argv[2].split(':')[3:]
sys.path.insert(0, os.path.join(ROOT, *_dir.split('/')))
work = getattr(__import__(_module), _function)
work_args = tuple(int(a) for a in _arg)


def mark(k):
    step = [k]  # a container local: the Variables view's snapshot of these locals is tracked
    objgraph_marks.record('mark', k)
    return step  # LH-MARK: the breakpoint of paused snapshots


def touch(name):
    with open(os.path.join(CONTROL, name), 'w'):
        pass


def main():
    step = os.path.join(CONTROL, 'step')
    stop = os.path.join(CONTROL, 'exit')
    k = 0
    touch('ready')
    while not os.path.exists(stop):
        if os.path.exists(step):
            os.remove(step)
            if k:
                work(*work_args)
            mark(k)
            touch('step.ack')
            objgraph_marks.record('idle', k)
            k += 1
        time.sleep(0.02)


main()
