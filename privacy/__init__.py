"""Personal data (PDPA): the registry of every app's personal data, data requests, export,
erasure and retention of the records that only serve to run the service."""
