"""The worker's mailbox step: fetch new mail over IMAP, ingest it, then flag it.

Mail is flagged (or moved) only after ingestion committed, so a crash between
the two re-fetches the message next time, and the raw-first store makes that
a no-op instead of a duplicate.
"""

from __future__ import annotations

import logging
import os

from imapclient import IMAPClient

from .models import Mailbox
from .services import ingest

log = logging.getLogger(__name__)
DONE_FLAG = b"$ComplaintdeskDone"
BATCH = 50


def poll_mailbox(mailbox: Mailbox) -> int:
    """Ingest up to BATCH new messages from one mailbox; returns how many were handled."""
    password = os.environ.get(mailbox.password_env, "")
    handled = 0
    with IMAPClient(mailbox.host, port=mailbox.port, ssl=mailbox.use_ssl, timeout=30) as client:
        client.login(mailbox.username, password)
        client.select_folder(mailbox.folder)
        uids = client.search(["NOT", "KEYWORD", DONE_FLAG.decode()])[:BATCH]
        for uid, data in client.fetch(uids, ["BODY.PEEK[]"]).items():
            raw = data[b"BODY[]"]
            outcome = ingest(
                raw,
                source=f"imap:{mailbox.name}:{uid}",
                team=mailbox.team,
                category=mailbox.category,
            )
            if outcome.kind == "failed":
                continue  # left unflagged: the next poll retries it
            client.add_flags([uid], [DONE_FLAG, b"\\Seen"])
            if mailbox.done_folder:
                client.move([uid], mailbox.done_folder)
            handled += 1
    return handled


def poll_mailboxes() -> int:
    """The worker step: every enabled mailbox, one failing server not stopping the others."""
    handled = 0
    for mailbox in Mailbox.objects.filter(enabled=True).select_related("team", "category"):
        try:
            handled += poll_mailbox(mailbox)
        except Exception:
            log.exception("polling mailbox %s failed; will retry", mailbox.name)
    return handled
