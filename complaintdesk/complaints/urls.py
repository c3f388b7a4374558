from __future__ import annotations

from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("c/<str:reference>/", views.detail, name="detail"),
    path("c/<str:reference>/answer/", views.answer_now, name="answer"),
    path("c/<str:reference>/defer/", views.defer, name="defer"),
    path("c/<str:reference>/transfer/", views.transfer, name="transfer"),
    path("c/<str:reference>/resolve/", views.resolve, name="resolve"),
    path("c/<str:reference>/note/", views.note, name="note"),
    path("c/<str:reference>/status/", views.change_status, name="status"),
    path("c/<str:reference>/coach/", views.coach, name="coach"),
    path(
        "c/<str:reference>/approvals/<int:approval_id>/<str:verdict>/",
        views.decide,
        name="decide",
    ),
]
