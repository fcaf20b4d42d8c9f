def _p_bool(params, name, default=False):
    v = params.get(name, default)
    if type(v) is not bool:
        raise _bad('%s must be a boolean' % name)
    return v


def _p_int(params, name, default=None, minimum=0):
    v = params.get(name, default)
    if type(v) is not int or v < minimum:
        if v is None and default is None:
            raise _bad('%s is required' % name)
        raise _bad('%s must be an integer >= %d' % (name, minimum))
    return v


def _p_str(params, name, required=True):
    v = params.get(name)
    if v is None and not required:
        return None
    if type(v) is not str:
        raise _bad('%s must be a string' % name)
    return v


def _p_labels(params):
    lab = params.get('labels')
    if lab is None:
        return ('safe', 80)
    if type(lab) is not dict:
        raise _bad('labels must be an object')
    mode = lab.get('mode', 'safe')
    if mode not in ('safe', 'repr'):
        raise _bad("labels.mode must be 'safe' or 'repr'")
    n = lab.get('maxLength', 80)
    if type(n) is not int or n < 1:
        raise _bad('labels.maxLength must be a positive integer')
    return (mode, n)


def _p_ref(params, name='target'):
    ref = params.get(name)
    if type(ref) is not dict or type(ref.get('address')) is not int \
            or type(ref.get('typeKey')) is not str:
        raise _bad('%s must be {address, typeKey}' % name)
    return ref['address'], ref['typeKey']



def _p_limits(params):
    lim = params.get('limits')
    if type(lim) is not dict:
        raise _bad('limits must be an object')
    ig = lim.get('ignoreTypes', [])
    if type(ig) is not list or any(type(x) is not str for x in ig):
        raise _bad('limits.ignoreTypes must be a list of strings')
    return {'maxDepth': _p_int(lim, 'maxDepth', 3),
            'tooMany': _p_int(lim, 'tooMany', 10, minimum=1),
            'maxNodes': _p_int(lim, 'maxNodes', 200, minimum=1),
            'ignoreTypes': ig,
            'mergeInstanceDicts': _p_bool(lim, 'mergeInstanceDicts', True)}
