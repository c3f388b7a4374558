"""The server's gunicorn hook: start-up objects leave the garbage collector's sight."""

from __future__ import annotations

import gc

from complaintdesk import gunicorn_conf


def test_worker_start_freezes_what_is_loaded() -> None:
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        gunicorn_conf.post_worker_init(worker=None)
        assert gc.get_freeze_count() > 10_000  # Django and the apps are loaded here
    finally:
        gc.unfreeze()
