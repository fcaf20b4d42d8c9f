"""Leak: functools.lru_cache on a method keeps every instance it was called on."""
import functools


class Service(object):
    def __init__(self, name):
        self.name = name

    @functools.lru_cache(maxsize=None)  # leak: adds
    def lookup(self, key):
        return '%s:%s' % (self.name, key)


# the suspect reference's name, the group's type, its count after `reps` repetitions
def leaked(reps):
    return [('Service.lookup cache', 'tuple', 2 * reps)]


def reset():
    Service.lookup.cache_clear()


def repeat(i):
    for k in range(2):
        Service('svc%d' % i).lookup(k)
