"""Before/after of the agent's graph commands in the same process and the same rounds: two joined
agents (e.g. main's and yours) on one benchmark heap, every row once per round, medians and the
spread of the per-round ratios. Checks first that both give the same retainers graph and chain.

  /usr/bin/python3 scripts/bench/agent_ab.py BEFORE_AGENT.py AFTER_AGENT.py SIZE ROUNDS

Make BEFORE_AGENT.py from another checkout's parts (scripts/build.mjs joins them; so does
test/agent/agent_tests/helpers.py agent_source()).
"""
import gc
import io
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
BEFORE, AFTER, N, ROUNDS = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
sys.argv = sys.argv[:1]
import heap_bench as hb  # noqa: E402
import objgraph  # noqa: E402

hb.build(N)
A = hb.load_agent(BEFORE)
B = hb.load_agent(AFTER)
gc.collect(); gc.disable()


def ret(ag):
    return lambda: hb.agent_call(ag, 'retainers', {'target': hb.ref(hb.popular_target()), 'limits': hb.LIMITS, 'labels': hb.LABELS})


def chain(ag):
    return lambda: hb.agent_call(ag, 'chain', {'target': hb.ref(hb.popular_target()), 'root': {'kind': 'module'}, 'labels': hb.LABELS})


def floor():
    for o in gc.get_objects(): gc.get_referents(o)


def backrefs():
    objgraph.show_backrefs([hb.popular_target()], max_depth=5, too_many=10, output=io.StringIO())
rows = {'floor/referents': floor, 'objgraph/show_backrefs-depth5': backrefs,
        'before/retainers': ret(A), 'after/retainers': ret(B),
        'before/chain-200': chain(A), 'after/chain-200': chain(B)}
assert ret(A)() == ret(B)(), 'retainers differ'
assert chain(A)() == chain(B)(), 'chain differs'
t = {k: [] for k in rows}
for r in range(ROUNDS):
    for k, f in rows.items():
        t0 = time.perf_counter(); f(); t[k].append((time.perf_counter() - t0) * 1000)


def med(k):
    return statistics.median(t[k])


print('size', N, 'tracked', len(gc.get_objects()), 'rounds', ROUNDS)
for k in rows: print('%-32s %8.1f ms (%.1f-%.1f)' % (k, med(k), min(t[k]), max(t[k])))
for who in ('before', 'after'):
    sp = [o / a for o, a in zip(t['objgraph/show_backrefs-depth5'], t[who + '/retainers'])]
    cf = [a / f for a, f in zip(t[who + '/chain-200'], t['floor/referents'])]
    print('%s: retainers faster than objgraph by median %.2fx (per-round %.2f-%.2f); chain-200 / referents median %.2fx (%.2f-%.2f)' % (
        who, statistics.median(sp), min(sp), max(sp), statistics.median(cf), min(cf), max(cf)))
