from cohort.adapters import AccountAdapter as CoreAccountAdapter
from cohort.notifications import outbox


class AccountAdapter(CoreAccountAdapter):
    """Account emails (password reset, …) leave through the outbox and Celery."""

    def send_mail(self, template_prefix, email, context):
        # Rendered here, in the request's language; sent after commit by a task.
        message = self.render_mail(template_prefix, email, context)
        outbox.email_queue_message(message)
