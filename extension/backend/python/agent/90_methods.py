"""The method table: each protocol method's data function and its params.

Params are (name as the protocol spells it, type, default), in the order of the data function's
arguments (the snake_case of the names); see 15_params.py for the types.
`common/agentMethodParams.ts` lists the same names per method; a unit test compares the two.
"""

_LABELS = ('labels', 'labels', {'mode': 'safe', 'maxLength': 80})
_TARGET = ('target', 'ref', None)
_GRAPH = (_LABELS, ('limits', 'limits', None), ('offset', 'offset', 0), _TARGET)

_METHODS = {
    'hello': (_hello, ()),
    'snapshot': (_snapshot, (('collect', 'bool', False), ('setBaseline', 'bool', False),
                             ('compareToBaseline', 'bool', False))),
    'instances': (_instances, (('typeKey', 'str', None), ('offset', 'int', 0),
                               ('limit', 'int', 100), _LABELS)),
    'typeSource': (_type_source, (('typeKey', 'str', None),)),
    'find': (_find, (_LABELS, ('limit', 'int', 100), ('typeName', 'str?', None),
                     ('address', 'int?', None))),
    'objectSource': (_object_source, (_TARGET,)),
    'allocationTracking': (_allocation_tracking, (('enable', 'bool', False),
                                                  ('frames', 'int>=1', 10))),
    'retainers': (_retainers, _GRAPH),
    'references': (_references, _GRAPH),
    'expand': (_expand, (('direction', ('retainers', 'references'), 'retainers'),) + _GRAPH),
    'chain': (_chain, (_LABELS, ('maxDepth', 'int', 20), ('root', 'root', {'kind': 'module'}),
                       ('mergeInstanceDicts', 'flag', False), _TARGET)),
    'cycles': (_cycles, (_LABELS, ('scope', ('all', 'sinceBaseline'), 'all'),
                         ('keepAlive', 'bool', False), ('maxGroups', 'int', 50))),
    'releaseKept': (_release_kept, ()),
    'garbage': (_garbage, (_LABELS, ('maxGroups', 'int', 50))),
    'leaking': (_leaking, (_LABELS, ('maxGroups', 'int', 50))),
    'heapGraph': (_heap_graph, (('maxObjects', 'int>=1', _GRAPH_MAX_OBJECTS),)),
}


def _method_table():
    """The protocol as this agent speaks it, as JSON: version, reply marker, methods and params."""
    return json.dumps({
        'protocolVersion': AGENT_VERSION,
        'moduleName': AGENT_NAME,
        'replyMarker': REPLY_MARKER,
        'methods': dict((method, [{'name': n, 'type': list(k) if type(k) is tuple else k,
                                   'default': d} for n, k, d in spec])
                        for method, (fn, spec) in _METHODS.items()),
    }, sort_keys=True)
