"""Reference cycles: two OBJ instances that point at each other, with and without __del__.

Nothing outside refers to them once `make_cycles` returns, so only the cycle collector frees
them. Leak Hunter's "Find Reference Cycles" finds them before it does. Since Python 3.4 (PEP 442)
a __del__ in a cycle no longer makes it uncollectable.
"""
import gc
import os

import leak_driver


class OBJ(object):
    pass


class OBJWithDel(object):
    def __del__(self):
        pass


def make_cycles():
    for _ in range(int(os.environ.get("LEAK_BATCH", "100"))):
        a, b = OBJ(), OBJ()
        a.attr_b = b
        b.attr_a = a
        c, d = OBJWithDel(), OBJWithDel()
        c.attr_d = d
        d.attr_c = c


if __name__ == "__main__":
    # Let cycles pile up between snapshots, as a program with a high threshold would.
    gc.disable()
    leak_driver.run(make_cycles)
