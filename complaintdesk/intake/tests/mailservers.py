"""Real mail servers on loopback for tests: aiosmtpd for SMTP, Debian's Dovecot for IMAP."""

from __future__ import annotations

import email
import email.policy
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

DOVECOT = "/usr/sbin/dovecot"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class SmtpInbox:
    port: int = 0
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"


@contextmanager
def smtp_server() -> Iterator[SmtpInbox]:
    inbox = SmtpInbox(port=free_port())
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


@dataclass(frozen=True)
class Imap:
    port: int
    username: str
    password: str


_CONFIG = """
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
first_valid_uid = {uid}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


@contextmanager
def imap_server() -> Iterator[Imap]:
    """A private Dovecot with one user, listening on a free loopback port.

    Its directory is made directly under the system temp dir: Dovecot's auth
    process runs as the dovecot user and must reach it (pytest's tmp_path
    parents are private to root).
    """
    if not Path(DOVECOT).exists():
        pytest.fail(f"{DOVECOT} is missing: scripts/system-deps.sh installs dovecot-imapd")
    account = pwd.getpwnam("dovecot")
    root = Path(tempfile.mkdtemp(prefix="complaintdesk-dovecot-"))
    for sub in ("run", "state", "mail"):
        (root / sub).mkdir(exist_ok=True)
    os.chmod(root, 0o777)  # noqa: S103 - Dovecot's mail processes run as the dovecot user
    os.chmod(root / "mail", 0o777)  # noqa: S103
    imap = Imap(port=free_port(), username="desk", password="desk-secret")
    (root / "users").write_text(f"{imap.username}:{{PLAIN}}{imap.password}\n")
    (root / "dovecot.conf").write_text(
        _CONFIG.format(root=root, port=imap.port, uid=account.pw_uid, gid=account.pw_gid)
    )
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(root / "dovecot.conf")])  # noqa: S603
    try:
        _wait_for(imap.port, root)
        yield imap
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)


def _wait_for(port: int, root: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
    pytest.fail(f"Dovecot did not start on port {port}: {log[-2000:]}")
