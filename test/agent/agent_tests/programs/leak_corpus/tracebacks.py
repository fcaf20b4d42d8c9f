"""Leak: tracebacks stored for later; each keeps its frames and their locals."""
import sys


class Request(object):
    def __init__(self, n):
        self.body = 'x' * n


_errors = []


# the suspect reference's name, the group's type, its count after `reps` repetitions
def leaked(reps):
    return [('{module}._errors', 'traceback', reps)]


def reset():
    del _errors[:]


def handle(request):
    raise ValueError('bad request')


def repeat(i):
    try:
        handle(Request(i))
    except ValueError:
        _errors.append(sys.exc_info()[2])  # leak: adds
