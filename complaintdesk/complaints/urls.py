from __future__ import annotations

from django.urls import path

from . import actions, views

app_name = "complaints"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("supervision/", views.supervision, name="supervision"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<int:alert_id>/read/", views.read_alert, name="read_alert"),
    path("alerts/read-all/", views.read_all_alerts, name="read_all_alerts"),
    path("bulk/", actions.bulk, name="bulk"),
    path("c/<str:reference>/", views.detail, name="detail"),
    path("c/<str:reference>/coach/", views.coach, name="coach"),
    path("c/<str:reference>/presence/", views.presence, name="presence"),
    path("c/<str:reference>/answer/", actions.answer_now, name="answer"),
    path(
        "c/<str:reference>/attachments/<int:attachment_id>/",
        views.attachment,
        name="attachment",
    ),
    path("c/<str:reference>/defer/", actions.defer, name="defer"),
    path("c/<str:reference>/transfer/", actions.transfer, name="transfer"),
    path("c/<str:reference>/resolve/", actions.resolve, name="resolve"),
    path("c/<str:reference>/note/", actions.note, name="note"),
    path("c/<str:reference>/status/", actions.change_status, name="status"),
    path("c/<str:reference>/escalate/", actions.escalate, name="escalate"),
    path("c/<str:reference>/promises/<int:promise_id>/kept/", actions.keep, name="keep"),
    path(
        "c/<str:reference>/promises/<int:promise_id>/renegotiate/",
        actions.renegotiate,
        name="renegotiate",
    ),
    path(
        "c/<str:reference>/approvals/<int:approval_id>/<str:verdict>/",
        actions.decide,
        name="decide",
    ),
]
