"""The SQLite backend's writer queue: real files, real locks, two connections."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections

from complaintdesk.lib.sqlite_backend import base
from complaintdesk.lib.sqlite_backend.base import CHECKPOINT_ROWS, DatabaseWrapper

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the writer queue belongs to the SQLite backend"
)


@pytest.fixture(autouse=True)
def _own_connections(django_db_blocker: Any) -> Any:
    """These tests open their own connections to their own files."""
    with django_db_blocker.unblock():
        yield


def _wrapper(path: Path, timeout: float = 5) -> DatabaseWrapper:
    settings = {**connection.settings_dict, "NAME": str(path)}
    settings["OPTIONS"] = {**settings["OPTIONS"], "timeout": timeout}
    wrapper = DatabaseWrapper(settings)
    wrapper.ensure_connection()
    return wrapper


def _lock_is_free(path: Path) -> bool:
    fd = os.open(f"{path}-writer.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def test_a_second_writer_starts_as_soon_as_the_first_commits(tmp_path: Path) -> None:
    db = tmp_path / "queue.sqlite3"
    first = _wrapper(db)
    first.cursor().execute("CREATE TABLE t (x integer)")
    first._start_transaction_under_autocommit()
    first.cursor().execute("INSERT INTO t VALUES (1)")
    assert not _lock_is_free(db)
    began = threading.Event()
    seen: list[Any] = []

    def second_writer() -> None:
        second = _wrapper(db)
        second._start_transaction_under_autocommit()
        began.set()
        second.cursor().execute("INSERT INTO t VALUES (2)")
        seen.extend(row[0] for row in second.cursor().execute("SELECT x FROM t ORDER BY x"))
        second._commit()
        second.close()

    thread = threading.Thread(target=second_writer)
    thread.start()
    assert not began.wait(0.3), "the second writer began while the first held the lock"
    first._commit()
    assert began.wait(2)
    thread.join()
    assert seen == [1, 2]
    assert _lock_is_free(db)
    first.close()


def test_rollback_and_close_release_the_lock(tmp_path: Path) -> None:
    db = tmp_path / "release.sqlite3"
    wrapper = _wrapper(db)
    wrapper._start_transaction_under_autocommit()
    assert not _lock_is_free(db)
    wrapper._rollback()
    assert _lock_is_free(db)
    wrapper._start_transaction_under_autocommit()
    wrapper.close()
    assert _lock_is_free(db)


def test_a_lock_held_elsewhere_delays_a_writer_only_up_to_its_timeout(tmp_path: Path) -> None:
    db = tmp_path / "stuck.sqlite3"
    wrapper = _wrapper(db, timeout=0.3)
    holder = os.open(f"{db}-writer.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        started = time.monotonic()
        wrapper._start_transaction_under_autocommit()
        waited = time.monotonic() - started
        wrapper.cursor().execute("CREATE TABLE t (x integer)")
        wrapper._commit()
    finally:
        os.close(holder)
    assert 0.3 <= waited < 3
    wrapper.close()


def test_the_product_runs_on_this_backend() -> None:
    assert isinstance(connections["default"], DatabaseWrapper)


def _checkpoint_counter_from_zero(
    db: Path, column: str, monkeypatch: pytest.MonkeyPatch
) -> DatabaseWrapper:
    """A WAL database with table t (column), this process's checkpoint count at zero."""
    monkeypatch.setattr(base, "_rows_since_checkpoint", 0)
    wrapper = _wrapper(db)
    wrapper.cursor().execute("PRAGMA journal_mode=WAL")
    wrapper.cursor().execute(f"CREATE TABLE t ({column})")
    return wrapper


def test_writes_are_checkpointed_into_the_database_file_by_rows_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "checkpoint.sqlite3"
    wrapper = _checkpoint_counter_from_zero(db, "body blob", monkeypatch)
    before = db.stat().st_size
    for _ in range(20):  # 20 rows, about 200 pages: they stay in the log
        wrapper._start_transaction_under_autocommit()
        wrapper.cursor().execute("INSERT INTO t VALUES (zeroblob(40000))")
        wrapper._commit()
    assert db.stat().st_size == before
    wrapper._start_transaction_under_autocommit()
    wrapper.cursor().execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %s)"
        " INSERT INTO t SELECT x'00' FROM n",
        [CHECKPOINT_ROWS],
    )
    wrapper._commit()
    # SQLite's own checkpoint would wait for 10,000 pages; ours copied the log in.
    assert db.stat().st_size > before + 20 * 40000
    wrapper.close()


def test_a_lock_file_that_cannot_be_opened_does_not_stop_writes(tmp_path: Path) -> None:
    db = tmp_path / "nolock.sqlite3"
    (tmp_path / "nolock.sqlite3-writer.lock").mkdir()
    wrapper = _wrapper(db)
    wrapper._start_transaction_under_autocommit()
    wrapper.cursor().execute("CREATE TABLE t (x integer)")
    wrapper._commit()
    assert [row[0] for row in wrapper.cursor().execute("SELECT count(*) FROM t")] == [0]
    wrapper.close()


def test_a_checkpoint_that_cannot_run_leaves_the_commit_standing_and_is_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrapper = _checkpoint_counter_from_zero(tmp_path / "busy.sqlite3", "x integer", monkeypatch)
    wrapper.cursor().execute("INSERT INTO t VALUES (1), (2)")
    reading = wrapper.connection.execute("SELECT x FROM t")
    reading.fetchone()  # an unfinished read: SQLite refuses to checkpoint meanwhile
    wrapper._start_transaction_under_autocommit()
    wrapper.cursor().execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %s)"
        " INSERT INTO t SELECT i FROM n",
        [CHECKPOINT_ROWS],
    )
    wrapper._commit()
    assert base._rows_since_checkpoint >= CHECKPOINT_ROWS  # still due
    reading.close()
    wrapper._start_transaction_under_autocommit()
    wrapper.cursor().execute("INSERT INTO t VALUES (3)")
    wrapper._commit()
    assert base._rows_since_checkpoint == 0
    assert [row[0] for row in wrapper.cursor().execute("SELECT count(*) FROM t")] == [
        CHECKPOINT_ROWS + 3
    ]
    wrapper.close()
