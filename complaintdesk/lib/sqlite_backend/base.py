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
fsync) are taken after the lock is released, every CHECKPOINT_EVERY commits of
this process: SQLite's automatic ones run inside COMMIT, so every other writer
would queue behind them. The automatic checkpoint stays on, at a larger size, as
a backstop for writes made outside transactions.
"""

from __future__ import annotations

import fcntl
import itertools
import os
import time
from typing import Any

from django.db.backends.sqlite3 import base

_POLL_SECONDS = 0.0002
CHECKPOINT_EVERY = 50
_BACKSTOP_PAGES = 10_000
_commits = itertools.count(1)  # this process's, over all its connections


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
            if wrote and next(_commits) % CHECKPOINT_EVERY == 0:
                with self.wrap_database_errors:
                    self.connection.execute("PRAGMA wal_checkpoint(PASSIVE)")

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
