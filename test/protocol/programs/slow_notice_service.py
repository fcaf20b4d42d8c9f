"""A running program with a heap big enough that a Leak Hunter snapshot outlasts the slow-evaluation
threshold the test gives pydevd (env PYDEVD_WARN_EVALUATION_TIMEOUT, set small by the test).

argv[1] is a control directory: `ready` is written once the heap is built.
"""
import json
import os
import sys
import time

CONTROL = sys.argv[1]


class Node(object):
    def __init__(self, i):
        self.i = i


HEAP = [[Node(i) for i in range(100)] for _ in range(6000)]  # 600k tracked objects

with open(os.path.join(CONTROL, 'ready.tmp'), 'w') as f:
    json.dump({'pid': os.getpid()}, f)
os.rename(os.path.join(CONTROL, 'ready.tmp'), os.path.join(CONTROL, 'ready'))
while True:
    time.sleep(0.05)
