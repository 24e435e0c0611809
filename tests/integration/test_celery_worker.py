import pytest

from channels_app.models import Heartbeat
from channels_app.services.health import WORKER_HEARTBEAT
from channels_app.tasks import heartbeat

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_on_redis_runs_the_heartbeat_task(celery_worker_process):
    assert not Heartbeat.objects.exists()
    heartbeat.apply_async(queue=celery_worker_process.queue)
    ran = celery_worker_process.wait_for(
        lambda: Heartbeat.objects.filter(name=WORKER_HEARTBEAT).exists()
    )
    assert ran, celery_worker_process.log.read_text()[-3000:]
