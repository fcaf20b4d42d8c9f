"""Leak: generators started and parked, never finished or closed."""


class Job(object):
    def __init__(self, n):
        self.n = n


_parked = []


# the suspect reference's name, the group's type, its count after `reps` repetitions
def leaked(reps):
    return [('{module}._parked', 'generator', 2 * reps)]


def reset():
    del _parked[:]


def worker(job):
    yield job.n
    yield job.n + 1


def repeat(i):
    for k in range(2):
        g = worker(Job(k))
        next(g)
        _parked.append(g)  # leak: adds
