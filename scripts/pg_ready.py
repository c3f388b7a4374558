"""Exit 0 when the PostgreSQL server of the given URL answers (used by scripts/test.sh)."""

from __future__ import annotations

import sys

import psycopg


def main() -> int:
    url = sys.argv[1].replace("postgres://", "postgresql://", 1)
    server = url.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(server, connect_timeout=3):
            return 0
    except psycopg.OperationalError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
