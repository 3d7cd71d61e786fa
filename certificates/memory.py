"""Memory of long-lived worker processes: keep what start-up loads out of the collector's way.

Django, Wagtail and WeasyPrint leave ~215,000 long-lived objects that every full garbage
collection walks again. A Celery worker freezes them once it is ready (the signals are connected
in :mod:`lms.celery`); a full collection then walks only what was created since, a few
milliseconds, cheap enough to run after each certificate
(:func:`certificates.issuing.render_design`) and keep memory flat. It lives here because the
certificates are what it is for: the renders' reference cycles.
"""

import gc

# Remembered here: gc.get_freeze_count() walks the whole frozen list (~25 ms) on every call.
_frozen = False


def freeze_start_up_objects(**signal_kwargs) -> None:
    """Collect, then freeze everything alive: the process's start-up state."""
    global _frozen
    gc.collect()
    gc.freeze()
    _frozen = True


def unfreeze() -> None:
    global _frozen
    gc.unfreeze()
    _frozen = False


def collect_if_frozen() -> None:
    """A full collection, where start-up objects are frozen and it is cheap; else nothing."""
    if _frozen:
        gc.collect()
