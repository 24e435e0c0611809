"""The news-to-state-change detector: explainable rules over an article's title and summary.

    detections = detect(title, summary)

Each `Detection` names a pair of countries, a channel kind, the state the article puts it in,
how it puts it (`Modality`), a confidence and the evidence sentence. Only acts and agreed
intents propose a change; threats, denials, speculation and retrospectives are returned too.
"""

from .core import detect
from .model import Detection, Modality

__all__ = ["Detection", "Modality", "detect"]
