from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class AdminContentSecurityPolicyMiddleware:
    """Give the Wagtail admin its looser policy; the public site keeps the strict one.

    Sits inside Django's CSP middleware, which reads ``response._csp_config``
    (https://docs.djangoproject.com/en/6.1/ref/csp/).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response._csp_config = settings.ADMIN_CSP
        return response


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Dutch unless the person chose another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language; the
    product is Dutch first (DESIGN.md), so only the language cookie counts.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
