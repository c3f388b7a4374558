"""Domain errors raised by services; interfaces turn them into 4xx answers."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base class: a rule refused the request and nothing was written."""


class InvalidInput(DomainError):
    """A field is missing or wrong. `field` is the name the caller used."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class TransitionNotAllowed(DomainError):
    def __init__(self, current: str, target: str, allowed: tuple[str, ...]) -> None:
        super().__init__(f"Cannot move a complaint from {current} to {target}")
        self.current = current
        self.target = target
        self.allowed = allowed


class NeedsApproval(DomainError):
    """The remedies exceed the handler's authority; an approval request is open."""

    def __init__(self, approval_id: int) -> None:
        super().__init__("needs_approval")
        self.approval_id = approval_id


class NotAllowed(DomainError):
    """The actor may see the complaint but not do this to it."""


class ReplyBlocked(DomainError):
    """The reply coach blocked the text; it may be sent only with an override reason."""

    def __init__(self, findings: list[dict[str, Any]]) -> None:
        super().__init__("reply_blocked")
        self.findings = findings
