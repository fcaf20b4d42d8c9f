"""The agent's parts: documented, small, joined into one module whose method table matches the
data functions it calls."""
import ast
import inspect
import os
import re
import unittest

from agent_tests import helpers


def snake(name):
    """setBaseline -> set_baseline."""
    return re.sub(r'([A-Z])', lambda m: '_' + m.group(1).lower(), name)


class PartsTest(unittest.TestCase):
    def parts(self):
        """(file name, text) of every part, in join order."""
        out = []
        for name in helpers.agent_part_names():
            with open(os.path.join(helpers.AGENT_PARTS, name), encoding='utf-8') as f:
                out.append((name, f.read()))
        return out

    def test_parts_are_documented_and_small(self):
        parts = self.parts()
        self.assertGreaterEqual(len(parts), 9)
        undocumented = []
        for name, text in parts:
            tree = ast.parse(text, name)
            if not ast.get_docstring(tree):
                undocumented.append('%s: module' % name)
            for node in ast.walk(tree):
                if isinstance(node, (ast.FunctionDef, ast.ClassDef)) \
                        and not ast.get_docstring(node):
                    undocumented.append('%s:%d %s' % (name, node.lineno, node.name))
            self.assertLessEqual(text.count('\n'), 400, name)
        self.assertEqual(undocumented, [])

    def test_joined_text_is_the_parts_in_file_name_order(self):
        parts = self.parts()
        self.assertEqual([n for n, _ in parts], sorted(n for n, _ in parts))
        self.assertEqual(helpers.agent_source(),
                         '\n\n\n'.join(t.rstrip('\n') for _, t in parts) + '\n')
        # the install runs last: every name the table refers to is defined by then
        self.assertEqual(parts[-1][0], '95_install.py')
        self.assertTrue(parts[-1][1].rstrip().endswith('_install()'))

    def test_method_table_matches_the_data_functions(self):
        agent = helpers.agent()
        parsers = agent._PARSERS
        for method, (fn, spec) in agent._METHODS.items():
            sig = inspect.signature(fn)
            self.assertEqual(list(sig.parameters), [snake(n) for n, _, _ in spec], method)
            for name, kind, default in spec:
                self.assertTrue(type(kind) is tuple or kind in parsers, (method, name, kind))
                if type(kind) is tuple:
                    self.assertIn(default, kind, (method, name))

    def test_defaults_are_what_an_empty_params_object_gets(self):
        agent = helpers.agent()
        spec = agent._METHODS['snapshot'][1]
        self.assertEqual(agent._adapt(spec, {}), (False, False, False))
        spec = agent._METHODS['cycles'][1]
        self.assertEqual(agent._adapt(spec, {}), (('safe', 80), 'all', False, 50))
        spec = agent._METHODS['chain'][1]
        with self.assertRaises(agent._AgentError) as cm:
            agent._adapt(spec, {})
        self.assertEqual(cm.exception.message, 'target must be {address, typeKey}')
        self.assertEqual(agent._adapt(spec, {'target': {'address': 1, 'typeKey': 'x'}}),
                         (('safe', 80), 20, ('module', None), False, (1, 'x')))


if __name__ == '__main__':
    unittest.main()
