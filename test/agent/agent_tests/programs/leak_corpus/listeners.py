"""Leak: bound methods of handlers subscribed to a long-lived event bus, never unsubscribed."""


class Bus(object):
    def __init__(self):
        self.listeners = []

    def subscribe(self, fn):
        self.listeners.append(fn)  # leak: adds


class Handler(object):
    def __init__(self, name):
        self.name = name

    def on_event(self, event):
        return self.name


bus = Bus()


# the suspect reference's name, the group's type, its count after `reps` repetitions
def leaked(reps):
    return [('Bus.listeners', 'method', 2 * reps)]


def reset():
    del bus.listeners[:]


def repeat(i):
    for k in range(2):
        bus.subscribe(Handler('h%d' % k).on_event)
