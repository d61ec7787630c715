"""The handlers of a request: file the letter, complete a step, return an incomplete file and
resubmit it, set a new target, withdraw."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain import commands as c
from domain import naskah
from domain.actor import Actor
from domain.documents import Document, Upload, check_upload, sha256_hex
from domain.errors import (
    AlurError,
    InvalidInputError,
    NotFoundError,
    UnsupportedMediaError,
)
from domain.handlers.base import CommandsBase
from domain.mutu_baku import Brought
from domain.people import check_opd_code
from domain.request_view import RequestDetail, detail_of
from domain.sop import MADE_KINDS


def match_user(users: Iterable[tuple[str, str, Any]], typed: str) -> str:
    """The username a typed name means: a username, or else the one full name, matched without
    case; the text as typed where there is no match or more than one."""
    wanted = " ".join(typed.split()).casefold()
    by_username = [u for u, _, _ in users if u.casefold() == wanted]
    if by_username:
        return by_username[0]
    by_name = [u for u, name, _ in users if " ".join(name.split()).casefold() == wanted]
    return by_name[0] if len(by_name) == 1 else typed


@dataclass(frozen=True)
class MadeDocument:
    """A made document as the doors show it: which, and its record (name, SHA-256, number)."""

    request_id: str
    due: naskah.Due
    record: dict[str, Any]
    made_now: bool


@dataclass(frozen=True)
class Unknown:
    """A username no longer known to the people of the tenant: shown as itself."""

    full_name: str
    nip: str | None = None


class RequestCommands(CommandsBase):
    """A request's commands."""

    def submit(self, actor: Actor, command: c.SubmitRequest) -> RequestDetail:
        """File a letter for the actor's OPD (or, for an official, a known OPD named)."""
        letter = None
        if command.letter is not None:
            letter = self._checked(Upload(command.letter.name, command.letter.data, "letter"))
            if letter.content_type != "application/pdf":
                raise UnsupportedMediaError(
                    "surat harus berupa PDF", "the letter must be a PDF", field="letter"
                )
        brought, documents = self._brought(command.documents, command.references)
        request = self.service.submit_request(
            *self.current_sop(),
            user=actor.username,
            roles=actor.roles,
            title=command.title,
            purpose=command.purpose,
            letter_number=command.letter_number,
            letter_date=command.letter_date,
            opd=self._filing_opd(actor, command.opd),
            note=command.note,
            documents=[*([letter] if letter else []), *documents],
            brought=brought,
            letter=letter.record() if letter else None,
        )
        return detail_of(request)

    def act(self, actor: Actor, command: c.CompleteStep) -> RequestDetail:
        """Complete the active step: one load, every rule (its Mutu Baku among them), one save
        with the step's documents."""
        brought, documents = self._brought(command.documents, command.references)
        request = self.service.act(
            command.request_id,
            command.step,
            user=actor.username,
            roles=actor.roles,
            decision=command.decision,
            note=command.note,
            assignees=self._named(command),
            deadline=command.deadline,
            documents=documents,
            expected_version=command.expected_version,
            may_see=actor.may_see,
            roles_of=self._roles_in_force,
            on_behalf_of=command.on_behalf_of,
            brought=brought,
        )
        return detail_of(request)

    def make_document(self, actor: Actor, command: c.MakeDocument) -> MadeDocument:
        """Make a document a completed step gives the request (domain/naskah.py), seal it and
        record its SHA-256 with its bytes, once; a document already made is the one kept."""
        request = self.service.get(command.request_id, actor.may_see)
        if command.taken is None or command.taken < 0:
            raise InvalidInputError(
                "sebutkan langkah dalam riwayat (0 untuk yang pertama)",
                "give the step's place in the history (0 for the first)",
                field="taken",
            )
        if command.kind not in MADE_KINDS:
            raise InvalidInputError(
                f"sebutkan jenis dokumen: {', '.join(MADE_KINDS)}",
                f"give the kind of document: {', '.join(MADE_KINDS)}",
                field="kind",
            )
        variant = self.service.variant(request.variant_id, request.variant_version)
        dues = naskah.dues(request, variant)
        wanted = [d for d in dues if d.taken == command.taken and d.kind == command.kind]
        if not wanted:
            raise NotFoundError(
                "langkah itu tidak menghasilkan dokumen tersebut",
                "that step gives no such document",
                field="kind",
            )
        due = wanted[0]
        kept = request.made.get((due.taken, due.kind))
        if kept is not None:
            return MadeDocument(str(request.id), due, kept, made_now=False)
        if self.naskah is None:
            raise InvalidInputError(
                "layanan ini tidak dapat membuat dokumen", "this service cannot make documents", field="kind"
            )
        zone = self.service.calendar.zone
        opds = {o.code: o.name for o in self.service.opds()}
        facts = naskah.facts_of(due, request, variant, self.naskah.letterhead(), self._identify, zone,
                                lambda code: opds.get(code or "", code or "-"))  # fmt: skip
        pdf, sealed_by = self.naskah.make(facts)
        document = Document(f"{due.kind}-{request.letter_number}.pdf".replace("/", "-"), sha256_hex(pdf),
                            len(pdf), "application/pdf", pdf)  # fmt: skip
        recorded = self.service.record_made(request, due, document, facts.number, sealed_by, actor.username)
        return MadeDocument(str(request.id), due, recorded, made_now=True)

    def _identify(self, username: str, role: str, at: datetime) -> tuple[Any, str]:
        """Who a username was at a moment (name, NIP), and "Plt."/"Plh." if they held `role` so."""
        try:
            user = self.service.user(username, at)
        except AlurError:
            return Unknown(username), ""
        held = [g.held_as for g in user.grants if g.role == role and g.acting and g.in_force(at)]
        return user, held[0] if held else ""

    def _named(self, command: c.CompleteStep) -> tuple[str, ...]:
        """The people a step names, each as typed (a username or a full name, any case) turned
        into the username of the one active user it matches; left as typed where none does (the
        aggregate then refuses it by name)."""
        typed = [t.strip() for t in (command.assignee, *command.assignees) if t and t.strip()]
        if not typed:
            return ()
        users = self.people.active_users(self.service.clock())
        return tuple(match_user(users, one) for one in typed)

    def _roles_in_force(self, username: str) -> tuple[str, ...] | None:
        """An active user's roles now (Plt. included), from the people read model."""
        found = self.people.credentials(username.strip().lower(), self.service.clock())
        return found.roles if found else None

    def revise_target(self, actor: Actor, command: c.ReviseTarget) -> RequestDetail:
        """A new target, with its reason, once the old one has passed (the setting role only)."""
        request = self.service.revise_target(
            command.request_id,
            user=actor.username,
            roles=actor.roles,
            deadline=command.deadline,
            reason=command.reason,
            expected_version=command.expected_version,
            may_see=actor.may_see,
        )
        return detail_of(request)

    def withdraw(self, actor: Actor, command: c.WithdrawRequest) -> RequestDetail:
        request = self.service.withdraw(
            command.request_id,
            user=actor.username,
            roles=actor.roles,
            opd=actor.opd,
            note=command.note,
            expected_version=command.expected_version,
            may_see=actor.may_see,
        )
        return detail_of(request)

    def return_file(self, actor: Actor, command: c.ReturnFile) -> RequestDetail:
        """"Berkas tidak lengkap": the step's holder returns the file; its clock stops."""
        request = self.service.return_file(
            command.request_id,
            user=actor.username,
            roles=actor.roles,
            missing=command.missing,
            note=command.note,
            expected_version=command.expected_version,
            may_see=actor.may_see,
            roles_of=self._roles_in_force,
            on_behalf_of=command.on_behalf_of,
        )
        return detail_of(request)

    def resubmit(self, actor: Actor, command: c.ResubmitFile) -> RequestDetail:
        """The requesting OPD sends the completed file back; the step's clock resumes."""
        brought, documents = self._brought(command.documents, command.references)
        request = self.service.resubmit(
            command.request_id,
            user=actor.username,
            roles=actor.roles,
            opd=actor.opd,
            note=command.note,
            brought=brought,
            documents=documents,
            expected_version=command.expected_version,
            may_see=actor.may_see,
        )
        return detail_of(request)

    def _checked(self, upload: Upload) -> Document:
        """A file checked (PDF or image, within the size), or a refusal naming its field."""
        try:
            return check_upload(upload, self.max_upload)
        except AlurError as error:
            error.field = upload.field or "documents"
            raise

    def _brought(
        self, uploads: Iterable[Upload], references: Mapping[str, str]
    ) -> tuple[Brought, list[Document]]:
        """The files (checked) and references an actor brings: by slot, or attached."""
        files: dict[str, list[dict[str, Any]]] = {}
        attachments: list[dict[str, Any]] = []
        documents = []
        for upload in uploads:
            document = self._checked(upload)
            documents.append(document)
            if upload.field in ("", "documents"):
                attachments.append(document.record())
            else:
                files.setdefault(upload.field, []).append(document.record())
        given = {name: tuple(records) for name, records in files.items()}
        return Brought(given, dict(references), tuple(attachments)), documents

    def _filing_opd(self, actor: Actor, given: str | None) -> str | None:
        """An OPD user files for its own OPD only; others may name an OPD the tenant knows."""
        if actor.opd_only or (actor.opd and not given):
            if given and given != actor.opd:
                raise InvalidInputError(
                    "pengguna OPD hanya dapat mengajukan untuk OPD-nya sendiri",
                    "an OPD user can only submit for its own OPD",
                    field="opd",
                )
            return actor.opd
        if not given:
            return None
        try:
            code = check_opd_code(given)
        except InvalidInputError:
            code = ""
        if not code or not self.service.opd_exists(code):
            raise InvalidInputError(f"OPD {given!r} tidak dikenal", f"unknown OPD {given!r}", field="opd")
        return code
