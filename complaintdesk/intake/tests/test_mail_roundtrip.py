"""A full round trip against real servers: IMAP in (Dovecot), SMTP out (aiosmtpd)."""

from __future__ import annotations

from collections.abc import Iterator
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

import pytest
from imapclient import IMAPClient

from complaintdesk.complaints.models import Complaint
from complaintdesk.intake.imap import DONE_FLAG, poll_mailboxes
from complaintdesk.intake.models import Mailbox
from complaintdesk.worker.outbox import deliver_due

from .mailservers import Imap, SmtpInbox, imap_server


@pytest.fixture
def imap(monkeypatch: pytest.MonkeyPatch) -> Iterator[Imap]:
    with imap_server() as server:
        monkeypatch.setenv("TEST_IMAP_PASSWORD", server.password)
        yield server


def _plain(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def _mailbox(imap: Imap, team: Any = None) -> Mailbox:
    return Mailbox.objects.create(
        name="complaints",
        host="127.0.0.1",
        port=imap.port,
        use_ssl=False,
        username=imap.username,
        password_env="TEST_IMAP_PASSWORD",
        team=team,
    )


def _deliver(imap: Imap, message: EmailMessage) -> None:
    with IMAPClient("127.0.0.1", port=imap.port, ssl=False) as client:
        client.login(imap.username, imap.password)
        client.append("INBOX", message.as_bytes())


def _customer_mail(subject: str, body: str, **headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Μαρία Νικολάου <maria@example.gr>"
    message["To"] = "complaints@complaintdesk.localhost"
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="example.gr")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body, charset="iso-8859-7")
    return message


def test_polling_ingests_new_mail_once_and_flags_it(db: None, imap: Imap, teams: Any) -> None:
    _mailbox(imap, team=teams["billing"])
    _deliver(imap, _customer_mail("Λάθος χρώμα", "Παρήγγειλα μπλε και ήρθε κόκκινο."))
    assert poll_mailboxes() == 1
    assert poll_mailboxes() == 0
    complaint = Complaint.objects.get()
    assert complaint.subject == "Λάθος χρώμα"
    assert complaint.description == "Παρήγγειλα μπλε και ήρθε κόκκινο."
    assert complaint.team == teams["billing"]
    with IMAPClient("127.0.0.1", port=imap.port, ssl=False) as client:
        client.login(imap.username, imap.password)
        client.select_folder("INBOX")
        flags = next(iter(client.get_flags(client.search(["ALL"])).values()))
    assert DONE_FLAG in flags


def test_email_round_trip_threads_both_ways(api: Any, imap: Imap, smtp: SmtpInbox) -> None:
    _mailbox(imap)
    original = _customer_mail("Λάθος χρώμα", "Παρήγγειλα μπλε και ήρθε κόκκινο.")
    _deliver(imap, original)
    poll_mailboxes()
    complaint = Complaint.objects.get()

    reply = api["manager"].post(
        f"/complaints/{complaint.reference}/responses",
        {
            "mode": "immediate",
            "message": "Ζητούμε συγγνώμη. Στείλαμε σήμερα το μπλε προϊόν, θα φτάσει την Πέμπτη.",
        },
    )
    assert reply.status_code == 200, reply.content
    deliver_due()
    ours = [m for m in smtp.messages if "Ζητούμε συγγνώμη" in _plain(m)]
    assert len(ours) == 1
    sent = ours[0]
    assert f"[{complaint.reference}]" in sent["Subject"]
    assert sent["In-Reply-To"] == original["Message-ID"]
    assert original["Message-ID"] in sent["References"]

    answer = _customer_mail(
        f"Re: {sent['Subject']}",
        "Ευχαριστώ πολύ!",
        In_Reply_To=sent["Message-ID"],
        References=sent["References"],
    )
    _deliver(imap, answer)
    poll_mailboxes()
    assert Complaint.objects.count() == 1
    inbound = complaint.messages.filter(direction="inbound").get()
    assert inbound.text == "Ευχαριστώ πολύ!"
