"""RequestSpec: what the scheduler needs to place one request's instances."""

from oslo_utils import versionutils

from novum.objects import base, fields


@base.NovumObjectRegistry.register
class RequestSpec(base.NovumObject):
    # Version 1.0: Initial version
    # Version 1.1: Removed get_by_instance_uuid, create and save (never called: a spec
    #              travels with its request, nothing stores it)
    # Version 1.2: Added instance_group (the group of scheduler_hints['group'], as the
    #              scheduler loaded it)
    VERSION = '1.2'

    fields = {
        'id': fields.IntegerField(),
        'instance_uuid': fields.UUIDField(),
        'project_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'flavor': fields.ObjectField('Flavor'),
        'image': fields.ObjectField('ImageMeta', nullable=True),
        'num_instances': fields.IntegerField(default=1),
        'availability_zone': fields.StringField(nullable=True),
        'ignore_hosts': fields.ListOfStringsField(default=[]),
        'scheduler_hints': fields.DictOfStringsField(default={}),
        'instance_group': fields.ObjectField('InstanceGroup', nullable=True),
    }

    # Nova's scheduler hint marking a rebuild's check of the new image on the
    # instance's own host: filters only, no claim (see SchedulerManager).
    REBUILD_CHECK_HINT = ('_nova_check_type', 'rebuild')

    def is_rebuild(self) -> bool:
        hints = self.scheduler_hints if self.obj_attr_is_set('scheduler_hints') else {}
        key, value = self.REBUILD_CHECK_HINT
        return hints.get(key) == value

    @classmethod
    def for_rebuild(cls, context, instance, image) -> 'RequestSpec':
        """The spec that checks `image` against `instance`'s current host."""
        key, value = cls.REBUILD_CHECK_HINT
        return cls(context, instance_uuid=instance.uuid, project_id=instance.project_id,
                   user_id=instance.user_id, flavor=instance.flavor, image=image,
                   num_instances=1, availability_zone=instance.availability_zone,
                   ignore_hosts=[], scheduler_hints={key: value})

    def obj_make_compatible(self, primitive: dict, target_version: str) -> None:
        super().obj_make_compatible(primitive, target_version)
        if versionutils.convert_version_to_tuple(target_version) < (1, 2):
            primitive.pop('instance_group', None)
