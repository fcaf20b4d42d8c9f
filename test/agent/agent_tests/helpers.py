"""Shared helpers for the agent tests: join the agent's parts, load it the way the host does,
call it."""
import gc
import json
import os
import re
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS_TOP = os.path.dirname(HERE)  # test/agent: the top level that holds the agent_tests package
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
AGENT_PARTS = os.path.join(ROOT, 'extension', 'backend', 'python', 'agent')
AGENT_PART_NAME = re.compile(r'^[0-9]{2}_[a-z0-9_]+\.py$')
PROGRAMS = os.path.join(HERE, 'programs')
PYTHON = sys.executable  # subprocesses run on the interpreter that runs the suite
SAFE = {'mode': 'safe', 'maxLength': 80}


def agent_part_names():
    """The agent's part files (NN_name.py), in the order they are joined: file-name order."""
    files = [f for f in os.listdir(AGENT_PARTS) if f.endswith('.py')]
    stray = [f for f in files if not AGENT_PART_NAME.match(f)]
    if stray:
        raise ValueError('agent parts must be named NN_name.py: %s' % ', '.join(sorted(stray)))
    return sorted(files)


def agent_source():
    """The agent module's text, joined exactly as scripts/build.mjs joins it (joinAgentParts):
    each part without its trailing newlines, two blank lines between parts, one final newline."""
    texts = []
    for name in agent_part_names():
        with open(os.path.join(AGENT_PARTS, name), encoding='utf-8', newline='') as f:
            texts.append(f.read().rstrip('\n'))
    return '\n\n\n'.join(texts) + '\n'


def install_agent():
    """Install exactly as the host's evaluate does; returns sys.modules['leak_hunter_agent']."""
    exec(compile(agent_source(), '<leak-hunter-agent>', 'exec'), {'__name__': 'leak_hunter_agent'})
    return sys.modules['leak_hunter_agent']


def agent():
    """The installed agent module, installing it first if needed."""
    mod = sys.modules.get('leak_hunter_agent')
    if mod is None:
        mod = install_agent()
    return mod


def call_raw(method, params=None, v=1):
    """The reply JSON text (a str: not gc-tracked, so holding it does not perturb counts)."""
    return agent().handle(json.dumps({'v': v, 'method': method, 'params': params or {}}), 'return')


def call(method, params=None, v=1):
    """The decoded reply of one request."""
    return json.loads(call_raw(method, params, v))


def result(method, params=None):
    """The result of one request that must succeed."""
    r = call(method, params)
    if not r.get('ok'):
        raise AssertionError('%s failed: %r' % (method, r))
    return r['result']


def snap_raw(collect=True, set_baseline=False, compare=False):
    """The raw reply text of one snapshot."""
    return call_raw('snapshot', {'collect': collect, 'setBaseline': set_baseline,
                                 'compareToBaseline': compare})


def counts(raw):
    """typeKey -> count of a raw snapshot reply."""
    return dict((t['key'], t['count']) for t in json.loads(raw)['result']['types'])


def types_by_key(raw):
    """typeKey -> type entry of a raw snapshot reply."""
    return dict((t['key'], t) for t in json.loads(raw)['result']['types'])


def gc_state():
    """What the agent must leave as it was: gc flags and thresholds, gc.garbage, the trace."""
    return (gc.isenabled(), gc.get_threshold(), gc.get_debug(), list(map(id, gc.garbage)),
            sys.gettrace())


def ref(obj):
    """The protocol's ObjectRef of `obj`."""
    t = type(obj)
    mod = t.__module__
    key = t.__qualname__ if mod == 'builtins' else mod + '.' + t.__qualname__
    return {'address': id(obj), 'typeKey': key}


def limits(**kw):
    """GraphLimits for a request: test defaults, overridden by `kw`."""
    d = {'maxDepth': 6, 'tooMany': 10, 'maxNodes': 200, 'ignoreTypes': [],
         'mergeInstanceDicts': True}
    d.update(kw)
    return d


class AgentTestCase(unittest.TestCase):
    """A test that checks the agent left the gc and trace state as it found it."""
    maxDiff = None

    @property
    def agent(self):
        return agent()

    def setUp(self):
        self._gc_before = gc_state()

    def tearDown(self):
        self.assertEqual(gc_state(), self._gc_before, 'gc / trace state changed by the agent')
