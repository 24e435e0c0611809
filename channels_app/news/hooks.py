"""How news hangs on the core (ChannelsAppConfig.ready: news shares the channels_app app): a
committed change supersedes the proposals it fulfilled, feed polling shows on the admin's
health page, and the editors' actors join the detector's table."""

from ..services import announce, health
from . import actor_source
from .services.health import feed_health
from .services.proposals import supersede_fulfilled


def connect() -> None:
    announce.subscribe("news.supersede_fulfilled", _supersede_fulfilled)
    health.register_check("news.feeds", feed_health)
    actor_source.connect()


def _supersede_fulfilled(change: announce.CommittedChange) -> None:
    supersede_fulfilled(channel_id=change.channel_id)
