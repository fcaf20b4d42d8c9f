"""objgraph, the independent reference the agent's results are compared with.

objgraph is not our code and is only installed for Debian's /usr/bin/python3. Another CPython
(pyenv, python.org) loads Debian's copy, a single pure-Python module, by its path: only that one
module, never the rest of Debian's dist-packages. Where neither exists, `objgraph` is None and
the tests that need it skip with NO_OBJGRAPH as the reason.
"""
import importlib.util
import os
import sys

DEBIAN_OBJGRAPH = '/usr/lib/python3/dist-packages/objgraph.py'
NO_OBJGRAPH = ('objgraph is not importable by %s and %s is missing: install objgraph '
               '(apt python3-objgraph or pip) to run the comparisons with it'
               % (sys.executable, DEBIAN_OBJGRAPH))


def load_objgraph():
    """The objgraph module: the interpreter's own, else Debian's file, else None."""
    try:
        import objgraph
        return objgraph
    except ImportError:
        pass
    if not os.path.isfile(DEBIAN_OBJGRAPH):
        return None
    spec = importlib.util.spec_from_file_location('objgraph', DEBIAN_OBJGRAPH)
    module = importlib.util.module_from_spec(spec)
    sys.modules['objgraph'] = module
    try:
        spec.loader.exec_module(module)
    except Exception:
        del sys.modules['objgraph']
        return None
    return module


objgraph = load_objgraph()


def objgraph_made_by(action):
    """What `action()` leaves in the heap as objgraph counts it: {type key: count} with the
    agent's type keys (builtins without a module). The caller disables gc, so that nothing is
    collected in between; objgraph's counts are dicts of str -> int, never gc-tracked."""
    before = objgraph.typestats(shortnames=False)
    action()
    after = objgraph.typestats(shortnames=False)
    made = {}
    for key, n in after.items():
        if n != before.get(key, 0):
            made[key[len('builtins.'):] if key.startswith('builtins.') else key] = \
                n - before.get(key, 0)
    return made
