"""Leak: a thread-local list that the main thread keeps appending to."""
import threading


class Record(object):
    def __init__(self, n):
        self.n = n


_local = threading.local()


# the suspect reference's name, the group's type, its count after `reps` repetitions
def leaked(reps):
    return [('_local.records', 'Record', 2 * reps)]


def reset():
    _local.records = []


def repeat(i):
    if getattr(_local, 'records', None) is None:
        _local.records = []
    for k in range(2):
        _local.records.append(Record(k))  # leak: adds
