"""Leak: a module-level cache dict that is never pruned."""


class Payload(object):
    def __init__(self, n):
        self.n = n
        self.blob = [n] * 10


_cache = {}


# the suspect reference's name, the group's type, its count after `reps` repetitions
def leaked(reps):
    return [('{module}._cache', 'Payload', 3 * reps)]


def reset():
    _cache.clear()


def repeat(i):
    for k in range(3):
        _cache['key-%d-%d' % (i, k)] = Payload(k)  # leak: adds
