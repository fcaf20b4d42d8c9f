"""A long-running program that leaks the way the seed article's examples do, driven by files.

argv[1] is a control directory. The program polls it every 50 ms for trigger files; each one is
removed, acted on, and acknowledged by writing `<name>.ack` (written atomically):
- `leak`: leak exactly 100 OBJ (kept by `_cache` after an early return) and 100 Connection
  (kept by the ConnectionManager singleton; each one's msg_handlers holds its own bound methods);
- `state`: write gc / tracemalloc / trace-function / gc.garbage state to `state.json`;
- `pause`: call `checkpoint()`, where the tests set a breakpoint;
- `exit-during-gc`: the next gc.collect() (the agent's) blocks in a gc callback, and the program
  then dies with os._exit(3) while that collect is still running;
- `exit`: leave with exit code 0.
With LH_CUSTOM_STATE=1 it starts with non-default gc settings and an entry in gc.garbage, so the
tests can see that the agent leaves them alone.
"""
import gc
import json
import os
import sys
import time

CONTROL = sys.argv[1]
INITIAL = 50  # OBJ and Connection objects leaked at start


class OBJ(object):
    pass


_cache = []


def func_to_leak(should_return_early=True):
    o = OBJ()
    _cache.append(o)
    if should_return_early:
        return  # the seed article's bug: `_cache.remove(o)` below never runs
    _cache.remove(o)


class Connection(object):
    def __init__(self, manager, number):
        self.number = number
        self.manager = manager
        self.msg_handlers = {'on_chat': self.on_chat, 'on_close': self.on_close}

    def on_chat(self, text):
        return text

    def on_close(self):
        self.manager.closed += 1


class ConnectionManager(object):
    _instance = None

    @classmethod
    def instance(cls):
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    def __init__(self):
        self.connections = []
        self.closed = 0

    def connect(self):
        c = Connection(self, len(self.connections))
        self.connections.append(c)
        return c

    def disconnect(self, c):
        c.msg_handlers['on_close']()  # forgets to drop c from self.connections


def leak(n):
    manager = ConnectionManager.instance()
    for _ in range(n):
        func_to_leak()
        manager.disconnect(manager.connect())


def checkpoint(reason):
    marker = {'reason': reason, 'leaked': len(_cache)}
    total = len(_cache) + len(ConnectionManager.instance().connections)
    return marker, total  # a breakpoint goes on this line


class Hostile(object):
    """A __repr__ that raises: labels must still be clear."""

    repr_calls = 0

    def __repr__(self):
        Hostile.repr_calls += 1
        raise RuntimeError('repr exploded')


class HugeRepr(object):
    """A __repr__ that returns 5 MB of HTML-looking text."""

    repr_calls = 0

    def __repr__(self):
        HugeRepr.repr_calls += 1
        return '<b>' + 'x' * 5000000 + '</b>'


_hostile = [Hostile(), HugeRepr()]

GARBAGE_SENTINEL = ['sentinel']
if os.environ.get('LH_CUSTOM_STATE') == '1':
    gc.disable()
    gc.set_threshold(555, 7, 3)
    gc.set_debug(gc.DEBUG_UNCOLLECTABLE)
    gc.garbage.append(GARBAGE_SENTINEL)


def write_json(name, data):
    tmp = os.path.join(CONTROL, name + '.tmp')
    with open(tmp, 'w') as f:
        json.dump(data, f)
    os.replace(tmp, os.path.join(CONTROL, name))


def state():
    import tracemalloc
    return {
        'gcEnabled': gc.isenabled(),
        'threshold': list(gc.get_threshold()),
        'debug': gc.get_debug(),
        'tracing': tracemalloc.is_tracing(),
        'trace': repr(sys.gettrace()),
        'garbage': [len(gc.garbage), any(g is GARBAGE_SENTINEL for g in gc.garbage)],
        'callbacks': len(gc.callbacks),
    }


def block_next_collect():
    started = os.path.join(CONTROL, 'gc-started')

    def slow(phase, info):
        if phase == 'start':
            open(started, 'w').close()
            time.sleep(30)

    gc.callbacks.append(slow)
    while not os.path.exists(started):
        time.sleep(0.01)
    time.sleep(0.2)
    os._exit(3)


leak(INITIAL)
write_json('ready', {'pid': os.getpid()})
while True:
    for name in ('leak', 'state', 'pause', 'exit-during-gc', 'exit'):
        path = os.path.join(CONTROL, name)
        if not os.path.exists(path):
            continue
        os.remove(path)
        if name == 'leak':
            leak(100)
            write_json('leak.ack', {'leaked': len(_cache)})
        elif name == 'state':
            write_json('state.json', state())
        elif name == 'pause':
            checkpoint('pause')
            write_json('pause.ack', {})
        elif name == 'exit-during-gc':
            write_json('exit-during-gc.ack', {})
            block_next_collect()
        elif name == 'exit':
            sys.exit(0)
    time.sleep(0.05)
