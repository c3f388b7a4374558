from __future__ import annotations

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("new/", views.new_complaint, name="new"),
    path("mine/", views.my_complaints, name="mine"),
    path("t/<str:token>/", views.track, name="track"),
    path("t/<str:token>/reply/", views.reply, name="reply"),
    path("t/<str:token>/rate/", views.rate, name="rate"),
]
