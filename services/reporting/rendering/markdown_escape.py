"""Free text made inert in Markdown (shared by every Markdown section)."""

import re

# Free text (school names, consultants' words) must stay text wherever the Markdown is
# rendered: HTML would run (`<svg onload=...>`), brackets would make links (images with
# `!`), and a pipe or newline would break out of a table cell. Emphasis characters are
# harmless and left alone. Backslash escapes and entities render as the characters.
_MARKDOWN_SPECIAL = re.compile(r"([\\\[\]|])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def esc(text: str) -> str:
    """Free text as inert Markdown: one line, HTML and Markdown syntax escaped."""
    one_line = " ".join(text.split())
    html_safe = "".join(_HTML.get(c, c) for c in one_line)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html_safe)
