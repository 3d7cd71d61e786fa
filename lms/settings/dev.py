"""Local development and `make demo`: works with no configuration at all."""

from lms.env import env_bool, env_str

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = env_bool("DEBUG", True)
# A development-only key; production refuses to start without its own SECRET_KEY.
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-not-for-production")  # noqa: S105
OIDC_CITIZEN_ID_HASH_KEY = env_str("OIDC_CITIZEN_ID_HASH_KEY", "dev-only-citizen-id-key")  # noqa: S105

VAR_DIR.mkdir(parents=True, exist_ok=True)
# Two-factor authentication for the admin is on, as in production; a local demo may switch it
# off with ADMIN_REQUIRE_TWO_FACTOR=0 (production ignores the variable).
ADMIN_REQUIRE_TWO_FACTOR = env_bool("ADMIN_REQUIRE_TWO_FACTOR", True)
