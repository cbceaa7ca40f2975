from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Closed sign-up (the account's mail goes out through the notifications app's
    adapter, which builds on this one)."""

    def is_open_for_signup(self, request):
        # Participants arrive by invitation only.
        return False


def axes_username(request, credentials):
    """The account a login attempt is for; allauth passes it as ``email``."""
    # allauth's credential keys can be lazy objects: compare them as strings.
    credentials = {str(key): value for key, value in (credentials or {}).items()}
    value = credentials.get("email") or credentials.get("login") or credentials.get("username")
    if not value and request is not None:
        value = request.POST.get("login", "")
    return (value or "").strip().lower()
