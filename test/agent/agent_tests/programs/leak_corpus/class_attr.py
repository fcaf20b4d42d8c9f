"""Leak: every instance registers itself in a class attribute."""


class Session(object):
    all_sessions = []

    def __init__(self, user):
        self.user = user
        Session.all_sessions.append(self)  # leak: adds


# the suspect reference's name, the group's type, its count after `reps` repetitions
def leaked(reps):
    return [('Session.all_sessions', 'Session', 3 * reps)]


def reset():
    del Session.all_sessions[:]


def repeat(i):
    for k in range(3):
        Session('u%d' % k)
