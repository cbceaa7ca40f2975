from types import SimpleNamespace

from allauth.core import context as allauth_context

from cohort.adapters import AccountAdapter as CoreAccountAdapter
from cohort.notifications import outbox


class AccountAdapter(CoreAccountAdapter):
    """Account emails (password reset, …) leave through the outbox and Celery."""

    def send_mail(self, template_prefix, email, context):
        # allauth's own send_mail adds the address and the site its templates name; this
        # one replaces it, so it adds them too ("Hallo van Leergang!", not "Hallo van !").
        request = allauth_context.request
        context = {"request": request, "email": email,
                   "current_site": self._site(request), **context}
        # Rendered here, in the request's language; sent after commit by a task.
        message = self.render_mail(template_prefix, email, context)
        outbox.email_queue_message(message)

    def format_email_subject(self, subject):
        return f"[{self._site(allauth_context.request).name}] {subject}"

    @staticmethod
    def _site(request):
        from cohort.context_processors import _site_name

        name = _site_name(request) if request is not None else "Leergang"
        return SimpleNamespace(name=name, domain=request.get_host() if request else "")
