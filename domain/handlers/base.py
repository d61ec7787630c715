"""What every command handler of a tenant is given: its application service and ports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.documents import MAX_BYTES
from domain.ports import DocumentMaker, HolidaySource, Mailbox, Passwords, People, Sessions, Sops, Workload
from domain.service import RequestService

SopKey = tuple[str, int]


@dataclass(frozen=True)
class Throttle:
    """Failed sign-ins: the first `free` are free, then each wait doubles up to `cap` seconds.

    Counted three ways, and the longest wait holds: one account from one address; one account
    from anywhere (guessing one password from many addresses); one address whatever the account
    (trying many accounts).
    """

    free: int = 3
    free_per_account: int = 10
    free_per_address: int = 30
    cap: float = 300.0
    forget: timedelta = timedelta(hours=1)  # failures older than this start the count again

    def wait(self, failures: int, last: datetime | None, now: datetime, free: int | None = None) -> float:
        free = self.free if free is None else free
        if failures < free or last is None or now - last > self.forget:
            return 0.0
        return min(self.cap, 2.0 ** (failures - free)) - (now - last).total_seconds()

    def keys(self, username: str, address: str) -> tuple[tuple[str, int], ...]:
        """Each count's key in the failure store, with its free attempts."""
        return (
            (f"{username}\n{address}", self.free),
            (f"{username}\n*", self.free_per_account),
            (f"*\n{address}", self.free_per_address),
        )


class CommandsBase:
    """The tenant's application service and the ports its handlers use."""

    def __init__(
        self,
        service: RequestService,
        *,
        people: People,
        sessions: Sessions,
        passwords: Passwords,
        sops: Sops,
        current_sop: Callable[[], SopKey],
        max_upload: int = MAX_BYTES,
        throttle: Throttle = Throttle(),
        office_roles: Callable[[], frozenset[str]] = frozenset,
        holidays: HolidaySource | None = None,
        workload: Workload | None = None,
        naskah: DocumentMaker | None = None,
        mailbox: Mailbox | None = None,
    ) -> None:
        self.service = service
        self.mailbox = mailbox  # the tenant's mail (None: this door sends none)
        self.naskah = naskah  # makes the SOP's documents (None: this door makes none)
        if holidays is not None:
            self.holidays = holidays
        if workload is not None:
            self.workload = workload
        self.people = people
        self.sessions = sessions
        self.passwords = passwords
        self.sops = sops
        self.current_sop = current_sop
        self.max_upload = max_upload
        self.throttle = throttle
        self.office_roles = office_roles  # the roles that see beyond one OPD (`Actor.opd_only`)
