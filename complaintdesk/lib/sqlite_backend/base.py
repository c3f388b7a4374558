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
fsync) are taken after the lock is released, once this process's transactions
have changed CHECKPOINT_ROWS rows since its last one (about as often as SQLite's
automatic checkpoint at 1,000 pages, for complaints). SQLite's own runs inside
COMMIT, so every other writer would queue behind it; it stays on, at a larger
size, as a backstop for writes made outside transactions. (The log's size is
not read from the WAL index file: closing any descriptor of that file would
drop this process's POSIX locks on it, which SQLite relies on.)
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import time
from typing import Any

from django.db.backends.sqlite3 import base

_POLL_SECONDS = 0.0002
CHECKPOINT_ROWS = 300
_BACKSTOP_PAGES = 10_000
_rows_since_checkpoint = 0  # this process's, over all its connections


# The hooks below are private in django-stubs, hence the ignores.
class DatabaseWrapper(base.DatabaseWrapper):
    _lock_fd: int | None = None
    _changes_at_begin = 0

    def _file(self, suffix: str) -> str | None:
        """The path of the database file with `suffix`; None for an in-memory database."""
        if self.is_in_memory_db():
            return None
        return f"{self.settings_dict['NAME']}{suffix}"

    def _take_writer_lock(self) -> None:
        path = self._file("-writer.lock")
        if path is None or self._lock_fd is not None:
            return
        try:
            # Read-only is enough for flock, so a worker running as another user who
            # can write the database can queue on a lock file the server created.
            fd = os.open(path, os.O_RDONLY | os.O_CREAT, 0o644)
        except OSError:
            return  # no queue: SQLite's own locking still keeps writes apart
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
        self._changes_at_begin = self.connection.total_changes
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
            if wrote:
                self._checkpoint_when_due()

    def _checkpoint_when_due(self) -> None:
        global _rows_since_checkpoint
        _rows_since_checkpoint += self.connection.total_changes - self._changes_at_begin
        if _rows_since_checkpoint < CHECKPOINT_ROWS:
            return
        try:
            self.connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.OperationalError:
            # "database table is locked": a statement of this connection is still being
            # read (an unfinished SELECT). The commit stands; the next one tries again.
            return
        _rows_since_checkpoint = 0

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
