from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Closed sign-up (the account's mail goes out through the notifications app's
    adapter, which builds on this one)."""

    def is_open_for_signup(self, request):
        # Participants arrive by invitation only.
        return False

    def get_client_ip(self, request):
        # allauth's own rate limits count per client: the one address config.client_ip
        # reads for axes and the blog too (behind a proxy, not the proxy's address).
        from config.client_ip import client_ip

        return client_ip(request)


def axes_username(request, credentials):
    """The account a login attempt is for; allauth passes it as ``email``."""
    # allauth's credential keys can be lazy objects: compare them as strings.
    credentials = {str(key): value for key, value in (credentials or {}).items()}
    value = credentials.get("email") or credentials.get("login") or credentials.get("username")
    if not value and request is not None:
        value = request.POST.get("login", "")
    return (value or "").strip().lower()
