"""Reading raw messages from files: single .eml files, mbox files and folders of either."""

from __future__ import annotations

import mailbox
from collections.abc import Iterator
from pathlib import Path


def _is_mbox(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(5) == b"From "


def messages_in(path: Path) -> Iterator[tuple[str, bytes]]:
    """Yield (label, raw bytes) for every message under `path`, in a stable order.

    Raises OSError for a path that cannot be read; the caller counts it as failed.
    """
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            yield from messages_in(child)
        return
    if _is_mbox(path):
        box = mailbox.mbox(str(path), create=False)
        try:
            for index, key in enumerate(box.iterkeys()):
                yield f"{path}#{index + 1}", box.get_bytes(key)
        finally:
            box.close()
        return
    yield str(path), path.read_bytes()
