from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from complaintdesk.api.urls import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", RedirectView.as_view(pattern_name="portal:new", permanent=False)),
    path("accounts/", include("complaintdesk.accounts.urls")),
    path("desk/", include("complaintdesk.complaints.urls")),
    path("c/", include("complaintdesk.customers.urls")),
]
