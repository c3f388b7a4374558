"""The worker loop: small idempotent steps, repeated, until asked to stop."""

from __future__ import annotations

import logging
import signal
import time
from collections.abc import Callable
from types import FrameType

from django.db import close_old_connections

from .outbox import deliver_due

log = logging.getLogger(__name__)

Step = Callable[[], int]


def default_steps() -> list[tuple[str, Step]]:
    """The steps in order: due deadlines and promises, then outgoing mail, then mailboxes."""
    from complaintdesk.intake.imap import poll_mailboxes
    from complaintdesk.sla.sweep import sweep_due

    return [("sla", sweep_due), ("outbox", deliver_due), ("mailboxes", poll_mailboxes)]


class Worker:
    def __init__(self, steps: list[tuple[str, Step]], idle_sleep: float = 1.0) -> None:
        self.steps = steps
        self.idle_sleep = idle_sleep
        self.stopping = False

    def stop(self, signum: int = 0, frame: FrameType | None = None) -> None:
        """Finish the current item, then leave (SIGTERM / SIGINT)."""
        self.stopping = True

    def run_once(self) -> int:
        done = 0
        for name, step in self.steps:
            if self.stopping:
                break
            try:
                done += step()
            except Exception:
                log.exception("worker step %s failed; it will be retried", name)
        close_old_connections()
        return done

    def run(self, *, once: bool = False, max_seconds: float | None = None) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        started = time.monotonic()
        while not self.stopping:
            done = self.run_once()
            if once or (max_seconds is not None and time.monotonic() - started > max_seconds):
                break
            if not done:
                time.sleep(self.idle_sleep)
