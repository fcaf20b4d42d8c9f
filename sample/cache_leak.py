"""A cache that keeps objects after an early return: each call leaks one OBJ into _cache.

The first example of the objgraph article: `func_to_leak` adds an object to a module-level list
and means to remove it at the end, but returns early first.
"""
import os

import leak_driver


class OBJ(object):
    pass


_cache = []


def func_to_leak():
    o = OBJ()
    _cache.append(o)
    # Some condition makes the function return before the clean-up below.
    if True:
        return
    _cache.remove(o)


def leak_one_batch():
    for _ in range(int(os.environ.get("LEAK_BATCH", "100"))):
        func_to_leak()


if __name__ == "__main__":
    leak_driver.run(leak_one_batch)
