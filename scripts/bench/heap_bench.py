"""Leak Hunter benchmark heap and in-process measurements (run with /usr/bin/python3).

Two modes:
- ``--measure``: builds the heap in this (plain, undebugged) CPython and times, on that same heap,
  the floors, objgraph and the Leak Hunter agent called in-process (``handle(..., reply_mode=
  'return')``, so JSON encoding of the reply is included). Prints one JSON object on stdout.
- ``--serve CONTROL_DIR``: builds the same heap and waits, as the debuggee of the end-to-end rows
  (run under debugpy); writes ``ready.json`` with the targets' addresses, makes 10,000 garbage
  cycles on a ``cycles`` trigger file (acknowledged by ``cycles.ack``), exits on ``exit``.

The heap: a dict of lists of 100 small ``Node`` instances (one gc-tracked object each: 3.11
keeps instance attributes inline), a pair cycle every 10 nodes, a module-level ``CACHE`` holding
a few ``Target``s (the 4-deep target: module -> CACHE -> list -> Holder -> Target), and one
``Target`` referred to by 200 nodes in 200 different lists (the 200-referrer target).
Automatic gc is off while measuring so every row sees the same heap; each operation that
collects does so itself.
"""
import argparse
import gc
import inspect
import io
import json
import os
import re
import statistics
import sys
import time
from collections import Counter, deque

import python_dominators

PER_LIST = 100
GARBAGE_CYCLES = 10000


class Node(object):
    def __init__(self, i):
        self.i = i
        self.peer = None


class Holder(object):
    def __init__(self, item):
        self.item = item


class Target(object):
    pass


class CycleA(object):
    pass


HEAP = {}
CACHE = {}


def build(size):
    """About ``size`` gc-tracked objects (plus the interpreter's own)."""
    nlists = max(size // (PER_LIST + 1), 400)
    for k in range(nlists):
        lst = [Node(i) for i in range(PER_LIST)]
        for j in range(0, PER_LIST, 10):
            lst[j].peer = lst[j + 1]
            lst[j + 1].peer = lst[j]
        HEAP['l%d' % k] = lst
    popular = Target()
    stride = nlists // 200
    for k in range(200):
        HEAP['l%d' % (k * stride)][55].peer = popular
    CACHE['recent'] = [Holder(Target()), Holder(Target()), Holder(Target())]
    return nlists


# Targets are only ever held in locals of short functions (3.11 frames' locals are invisible to
# gc.get_referrers), so no search finds a shortcut through the benchmark itself.
def popular_target():
    return HEAP['l0'][55].peer


def deep_target():
    return CACHE['recent'][0].item


def make_garbage_cycles(n=GARBAGE_CYCLES):
    for _ in range(n):
        a = CycleA()
        b = CycleA()
        a.other = b
        b.other = a
    a = b = None


def type_key(t):
    return t.__name__ if t.__module__ == 'builtins' else '%s.%s' % (t.__module__, t.__qualname__)


def ref(o):
    return {'address': id(o), 'typeKey': type_key(type(o))}


# ------------------------------------------------------------------ in-process measurement

def load_agent(path):
    with open(path, encoding='utf-8') as f:
        src = f.read()
    exec(compile(src, '<leak-hunter-agent>', 'exec'), {'__name__': 'leak_hunter_agent'})
    return sys.modules['leak_hunter_agent']


LABELS = {'mode': 'safe', 'maxLength': 120}
LIMITS = {'maxDepth': 5, 'tooMany': 10, 'maxNodes': 300, 'ignoreTypes': [], 'mergeInstanceDicts': True}


def agent_call(agent, method, params):
    text = agent.handle(json.dumps({'v': agent.AGENT_VERSION, 'method': method, 'params': params}),
                        reply_mode='return')
    reply = json.loads(text)
    if not reply.get('ok'):
        raise RuntimeError('%s: %s' % (method, reply.get('error')))
    return reply['result']


def peak_memory(fn, setup=None):
    """Peak bytes allocated while ``fn`` runs (tracemalloc; slower, so never timed)."""
    import tracemalloc
    if setup:
        setup()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        fn()
        return tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


def measure(args):
    import objgraph

    gc.disable()
    build(args.size)
    gc.collect()
    agent = load_agent(args.agent)
    agent_call(agent, 'hello', {})
    rows = {}
    notes = []

    specs = []

    def row(name, fn, setup=None, teardown=None, memory=False, runs=None):
        if args.rows and not re.search(args.rows, name):
            return  # --rows: only the rows asked for
        specs.append((name, fn, setup, teardown, memory, runs or args.runs))

    # -- floors
    tracked = len(gc.get_objects())
    row('floor/get_objects', lambda: len(gc.get_objects()))
    row('floor/counter', lambda: len(Counter(map(type, gc.get_objects()))))
    row('floor/collect', gc.collect)
    row('floor/referents', lambda: deque(map(gc.get_referents, gc.get_objects()), maxlen=0))
    row('floor/collect+counter', lambda: (gc.collect(), len(Counter(map(type, gc.get_objects())))))
    row('floor/collect-with-10k-cycles', gc.collect, setup=make_garbage_cycles)

    # -- objgraph
    row('objgraph/typestats', lambda: len(objgraph.typestats()))
    objgraph.show_growth(file=io.StringIO())  # the first call only records the peaks
    row('objgraph/show_growth', lambda: objgraph.show_growth(file=io.StringIO()))
    row('objgraph/chain/4-deep',
        lambda: len(objgraph.find_backref_chain(deep_target(), inspect.ismodule)))
    row('objgraph/chain/200-referrers',
        lambda: len(objgraph.find_backref_chain(popular_target(), inspect.ismodule)),
        runs=args.slow_runs)
    row('objgraph/show_backrefs-depth5',
        lambda: objgraph.show_backrefs([popular_target()], max_depth=5, too_many=10,
                                       output=io.StringIO()))

    def savell_collect():
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            gc.collect()
        finally:
            gc.set_debug(0)

    def clear_garbage():
        del gc.garbage[:]
    row('objgraph/DEBUG_SAVEALL-collect', savell_collect, setup=make_garbage_cycles,
        teardown=clear_garbage)

    # -- the agent, in-process
    plain = {'collect': True, 'setBaseline': False, 'compareToBaseline': False}
    row('agent/snapshot', lambda: agent_call(agent, 'snapshot', plain), memory=True)
    read_only = {'collect': False, 'setBaseline': False, 'compareToBaseline': False}
    row('agent/snapshot-readonly', lambda: agent_call(agent, 'snapshot', read_only), memory=True)

    def chain(target_fn):
        return lambda: agent_call(agent, 'chain', {'target': ref(target_fn()), 'root': {'kind': 'module'},
                                                   'maxDepth': 20, 'labels': LABELS})
    row('agent/chain/4-deep', chain(deep_target), memory=True)
    row('agent/chain/200-referrers', chain(popular_target), memory=True)
    row('agent/retainers-depth5',
        lambda: agent_call(agent, 'retainers', {'target': ref(popular_target()), 'limits': LIMITS,
                                                'labels': LABELS}),
        memory=True)
    row('agent/cycles',
        lambda: agent_call(agent, 'cycles', {'scope': 'all', 'keepAlive': False, 'maxGroups': 50,
                                             'labels': LABELS}),
        setup=make_garbage_cycles, teardown=gc.collect, memory=True)  # (read-only: frees none)

    # -- retained sizes: the agent's heap graph, the host's dominators on it (a Node process
    # kept running so its rounds interleave with the rest), and the alternative measured against
    # it: everything in the debuggee, in Python
    host = HostDominators()
    graph_text = {}
    graph_file = os.path.join(host.dir, 'graph.json')

    def heap_graph():
        graph_text['last'] = agent.handle(json.dumps({'v': agent.AGENT_VERSION, 'method': 'heapGraph',
                                                      'params': {}}), reply_mode='return')

    def write_graph():
        reply = json.loads(graph_text['last'])
        if not reply.get('ok'):
            raise RuntimeError('heapGraph: %s' % reply.get('error'))
        with open(graph_file, 'w') as f:
            json.dump(reply['result'], f)

    row('agent/heap-graph', heap_graph, memory=True)
    row('host/dominators', lambda: host.compute(graph_file), setup=write_graph)
    row('alt/python-dominators', lambda: python_dominators.retained_in_python(agent), memory=True,
        runs=min(args.runs, args.alt_runs))

    # Rounds: every operation once per round, so load from other processes on a shared machine
    # falls on all rows alike and the same-run ratios stay fair.
    times = dict((spec[0], []) for spec in specs)
    scc_times = []  # the agent's own SCC pass inside each cycles call
    last = {}
    for r in range(args.runs):
        for name, fn, setup, teardown, memory, runs in specs:
            if r >= runs:
                continue
            if setup:
                setup()
            t0 = time.perf_counter()
            last[name] = fn()
            times[name].append((time.perf_counter() - t0) * 1000.0)
            if name == 'agent/cycles':
                scc_times.append(last[name]['sccMillis'])
            if teardown:
                teardown()
    for name, fn, setup, teardown, memory, runs in specs:
        t = times[name]
        rows[name] = {'median': statistics.median(t), 'min': min(t), 'max': max(t), 'runs': len(t)}
        if memory and not args.no_memory:
            rows[name]['peakBytes'] = peak_memory(fn, setup)
            if teardown:
                teardown()

    if scc_times:
        rows['agent/cycles-scc'] = {'median': statistics.median(scc_times), 'min': min(scc_times),
                                    'max': max(scc_times), 'runs': len(scc_times)}
    if 'agent/snapshot' in last:
        node_count = sum(t['count'] for t in last['agent/snapshot']['types']
                         if t['key'] == '__main__.Node')
        if node_count != len(HEAP) * PER_LIST:
            notes.append('agent snapshot counted %d Node, expected %d'
                         % (node_count, len(HEAP) * PER_LIST))
    for name in ('agent/chain/4-deep', 'agent/chain/200-referrers'):
        if name in last and not last[name]['found']:
            notes.append('%s found no chain' % name)
    if 'agent/retainers-depth5' in last:
        rows['agent/retainers-depth5']['nodes'] = len(last['agent/retainers-depth5']['nodes'])
    if 'agent/cycles' in last and last['agent/cycles']['totalCycles'] < GARBAGE_CYCLES:
        notes.append('agent cycles found %d cycles, expected >= %d'
                     % (last['agent/cycles']['totalCycles'], GARBAGE_CYCLES))
    del last

    host_last = host.close()
    json.dump({'size': args.size, 'trackedObjects': tracked, 'python': sys.version.split()[0],
               'heapBytes': host_last.get('heapBytes'), 'graphNodes': host_last.get('nodes'),
               'hostBreakdown': host_last,
               'objgraph': objgraph.__version__, 'rows': rows, 'notes': notes}, sys.stdout)
    sys.stdout.write('\n')


class HostDominators(object):
    """scripts/bench/dominators_bench.ts, kept running: computes the dominators of a heap graph
    file as the host does and answers with its timings."""

    def __init__(self):
        import subprocess
        import tempfile
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
        self.dir = tempfile.mkdtemp(prefix='lh-bench-graph-')
        self.proc = subprocess.Popen(
            ['node', '--import', 'tsx', os.path.join('scripts', 'bench', 'dominators_bench.ts')],
            cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE, universal_newlines=True)
        self.last = {}

    def compute(self, path):
        self.proc.stdin.write(path + '\n')
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError('dominators_bench.ts exited')
        self.last = json.loads(line)
        return self.last

    def close(self):
        import shutil
        self.proc.stdin.close()
        self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)
        return self.last


# ------------------------------------------------------------------ debuggee for end-to-end rows

def serve(args):
    gc.disable()
    build(args.size)
    gc.collect()
    control = args.serve

    def write(name, data):
        tmp = os.path.join(control, name + '.tmp')
        with open(tmp, 'w') as f:
            json.dump(data, f)
        os.replace(tmp, os.path.join(control, name))

    write('ready.json', {'popular': ref(popular_target()), 'deep': ref(deep_target()),
                         'trackedObjects': len(gc.get_objects()), 'pid': os.getpid()})
    while True:
        if os.path.exists(os.path.join(control, 'cycles')):
            os.remove(os.path.join(control, 'cycles'))
            gc.collect()  # the last run's cycles: finding them read-only freed none
            make_garbage_cycles()
            write('cycles.ack', {})
        if os.path.exists(os.path.join(control, 'exit')):
            return
        time.sleep(0.05)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--size', type=int, required=True)
    p.add_argument('--runs', type=int, default=3)
    p.add_argument('--slow-runs', type=int, default=None,
                   help='runs of objgraph chain/200-referrers (slow); default: --runs')
    p.add_argument('--agent', default=os.path.join(os.path.dirname(__file__), '..', '..', 'dist',
                                                   'agent', 'leak_hunter_agent.py'),
                   help='the joined agent (default: the one `npm run build` writes)')
    p.add_argument('--alt-runs', type=int, default=3,
                   help='runs of alt/python-dominators (slow); at most --runs')
    p.add_argument('--rows', default=None, help='only the rows whose name matches this regex')
    p.add_argument('--no-memory', action='store_true')
    p.add_argument('--measure', action='store_true')
    p.add_argument('--serve', metavar='CONTROL_DIR')
    args = p.parse_args()
    args.slow_runs = args.slow_runs or args.runs
    if args.serve:
        serve(args)
    else:
        measure(args)


if __name__ == '__main__':
    main()
