"""cycles: the signature is worked out once per exact shape; results equal the per-cycle path."""
import gc
import random
import types
import unittest

from agent_tests.helpers import AgentTestCase, SAFE, agent, result


_SLOTS = tuple('r%d' % i for i in range(12))


class A(object):
    __slots__ = _SLOTS  # slots: the links are the referents (no instance dict)


class B(object):
    __slots__ = _SLOTS


class C(object):
    __slots__ = _SLOTS


def _other_a():
    class A(object):  # same name and module flag as the top-level A: a tie for the start
        __slots__ = _SLOTS
    return A


A2 = _other_a()


class NoiseThing(object):
    __slots__ = _SLOTS


NoiseThing.__module__ = 'pydevd_fake_noise'


class SA(object):
    __slots__ = ('x', 'y')  # slots: the links are the referents (no instance dict)


class SB(object):
    __slots__ = ('x', 'y')


class SC(object):
    __slots__ = ('x', 'y')


def _link(o, t, k):
    if type(o) is list:
        o.append(t)
    elif type(o) is dict:
        o['k%d' % k] = t
    else:
        setattr(o, 'r%d' % k, t)


def _reference(ag, found, noise_dicts, base):
    """The per-cycle path: noise check per object, signature per cycle."""
    comps, succ = ag._sccs(found)
    groups = {}
    order = []
    objs = 0
    for comp in comps:
        if any(ag._is_noise_garbage(found[j], noise_dicts) for j in comp):
            continue
        if base is not None and all(ag._ikey(found[j]) in base for j in comp):
            continue
        names, path = ag._cycle_signature(comp, succ, found)
        key = (' -> '.join(names + names[:1]), len(comp))
        if key not in groups:
            groups[key] = [0, comp]
            order.append(key)
        groups[key][0] += 1
        objs += len(comp)
    return [(k, groups[k][0], groups[k][1]) for k in order], objs


def _grouped(ag, found, noise_dicts, base):
    comps, succ = ag._sccs(found)
    groups, objs = ag._cycle_groups(found, comps, succ, noise_dicts, base)
    return [(k, g['count'], g['comp']) for k, g in groups.items()], objs


def _random_heap(rng):
    kinds = [A, B, C, A2, list, dict, NoiseThing]
    templates = []
    for _ in range(40):
        k = rng.choice([1, 2, 2, 2, 3, 4, 5])
        ks = [rng.choice(kinds[:6] if rng.random() < 0.9 else kinds) for _ in range(k)]
        perm = list(range(k))
        rng.shuffle(perm)
        edges = [(perm[i], perm[(i + 1) % k]) for i in range(k)]  # a cycle through all
        for _ in range(rng.choice([0, 0, 1, 2, 3])):
            edges.append((rng.randrange(k), rng.choice([rng.randrange(k), 'out', 'other'])))
        rng.shuffle(edges)
        templates.append((ks, edges))
    found = []
    clusters = []
    for _ in range(400):
        ks, edges = rng.choice(templates)
        objs = [kind() for kind in ks]
        clusters.append((objs, edges))
        found.extend(objs)
    for objs, edges in clusters:
        for n, (s, d) in enumerate(edges):
            if d == 'out':
                t = rng.choice([[], B(), {}])
                if rng.random() < 0.5:
                    found.append(t)  # garbage hanging off the cycle, in no cycle
            elif d == 'other':
                t = rng.choice(found)
            else:
                t = objs[d]
            _link(objs[s], t, n)
    rng.shuffle(found)
    return found


class CycleShapesTest(AgentTestCase):
    def test_same_types_different_structure(self):
        gc.collect()
        gc.disable()
        try:
            for _ in range(3):
                a, b, c = SA(), SB(), SC()
                a.x, b.x, c.x = b, c, a       # SA -> SB -> SC -> SA
                a, b, c = SA(), SB(), SC()
                a.x, c.x, b.x = c, b, a       # SA -> SC -> SB -> SA
            for _ in range(2):
                a, b, c = SA(), SB(), SC()
                a.x, b.x, c.x, c.y = b, c, a, b   # SA -> SB -> SC -> SA, and SC -> SB
            a = b = c = None
            res = result('cycles', {'scope': 'all', 'keepAlive': False, 'maxGroups': 50,
                                    'labels': SAFE})
        finally:
            gc.enable()
        got = dict((g['signature'], (g['count'], g['size'])) for g in res['groups']
                   if 'test' not in g['signature'])
        self.assertEqual(got, {'SA -> SB -> SC -> SA': (5, 3), 'SA -> SC -> SB -> SA': (3, 3)})

    def test_pairs_fast_path_and_structure(self):
        ag = agent()
        x, y, z, w = A(), A(), B(), B()
        x.r0, y.r0 = y, x                    # a pair, one successor each
        z.r0, w.r0, w.r1 = w, z, x           # a pair with an extra successor (x)
        found = [x, y, z, w]
        self.assertEqual(_grouped(ag, found, set(), None), _reference(ag, found, set(), None))
        self.assertEqual([k for k, n, c in _grouped(ag, found, set(), None)[0]],
                         [('A -> A -> A', 2), ('B -> B -> B', 2)])

    def test_equals_the_per_cycle_path(self):
        ag = agent()
        for seed in range(12):
            rng = random.Random(seed)
            found = _random_heap(rng)
            noise = set([id(ag._G)])
            self.assertEqual(_grouped(ag, found, noise, None), _reference(ag, found, noise, None),
                             'seed %d' % seed)
            base = set(map(ag._ikey, rng.sample(found, len(found) // 2)))
            self.assertEqual(_grouped(ag, found, noise, base), _reference(ag, found, noise, base),
                             'seed %d (baseline)' % seed)
            found = None

    def test_noise_functions_by_globals(self):
        ag = agent()
        f = types.FunctionType(ag._short_name.__code__, ag._G)   # the agent's own: noise
        g = types.FunctionType((lambda t: t).__code__, {})        # the user's
        a1, a2 = A(), A()
        f.o, a1.r0 = a1, f
        g.o, a2.r0 = a2, g
        found = [f, a1, a2, g, f.__dict__, g.__dict__]
        noise = set([id(ag._G)])
        got = _grouped(ag, found, noise, None)
        self.assertEqual(got, _reference(ag, found, noise, None))
        self.assertEqual([k for k, n, c in got[0]], [('A -> function -> dict -> A', 3)])


if __name__ == '__main__':
    unittest.main()
