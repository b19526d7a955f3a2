"""RequestSpec: what the scheduler needs to place one request's instances."""

from oslo_serialization import jsonutils

from novum.db import api as db
from novum.objects import base, fields


@base.NovumObjectRegistry.register
class RequestSpec(base.NovumObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

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

    # Fields kept in the spec column; id and instance_uuid are columns of their own.
    _SPEC_FIELDS = ('project_id', 'user_id', 'flavor', 'image', 'num_instances',
                    'availability_zone', 'ignore_hosts', 'scheduler_hints')

    @staticmethod
    def _from_db_object(context, spec: 'RequestSpec', db_spec) -> 'RequestSpec':
        spec._context = context
        primitive = jsonutils.loads(db_spec.spec)
        stored = RequestSpec.obj_from_primitive(primitive)
        for name in RequestSpec._SPEC_FIELDS:
            if stored.obj_attr_is_set(name):
                setattr(spec, name, getattr(stored, name))
        spec.id = db_spec.id
        spec.instance_uuid = db_spec.instance_uuid
        spec.obj_reset_changes()
        return spec

    def _spec_json(self) -> str:
        stored = RequestSpec()
        for name in self._SPEC_FIELDS:
            if self.obj_attr_is_set(name):
                setattr(stored, name, getattr(self, name))
        return jsonutils.dumps(stored.obj_to_primitive())

    @classmethod
    @base.remotable
    def get_by_instance_uuid(cls, context, instance_uuid: str) -> 'RequestSpec':
        return cls._from_db_object(context, cls(),
                                   db.request_spec_get_by_instance_uuid(context, instance_uuid))

    @base.remotable
    def create(self) -> None:
        db_spec = db.request_spec_create(self._context, {
            'instance_uuid': self.instance_uuid, 'spec': self._spec_json()})
        self._from_db_object(self._context, self, db_spec)

    @base.remotable
    def save(self) -> None:
        db_spec = db.request_spec_update(self._context, self.instance_uuid,
                                         {'spec': self._spec_json()})
        self._from_db_object(self._context, self, db_spec)
