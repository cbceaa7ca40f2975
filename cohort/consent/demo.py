"""Demo quotes for ``seed_demo``: in the live part 1 of the blog series one quote with a
name and one anonymous, both consented; one request for part 2 still waiting for an answer.
Idempotent: an existing consent (any answer) for an author, post and excerpt is kept."""

from cohort.consent import services
from cohort.consent.models import QuoteConsent, excerpt_hash
from cohort.consent.quotes import BLOCK_NAME
from cohort.threads.models import Reflection

# (deelnemerN, excerpt, note, answer, display name, the heading the quote follows)
QUOTES = [
    (3, "Ik dacht dat ik iemand hielp; ik nam vooral een verantwoordelijkheid over.",
     "Deze zin vat de paradox van het te verantwoordelijk voelen in één keer samen.",
     QuoteConsent.Status.ANONYMOUS, "", "Te verantwoordelijk"),
    (7, "Deze maand juist niet: ik liet een actiepunt bewust liggen. Het was spannend, en "
        "de gemeente pakte het twee weken later alsnog op.",
     "Een mooi voorbeeld van op je handen zitten, en van wat het oplevert.",
     QuoteConsent.Status.NAMED, "Ilse", "Op je handen zitten"),
]
PENDING = (5, "Nu zie ik dat de vraag eigenlijk was: wie lost dit voor ons op?",
           "Past bij het speelveld: wie legt welke vraag bij wie neer?")


def _reflection(number):
    return (Reflection.objects.filter(author__email=f"deelnemer{number}@example.org",
                                      status=Reflection.Status.SHARED, deleted_at=None)
            .order_by("pk").first())


def _consent(facilitator, source, excerpt, post, note):
    existing = QuoteConsent.objects.filter(author_id=source.author_id, post=post,
                                           excerpt_hash=excerpt_hash(excerpt)).first()
    if existing is not None:
        return existing, False
    return services.consent_request(user=facilitator, source=source, excerpt=excerpt,
                                    post=post, note=note), True


def seed(ctx):
    from blog.models import BlogPostPage

    posts = BlogPostPage.objects.child_of(ctx.blog).filter(series__isnull=False)
    part1, part2 = posts.get(part_number=1), posts.get(part_number=2)
    facilitator = ctx.facilitator
    quotes = []
    for number, excerpt, note, answer, name, heading in QUOTES:
        source = _reflection(number)
        if source is None:
            continue
        consent, new = _consent(facilitator, source, excerpt, part1, note)
        if new:
            consent = services.consent_decide(user=source.author, consent=consent,
                                              choice=answer, display_name=name)
        quotes.append((consent, heading))
    _place(part1, quotes)
    source = _reflection(PENDING[0])
    if source is not None:
        _consent(facilitator, source, PENDING[1], part2, PENDING[2])


def _place(post, quotes):
    """Each quote after the section its heading opens; the post published again."""
    page = post.get_latest_revision_as_object()
    if any(child.block_type == BLOCK_NAME for child in page.body) or not quotes:
        return
    body = [(child.block_type, child.value) for child in page.body]
    for consent, heading in quotes:
        at = next((i for i, (kind, value) in enumerate(body)
                   if kind == "heading" and value["text"] == heading), None)
        at = len(body) if at is None else at + 2  # after the heading and its paragraph
        body.insert(at, (BLOCK_NAME, {"consent": consent, "text": ""}))
    page.body = body
    page.save_revision().publish()
