"""Every command leaves the user's heap as it was: the same objects, by id and type, before and
after (no instance __dict__ materialised by reading attributes on 3.11+, no ABC or type cache
filled, nothing freed). Only the agent's own state (reachable from its module) may change."""
import abc
import gc
import sys
import types
import unittest

from agent_tests.helpers import AgentTestCase, call_raw
from agent_tests.programs import hostile
from agent_tests.test_state import all_methods


class Plain(object):
    """Instances keep their attributes inline on 3.11+ until something reads __dict__."""

    def __init__(self, i):
        self.i = i
        self.items = [i]


class Base(abc.ABC):
    @abc.abstractmethod
    def run(self):
        pass


class Impl(Base):
    def run(self):
        return self


class Virtual(object):
    pass


class Slotted(object):
    __slots__ = ('a', 'b')

    def __init__(self):
        self.a = [1]
        self.b = {'k': [2]}


class Meta(type):
    def __getattribute__(cls, name):
        return type.__getattribute__(cls, name)


class WithMeta(object, metaclass=Meta):
    def __init__(self):
        self.x = [3]


USER = []


def _agent_state_ids(agent):
    """Ids of what the agent's module reaches through builtin containers and its own
    instances (its caches, baseline, state): allowed to change."""
    seen = set()
    stack = [agent.__dict__]
    own = (dict, list, tuple, set, frozenset)
    while stack:
        o = stack.pop()
        if id(o) in seen:
            continue
        seen.add(id(o))
        t = type(o)
        if t in own or getattr(t, '__module__', None) == 'leak_hunter_agent':
            stack.extend(gc.get_referents(o))
    return seen


def _settle():
    """Collect until nothing changes: each collection untracks one more nesting level of tuples
    that hold only untracked objects (untracking is not freeing)."""
    n = -1
    for _ in range(10):
        gc.collect()
        m = len(gc.get_objects())
        if m == n:
            return
        n = m


def _heap(names=None):
    """(id, type id) of every gc-tracked object, as ints in a set; with `names` (a dict), also
    id -> type name (ints and strs only: the dict stays untracked)."""
    objs = gc.get_objects()
    try:
        if names is not None:
            for o in objs:
                names[id(o)] = type(o).__name__
            o = None
        return set([(id(o) << 64) | id(type(o)) for o in objs])
    finally:
        del objs


class HeapUntouchedTest(AgentTestCase):
    def setUp(self):
        AgentTestCase.setUp(self)
        Base.register(Virtual)
        USER.extend([Plain(i) for i in range(10)])
        USER.extend([Impl(), Virtual(), Slotted(), WithMeta()])
        USER.extend(hostile.make_all())

    def tearDown(self):
        del USER[:]
        gc.collect()
        AgentTestCase.tearDown(self)

    def test_every_command_leaves_the_user_heap_as_it_was(self):
        target = USER[3]
        for method, params in all_methods(target) + [
                ('instances', {'typeKey': __name__ + '.Plain', 'offset': 0, 'limit': 50,
                               'labels': {'mode': 'repr', 'maxLength': 80}}),
                ('leaking', {'labels': {'mode': 'safe', 'maxLength': 80}, 'maxGroups': 5})]:
            call_raw(method, params)  # first call: the agent's own first-use caches
            _settle()
            names = {}
            before = _heap(names)
            allowed = _agent_state_ids(self.agent)
            r = call_raw(method, params)
            _settle()
            after = _heap()
            allowed |= _agent_state_ids(self.agent)
            allowed.update((id(before), id(after), id(allowed), id(r)))
            added = [k for k in after - before if (k >> 64) not in allowed]
            removed = [k for k in before - after if (k >> 64) not in allowed]
            described = self._describe(added)
            gone = sorted(names.get(k >> 64, '?') for k in removed)
            self.assertEqual((described, gone), ([], []), '%s %r' % (method, params))
            del before, after, added, removed, allowed, r, names
        for o in USER:
            if type(o) in (Plain, Impl, Virtual, WithMeta) and sys.version_info >= (3, 11):
                # reading __dict__ here would make it: ask the referents instead
                self.assertNotIn(dict, [type(x) for x in gc.get_referents(o)
                                        if type(x) is dict and 'i' in x and len(x) == 2])

    def _describe(self, keys):
        ids = set(k >> 64 for k in keys)
        out = []
        for o in gc.get_objects():
            if id(o) in ids:
                out.append('%s %s' % (type(o).__name__, repr(o)[:80] if type(o) in (
                    dict, list, tuple, set, types.MethodType) else ''))
        return sorted(out)


if __name__ == '__main__':
    unittest.main()
