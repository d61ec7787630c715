"""The office's own working rules in the tenant's application service (issue 19): after how
many working days a step with no time standard counts as macet."""

from __future__ import annotations

import threading
import time as _time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from domain.documents import Document
from domain.errors import ConcurrentActionError
from domain.stalled import OFFICE_RULES_ID, LetterheadSetting, OfficeRules, StalledSetting

FRESH_FOR = 1.0  # seconds a process trusts its copy of the rules before looking for changes


class RulesMixin:
    """Methods of `RequestService` for the office's rules (the host's store and clock)."""

    clock: Callable[[], datetime]
    events: Any
    repository: Any

    def stalled_setting(self) -> StalledSetting:
        """The threshold in force (the default until an admin sets one), read from the rules'
        events at most once a second per process (reads ask it for every inbox)."""
        cache = self.__dict__.setdefault("_rules_cache", {"at": -FRESH_FOR, "setting": StalledSetting(),
                                                          "lock": threading.Lock()})  # fmt: skip
        now = _time.monotonic()
        if now - cache["at"] >= FRESH_FOR:
            with cache["lock"]:
                found = StalledSetting()
                for event in self.events.get(OFFICE_RULES_ID):
                    if isinstance(event, OfficeRules.StalledAfterSet):
                        found = StalledSetting(event.days, event.reason, event.actor, event.at)
                cache["setting"], cache["at"] = found, now
        setting: StalledSetting = cache["setting"]
        return setting

    def letterhead_setting(self) -> LetterheadSetting | None:
        """The kop surat the office set (None: the default from the tenant's name), read from the
        rules' events at most once a second per process."""
        cache = self.__dict__.setdefault("_letterhead_cache", {"at": -FRESH_FOR, "setting": None,
                                                               "lock": threading.Lock()})  # fmt: skip
        now = _time.monotonic()
        if now - cache["at"] >= FRESH_FOR:
            with cache["lock"]:
                found = None
                for event in self.events.get(OFFICE_RULES_ID):
                    if isinstance(event, OfficeRules.LetterheadSet):
                        found = LetterheadSetting(
                            event.government, event.office, event.address, event.city, event.logo,
                            event.reason, event.actor, event.at,
                        )  # fmt: skip
                cache["setting"], cache["at"] = found, now
        setting: LetterheadSetting | None = cache["setting"]
        return setting

    def set_letterhead(
        self, values: dict[str, Any], logo: Document | None, reason: Any, actor: str
    ) -> LetterheadSetting:
        """A new kop surat, its logo (an image) saved with the event."""
        rules = self._rules(actor)
        rules.set_letterhead(values, logo.record() if logo else None, reason, actor, self.clock())
        self._save_rules(rules, [logo] if logo else [])
        self.__dict__.pop("_letterhead_cache", None)
        assert rules.letterhead is not None
        return rules.letterhead

    def _rules(self, actor: str) -> OfficeRules:
        try:
            rules: OfficeRules = self.repository.get(OFFICE_RULES_ID)
        except AggregateNotFoundError:
            rules = OfficeRules.start(actor, self.clock())
        return rules

    def _save_rules(self, rules: OfficeRules, documents: list[Document]) -> None:
        try:
            self.save(rules, documents=documents)  # type: ignore[attr-defined]
        except IntegrityError:
            raise ConcurrentActionError(
                "pengaturan baru saja diubah orang lain; tidak disimpan: muat ulang, lalu coba lagi",
                "someone else changed the setting at the same time; not saved: reload, then try again",
            ) from None

    def set_stalled_after(self, days: Any, reason: Any, actor: str) -> StalledSetting:
        rules = self._rules(actor)
        rules.set_stalled_after(days, reason, actor, self.clock())
        try:
            self.save(rules)  # type: ignore[attr-defined]
        except IntegrityError:
            raise ConcurrentActionError(
                "pengaturan baru saja diubah orang lain; tidak disimpan: muat ulang, lalu coba lagi",
                "someone else changed the setting at the same time; not saved: reload, then try again",
            ) from None
        self.__dict__.pop("_rules_cache", None)
        return rules.stalled
