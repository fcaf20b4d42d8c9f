"""Drives the sample programs: leak one batch now and then, so growth shows between snapshots.

By default a batch leaks every LEAK_INTERVAL seconds (5). When LEAK_TRIGGER names a file, a batch
leaks each time that file is touched instead, and LEAK_TRIGGER + '.done' then holds the number of
batches so far: tests use that to leak an exact number of objects at a moment of their choosing.
"""
import os
import time


def _write(path, text):
    # In a function of its own, so no file object stays alive in the loop's locals.
    with open(path, "w") as f:
        f.write(text)


def run(leak_one_batch):
    trigger = os.environ.get("LEAK_TRIGGER")
    interval = float(os.environ.get("LEAK_INTERVAL", "5"))
    batches = 0
    last_seen = None
    if trigger:
        # Tells a test that the program is in its loop: everything it imports is loaded.
        _write(trigger + ".ready", "ready")
    while True:
        if trigger:
            try:
                stamp = os.stat(trigger).st_mtime_ns
            except FileNotFoundError:
                stamp = None
            if stamp is not None and stamp != last_seen:
                last_seen = stamp
                leak_one_batch()
                batches += 1
                _write(trigger + ".done", str(batches))
            time.sleep(0.05)
        else:
            leak_one_batch()
            batches += 1
            print("leaked batch", batches)
            time.sleep(interval)
