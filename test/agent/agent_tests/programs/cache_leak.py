"""Seed article example 1: an OBJ kept in the global `_cache` list by an early return."""
_cache = []


class OBJ(object):
    pass


def func_to_leak():
    o = OBJ()
    _cache.append(o)
    # do something with o, then remove it from _cache
    if True:  # this seems ugly, but it always exists
        return
    _cache.remove(o)


def main(n=1):
    for _ in range(n):
        try:
            func_to_leak()
        except Exception:
            pass


if __name__ == '__main__':
    import sys
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
