"""Django for a benchmark run as a script from the repository root (`python benchmarks/<name>.py`).

A benchmark calls `setup_django()` first thing in main() and imports the project's modules after
it, inside its functions: they need the repository on the path and Django set up, so none is
imported at the top of the script. `DJANGO_SETTINGS_MODULE` in the environment wins over the
default given.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(settings: str = "lms.settings.test") -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    import django

    django.setup()
