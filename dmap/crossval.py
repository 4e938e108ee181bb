"""Per-category precision and recall of rules + model, by cross-validation on the corpus.

`python -m dmap.crossval` measures what a corpus edit does without any evaluation
set: the corpus is split into FOLDS folds; for each, the model is fitted and its
thresholds calibrated (dmap/calibration.py, itself cross-validated) on the other
folds only, and the full classifier (rules, model, thresholds) judges the held
fold. Nested calibration keeps the thresholds from seeing the texts they are
judged on, so the precision is not the calibration target by construction.

A text's fold is a hash of its folded wording, not its position, so adding texts
leaves every other text in its fold: `--only FILE...` scores just the texts of
those files, comparing a before and an after run on the same texts.

`--by-writer` holds out one corpus file at a time instead: each was written by
its own writer, so it measures what a writer the model has never read gets, the
situation of every planner's issue (`--unseen FILE...` scores other labelled
files with the model of the whole corpus). The hold-out sets are never read here.
"""

import argparse
import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from dmap.calibration import PRECISION, out_of_fold_each, thresholds
from dmap.classify import CATEGORIES
from dmap.retrain import CORPUS
from dmap.training import Example, fit, read_examples
from schemas.vocabulary import IssueCategory
from services.planning.domain.classification import RuleSet
from services.planning.domain.normalise import fold
from services.planning.domain.opinion import Classifier
from services.planning.domain.text_model import TextModel
from services.planning.rules import classifier_rules

FOLDS = 5


def fold_of(text: str, folds: int = FOLDS) -> int:
    return int(hashlib.sha256(fold(text).encode()).hexdigest(), 16) % folds


@dataclass(slots=True)
class Tally:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    texts: int = 0
    to_human: int = 0
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    # (assigned, labels, text, by): by is "rules", "model" or "both", as in Assignment
    wrong: list[tuple[str, str, str, str]] = field(default_factory=list)
    wrong_by: Counter[tuple[str, str]] = field(default_factory=Counter)  # (category, by)

    def add(self, text: str, got: dict[str, str], want: set[str], classified: bool) -> None:
        """`got`: each assigned category and who assigned it."""
        self.texts += 1
        self.to_human += not classified
        self.tp.update(got.keys() & want)
        self.fp.update(got.keys() - want)
        self.fn.update(want - got.keys())
        labels = ",".join(sorted(want)) or "(nothing)"
        for wrong in sorted(got.keys() - want):
            self.confusions[(wrong, labels)] += 1
            self.wrong.append((wrong, labels, text, got[wrong]))
            self.wrong_by[(wrong, got[wrong])] += 1

    def table(self, title: str) -> str:
        head = f"{'category':<26}{'support':>8}{'precision':>11}{'recall':>8}{'F1':>7}"
        lines = [title, head + "  false positives by rules/both/model"]
        f1s = []
        for c in CATEGORIES:
            tp, fp, fn = self.tp[c], self.fp[c], self.fn[c]
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            if tp + fn:
                f1s.append(f1)
            by = "/".join(str(self.wrong_by[(c, m)]) for m in ("rules", "both", "model"))
            lines.append(f"{c:<26}{tp + fn:>8}{p:>11.3f}{r:>8.3f}{f1:>7.3f}  {by}")
        macro = sum(f1s) / len(f1s) if f1s else 0.0
        lines.append(f"{'macro F1':<26}{'':>27}{macro:>7.3f}")
        share = self.to_human / self.texts if self.texts else 0.0
        lines.append(f"left to a human: {self.to_human}/{self.texts} = {share:.1%}")
        lines.append("most frequent false positives (assigned <- true labels):")
        lines += [f"  {g} <- {w}: {n}" for (g, w), n in self.confusions.most_common(12)]
        return "\n".join(lines)


def _judge_held(
    tallies: dict[float, Tally],
    train: Sequence[Example],
    held: Sequence[Example],
    rules: RuleSet,
) -> None:
    """Fit and calibrate on `train` (once per precision target of `tallies`), and count
    the full classifier's opinions of `held` in each target's tally."""
    _judge_held_each({"": tallies}, train, held, {"": rules})


def _judge_held_each(
    tallies: Mapping[str, dict[float, Tally]],
    train: Sequence[Example],
    held: Sequence[Example],
    rule_sets: Mapping[str, RuleSet],
) -> None:
    """`_judge_held` for several rule sets (by name) on the same fits."""
    fitted = TextModel.from_dict(fit(train))
    names = list(rule_sets)
    seen_each = out_of_fold_each(train, [rule_sets[n] for n in names])
    for name, seen in zip(names, seen_each, strict=True):
        for precision, tally in tallies[name].items():
            bars = {IssueCategory(c): t for c, t in thresholds(seen, precision).items()}
            judge = Classifier(rule_sets[name], replace(fitted, thresholds=bars))
            for e, opinion in zip(held, judge.opinions([e.text for e in held]), strict=True):
                got = {a.category.value: a.by for a in opinion.assigned}
                want = {c.value for c in e.categories}
                tally.add(e.text, got, want, opinion.state == "classified")


def crossval(
    examples: Sequence[Example], scored: set[str] | None = None, folds: int = FOLDS
) -> Tally:
    """Out-of-fold tally of the texts in `scored` (every text when None)."""
    rules = classifier_rules()
    by_text = {e.text: e for e in examples}  # fit() keeps one example per text too
    tally = Tally()
    for k in range(folds):
        train = [e for t, e in by_text.items() if fold_of(t, folds) != k]
        held = [e for t, e in sorted(by_text.items()) if fold_of(t, folds) == k]
        if scored is not None:
            held = [e for e in held if e.text in scored]
        _judge_held({PRECISION: tally}, train, held, rules)
    return tally


def by_writer(
    paths: Sequence[Path], also: Sequence[Path] = (), precisions: Sequence[float] = (PRECISION,)
) -> dict[float, Tally]:
    """Each corpus file (one writer) held out in turn, the model fitted and calibrated
    on the others, and the files of `also` scored by the model of the whole corpus:
    what a writer the model has never read gets. One tally per calibration target
    in `precisions`: the fits are shared, so a sweep costs about one run."""
    return by_writer_each(paths, {"": classifier_rules()}, also, precisions)[""]


def by_writer_each(
    paths: Sequence[Path],
    rule_sets: Mapping[str, RuleSet],
    also: Sequence[Path] = (),
    precisions: Sequence[float] = (PRECISION,),
) -> dict[str, dict[float, Tally]]:
    """`by_writer` for several rule sets (by name) on the same fits: an A/B of a rules
    change costs about one run instead of two."""
    tallies = {name: {p: Tally() for p in precisions} for name in rule_sets}
    for held_path in [*paths, *also]:
        train = [e for p in paths if p != held_path for e in read_examples(p)]
        held = read_examples(held_path)
        _judge_held_each(tallies, train, held, rule_sets)
    return tallies


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument(
        "--without", nargs="*", default=[], help="corpus file names to leave out (a before run)"
    )
    parser.add_argument(
        "--only", nargs="*", default=[], help="score only the texts of these corpus files"
    )
    parser.add_argument(
        "--false-positives", nargs="*", default=[], help="list these categories' wrong texts"
    )
    parser.add_argument(
        "--by-writer",
        action="store_true",
        help="hold out one corpus file (one writer) at a time instead of random folds",
    )
    parser.add_argument(
        "--unseen", nargs="*", type=Path, default=[], help="with --by-writer: files to score too"
    )
    parser.add_argument(
        "--precisions",
        nargs="*",
        type=float,
        default=[PRECISION],
        help="with --by-writer: calibration targets to compare (one table each)",
    )
    parser.add_argument(
        "--against",
        type=Path,
        help="with --by-writer: a rules TOML to compare with the shipped rules, same fits",
    )
    args = parser.parse_args(argv)
    paths = [p for p in sorted(args.corpus.glob("*.jsonl")) if p.name not in args.without]
    names = ", ".join(p.name for p in paths)
    if args.by_writer:
        rule_sets = {"shipped rules": classifier_rules()}
        if args.against:
            rule_sets[str(args.against)] = RuleSet.from_toml(args.against.read_text("utf-8"))
        each = by_writer_each(paths, rule_sets, args.unseen, args.precisions)
        unseen = f"; unseen: {', '.join(str(p) for p in args.unseen)}" if args.unseen else ""
        for name, tallies in each.items():
            for precision, tally in tallies.items():
                title = f"one writer held out at a time, over {names}{unseen}; {name}"
                print(tally.table(f"{title}; thresholds for precision {precision:.2f}") + "\n")
        tally = each["shipped rules"][args.precisions[0]]  # the wrong texts listed below
    else:
        examples = [e for p in paths for e in read_examples(p)]
        scored = None
        if args.only:
            scored = {e.text for p in paths if p.name in args.only for e in read_examples(p)}
        tally = crossval(examples, scored)
        only = f"; scored: {', '.join(args.only)}" if args.only else ""
        print(tally.table(f"{FOLDS}-fold CV (nested calibration) on {names}{only}"))
    for category in args.false_positives:
        print(f"\nassigned {category} out of fold, wrongly:")
        print("\n".join(f"  [{w}] ({by}) {t}" for c, w, t, by in tally.wrong if c == category))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
