"""The transactional outbox: Celery tasks written in the business transaction, published
after the commit, relayed when the broker was down, delivered once (see outbox.messages)."""
