from .change import ChangeAudit, Evidence, StateChange
from .channel import Channel
from .choices import Kind, Origin, State
from .health import Heartbeat

__all__ = [
    "ChangeAudit",
    "Channel",
    "Evidence",
    "Heartbeat",
    "Kind",
    "Origin",
    "State",
    "StateChange",
]
