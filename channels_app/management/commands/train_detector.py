"""`manage.py train_detector [--corpus FILE ...] [--unseen FILE ...]`: retrain the detector's
calibration."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from channels_app.news.detect.calibrate import CALIBRATION_FILE, VERIFIERS
from channels_app.news.detect.evaluate import CorpusError, read_corpus
from channels_app.news.detect.language import LANG_ROOT, load_language

DATA = Path(settings.BASE_DIR) / "tests" / "data"
# The tuning parts of the labelled batches, the least tuned-on of the corpora: a new batch's
# tune part goes here. Without unseen corpora (--unseen with no file), the threshold is chosen
# on the cross-validated figures of these (TUNE_ON).
TUNING_PARTS = (
    DATA / "corpus2" / "dev.jsonl",
    DATA / "corpus3" / "fresh-tune.jsonl",
    DATA / "corpus4" / "m4-tune.jsonl",
    DATA / "corpus4" / "g4-tune.jsonl",
    DATA / "corpus4" / "o5-tune.jsonl",
    DATA / "corpus4" / "p5-tune.jsonl",
    DATA / "corpus4" / "k5-tune.jsonl",
    DATA / "corpus4" / "s6-tune.jsonl",
    DATA / "corpus4" / "u6-tune.jsonl",
    DATA / "corpus4" / "d6-tune.jsonl",
    DATA / "corpus4" / "g7-tune.jsonl",
    DATA / "corpus4" / "h7-tune.jsonl",
    DATA / "corpus4" / "r7-tune.jsonl",
    DATA / "corpus4" / "a7-tune.jsonl",
    DATA / "corpus4" / "t7-tune.jsonl",
    DATA / "corpus4" / "m8-tune.jsonl",
    DATA / "corpus4" / "w8-tune.jsonl",
    DATA / "corpus4" / "o8-tune.jsonl",
    DATA / "corpus4" / "v8-tune.jsonl",
    DATA / "corpus4" / "x9-tune.jsonl",
    DATA / "corpus4" / "r9-tune.jsonl",
    DATA / "corpus4" / "t9-tune.jsonl",
    DATA / "corpus4" / "o10-tune.jsonl",
    DATA / "corpus4" / "v10-tune.jsonl",
    DATA / "corpus4" / "m10-tune.jsonl",
    DATA / "corpus4" / "t10-tune.jsonl",
    DATA / "corpus4" / "r10-tune.jsonl",
    DATA / "corpus4" / "w10-tune.jsonl",
    DATA / "corpus4" / "m11-tune.jsonl",
    DATA / "corpus4" / "d11-tune.jsonl",
    DATA / "corpus4" / "t12-tune.jsonl",
    DATA / "corpus4" / "o12-tune.jsonl",
    DATA / "corpus4" / "w12-tune.jsonl",
    DATA / "corpus4" / "r12-tune.jsonl",
    DATA / "corpus4" / "m12-tune.jsonl",
    DATA / "corpus4" / "v12-tune.jsonl",
)
# Then the project's first corpora (news-*), written with the rules: fitted on, never used
# to choose the threshold.
DEFAULT_CORPORA = (
    *TUNING_PARTS,
    DATA / "news-dev.jsonl",
    DATA / "news-heldout.jsonl",
    DATA / "news-regression.jsonl",
)
# Spent holdouts: their three scorings are used up and no rule was ever written on them, so
# what the detector reads there is the best sample of unseen news. The regression is never
# fitted on them (the rules were tuned on the items of DEFAULT_CORPORA, which are right more
# often than fresh news); the trees are, weighted, always out of fold. They recalibrate the
# model and choose its threshold (and the regression's regularisation), cross-validated.
# Nobody reads their texts to write rules or vocabulary.
UNSEEN_CALIBRATION = (
    DATA / "corpus3" / "fresh-holdout.jsonl",
    DATA / "corpus4" / "m4-holdout.jsonl",
    DATA / "corpus4" / "g4-holdout.jsonl",
    DATA / "corpus4" / "o5-holdout.jsonl",
    DATA / "corpus4" / "p5-holdout.jsonl",
    DATA / "corpus4" / "k5-holdout.jsonl",
    DATA / "corpus4" / "s6-holdout.jsonl",
    DATA / "corpus4" / "u6-holdout.jsonl",
    DATA / "corpus4" / "d6-holdout.jsonl",
    DATA / "corpus4" / "g7-holdout.jsonl",
    DATA / "corpus4" / "h7-holdout.jsonl",
    DATA / "corpus4" / "r7-holdout.jsonl",
    DATA / "corpus4" / "a7-holdout.jsonl",
    DATA / "corpus4" / "t7-holdout.jsonl",
    DATA / "corpus4" / "m8-holdout.jsonl",
    DATA / "corpus4" / "w8-holdout.jsonl",
    DATA / "corpus4" / "o8-holdout.jsonl",
    DATA / "corpus4" / "v8-holdout.jsonl",
    DATA / "corpus4" / "x9-holdout.jsonl",
    DATA / "corpus4" / "r9-holdout.jsonl",
    DATA / "corpus4" / "t9-holdout.jsonl",
    DATA / "corpus4" / "o10-holdout.jsonl",
    DATA / "corpus4" / "v10-holdout.jsonl",
    DATA / "corpus4" / "m10-holdout.jsonl",
    DATA / "corpus4" / "t10-holdout.jsonl",
    DATA / "corpus4" / "r10-holdout.jsonl",
    DATA / "corpus4" / "w10-holdout.jsonl",
    DATA / "corpus4" / "m11-holdout.jsonl",
    DATA / "corpus4" / "d11-holdout.jsonl",
    DATA / "corpus4" / "t12-holdout.jsonl",
    DATA / "corpus4" / "o12-holdout.jsonl",
    DATA / "corpus4" / "w12-holdout.jsonl",
    DATA / "corpus4" / "r12-holdout.jsonl",
    DATA / "corpus4" / "m12-holdout.jsonl",
    DATA / "corpus4" / "v12-holdout.jsonl",
    # Evaluation batches (all holdout), scored once as a fresh check, then spent here.
    DATA / "corpus4" / "e13-holdout.jsonl",
    DATA / "corpus4" / "f13-holdout.jsonl",
)
# The frozen test parts are scored at milestones only, never learned from.
FROZEN = (DATA / "corpus2" / "test.jsonl",)
TUNE_ON = tuple(path.name for path in TUNING_PARTS)


class Command(BaseCommand):
    help = (
        "Run the news detector over labelled corpora, label each detection right or wrong, "
        "and fit the calibration that turns its features into a probability: gradient-boosted "
        "trees fitted on the tuning corpora (--corpus) and, weighted, on spent holdouts no rule "
        "was written on (--unseen), or a logistic regression fitted on --corpus alone "
        "(--verifier); recalibrated (one slope, one offset on its out-of-fold log-odds) on "
        "the unseen corpora, and the threshold above which a detection proposes a change: "
        "the best F1 reaching --target-precision on the unseen corpora's figures, "
        "cross-validated by topic pair. Writes lang/<code>/calibration.json and prints the "
        "cross-validated precision, recall and F1 and the reliability tables before and "
        "after recalibration. Needs scikit-learn (a development dependency)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--corpus",
            nargs="+",
            metavar="FILE",
            type=Path,
            default=list(DEFAULT_CORPORA),
            help="JSON-lines corpora to fit the regression on (default: every tuning part).",
        )
        parser.add_argument(
            "--unseen",
            nargs="*",
            metavar="FILE",
            type=Path,
            default=list(UNSEEN_CALIBRATION),
            help="Corpora no rule was written on, never fitted on by the regression (the trees "
            "fit on them weighted, scoring them out of fold): they recalibrate the "
            "regression and choose its regularisation and threshold, cross-validated "
            "(default: the spent holdouts of corpus 3 and 4); give none to fit on --corpus "
            "alone, as before.",
        )
        parser.add_argument(
            "--verifier",
            choices=VERIFIERS,
            default="trees",
            help="The model: gradient-boosted trees fitted on --corpus and --unseen (these "
            "weighted), always scored out of fold, or a logistic regression fitted on --corpus "
            "alone (default: %(default)s; the trees' nested figures on the spent holdouts are "
            "better: tests/data/corpus4/SCORES-cal13.md).",
        )
        parser.add_argument("--language", default="en", help="The language folder (en).")
        parser.add_argument("--folds", type=int, default=5, help="Cross-validation folds.")
        parser.add_argument(
            "--repeats",
            type=int,
            default=5,
            help="Cross-validations, each on another split; every figure (and so the "
            "regularisation and the threshold) is pooled over them, counts summed "
            "(default: %(default)s: the unseen corpora are small, one split is luck).",
        )
        parser.add_argument(
            "--target-precision",
            type=float,
            default=0.95,
            help="The precision the threshold must reach (cross-validated).",
        )
        parser.add_argument(
            "--tune-on",
            nargs="+",
            metavar="NAME",
            help="The corpus files (by name) whose cross-validated figures choose the threshold "
            "(default: the --unseen corpora, those most like unseen news; without them, "
            f"those of {', '.join(TUNE_ON)} given, else all); 'all' for all of them.",
        )
        parser.add_argument("--output", type=Path, help="Where to write (default: the language's).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the figures, write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from channels_app.news.detect import training  # scikit-learn: only here

        unseen: list[Path] = options["unseen"]
        files: list[Path] = [*options["corpus"], *unseen]
        for frozen in FROZEN:
            if any(f.resolve() == frozen.resolve() for f in files):
                raise CommandError(f"{frozen} is a frozen test part: never trained on")
        for spent in UNSEEN_CALIBRATION:
            if any(f.resolve() == spent.resolve() for f in options["corpus"]):
                raise CommandError(
                    f"{spent} is a spent holdout: only read as --unseen (the regression never fits "
                    "on it, the trees weigh it and score it out of fold), never as --corpus"
                )
        if len({f.name for f in files}) != len(files):
            raise CommandError("two corpora have one file name: the figures are kept by name")
        corpora = [(path, self._read(path)) for path in files]
        if not 2 <= options["folds"] <= 20:
            raise CommandError("--folds: from 2 to 20")
        if not 1 <= options["repeats"] <= 20:
            raise CommandError("--repeats: from 1 to 20")
        language = load_language(options["language"])
        try:
            result = training.train(
                corpora,
                folds=options["folds"],
                tune_on=self._tune_on(options["tune_on"], files, unseen),
                unseen=[path.name for path in unseen],
                target=options["target_precision"],
                language=language,
                repeats=options["repeats"],
                verifier=options["verifier"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("\n".join(training.summary(result)))
        if options["dry_run"]:
            return
        output = options["output"] or LANG_ROOT / language.code / CALIBRATION_FILE
        training.write(result.calibration, output)
        self.stdout.write(f"wrote {output}")

    @staticmethod
    def _tune_on(
        names: list[str] | None, files: list[Path], unseen: list[Path]
    ) -> list[str] | None:
        """The files to choose the threshold on, None for all: by default the unseen
        corpora; without them, those of TUNE_ON among the corpora given (else all)."""
        if names == ["all"]:
            return None
        if names is not None:
            return names
        if unseen:
            return [path.name for path in unseen]
        given = [name for name in TUNE_ON if name in {f.name for f in files}]
        return given or None

    def _read(self, path: Path) -> list[dict[str, Any]]:
        try:
            return read_corpus(path)
        except OSError as exc:
            raise CommandError(f"cannot read {exc.filename}: {exc.strerror}") from exc
        except CorpusError as exc:
            raise CommandError(str(exc)) from exc
