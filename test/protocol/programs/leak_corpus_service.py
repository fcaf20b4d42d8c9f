"""Runs the Find Leaks corpus (test/agent/agent_tests/programs/leak_corpus) under the debugger,
one repetition per trigger file, so a recording can be made through DAP while it runs.

argv[1] is a control directory, polled every 20 ms: `repeat` runs one repetition of every
program named in argv[2] (comma separated) and acknowledges with `repeat.ack` holding the
repetition number (after `checkpoint()`, where a test may set a breakpoint to sample at);
`expected` answers in `expected.ack` with what the programs leak by
construction after the repetitions so far (reference name, type, count, and the `# leak: adds`
line); `exit` leaves. It writes `ready` once the programs are imported."""
import importlib
import json
import linecache
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'agent'))

CONTROL = sys.argv[1]
PROGRAMS = [importlib.import_module('agent_tests.programs.leak_corpus.' + name)
            for name in sys.argv[2].split(',')]


def write_json(name, data):
    tmp = os.path.join(CONTROL, name + '.tmp')
    with open(tmp, 'w') as f:
        json.dump(data, f)
    os.replace(tmp, os.path.join(CONTROL, name))


def expected(reps):
    out = []
    for program in PROGRAMS:
        path = program.__file__
        adds = [n for n, text in enumerate(linecache.getlines(path), 1) if '# leak: adds' in text]
        for (name, type_name, count), line in zip(program.leaked(reps), adds):
            out.append({'name': name.replace('{module}', program.__name__), 'typeName': type_name,
                        'count': count, 'path': path, 'line': line})
    return out


def checkpoint(repetition):
    done = repetition  # a breakpoint here samples once per repetition (line-triggered sampling)
    return done


def main():
    for program in PROGRAMS:
        program.reset()
    repetition = 0
    write_json('ready', {'programs': [p.__name__ for p in PROGRAMS]})
    while True:
        for name in sorted(os.listdir(CONTROL)):
            path = os.path.join(CONTROL, name)
            if name == 'repeat':
                os.remove(path)
                repetition += 1
                for program in PROGRAMS:
                    program.repeat(repetition)
                checkpoint(repetition)
                write_json('repeat.ack', {'repetition': repetition})
            elif name == 'expected':
                os.remove(path)
                write_json('expected.ack', expected(repetition))
            elif name == 'exit':
                os.remove(path)
                return
        time.sleep(0.02)


if __name__ == '__main__':
    main()
