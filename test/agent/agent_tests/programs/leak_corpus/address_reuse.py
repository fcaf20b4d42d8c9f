"""Address reuse: a node freed in repetition 2 whose address goes straight to a new ReusedNode.

The new ReusedNode must count as made in repetition 2, not as the old one surviving since 1."""


class ReusedNode(object):
    # slots: on 3.13 an instance with a managed __dict__ rarely gets a freed one's address back
    __slots__ = ('n', '__weakref__')

    def __init__(self, n):
        self.n = n


_held = []
reused = []  # whether the new node really took the freed one's address (the premise)


def reset():
    del _held[:]
    del reused[:]


def repeat(i):
    if i == 1:
        _held.append(ReusedNode(1))
    elif i == 2:
        address = id(_held[0])
        del _held[0]
        spare = []
        node = ReusedNode(2)
        while id(node) != address and len(spare) < 1000:
            spare.append(node)  # not that address: keep it aside (freed below), try again
            node = ReusedNode(2)
        del spare[:]
        reused.append(id(node) == address)
        _held.append(node)
        _held.append(ReusedNode(3))
    else:
        _held.append(ReusedNode(i + 1))
