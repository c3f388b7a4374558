#!/usr/bin/env bash
# Regenerate the translation catalogs (en is the source language) and compile them.
# Afterwards translate every new or changed entry in
# complaintdesk/locale/{zh_Hans,zh_Hant,el}/LC_MESSAGES/django.po (no fuzzy entries),
# run this script again to compile, and run complaintdesk/lib/tests/test_translations.py.
set -euo pipefail
cd "$(dirname "$0")/../complaintdesk"
PY=../.venv/bin/python
"$PY" ../manage.py makemessages -l zh_Hans -l zh_Hant -l el --no-obsolete \
  --ignore "*/tests/*" --ignore "*/benchmarking/*"
"$PY" ../manage.py compilemessages -l zh_Hans -l zh_Hant -l el
