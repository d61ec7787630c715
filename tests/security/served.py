"""The app of a test world on a real uvicorn server in this process, for attacks over a socket
(chunked bodies, a client that keeps sending, headers as a proxy would set them)."""

from __future__ import annotations

import select
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.types import ASGIApp


@contextmanager
def serving(app: ASGIApp) -> Iterator[int]:
    """Serve `app` on a free port of 127.0.0.1 while the block runs; yields the port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="off", proxy_headers=False))  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)


def send_chunked(
    port: int, path: str, total: int, headers: str = "", chunk: int = 64 * 1024
) -> tuple[int, str, int]:
    """POST up to `total` bytes chunked, stopping as soon as the server answers; returns the status,
    the response head and how many bytes were sent before the answer came."""
    sent = 0
    answer = b""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(f"POST {path} HTTP/1.1\r\nHost: testserver\r\nTransfer-Encoding: chunked\r\n"
                     f"Content-Type: application/json\r\n{headers}\r\n".encode())  # fmt: skip
        framed = f"{chunk:x}\r\n".encode() + b"a" * chunk + b"\r\n"
        while sent < total:
            readable, writable, _ = select.select([conn], [conn], [], 5)
            if readable:
                break
            if writable:
                try:
                    conn.sendall(framed)
                except OSError:  # closed by the server: its answer is in the socket
                    break
                sent += chunk
        else:
            conn.sendall(b"0\r\n\r\n")
        while b"\r\n\r\n" not in answer:
            try:
                more = conn.recv(65536)
            except OSError:
                break
            if not more:
                break
            answer += more
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    return int(head.split(" ", 2)[1]) if head else 0, head, sent
