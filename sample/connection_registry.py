"""A ConnectionManager singleton that never drops its Connections.

Each Connection keeps its message handlers in a dict of its own bound methods, so every
Connection is also in a reference cycle (Connection -> dict -> method -> Connection). The
manager's `_connections` list keeps them all alive: the classic long-lived-owner leak.
"""
import os

import leak_driver


class Connection(object):
    def __init__(self, conn_id):
        self.conn_id = conn_id
        self.msg_handlers = {
            "on_chat": self.on_chat,
            "on_move": self.on_move,
        }

    def on_chat(self, msg):
        return msg

    def on_move(self, msg):
        return msg

    def close(self):
        # The fix the article suggests: break the cycle when done.
        self.msg_handlers.clear()


class ConnectionManager(object):
    _instance = None

    def __init__(self):
        self._connections = []
        self._next_id = 0

    @classmethod
    def instance(cls):
        if cls._instance is None:
            cls._instance = ConnectionManager()
        return cls._instance

    def open(self):
        self._next_id += 1
        conn = Connection(self._next_id)
        self._connections.append(conn)
        return conn

    def handle_client(self):
        conn = self.open()
        conn.msg_handlers["on_chat"]("hello")
        # Forgets to close the connection and drop it from _connections.


def leak_one_batch():
    manager = ConnectionManager.instance()
    for _ in range(int(os.environ.get("LEAK_BATCH", "100"))):
        manager.handle_client()


if __name__ == "__main__":
    leak_driver.run(leak_one_batch)
