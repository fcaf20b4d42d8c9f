"""Not a leak: a lookup table filled on first use, then only read."""


class Row(object):
    def __init__(self, n):
        self.n = n


_table = {}


# not a leak: Find Leaks must report nothing here
def leaked(reps):
    return []


def reset():
    _table.clear()


def repeat(i):
    if not _table:
        for k in range(20):
            _table[k] = Row(k)
    return _table[i % 20].n
