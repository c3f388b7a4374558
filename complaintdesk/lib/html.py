"""HTML from outside (email, web forms, API): sanitising and plain-text extraction.

Every piece of HTML that did not originate in our own templates goes through
``sanitise_html`` before it is stored or rendered, and ``html_to_text`` when a
plain-text view (search index, reply check, HTML-only mail) is needed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

__all__ = ["html_to_text", "sanitise_html"]

_ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
        "dd", "del", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
        "img", "ins", "li", "ol", "p", "pre", "q", "s", "small", "span", "strike", "strong",
        "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    }
)  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "abbr": {"title"},
}
# Removed together with their content: text inside them is never meant for a reader.
_DROP_CONTENT_TAGS = frozenset({"script", "style", "head", "title", "noscript", "template"})


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Allow images only from the message itself (cid:) or over https:.

    Plain-http images leak the reader's address over an unencrypted channel and
    data: URIs can smuggle arbitrary payloads, so both are dropped.
    """
    if tag == "img" and attribute == "src":
        lowered = value.strip().lower()
        if not lowered.startswith(("cid:", "https:")):
            return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(_ALLOWED_TAGS),
    clean_content_tags=set(_DROP_CONTENT_TAGS),
    attributes={tag: set(attrs) for tag, attrs in _ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_filter_attribute,
    url_schemes={"http", "https", "mailto", "cid", "tel"},
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)


def sanitise_html(html: str) -> str:
    """Return ``html`` reduced to a conservative allow-list, safe to render.

    Scripts, styles, event handlers, forms and unknown tags are removed (tags
    listed in ``_DROP_CONTENT_TAGS`` with their content); links get
    ``rel="noopener noreferrer nofollow"``; images keep only ``cid:`` or
    ``https:`` sources. Never raises for any ``str`` input.
    """
    return _CLEANER.clean(html)


_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "dd", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
        "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table",
        "tbody", "tfoot", "thead", "tr", "ul",
    }
)  # fmt: skip
_PARAGRAPH_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table"})
_CELL_TAGS = frozenset({"td", "th"})
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_BLANK_RUNS = re.compile(r"\n{3,}")


class _TextExtractor(HTMLParser):
    """Collects text with HTML whitespace rules and block-level line breaks.

    Block boundaries are requested lazily (``_pending``) so that nested or
    adjacent blocks produce one break, not one per tag.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._chunks: list[str] = []
        self._skip_depth = 0
        self._pre_depth = 0
        self._pending = 0
        self._at_line_start = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_CONTENT_TAGS:
            self._skip_depth += 1
        elif tag == "br":
            self._emit("\n")
        elif tag in _CELL_TAGS:
            self._emit("\t")
        elif tag in _BLOCK_TAGS:
            self._request_break(tag)
            if tag == "pre":
                self._pre_depth += 1
            elif tag == "li":
                self._emit("- ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # A self-closed <script/> must not open a skip region.
        if tag not in _DROP_CONTENT_TAGS:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_CONTENT_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            if tag == "pre":
                self._pre_depth = max(0, self._pre_depth - 1)
            self._request_break(tag)

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        if self._pre_depth:
            self._emit(data.replace("\r\n", "\n"))
            return
        text = _SPACES.sub(" ", data)
        if self._at_line_start or self._pending:
            text = text.lstrip(" ")
        if text:
            self._emit(text)

    def _request_break(self, tag: str) -> None:
        self._pending = max(self._pending, 2 if tag in _PARAGRAPH_TAGS else 1)

    def _emit(self, text: str) -> None:
        if self._pending and self._chunks:
            self._chunks.append("\n" * self._pending)
        self._pending = 0
        self._chunks.append(text)
        self._at_line_start = text.endswith("\n")

    def text(self) -> str:
        return "".join(self._chunks)


def _tidy(lines: list[str]) -> str:
    return "\n".join(_cells(line) if "\t" in line else line.rstrip(" ") for line in lines)


def _cells(line: str) -> str:
    return " ".join(cell.strip() for cell in line.split("\t") if cell.strip())


def html_to_text(html: str) -> str:
    """Return the readable text of ``html``: tags removed, entities unescaped.

    Block elements and ``<br>`` become line breaks, paragraphs a blank line,
    table cells are joined by a space, ``<pre>`` keeps its whitespace and
    script/style/head content is dropped. Runs of blank lines collapse to one;
    the result has no leading or trailing whitespace. Never raises.
    """
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = _tidy(parser.text().split("\n"))
    return _BLANK_RUNS.sub("\n\n", text).strip()
