"""The product's URLs plus the floor views; used only by the benchmark's WSGI module."""

from __future__ import annotations

from typing import cast

from django.urls import URLPattern, URLResolver, path

from complaintdesk import urls as product

from . import floor

urlpatterns: list[URLPattern | URLResolver] = [
    path("bench-floor/insert/", floor.insert),
    path("bench-floor/select/<int:pk>/", floor.select),
    *cast(list[URLPattern | URLResolver], product.urlpatterns),
]
