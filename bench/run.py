"""Run the benchmark matrix behind docs/BENCHMARKS.md: `python bench/run.py [SIZE ...]`.

Each size runs on SQLite and PostgreSQL through `complaintdesk bench`, writing
bench/results/<db>-<size>.json. Sizes default to 100000.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [100_000]
    RESULTS.mkdir(exist_ok=True)
    for size in sizes:
        for db in ("sqlite", "postgres"):
            out = RESULTS / f"{db}-{size}.json"
            command = [sys.executable, "-m", "complaintdesk", "bench", f"--size={size}"]
            command += [f"--db={db}", "--seconds=8", f"--json={out}"]
            code = subprocess.run(command, check=False).returncode
            if code:
                return code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
