"""The Celery configuration the reliability guarantees rest on."""

from config.celery import app


def _registered_tasks():
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}


def test_visibility_timeout_outlasts_the_longest_task_so_no_running_task_is_delivered_twice():
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    limits = {name: task.time_limit or app.conf.task_time_limit for name, task in _registered_tasks().items()}

    assert all(limit < visibility for limit in limits.values()), limits


def test_every_beat_entry_names_a_registered_task():
    tasks = _registered_tasks()

    assert {entry["task"] for entry in app.conf.beat_schedule.values()} <= set(tasks)


def test_the_sweep_and_the_relay_run_every_minute_and_messages_are_json_acknowledged_late():
    schedule = {entry["task"]: entry["schedule"] for entry in app.conf.beat_schedule.values()}

    assert schedule["cases.sweep_deadlines"] == 60.0 and schedule["cases.relay_pending_notifications"] == 60.0
    assert app.conf.accept_content == ["json"] and app.conf.task_serializer == "json"
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.worker_prefetch_multiplier == 1
