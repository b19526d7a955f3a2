"""InstanceActionEvents around a compute's steps: recorded when the instance has an
action record of this request, skipped with a debug line when it has none."""

import contextlib

from oslo_log import log as logging

from novum import exception, objects

LOG = logging.getLogger(__name__)


@contextlib.contextmanager
def _no_action_record(instance, name: str):
    """An instance created without its action record (or deleted meanwhile) has no
    events to keep: say so at debug level and go on."""
    try:
        yield
    except (exception.InstanceActionNotFound, exception.InstanceNotFound) as error:
        LOG.debug('Event %s not recorded: %s', name, error, instance_uuid=instance.uuid)


def event_failed(context, instance, name: str, error: BaseException) -> None:
    with _no_action_record(instance, name):
        objects.InstanceActionEvent.event_finish_with_failure(context, instance.uuid, name,
                                                              error)


@contextlib.contextmanager
def event(context, instance, name: str, host: str):
    """Record InstanceActionEvent `name` around a step (start, then success or error)."""
    try:
        objects.InstanceActionEvent.event_start(context, instance.uuid, name, host=host,
                                                want_result=False)
    except exception.InstanceActionNotFound:
        LOG.debug('Event %s not recorded: the instance has no action record', name,
                  instance_uuid=instance.uuid)
        yield
        return
    try:
        yield
    except BaseException as error:
        event_failed(context, instance, name, error)
        raise
    with _no_action_record(instance, name):
        objects.InstanceActionEvent.event_finish(context, instance.uuid, name,
                                                 want_result=False)
