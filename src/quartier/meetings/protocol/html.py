"""Show a protocol's Markdown as HTML: markdown-it-py renders, nh3 sanitizes.

Raw HTML in the Markdown is not rendered (``html=False``) and the result is cleaned with
an allow-list anyway, so a protocol typed by anyone cannot carry scripts or styles into
the page. Names of people are put in (``resolve_mentions``) before rendering.
"""

from __future__ import annotations

from typing import Any

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from quartier.reach.mentions import resolve_mentions

ALLOWED_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "strong", "em", "s", "del", "code",
    "pre", "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "a",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"style"}, "td": {"style"}, "ol": {"start"}}

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.enable(["table", "strikethrough"])


def markdown_html(text: str, *, organisation: Any = None) -> SafeString:
    """The protocol as sanitized HTML; its headings start at h2 (the page has the h1)."""
    tokens = _markdown.parse(resolve_mentions(text, organisation=organisation))
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + 1)}"
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    html = html.replace("<li>[x] ", "<li>☑ ").replace("<li>[ ] ", "<li>☐ ")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        filter_style_properties={"text-align"},
    )
    # our own wrapper after sanitizing: a wide table scrolls and can be reached by keyboard
    label = escape(_("Table (scrolls sideways on small screens)"))
    wrapper = f'<div class="table-wrap" tabindex="0" role="region" aria-label="{label}">'
    clean = clean.replace("<table>", wrapper + "<table>").replace("</table>", "</table></div>")
    return mark_safe(clean)  # sanitized by nh3 just above
