"""How django-axes names the account a failed log-in was for.

People log in with a username or an e-mail address typed in any case; normalising here makes
"Somchai@DOL.go.th" and "somchai@dol.go.th" count as failures against the same account. The
count is kept whether or not such an account exists, so the lock-out reveals nothing.
"""

from accounts.names import normalise_email


def username_from_request(request, credentials) -> str:
    username = (credentials or {}).get("username")
    if username is None:
        username = request.POST.get("username", "")
    return normalise_email(str(username))[:150]
