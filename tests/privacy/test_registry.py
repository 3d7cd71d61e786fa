"""Every model that holds a person's data has export and erasure handling in the privacy.py of its app."""

from django.apps import apps

from privacy import registry


def _unregistered_without(label):
    """What ``unregistered_models`` reports while ``label``'s handler is taken away."""
    original = registry._registry.pop(label)
    try:
        return registry.unregistered_models()
    finally:
        registry._registry[label] = original


def test_every_model_holding_personal_data_has_a_privacy_handler():
    missing = registry.unregistered_models()

    assert not missing, "\n\n".join(missing)


def test_historical_models_are_walked_too():
    labels = {model._meta.label_lower for model in apps.get_models()}

    assert "certificates.historicalcertificate" in labels
    assert registry.personal_data_fields(apps.get_model("certificates.historicalcertificate"))


def test_the_registry_names_a_new_unregistered_model_and_says_what_to_add():
    missing = _unregistered_without("courses.enrollment")

    assert len(missing) == 1
    assert missing[0].startswith("courses.enrollment holds personal data (fields: learner")
    assert 'register("courses.enrollment",' in missing[0]
    assert "courses/privacy.py" in missing[0]


def test_every_registered_label_is_a_real_model():
    for label in registry._registry:
        assert apps.get_model(label) is not None, label


def test_queued_e_mails_are_personal_data_that_the_registry_requires_a_handler_for():
    outbox_message = apps.get_model("outbox.outboxmessage")
    assert "recipient" in registry.personal_data_fields(outbox_message)

    missing = _unregistered_without("outbox.outboxmessage")

    assert len(missing) == 1
    assert missing[0].startswith("outbox.outboxmessage holds personal data")
    assert "recipient" in missing[0]
    assert "outbox/privacy.py" in missing[0]
