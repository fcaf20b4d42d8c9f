"""Leak: grows only on every other repetition."""


class Entry(object):
    def __init__(self, n):
        self.n = n


_history = []


# the suspect reference's name, the group's type, its count after `reps` repetitions
def leaked(reps):
    return [('{module}._history', 'Entry', 3 * ((reps + 1) // 2))]


def reset():
    del _history[:]


def repeat(i):
    if i % 2 == 1:
        for k in range(3):
            _history.append(Entry(k))  # leak: adds
