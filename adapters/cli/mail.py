"""`alur mail …`: the outbox's sender as its own process, a tenant's outbox, and email addresses.

`alur mail run` delivers every tenant's due mail over SMTP (ALUR_SMTP_*, deploy/CONFIG.md) until
SIGTERM; production runs it as deploy/systemd/alur-mail.service beside the projection worker
(ALUR_MAIL_SENDER=process), the embedded default runs it inside `alur serve`.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from datetime import timedelta

from adapters.cli.people import tenant_desk
from adapters.composition import Platform
from adapters.config import Settings
from adapters.logging import configure_logging
from adapters.mail_sender import Policy, Sender, run
from domain import commands as c


def register_mail_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `mail run|outbox|retry|set-email` to the `alur` parser."""
    group = commands.add_parser("mail", help="surel keluar / outgoing mail").add_subparsers()
    runner = group.add_parser("run", help="pengirim surel semua tenant / the sender over all tenants")
    runner.add_argument("--batch", type=int, default=20, help="surel per klaim / mails per claim")
    runner.add_argument("--lease", type=float, default=300.0, help="detik klaim berlaku / claim seconds")
    runner.add_argument("--poll", type=float, default=5.0, help="detik antar pemeriksaan / poll seconds")
    runner.add_argument("--max-attempts", type=int, default=6, help="percobaan sebelum gagal / attempts")
    runner.add_argument("--first-wait", type=float, default=60.0, help="detik tunggu pertama / first wait")
    runner.set_defaults(handler=_run)
    outbox = group.add_parser("outbox", help="surel keluar tenant / a tenant's outbox")
    outbox.add_argument("--tenant", required=True, metavar="SLUG")
    outbox.add_argument("--state", choices=("waiting", "retrying", "sent", "failed"))
    outbox.set_defaults(handler=_outbox)
    retry = group.add_parser("retry", help="coba lagi surel gagal / retry a failed mail")
    retry.add_argument("--tenant", required=True, metavar="SLUG")
    retry.add_argument("mail_id", metavar="ID")
    retry.set_defaults(handler=_retry)
    email = group.add_parser("set-email", help="email pengguna (dikonfirmasi lewat tautan) / a user's email")
    email.add_argument("--tenant", required=True, metavar="SLUG")
    email.add_argument("username", metavar="USERNAME")
    email.add_argument("email", metavar="EMAIL", help='"" menghapus / removes')
    email.add_argument("--english", action="store_true", help="surel konfirmasi berbahasa Inggris")
    email.set_defaults(handler=_set_email)


def _run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    configure_logging(json=settings.log_format == "json" or bool(getattr(args, "log_json", False)))
    if settings.smtp is None:
        print(
            "ALUR_SMTP_HOST tidak diisi; tidak ada yang dikirim / not set; nothing is sent", file=sys.stderr
        )
        return 2
    policy = Policy(batch=args.batch, lease=timedelta(seconds=args.lease), max_attempts=args.max_attempts,
                    first_wait=timedelta(seconds=args.first_wait))  # fmt: skip
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    with Platform(settings) as platform:
        sender = Sender(settings.smtp, platform.services.clock, policy)
        print("pengirim surel berjalan / mail sender running", file=sys.stderr, flush=True)
        run(platform.mail_stores, sender, stop, args.poll)
    return 0


def _outbox(args: argparse.Namespace) -> int:
    with tenant_desk(args) as (_, desk, actor):
        view = desk.queries.outbox(actor, args.state)
    print("  ".join(f"{state}: {count}" for state, count in view.counts.items()))
    for mail in view.mails:
        print(f"{mail.id}  {mail.state:8}  {mail.attempts}  {mail.recipient}  {mail.subject}"
              + (f"  [{mail.last_error}]" if mail.last_error else ""))  # fmt: skip
    return 0


def _retry(args: argparse.Namespace) -> int:
    with tenant_desk(args) as (_, desk, actor):
        desk.commands.retry_mail(actor, c.RetryMail(args.mail_id))
    print(f"{args.mail_id}: dicoba lagi / will be tried again")
    return 0


def _set_email(args: argparse.Namespace) -> int:
    with tenant_desk(args) as (_, desk, actor):
        user = desk.commands.set_email(actor, c.SetEmail(args.username, args.email, args.english))
    if user.email:
        print(f"email {user.username}: {user.email} — tautan konfirmasi dikirim / confirmation link sent")
    else:
        print(f"email {user.username} dihapus / removed")
    return 0
