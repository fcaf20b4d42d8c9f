"""A tiny long-running program for the extension-host smoke test (test/vscode/suite/smoke.test.ts)."""
import time


class Greeting:
    def __init__(self, n):
        self.n = n


greetings = []


def main():
    i = 0
    while True:
        greetings.append(Greeting(i))
        i += 1
        time.sleep(0.05)


if __name__ == "__main__":
    main()
