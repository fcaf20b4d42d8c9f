"""Two leaks at once: users by id in a dict, and an audit list of events."""


class User(object):
    def __init__(self, uid):
        self.uid = uid


class AuditEvent(object):
    def __init__(self, what):
        self.what = what


_users = {}
_audit = []
_next = [0]


# the suspect references' names, the groups' types, their counts after `reps` repetitions
def leaked(reps):
    return [('{module}._users', 'User', 2 * reps), ('{module}._audit', 'AuditEvent', 3 * reps)]


def reset():
    _users.clear()
    del _audit[:]


def repeat(i):
    for k in range(2):
        _next[0] += 1
        _users[_next[0]] = User(_next[0])  # leak: adds
    for k in range(3):
        _audit.append(AuditEvent('login'))  # leak: adds
