"""The StreamField block library: previews render, hostile input is escaped, values round-trip."""

import json
from pathlib import Path

import pytest
import wagtail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.loader import get_template
from django.utils import translation
from wagtail.blocks import StructBlockValidationError
from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from blocks.learning import (
    CaseAssignmentBlock,
    InterventionCardBlock,
    LearningGoalsBlock,
    ReflectionPromptBlock,
    RoleCardsBlock,
    SessionAgendaBlock,
)
from blocks.media import ImageBlock, ResourceBlock, VideoBlock
from blocks.streams import BaseStreamBlock, BlogStreamBlock, ProgrammeStreamBlock
from blocks.text import HeadingBlock, ParagraphBlock, QuoteBlock

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
ICON_DIR = Path(wagtail.__file__).parent / "admin/templates/wagtailadmin/icons"
YOUTUBE_URL = "https://www.youtube.com/watch?v=leergang01"


@pytest.fixture(autouse=True)
def _english():
    # Assertions use the English msgids, whatever the Dutch catalogue holds.
    with translation.override("en"):
        yield


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def image(media_root):
    return get_image_model().objects.create(
        title="Kring", file=get_test_image_file(filename="kring.png")
    )


@pytest.fixture
def document(media_root):
    document = get_document_model()(title="Werkvorm")
    document.file.save("werkvorm.txt", ContentFile(b"Een werkvorm voor intervisie."))
    document.save()
    return document


@pytest.fixture
def youtube_embed():
    """A stored oEmbed answer, so rendering never goes to the network."""
    return Embed.objects.create(
        url=YOUTUBE_URL,
        hash=get_embed_hash(YOUTUBE_URL),
        type="video",
        html=(
            '<iframe width="200" height="113" '
            'src="https://www.youtube.com/embed/leergang01?feature=oembed" '
            'title="Partneroverleg" allowfullscreen></iframe>'
        ),
        provider_name="YouTube",
        width=200,
        height=113,
    )


def render_preview(block):
    return str(block.render(block.get_preview_value()))


# --- Every block renders its own preview ------------------------------------------------------


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (HeadingBlock(), ["<h2>Waar gaat dit blok over?</h2>"]),
        (ParagraphBlock(), ['<div class="rich-text">', "<b>nadruk</b>"]),
        (
            QuoteBlock(),
            [
                '<figure class="block block--quote">',
                "<blockquote",
                "de regie moest houden",
                "<cite>",
            ],
        ),
        (
            VideoBlock(),
            [
                '<figure class="block block--video">',
                "The video will appear here.",
                "eerste partnerbijeenkomst",
                'href="https://www.example.org/transcript-partnerbijeenkomst"',
            ],
        ),
        (
            ResourceBlock(),
            [
                "block--resource-link",
                '<a href="https://www.example.org/handreiking-partneroverleg">',
                "Handreiking voor het eerste partneroverleg",
                "External link",
            ],
        ),
        (
            LearningGoalsBlock(),
            ["<h2", "Learning goals", "<ul", "<li>een lastig moment uit je eigen praktijk"],
        ),
        (RoleCardsBlock(), ["<ul", "Procesbegeleider", "Kwartiermaker", "Verbinder"]),
        (
            InterventionCardBlock(),
            [
                "block--intervention",
                "Op je handen zitten",
                "<dt>When to use</dt>",
                "<dt>Pitfalls</dt>",
            ],
        ),
        (
            ReflectionPromptBlock(),
            [
                "block--reflection-prompt",
                "Op welk moment deze maand",
                "Post your own reflection first",
            ],
        ),
        (
            CaseAssignmentBlock(),
            [
                "Breng een lastig moment mee",
                "<li>wat jij deed;</li>",
                "Bring your case to session 3.",
            ],
        ),
        (SessionAgendaBlock(), ["<ol", "09:30", "Casusbespreking in trio’s", "Eén inbrenger"]),
    ],
    ids=lambda value: type(value).__name__ if not isinstance(value, list) else "",
)
def test_preview_value_renders(block, expected):
    html = render_preview(block)
    for fragment in expected:
        assert fragment in html


def test_preview_value_survives_to_python():
    # The preview values are stored-form data: to_python accepts them as they are.
    for block in ProgrammeStreamBlock().child_blocks.values():
        if isinstance(block, ImageBlock):
            continue  # needs an image id; covered by test_image_block_renders_figure_with_alt
        assert block.render(block.to_python(block.meta.preview_value))


def test_image_preview_uses_newest_image(image):
    html = render_preview(ImageBlock())
    assert '<figure class="block block--image">' in html
    assert 'alt="Deelnemers zitten in een kring en bespreken een casus."' in html
    assert "<figcaption" in html


def test_image_preview_without_images_shows_placeholder():
    html = render_preview(ImageBlock())
    assert "The image will appear here." in html
    assert "<img" not in html


def test_image_block_renders_figure_with_alt(image):
    block = ImageBlock()
    value = block.to_python({"image": image.pk, "alt": "Een flip-over vol post-its", "caption": ""})
    html = str(block.render(value))
    assert "<figure" in html
    assert 'alt="Een flip-over vol post-its"' in html
    assert 'loading="lazy"' in html
    assert "<figcaption" not in html


def test_image_alt_is_escaped(image):
    block = ImageBlock()
    value = block.to_python({"image": image.pk, "alt": f'"{HOSTILE}', "caption": HOSTILE})
    html = str(block.render(value))
    assert "<script>" not in html
    assert ESCAPED in html


# --- Meta: the admin picker and previews need all of it ---------------------------------------


@pytest.mark.parametrize("stream", [ProgrammeStreamBlock, BlogStreamBlock, BaseStreamBlock])
def test_every_child_block_declares_its_meta(stream):
    for name, block in stream().child_blocks.items():
        assert (ICON_DIR / f"{block.meta.icon}.svg").exists(), name
        assert block.meta.icon != "placeholder", name
        assert block.meta.template == f"blocks/{_snake(type(block).__name__)}.html", name
        get_template(block.meta.template)
        assert str(block.meta.label), name
        assert str(block.get_description()), name
        assert getattr(block.meta, "preview_value", None), name
        assert block.is_previewable, name


def test_block_preview_page_loads_the_site_stylesheet(rf):
    block = QuoteBlock()
    value = block.get_preview_value()
    context = {
        "request": rf.get("/"),
        "block_def": block,
        "bound_block": block.bind(value),
        "page_title": "Preview",
    }
    html = get_template(block.get_preview_template(value, context)).render(context)
    assert "css/site.css" in html
    assert "<blockquote" in html


def test_stream_blocks_have_labels():
    assert str(ProgrammeStreamBlock().meta.label) == "Programme content"
    assert str(BlogStreamBlock().meta.label) == "Blog content"


def test_blog_stream_offers_only_blog_blocks():
    assert set(BlogStreamBlock().child_blocks) == {
        "heading",
        "paragraph",
        "quote",
        "image",
        "video",
        "resource",
        "intervention",
        "role_cards",
        "leergang_quote",
    }


def _snake(name):
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


# --- Hostile input is escaped ------------------------------------------------------------------


def test_quote_escapes_markup():
    block = QuoteBlock()
    html = str(
        block.render(block.to_python({"quote": HOSTILE, "attribution": HOSTILE, "role": HOSTILE}))
    )
    assert "<script>" not in html
    assert html.count(ESCAPED) == 3


def test_role_name_escapes_markup():
    block = RoleCardsBlock()
    value = block.to_python({"intro": "", "roles": [{"name": HOSTILE, "line": HOSTILE}]})
    html = str(block.render(value))
    assert "<script>" not in html
    assert ESCAPED in html


@pytest.mark.parametrize(
    ("block", "raw"),
    [
        (
            InterventionCardBlock(),
            {"name": HOSTILE, "when_to_use": HOSTILE, "how": HOSTILE, "pitfalls": HOSTILE},
        ),
        (
            SessionAgendaBlock(),
            {"entries": [{"time": HOSTILE, "item": HOSTILE, "detail": HOSTILE}]},
        ),
        (
            ResourceBlock(),
            {
                "title": HOSTILE,
                "description": HOSTILE,
                "document": None,
                "url": "https://example.org/",
            },
        ),
        (
            ReflectionPromptBlock(),
            {"question": HOSTILE, "guidance": HOSTILE, "post_before_seeing_peers": False},
        ),
    ],
    ids=["intervention", "agenda", "resource", "reflection"],
)
def test_other_blocks_escape_markup(block, raw):
    html = str(block.render(block.to_python(raw)))
    assert "<script>" not in html
    assert ESCAPED in html


# --- Resource: a document or a web address, exactly one ---------------------------------------


def _resource(**fields):
    block = ResourceBlock()
    raw = {"title": "Werkvorm", "description": "", "document": None, "url": ""} | fields
    return block, block.to_python(raw)


def test_resource_needs_document_or_url():
    block, value = _resource()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert error.value.non_block_errors.as_data()[0].messages == [
        "Choose a document or enter a web address."
    ]


def test_resource_refuses_document_and_url(document):
    block, value = _resource(document=document.pk, url="https://example.org/werkvorm")
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert error.value.non_block_errors.as_data()[0].messages == [
        "Choose a document or enter a web address, not both."
    ]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>hi</b>"])
def test_resource_refuses_script_urls(url):
    block, value = _resource(url=url)
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "url" in error.value.block_errors


def test_resource_with_url_is_a_link():
    block, value = _resource(url="https://example.org/werkvorm")
    cleaned = block.clean(value)
    assert cleaned.kind == "link"
    assert cleaned.href == "https://example.org/werkvorm"
    assert cleaned.file_info == ""


def test_resource_with_document_links_to_it(document):
    block, value = _resource(document=document.pk)
    cleaned = block.clean(value)
    assert cleaned.kind == "document"
    assert cleaned.href == document.url
    html = str(block.render(cleaned))
    assert "block--resource-document" in html
    assert f'<a href="{document.url}">Werkvorm</a>' in html
    assert "Document (TXT, 29" in html


# --- Video ---------------------------------------------------------------------------------------


def test_video_uses_youtube_nocookie_without_inline_style(youtube_embed):
    block = VideoBlock()
    value = block.to_python(
        {"video": YOUTUBE_URL, "caption": "Partneroverleg", "transcript_url": ""}
    )
    html = str(block.render(value))
    assert 'src="https://www.youtube-nocookie.com/embed/leergang01?feature=oembed"' in html
    assert "www.youtube.com/embed" not in html
    assert "style=" not in html
    assert "block__player--landscape" in html
    assert "<figcaption" in html


def test_video_without_embed_links_to_the_video():
    # example.org has no oEmbed provider, so no request leaves the test.
    block = VideoBlock()
    value = block.to_python(
        {"video": "https://www.example.org/film", "caption": "", "transcript_url": ""}
    )
    html = str(block.render(value))
    assert '<a href="https://www.example.org/film">' in html
    assert "Watch the video on the original website." in html


def test_video_refuses_hosts_outside_the_csp():
    block = VideoBlock()
    value = block.to_python(
        {"video": "https://soundcloud.com/someone/a-track", "caption": "", "transcript_url": ""}
    )
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "video" in error.value.block_errors


def test_video_accepts_youtube(youtube_embed):
    block = VideoBlock()
    value = block.to_python({"video": YOUTUBE_URL, "caption": "", "transcript_url": ""})
    assert block.clean(value).url == YOUTUBE_URL


# --- Flags and sentences on StructValues ---------------------------------------------------------


def test_reflection_flag_text_only_when_ticked():
    block = ReflectionPromptBlock()
    off = block.to_python(
        {"question": "Wat zag je?", "guidance": "", "post_before_seeing_peers": False}
    )
    assert off.flag_text == ""
    assert "Post your own reflection first" not in str(block.render(off))
    assert block.get_default()["post_before_seeing_peers"] is True


def test_case_assignment_without_session_has_no_due_text():
    block = CaseAssignmentBlock()
    value = block.to_python({"title": "Casus", "what_to_bring": "<p>Een situatie.</p>"})
    assert value.due_text == ""
    assert "block__due" not in str(block.render(value))


def test_case_assignment_rich_text_is_limited():
    from blocks.text import PARAGRAPH_FEATURES

    assert CaseAssignmentBlock().child_blocks["what_to_bring"].features == PARAGRAPH_FEATURES


# --- A whole stream round-trips -----------------------------------------------------------------


def test_programme_stream_round_trips_one_of_each(image):
    stream = ProgrammeStreamBlock()
    raw = []
    for index, (name, child) in enumerate(stream.child_blocks.items()):
        prepped = child.get_prep_value(child.normalize(child.meta.preview_value))
        if name == "image":
            prepped["image"] = image.pk
        raw.append({"type": name, "value": prepped, "id": f"block-{index}"})
    raw = json.loads(json.dumps(raw))

    value = stream.to_python(raw)
    assert [child.block_type for child in value] == list(stream.child_blocks)
    assert json.loads(json.dumps(stream.get_prep_value(value))) == raw

    html = str(stream.render(value))
    for css_class in [
        "block--quote",
        "block--image",
        "block--video",
        "block--resource",
        "block--learning-goals",
        "block--role-cards",
        "block--intervention",
        "block--reflection-prompt",
        "block--case-assignment",
        "block--session-agenda",
    ]:
        assert css_class in html
