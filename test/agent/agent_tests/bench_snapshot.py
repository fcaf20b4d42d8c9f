"""Benchmark (not a test): agent snapshot vs the floor gc.collect() + Counter(map(type, gc.get_objects())).

Run: /usr/bin/python3 test/agent/agent_tests/bench_snapshot.py [N_OBJECTS]   (default 1,000,000)
Prints medians of 5 runs (ms) and the ratios the foundation issue sets (<= 1.5x floor; objgraph
typestats + growth at least 2x slower than the agent).
"""
import gc
import json
import os
import sys
import time
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # test/agent, above agent_tests

from agent_tests.helpers import agent_source  # noqa: E402


class Item(object):
    def __init__(self, i):
        self.i = i
        self.tags = [i]


def build(n):
    # per Item: the instance, its __dict__, the tags list -> 3 gc objects; plus a dict per 3 items
    data = []
    for i in range(n // 4):
        data.append((Item(i), {'k': Item}))
    return data


def median(f, runs=5):
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter()
        f()
        ts.append((time.perf_counter() - t0) * 1000.0)
    ts.sort()
    return ts[len(ts) // 2]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    src = agent_source()
    exec(compile(src, '<leak-hunter-agent>', 'exec'), {'__name__': 'leak_hunter_agent'})
    agent = sys.modules['leak_hunter_agent']
    keep = build(n)
    gc.collect()
    total = len(gc.get_objects())

    def floor():
        gc.collect()
        Counter(map(type, gc.get_objects()))

    req = json.dumps({'v': 1, 'method': 'snapshot',
                      'params': {'collect': True, 'setBaseline': False, 'compareToBaseline': False}})

    def snap():
        agent.handle(req, 'return')

    req_base = json.dumps({'v': 1, 'method': 'snapshot',
                           'params': {'collect': True, 'setBaseline': True, 'compareToBaseline': True}})

    def snap_base():
        agent.handle(req_base, 'return')

    snap()
    snap_base()
    fs, as_ = [], []
    for _ in range(5):  # interleaved, so that both see the same heap history
        fs.append(median(floor, 1))
        as_.append(median(snap, 1))
    fs.sort()
    as_.sort()
    f, a = fs[2], as_[2]
    b = median(snap_base, 3)
    print('heap: %d gc objects, Python %s' % (total, sys.version.split()[0]))
    print('floor gc.collect()+Counter(map(type, get_objects())): %.1f ms' % f)
    print('agent snapshot (collect):                             %.1f ms  ratio %.2fx (budget 1.5x)'
          % (a, a / f))
    print('agent snapshot + setBaseline + compareToBaseline:     %.1f ms  ratio %.2fx' % (b, b / f))
    try:
        import objgraph
    except ImportError:
        objgraph = None
    if objgraph is not None:
        import io
        sink = io.StringIO()

        def og():
            objgraph.typestats()
            objgraph.show_growth(file=sink)
        og()
        o = median(og, 3)
        print('objgraph typestats + show_growth:                     %.1f ms  (%.2fx the agent)'
              % (o, o / a))
    del keep


if __name__ == '__main__':
    main()
