"""Run under a real debugger (`python -m debugpy --listen ... noise_probe.py`): takes snapshots
through the agent from a debugger-like daemon thread and from the main thread, and prints what
the test checks as one JSON line."""
import gc
import json
import os
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))  # test/agent, above agent_tests

from agent_tests.helpers import install_agent  # noqa: E402
from agent_tests.programs import cache_leak, connections  # noqa: E402

agent = install_agent()
REQ = json.dumps({'v': 1, 'method': 'snapshot',
                  'params': {'collect': True, 'setBaseline': False, 'compareToBaseline': False}})

cache_leak.main(13)
connections.serve(5)
out = {}


def snapshots():
    agent.handle(REQ, 'return')  # warm up
    for n in range(3):
        out[n] = (agent.handle(REQ, 'return'), agent.handle(REQ, 'return'))


def count_map(raw):
    return dict((t['key'], t['count']) for t in json.loads(raw)['result']['types'])


# as the host calls it: from a pydevd-style hidden thread
th = threading.Thread(target=snapshots)
th.is_pydev_daemon_thread = True
th.pydev_do_not_trace = True
th.start()
th.join()
growths = []
for n in range(3):
    ca, cb = count_map(out[n][0]), count_map(out[n][1])
    growths.append(dict((k, cb.get(k, 0) - ca.get(k, 0)) for k in set(ca) | set(cb)
                        if cb.get(k, 0) != ca.get(k, 0)))
b = json.loads(out.pop(2)[1])['result']
out.clear()
noise_types = sorted(t['key'] for t in b['types']
                     if t['module'].startswith(('pydev', '_pydev', 'debugpy', 'leak_hunter')))
from agent_tests.reference import objgraph  # noqa: E402
gc.collect()
stats = objgraph.typestats(shortnames=False)
user = dict((t['key'], t['count']) for t in b['types'] if t['key'].startswith('agent_tests.'))
print(json.dumps({
    'debugger_modules': len([m for m in sys.modules if m.startswith(('pydevd', 'debugpy'))]),
    'growths': growths, 'noise_types': noise_types, 'excluded': b['excludedObjects'],
    'user': user, 'objgraph_user': dict((k, stats.get(k, 0)) for k in user),
}))
sys.stdout.flush()
