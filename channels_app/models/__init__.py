from ..news.models import Actor, Article, Detection, Feed, Proposal  # news keeps this app's label
from .change import ChangeAudit, Evidence, StateChange
from .channel import Channel
from .choices import Kind, Modality, Origin, State
from .health import Heartbeat
from .trends import TrendDay

__all__ = [
    "Actor",
    "Article",
    "ChangeAudit",
    "Channel",
    "Detection",
    "Evidence",
    "Feed",
    "Heartbeat",
    "Kind",
    "Modality",
    "Origin",
    "Proposal",
    "State",
    "StateChange",
    "TrendDay",
]
