"""A program that disabled gc and dropped reference cycles with finalizers and weakref callbacks.

argv[1] is a control directory, polled every 50 ms for trigger files: `state` writes state.json
(what ran so far); `collect` runs the program's own gc.collect() and writes collect.json.
Leak Hunter's read-only commands must leave every count here unchanged until `collect`.
"""
import gc
import json
import os
import sys
import time
import weakref

CONTROL = sys.argv[1]
gc.disable()
FINALIZED = []
CALLBACKS = []
UNCHANGED = ['the program keeps this in gc.garbage']
gc.garbage.append(UNCHANGED)


class Parent(object):
    def __del__(self):
        FINALIZED.append('Parent')


class Child(object):
    def __del__(self):
        FINALIZED.append('Child')


class Plain(object):
    pass


def drop_cycles():
    """25 parent/child cycles with __del__; 5 plain pairs, each watched by a weakref callback."""
    for _ in range(25):
        p = Parent()
        c = Child()
        p.child = c
        c.parent = p
    refs = []
    for _ in range(5):
        a = Plain()
        b = Plain()
        a.other = b
        b.other = a
        refs.append(weakref.ref(a, CALLBACKS.append))
    return refs


REFS = drop_cycles()


def write_json(name, data):
    tmp = os.path.join(CONTROL, name + '.tmp')
    with open(tmp, 'w') as f:
        json.dump(data, f)
    os.replace(tmp, os.path.join(CONTROL, name))


def state():
    return {
        'finalized': len(FINALIZED),
        'callbacks': len(CALLBACKS),
        'alive': sum(1 for r in REFS if r() is not None),
        'gc': [gc.isenabled(), list(gc.get_threshold()), gc.get_debug()],
        'garbage': [len(gc.garbage), gc.garbage[-1] is UNCHANGED],
    }


write_json('ready', {'pid': os.getpid()})
while True:
    for name in ('state', 'collect', 'exit'):
        path = os.path.join(CONTROL, name)
        if not os.path.exists(path):
            continue
        os.remove(path)
        if name == 'state':
            write_json('state.json', state())
        elif name == 'collect':
            gc.collect()
            write_json('collect.json', dict(state(), order=sorted(set(FINALIZED))))
        else:
            sys.exit(0)
    time.sleep(0.05)
