"""A TCP proxy on 127.0.0.1 in front of a database server that a test can cut and restore:
the database "goes away" for the daemons behind it, the shared server never stops.

cut() closes every proxied connection and the listening socket, so new connections are
refused (ECONNREFUSED, as from a server that is down); restore() listens on the same
port again.
"""

import selectors
import socket
import threading


class TCPProxy:
    def __init__(self, target_port: int, target_host: str = '127.0.0.1'):
        self.target = (target_host, target_port)
        self.port = 0
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self.accepted = 0
        self._listen()

    @property
    def is_cut(self) -> bool:
        return self._listener is None

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(('127.0.0.1', self.port))
        listener.listen(128)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True,
                         name=f'dbproxy-accept-{self.port}').start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return          # cut() closed the listener
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self._lock:
                if self._listener is not listener:      # cut meanwhile
                    client.close()
                    server.close()
                    return
                self._connections.update((client, server))
                self.accepted += 1
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()

    def _pump(self, client: socket.socket, server: socket.socket) -> None:
        """Copy bytes both ways until either side closes (or cut() closes both)."""
        peers = {client: server, server: client}
        with selectors.DefaultSelector() as selector:
            for sock in peers:
                selector.register(sock, selectors.EVENT_READ)
            try:
                while True:
                    for key, _events in selector.select(timeout=1):
                        data = key.fileobj.recv(65536)
                        if not data:
                            return
                        peers[key.fileobj].sendall(data)
            except (OSError, ValueError):
                return
            finally:
                self._close(client, server)

    def _close(self, *socks: socket.socket) -> None:
        with self._lock:
            for sock in socks:
                self._connections.discard(sock)
        for sock in socks:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def cut(self) -> None:
        """The database is gone: every connection dropped, new ones refused."""
        with self._lock:
            listener, self._listener = self._listener, None
            connections = list(self._connections)
        if listener is not None:
            listener.close()
        self._close(*connections)

    def restore(self) -> None:
        """The database is back, on the same port."""
        with self._lock:
            if self._listener is not None:
                return
        self._listen()

    def close(self) -> None:
        self.cut()
