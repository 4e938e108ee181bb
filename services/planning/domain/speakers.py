"""Speaker labels in transcribed discussions: "Prindi 2: …", "Педагог: …", "MED officer: …".

A focus group or a meeting is often typed as turns, each opened by the speaker's role.
The role says who speaks, not what the problem is: a pedagogue who reports begging at
the traffic lights raises a street-situation issue, not a psychosocial one. The rules
therefore do not match inside a speaker label (classification.py).
"""

import re
from dataclasses import dataclass

from services.planning.domain.normalise import fold, token_spans

# A turn opens the text, a line, or follows the end of a sentence or an aside ("(laughs)");
# its label is one to three words and an optional number, then a colon and a space.
_TURN = re.compile(
    r"(?:^|(?<=[.!?…)\]\"»”])[ \t]+|\n[ \t]*)"
    r"([^\W\d_][\w'’.-]*(?:[ \t]+[\w'’.-]+){0,2})[ \t]*:(?=\s)"
)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Speakers:
    """[speakers] of the rules: when a text is a transcript, and which labels are roles."""

    roles: tuple[str, ...] = ()  # folded stems: a label with a word starting so is a role
    min_turns: int = 2  # turns with a role label and something said, for a transcript
    min_words: int = 4  # what a turn must say: "Psiholog: nema." is a checklist, not a turn

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the speaker labels of a transcript are (start, end in `text`); none when
        `text` is not one. A label must name a role, and enough turns must say something:
        "Buxheti: 0 €. Staf: dy më pak" and "Psiholog: nema. Pedagog: pola norme" are
        notes whose labels are the issue itself."""
        if not self.roles or ":" not in text:  # most texts are no transcript: stop cheaply
            return []
        labels = [m for m in _TURN.finditer(text) if self._is_role(m.group(1))]
        if len(labels) < self.min_turns:
            return []
        ends = [m.start(1) for m in labels[1:]] + [len(text)]
        said = [
            len(_WORD.findall(text[m.end() : end])) for m, end in zip(labels, ends, strict=True)
        ]
        if sum(n >= self.min_words for n in said) < self.min_turns:
            return []
        return [m.span(1) for m in labels]

    def positions(self, text: str) -> set[int]:
        """The token positions (as `normalise.clauses` numbers them) in speaker labels."""
        labels = self.spans(text)
        spans = token_spans(text) if labels else None
        if spans is None:
            return set()
        return {i for i, (start, _) in enumerate(spans) if any(a <= start < b for a, b in labels)}

    def _is_role(self, label: str) -> bool:
        return any(word.startswith(self.roles) for word in fold(label).split())
