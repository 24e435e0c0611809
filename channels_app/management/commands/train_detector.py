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
    DATA / "news-dev.jsonl",
    DATA / "news-heldout.jsonl",
    DATA / "news-regression.jsonl",
)
# The frozen test part is scored by the lead at milestones, never learned from.
FROZEN = DATA / "corpus2" / "test.jsonl"


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
            default=DEFAULT_CORPORA[0].name,
            help="The corpus file (by name) whose cross-validated figures choose the threshold "
            "(default: %(default)s, the one most like unseen news); 'all' for all of them.",
        )
        parser.add_argument("--output", type=Path, help="Where to write (default: the language's).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the figures, write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from channels_app.news.detect import training  # scikit-learn: only here

        files: list[Path] = options["corpus"]
        if any(f.resolve() == FROZEN.resolve() for f in files):
            raise CommandError(f"{FROZEN} is the frozen test part: never trained on")
        corpora = [(path, self._read(path)) for path in files]
        if not 2 <= options["folds"] <= 20:
            raise CommandError("--folds: from 2 to 20")
        language = load_language(options["language"])
        try:
            result = training.train(
                corpora,
                folds=options["folds"],
                tune_on=None if options["tune_on"] == "all" else options["tune_on"],
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

    def _read(self, path: Path) -> list[dict[str, Any]]:
        try:
            return read_corpus(path)
        except OSError as exc:
            raise CommandError(f"cannot read {exc.filename}: {exc.strerror}") from exc
        except CorpusError as exc:
            raise CommandError(str(exc)) from exc
