"""`complaintdesk import-csv FILE --mapping cfpb|PATH.toml [--report FILE] [--jobs N]`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from complaintdesk.intake.csvimport import import_file, load_mapping
from complaintdesk.intake.csvimport.importer import default_jobs
from complaintdesk.intake.csvimport.mapping import MappingError


class Command(BaseCommand):
    help = "Import complaints from a CSV file in batches; bad rows are skipped and reported."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--mapping", default="cfpb", help="cfpb, or a mapping .toml file")
        parser.add_argument("--report", type=Path, help="Write the validation report (JSON)")
        parser.add_argument(
            "--jobs",
            type=int,
            default=0,
            help="Batches written at once (default: one per core on PostgreSQL, 1 on SQLite)",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            mapping = load_mapping(options["mapping"])
            with tqdm(unit=" rows", disable=options["no_progress"], file=self.stderr._out) as bar:
                report = import_file(
                    options["file"],
                    mapping,
                    progress=bar.update,
                    jobs=options["jobs"] or default_jobs(),
                )
        except (MappingError, OSError, UnicodeDecodeError) as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        if options["report"]:
            options["report"].write_text(report.to_json(), encoding="utf-8")
        self.stdout.write(
            f"{report.imported} imported, {report.duplicates} already there, "
            f"{len(report.skipped)} skipped of {report.rows} rows "
            f"in {elapsed:.2f} s ({report.rows / max(elapsed, 1e-9):,.0f} rows/s)"
        )
        for problem in report.skipped[:20]:
            self.stdout.write(f"  line {problem.line}: {problem.reason}")
        if len(report.skipped) > 20:
            self.stdout.write(f"  ... and {len(report.skipped) - 20} more (see --report)")
