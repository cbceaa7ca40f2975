from allauth.account.adapter import DefaultAccountAdapter

from cohort import services


class AccountAdapter(DefaultAccountAdapter):
    """Closed sign-up; account emails leave through the outbox and Celery."""

    def is_open_for_signup(self, request):
        # Participants arrive by invitation only.
        return False

    def send_mail(self, template_prefix, email, context):
        # Rendered here, in the request's language; sent after commit by a task.
        message = self.render_mail(template_prefix, email, context)
        services.email_queue_message(message)


def axes_username(request, credentials):
    """The account a login attempt is for; allauth passes it as ``email``."""
    # allauth's credential keys can be lazy objects: compare them as strings.
    credentials = {str(key): value for key, value in (credentials or {}).items()}
    value = credentials.get("email") or credentials.get("login") or credentials.get("username")
    if not value and request is not None:
        value = request.POST.get("login", "")
    return (value or "").strip().lower()
