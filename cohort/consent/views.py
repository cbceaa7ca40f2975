"""Asking, answering and withdrawing consent to quote. Reads start from
``permissions.visible_consents``; writes go through ``cohort.consent.services``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cohort import permissions
from cohort.consent import services
from cohort.consent.forms import DecisionForm, RequestForm
from cohort.consent.models import QuoteConsent
from cohort.converters import parse_id


def _source(request):
    """The shared reflection or visible comment named by ``?reflectie=`` / ``?reactie=``,
    if the user facilitates its edition."""
    data = request.POST if request.method == "POST" else request.GET
    comment_id, reflection_id = parse_id(data.get("reactie")), parse_id(data.get("reflectie"))
    if comment_id:
        source = (permissions.visible_comments(request.user)
                  .select_related("thread", "author").filter(pk=comment_id,
                                                             deleted_at__isnull=True,
                                                             hidden_at__isnull=True).first())
        cohort_id = source.thread.cohort_id if source else None
    elif reflection_id:
        source = (permissions.visible_reflections(request.user)
                  .select_related("author").filter(pk=reflection_id, status="shared",
                                                   deleted_at__isnull=True).first())
        cohort_id = source.cohort_id if source else None
    else:
        source = cohort_id = None
    if source is None or cohort_id not in permissions.facilitated_cohort_ids(request.user):
        raise Http404
    return source


@login_required
def consent_request(request):
    from blog.models import BlogPostPage

    source = _source(request)
    posts = list(BlogPostPage.objects.order_by("-latest_revision_created_at", "-pk")[:100])
    form = RequestForm(request.POST or None, posts=posts,
                       initial={"excerpt": services.source_text(source)})
    if request.method == "POST" and form.is_valid():
        try:
            consent = services.consent_request(
                user=request.user, source=source, excerpt=form.cleaned_data["excerpt"],
                post=form.cleaned_data["post"], note=form.cleaned_data["note"])
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Your request is sent. %(name)s decides; you will be "
                                        "told the answer.") % {
                "name": source.author.get_display_name()})
            return redirect(consent.get_absolute_url())
    return render(request, "consent/request.html", {
        "form": form, "source": source, "is_comment": hasattr(source, "thread_id"),
    }, status=400 if form.errors else 200)


def _consent_or_404(user, pk) -> QuoteConsent:
    consent = (permissions.visible_consents(user)
               .select_related("post", "author", "requested_by", "cohort").filter(pk=pk)
               .first())
    if consent is None:
        raise Http404
    return consent


@login_required
def consent_detail(request, pk):
    from cohort.notifications import services as notification_services

    consent = _consent_or_404(request.user, pk)
    notification_services.subject_read(user=request.user, subject_key=f"consent:{consent.pk}")
    is_author = consent.author_id == request.user.pk
    form = None
    if is_author and consent.status == QuoteConsent.Status.PENDING:
        form = DecisionForm(request.POST or None,
                            initial={"display_name": consent.author.first_name})
        if request.method == "POST" and form.is_valid():
            try:
                services.consent_decide(user=request.user, consent=consent,
                                        choice=form.cleaned_data["choice"],
                                        display_name=form.cleaned_data["display_name"],
                                        message=form.cleaned_data["message"])
            except ValidationError as error:
                for field, errors in getattr(error, "message_dict", {None: error.messages}
                                             ).items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Thank you: your answer is saved. You can "
                                            "withdraw it at any time."))
                return redirect(consent.get_absolute_url())
    elif request.method == "POST":
        raise Http404
    return render(request, "consent/detail.html", {
        "consent": consent, "is_author": is_author, "form": form,
        "events": list(consent.events.select_related("actor")),
    }, status=400 if form is not None and form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request, pk):
    consent = _consent_or_404(request.user, pk)
    if request.method == "GET":  # an old link or a reload: the page with the button
        return redirect(consent.get_absolute_url())
    try:
        services.consent_withdraw(user=request.user, consent=consent)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("Your consent is withdrawn. The quote goes from the blog, "
                                "and the facilitator is told."))
    return redirect(consent.get_absolute_url())


@login_required
def consent_list(request):
    consents = (permissions.visible_consents(request.user)
                .select_related("post", "author", "cohort"))
    mine = [c for c in consents if c.author_id == request.user.pk]
    others = [c for c in consents if c.author_id != request.user.pk]
    return render(request, "consent/list.html", {"mine": mine, "others": others})




def my_leergang_panel(user, cohorts) -> dict:
    """Mijn leergang: requests to quote the member's words that wait for an answer, and the
    way to every consent they gave (to withdraw one). Nothing for an edition without."""
    statuses: dict[int, list] = {}
    for cohort_id, status in QuoteConsent.objects.filter(
            author=user, cohort_id__in=[cohort.pk for cohort in cohorts]
    ).values_list("cohort_id", "status"):
        statuses.setdefault(cohort_id, []).append(status)
    return {cohort.pk: ("consent/my_leergang_panel.html", {
        "cohort": cohort, "waiting": statuses[cohort.pk].count(QuoteConsent.Status.PENDING),
        "given": sum(1 for status in statuses[cohort.pk] if status in QuoteConsent.GIVEN),
    }) for cohort in cohorts if cohort.pk in statuses}
