"""Not a leak: an LRU cache bounded to 8 entries; the oldest are evicted."""
from collections import OrderedDict


class Value(object):
    def __init__(self, n):
        self.n = n


_lru = OrderedDict()
_counter = [0]
MAX = 8


# not a leak: Find Leaks must report nothing here
def leaked(reps):
    return []


def reset():
    _lru.clear()


def put(key, value):
    _lru[key] = value
    _lru.move_to_end(key)
    while len(_lru) > MAX:
        _lru.popitem(last=False)


def repeat(i):
    for k in range(3):
        _counter[0] += 1
        put(_counter[0], Value(k))
