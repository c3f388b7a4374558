"""The Jinja2 environment for templates that render long lists (Django's engine
spends most of a list page's time walking its nodes): Django's translations,
URL reversing and localised dates, autoescaped like Django's templates."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone, translation
from jinja2 import Environment


def url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


def local_iso(value: datetime) -> str:
    return timezone.localtime(value).isoformat()


def local_date(value: datetime, fmt: str = "SHORT_DATETIME_FORMAT") -> str:
    return formats.date_format(timezone.localtime(value), fmt)


def environment(**options: Any) -> Environment:
    options.pop("autoescape", None)
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        translation.gettext, translation.ngettext, newstyle=False
    )
    env.globals["url"] = url
    env.filters["local_iso"] = local_iso
    env.filters["local_date"] = local_date
    return env
