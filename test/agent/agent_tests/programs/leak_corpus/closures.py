"""Leak: callbacks whose closures keep big objects, kept in a global list."""


class Big(object):
    def __init__(self):
        self.data = list(range(50))


_callbacks = []


# the suspect reference's name, the group's type, its count after `reps` repetitions
def leaked(reps):
    return [('{module}._callbacks', 'function', 2 * reps)]


def reset():
    del _callbacks[:]


def make_callback(big):
    def callback():
        return len(big.data)
    return callback


def repeat(i):
    for k in range(2):
        _callbacks.append(make_callback(Big()))  # leak: adds
