"""`complaintdesk ingest-email PATH...`: .eml files, mbox files and folders."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from complaintdesk.intake.services import ingest
from complaintdesk.intake.sources import messages_in


class Command(BaseCommand):
    help = "Ingest email from .eml files, mbox files or folders; every message is counted once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--json", action="store_true", help="Print the API.md summary")

    def handle(self, *args: Any, **options: Any) -> None:
        summary: dict[str, Any] = {"messages": 0, "complaints": 0, "replies": 0}
        skipped: Counter[str] = Counter()
        failed: list[dict[str, str]] = []
        for path in options["paths"]:
            try:
                found = list(messages_in(Path(path)))
            except OSError as exc:
                failed.append({"path": path, "error": str(exc)})
                summary["messages"] += 1
                continue
            for label, raw in found:
                summary["messages"] += 1
                outcome = ingest(raw, source=f"file:{label}")
                if outcome.kind == "complaint":
                    summary["complaints"] += 1
                elif outcome.kind == "reply":
                    summary["replies"] += 1
                elif outcome.kind == "skipped":
                    skipped[outcome.reason] += 1
                else:
                    failed.append({"path": label, "error": outcome.reason})
        summary["skipped"] = dict(skipped)
        summary["failed"] = failed
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
        else:
            self.stdout.write(
                f"{summary['messages']} messages: {summary['complaints']} complaints, "
                f"{summary['replies']} replies, {sum(skipped.values())} skipped, "
                f"{len(failed)} failed"
            )
