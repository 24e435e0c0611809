"""`manage.py train_detector [--corpus FILE ...]`: retrain the detector's calibration."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from channels_app.news.detect.calibrate import CALIBRATION_FILE
from channels_app.news.detect.evaluate import CorpusError, read_corpus
from channels_app.news.detect.language import LANG_ROOT, load_language

DATA = Path(settings.BASE_DIR) / "tests" / "data"
DEFAULT_CORPORA = (
    DATA / "corpus2" / "dev.jsonl",
    DATA / "corpus3" / "fresh-tune.jsonl",
    DATA / "corpus4" / "m4-tune.jsonl",
    DATA / "corpus4" / "g4-tune.jsonl",
    DATA / "corpus4" / "k5-tune.jsonl",
    DATA / "news-dev.jsonl",
    DATA / "news-heldout.jsonl",
    DATA / "news-regression.jsonl",
)
# The frozen test parts are scored at milestones only, never learned from.
FROZEN = (
    DATA / "corpus2" / "test.jsonl",
    DATA / "corpus3" / "fresh-holdout.jsonl",
    DATA / "corpus4" / "m4-holdout.jsonl",
    DATA / "corpus4" / "g4-holdout.jsonl",
    DATA / "corpus4" / "k5-holdout.jsonl",
)
# The corpora most like unseen news: the threshold is chosen on their cross-validated figures.
TUNE_ON = tuple(path.name for path in DEFAULT_CORPORA[:5])


class Command(BaseCommand):
    help = (
        "Run the news detector over labelled corpora, label each detection right or wrong, "
        "and fit the calibration that turns its features into a probability: a logistic "
        "regression and the threshold above which a detection proposes a change, chosen by "
        "cross-validation grouped by topic pair. Writes lang/<code>/calibration.json and "
        "prints the cross-validated precision, recall and F1 and the reliability table. "
        "Needs scikit-learn (a development dependency)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--corpus",
            nargs="+",
            metavar="FILE",
            type=Path,
            default=list(DEFAULT_CORPORA),
            help="JSON-lines corpora to train on (default: the dev corpora).",
        )
        parser.add_argument("--language", default="en", help="The language folder (en).")
        parser.add_argument("--folds", type=int, default=5, help="Cross-validation folds.")
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
            default=list(TUNE_ON),
            help="The corpus files (by name) whose cross-validated figures choose the threshold "
            "(default: %(default)s, those most like unseen news); 'all' for all of them.",
        )
        parser.add_argument("--output", type=Path, help="Where to write (default: the language's).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the figures, write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from channels_app.news.detect import training  # scikit-learn: only here

        files: list[Path] = options["corpus"]
        for frozen in FROZEN:
            if any(f.resolve() == frozen.resolve() for f in files):
                raise CommandError(f"{frozen} is a frozen test part: never trained on")
        corpora = [(path, self._read(path)) for path in files]
        if not 2 <= options["folds"] <= 20:
            raise CommandError("--folds: from 2 to 20")
        language = load_language(options["language"])
        try:
            result = training.train(
                corpora,
                folds=options["folds"],
                tune_on=self._tune_on(options["tune_on"], files),
                target=options["target_precision"],
                language=language,
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
    def _tune_on(names: list[str], files: list[Path]) -> list[str] | None:
        """The files to choose the threshold on; None for all. The default pair is cut to
        those among the corpora given (all of them when neither is)."""
        if names == ["all"]:
            return None
        if names == list(TUNE_ON):
            given = [name for name in names if name in {f.name for f in files}]
            return given or None
        return names

    def _read(self, path: Path) -> list[dict[str, Any]]:
        try:
            return read_corpus(path)
        except OSError as exc:
            raise CommandError(f"cannot read {exc.filename}: {exc.strerror}") from exc
        except CorpusError as exc:
            raise CommandError(str(exc)) from exc
