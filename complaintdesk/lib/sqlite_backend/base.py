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

Checkpoints (copying the write-ahead log into the database file, with an
fsync) are taken after the lock is released, once the log holds CHECKPOINT_PAGES
pages not yet copied, as SQLite's own automatic checkpoint would; that one runs
inside COMMIT, so every other writer would queue behind it. It stays on, at a
larger size, as a backstop for writes made outside transactions.
"""

from __future__ import annotations

import fcntl
import os
import struct
import time
from typing import Any

from django.db.backends.sqlite3 import base

_POLL_SECONDS = 0.0002
CHECKPOINT_PAGES = 1000  # SQLite's default for its automatic checkpoint
_BACKSTOP_PAGES = 10_000


# The hooks below are private in django-stubs, hence the ignores.
class DatabaseWrapper(base.DatabaseWrapper):
    _lock_fd: int | None = None

    def _file(self, suffix: str) -> str | None:
        """The path of the database file with `suffix`; None for an in-memory database."""
        if self.is_in_memory_db():
            return None
        return f"{self.settings_dict['NAME']}{suffix}"

    def _take_writer_lock(self) -> None:
        path = self._file("-writer.lock")
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

    def get_new_connection(self, conn_params: Any) -> Any:
        connection = super().get_new_connection(conn_params)
        connection.execute(f"PRAGMA wal_autocheckpoint = {_BACKSTOP_PAGES}")
        return connection

    def _commit(self) -> Any:
        wrote = self._lock_fd is not None
        try:
            return super()._commit()  # type: ignore[misc]
        finally:
            self._release_writer_lock()
            if wrote and self._log_backlog() >= CHECKPOINT_PAGES:
                with self.wrap_database_errors:
                    self.connection.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def _log_backlog(self) -> int:
        """Pages in the write-ahead log not yet copied into the database file, from the
        header of the WAL index (sqlite.org/walformat.html: mxFrame at byte 16,
        nBackfill at byte 96, in native byte order)."""
        path = self._file("-shm")
        if path is None:
            return 0
        try:
            with open(path, "rb") as index:
                header = index.read(100)
        except OSError:
            return 0
        if len(header) < 100:
            return 0
        frames, copied = (
            struct.unpack_from("=I", header, 16)[0],
            struct.unpack_from("=I", header, 96)[0],
        )
        return int(frames - copied)

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
