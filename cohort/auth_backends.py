"""allauth's backend, cheaper per request for facilitators and editors.

A wrong password is checked once, not by every backend in turn. Django reads a user's
permissions in two queries (her own, her groups') the first time a request asks one, and
Wagtail's userbar asks on every page a facilitator opens; here they are one. The
signed-in user's row comes with her Wagtail profile (theme, language), which the userbar
and the admin read once more otherwise.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q


class LeergangAuthenticationBackend(AuthenticationBackend):
    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is None and credentials.get("password"):
            # The backends after this one (allauth's own, kept for the sessions it signed
            # in, and Django's) would check the same password against the same account:
            # a wrong one costs one hash, not three.
            raise PermissionDenied
        return user

    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = model._default_manager.select_related("wagtail_userprofile").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):  # the attribute ModelBackend keeps them in
            permissions = Permission.objects.all()
            if not user_obj.is_superuser:
                permissions = permissions.filter(Q(user=user_obj) | Q(group__user=user_obj))
            user_obj._perm_cache = {
                f"{app_label}.{codename}" for app_label, codename in
                permissions.values_list("content_type__app_label", "codename").order_by()
            }
        return user_obj._perm_cache
