from .change import ChangeAudit, Evidence, StateChange
from .channel import Channel
from .choices import Kind, Modality, Origin, State
from .health import Heartbeat
from .news import Article, Detection, Feed, Proposal

__all__ = [
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
]
