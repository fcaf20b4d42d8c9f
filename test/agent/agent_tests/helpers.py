"""Shared helpers for the agent tests: load the agent the way the host does, call it."""
import gc
import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS_TOP = os.path.dirname(HERE)  # test/agent: the top level that holds the agent_tests package
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
AGENT_PATH = os.path.join(ROOT, 'extension', 'agent', 'leak_hunter_agent.py')
PROGRAMS = os.path.join(HERE, 'programs')
PYTHON = sys.executable  # subprocesses run on the interpreter that runs the suite
SAFE = {'mode': 'safe', 'maxLength': 80}


def agent_source():
    with open(AGENT_PATH) as f:
        return f.read()


def install_agent():
    """Install exactly as the host's evaluate does; returns sys.modules['leak_hunter_agent']."""
    exec(compile(agent_source(), '<leak-hunter-agent>', 'exec'), {'__name__': 'leak_hunter_agent'})
    return sys.modules['leak_hunter_agent']


def agent():
    mod = sys.modules.get('leak_hunter_agent')
    if mod is None:
        mod = install_agent()
    return mod


def call_raw(method, params=None, v=1):
    """The reply JSON text (a str: not gc-tracked, so holding it does not perturb counts)."""
    return agent().handle(json.dumps({'v': v, 'method': method, 'params': params or {}}), 'return')


def call(method, params=None, v=1):
    return json.loads(call_raw(method, params, v))


def result(method, params=None):
    r = call(method, params)
    if not r.get('ok'):
        raise AssertionError('%s failed: %r' % (method, r))
    return r['result']


def snap_raw(collect=True, set_baseline=False, compare=False):
    return call_raw('snapshot', {'collect': collect, 'setBaseline': set_baseline,
                                 'compareToBaseline': compare})


def counts(raw):
    return dict((t['key'], t['count']) for t in json.loads(raw)['result']['types'])


def types_by_key(raw):
    return dict((t['key'], t) for t in json.loads(raw)['result']['types'])


def gc_state():
    return (gc.isenabled(), gc.get_threshold(), gc.get_debug(), list(map(id, gc.garbage)),
            sys.gettrace())


def ref(obj):
    t = type(obj)
    mod = t.__module__
    key = t.__qualname__ if mod == 'builtins' else mod + '.' + t.__qualname__
    return {'address': id(obj), 'typeKey': key}


def limits(**kw):
    d = {'maxDepth': 6, 'tooMany': 10, 'maxNodes': 200, 'ignoreTypes': [],
         'mergeInstanceDicts': True}
    d.update(kw)
    return d


class AgentTestCase(unittest.TestCase):
    maxDiff = None

    @property
    def agent(self):
        return agent()

    def setUp(self):
        self._gc_before = gc_state()

    def tearDown(self):
        self.assertEqual(gc_state(), self._gc_before, 'gc / trace state changed by the agent')
