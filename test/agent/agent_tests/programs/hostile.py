"""Objects whose dunder methods misbehave; every call is counted."""
CALLS = []


class RaisingRepr(object):
    def __repr__(self):
        CALLS.append('repr')
        raise ValueError('no repr for you')


class HugeRepr(object):
    def __repr__(self):
        CALLS.append('repr')
        return 'x' * (5 * 1024 * 1024)


class HtmlRepr(object):
    def __repr__(self):
        CALLS.append('repr')
        return '<img src=x onerror=alert(1)></script>'


class RaisingGetattr(object):
    def __getattr__(self, name):
        CALLS.append('getattr')
        raise RuntimeError(name)

    def __getattribute__(self, name):
        CALLS.append('getattribute')
        return object.__getattribute__(self, name)


class RaisingEq(object):
    def __eq__(self, other):
        CALLS.append('eq')
        raise RuntimeError('eq')

    def __hash__(self):
        CALLS.append('hash')
        raise RuntimeError('hash')

    def __len__(self):
        CALLS.append('len')
        raise RuntimeError('len')


class SneakyList(list):
    def __len__(self):
        CALLS.append('len')
        return 42

    def __repr__(self):
        CALLS.append('repr')
        return 'sneaky'

    def __sizeof__(self):
        CALLS.append('sizeof')
        return 1


def make_all():
    return [RaisingRepr(), HugeRepr(), HtmlRepr(), RaisingGetattr(), RaisingEq(),
            SneakyList([1, 2])]
