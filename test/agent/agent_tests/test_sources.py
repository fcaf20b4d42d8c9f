"""Jump to source from graph nodes and edges: a module global opens the line that assigns it, an
attribute edge the line of the class that assigns the attribute."""
import gc
import os
import unittest

from agent_tests import helpers
from agent_tests.programs import cache_leak, connections


def line_of(module, text):
    with open(module.__file__) as f:
        return [l.rstrip('\n') for l in f].index(text) + 1


class GraphSourceTest(unittest.TestCase):
    def setUp(self):
        gc.collect()
        helpers.agent()

    def tearDown(self):
        del cache_leak._cache[:]
        connections.ConnectionManager._instance = None
        gc.collect()

    def ref(self, obj):
        return {'address': id(obj), 'typeKey': type(obj).__module__ + '.' + type(obj).__qualname__}

    def test_list_held_by_a_module_global_opens_the_assignment_line(self):
        cache_leak.main(3)
        target = self.ref(cache_leak._cache[1])
        chain = helpers.result('chain', {'target': target, 'root': {'kind': 'module'}, 'maxDepth': 10,
                                         'labels': helpers.SAFE})
        self.assertTrue(chain['found'])
        expected = {'path': cache_leak.__file__, 'line': line_of(cache_leak, '_cache = []')}
        edge = [e for e in chain['graph']['edges'] if e['label'] == '_cache'][0]
        self.assertEqual(edge['kind'], 'global')
        self.assertEqual(edge['source'], expected)
        lists = [n for n in chain['graph']['nodes'] if n['typeName'] == 'list']
        self.assertEqual([n['source'] for n in lists], [expected])

    def test_attribute_edge_opens_the_line_that_assigns_the_attribute(self):
        connections.serve(2)
        manager = connections.ConnectionManager._instance
        conn = manager.connections[0] if hasattr(manager, 'connections') else manager._connections[0]
        handlers = conn.msg_handlers
        graph = helpers.result('retainers', {
            'target': {'address': id(handlers), 'typeKey': 'dict'},
            'limits': {'maxDepth': 3, 'tooMany': 10, 'maxNodes': 50, 'ignoreTypes': [],
                       'mergeInstanceDicts': True},
            'labels': helpers.SAFE})
        del handlers, conn, manager
        edge = [e for e in graph['edges'] if e['label'] == '.msg_handlers'][0]
        self.assertEqual(edge['kind'], 'attribute')
        self.assertEqual(edge['source'], {
            'path': connections.__file__,
            'line': line_of(connections, '        self.msg_handlers = {'),
        })


if __name__ == '__main__':
    unittest.main()
