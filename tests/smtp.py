"""A real SMTP server for the tests (aiosmtpd on a free local port), never a mock.

It keeps every message it accepted, in order, parsed; `refuse` makes it answer the next
messages with a given reply (e.g. "451 4.3.0 try again later") instead of accepting them, and
`before_reply` lets a test act while a client waits for the answer to its message (the sender
killed mid-batch)."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


class Recorder:
    """The server's handler: what it accepted, and what it was told to refuse."""

    def __init__(self) -> None:
        self.accepted: list[EmailMessage] = []
        self.seen = 0  # messages whose data arrived, accepted or not
        self.refusals: list[str] = []  # the replies still to give instead of accepting
        self.refuse_always: str | None = None
        # Given the count seen, before the answer: a reply it returns is given instead of accepting.
        self.before_reply: Callable[[int], str | None] | None = None
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.seen += 1
            seen = self.seen
        if self.before_reply is not None:
            instead = self.before_reply(seen)
            if instead is not None:
                return instead
        with self.lock:
            if self.refusals:
                return self.refusals.pop(0)
            if self.refuse_always:
                return self.refuse_always
            parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
            assert isinstance(parsed, EmailMessage)
            self.accepted.append(parsed)
        return "250 2.0.0 Ok: queued"

    def message_ids(self) -> list[str]:
        with self.lock:
            return [str(message["Message-ID"]) for message in self.accepted]

    def wait_for(self, count: int, timeout: float = 20.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.accepted) >= count:
                    return list(self.accepted)
            time.sleep(0.02)
        raise AssertionError(f"the SMTP server got {len(self.accepted)} of {count} messages")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_server() -> Iterator[tuple[Recorder, int]]:
    """A running SMTP server on 127.0.0.1 (no TLS, no login) and its port."""
    recorder = Recorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield recorder, port
    finally:
        controller.stop()
