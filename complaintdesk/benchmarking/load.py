"""The load driver: concurrent keep-alive clients (threads, http.client) for a bounded time."""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

WARMUP_REQUESTS = 5


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Stats:
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    first_error: str = ""

    def percentile(self, fraction: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000

    def summary(self) -> dict[str, float | int]:
        return {
            "rps": round(self.requests / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(self.percentile(0.50), 2),
            "p99_ms": round(self.percentile(0.99), 2),
            "requests": self.requests,
            "errors": self.errors,
        }


def _one(conn: http.client.HTTPConnection, request: Request) -> tuple[int, bytes]:
    conn.request(request.method, request.path, body=request.body, headers=request.headers)
    response = conn.getresponse()
    return response.status, response.read()


def _client(
    port: int, make: Callable[[int], Request], expect: int, stop_at: float, stats: Stats, n: int
) -> None:
    """One client: request after request until stop_at; warm-up requests are not counted."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    i = n * 1_000_000
    while time.monotonic() < stop_at:
        i += 1
        started = time.perf_counter()
        try:
            status, body = _one(conn, make(i))
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            status, body = 0, repr(exc).encode()
        elapsed = time.perf_counter() - started
        if i - n * 1_000_000 <= WARMUP_REQUESTS:
            continue
        # Each client owns its Stats; drive() pools them after the threads end.
        stats.requests += 1
        stats.latencies.append(elapsed)
        if status != expect:
            stats.errors += 1
            stats.first_error = stats.first_error or f"{status}: {body[:300]!r}"
    conn.close()


def drive(
    port: int, make: Callable[[int], Request], *, expect: int, seconds: float, clients: int
) -> Stats:
    """Run `clients` threads for `seconds` (after their warm-up) and pool their figures."""
    per_client = [Stats() for _ in range(clients)]
    stop_at = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_client, args=(port, make, expect, stop_at, per_client[n], n))
        for n in range(clients)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = Stats(seconds=time.monotonic() - started)
    for s in per_client:
        total.requests += s.requests
        total.errors += s.errors
        total.latencies += s.latencies
        total.first_error = total.first_error or s.first_error
    return total
