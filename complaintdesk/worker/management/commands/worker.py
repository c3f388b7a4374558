from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from complaintdesk.worker.loop import Worker, default_steps


class Command(BaseCommand):
    help = "Run the worker: promise and deadline sweeps, outbox delivery, mailbox polling."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run every step once and exit")
        parser.add_argument("--max-seconds", type=float, default=None)
        parser.add_argument("--idle-sleep", type=float, default=1.0)

    def handle(self, *args: Any, **options: Any) -> None:
        worker = Worker(default_steps(), idle_sleep=options["idle_sleep"])
        worker.run(once=options["once"], max_seconds=options["max_seconds"])
