"""Bulk CSV import: mappings (built-in `cfpb` or a TOML file), validation, batched writes.

`import_file(path, mapping)` is the entry point; `complaintdesk import-csv` wraps it.
"""

from __future__ import annotations

from .importer import ImportReport, RowProblem, import_file
from .mapping import Mapping, load_mapping

__all__ = ["ImportReport", "Mapping", "RowProblem", "import_file", "load_mapping"]
