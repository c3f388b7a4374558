from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from complaintdesk.sla.verify import verify_deadlines


class Command(BaseCommand):
    help = "Recompute every SLA clock from the event log and report stored figures that differ."

    def handle(self, *args: Any, **options: Any) -> None:
        found = 0
        for m in verify_deadlines():
            found += 1
            self.stdout.write(
                f"{m.reference} {m.kind} {m.field}: stored {m.stored}, log says {m.computed}"
            )
        if found:
            raise CommandError(f"{found} mismatch(es) between stored deadlines and the event log")
        self.stdout.write("All stored deadlines match the event log.")
