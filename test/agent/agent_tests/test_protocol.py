"""Entry point, reply channel, install and reinstall."""
import importlib.util
import json
import os
import shutil
import sys
import tempfile
import unittest

from agent_tests import helpers
from agent_tests.helpers import AgentTestCase, call, call_raw


class ProtocolTest(AgentTestCase):
    def test_hello(self):
        r = call('hello')
        self.assertTrue(r['ok'])
        res = r['result']
        self.assertEqual(res['agentVersion'], 1)
        self.assertEqual(res['pythonVersion'], sys.version)
        self.assertEqual(res['implementation'], 'cpython')
        self.assertIsInstance(res['pid'], int)
        self.assertEqual(res['frozenObjects'], 0)
        self.assertEqual(self.agent.AGENT_VERSION, 1)

    def test_version_mismatch(self):
        r = call('hello', v=2)
        self.assertEqual(r, {'ok': False, 'error': {
            'code': 'version_mismatch', 'agentVersion': 1,
            'message': 'agent version 1, request version 2'}})

    def test_errors(self):
        self.assertEqual(call('nope')['error']['code'], 'unknown_method')
        self.assertEqual(json.loads(self.agent.handle('{not json', 'return'))['error']['code'],
                         'bad_params')
        self.assertEqual(json.loads(self.agent.handle('[1]', 'return'))['error']['code'],
                         'bad_params')
        r = call('snapshot', {'collect': 'yes'})
        self.assertEqual(r['error']['code'], 'bad_params')
        r = call('instances', {'typeKey': 5, 'offset': 0, 'limit': 1})
        self.assertEqual(r['error']['code'], 'bad_params')
        r = call('objectSource', {'target': {'address': 1, 'typeKey': 'list'}})
        self.assertEqual(r['error']['code'], 'object_not_found')

    def test_raise_mode_carries_reply_between_markers(self):
        marker = '\x01LEAK-HUNTER-REPLY\x01'
        self.assertEqual(self.agent.REPLY_MARKER, marker)
        with self.assertRaises(Exception) as cm:
            self.agent.handle(json.dumps({'v': 1, 'method': 'hello', 'params': {}}))
        text = str(cm.exception)
        self.assertTrue(text.startswith(marker) and text.endswith(marker))
        body = text[len(marker):-len(marker)]
        self.assertTrue(all(ord(c) < 128 for c in body))  # ensure_ascii
        self.assertEqual(json.loads(body)['result']['agentVersion'], 1)
        # errors come back the same way, never as another exception
        with self.assertRaises(self.agent.LeakHunterReply) as cm:
            self.agent.handle(None)
        self.assertIn('"ok":false', str(cm.exception))

    def test_non_ascii_and_html_survive(self):
        raw = call_raw('typeSource', {'typeKey': 'caf\u00e9.<b>\u4e2d</b>'})
        self.assertTrue(all(ord(c) < 128 for c in raw))
        self.assertIn('caf\u00e9.<b>\u4e2d</b>', json.loads(raw)['result']['reason'])


class InstallTest(unittest.TestCase):
    def test_reinstall_replaces_and_releases(self):
        old = helpers.agent()
        old._state.kept.append(object())
        new = helpers.install_agent()
        self.assertIsNot(old, new)
        self.assertIs(sys.modules['leak_hunter_agent'], new)
        self.assertEqual(old._state.kept, [])
        self.assertTrue(call('hello')['ok'])

    def test_importable_from_file(self):
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder)
        path = os.path.join(folder, 'leak_hunter_agent.py')
        with open(path, 'w', encoding='utf-8') as f:
            f.write(helpers.agent_source())
        spec = importlib.util.spec_from_file_location('leak_hunter_agent', path)
        mod = importlib.util.module_from_spec(spec)
        saved = sys.modules.get('leak_hunter_agent')
        sys.modules['leak_hunter_agent'] = mod
        try:
            spec.loader.exec_module(mod)
            self.assertIs(sys.modules['leak_hunter_agent'], mod)
            r = json.loads(mod.handle('{"v":1,"method":"hello","params":{}}', 'return'))
            self.assertTrue(r['ok'])
        finally:
            helpers.install_agent()  # leave a host-style install for the other tests
            del saved


if __name__ == '__main__':
    unittest.main()
