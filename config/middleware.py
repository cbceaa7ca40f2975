from django.conf import settings


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
