"""objgraph's type counts at marked points of a program run standalone (the reference the
exactness test compares Leak Hunter with). Imported by the programs in every run, so both runs
hold the same objects; it records only when LH_OBJGRAPH names objgraph.py (the reference run):
objgraph is loaded from that one file, never from the rest of its directory."""
import gc
import importlib.util
import json
import os

_OUT = os.environ.get('LH_OBJGRAPH_OUT')
_objgraph = None


def _load(path):
    spec = importlib.util.spec_from_file_location('objgraph', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _settled_stats():
    """objgraph.typestats() once collections no longer change the heap: each collection
    untracks one more nesting level of tuples holding only untracked objects."""
    count = -1
    for _ in range(10):
        gc.collect()
        now = len(gc.get_objects())
        if now == count:
            break
        count = now
    return _objgraph.typestats(shortnames=False)


def record(where, k):
    """Writes objgraph's counts to LH_OBJGRAPH_OUT/stats-WHERE-K.json (reference run only)."""
    if _objgraph is None:
        return
    stats = _settled_stats()
    tmp = os.path.join(_OUT, 'stats.tmp')
    with open(tmp, 'w') as f:
        json.dump(stats, f)
    os.replace(tmp, os.path.join(_OUT, 'stats-%s-%d.json' % (where, k)))


if os.environ.get('LH_OBJGRAPH'):
    _objgraph = _load(os.environ['LH_OBJGRAPH'])
    # first calls fill caches (json's encoder, objgraph's imports): before any mark
    _settled_stats()
    with open(os.devnull, 'w') as _f:
        json.dump({'warm': [1]}, _f)
