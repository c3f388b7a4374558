"""Mapping definitions: how a CSV row becomes a complaint.

A mapping is TOML (the built-in `cfpb` ships next to this module):
- `[fields]`: complaint field -> template, `{Column}` replaced by the cell; a list of
  templates means "the first one whose columns are all non-blank";
- `[values.<field>]`: translate a rendered value (e.g. "Postal mail" -> "letter");
  a value missing from the table makes the row invalid;
- `required`: columns that must be non-blank; `date_format`, `encoding`, `delimiter`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

BUILT_IN = {"cfpb": Path(__file__).with_name("cfpb.toml")}

FIELDS = frozenset(
    {
        "reference",
        "subject",
        "description",
        "expectation",
        "product",
        "order_ref",
        "created_at",
        "channel",
        "status",
        "outcome",
        "priority",
        "language",
        "team",
        "category",
        "customer_name",
        "customer_email",
        "customer_phone",
        "customer_external_id",
    }
)
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


class MappingError(ValueError):
    """The mapping itself is unusable (unknown field, unreadable file, missing column)."""


@dataclass(frozen=True)
class Mapping:
    name: str
    fields: dict[str, tuple[str, ...]]
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    date_format: str = "%Y-%m-%d"
    encoding: str = "utf-8"
    delimiter: str = ","

    def columns(self) -> set[str]:
        """Every column a template or `required` names."""
        named = {c for ts in self.fields.values() for t in ts for c in _PLACEHOLDER.findall(t)}
        return named | set(self.required)

    def check_header(self, header: list[str]) -> None:
        """Raise MappingError when the file lacks a column the mapping uses."""
        missing = sorted(self.columns() - set(header))
        if missing:
            raise MappingError(f"The file has no column(s) {', '.join(missing)}")

    @cached_property
    def _templates(self) -> dict[str, list[_Template]]:
        return {name: [_Template.parse(t) for t in ts] for name, ts in self.fields.items()}

    @cached_property
    def _used_columns(self) -> tuple[str, ...]:
        return tuple({c: None for ts in self._templates.values() for t in ts for c in t.columns})

    def render(self, row: dict[str, str]) -> dict[str, str]:
        """Field -> value for one row (untranslated; `translate` applies `values`)."""
        cells = {column: row.get(column, "").strip() for column in self._used_columns}
        return {name: _first_filled(ts, cells) for name, ts in self._templates.items()}

    def translate(self, name: str, value: str) -> str | None:
        """The value after the mapping's `[values.name]` table; None when not listed."""
        table = self.values.get(name)
        if table is None:
            return value
        return table.get(value)


@dataclass(frozen=True)
class _Template:
    """A template parsed once: its columns, and a str.format pattern to fill with them."""

    columns: tuple[str, ...]
    pattern: str

    @classmethod
    def parse(cls, template: str) -> _Template:
        pieces = _PLACEHOLDER.split(template)  # literal, column, literal, ..., literal
        literals = [p.replace("{", "{{").replace("}", "}}") for p in pieces[::2]]
        slots = [f"{{{i}}}" for i in range(len(literals) - 1)] + [""]
        return cls(tuple(pieces[1::2]), "".join(map(str.__add__, literals, slots)))

    def fill(self, cells: dict[str, str]) -> str | None:
        """The rendered template, or None when one of its columns is blank."""
        if self.pattern == "{0}":  # the common "{Column}": the (stripped) cell itself
            return cells[self.columns[0]] or None
        values = [cells[c] for c in self.columns]
        return self.pattern.format(*values).strip() if all(values) else None


def _first_filled(templates: list[_Template], cells: dict[str, str]) -> str:
    for template in templates:
        value = template.fill(cells)
        if value is not None:
            return value
    return ""


def _as_templates(name: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise MappingError(f"fields.{name} must be a template or a list of templates")


def mapping_from_dict(data: dict[str, Any], name: str = "custom") -> Mapping:
    """Build and check a Mapping from parsed TOML."""
    raw_fields = data.get("fields", {})
    unknown = sorted(set(raw_fields) - FIELDS)
    if unknown:
        raise MappingError(f"Unknown field(s) in mapping: {', '.join(unknown)}")
    for needed in ("subject", "created_at"):
        if needed not in raw_fields:
            raise MappingError(f"The mapping must give fields.{needed}")
    values = {k: {str(a): str(b) for a, b in v.items()} for k, v in data.get("values", {}).items()}
    return Mapping(
        name=str(data.get("name", name)),
        fields={k: _as_templates(k, v) for k, v in raw_fields.items()},
        values=values,
        required=tuple(data.get("required", ())),
        date_format=str(data.get("date_format", "%Y-%m-%d")),
        encoding=str(data.get("encoding", "utf-8")),
        delimiter=str(data.get("delimiter", ",")),
    )


def load_mapping(name_or_path: str) -> Mapping:
    """A built-in mapping by name (`cfpb`) or a TOML file by path."""
    path = BUILT_IN.get(name_or_path, Path(name_or_path))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise MappingError(f"Cannot read mapping {name_or_path!r}: {exc}") from exc
    return mapping_from_dict(data, name=path.stem)
