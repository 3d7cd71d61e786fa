"""The personal data of the project layer's models (PDPA; registry in privacy.registry)."""

from django.apps import apps

from privacy.registry import anonymised_link, delete, of_person, register, rows

register(
    "lms.outboxmessage",
    # What was sent to them; never the body (it is in their mailbox) or another
    # recipient's message about them (it names that recipient).
    export=rows(
        lambda person: apps.get_model("lms.outboxmessage").objects.to(person),
        ["subject", "status", "created_at", "delivered_at"],
    ),
    # Deleting an unsent message also cancels it: the relay finds no row to publish, and a
    # worker already holding it finds no delivery to claim (lms.outbox.claim_delivery).
    erase=delete(lambda person: apps.get_model("lms.outboxmessage").objects.naming(person)),
)
register(
    "lms.datarequest",
    export=rows(
        of_person("lms.datarequest", "person"),
        ["kind", "status", "reason", "requested_at", "handled_at"],
    ),
    erase=anonymised_link("the record of this very request, kept as evidence"),
)
