"""Noise: the agent's own objects and the debugger's (pydevd, debugpy), found by one walk from
their modules, threads and frames, and left out of every count.
"""

# Plumbing for the noise walk: the stdlib modules whose instances reached from the debugger are
# the debugger's own, plus ABC caches (`_abc_data` of the debugger's ABCs) and the context
# managers of its `with` blocks.
_NOISE_PLUMBING = _PLUMBING_MODULES | frozenset(('_abc', 'contextlib'))


def _is_noise_module_name(name):
    """True for a module name of the debugger or of the agent."""
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
    user threads (trace functions, do_wait_suspend and the stdlib waits it calls, the agent's
    own frames), and extra_roots. The walk goes into builtin containers (dict, list, tuple, set,
    cell, method, ...), functions and classes of noise modules, and instances of noise classes
    and of stdlib plumbing (threading, queue, collections, socket, contextlib, ABC data, ...).
    It stops at: any other module and any module __dict__, classes and functions defined
    elsewhere, frames running user code, instances of other classes (user objects).

    pydevd's holders of user data (suspended frames, Variables view entries) are noise; what
    they hold is noise only when nothing else refers to it (_holder_noise).

    What it cannot see: references from the debugger's C stack and its frames' value stacks
    (_noise_search(...).finish(objs) claims those objects by what they are); a builtin
    container that both the debugger and the user refer to counts as noise (e.g. a user list
    that a debugger frame has in a local); objects the debugger holds through stdlib classes
    outside the plumbing list (e.g. io wrappers, logging) count as the user's.
    """
    w = _noise_search(extra_roots, sys._getframe(1))
    out = w.out
    w.close()
    return out, set(map(id, out))


def _noise_search(extra_roots=(), top=None):
    """A noise search with the walk and the holders' content done (see _find_noise). Then:
    `objs = gc.get_objects(); noise, noise_ids = w.finish(objs)` adds what only a C stack or a
    frame's value stack holds. The caller accounts for the `noise` list itself (in objs); the
    rest of the search's state is in the noise, and noise_ids is made after get_objects."""
    w = _NoiseWalk()
    w.walk(w.roots(top or sys._getframe(1), extra_roots))
    _holder_noise(w)
    w.seen.add(id(w.out))
    return w


class _NoiseWalk(object):
    """One noise search: the rules of the walk, its roots and what it found (see _find_noise)."""

    def __init__(self):
        """An empty search: nothing seen, no rule decided yet."""
        self.out = []                # tracked noise objects found
        self.seen = set()            # ids visited (noise or not)
        self.decisions = {}          # type -> 0 stop, 1 include+walk, 2 holder, 3 per object
        self.holders = []            # pydevd's holders of user data met by the walk
        self.noise_mod_ids = set()
        self.noise_dict_ids = set()  # module dicts of noise modules (and the agent's globals)
        self.stop_dict_ids = set()   # module dicts of other modules: never walked
        self.noise_files = set(['<leak-hunter-agent>'])
        self.noise_frame_ids = set()
        self.held_frame_ids = set()  # evaluation frames of other code: counted, not walked
        self.opaque = set()          # counted, not walked
        self.local_ids = set()       # ids of the values in the debugger frames' locals
        self.debugger_loaded = False  # a pydevd / debugpy module is loaded

    def finish(self, objs):
        """(noise list, noise ids) once gc.get_objects() gave `objs`: the search's own state and
        the objects only stacks hold (_claim_stack_noise) join the noise."""
        self.walk([self])
        out = self.out
        ids = set(map(id, out))
        # running frames are untracked before 3.11 (never in `out`): their ids still tell
        # later passes which frames are the debugger's
        ids.update(self.noise_frame_ids)
        _claim_stack_noise(self, objs, ids)
        self.close()
        return out, ids

    def close(self):
        """Drop references to user objects and frames (the result list stays the caller's)."""
        self.__dict__.clear()

    def is_noise_frame(self, f):
        """True if frame f runs the agent's or the debugger's code."""
        try:
            g = f.f_globals
            return id(g) in self.noise_dict_ids or _is_noise_module_name(g.get('__name__'))
        except Exception:
            return False

    def is_plumbing_frame(self, f):
        """True if frame f runs stdlib plumbing (threading, queue, contextlib, ...)."""
        try:
            return f.f_globals.get('__name__') in _NOISE_PLUMBING
        except Exception:
            return False

    def code_is_noise(self, co):
        """True if code object co is the agent's or the debugger's."""
        fn = co.co_filename
        return fn in self.noise_files or 'pydevd' in fn or 'debugpy' in fn

    def roots(self, top_here, extra_roots):
        """The roots: noise modules, the agent, debugger threads and debugger frames."""
        roots = []
        for name, m in list(sys.modules.items()):
            if type(m) is not _ModuleType:
                continue
            try:
                d = _module_dict(m)
            except Exception:
                continue
            if _is_noise_module_name(name):
                if name != AGENT_NAME:
                    self.debugger_loaded = True
                self.noise_mod_ids.add(id(m))
                self.noise_dict_ids.add(id(d))
                roots.append(m)
                f = d.get('__file__')
                if type(f) is str:
                    self.noise_files.add(f)
            else:
                self.stop_dict_ids.add(id(d))
        self.noise_dict_ids.add(id(_G))
        self.stop_dict_ids.discard(id(_G))
        roots.extend((_G, _state))
        debugger_tids = set()
        try:
            active = dict(threading._active)
        except Exception:
            active = {}
        for tid, th in active.items():
            if _thread_is_debugger(th):
                debugger_tids.add(tid)
                roots.append(th)
        try:
            frames = sys._current_frames()
        except Exception:
            frames = {}
        me = threading.get_ident()
        for tid, top in frames.items():
            # on this thread, start at the caller of _find_noise: the search's own frames
            # must not be kept by the result
            self.frame_roots(tid, top_here if tid == me else top, tid in debugger_tids,
                             tid in active, tid == me, roots)
        top = top_here = frames = active = None
        roots.extend(extra_roots)
        self.opaque.update(id(x) for x in (_state.baseline_keys, _state.baseline_types)
                           if x is not None)
        self.opaque.update(self.held_frame_ids)
        return roots

    def frame_roots(self, tid, top, debugger_thread, known_thread, mine, roots):
        """The debugger's frames of one thread (all of them on a debugger thread), as roots."""
        stack = []
        f = top
        while f is not None:
            stack.append(f)
            f = f.f_back
        if debugger_thread or (not known_thread and stack and all(
                self.is_noise_frame(x) or self.is_plumbing_frame(x) for x in stack)
                and self.is_noise_frame(stack[-1])):
            chosen = stack
        else:
            chosen = _debugger_run(stack, self.is_noise_frame, self.is_plumbing_frame,
                                   self.held_frame_ids)
        for x in chosen:
            self.noise_frame_ids.add(id(x))
            roots.append(x)
            # A running frame's locals are invisible to get_referents (3.11+): read them (only
            # the debugger's frames: reading never touches a user frame, nor the agent's own,
            # whose snapshot dict would outlive this call). A frame whose locals are a
            # namespace (module level, exec) is not read: the namespace may be the user's.
            if id(x) in self.held_frame_ids or (mine and x.f_globals is _G):
                continue
            try:
                loc = x.f_locals
                if loc is not x.f_globals and id(loc) not in self.stop_dict_ids:
                    if type(loc) is dict:
                        roots.append(loc)
                    values = list(loc.values())
                    roots.extend(values)
                    self.local_ids.update(map(id, values))
                    del values
            except Exception:
                pass
            loc = None

    def decide(self, t):
        """The walk rule for type t: 0 stop, 1 take and walk, 2 holder, 3 per object."""
        if t is _ModuleType or t is _FunctionType or t is _FrameType or t is _CodeType \
                or t in _GEN_TYPES:
            return 3
        if isinstance(t, type) and issubclass(t, type):
            return 3  # classes
        mod = _type_module_name(t)
        if mod == 'builtins':
            return 1
        if _is_noise_module_name(mod):
            return 2 if _short_name(t) in _USER_DATA_HOLDERS else 1
        if mod in _NOISE_PLUMBING:
            return 1
        return 0

    def object_is_noise(self, o, t):
        """The per-object rule (decision 3): modules, functions, frames, code, classes."""
        try:
            if t is _ModuleType:
                return id(o) in self.noise_mod_ids
            if t is _FunctionType:
                return id(o.__globals__) in self.noise_dict_ids or self.wraps_noise(o)
            if t is _FrameType:
                return id(o) in self.noise_frame_ids or self.is_noise_frame(o)
            if t is _CodeType:
                return self.code_is_noise(o)
            if t is _GeneratorType:
                return self.code_is_noise(o.gi_code)
            if t is _CoroutineType:
                return self.code_is_noise(o.cr_code)
            if t is _AsyncGenType:
                return self.code_is_noise(o.ag_code)
            return _is_noise_module_name(_type_module_name(o))  # a class
        except Exception:
            return False

    def wraps_noise(self, fn):
        """A stdlib decorator's wrapper (contextlib.contextmanager, functools) around a debugger
        function: the debugger's (a pydevd class holds it in place of its method)."""
        clo = fn.__closure__
        if not clo or fn.__globals__.get('__name__') not in _NOISE_PLUMBING:
            return False
        for c in clo:
            try:
                x = c.cell_contents
            except ValueError:
                continue
            if type(x) is _FunctionType and id(x.__globals__) in self.noise_dict_ids:
                return True
        return False

    def walk(self, stack):
        """Walk from `stack` (consumed), adding what the rules include to self.out."""
        seen = self.seen
        decisions = self.decisions
        out = self.out
        opaque = self.opaque
        stop_dict_ids = self.stop_dict_ids
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
                dcs = decisions[t] = self.decide(t)
            if dcs == 0:
                continue
            if dcs == 3:
                if not self.object_is_noise(o, t):
                    continue
            elif t is dict and i in stop_dict_ids:
                continue
            if _is_tracked(o):
                out.append(o)
            if dcs == 2:
                self.holders.append(o)
            elif i not in opaque:
                stack.extend(filter(_is_tracked, get_referents(o)))
        o = None


def _debugger_run(stack, is_noise, is_plumbing, held_frame_ids):
    """The debugger's frames of a user thread (stack: its frames, top first).

    On top of a user thread the debugger (or the agent, when pydevd processes commands from
    this thread's trace function) may be running: the run of frames from the top made of
    debugger frames, the stdlib plumbing frames they call (Condition.wait under pydevd's
    do_wait_suspend) and, between two debugger frames, a frame of other code (the code an
    evaluate compiled, called by the debugger and calling the agent: its locals may be the
    user's, so it goes to held_frame_ids: counted, not walked). Plumbing frames count only with
    a debugger frame below them in the run (a user thread waiting on an Event is the user's).
    Below the first user frame only the debugger's own frames are taken (pydevd's run/_exec at
    the bottom of the main thread); user frames never are.
    """
    n = len(stack)
    run = []
    i = 0
    while i < n:
        x = stack[i]
        if is_noise(x) or is_plumbing(x):
            run.append(x)
        elif i and run and run[-1] is stack[i - 1] and is_noise(stack[i - 1]) \
                and i + 1 < n and is_noise(stack[i + 1]):
            held_frame_ids.add(id(x))
            run.append(x)
        else:
            break
        i += 1
    while run and not is_noise(run[-1]):
        run.pop()
        i -= 1
    run.extend(x for x in stack[i:] if is_noise(x))
    return run


def _own_frames():
    """The agent's frames on the current thread (they appear in get_referrers on <3.11)."""
    ids = set()
    f = sys._getframe(1)
    while f is not None and f.f_globals is _G:
        ids.add(id(f))
        f = f.f_back
    return ids
