"""Flavor: the size of a server (vCPUs, RAM, disks)."""

from novum.db import api as db
from novum.objects import base, fields


@base.NovumObjectRegistry.register
class Flavor(base.NovumPersistentObject, base.NovumObject):
    # Version 1.0: Initial version
    # Version 1.1: Added description
    # Version 1.2: Added update_extra_specs
    VERSION = '1.2'

    fields = {
        'id': fields.IntegerField(),
        'flavorid': fields.StringField(),
        'name': fields.StringField(),
        'memory_mb': fields.IntegerField(),
        'vcpus': fields.IntegerField(),
        'root_gb': fields.IntegerField(),
        'ephemeral_gb': fields.IntegerField(default=0),
        'swap': fields.IntegerField(default=0),
        'rxtx_factor': fields.FloatField(default=1.0),
        'is_public': fields.BooleanField(default=True),
        'disabled': fields.BooleanField(default=False),
        'description': fields.StringField(nullable=True),
        'extra_specs': fields.DictOfStringsField(default={}),
    }

    def obj_make_compatible(self, primitive: dict, target_version: str) -> None:
        super().obj_make_compatible(primitive, target_version)
        if target_version == '1.0':
            primitive.pop('description', None)

    @staticmethod
    def _from_db_object(context, flavor: 'Flavor', db_flavor) -> 'Flavor':
        flavor._context = context
        return base.from_db_object(flavor, db_flavor)

    @classmethod
    @base.remotable
    def get_by_id(cls, context, id: int) -> 'Flavor':
        return cls._from_db_object(context, cls(), db.flavor_get(context, id))

    @classmethod
    @base.remotable
    def get_by_flavor_id(cls, context, flavorid: str) -> 'Flavor':
        return cls._from_db_object(context, cls(), db.flavor_get_by_flavor_id(context, flavorid))

    @classmethod
    @base.remotable
    def get_by_name(cls, context, name: str) -> 'Flavor':
        return cls._from_db_object(context, cls(), db.flavor_get_by_name(context, name))

    @base.remotable
    def create(self) -> None:
        values = self.obj_get_changes()
        values.pop('id', None)
        self._from_db_object(self._context, self, db.flavor_create(self._context, values))

    @base.remotable
    def destroy(self) -> None:
        db.flavor_destroy(self._context, self.flavorid)

    @base.remotable
    def update_extra_specs(self, updates: dict, deletes: list | None = None) -> None:
        """Set and remove extra specs in one locked read-modify-write of the row, so
        concurrent updates of different keys do not lose each other."""
        specs = db.flavor_extra_specs_update(self._context, self.flavorid,
                                             {key: str(value) for key, value in updates.items()},
                                             list(deletes or ()))
        self.extra_specs = specs
        self.obj_reset_changes(['extra_specs'])


@base.NovumObjectRegistry.register
class FlavorList(base.ObjectListBase, base.NovumObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('Flavor')}

    @classmethod
    @base.remotable
    def get_all(cls, context, filters: dict | None = None, sort_key: str = 'flavorid',
                sort_dir: str = 'asc', limit: int | None = None,
                marker: str | None = None) -> 'FlavorList':
        rows = db.flavor_get_all(context, filters, sort_key, sort_dir, limit, marker)
        return base.obj_make_list(context, cls(context), rows)
