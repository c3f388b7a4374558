"""Settings read from the environment, checked in a fresh interpreter."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

_PRINT_DATABASE = (
    "import django; django.setup();"
    "from django.conf import settings; print(settings.DATABASES['default']['NAME'])"
)


@pytest.mark.parametrize("given", [None, "elsewhere/db.sqlite3"])
def test_commands_from_the_checkout_use_the_database_run_sh_serves(
    tmp_path: Path, given: str | None
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CI")}
    env.pop("COMPLAINTDESK_SQLITE_PATH", None)
    env["DJANGO_SETTINGS_MODULE"] = "complaintdesk.settings"
    if given:
        env["COMPLAINTDESK_SQLITE_PATH"] = str(tmp_path / given)
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", _PRINT_DATABASE],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    expected = tmp_path / (given or "var/complaintdesk.sqlite3")
    assert Path(out.stdout.strip()) == expected
    assert expected.parent.is_dir()  # SQLite cannot create the folder itself


@pytest.mark.django_db
def test_postgresql_sessions_run_without_jit_or_parallel_workers() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('jit'), current_setting('max_parallel_workers_per_gather')"
        )
        assert cursor.fetchone() == ("off", "0")
