"""Records Find Leaks in a real CPython for the host's unit tests: argv[1] is the joined agent.

Runs the registry and listeners corpus programs (test/agent/agent_tests/programs/leak_corpus)
for 5 repetitions with their leakStart / leakSample / leakSuspects replies, and prints them as
JSON with what the programs leak by construction (reference, type, count, the `# leak: adds`
line)."""
import json
import linecache
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'agent'))

from agent_tests.programs.leak_corpus import listeners, registry  # noqa: E402

REPETITIONS = 5


def call(agent, method, params=None):
    reply = json.loads(agent.handle(json.dumps({'v': 1, 'method': method,
                                                'params': params or {}}), 'return'))
    if not reply['ok']:
        raise SystemExit('%s failed: %r' % (method, reply))
    return reply['result']


def main():
    with open(sys.argv[1]) as f:
        exec(compile(f.read(), '<leak-hunter-agent>', 'exec'), {'__name__': 'leak_hunter_agent'})
    agent = sys.modules['leak_hunter_agent']
    programs = [registry, listeners]
    for p in programs:
        p.reset()
    snapshots = [call(agent, 'leakStart')]
    for i in range(1, REPETITIONS + 1):
        for p in programs:
            p.repeat(i)
        snapshots.append(call(agent, 'leakSample'))
    suspects = call(agent, 'leakSuspects', {'labels': {'mode': 'safe', 'maxLength': 80},
                                            'maxSuspects': 10, 'chains': True})
    call(agent, 'leakStop')
    expected = []
    for p in programs:
        adds = [n for n, t in enumerate(linecache.getlines(p.__file__), 1) if '# leak: adds' in t]
        for (name, type_name, count), line in zip(p.leaked(REPETITIONS), adds):
            expected.append({'name': name.replace('{module}', p.__name__), 'typeName': type_name,
                             'count': count, 'path': p.__file__, 'line': line})
    print(json.dumps({'snapshots': snapshots, 'suspects': suspects, 'expected': expected}))


if __name__ == '__main__':
    main()
