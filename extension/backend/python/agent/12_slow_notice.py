"""pydevd's slow-evaluation notice.

pydevd prints "Evaluating: <expression> did not finish after 3.00 seconds" into the Debug
Console when an evaluate runs longer than PYDEVD_WARN_EVALUATION_TIMEOUT (debugpy 1.6.6 and
1.8.21: pydevd_vars._evaluate_with_timeouts reads pydevd_constants.PYDEVD_WARN_EVALUATION_TIMEOUT
as the evaluate starts, before our code runs, and registers one _OnTimeoutHandle with the
TimeoutTracker's thread). Changing the constant from here would come too late for this call
and would silence the user's own slow evaluations; so the one handle of THIS evaluation (the
one whose closure holds this thread and an expression calling this agent) gets a later
deadline. The constant is never touched: every other evaluation warns as the user set it.
"""

SLOW_NOTICE_EXTRA_SECONDS = 3600.0


def _pydevd_timeout_thread():
    """pydevd's TimeoutTracker thread, or None when no debugger (or an unknown one) is here."""
    constants = sys.modules.get('_pydevd_bundle.pydevd_constants')
    getter = getattr(constants, 'get_global_debugger', None)
    if getter is None:
        return None
    try:
        tracker = getattr(getter(), 'timeout_tracker', None)
        return getattr(tracker, '_thread', None)
    except Exception:
        return None


def _is_this_agent_call(handle, thread):
    """True when a timeout handle is the notice for an agent call on `thread`."""
    fn = getattr(handle, 'on_timeout', None)
    code = getattr(fn, '__code__', None)
    cells = getattr(fn, '__closure__', None)
    if code is None or not cells:
        return False
    values = {}
    for name, cell in zip(code.co_freevars, cells):
        try:
            values[name] = cell.cell_contents
        except ValueError:  # empty cell
            pass
    expression = values.get('expression')
    return (values.get('curr_thread') is thread and type(expression) is str
            and AGENT_NAME in expression)


def _quiet_slow_notice():
    """Move this agent call's slow-evaluation deadline later; returns how many were moved."""
    timeout_thread = _pydevd_timeout_thread()
    handles = getattr(timeout_thread, '_handles', None)
    lock = getattr(timeout_thread, '_lock', None)
    if type(handles) is not list or lock is None:
        return 0
    thread = threading.current_thread()
    moved = 0
    with lock:
        for h in timeout_thread._handles:
            if not getattr(h, 'disposed', True) and _is_this_agent_call(h, thread):
                h.abs_timeout = h.abs_timeout + SLOW_NOTICE_EXTRA_SECONDS
                moved += 1
    return moved
