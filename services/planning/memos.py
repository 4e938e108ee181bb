"""What planning remembers between batches, per plan: the classifier's opinions and the
evidence tallies.

Each batch re-drafts the plans it touches from all their consultations; without a
memo every free-text issue was classified and counted again on every batch, so one
municipality's large import cost O(records² / batch). With it a re-draft
classifies only its new and corrected issues, and counts only the consultations its
tallies lack (evidence.Tallied). Both are pure functions of the records, the
corrections and the classifier, checked on every draft, so a memo lost, trimmed or
filled by a transaction that rolled back changes nothing in any plan.
"""

from collections import OrderedDict

from services.planning.domain.decisions import PlanKey
from services.planning.domain.evidence import OpinionMemo, Remembering
from services.planning.domain.opinion import Classifier

# Issues and counted records remembered over all plans (an issue's opinion ~3.4 KB with the
# model's explanation; a record's share of the tallies ~0.5 KB, the record itself shared
# with store.evidence.PARSED): ~200 MB at most; the plans re-drafted least recently are
# forgotten first, the one drafted never.
CAPACITY = 50_000


class PlanMemos:
    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self._memos: OrderedDict[PlanKey, OpinionMemo] = OrderedDict()

    def classifier_for(self, key: PlanKey, classifier: Classifier) -> Remembering:
        """`classifier`, remembering what it said on `key`'s issues."""
        memo = self._memos.pop(key, None) or OpinionMemo()
        self._memos[key] = memo
        total = sum(m.size for m in self._memos.values())
        while total > self.capacity and len(self._memos) > 1:
            _, dropped = self._memos.popitem(last=False)
            total -= dropped.size
        return Remembering.of(classifier, memo)

    def __len__(self) -> int:
        """Issues and counted records remembered."""
        return sum(m.size for m in self._memos.values())
