"""Reading rendered HTML the way a browser would, to tell live markup from escaped text."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

PAYLOADS_FILE = Path(__file__).with_name("xss_payloads.txt")
_DANGEROUS_SCHEMES = re.compile(r"^(javascript|vbscript|data|livescript):", re.IGNORECASE)
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "data", "srcdoc", "poster"}
# Tags that can run script or load active content; the portal's own pages use <script src> only.
_ACTIVE_TAGS = {"iframe", "object", "embed", "frame", "frameset", "base", "meta", "applet", "math"}


def load_payloads() -> list[str]:
    lines = PAYLOADS_FILE.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("# ")]


def _normalise_url(value: str) -> str:
    # Browsers drop ASCII whitespace and control characters inside a scheme ("java\tscript:").
    return re.sub(r"[\x00-\x20]", "", html.unescape(value))


class _LiveMarkup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _value in attrs}
        if tag == "script":
            if "src" not in names:
                self.problems.append("inline <script>")
            self._in_script = True
        if tag in _ACTIVE_TAGS and not (tag == "meta" and names <= {"charset", "name", "content"}):
            self.problems.append(f"<{tag}>")
        if tag == "style":
            self.problems.append("<style>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name == "style":
                self.problems.append(f"<{tag} style=…>")
            if name in _URL_ATTRIBUTES and value and _DANGEROUS_SCHEMES.match(_normalise_url(value)):
                self.problems.append(f"<{tag} {name}={value[:30]}>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.problems.append("script body")


def live_markup_problems(markup: str) -> list[str]:
    """Script, event handlers, inline style and script URLs that a browser would act on."""
    parser = _LiveMarkup()
    parser.feed(markup)
    parser.close()
    return parser.problems
