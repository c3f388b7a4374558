"""WSGI entry point for benchmarks: the product plus the floor views.

The product's settings and urls stay untouched; only this process serves the
floor, by pointing ROOT_URLCONF at benchmarking.urls after start-up.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "complaintdesk.settings")
application = get_wsgi_application()
settings.ROOT_URLCONF = "complaintdesk.benchmarking.urls"
