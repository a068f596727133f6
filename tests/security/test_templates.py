"""Stored text reaches a page only through the one sanitising filter (issue 15): no `|safe` in any template."""

from __future__ import annotations

import re
from pathlib import Path

from lgl_portal.core.templatetags.sanitize import sanitized

ROOT = Path(__file__).resolve().parents[2]


def test_no_template_marks_text_safe() -> None:
    offenders = []
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"\|\s*safe\b", line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []


def test_the_filter_removes_script_and_keeps_the_allowed_markup() -> None:
    assert sanitized('<p onclick="x()">Hej<script>alert(1)</script></p>') == "<p>Hej</p>"
    assert sanitized("<mark>vård</mark> &lt;b&gt; <b>x</b>", "mark") == "<mark>vård</mark> &lt;b&gt; x"
