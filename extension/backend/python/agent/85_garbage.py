"""garbage and leaking: gc.garbage, and objects that no gc-tracked object refers to, by type.
"""

_PEP442_NOTE = ('Since Python 3.4 (PEP 442) objects with __del__ in a reference cycle are '
                'collected; gc.garbage stays empty unless gc.DEBUG_SAVEALL is set or a C '
                'extension type defines the legacy tp_del. Objects listed here were put there '
                'by gc.DEBUG_SAVEALL / DEBUG_UNCOLLECTABLE or by such types.')


def _group_objects(objs, labels, max_groups, per_group=3):
    """objs by type key, most common first, with a few labelled examples each."""
    cache = {}
    by_type = {}
    order = []
    for o in objs:
        t = type(o)
        k = _type_key(t)
        e = by_type.get(k)
        if e is None:
            e = by_type[k] = {'typeKey': k, 'typeName': _short_name(t), 'count': 0,
                              'examples': []}
            order.append(k)
        e['count'] += 1
        if len(e['examples']) < per_group:
            e['examples'].append(_summary(o, labels, cache))
    o = None
    groups = sorted(by_type.values(), key=lambda e: (-e['count'], e['typeKey']))
    return groups[:max_groups]


def _garbage(labels, max_groups):
    """What gc.garbage holds, grouped by type, with the PEP 442 note."""
    objs = list(gc.garbage)
    try:
        return {'groups': _group_objects(objs, labels, max_groups), 'total': len(objs),
                'note': _PEP442_NOTE}
    finally:
        del objs


def _leaking(labels, max_groups):
    """objgraph's get_leaking_objects idea: gc objects that no gc object refers to."""
    noise, noise_ids = _find_noise()
    del noise
    # as after a collection (objgraph collects first), worked out without one
    objs = gc.get_objects()
    objs = _collection_outcome(objs)[0]
    try:
        ids = set(map(id, objs))
        get_referents = gc.get_referents
        for o in objs:
            ids.difference_update(map(id, get_referents(o)))
        o = None
        ids.difference_update(noise_ids)
        sel = [x for x in itertools.compress(objs, map(ids.__contains__, map(id, objs)))]
        del objs
        return {'groups': _group_objects(sel, labels, max_groups), 'total': len(sel),
                'note': 'Objects nothing refers to: usually a C extension\'s reference leak, '
                        'or roots held by the interpreter itself (sys.modules, thread states).'}
    finally:
        objs = sel = None
