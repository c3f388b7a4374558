"""gunicorn settings for the product's server (scripts/run.sh) and the benchmark's.

Use with `gunicorn --config python:complaintdesk.gunicorn_conf ...`.
"""

from __future__ import annotations

import gc
from typing import Any


def post_worker_init(worker: Any) -> None:
    """Hide what start-up loaded (Django, the apps, their modules) from the garbage
    collector: otherwise every full collection walks those ~100,000 long-lived objects
    and stalls the request it lands in for tens of milliseconds."""
    gc.freeze()
