"""Django's SQLite backend with writers queued on a lock file instead of sleeping.

SQLite has one writer at a time. A second writer's BEGIN IMMEDIATE waits in
SQLite's busy handler, which sleeps in growing steps (1, 2, 5, 10 … ms) and so
wakes well after the first writer has committed; under concurrent writes that
idle time, not the work, set the throughput. Here each write transaction first
takes an exclusive lock on `<database>-writer.lock` and holds it until it
commits or rolls back, so the next writer starts as soon as the last one ends.

The wait for the lock is bounded by the connection's timeout; past it the
transaction goes ahead and SQLite's own locking decides, so a writer stuck
elsewhere can never hang this one.
"""

from __future__ import annotations

import fcntl
import os
import time
from typing import Any

from django.db.backends.sqlite3 import base

_POLL_SECONDS = 0.0002


# The hooks below are private in django-stubs, hence the ignores.
class DatabaseWrapper(base.DatabaseWrapper):
    _lock_fd: int | None = None

    def _lock_path(self) -> str | None:
        if self.is_in_memory_db():
            return None
        return f"{self.settings_dict['NAME']}-writer.lock"

    def _take_writer_lock(self) -> None:
        path = self._lock_path()
        if path is None or self._lock_fd is not None:
            return
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + float(self.settings_dict["OPTIONS"].get("timeout", 5))
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() < deadline:
                    time.sleep(_POLL_SECONDS)
                    continue
                os.close(fd)
                return
            self._lock_fd = fd
            return

    def _release_writer_lock(self) -> None:
        fd, self._lock_fd = self._lock_fd, None
        if fd is not None:
            os.close(fd)  # closing the descriptor releases its lock

    def _start_transaction_under_autocommit(self) -> None:
        self._take_writer_lock()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self._release_writer_lock()
            raise

    def _commit(self) -> Any:
        try:
            return super()._commit()  # type: ignore[misc]
        finally:
            self._release_writer_lock()

    def _rollback(self) -> Any:
        try:
            return super()._rollback()  # type: ignore[misc]
        finally:
            self._release_writer_lock()

    def _close(self) -> Any:
        try:
            return super()._close()  # type: ignore[misc]
        finally:
            self._release_writer_lock()
