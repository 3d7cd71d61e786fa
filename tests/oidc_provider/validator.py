"""The claims of each test persona, and the ways a persona's provider may misbehave.

OIDC_TEST_PERSONAS names a JSON object: username -> {"password", "claims": {...},
"audience": "..." (the ID token says it is for another client), "expires_in": -3600 (the ID
token has expired already)}. "sub" and any claim given replace the provider's own.
"""

import json
import os
from pathlib import Path

from oauth2_provider.oauth2_validators import OAuth2Validator


def personas() -> dict:
    return json.loads(Path(os.environ["OIDC_TEST_PERSONAS"]).read_text())


class PersonaValidator(OAuth2Validator):
    # Every claim of the persona goes in the ID token, whatever the scope (ThaID's pid has none).
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        return personas()[request.user.username].get("claims", {})

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        persona = personas()[request.user.username]
        if "expires_in" in persona:
            claims["exp"] = int(claims["auth_time"]) + persona["expires_in"]
        return claims, expiration_time

    def finalize_id_token(self, id_token, token, token_handler, request):
        persona = personas()[request.user.username]
        if "audience" in persona:
            id_token["aud"] = persona["audience"]
        return super().finalize_id_token(id_token, token, token_handler, request)
