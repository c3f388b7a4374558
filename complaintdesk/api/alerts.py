"""/api/v1/alerts: your own alerts (promises at risk or broken, deadlines at risk or
missed), and marking them read."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router
from ninja.params import functions as param

from complaintdesk.complaints.selectors import keyset_page
from complaintdesk.sla import alerts, selectors
from complaintdesk.sla.models import Alert

from .schemas import AlertOut, AlertPage, AlertsMarkedOut

router = Router(tags=["alerts"])


def alert_out(alert: Alert) -> dict[str, Any]:
    return {
        "id": alert.pk,
        "kind": alert.kind,
        "complaint": alert.complaint.reference,
        "text": alert.text,
        "created_at": alert.created_at,
        "read_at": alert.read_at,
    }


@router.get("/alerts", response=AlertPage)
def list_alerts(
    request: HttpRequest,
    unread: bool = True,
    limit: int = param.Query(50, ge=1, le=200),
    cursor: str = "",
) -> dict[str, Any]:
    """Your alerts, newest first: only unread ones unless `unread=false`."""
    found = selectors.alerts_for(request.user, unread_only=unread)
    page, next_cursor = keyset_page(found, limit=limit, cursor=cursor)
    return {"items": [alert_out(a) for a in page], "next_cursor": next_cursor}


@router.post("/alerts/read-all", response=AlertsMarkedOut)
def read_all_alerts(request: HttpRequest) -> dict[str, int]:
    """Mark all your unread alerts read; how many there were."""
    return {"marked": alerts.mark_all_alerts_read(request.user)}


@router.post("/alerts/{alert_id}/read", response=AlertOut)
def read_alert(request: HttpRequest, alert_id: int) -> dict[str, Any]:
    """Mark one of your alerts read; another's answers 404."""
    alert = alerts.mark_alert_read(request.user, alert_id)
    if alert is None:
        raise Http404("No such alert")
    return alert_out(alert)
