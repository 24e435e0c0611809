"""`manage.py eval_detector FILE [FILE...]`: the detector scored against labelled corpora."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from channels_app.news.detect.calibrate import stale
from channels_app.news.detect.evaluate import CorpusError, evaluate, read_corpus, report
from channels_app.news.detect.language import LANG_ROOT, load_language


class Command(BaseCommand):
    help = (
        "Score the news detector against labelled JSON-lines corpora (the format of "
        "shared/corpus/README.md): precision, recall and F1 overall, per kind and per state, "
        "a confusion table, then the misses and false alarms. Only proposed changes count; "
        "optional labels are neither required nor false alarms. Writes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help="A JSON-lines corpus.")
        parser.add_argument("--json", action="store_true", help="One JSON object: the summary.")
        parser.add_argument(
            "--only-misses", action="store_true", help="Only the misses and false alarms."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            items = [item for path in options["files"] for item in read_corpus(path)]
        except OSError as exc:
            raise CommandError(f"cannot read {exc.filename}: {exc.strerror}") from exc
        except CorpusError as exc:
            raise CommandError(str(exc)) from exc
        self._warn_if_stale()
        result = evaluate(items)
        if options["json"]:
            summary = result.as_dict(only_misses=options["only_misses"])
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(report(result, only_misses=options["only_misses"])))

    def _warn_if_stale(self) -> None:
        calibration = load_language().calibration
        if calibration is not None and stale(calibration, LANG_ROOT / "en"):
            self.stderr.write(
                "warning: lang/en/calibration.json was trained with other vocabulary files: "
                "run `manage.py train_detector`",
                style_func=self.style.WARNING,
            )
