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
