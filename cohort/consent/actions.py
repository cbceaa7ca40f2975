def moderator_actions(user, kind):
    """The facilitator's "ask consent to quote" under a comment or a reflection."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    param = "reactie" if kind == "comment" else "reflectie"
    return [(_("Ask consent to quote"), f"{reverse('consent:request')}?{param}={{pk}}")]
