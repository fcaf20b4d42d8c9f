"""Not a leak: objects freed and allocated at the same addresses every repetition (address
reuse by new objects of the same type)."""


class ChurnNode(object):
    def __init__(self, n):
        self.n = n


_current = []


# not a leak: Find Leaks must report nothing here
def leaked(reps):
    return []


def reset():
    del _current[:]


def repeat(i):
    # free the previous generation, then allocate the same number of Nodes: CPython hands the
    # freed addresses straight back
    del _current[:]
    for k in range(6):
        _current.append(ChurnNode(k))
