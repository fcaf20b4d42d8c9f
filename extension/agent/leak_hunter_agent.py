# -*- coding: utf-8 -*-
"""Leak Hunter heap agent: runs inside the debuggee (CPython 3.8 - 3.14), stdlib only.

Installed by the extension host through one DAP ``evaluate`` (no frameId, context 'repl'):

    exec(compile(SRC, '<leak-hunter-agent>', 'exec'), {'__name__': 'leak_hunter_agent'})

after which ``sys.modules['leak_hunter_agent'].handle(request_json)`` serves requests. The
protocol (request and reply shapes) is ``extension/core/agentProtocol.ts``.

Rules this module keeps:
- Safe labels never run user code (no user ``__repr__``/``__len__``/``__getattr__``/``__eq__``).
- After every call the agent holds no reference to a user object, except cycles the user asked
  to keep alive (``cycles`` with keepAlive, until ``releaseKept``).
- gc enabled state, thresholds, debug flags, ``gc.garbage``, tracemalloc state and the caller's
  trace function are as they were after every call.
- The agent's and the debugger's own objects are left out of counts (see ``_find_noise``).
"""

import gc
import itertools
import json
import operator
import os
import sys
import threading
import time
import types
from collections import Counter, deque

try:
    from collections import _count_elements
except ImportError:  # pragma: no cover
    _count_elements = None

AGENT_VERSION = 1
AGENT_NAME = 'leak_hunter_agent'
REPLY_MARKER = '\x01LEAK-HUNTER-REPLY\x01'

_G = globals()
_FunctionType = types.FunctionType
_FrameType = types.FrameType
_ModuleType = types.ModuleType
_MethodType = types.MethodType
_CodeType = types.CodeType
_BuiltinType = types.BuiltinFunctionType
_CellType = type((lambda x: (lambda: x))(0).__closure__[0])
_GeneratorType = types.GeneratorType
_CoroutineType = types.CoroutineType
_AsyncGenType = types.AsyncGeneratorType
_TracebackType = types.TracebackType

# Descriptors of `type` used to read class attributes without going through a metaclass.
_type_name = type.__dict__['__name__'].__get__
_type_qualname = type.__dict__['__qualname__'].__get__
_type_module = type.__dict__['__module__'].__get__
_type_dict = type.__dict__['__dict__'].__get__
_type_mro = type.__dict__['__mro__'].__get__
_type_subclasses = type.__subclasses__
_module_dict = _ModuleType.__dict__['__dict__'].__get__
_object_sizeof = object.__sizeof__
_is_tracked = gc.is_tracked
_getsizeof = sys.getsizeof
_perf = time.perf_counter

try:
    _GC_HEADER = sys.getsizeof([]) - [].__sizeof__()
except Exception:  # pragma: no cover
    _GC_HEADER = 16

_NOISE_PREFIXES = ('pydevd', '_pydevd', '_pydev', 'pydev', 'debugpy', AGENT_NAME)
# Instances of these pydevd classes hold the user's data (frames, variables shown in the
# Variables view): they are the debugger's, but what they hold is treated as the user's.
_USER_DATA_HOLDERS = frozenset((
    'SuspendedFramesManager', '_FramesTracker', '_ObjectVariable', '_FrameVariable',
    '_AbstractVariable', 'DAPGrouper', '_DummyCode', 'CustomFramesContainer',
))
# Stdlib "plumbing" types whose instances reached from the debugger are the debugger's own.
_PLUMBING_MODULES = frozenset(('threading', 'queue', '_queue', 'collections', 'functools',
                               'weakref', '_weakrefset', 'socket', 'selectors', '_thread'))


def _count(iterable):
    """Counter(iterable) without Counter.update's isinstance(iterable, Mapping): that ABC check
    leaves entries for the iterator's type (map, zip) in the negative caches of every Mapping
    ABC (weakrefs, their callbacks, sets) that the next snapshot would count as new objects."""
    c = Counter()
    if _count_elements is not None:
        _count_elements(c, iterable)
    else:  # pragma: no cover
        for x in iterable:
            c[x] = c.get(x, 0) + 1
    return c


class _State(object):
    """All mutable agent state (shared if the module's dict is a copy of the exec globals)."""

    def __init__(self):
        self.sequence = 0
        self.baseline_keys = None      # set of ints: id(obj) ^ (id(type) << 64)
        self.baseline_types = None     # dict: id(type) -> typeKey at baseline time
        self.kept = []                 # cycles kept alive on request (keepAlive)
        self.tracemalloc_ours = False  # whether Leak Hunter started tracemalloc
        self.current = None            # (params, saved gc state) of the running command
        self.collected = False         # whether a snapshot has collected twice (first call)


_state = _State()


class LeakHunterReply(Exception):
    """Carries the reply JSON between REPLY_MARKERs in its message."""


class _AgentError(Exception):
    def __init__(self, code, message):
        Exception.__init__(self, message)
        self.code = code
        self.message = message


def _bad(message):
    return _AgentError('bad_params', message)


# ------------------------------------------------------------------ entry point

def handle(request_json, reply_mode='raise'):
    """Serve one request; see the module docstring. Never lets another exception escape."""
    text = _handle_to_json(request_json)
    if reply_mode == 'return':
        return text
    raise LeakHunterReply(REPLY_MARKER + text + REPLY_MARKER)


def _handle_to_json(request_json):
    try:
        reply = _dispatch(request_json)
    except _AgentError as e:
        reply = {'ok': False, 'error': {'code': e.code, 'message': e.message}}
    except BaseException as e:  # never escapes: the host must always get a reply
        try:
            msg = '%s: %s' % (type(e).__name__, _safe_exc_text(e))
        except BaseException:
            msg = 'internal error'
        reply = {'ok': False, 'error': {'code': 'internal', 'message': msg}}
    try:
        return json.dumps(reply, ensure_ascii=True, separators=(',', ':'), allow_nan=False)
    except BaseException as e:
        return json.dumps({'ok': False, 'error': {
            'code': 'internal', 'message': 'reply not serializable: %s' % type(e).__name__}})


def _safe_exc_text(e):
    try:
        args = BaseException.__getattribute__(e, 'args')
        if type(args) is tuple and args and type(args[0]) is str:
            return args[0][:500]
    except BaseException:
        pass
    return ''


def _dispatch(request_json):
    if type(request_json) is bytes:
        request_json = request_json.decode('utf-8')
    try:
        req = json.loads(request_json)
    except Exception as e:
        raise _bad('request is not JSON: %s' % e)
    if type(req) is not dict:
        raise _bad('request must be an object')
    v = req.get('v')
    if v != AGENT_VERSION:
        return {'ok': False, 'error': {
            'code': 'version_mismatch',
            'message': 'agent version %s, request version %r' % (AGENT_VERSION, v),
            'agentVersion': AGENT_VERSION}}
    method = req.get('method')
    params = req.get('params')
    if params is None:
        params = {}
    if type(params) is not dict:
        raise _bad('params must be an object')
    fn = _METHODS.get(method) if type(method) is str else None
    if fn is None:
        raise _AgentError('unknown_method', 'unknown method %r' % (method,))
    del req
    saved = _save_state()
    _state.current = (params, saved)  # reachable from the agent's roots: counted as noise
    try:
        result = fn(params)
    finally:
        _state.current = None
        _restore_state(saved)
        del saved
    return {'ok': True, 'result': result}


def _save_state():
    return (gc.isenabled(), gc.get_threshold(), gc.get_debug(), sys.gettrace())


def _restore_state(saved):
    enabled, threshold, debug, trace = saved
    try:
        if gc.get_threshold() != threshold:
            gc.set_threshold(*threshold)
        if gc.get_debug() != debug:
            gc.set_debug(debug)
        if gc.isenabled() != enabled:
            if enabled:
                gc.enable()
            else:
                gc.disable()
        if sys.gettrace() is not trace:
            sys.settrace(trace)
    except Exception:
        pass


# ------------------------------------------------------------------ params helpers

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


# ------------------------------------------------------------------ types and keys

def _type_key(t):
    """`module.qualname` for non-builtins, the bare name for builtins."""
    try:
        mod = _type_module(t)
    except Exception:
        mod = None
    try:
        qn = _type_qualname(t)
    except Exception:
        qn = _type_name(t)
    if type(mod) is not str or not mod or mod == 'builtins':
        return qn
    return mod + '.' + qn


def _type_module_name(t):
    try:
        mod = _type_module(t)
        return mod if type(mod) is str else 'builtins'
    except Exception:
        return 'builtins'


def _short_name(t):
    try:
        return _type_name(t)
    except Exception:
        return '?'


def _mro_lookup(t, name):
    """The raw class attribute `name` from t's MRO dicts (no descriptors run), or None."""
    try:
        for k in _type_mro(t):
            d = _type_dict(k)
            if name in d:
                return d[name]
    except Exception:
        pass
    return None


def _has_finalizer(t):
    return _mro_lookup(t, '__del__') is not None


def _all_classes():
    """Every class reachable through __subclasses__ from object (no user code runs)."""
    seen = set()
    out = []
    stack = [object]
    while stack:
        c = stack.pop()
        if id(c) in seen:
            continue
        seen.add(id(c))
        out.append(c)
        try:
            stack.extend(_type_subclasses(c))
        except TypeError:
            # `type.__subclasses__(type)` needs the metatype's own method
            try:
                stack.extend(type(c).__subclasses__(c))
            except Exception:
                pass
    return out


def _types_for_key(type_key):
    """Types whose key is type_key (several when a class was redefined)."""
    out = []
    for c in _all_classes():
        if _type_key(c) == type_key:
            out.append(c)
    return out


def _python_sizeof(t, cache):
    """True if type t's __sizeof__ is written in Python (calling it would run user code)."""
    r = cache.get(t)
    if r is None:
        f = _mro_lookup(t, '__sizeof__')
        r = type(f) in (_FunctionType, staticmethod, classmethod) or (
            f is not None and type(f).__name__ not in ('method_descriptor', 'wrapper_descriptor'))
        cache[t] = r
    return r


def _safe_size(o, cache):
    t = type(o)
    try:
        if _python_sizeof(t, cache):
            return _object_sizeof(o) + (_GC_HEADER if _is_tracked(o) else 0)
        return _getsizeof(o)
    except Exception:
        return 0


# ------------------------------------------------------------------ labels

def _trim(s, n):
    if len(s) > n:
        return s[:max(n - 1, 0)] + '\u2026'
    return s


def _label(o, labels):
    mode, n = labels
    if mode == 'repr':
        return _repr_label(o, n)
    return _trim(_safe_label(o, n), n)


def _safe_label(o, n):
    """A summary that runs no user code: only exact builtin types are looked into."""
    t = type(o)
    try:
        if t is str:
            return repr(o[:n])
        if t is bytes or t is bytearray:
            return repr(o[:n])
        if t is list or t is tuple or t is set or t is frozenset or t is dict or t is deque:
            k = len(o)
            return '%d item%s' % (k, '' if k == 1 else 's')
        if t is _FunctionType:
            return o.__qualname__
        if t is _BuiltinType:
            return o.__qualname__ if hasattr(o, '__qualname__') else o.__name__
        if t is _MethodType:
            f = o.__func__
            s = o.__self__
            if type(f) is _FunctionType:
                return 'bound %s of <%s>' % (f.__qualname__, _short_name(type(s)))
            return 'bound method of <%s>' % _short_name(type(s))
        if t is _ModuleType:
            name = _module_dict(o).get('__name__')
            return 'module %s' % (name if type(name) is str else '?')
        if issubclass(type(o), type):
            return 'class %s' % _type_qualname(o)
        if t is _FrameType:
            return 'frame %s:%d' % (o.f_code.co_name, o.f_lineno or 0)
        if t is _CodeType:
            return 'code %s' % o.co_name
        if t is _GeneratorType or t is _CoroutineType or t is _AsyncGenType:
            return '%s %s' % (_short_name(t), o.__qualname__)
        if t is _CellType:
            return 'cell'
        if t is staticmethod or t is classmethod or t is property:
            return _short_name(t)
    except Exception:
        pass
    return '<%s>' % _short_name(t)


def _repr_label(o, n):
    """Opt-in: calls the object's repr. A raising repr gives a clear label, a huge one is cut.

    repr runs user code on the agent's thread and may hang; there is no in-thread timeout.
    """
    try:
        r = repr(o)
        if type(r) is not str:
            r = str.__str__(r)
    except RecursionError:
        return '<%s: repr recursed too deep>' % _short_name(type(o))
    except BaseException as e:
        return _trim('<%s: repr raised %s>' % (_short_name(type(o)), _short_name(type(e))), n)
    return _trim(r, n)


def _summary(o, labels, size_cache):
    t = type(o)
    return {
        'address': id(o),
        'typeKey': _type_key(t),
        'typeName': _short_name(t),
        'label': _label(o, labels),
        'shallowBytes': _safe_size(o, size_cache),
    }


# ------------------------------------------------------------------ noise (agent + debugger)

def _is_noise_module_name(name):
    return type(name) is str and name.startswith(_NOISE_PREFIXES)


def _thread_is_debugger(th):
    """A pydevd thread: flagged, or of a class defined in a debugger module."""
    try:
        t = type(th)
        for k in _type_mro(t):
            if _is_noise_module_name(_type_module_name(k)):
                return True
        d = object.__getattribute__(th, '__dict__')
        if d.get('is_pydev_daemon_thread') or d.get('pydev_do_not_trace'):
            return True
        return bool(_mro_lookup(t, 'is_pydev_daemon_thread'))
    except Exception:
        return False


def _find_noise(extra_roots=()):
    """Return (list of tracked noise objects, set of their ids).

    Noise = the agent's own objects and the debugger's (pydevd / debugpy). Found by a walk over
    gc.get_referents from the roots: the noise modules (names pydevd*, _pydevd*, _pydev*, pydev*,
    debugpy*, leak_hunter_agent), all frames of debugger threads, the debugger frames on top of
    user threads (trace functions, do_wait_suspend, the agent's own frames), and extra_roots.
    The walk goes into builtin containers (dict, list, tuple, set, cell, method, ...), functions
    and classes of noise modules, and instances of noise classes and of stdlib plumbing
    (threading, queue, collections, socket, ...). It stops at: any other module and any module
    __dict__, classes and functions defined elsewhere, frames running user code, instances of
    other classes (user objects), and pydevd's holders of user data (suspended frames,
    variables: they are kept, their content is not).

    What it cannot see: a builtin container that both the debugger and the user refer to counts
    as noise (e.g. a user list the debugger holds while the Variables view shows it, or the
    f_locals snapshot dict pydevd reads of a user frame); a user object reachable only from the
    debugger (e.g. an exception pydevd keeps) counts as the user's; objects the debugger holds
    through stdlib classes outside the plumbing list (e.g. io wrappers, logging) count as the
    user's; objects created by debugger threads between the walk and gc.get_objects() count
    as the user's. Counts of user-defined classes are never affected: their instances are
    never noise.
    """
    noise_mod_ids = set()
    stop_dict_ids = set()
    roots = []
    noise_files = set()
    for name, m in list(sys.modules.items()):
        if type(m) is not _ModuleType:
            continue
        try:
            d = _module_dict(m)
        except Exception:
            continue
        if _is_noise_module_name(name):
            noise_mod_ids.add(id(m))
            roots.append(m)
            f = d.get('__file__')
            if type(f) is str:
                noise_files.add(f)
        else:
            stop_dict_ids.add(id(d))
    noise_dict_ids = set(id(_module_dict(m)) for m in roots)
    noise_dict_ids.add(id(_G))
    stop_dict_ids.discard(id(_G))
    roots.append(_G)
    roots.append(_state)
    noise_files.add('<leak-hunter-agent>')
    noise_frame_ids = set()

    def frame_is_noise_code(f):
        try:
            g = f.f_globals
            if id(g) in noise_dict_ids:
                return True
            return _is_noise_module_name(g.get('__name__'))
        except Exception:
            return False

    def frame_is_plumbing(f):
        try:
            return f.f_globals.get('__name__') in _PLUMBING_MODULES
        except Exception:
            return False

    # threads and their frames
    debugger_tids = set()
    try:
        active = dict(threading._active)
    except Exception:
        active = {}
    for tid, th in active.items():
        if _thread_is_debugger(th):
            debugger_tids.add(tid)
            roots.append(th)
    del active
    try:
        frames = sys._current_frames()
    except Exception:
        frames = {}
    me = threading.get_ident()
    held_frame_ids = set()  # debugger evaluation frames of other code: counted, not walked
    for tid, top in frames.items():
        if tid == me:
            # start at our caller: this function's own frame must not be kept by the result
            top = sys._getframe(1)
        stack = []
        f = top
        while f is not None:
            stack.append(f)
            f = f.f_back
        if tid in debugger_tids or (tid not in threading._active and stack and all(
                frame_is_noise_code(x) or frame_is_plumbing(x) for x in stack)
                and frame_is_noise_code(stack[-1])):
            chosen = stack
        else:
            # A user thread. On top of it the debugger (or the agent, when pydevd processes
            # commands from this thread's trace function) may be running: the run of debugger
            # frames that starts at the top, with no user frame above it. A frame of other code
            # inside that run (the code an evaluate compiled, called by the debugger and calling
            # the agent) is the debugger's too, but its locals may be the user's: counted, not
            # walked. Below the first user frame only the debugger's own frames are taken
            # (pydevd's run/_exec at the bottom of the main thread); user frames never are.
            chosen = []
            n = len(stack)
            i = 0
            while i < n:
                x = stack[i]
                if frame_is_noise_code(x):
                    chosen.append(x)
                elif chosen and chosen[-1] is stack[i - 1] and i + 1 < n \
                        and frame_is_noise_code(stack[i + 1]):
                    held_frame_ids.add(id(x))
                    noise_frame_ids.add(id(x))
                    roots.append(x)
                else:
                    break
                i += 1
            for x in stack[i:]:
                if frame_is_noise_code(x):
                    chosen.append(x)
        for x in chosen:
            noise_frame_ids.add(id(x))
            roots.append(x)
            # A running frame's locals are invisible to get_referents (3.11+): read them (only
            # the debugger's frames: reading never touches a user frame, nor the agent's own,
            # whose snapshot dict would outlive this call). A frame whose locals are a
            # namespace (module level, exec) is not read: the namespace may be the user's.
            # The values go through the same stop rules as referents.
            if tid != me or x.f_globals is not _G:
                try:
                    loc = x.f_locals
                    if loc is not x.f_globals and id(loc) not in stop_dict_ids:
                        roots.append(loc)
                        roots.extend(list(loc.values()))
                except Exception:
                    pass
                loc = None
        del stack, chosen, f, top
        x = None
    del frames
    roots.extend(extra_roots)

    decisions = {}  # type -> 0 stop, 1 include+walk, 2 include, no walk, 3 per-object rule

    def decide(t):
        if t is _ModuleType or t is _FunctionType or t is _FrameType or t is _CodeType \
                or t is _GeneratorType or t is _CoroutineType or t is _AsyncGenType:
            return 3
        if isinstance(t, type) and issubclass(t, type):
            return 3  # classes
        mod = _type_module_name(t)
        if mod == 'builtins':
            return 1
        if _is_noise_module_name(mod):
            if _short_name(t) in _USER_DATA_HOLDERS:
                return 2
            return 1
        if mod in _PLUMBING_MODULES:
            return 1
        return 0

    def code_is_noise(co):
        fn = co.co_filename
        return fn in noise_files or 'pydevd' in fn or 'debugpy' in fn

    # the agent's own big containers of ints: counted, not walked
    opaque = set(id(x) for x in (_state.baseline_keys, _state.baseline_types) if x is not None)
    opaque.update(held_frame_ids)
    out = []
    seen = set()
    stack = roots
    get_referents = gc.get_referents
    while stack:
        o = stack.pop()
        i = id(o)
        if i in seen:
            continue
        seen.add(i)
        t = type(o)
        dcs = decisions.get(t)
        if dcs is None:
            dcs = decisions[t] = decide(t)
        if dcs == 0:
            continue
        if dcs == 3:
            try:
                if t is _ModuleType:
                    ok = i in noise_mod_ids
                elif t is _FunctionType:
                    ok = id(o.__globals__) in noise_dict_ids
                elif t is _FrameType:
                    ok = i in noise_frame_ids or frame_is_noise_code(o)
                elif t is _CodeType:
                    ok = code_is_noise(o)
                elif t is _GeneratorType:
                    ok = code_is_noise(o.gi_code)
                elif t is _CoroutineType:
                    ok = code_is_noise(o.cr_code)
                elif t is _AsyncGenType:
                    ok = code_is_noise(o.ag_code)
                else:  # a class
                    ok = _is_noise_module_name(_type_module_name(o))
            except Exception:
                ok = False
            if not ok:
                continue
        elif t is dict and i in stop_dict_ids:
            continue
        if _is_tracked(o):
            out.append(o)
        if dcs != 2 and i not in opaque:
            stack.extend(filter(_is_tracked, get_referents(o)))
    del stack, roots, seen, decisions
    ids = set(map(id, out))
    return out, ids


def _own_frames():
    """The agent's frames on the current thread (they appear in get_referrers on <3.11)."""
    ids = set()
    f = sys._getframe(1)
    while f is not None and f.f_globals is _G:
        ids.add(id(f))
        f = f.f_back
    return ids


# ------------------------------------------------------------------ hello / snapshot

def _hello(params):
    return {
        'agentVersion': AGENT_VERSION,
        'pythonVersion': sys.version,
        'implementation': sys.implementation.name,
        'pid': os.getpid(),
        'frozenObjects': _freeze_count(),
    }


def _freeze_count():
    try:
        return gc.get_freeze_count()
    except Exception:
        return 0


def _collect_quietly(settle=True):
    """gc.collect() with no debug flags and gc.garbage left exactly as it was. With `settle`
    (snapshots), young collections first so freshly made constant tuples are untracked; without
    it (freeing found cycles), one plain full collection."""
    debug = gc.get_debug()
    before = list(gc.garbage)
    try:
        if debug:
            gc.set_debug(0)
        # A collection untracks a tuple whose items are all untracked, one nesting level per
        # collection (the outer tuple is examined before its items): nested constants of code
        # compiled since the last collection would stay tracked after one full collection and
        # vanish from the next snapshot. Young-generation collections first (cheap: only
        # objects made since the last automatic ones) take levels off before the full one.
        if settle:
            gc.collect(0)
            gc.collect(1)
        gc.collect()
        if settle and not _state.collected:
            # old nested tuples (in the oldest generation, which automatic collections rarely
            # reach) need a second full collection, once per agent install
            gc.collect()
            _state.collected = True
    finally:
        if debug:
            gc.set_debug(debug)
        if len(gc.garbage) != len(before) or any(
                a is not b for a, b in zip(gc.garbage, before)):
            gc.garbage[:] = before
        del before


_SIZE_SAMPLE = 60000  # exact shallow bytes up to this many objects, stride sampling beyond


_SETTLE_SECONDS = 0.002


def _settle():
    """Release the GIL briefly so runnable threads (the debugger's) reach their next wait."""
    if threading.active_count() > 1 or len(sys._current_frames()) > 1:
        time.sleep(_SETTLE_SECONDS)


def _snapshot(params):
    t0 = _perf()
    collect = _p_bool(params, 'collect', True)
    set_baseline = _p_bool(params, 'setBaseline', False)
    compare = _p_bool(params, 'compareToBaseline', False)
    if compare and _state.baseline_keys is None and not set_baseline:
        raise _AgentError('no_baseline', 'no baseline has been set')
    # Other threads (the debugger's) must not run between the collection, the noise walk and
    # get_objects(): a longer GIL switch interval for these milliseconds closes the window
    # (a tuple such a thread creates after the collection stays gc-tracked); restored after.
    # Before that, a short sleep lets threads that are already runnable reach their next wait
    # with the normal interval: every evaluate wakes pydevd's timeout thread (the 3 s warning),
    # and the argument tuple of its next `lock.acquire(True, timeout)` lives only on its C stack;
    # made before the collection it is untracked by it, made during the snapshot it would count.
    _settle()
    interval = sys.getswitchinterval()
    sys.setswitchinterval(max(interval, 5.0))
    try:
        if collect:
            _collect_quietly()
        noise, noise_ids = _find_noise()
        objs = gc.get_objects()
        counts = _count(map(type, objs))
    finally:
        sys.setswitchinterval(interval)
    # subtract the agent's and debugger's objects, and our own containers
    ncounts = _count(map(type, noise))
    ncounts[list] += 1  # the `noise` list itself (created before get_objects)
    ncounts[set] += 1   # noise_ids
    excluded = 0
    for t, c in ncounts.items():
        have = counts.get(t, 0)
        c = min(c, have)
        excluded += c
        if have - c > 0:
            counts[t] = have - c
        else:
            counts.pop(t, None)

    # types of noise modules never appear, even when unreachable from the walk (an object
    # of an earlier agent install, a pydevd object held only by the user's code)
    for t in list(counts):
        if _is_noise_module_name(_type_module_name(t)):
            excluded += counts.pop(t)

    # shallow bytes: fixed-size types exactly (count * size); variable-size ones by summing
    # sys.getsizeof over every object, or over a stride sample when the heap is large.
    size_cache = {}
    total = len(objs)
    stride = 1 if total <= _SIZE_SAMPLE else (total // _SIZE_SAMPLE + 1)
    sample = objs if stride == 1 else objs[::stride]
    unsafe = False
    for t in counts:
        if _python_sizeof(t, size_cache):
            unsafe = True
    if unsafe:
        # (a plain loop: a comprehension would make size_cache a cell of this frame, created
        # before gc.get_objects() and invisible to the noise walk)
        sizes = []
        for o in sample:
            sizes.append(_safe_size(o, size_cache))
        o = None
    else:
        sizes = list(map(_getsizeof, sample))
    by_type_size = _count(zip(map(type, sample), sizes))
    del sizes
    sampled_bytes = {}
    sampled_count = Counter()
    for (t, s), c in by_type_size.items():
        sampled_bytes[t] = sampled_bytes.get(t, 0) + s * c
        sampled_count[t] += c
    if stride == 1:
        # exact; noise objects were summed too, take them out
        for o in noise:
            t = type(o)
            if t in sampled_bytes:
                sampled_bytes[t] -= _safe_size(o, size_cache)
        sampled_bytes[list] = sampled_bytes.get(list, 0) - _getsizeof(noise)
        sampled_bytes[set] = sampled_bytes.get(set, 0) - _getsizeof(noise_ids)

    if set_baseline or compare:
        keys, noise_keys = _identity_keys(objs, noise)
        keys.difference_update(noise_keys)
        keys.discard(_ikey(noise))
        keys.discard(_ikey(noise_ids))
        del noise_keys
    else:
        keys = None
    del objs, sample, noise

    types_out = {}
    for t, c in counts.items():
        key = _type_key(t)
        if stride == 1:
            b = sampled_bytes.get(t, 0)
        else:
            b = _estimate_bytes(t, c, sampled_bytes, sampled_count, size_cache)
        e = types_out.get(key)
        if e is None:
            types_out[key] = {'key': key, 'name': _short_name(t),
                              'module': _type_module_name(t), 'count': c,
                              'shallowBytes': max(int(b), 0)}
        else:
            e['count'] += c
            e['shallowBytes'] += max(int(b), 0)
    totalObjects = sum(counts.values())

    if compare and _state.baseline_keys is None:
        _state.baseline_keys = keys  # setBaseline + compare with no earlier baseline: all zero
        _state.baseline_types = {}
    if compare:
        cur_types = dict((id(t), _type_key(t)) for t in counts)
        new_c = _count(map(operator.rshift, keys - _state.baseline_keys, itertools.repeat(64)))
        freed_c = _count(map(operator.rshift, _state.baseline_keys - keys, itertools.repeat(64)))
        for e in types_out.values():
            e['newSinceBaseline'] = 0
            e['freedSinceBaseline'] = 0
        for tid, c in new_c.items():
            k = cur_types.get(tid) or _state.baseline_types.get(tid)
            if k in types_out:
                types_out[k]['newSinceBaseline'] += c
        for tid, c in freed_c.items():
            k = _state.baseline_types.get(tid) or cur_types.get(tid)
            e = types_out.get(k)
            if e is None and k is not None:
                # a type with no instances left: report it with count 0
                e = types_out[k] = {'key': k, 'name': k.rsplit('.', 1)[-1],
                                    'module': k.rsplit('.', 1)[0] if '.' in k else 'builtins',
                                    'count': 0, 'shallowBytes': 0,
                                    'newSinceBaseline': 0, 'freedSinceBaseline': 0}
            if e is not None:
                e['freedSinceBaseline'] += c
    if set_baseline:
        _state.baseline_keys = keys
        _state.baseline_types = dict((id(t), _type_key(t)) for t in counts)
    del keys, counts, ncounts
    _state.sequence += 1
    result = {
        'sequence': _state.sequence,
        'takenAt': time.time(),
        'types': sorted(types_out.values(), key=lambda e: (-e['count'], e['key'])),
        'totalObjects': totalObjects,
        'excludedObjects': excluded,
        'frozenObjects': _freeze_count(),
        'hasBaseline': _state.baseline_keys is not None,
        'agentMillis': round((_perf() - t0) * 1000.0, 3),
    }
    return result


def _estimate_bytes(t, count, sampled_bytes, sampled_count, size_cache):
    n = sampled_count.get(t, 0)
    if n:
        return sampled_bytes[t] * count // n
    try:  # not in the sample: basic size is exact for fixed-size types
        return count * (t.__basicsize__ + _GC_HEADER)
    except Exception:
        return 0


# Baseline identity is (id, type) only: an object freed after the baseline whose address is
# reused by a new object of the same type counts as a survivor (new and freed both miss it;
# the count itself stays exact). Weakrefs would tell them apart but touch user objects.
def _ikey(o):
    return id(o) ^ (id(type(o)) << 64)


def _identity_keys(objs, noise):
    """(id, type) identities as ints: id(obj) ^ (id(type(obj)) << 64), built in C loops."""
    sh = itertools.repeat(64)
    keys = set(map(operator.xor, map(id, objs), map(operator.lshift, map(id, map(type, objs)), sh)))
    nkeys = set(map(operator.xor, map(id, noise),
                    map(operator.lshift, map(id, map(type, noise)), itertools.repeat(64))))
    return keys, nkeys


# ------------------------------------------------------------------ instances / find / source

def _objects_of_types(typeset, noise_ids):
    objs = gc.get_objects()
    try:
        tids = set(map(id, typeset))
        sel = list(itertools.compress(objs, map(tids.__contains__, map(id, map(type, objs)))))
    finally:
        del objs
    keep = []
    for o in sel:
        if id(o) not in noise_ids:
            keep.append(o)
    del sel
    o = None
    keep.sort(key=id)
    return keep


def _instances(params):
    type_key = _p_str(params, 'typeKey')
    offset = _p_int(params, 'offset', 0)
    limit = _p_int(params, 'limit', 100)
    labels = _p_labels(params)
    noise, noise_ids = _find_noise()
    del noise
    typeset = set(_types_for_key(type_key))
    sel = _objects_of_types(typeset, noise_ids)
    try:
        cache = {}
        page = [_summary(o, labels, cache) for o in sel[offset:offset + limit]]
        return {'typeKey': type_key, 'total': len(sel), 'instances': page}
    finally:
        del sel, typeset


def _find(params):
    labels = _p_labels(params)
    limit = _p_int(params, 'limit', 100)
    name = _p_str(params, 'typeName', required=False)
    address = params.get('address')
    cache = {}
    if address is not None:
        if type(address) is not int:
            raise _bad('address must be an integer')
        o = _object_at(address, None)
        if o is None:
            return {'total': 0, 'objects': []}
        try:
            return {'total': 1, 'objects': [_summary(o, labels, cache)]}
        finally:
            del o
    if name is None:
        raise _bad('typeName or address is required')
    noise, noise_ids = _find_noise()
    del noise
    typeset = set(c for c in _all_classes()
                  if _short_name(c) == name or _type_key(c) == name)
    sel = _objects_of_types(typeset, noise_ids)
    try:
        return {'total': len(sel), 'objects': [_summary(o, labels, cache) for o in sel[:limit]]}
    finally:
        del sel, typeset


def _object_at(address, type_key):
    """The live gc-tracked object at `address` (whose type key matches, if given), or None.

    Modules and classes are found too. No reference is kept by the caller beyond the command.
    """
    objs = gc.get_objects()
    try:
        # C-level scan that stops at the match, with no list of 1M ids built
        try:
            i = operator.indexOf(map(id, objs), address)
        except ValueError:
            i = -1
        if i >= 0:
            o = objs[i]
        else:
            o = None
            for m in list(sys.modules.values()):
                if id(m) == address:
                    o = m
                    break
            if o is None:
                for c in _all_classes():
                    if id(c) == address:
                        o = c
                        break
    finally:
        del objs
    if o is not None and type_key is not None and _type_key(type(o)) != type_key:
        return None
    return o


def _resolve(params, name='target'):
    address, type_key = _p_ref(params, name)
    o = _object_at(address, type_key)
    if o is None:
        raise _AgentError('object_not_found',
                          'no live %s at address %d (it may have been freed)' % (type_key, address))
    return o


def _loc(path, line):
    if type(path) is not str or not path:
        return None
    return {'path': path, 'line': int(line) if line and line > 0 else 1}


def _assignment_location(path, name, start_line=1, attribute=False):
    """The first line at or after `start_line` of file `path` that assigns `name`: a module global
    (`name = ...`, `name: T = ...`, `global name` users aside) or, with `attribute`, an attribute
    (`self.name = ...`, `obj.name = ...`). Reads the file as text; never runs user code."""
    if type(path) is not str or not path.endswith(('.py', '.pyw')) or type(name) is not str:
        return None
    try:
        import linecache
        lines = linecache.getlines(path)
    except Exception:
        return None
    import re
    word = re.escape(name)
    if attribute:
        pattern = re.compile(r'^\s*[A-Za-z_][A-Za-z0-9_]*\.' + word + r'\s*(:[^=]*)?=[^=]')
    else:
        pattern = re.compile(r'^' + word + r'\s*(:[^=]*)?=[^=]')
    for number in range(max(1, start_line), len(lines) + 1):
        if pattern.match(lines[number - 1]):
            return _loc(path, number)
    return None


def _class_location(cls):
    """Where class `cls` is defined, without running user code; (location, reason)."""
    try:
        d = _type_dict(cls)
        mod = _type_module_name(cls)
    except Exception:
        return None, 'not a class'
    if mod == 'builtins':
        return None, '%s is a builtin type with no Python source' % _short_name(cls)
    m = sys.modules.get(mod)
    path = None
    if type(m) is _ModuleType:
        path = _module_dict(m).get('__file__')
    if type(path) is not str or not path.endswith(('.py', '.pyw')):
        # the class may still have methods whose code tells the file
        for v in d.values():
            if type(v) in (staticmethod, classmethod):
                v = v.__func__
            if type(v) is _FunctionType:
                path = v.__code__.co_filename
                break
        else:
            return None, '%s is defined in %s, which has no Python source file' % (
                _short_name(cls), mod)
    first = d.get('__firstlineno__')  # 3.13+
    if type(first) is int and first > 0:
        return _loc(path, first), None
    qual = _type_qualname(cls)
    line = _find_class_line(path, qual)
    if line:
        return _loc(path, line), None
    # fall back on the first method's def line, or line 1
    best = None
    for v in d.values():
        if type(v) in (staticmethod, classmethod):
            v = v.__func__
        if type(v) is _FunctionType and v.__code__.co_filename == path:
            ln = v.__code__.co_firstlineno
            if best is None or ln < best:
                best = ln
    return _loc(path, best or 1), None


def _find_class_line(path, qualname):
    try:
        import linecache
        lines = linecache.getlines(path)
    except Exception:
        return None
    parts = [p for p in qualname.split('.') if p != '<locals>']
    name = parts[-1] if parts else qualname
    import re
    pat = re.compile(r'^(\s*)class\s+' + re.escape(name) + r'\b')
    hits = []
    for i, text in enumerate(lines):
        mt = pat.match(text)
        if mt:
            hits.append((len(mt.group(1)), i + 1))
    if not hits:
        return None
    if len(parts) == 1:
        top = [h for h in hits if h[0] == 0]
        if top:
            return top[0][1]
    return hits[0][1]


def _code_location(co):
    return _loc(co.co_filename, co.co_firstlineno)


def _source_of(o):
    """(location, reason) for any object, following the rules of the protocol."""
    t = type(o)
    try:
        if t is _ModuleType:
            f = _module_dict(o).get('__file__')
            if type(f) is str:
                return _loc(f, 1), None
            return None, 'module has no source file'
        if issubclass(type(o), type):
            return _class_location(o)
        if t is _FunctionType:
            return _code_location(o.__code__), None
        if t is _MethodType:
            f = o.__func__
            if type(f) is _FunctionType:
                return _code_location(f.__code__), None
            return None, 'method of a builtin function'
        if t is staticmethod or t is classmethod:
            f = o.__func__
            if type(f) is _FunctionType:
                return _code_location(f.__code__), None
        if t is _CodeType:
            return _code_location(o), None
        if t is _FrameType:
            return _loc(o.f_code.co_filename, o.f_lineno), None
        if t is _GeneratorType or t is _CoroutineType or t is _AsyncGenType:
            fr = getattr(o, {_GeneratorType: 'gi_frame', _CoroutineType: 'cr_frame',
                             _AsyncGenType: 'ag_frame'}[t])
            co = getattr(o, {_GeneratorType: 'gi_code', _CoroutineType: 'cr_code',
                             _AsyncGenType: 'ag_code'}[t])
            if fr is not None:
                return _loc(co.co_filename, fr.f_lineno), None
            return _code_location(co), None
        if t is _BuiltinType:
            return None, 'builtin function has no Python source'
        if t is _CellType:
            return None, 'a closure cell has no source of its own'
        return _class_location(t)
    except Exception as e:
        return None, 'source not found (%s)' % type(e).__name__


def _type_source(params):
    type_key = _p_str(params, 'typeKey')
    cands = _types_for_key(type_key)
    if not cands:
        return {'reason': 'no class %s is loaded' % type_key}
    loc, reason = _class_location(cands[-1])
    del cands
    return {'location': loc} if loc else {'reason': reason}


def _allocated_at(o):
    try:
        import tracemalloc
        if not tracemalloc.is_tracing():
            return None
        tb = tracemalloc.get_object_traceback(o)
        if tb is None or not len(tb):
            return None
        # frames are ordered oldest to most recent (3.7+): take the most recent real file
        frames = list(tb)
        fr = frames[-1]
        for x in reversed(frames):
            if not x.filename.startswith('<'):
                fr = x
                break
        return _loc(fr.filename, fr.lineno)
    except Exception:
        return None


def _object_source(params):
    o = _resolve(params)
    try:
        loc, reason = _source_of(o)
        res = {'location': loc} if loc else {'reason': reason}
        at = _allocated_at(o)
        if at:
            res['allocatedAt'] = at
        return res
    finally:
        del o


def _allocation_tracking(params):
    enable = _p_bool(params, 'enable')
    nframes = _p_int(params, 'frames', 10, minimum=1)
    import tracemalloc
    tracing = tracemalloc.is_tracing()
    if enable:
        if not tracing:
            tracemalloc.start(nframes)
            _state.tracemalloc_ours = True
            return {'tracking': True, 'startedByUser': False}
        return {'tracking': _state.tracemalloc_ours, 'startedByUser': not _state.tracemalloc_ours}
    if tracing and _state.tracemalloc_ours:
        tracemalloc.stop()
    by_user = tracing and not _state.tracemalloc_ours
    _state.tracemalloc_ours = False
    return {'tracking': False, 'startedByUser': by_user}


# ------------------------------------------------------------------ graphs

import weakref as _weakref

_WEAK_TYPES = (_weakref.ReferenceType, _weakref.ProxyType, _weakref.CallableProxyType)


def _safe_key_text(k):
    t = type(k)
    if t is str:
        return repr(k[:40] + ('\u2026' if len(k) > 40 else ''))
    if t in (int, float, bool, bytes, complex) or k is None:
        r = repr(k)
        return r if len(r) <= 40 else r[:39] + '\u2026'
    if t is tuple and len(k) <= 4 and all(type(x) in (str, int, float, bool) or x is None
                                         for x in k):
        return _trim(repr(k), 40)
    return '<%s>' % _short_name(t)


def _dict_owner_kind(d, owner):
    """How `owner` holds dict `d`: 'global' (module globals), 'classattr', 'attribute'
    (instance __dict__) or None."""
    if owner is None:
        return None
    t = type(owner)
    try:
        if t is _ModuleType:
            return 'global' if _module_dict(owner) is d else None
        if issubclass(type(owner), type):
            for x in gc.get_referents(owner):
                if x is d:
                    return 'classattr'
            return None
        if t is dict or t is list or t is tuple or t is set or t is _FrameType:
            return None
        desc = _mro_lookup(t, '__dict__')
        if desc is not None and type(desc).__name__ == 'getset_descriptor':
            for x in gc.get_referents(owner):
                if x is d:  # only then: reading it never creates a dict
                    return 'attribute' if desc.__get__(owner, t) is d else None
    except Exception:
        pass
    return None


def _edge_labels(holder, child, owner_kind=None):
    """[(label, kind)] for how `holder` refers to `child`, without running user code."""
    out = []
    t = type(holder)
    try:
        if t in _WEAK_TYPES or issubclass(type(holder), _weakref.ReferenceType):
            return [('weakref', 'weak')]
        if issubclass(type(holder), dict):
            for k, v in dict.items(holder):
                if v is child:
                    if owner_kind == 'global':
                        out.append((k if type(k) is str else _safe_key_text(k), 'global'))
                    elif owner_kind in ('attribute', 'classattr') and type(k) is str:
                        out.append(('.' + k, owner_kind))
                    else:
                        out.append(('[%s]' % _safe_key_text(k), 'key'))
                if k is child:
                    out.append(('key', 'key'))
                if len(out) >= 3:
                    break
        elif t is _CellType:
            out.append(('cell_contents', 'closure'))
        elif issubclass(type(holder), (list, tuple, deque)):
            it = (list.__iter__(holder) if issubclass(type(holder), list) else
                  tuple.__iter__(holder) if issubclass(type(holder), tuple) else deque.__iter__(holder))
            for i, v in enumerate(it):
                if v is child:
                    out.append(('[%d]' % i, 'index'))
                    if len(out) >= 3:
                        break
        elif issubclass(type(holder), (set, frozenset)):
            out.append(('{member}', 'member'))
        elif t is _MethodType:
            if holder.__self__ is child:
                out.append(('__self__', 'bound'))
            if holder.__func__ is child:
                out.append(('__func__', 'bound'))
        elif t is _FunctionType:
            for name in ('__globals__', '__defaults__', '__kwdefaults__', '__closure__',
                         '__dict__', '__annotations__', '__module__', '__doc__', '__name__',
                         '__qualname__', '__code__'):
                if getattr(holder, name, None) is child:
                    out.append((name, 'other'))
        elif t is _FrameType:
            if holder.f_back is child:
                out.append(('f_back', 'other'))
            elif holder.f_globals is child:
                out.append(('f_globals', 'other'))
            else:
                try:
                    loc = holder.f_locals
                    for k, v in dict.items(loc) if type(loc) is dict else loc.items():
                        if v is child:
                            out.append((k, 'local'))
                            break
                except Exception:
                    pass
        elif t is _ModuleType:
            out.append(('__dict__', 'other'))
        elif issubclass(type(holder), type):
            try:
                if _type_mro(holder) is child:
                    out.append(('__mro__', 'other'))
                elif type.__dict__['__bases__'].__get__(holder) is child:
                    out.append(('__bases__', 'other'))
            except Exception:
                pass
            if not out:
                out.append(('__dict__' if type(child) is dict else '', 'other'))
        elif issubclass(type(holder), BaseException):
            for name in ('__traceback__', '__context__', '__cause__', 'args'):
                if BaseException.__getattribute__(holder, name) is child:
                    out.append((name, 'other'))
        elif t is _TracebackType:
            if holder.tb_frame is child:
                out.append(('tb_frame', 'other'))
            elif holder.tb_next is child:
                out.append(('tb_next', 'other'))
        if not out and t not in (dict, list, tuple, set, frozenset):
            # instance: __dict__ itself, or a __slots__ member
            # (on 3.11+ reading __dict__ may create the instance's dict from its inline
            # values; objgraph's labels do the same; no user code runs: C getset only)
            desc = _mro_lookup(t, '__dict__')
            d = None
            if desc is not None and type(desc).__name__ == 'getset_descriptor':
                d = desc.__get__(holder, t)
            if d is child:
                out.append(('__dict__', 'other'))
            elif type(d) is dict:
                for k, v in dict.items(d):
                    if v is child:
                        out.append(('.%s' % k if type(k) is str else '[%s]' % _safe_key_text(k),
                                    'attribute'))
                        if len(out) >= 3:
                            break
            if not out:
                for k in _type_mro(t):
                    for name, v in list(_type_dict(k).items()):
                        if type(v).__name__ == 'member_descriptor':
                            try:
                                if v.__get__(holder, t) is child:
                                    out.append(('.' + name, 'attribute'))
                            except Exception:
                                pass
    except Exception:
        pass
    if not out:
        out.append(('', 'other'))
    return out


def _node_kind(o):
    t = type(o)
    if t is _ModuleType:
        return 'module'
    if issubclass(type(o), type):
        return 'class'
    if t in (_FunctionType, _BuiltinType, _MethodType, staticmethod, classmethod):
        return 'function'
    if t is _FrameType:
        return 'frame'
    return 'object'


def _is_proper_module(o):
    if type(o) is not _ModuleType:
        return False
    try:
        return sys.modules.get(_module_dict(o).get('__name__')) is o
    except Exception:
        return False


class _Graph(object):
    """Builds an ObjectGraph. Holds objects only for the duration of one command."""

    def __init__(self, labels, noise_ids, max_nodes=200, ignore=()):
        self.labels = labels
        self.noise_ids = noise_ids
        self.max_nodes = max_nodes
        self.ignore = frozenset(ignore)
        self.objs = {}          # id -> object
        self.order = []         # ids in insertion order
        self.edges = []         # (from id, to id)
        self.edge_set = set()
        self.more = []          # (more id, parent id, count, is_retainers, offset)
        self.truncated = False
        self.roots = set()
        self.target_id = None
        self.size_cache = {}
        self.own = set([id(self.objs), id(self.order), id(self.edges), id(self.__dict__)])
        try:
            self.garbage_ids = set(map(id, gc.garbage))
        except Exception:
            self.garbage_ids = set()

    def skip(self, o):
        i = id(o)
        if i in self.noise_ids or i in self.own:
            return True
        t = type(o)
        if t is _FrameType:
            try:
                if o.f_globals is _G:
                    return True
            except Exception:
                return True
        if self.ignore and (_short_name(t) in self.ignore or _type_key(t) in self.ignore):
            return True
        return False

    def add(self, o):
        i = id(o)
        if i in self.objs:
            return True
        if len(self.objs) >= self.max_nodes:
            self.truncated = True
            return False
        self.objs[i] = o
        self.order.append(i)
        return True

    def edge(self, frm, to):
        k = (id(frm), id(to))
        if k not in self.edge_set:
            self.edge_set.add(k)
            self.edges.append(k)

    def build(self, merge_dicts, retainers=True):
        objs = self.objs
        # owners of dicts (module globals, class dicts, instance __dict__), from the edges
        owner_of = {}
        for a, b in self.edges:
            d = objs.get(b)
            if type(d) is dict and b not in owner_of:
                kind = _dict_owner_kind(d, objs.get(a))
                if kind:
                    owner_of[b] = (a, kind)
        alias = {}
        if merge_dicts:
            for b, (a, kind) in owner_of.items():
                if b != self.target_id:
                    alias[b] = a
            # closure: function -> tuple (__closure__) -> cell -> x  becomes  function -> x
            for a, b in self.edges:
                f = objs.get(a)
                tup = objs.get(b)
                if type(f) is _FunctionType and type(tup) is tuple and f.__closure__ is tup \
                        and b != self.target_id:
                    alias[b] = a
                    for c, d in self.edges:
                        if c == b and type(objs.get(d)) is _CellType and d != self.target_id:
                            alias[d] = a
        nodes = []
        for i in self.order:
            if i in alias:
                continue
            nodes.append(self.node(objs[i], i))
        edges = []
        seen = set()
        global_sources = {}
        for a, b in self.edges:
            fa, fb = alias.get(a, a), alias.get(b, b)
            if fa == fb:
                continue
            if b in alias and a in alias and alias[a] == alias[b]:
                continue
            holder, child = objs[a], objs[b]
            ok = owner_of.get(a)
            labels = _edge_labels(holder, child, ok[1] if ok else None)
            if type(holder) is _CellType and a in alias:
                f = objs[alias[a]]
                labels = [(_closure_name(f, holder), 'closure')]
            lab = ', '.join(l for l, _ in labels if l)
            kind = labels[0][1]
            key = (fa, fb, lab)
            if key in seen:
                continue
            seen.add(key)
            e = {'from': str(fa), 'to': str(fb), 'label': lab, 'kind': kind}
            # the instance that owns the attribute: the holder itself (inline values, 3.11+), or
            # the owner of the holder's __dict__
            owner = objs[ok[0]] if ok and ok[0] in objs else holder
            if kind == 'attribute' and type(owner) is not dict:
                # the line of the class that assigns the attribute, else the class itself
                cls_loc = _class_location(type(owner))[0]
                src = cls_loc and (_assignment_location(
                    cls_loc['path'], lab.lstrip('.'), cls_loc['line'], attribute=True) or cls_loc)
                if src:
                    e['source'] = src
            owner = None
            if kind == 'global':
                # a module global: the line that assigns it; the held object opens there too
                module_file = _globals_file(holder)
                src = _assignment_location(module_file, lab)
                if src:
                    e['source'] = src
                    global_sources.setdefault(str(fb), src)
            edges.append(e)
        for n in nodes:
            if 'source' not in n and n['id'] in global_sources:
                n['source'] = global_sources[n['id']]
        for mid, parent, count, is_ret, off in self.more:
            parent = alias.get(parent, parent)
            nodes.append({'id': mid, 'kind': 'more', 'address': 0, 'typeKey': '',
                          'typeName': '', 'label': '+%d more' % count, 'shallowBytes': 0,
                          'isTarget': False, 'isRoot': False, 'hasFinalizer': False,
                          'inGarbage': False, 'moreCount': count})
            if is_ret:
                edges.append({'from': mid, 'to': str(parent), 'label': '', 'kind': 'other'})
            else:
                edges.append({'from': str(parent), 'to': mid, 'label': '', 'kind': 'other'})
        return {'nodes': nodes, 'edges': edges, 'targetId': str(self.target_id),
                'truncated': self.truncated}

    def node(self, o, i):
        n = _summary(o, self.labels, self.size_cache)
        t = type(o)
        n['id'] = str(i)
        n['kind'] = _node_kind(o)
        n['isTarget'] = i == self.target_id
        n['isRoot'] = i in self.roots or _is_proper_module(o)
        n['hasFinalizer'] = _has_finalizer(t)
        n['inGarbage'] = i in self.garbage_ids
        loc, _ = _source_of(o)
        if loc:
            n['source'] = loc
        at = _allocated_at(o)
        if at:
            n['allocatedAt'] = at
        return n


def _globals_file(holder):
    """The source file of a module, or of the module whose globals dict `holder` is."""
    try:
        if type(holder) is _ModuleType:
            holder = _module_dict(holder)
        if type(holder) is dict:
            f = holder.get('__file__')
            return f if type(f) is str else None
    except Exception:
        pass
    return None


def _closure_name(f, cell):
    try:
        for name, c in zip(f.__code__.co_freevars, f.__closure__ or ()):
            if c is cell:
                return name
    except Exception:
        pass
    return 'closure'


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


def _referrers_by_child(frontier, g):
    """One gc.get_referrers call for a whole BFS level: {id(child): [referrers]} in gc order."""
    fids = set(map(id, frontier))
    refs = gc.get_referrers(*frontier)
    g.own.add(id(refs))
    out = {}
    try:
        for r in refs:
            if g.skip(r):
                continue
            hit = False
            for c in gc.get_referents(r):
                ci = id(c)
                if ci in fids:
                    lst = out.get(ci)
                    if lst is None:
                        lst = out[ci] = []
                        g.own.add(id(lst))
                    if not lst or lst[-1] is not r:
                        lst.append(r)
                    hit = True
            if not hit:
                continue
    finally:
        g.own.discard(id(refs))
        del refs
    return out


def _referents_of(o, g):
    out = []
    g.own.add(id(out))
    for c in gc.get_referents(o):
        if type(c) in (str, int, float, bool, bytes) or c is None:
            continue  # atoms: shown in labels, not as nodes
        if g.skip(c):
            continue
        out.append(c)
    return out


def _walk(target, g, lim, retainers, depth, offset=0):
    """BFS from target over referrers (retainers) or referents, `depth` levels."""
    too_many = lim['tooMany']
    frontier = (target,)
    g.own.add(id(frontier))
    first = True
    for _ in range(depth):
        if not frontier:
            break
        if retainers:
            by_child = _referrers_by_child(frontier, g)
        else:
            by_child = {}
            for o in frontier:
                by_child[id(o)] = _referents_of(o, g)
        # the agent's own lists refer to the objects being walked: they must never show up as
        # retainers at the next level (g.own), nor stay bound after their level
        nxt = []
        g.own.add(id(nxt))
        for child in frontier:
            lst = by_child.get(id(child), ())
            start = offset if first else 0
            stop = min(len(lst), start + too_many)
            rest = len(lst) - max(stop, start)
            for k in range(start, stop):
                r = lst[k]
                new = id(r) not in g.objs
                if not g.add(r):
                    break
                if retainers:
                    g.edge(r, child)
                else:
                    g.edge(child, r)
                if new and not (retainers and type(r) is _ModuleType) \
                        and not issubclass(type(r), _WEAK_TYPES):
                    nxt.append(r)
            if rest > 0:
                g.more.append(('more:%d:%d' % (id(child), stop), id(child), rest,
                               retainers, stop))
            if retainers:
                # weak references to the object: drawn, never walked
                try:
                    for w in _weakref.getweakrefs(child):
                        if not g.skip(w) and g.add(w):
                            g.edge(w, child)
                except Exception:
                    pass
        first = False
        by_child = None
        r = lst = child = None
        g.own.discard(id(frontier))
        frontier = tuple(nxt)
        g.own.add(id(frontier))
        g.own.discard(id(nxt))
        del nxt
    g.own.discard(id(frontier))
    frontier = None


def _graph_command(params, retainers, expand=False):
    labels = _p_labels(params)
    lim = _p_limits(params)
    offset = params.get('offset', 0) or 0
    if type(offset) is not int or offset < 0:
        raise _bad('offset must be a non-negative integer')
    noise, noise_ids = _find_noise()
    del noise
    target = _resolve(params)
    g = _Graph(labels, noise_ids, lim['maxNodes'], lim['ignoreTypes'])
    try:
        g.target_id = id(target)
        g.add(target)
        depth = 1 if expand else lim['maxDepth']
        _walk(target, g, lim, retainers, depth, offset)
        target = None
        return g.build(lim['mergeInstanceDicts'], retainers)
    finally:
        target = None
        g.objs.clear()


def _retainers(params):
    return _graph_command(params, True)


def _references(params):
    return _graph_command(params, False)


def _expand(params):
    d = params.get('direction', 'retainers')
    if d not in ('retainers', 'references'):
        raise _bad("direction must be 'retainers' or 'references'")
    return _graph_command(params, d == 'retainers', expand=True)


def _running_frame_ids(noise_ids):
    ids = set()
    for tid, f in sys._current_frames().items():
        while f is not None:
            if id(f) not in noise_ids and f.f_globals is not _G:
                ids.add(id(f))
            f = f.f_back
    return ids


# Bidirectional search for `chain` with module roots. The backward BFS (one gc.get_referrers
# call per level) costs a heap scan times the size of the level: a level of 200 objects is ~10
# scans. The forward side (gc.get_referents from the proper modules) is cheap while its levels
# are small. Both sides apply the same rules (the agent's and the debugger's objects, weak
# reference types, untracked objects are never nodes), so an edge from forward level b to
# backward level a gives the length D = a + b + 1 of the shortest chains. The chain objgraph
# returns is then rebuilt from the objects on shortest chains only: the BFS order of those
# objects at a level depends only on the order of those at the level before (every parent of
# an object on a shortest chain is on one), so replaying the BFS on them gives the same chain.

_FWD_LEVEL_CAP = 100000     # a forward level larger than this stops the forward side
_BACK_PER_OBJECT = 0.04     # cost of one more object in a get_referrers call, in heap scans


def _shortest_chain(target, roots, g, max_depth):
    """[root, ..., target] as the backward BFS (objgraph's) finds it, [] if no root is within
    max_depth, None if the heap changed under the search (the caller falls back on the plain
    backward BFS). `roots`: the root objects (already filtered by g.skip)."""
    own = g.own
    skip = g.skip
    weak = _WEAK_TYPES
    get_referents = gc.get_referents
    bobj = {id(target): target}   # every backward node: id -> object
    blevels = [[target]]
    rank = {}                     # id -> index in the get_referrers result that found it
    fd = {}                       # id -> forward level, -1: never a node
    flevels = [[]]
    hits = []                     # (x, y): x on forward level b refers to y on backward level a
    holders = (bobj, blevels, flevels, hits)
    for h in holders + (blevels[0], flevels[0]):
        own.add(id(h))
    for r in roots:
        if id(r) not in fd:
            fd[id(r)] = 0
            flevels[0].append(r)
    a = b = 0
    fopen = True
    scan_cost = None
    fwd_unit = 1e-6
    try:
        while True:
            # no chain shorter than a + b + 1 exists; this step checks that length
            if a + b + 1 > max_depth or not blevels[a] or not flevels[b]:
                return []
            bf = blevels[a]
            ff = flevels[b]
            forward = False
            if fopen and scan_cost is not None:
                forward = fwd_unit * len(ff) < scan_cost * (1 + _BACK_PER_OBJECT * len(bf))
            t0 = _perf()
            if forward:
                nxt = []
                own.add(id(nxt))
                level = b + 1
                capped = False
                keys = bobj.keys()
                for x in ff:
                    refs = get_referents(x)
                    if (capped or hits) and keys.isdisjoint(map(id, refs)):
                        continue
                    for c in refs:
                        i = id(c)
                        if i in bobj:
                            hits.append((x, c))
                        elif capped or hits or i in fd:
                            continue
                        elif _is_tracked(c) and not skip(c) and not issubclass(type(c), weak):
                            fd[i] = level
                            nxt.append(c)
                            if len(nxt) > _FWD_LEVEL_CAP:
                                capped = True
                        else:
                            fd[i] = -1
                refs = c = x = None
                if not hits and not capped:
                    fwd_unit = max((_perf() - t0) / max(len(ff), 1), 1e-8)
                    flevels.append(nxt)
                    b += 1
                else:
                    own.discard(id(nxt))
                    del nxt[:]
                    fopen = False
            else:
                fids = set(map(id, bf))
                nxt = []
                own.add(id(nxt))
                refs = gc.get_referrers(*bf)
                own.add(id(refs))
                try:
                    for k, r in enumerate(refs):
                        i = id(r)
                        if i in bobj:
                            continue
                        if fd.get(i) == b:
                            for c in get_referents(r):
                                if id(c) in fids:
                                    hits.append((r, c))
                            rank[i] = k
                        elif hits or skip(r) or issubclass(type(r), weak):
                            continue
                        else:
                            bobj[i] = r
                            rank[i] = k
                            nxt.append(r)
                finally:
                    own.discard(id(refs))
                    refs = r = c = None
                if scan_cost is None:
                    scan_cost = (_perf() - t0) / (1 + _BACK_PER_OBJECT * len(bf))
                if hits:
                    own.discard(id(nxt))
                    del nxt[:]
                else:
                    blevels.append(nxt)
                    a += 1
            nxt = bf = ff = None
            if hits:
                return _replay(target, hits, a, b, blevels, flevels, rank)
    finally:
        for h in holders + tuple(blevels) + tuple(flevels):
            own.discard(id(h))
        bobj.clear()
        del blevels[:], flevels[:], hits[:]
        rank.clear()
        fd.clear()


def _unique(objs):
    seen = set()
    out = []
    for o in objs:
        if id(o) not in seen:
            seen.add(id(o))
            out.append(o)
    return out


def _replay(target, hits, a, b, blevels, flevels, rank):
    """The chain objgraph's BFS returns, from the objects on shortest chains (see above)."""
    get_referents = gc.get_referents
    D = a + b + 1
    S = [None] * (D + 1)   # S[j]: objects on shortest chains at backward distance j
    S[a] = _unique(y for x, y in hits)
    S[a + 1] = _unique(x for x, y in hits)
    for j in range(a - 1, -1, -1):
        ids = set(map(id, blevels[j]))
        found = {}
        for z in S[j + 1]:
            for c in get_referents(z):
                if id(c) in ids:
                    found[id(c)] = c
        S[j] = list(found.values())
    for k in range(1, b + 1):
        ids = set(map(id, S[a + k]))
        S[a + 1 + k] = [w for w in flevels[b - k]
                        if not ids.isdisjoint(map(id, get_referents(w)))]
    if len(S[0]) != 1 or S[0][0] is not target:
        return None
    # BFS order, level by level: by first parent's position, then gc order
    parent = {}
    order = [target]
    gc_rank = None
    try:
        for j in range(1, D + 1):
            pos = dict((id(y), n) for n, y in enumerate(order))
            keyed = []
            firsts = set()
            ties = False
            for x in S[j]:
                p = min([pos[id(c)] for c in get_referents(x) if id(c) in pos] or [-1])
                if p < 0:
                    return None
                if p in firsts:
                    ties = True
                firsts.add(p)
                keyed.append((p, x))
            rk = None
            if ties:
                rk = rank
                if any(id(x) not in rank for p, x in keyed):
                    if gc_rank is None:
                        gc_rank = _gc_ranks([x for s in S[a + 1:] for x in s])
                    rk = gc_rank
            keyed.sort(key=(lambda px: px[0]) if rk is None else
                       (lambda px: (px[0], rk.get(id(px[1]), -1))))
            for p, x in keyed:
                parent[id(x)] = order[p]
            order = [x for p, x in keyed]
            keyed = pos = None
        if not order:
            return None
        chain = [order[0]]
        while chain[-1] is not target:
            chain.append(parent[id(chain[-1])])
        return chain
    finally:
        parent.clear()
        order = keyed = None
        del S[:]


def _gc_ranks(objs):
    """id -> position in gc order (gc.get_referrers lists referrers in this order)."""
    ids = set(map(id, objs))
    everything = gc.get_objects()
    try:
        return dict((id(o), n) for n, o in
                    enumerate(itertools.compress(everything, map(ids.__contains__,
                                                                 map(id, everything)))))
    finally:
        del everything[:]


def _chain(params):
    labels = _p_labels(params)
    max_depth = _p_int(params, 'maxDepth', 20)
    root = params.get('root') or {'kind': 'module'}
    if type(root) is not dict or root.get('kind') not in ('module', 'frame', 'type'):
        raise _bad("root.kind must be 'module', 'frame' or 'type'")
    kind = root['kind']
    type_name = root.get('typeName') if kind == 'type' else None
    if kind == 'type' and type(type_name) is not str:
        raise _bad('root.typeName is required for a type root')
    merge = params.get('mergeInstanceDicts', False) is True
    noise, noise_ids = _find_noise()
    del noise
    frame_ids = _running_frame_ids(noise_ids) if kind == 'frame' else set()

    def is_root(o):
        if kind == 'module':
            return _is_proper_module(o)
        if kind == 'frame':
            return id(o) in frame_ids
        t = type(o)
        return _short_name(t) == type_name or _type_key(t) == type_name

    target = _resolve(params)
    g = _Graph(labels, noise_ids, max_nodes=max_depth + 2)
    chain = None
    enabled = gc.isenabled()
    gc.disable()  # no collection moves objects between generations (the gc order) meanwhile
    try:
        g.target_id = id(target)
        if is_root(target):
            chain = [target]
        elif kind == 'module' and _freeze_count() == 0:
            # frozen objects are invisible to get_referrers but not to get_referents
            roots = [m for m in list(sys.modules.values())
                     if _is_proper_module(m) and not g.skip(m)]
            chain = _shortest_chain(target, roots, g, max_depth)
            del roots[:]
            roots = None
        if chain is None:
            chain = _backward_chain(target, is_root, g, max_depth)
        if not chain:
            g.add(target)
            return {'found': False, 'graph': g.build(merge)}
        g.roots.add(id(chain[0]))
        for o in chain:
            g.max_nodes = len(chain) + 1
            g.add(o)
        for x, y in zip(chain, chain[1:]):
            g.edge(x, y)
        x = y = o = None
        del chain[:]
        return {'found': True, 'graph': g.build(merge)}
    finally:
        if enabled:
            gc.enable()
        target = None
        chain = None
        g.objs.clear()


def _backward_chain(target, is_root, g, max_depth):
    """Plain backward BFS, one gc.get_referrers call per level: [root, ..., target] or []."""
    parent = {id(target): None}
    seen = {id(target): target}
    g.own.add(id(seen))
    found = None
    try:
        frontier = (target,)
        depth = 0
        while found is None and frontier and depth < max_depth:
            by_child = _referrers_by_child(frontier, g)
            nxt = []
            for child in frontier:
                for r in by_child.get(id(child), ()):
                    ri = id(r)
                    if ri in seen or issubclass(type(r), _WEAK_TYPES):
                        continue
                    seen[ri] = r
                    parent[ri] = id(child)
                    nxt.append(r)
                    if is_root(r):
                        found = r
                        break
                if found is not None:
                    break
            by_child = None
            frontier = tuple(nxt)
            del nxt
            depth += 1
        frontier = None
        chain = []
        if found is not None:
            i = id(found)
            while i is not None:
                chain.append(seen[i])
                i = parent[i]
        return chain
    finally:
        g.own.discard(id(seen))
        found = None
        seen.clear()


# ------------------------------------------------------------------ cycles, garbage, leaking

def _sccs(objs):
    """Strongly connected components of the reference graph restricted to `objs` (iterative
    Tarjan). Returns lists of indexes into objs; only real cycles (size > 1 or self-loop)."""
    index_of = {}
    for n, o in enumerate(objs):
        index_of[id(o)] = n
    succ = []
    for o in objs:
        s = []
        for c in gc.get_referents(o):
            j = index_of.get(id(c))
            if j is not None:
                s.append(j)
        succ.append(s)
    index_of = None
    n = len(objs)
    idx = [-1] * n
    low = [0] * n
    on = [False] * n
    stack = []
    out = []
    counter = 0
    for start in range(n):
        if idx[start] != -1:
            continue
        work = [(start, 0)]
        while work:
            v, pi = work.pop()
            if pi == 0:
                idx[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on[v] = True
            recurse = False
            sv = succ[v]
            while pi < len(sv):
                w = sv[pi]
                pi += 1
                if idx[w] == -1:
                    work.append((v, pi))
                    work.append((w, 0))
                    recurse = True
                    break
                elif on[w]:
                    if idx[w] < low[v]:
                        low[v] = idx[w]
            if recurse:
                continue
            if low[v] == idx[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on[w] = False
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1 or v in succ[v]:
                    out.append(comp)
            if work:
                u = work[-1][0]
                if low[v] < low[u]:
                    low[u] = low[v]
    return out, succ


def _type_label(o):
    t = type(o)
    return _short_name(t)


def _shortest_cycle_path(start, succ, is_member):
    """The shortest path start -> ... -> (back to start) through members of one component (BFS
    over `succ`, a list of successor indexes per member), as a list of member indexes."""
    prev = {start: None}
    q = deque([start])
    end = None
    while q and end is None:
        v = q.popleft()
        for w in succ[v]:
            if not is_member(w):
                continue
            if w == start:
                end = v
                break
            if w not in prev:
                prev[w] = v
                q.append(w)
    path = []
    v = end
    while v is not None:
        path.append(v)
        v = prev[v]
    path.reverse()
    return path


def _cycle_signature(comp, succ, objs):
    """Type names along one cycle of the component, in a canonical rotation."""
    members = set(comp)

    def prio(j):
        t = type(objs[j])
        return (0 if _type_module_name(t) != 'builtins' else 1, _short_name(t), j)
    start = min(comp, key=prio)
    path = _shortest_cycle_path(start, succ, members.__contains__)
    names = [_type_label(objs[j]) for j in path]
    return names, path


def _cycle_hint(comp, objs):
    ts = [type(objs[j]) for j in comp]
    mem = set(id(objs[j]) for j in comp)
    for j in comp:
        o = objs[j]
        if type(o) is _MethodType and id(o.__self__) in mem:
            return ('bound method stored on its own object: clear it when done (e.g. a destroy() '
                    'that empties the dict) or store weakref.WeakMethod(self.method)')
    if any(t is _FrameType or t is _TracebackType for t in ts):
        return ('a frame or traceback kept by a stored exception: the exception\'s __traceback__ '
                'holds the frame whose locals hold the owner; store a message or '
                'traceback.format_exc() instead, or delete the exception when done')
    if any(t is _CellType for t in ts):
        return ('a closure capturing its owner: the function stored on the object closes over '
                'self; use a method, or capture weakref.ref(self) in the closure')
    user = [t for t in ts if _type_module_name(t) != 'builtins']
    if len(user) >= 2:
        return ('objects pointing at each other (e.g. parent and child): make the back link '
                'weak (weakref.ref / weakref.proxy / WeakSet / WeakValueDictionary) or break '
                'it by hand when done')
    return 'a reference cycle: break it by hand when done, or make one link a weakref'


def _is_noise_garbage(o, noise_dicts):
    t = type(o)
    try:
        if _is_noise_module_name(_type_module_name(t)):
            return True
        if t is _FunctionType:
            return id(o.__globals__) in noise_dicts
        if t is _FrameType:
            return id(o.f_globals) in noise_dicts
    except Exception:
        pass
    return False


def _cycle_shape(key, tmap):
    """Group key (signature, size) for each possible start of one cycle shape.

    key = (member type ids in component order, out-degrees, successor values) where a
    successor value is the member's local index or -1 (not in the component): exactly the
    inputs of _cycle_signature up to the relabelling of indexes. The start is the member of
    least (user before builtins, type name, index in the garbage list); the last part depends
    on the cycle, so this returns the local candidates and the group key for each of them."""
    tids, degs, vals = key
    k = len(tids)
    ts = [tmap[t] for t in tids]
    names = [_short_name(t) for t in ts]
    prios = [(0 if _type_module_name(t) != 'builtins' else 1, nm) for t, nm in zip(ts, names)]
    best = min(prios)
    cands = [i for i in range(k) if prios[i] == best]
    succ = []
    n = 0
    for d in degs:
        succ.append(vals[n:n + d])
        n += d
    gkeys = []
    for start in cands:
        path = _shortest_cycle_path(start, succ, lambda w: w >= 0)
        pn = [names[i] for i in path]
        gkeys.append((' -> '.join(pn + pn[:1]), k))
    return cands, gkeys


def _cycle_groups(found, comps, succ, noise_dicts, base):
    """Group the components of `found` by (signature, size), skipping noise and, with `base`
    (a set of identity keys), cycles made only of baseline objects. Same result as calling
    _is_noise_garbage / _cycle_signature per component, but the per-object and per-cycle work
    runs in C loops and the signature is worked out once per exact shape.
    Returns (groups by key in first-seen order: {'sig', 'size', 'count', 'comp'}, objects)."""
    chain = itertools.chain.from_iterable
    repeat = itertools.repeat
    compress = itertools.compress
    n = len(found)
    tys = list(map(type, found))
    tids = list(map(id, tys))
    tmap = dict(zip(tids, tys))  # keyed by id: hashing a type could run a metaclass __hash__
    # noise, decided once per type (objects only for functions and frames, by their globals)
    noisy_t = set()
    glob_t = set()
    for tid, t in tmap.items():
        try:
            if _is_noise_module_name(_type_module_name(t)):
                noisy_t.add(tid)
            elif t is _FunctionType or t is _FrameType:
                glob_t.add(tid)
        except Exception:
            pass
    bad = set(compress(range(n), map(noisy_t.__contains__, tids))) if noisy_t else set()
    if glob_t:
        for j in compress(range(n), map(glob_t.__contains__, tids)):
            o = found[j]
            try:
                g = o.__globals__ if tys[j] is _FunctionType else o.f_globals
                if id(g) in noise_dicts:
                    bad.add(j)
            except Exception:
                pass
        o = g = None
    if bad:
        comps = list(compress(comps, map(bad.isdisjoint, comps)))
    if base is not None:
        # keep a cycle with at least one object not in the baseline
        ikeys = map(operator.xor, map(id, found), map(operator.lshift, tids, repeat(64)))
        new = set(compress(range(n), map(operator.not_, map(base.__contains__, ikeys))))
        comps = list(compress(comps, map(operator.not_, map(new.isdisjoint, comps))))
    m = len(comps)
    if not m:
        return {}, 0
    lens = list(map(len, comps))
    # Fast path: two objects, each with one successor in `found` (a <-> b, as x.o = y and
    # y.o = x): the successors are forced (each must point at the other), so the pair of
    # member types is the exact shape key. Each member of a 2-cycle has at least one such
    # successor, so the sum of the degrees tells whether all of them have exactly one.
    if lens.count(2) == m:
        pos = range(m)
        sel = comps
    else:
        pos = list(compress(range(m), map(operator.eq, lens, repeat(2))))
        sel = list(map(comps.__getitem__, pos))
    if pos and sum(map(len, map(succ.__getitem__, chain(sel)))) != 2 * len(pos):
        it = iter(map(len, map(succ.__getitem__, chain(sel))))
        pos = list(compress(pos, map(operator.eq, map(operator.add, it, it), repeat(2))))
        sel = list(map(comps.__getitem__, pos))
    parts = []
    if pos:
        it = iter(map(tids.__getitem__, chain(sel)))
        pairs = list(zip(it, it))
        shapes = {}
        for key in dict.fromkeys(pairs):
            shapes[key] = _cycle_shape((key, (1, 1), (1, 0)), tmap)
        parts.append((pos, pairs, shapes))
    sel = None
    if len(pos) < m:
        if pos:
            rest = set(range(m))
            rest.difference_update(pos)
            rest = sorted(rest)
        else:
            rest = list(range(m))
        parts.append((rest,) + _cycle_shape_keys(list(map(comps.__getitem__, rest)), succ,
                                                  tids, tmap))
    counts = Counter()
    first = {}
    for idx, keys, shapes in parts:
        const = {}
        for key, (cands, gkeys) in shapes.items():
            if len(set(gkeys)) == 1:
                const[key] = gkeys[0]
        if len(const) == len(shapes):
            # per shape: how many, and the first component; then per group key
            gk = const
            n_of = Counter(keys)
            first_of = dict(zip(reversed(keys), reversed(idx)))
        else:
            gk = []
            for i, key in zip(idx, keys):
                e = const.get(key)
                if e is None:
                    cands, gkeys = shapes[key]
                    comp = comps[i]
                    # the member of least index in the garbage list among the tied starts
                    e = gkeys[min(range(len(cands)), key=lambda c: comp[cands[c]])]
                gk.append(e)
            n_of = Counter(gk)
            first_of = dict(zip(reversed(gk), reversed(idx)))
            gk = dict(zip(n_of, n_of))
        for key, c in n_of.items():
            g = gk[key]
            counts[g] += c
            i = first_of[key]
            if g not in first or i < first[g]:
                first[g] = i
    groups = {}
    for key in sorted(first, key=first.__getitem__):
        groups[key] = {'sig': key[0], 'size': key[1], 'count': counts[key],
                       'comp': comps[first[key]]}
    return groups, sum(lens)


def _cycle_shape_keys(comps, succ, tids, tmap):
    """Exact shape key per component (see _cycle_shape), built in C loops; and the shapes."""
    chain = itertools.chain.from_iterable
    repeat = itertools.repeat
    m = len(comps)
    # code(j) = component * K + local index; a successor's value is its code minus the
    # component's base: in [0, K) exactly for members, anything else becomes -1
    lens = list(map(len, comps))
    big = max(lens) + 1
    flat = list(chain(comps))
    code = dict(zip(flat, map(operator.add, chain(map(repeat, range(0, m * big, big), lens)),
                              chain(map(range, lens)))))
    ss = list(map(succ.__getitem__, flat))
    degs = list(map(len, ss))
    vals = list(map(operator.sub, map(code.get, chain(ss), repeat(-1)),
                    chain(map(repeat, chain(map(repeat, range(0, m * big, big), lens)), degs))))
    if min(vals, default=0) < 0 or max(vals, default=0) >= big:
        vals = [v if 0 <= v < big else -1 for v in vals]
    code = ss = None
    it = iter(degs)
    deg_c = list(map(tuple, map(itertools.islice, repeat(it), lens)))
    it = iter(vals)
    val_c = map(tuple, map(itertools.islice, repeat(it), map(sum, deg_c)))
    it = iter(map(tids.__getitem__, flat))
    tid_c = map(tuple, map(itertools.islice, repeat(it), lens))
    keys = list(zip(tid_c, deg_c, val_c))
    shapes = {}
    for key in dict.fromkeys(keys):
        shapes[key] = _cycle_shape(key, tmap)
    return keys, shapes


def _cycles(params):
    t0 = _perf()
    labels = _p_labels(params)
    scope = params.get('scope', 'all')
    if scope not in ('all', 'sinceBaseline'):
        raise _bad("scope must be 'all' or 'sinceBaseline'")
    keep = _p_bool(params, 'keepAlive', False)
    max_groups = _p_int(params, 'maxGroups', 50)
    if scope == 'sinceBaseline' and _state.baseline_keys is None:
        raise _AgentError('no_baseline', 'no baseline has been set')
    noise_dicts = set([id(_G)])
    for name, m in list(sys.modules.items()):
        if type(m) is _ModuleType and _is_noise_module_name(name):
            noise_dicts.add(id(_module_dict(m)))
    # What only the cycle collector would free: collect with DEBUG_SAVEALL, take the objects
    # out of gc.garbage and put its previous content back exactly. Finalizers (__del__) run
    # in this collection, once, as they would have in the program's own next collection.
    debug = gc.get_debug()
    before = list(gc.garbage)
    n_before = len(gc.garbage)
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
    finally:
        gc.set_debug(debug)
        found = gc.garbage[n_before:]
        gc.garbage[:] = before
        del before
    groups = {}
    total_cycles = 0
    total_objs = 0
    kept = 0
    scc_ms = 0.0
    try:
        t_scc = _perf()
        comps, succ = _sccs(found)
        scc_ms = (_perf() - t_scc) * 1000.0
        base = _state.baseline_keys if scope == 'sinceBaseline' else None
        groups, total_objs = _cycle_groups(found, comps, succ, noise_dicts, base)
        for g in groups.values():
            comp = g['comp']
            g['fin'] = any(_has_finalizer(type(found[j])) for j in comp)
            g['hint'] = _cycle_hint(comp, found)
            total_cycles += g['count']
        comp = None
        order = list(groups)
        order.sort(key=lambda k: (-groups[k]['count'], k[0]))
        out = []
        for n, key in enumerate(order[:max_groups]):
            g = groups[key]
            res = {'id': 'cycle-%d' % n, 'signature': g['sig'], 'count': g['count'],
                   'size': g['size'], 'hasFinalizer': g['fin'], 'hint': g['hint']}
            if keep:
                members = [found[j] for j in g['comp']]
                _state.kept.append(members)
                kept += len(members)
                res['example'] = _cycle_graph(members, labels)
                del members
            out.append(res)
    finally:
        del found
        groups = None
        comps = succ = None
    # free the cycles now, as the program's own collection would have (finalizers ran above):
    # one plain full collection (no young ones first: nothing here needs tuples to settle)
    _collect_quietly(settle=False)
    return {'groups': out, 'totalCycles': total_cycles, 'totalObjects': total_objs,
            'agentMillis': round((_perf() - t0) * 1000.0, 3), 'sccMillis': round(scc_ms, 3)}


def _cycle_graph(members, labels):
    g = _Graph(labels, set(), max_nodes=max(len(members), 1))
    try:
        mem = set(map(id, members))
        for o in members:
            g.add(o)
        g.target_id = id(members[0])
        for o in members:
            for c in gc.get_referents(o):
                if id(c) in mem:
                    g.edge(o, c)
        return g.build(True)
    finally:
        g.objs.clear()


def _release_kept(params):
    n = 0
    for members in _state.kept:
        n += len(members)
    members = None
    del _state.kept[:]
    _collect_quietly()
    return {'released': n}


_PEP442_NOTE = ('Since Python 3.4 (PEP 442) objects with __del__ in a reference cycle are '
                'collected; gc.garbage stays empty unless gc.DEBUG_SAVEALL is set or a C '
                'extension type defines the legacy tp_del. Objects listed here were put there '
                'by gc.DEBUG_SAVEALL / DEBUG_UNCOLLECTABLE or by such types.')


def _group_objects(objs, labels, max_groups, per_group=3):
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


def _garbage(params):
    labels = _p_labels(params)
    max_groups = _p_int(params, 'maxGroups', 50)
    objs = list(gc.garbage)
    try:
        return {'groups': _group_objects(objs, labels, max_groups), 'total': len(objs),
                'note': _PEP442_NOTE}
    finally:
        del objs


def _leaking(params):
    """objgraph's get_leaking_objects idea: gc objects that no gc object refers to."""
    labels = _p_labels(params)
    max_groups = _p_int(params, 'maxGroups', 50)
    _collect_quietly()
    noise, noise_ids = _find_noise()
    del noise
    objs = gc.get_objects()
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


# ------------------------------------------------------------------ method table

_METHODS = {
    'hello': _hello,
    'snapshot': _snapshot,
    'instances': _instances,
    'typeSource': _type_source,
    'find': _find,
    'objectSource': _object_source,
    'allocationTracking': _allocation_tracking,
    'retainers': _retainers,
    'references': _references,
    'expand': _expand,
    'chain': _chain,
    'cycles': _cycles,
    'releaseKept': _release_kept,
    'garbage': _garbage,
    'leaking': _leaking,
}


# ------------------------------------------------------------------ install

def _shutdown():
    """Called on the old agent when a new one replaces it: release what it holds."""
    try:
        del _state.kept[:]
        _state.baseline_keys = None
        _state.baseline_types = None
        if _state.tracemalloc_ours:
            import tracemalloc
            if tracemalloc.is_tracing():
                tracemalloc.stop()
            _state.tracemalloc_ours = False
    except Exception:
        pass


def _set_tcp_nodelay():
    """Best effort: pydevd writes header and body in two sends; Nagle adds ~40 ms per reply."""
    try:
        pydevd = sys.modules.get('pydevd')
        if pydevd is None:
            return
        import socket
        dbg = pydevd.get_global_debugger()
        if dbg is None:
            return
        for attr in ('writer', 'reader'):
            th = getattr(dbg, attr, None)
            s = getattr(th, 'sock', None) if th is not None else None
            if isinstance(s, socket.socket):
                try:
                    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                except Exception:
                    pass
    except Exception:
        pass


def _install():
    mod = sys.modules.get(_G.get('__name__'))
    if type(mod) is _ModuleType and getattr(mod, '__dict__', None) is _G:
        this = mod
    else:
        this = _ModuleType(AGENT_NAME)
        this.__dict__.update(_G)
        this.__dict__['__name__'] = AGENT_NAME
    old = sys.modules.get(AGENT_NAME)
    if old is not None and old is not this:
        try:
            fn = _module_dict(old).get('_shutdown') if type(old) is _ModuleType else None
            if fn is not None:
                fn()
        except Exception:
            pass
    sys.modules[AGENT_NAME] = this
    _set_tcp_nodelay()


_install()
