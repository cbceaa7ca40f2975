from django import template

from cohort.notifications.delivery import sentence

register = template.Library()


@register.simple_tag
def notification_sentence(notification):
    """"Sanne de Wit shared a new case: “…”" (escaped by the template engine)."""
    return sentence(notification)
