"""Email ingestion benchmark: N varied messages through the real raw-first pipeline.

    .venv/bin/python bench/email_bench.py --messages 10000 [--json FILE]

Uses a fresh SQLite file unless DATABASE_URL is set. Messages are synthetic
complaints and replies in four languages and several charsets, auto-replies,
and the real-world mails of ../shared/corpora, each made unique. Prints
messages per second, per-message p50/p99 and what became of them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
TEXTS = [
    ("en", "utf-8", "Charged twice", "My card was charged twice for order 7731. Please refund."),
    ("zh-hans", "gb2312", "退款两周还没到账", "我两周前申请了退款，到现在还没有收到。"),
    ("zh-hant", "big5", "包裹沒有收到", "物流顯示已送達，但是我沒有收到包裹。"),
    ("el", "iso-8859-7", "Λάθος χρώμα", "Παρήγγειλα μπλε και ήρθε κόκκινο."),
    ("el", "windows-1253", "Διπλή χρέωση", "Η κάρτα μου χρεώθηκε δύο φορές."),
]


def _synthetic(rng: random.Random, seq: int) -> bytes:
    _lang, charset, subject, body = rng.choice(TEXTS)
    message = EmailMessage()
    message["From"] = f"Customer {seq % 997} <customer{seq % 997}@example.com>"
    message["To"] = "complaints@complaintdesk.localhost"
    message["Subject"] = subject if rng.random() > 0.1 else f"Automatic reply: {subject}"
    if message["Subject"].startswith("Automatic"):
        message["Auto-Submitted"] = "auto-replied"
    message["Message-ID"] = make_msgid(domain="bench.example")
    message.set_content(f"{body}\n\n> quoted history line {seq}", charset=charset)
    return message.as_bytes()


def _corpus_messages() -> list[bytes]:
    folders = [
        CORPORA / "zammad-sample",
        CORPORA / "django-helpdesk",
        CORPORA / "apache-james-mime4j" / "testmsgs",
    ]
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in {".eml", ".msg", ""} and path.name != "SHA256SUMS":
                found.append(path.read_bytes())
    return found


def _unique(raw: bytes, seq: int) -> bytes:
    """Give a corpus message a fresh identity so it is not deduplicated."""
    return f"Message-ID: <bench-{seq}@bench.example>\r\nX-Bench-Seq: {seq}\r\n".encode() + raw


def build(count: int) -> list[bytes]:
    rng = random.Random(7)
    corpus = _corpus_messages()
    return [
        _unique(rng.choice(corpus), i) if corpus and i % 5 == 0 else _synthetic(rng, i)
        for i in range(count)
    ]


def _setup_django() -> None:
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.mkdtemp()) / "email-bench.sqlite3"
        os.environ["COMPLAINTDESK_SQLITE_PATH"] = str(path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "complaintdesk.settings")
    os.environ.setdefault("COMPLAINTDESK_INBOUND_PER_SENDER_HOUR", "1000000")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--json", default="")
    args = parser.parse_args()
    _setup_django()
    from complaintdesk.intake.services import ingest

    messages = build(args.messages)
    outcomes: Counter[str] = Counter()
    timings = []
    started = time.perf_counter()
    for index, raw in enumerate(messages):
        t0 = time.perf_counter()
        outcome = ingest(raw, source=f"bench:{index}")
        timings.append((time.perf_counter() - t0) * 1000)
        outcomes[outcome.kind if outcome.kind != "skipped" else f"skipped:{outcome.reason}"] += 1
    elapsed = time.perf_counter() - started
    timings.sort()
    result = {
        "messages": len(messages),
        "rps": round(len(messages) / elapsed, 1),
        "p50_ms": round(statistics.median(timings), 2),
        "p99_ms": round(timings[int(len(timings) * 0.99) - 1], 2),
        "outcomes": dict(outcomes),
    }
    print(f"email ingestion: {result['messages']} messages in {elapsed:.1f} s on one core")
    print(f"  {result['rps']} messages/s, p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms")
    print(f"  outcomes: {result['outcomes']}")
    if args.json:
        Path(args.json).write_text(json.dumps({"email_ingest": result}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
