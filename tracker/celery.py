import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.local")

app = Celery("tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# News is a package of the channels_app app, not an app of its own: name its tasks module.
app.autodiscover_tasks(["channels_app.news"])

# Logs carry the id of the request that queued a task, and the task's id (tracker/logging.py);
# tasks are counted and timed by name and state (channels_app/ops/metrics.py). The receivers
# are imported when a signal first fires, after Django is set up.


@signals.setup_logging.connect
def _setup_logging(**kwargs):  # type: ignore[no-untyped-def]
    from tracker.logging import configure_worker_logging

    configure_worker_logging(**kwargs)


@signals.before_task_publish.connect
def _before_publish(**kwargs):  # type: ignore[no-untyped-def]
    from tracker.logging import add_request_id_header

    add_request_id_header(**kwargs)


@signals.after_task_publish.connect
def _after_publish(**kwargs):  # type: ignore[no-untyped-def]
    from channels_app.ops.metrics import task_queued

    task_queued(**kwargs)


@signals.task_prerun.connect
def _task_prerun(**kwargs):  # type: ignore[no-untyped-def]
    from channels_app.ops.metrics import task_started
    from tracker.logging import enter_task

    enter_task(**kwargs)
    task_started(**kwargs)


@signals.task_postrun.connect
def _task_postrun(**kwargs):  # type: ignore[no-untyped-def]
    from channels_app.ops.metrics import task_finished
    from tracker.logging import leave_task

    task_finished(**kwargs)
    leave_task(**kwargs)
