"""Edge labels out of big dicts come from a per-graph index (_DictEdgeIndex): the labels are the
ones a plain scan of the dict's items gives, in the same order, on dicts that hold the child
several times, as a key, as both, and more than three times."""
import unittest

from agent_tests.helpers import AgentTestCase, SAFE, agent, limits, ref, result


class Item(object):
    pass


def brute_labels(d, child, owner_kind):
    """The labels by hand: every item where child is the value (then: is the key), at most 3."""
    key_text = agent()._safe_key_text  # how a key is shown is not what this test checks
    out = []
    for k, v in list(d.items()):
        if v is child:
            if owner_kind == 'global':
                out.append((k if type(k) is str else key_text(k), 'global'))
            elif owner_kind in ('attribute', 'classattr') and type(k) is str:
                out.append(('.' + k, owner_kind))
            else:
                out.append(('[%s]' % key_text(k), 'key'))
        if k is child:
            out.append(('key', 'key'))
        if len(out) >= 3:
            break
    return out or [('', 'other')]


class EdgeLabelIndexTest(AgentTestCase):
    def dicts(self, child):
        """Dicts around and above the index size, with the child in several places."""
        a = agent()
        big = a._DICT_INDEX_MIN * 4
        plain = dict(('k%d' % i, Item()) for i in range(big))
        once = dict(plain, k7=child)
        twice = dict(once, k200=child)
        many = dict(('k%d' % i, child if i % 50 == 3 else Item()) for i in range(big))
        as_key = dict(plain)
        as_key[child] = 1
        both = dict(twice)
        both[child] = child
        small = {'x': child, 'y': child}
        at_edge = dict(('k%d' % i, Item()) for i in range(a._DICT_INDEX_MIN - 1))
        at_edge['last'] = child
        return [plain, once, twice, many, as_key, both, small, at_edge]

    def test_indexed_labels_equal_the_scan(self):
        a = agent()
        child = Item()
        dicts = self.dicts(child)
        self.assertGreaterEqual(len(dicts[3]), a._DICT_INDEX_MIN)
        for owner_kind in (None, 'global', 'attribute', 'classattr'):
            index = a._DictEdgeIndex()
            try:
                for d in dicts:
                    expected = brute_labels(d, child, owner_kind)
                    scanned = a._edge_labels(d, child, owner_kind)
                    indexed = a._edge_labels(d, child, owner_kind, index)
                    again = a._edge_labels(d, child, owner_kind, index)  # from the kept lists
                    self.assertEqual(scanned, expected)
                    self.assertEqual(indexed, scanned)
                    self.assertEqual(again, scanned)
            finally:
                index.clear()
            self.assertEqual(index.by_dict, {})

    def test_retainers_label_each_slot_of_a_big_dict(self):
        holder = dict(('slot%d' % i, Item()) for i in range(300))
        targets = [holder['slot%d' % i] for i in (0, 5, 150, 299)]
        holder['again'] = targets[2]
        global HELD
        HELD = holder
        try:
            for t in targets:
                g = result('retainers', {'target': ref(t), 'limits': limits(maxDepth=1),
                                         'labels': SAFE})
                nodes = dict((n['id'], n) for n in g['nodes'])
                into = [e['label'] for e in g['edges']
                        if nodes[e['to']]['isTarget'] and nodes[e['from']]['address'] == id(holder)]
                expected = ', '.join('[%r]' % (k,) for k, v in holder.items() if v is t)
                self.assertEqual(into, [expected])
        finally:
            HELD = None


HELD = None

if __name__ == '__main__':
    unittest.main()
