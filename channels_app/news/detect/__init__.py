"""The news-to-state-change detector: explainable rules over an article's title and summary.

    detections = detect(title, summary)

Each `Detection` names a pair of countries, a channel kind, the state the article puts it in,
how it puts it (`Modality`), a confidence and the evidence sentence. Only acts and agreed
intents propose a change; threats, denials, speculation and retrospectives are returned too.

What the detector knows about a language is data (`lang/<code>/`, read by `load_language`);
`detect(..., language=load_language("en"))` is the default.
"""

from .core import detect
from .language import Language, LanguageError, load_language
from .model import Detection, Modality

__all__ = ["Detection", "Language", "LanguageError", "Modality", "detect", "load_language"]
