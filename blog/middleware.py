"""Turns a refused publication (``blog.publishing.PublishRefused``) anywhere in the admin
into its message, instead of an error page: workflow approvals, copies, the admin API."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse


class PublishRefusedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from blog.publishing import PublishRefused

        if not isinstance(exception, PublishRefused):
            return None
        text = exception.messages[0]
        if request.path.startswith("/admin/api/"):
            return JsonResponse({"message": text}, status=400)
        messages.error(request, text)
        page = exception.page
        target = reverse("wagtailadmin_pages:edit", args=[page.pk]) if page.pk else \
            reverse("wagtailadmin_home")
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            # A modal (e.g. "approve with comment"): its "success" step goes to ``redirect``.
            from wagtail.admin.modal_workflow import render_modal_workflow

            return render_modal_workflow(request, None, None, None,
                                         json_data={"step": "success", "redirect": target})
        return redirect(target)
