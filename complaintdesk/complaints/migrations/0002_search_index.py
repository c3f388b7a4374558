from __future__ import annotations

from typing import Any

from django.db import migrations


def create_search_index(apps: Any, schema_editor: Any) -> None:
    from complaintdesk.complaints.search import create_schema

    create_schema(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]

    operations = [migrations.RunPython(create_search_index, migrations.RunPython.noop)]
