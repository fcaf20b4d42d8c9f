"""Params: from a request's params object to the plain arguments of a data function.

Each method declares its params in the method table (90_methods.py) as (name, type, default)
in the order its data function takes them. `_adapt` parses them in that order, each with the
parser of its type; a bad value raises `bad_params` naming the param. The data functions never
see the params object. A type is a key of `_PARSERS`, or a tuple of the allowed strings.
"""


def _p_bool(params, name, default=False):
    """A boolean; `default` when absent."""
    v = params.get(name, default)
    if type(v) is not bool:
        raise _bad('%s must be a boolean' % name)
    return v


def _p_int(params, name, default=None, minimum=0):
    """An integer >= minimum; `default` when absent, required when `default` is None."""
    v = params.get(name, default)
    if type(v) is not int or v < minimum:
        if v is None and default is None:
            raise _bad('%s is required' % name)
        raise _bad('%s must be an integer >= %d' % (name, minimum))
    return v


def _p_positive(params, name, default=None):
    """An integer >= 1; `default` when absent."""
    return _p_int(params, name, default, minimum=1)


def _p_str(params, name, default=None):
    """A required string."""
    v = params.get(name)
    if type(v) is not str:
        raise _bad('%s must be a string' % name)
    return v


def _p_optional_str(params, name, default=None):
    """A string, or None when absent or null."""
    v = params.get(name)
    if v is None:
        return None
    if type(v) is not str:
        raise _bad('%s must be a string' % name)
    return v


def _p_optional_int(params, name, default=None):
    """An integer, or None when absent or null."""
    v = params.get(name)
    if v is not None and type(v) is not int:
        raise _bad('%s must be an integer' % name)
    return v


def _p_offset(params, name, default=0):
    """A non-negative integer; 0 when absent, null or another false value."""
    v = params.get(name, default) or 0
    if type(v) is not int or v < 0:
        raise _bad('%s must be a non-negative integer' % name)
    return v


def _p_flag(params, name, default=False):
    """True only when the value is exactly true; never an error."""
    return params.get(name, default) is True


def _p_choice(params, name, default, choices):
    """One of the strings `choices`; `default` when absent."""
    v = params.get(name, default)
    if v not in choices:
        raise _bad('%s must be %s' % (name, ' or '.join(repr(c) for c in choices)))
    return v


def _p_labels(params, name='labels', default=None):
    """LabelOptions as (mode, maxLength); `default` (an options object) when absent or null."""
    lab = params.get(name)
    if lab is None:
        lab = default if default is not None else {}
    if type(lab) is not dict:
        raise _bad('%s must be an object' % name)
    mode = lab.get('mode', 'safe')
    if mode not in ('safe', 'repr'):
        raise _bad("%s.mode must be 'safe' or 'repr'" % name)
    n = lab.get('maxLength', 80)
    if type(n) is not int or n < 1:
        raise _bad('%s.maxLength must be a positive integer' % name)
    return (mode, n)


def _p_ref(params, name='target', default=None):
    """An ObjectRef as (address, typeKey); required."""
    ref = params.get(name)
    if type(ref) is not dict or type(ref.get('address')) is not int \
            or type(ref.get('typeKey')) is not str:
        raise _bad('%s must be {address, typeKey}' % name)
    return ref['address'], ref['typeKey']


def _p_limits(params, name='limits', default=None):
    """GraphLimits as a dict with every field; required, its fields have defaults."""
    lim = params.get(name)
    if type(lim) is not dict:
        raise _bad('%s must be an object' % name)
    ig = lim.get('ignoreTypes', [])
    if type(ig) is not list or any(type(x) is not str for x in ig):
        raise _bad('%s.ignoreTypes must be a list of strings' % name)
    return {'maxDepth': _p_int(lim, 'maxDepth', 3),
            'tooMany': _p_int(lim, 'tooMany', 10, minimum=1),
            'maxNodes': _p_int(lim, 'maxNodes', 200, minimum=1),
            'ignoreTypes': ig,
            'mergeInstanceDicts': _p_bool(lim, 'mergeInstanceDicts', True)}


def _p_root(params, name='root', default=None):
    """A ChainRoot as (kind, typeName or None); `default` when absent or null."""
    root = params.get(name) or default
    if type(root) is not dict or root.get('kind') not in ('module', 'frame', 'type'):
        raise _bad("%s.kind must be 'module', 'frame' or 'type'" % name)
    kind = root['kind']
    type_name = root.get('typeName') if kind == 'type' else None
    if kind == 'type' and type(type_name) is not str:
        raise _bad('%s.typeName is required for a type root' % name)
    return kind, type_name


_PARSERS = {
    'bool': _p_bool,
    'int': _p_int,
    'int>=1': _p_positive,
    'str': _p_str,
    'str?': _p_optional_str,
    'int?': _p_optional_int,
    'offset': _p_offset,
    'flag': _p_flag,
    'labels': _p_labels,
    'ref': _p_ref,
    'limits': _p_limits,
    'root': _p_root,
}


def _adapt(spec, params):
    """The arguments of one call: each param of `spec` parsed from `params`, in order."""
    values = []
    for name, kind, default in spec:
        if type(kind) is tuple:
            values.append(_p_choice(params, name, default, kind))
        else:
            values.append(_PARSERS[kind](params, name, default))
    return tuple(values)
