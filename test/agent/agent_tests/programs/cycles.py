"""Reference cycles of the seed article, and a few more shapes."""
import sys

DELETED = []


class OBJ(object):
    pass


class OBJWithDel(object):
    def __del__(self):
        DELETED.append(type(self).__name__)


def make_pairs(n, cls=OBJ):
    for _ in range(n):
        a = cls()
        b = cls()
        a.attr = b
        b.attr = a


class Node(object):
    def __init__(self, parent=None):
        self.parent = parent
        self.children = []
        if parent is not None:
            parent.children.append(self)


def make_trees(n):
    for _ in range(n):
        root = Node()
        Node(root)


class Job(object):
    def run(self):
        try:
            raise ValueError('boom')
        except ValueError as e:
            self.error = e  # the traceback's frame holds `self`


def make_failed_jobs(n):
    for _ in range(n):
        Job().run()


class Button(object):
    def __init__(self):
        self.clicks = 0
        self.on_click = lambda: self.clicked()  # closure capturing self

    def clicked(self):
        self.clicks += 1


def make_buttons(n):
    for _ in range(n):
        Button()


if __name__ == '__main__':
    make_pairs(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
