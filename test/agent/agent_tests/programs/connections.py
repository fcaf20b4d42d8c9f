"""Seed article example: Connections whose msg_handlers dict holds their own bound methods,
kept forever by a singleton ConnectionManager."""


class Connection(object):
    def __init__(self, name):
        self.name = name
        self.msg_handlers = {
            'on_chat': self.handle_chat_msg,
            'on_control': self.handle_control_msg,
        }

    def on_msg(self, msg_type, *args):
        self.msg_handlers[msg_type](*args)

    def handle_chat_msg(self, msg):
        pass

    def handle_control_msg(self, msg):
        pass


class ConnectionManager(object):
    _instance = None

    def __init__(self):
        self.connections = []

    @classmethod
    def instance(cls):
        if cls._instance is None:
            cls._instance = ConnectionManager()
        return cls._instance

    def open(self, name):
        conn = Connection(name)
        self.connections.append(conn)  # never removed: the leak
        return conn


def serve(n):
    mgr = ConnectionManager.instance()
    for i in range(n):
        mgr.open('client-%d' % i).on_msg('on_chat', 'hello')


def churn(n):
    """Connections that are dropped: each leaves a Connection -> dict -> method cycle."""
    for i in range(n):
        Connection('temp-%d' % i).on_msg('on_control', 'x')


if __name__ == '__main__':
    import sys
    serve(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
