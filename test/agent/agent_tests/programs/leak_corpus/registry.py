"""Leak: connections registered in a global list and never unregistered."""


class Connection(object):
    def __init__(self, peer):
        self.peer = peer
        self.handlers = {'on_data': self.on_data}

    def on_data(self, data):
        return data


_registry = []


# the suspect reference's name, the group's type, its count after `reps` repetitions
def leaked(reps):
    return [('{module}._registry', 'Connection', 4 * reps)]


def reset():
    for c in _registry:
        c.handlers.clear()
    del _registry[:]


def register(conn):
    _registry.append(conn)  # leak: adds


def repeat(i):
    for k in range(4):
        register(Connection('peer-%d' % k))
