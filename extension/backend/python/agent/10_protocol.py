# -*- coding: utf-8 -*-
"""Leak Hunter heap agent: runs inside the debuggee (CPython 3.8 - 3.14), stdlib only.

Installed by the extension host through one DAP ``evaluate`` (no frameId, context 'repl'):

    exec(compile(SRC, '<leak-hunter-agent>', 'exec'), {'__name__': 'leak_hunter_agent'})

after which ``sys.modules['leak_hunter_agent'].handle(request_json)`` serves requests. The
protocol (request and reply shapes) is ``common/agentProtocol.ts``.

The module is authored as ordered parts (``extension/backend/python/agent/NN_name.py``) that the
build joins, in file-name order, into ``dist/agent/leak_hunter_agent.py``: fragments of one
module with one globals namespace, so no part imports another.

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
        """No command running, no baseline, nothing kept."""
        self.sequence = 0
        self.baseline_keys = None      # set of ints: id(obj) ^ (id(type) << 64)
        self.baseline_types = None     # dict: id(type) -> typeKey at baseline time
        self.baseline_garbage = set()  # identity keys of the unreachable objects at baseline
        self.kept = []                 # cycles kept alive on request (keepAlive)
        self.tracemalloc_ours = False  # whether Leak Hunter started tracemalloc
        self.current = None            # (params, saved gc state[, arguments]) of the command
        self.collected = False         # whether a snapshot has collected twice (first call)


_state = _State()


class LeakHunterReply(Exception):
    """Carries the reply JSON between REPLY_MARKERs in its message."""


class _AgentError(Exception):
    """A failure the host can explain: a stable `code` and a message for the log."""

    def __init__(self, code, message):
        """Keep the error code and the message."""
        Exception.__init__(self, message)
        self.code = code
        self.message = message


def _bad(message):
    """A `bad_params` error saying `message`."""
    return _AgentError('bad_params', message)


# ------------------------------------------------------------------ entry point

def handle(request_json, reply_mode='raise'):
    """Serve one request; see the module docstring. Never lets another exception escape."""
    try:
        _quiet_slow_notice()  # defined in 12_slow_notice.py (parts are joined into one module)
    except Exception:
        pass  # a debugger we do not know: its notice may show, the answer is the same
    text = _handle_to_json(request_json)
    if reply_mode == 'return':
        return text
    raise LeakHunterReply(REPLY_MARKER + text + REPLY_MARKER)


def _handle_to_json(request_json):
    """The reply JSON text for one request; every failure becomes an error reply."""
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
    """The first string argument of `e` (500 chars at most), without calling its __str__."""
    try:
        args = BaseException.__getattribute__(e, 'args')
        if type(args) is tuple and args and type(args[0]) is str:
            return args[0][:500]
    except BaseException:
        pass
    return ''


def _dispatch(request_json):
    """Check one request, adapt its params, run its data function, restore the gc state."""
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
    entry = _METHODS.get(method) if type(method) is str else None
    if entry is None:
        raise _AgentError('unknown_method', 'unknown method %r' % (method,))
    fn, spec = entry
    del req, entry
    saved = _save_state()
    # no automatic collection while the agent allocates: it would run finalizers and weakref
    # callbacks during the command, at a moment the program never chose (restored below)
    gc.disable()
    _state.current = (params, saved)  # reachable from the agent's roots: counted as noise
    try:
        args = _adapt(spec, params)
        _state.current = (params, saved, args)  # the parsed arguments are the agent's too
        result = fn(*args)
    finally:
        args = None
        _state.current = None
        _restore_state(saved)
        del saved
    return {'ok': True, 'result': result}


def _save_state():
    """The gc and trace state that every command leaves as it found it."""
    return (gc.isenabled(), gc.get_threshold(), gc.get_debug(), sys.gettrace())


def _restore_state(saved):
    """Put back what _save_state saved (only the parts that changed)."""
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
