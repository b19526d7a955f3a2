"""Quotas: per-project limits (defaults from [quota], overrides in the DB) and usage."""

from novum import conf, exception
from novum.db import api as db
from novum.objects import base, fields

CONF = conf.CONF

# Resources counted from instances; the others are limits checked where they are used.
COUNTED_RESOURCES = ('instances', 'cores', 'ram')
RESOURCES = ('instances', 'cores', 'ram', 'metadata_items', 'key_pairs', 'server_groups',
             'server_group_members')


@base.NovumObjectRegistry.register
class Quotas(base.NovumObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'project_id': fields.StringField(),
        'limits': fields.DictOfIntegersField(default={}),
        'usage': fields.DictOfIntegersField(default={}),
    }

    @staticmethod
    def default_limits() -> dict:
        return {resource: getattr(CONF.quota, resource) for resource in RESOURCES}

    @classmethod
    @base.remotable
    def get_for_project(cls, context, project_id: str) -> 'Quotas':
        """Limits of `project_id` (defaults overridden per project) and what it uses."""
        limits = cls.default_limits()
        limits.update(db.quota_get_all_by_project(context, project_id))
        quotas = cls(context, project_id=project_id, limits=limits,
                     usage=db.instance_count_by_project(context, project_id))
        quotas.obj_reset_changes()
        return quotas

    @classmethod
    @base.remotable
    def update_limits(cls, context, project_id: str, limits: dict) -> 'Quotas':
        for resource, hard_limit in limits.items():
            if resource not in RESOURCES:
                raise exception.QuotaNotFound()
            db.quota_set(context, project_id, resource, hard_limit)
        return cls.get_for_project(context, project_id)

    @classmethod
    @base.remotable
    def reset_limits(cls, context, project_id: str) -> None:
        db.quota_destroy_all_by_project(context, project_id)

    def check_deltas(self, deltas: dict) -> None:
        """Raise TooManyInstances if adding `deltas` to usage passes any limit."""
        overs = [resource for resource, delta in deltas.items()
                 if self.limits.get(resource, -1) >= 0
                 and self.usage.get(resource, 0) + delta > self.limits[resource]]
        if overs:
            resource = overs[0]
            raise exception.TooManyInstances(
                overs=', '.join(overs), req=deltas[resource],
                used=self.usage.get(resource, 0), allowed=self.limits[resource])
