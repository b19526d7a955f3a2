"""Checks the compute API makes before it acts on an instance, as Nova's decorators."""

import functools

from novum import exception


def check_instance_lock(function):
    """A locked instance refuses changes from everyone but administrators (409), as
    Nova's check_instance_lock."""
    @functools.wraps(function)
    def inner(self, context, instance, *args, **kwargs):
        if instance.locked and not context.is_admin:
            raise exception.InstanceIsLocked(instance_uuid=instance.uuid)
        return function(self, context, instance, *args, **kwargs)
    return inner
