"""RequestSpec: what the scheduler needs to place one request's instances."""

from novum.objects import base, fields


@base.NovumObjectRegistry.register
class RequestSpec(base.NovumObject):
    # Version 1.0: Initial version
    # Version 1.1: Removed get_by_instance_uuid, create and save (never called: a spec
    #              travels with its request, nothing stores it)
    VERSION = '1.1'

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
    }
