"""Finding and creating customers."""

from __future__ import annotations

from complaintdesk.intake.email.addresses import base_address
from complaintdesk.lib import rows

from .models import Customer, Language


def find_or_create_customer(
    *,
    name: str = "",
    email: str = "",
    phone: str = "",
    external_id: str = "",
    organisation: str = "",
    language: str = "",
) -> Customer:
    """Match by external id, then by address (case-insensitive, plus-addressing aware).

    New details fill blanks on an existing customer; they never overwrite.
    """
    customer = None
    if external_id:
        customer = rows.select_first(Customer, "external_id = %s", [external_id])
    if customer is None and email:
        exact = email.strip().lower()
        customer = rows.select_first(
            Customer, "lower(email) IN (%s, %s)", [exact, base_address(exact)]
        )
    if customer is None:
        customer = Customer(
            name=name,
            email=email.strip(),
            phone=phone,
            external_id=external_id,
            organisation=organisation,
            preferred_language=language if language in Language.values else Language.EN,
        )
        rows.insert([customer])
        return customer
    changed = []
    for field, value in (
        ("name", name),
        ("phone", phone),
        ("external_id", external_id),
        ("organisation", organisation),
        ("email", email.strip()),
    ):
        if value and not getattr(customer, field):
            setattr(customer, field, value)
            changed.append(field)
    if changed:
        customer.save(update_fields=changed)
    return customer
