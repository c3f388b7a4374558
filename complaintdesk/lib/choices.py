"""Select fields over short lists of rows (teams, staff, categories)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator


class _ReadOnce(ModelChoiceIterator):
    # Django reads choices through QuerySet.iterator(), which on PostgreSQL is a
    # server-side cursor: three round trips (DECLARE, FETCH, CLOSE) for every
    # select on a page. A short list is better read with one plain query.
    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ShortListChoiceField(forms.ModelChoiceField[Any]):
    """A ModelChoiceField for a list short enough to read in one query."""

    iterator = _ReadOnce
