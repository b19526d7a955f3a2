"""Base classes of Novum's versioned objects.

Remotable methods (`@remotable`, on methods and classmethods) run locally when
`NovumObject.indirection_api` is None (the conductor, use_local) and otherwise go over
RPC to the conductor through `indirection_api` (set at service start, see
novum/service.py).
"""

import datetime

from oslo_utils import versionutils
from oslo_versionedobjects import base as ovoo_base
from oslo_versionedobjects import fields as ovoo_fields

from novum import objects
from novum.objects import fields

remotable = ovoo_base.remotable
obj_make_list = ovoo_base.obj_make_list


class NovumObjectRegistry(ovoo_base.VersionedObjectRegistry):
    def registration_hook(self, cls, index):
        # Keep novum.objects.<Name> pointing at the newest registered version.
        version = versionutils.convert_version_to_tuple(cls.VERSION)
        current = getattr(objects, cls.obj_name(), None)
        if current is None or version >= versionutils.convert_version_to_tuple(
                current.VERSION):
            setattr(objects, cls.obj_name(), cls)


class NovumObject(ovoo_base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'novum_object'
    OBJ_PROJECT_NAMESPACE = 'novum'

    def obj_changes_for_db(self) -> dict:
        """Changed fields as column values (only what changed is written)."""
        return {name: getattr(self, name) for name in self.obj_what_changed()}


class NovumPersistentObject:
    """Mixin of the columns every table has (soft delete as Nova does)."""

    fields = {
        'created_at': ovoo_fields.DateTimeField(nullable=True),
        'updated_at': ovoo_fields.DateTimeField(nullable=True),
        'deleted_at': ovoo_fields.DateTimeField(nullable=True),
        'deleted': ovoo_fields.BooleanField(default=False),
    }


class ObjectListBase(ovoo_base.ObjectListBase):
    pass


class NovumObjectSerializer(ovoo_base.VersionedObjectSerializer):
    """What RPC uses to carry objects; asks the conductor to backport too-new ones."""

    OBJ_BASE_CLASS = NovumObject


def from_db_object(obj: NovumObject, db_row, skip: tuple = ()) -> NovumObject:
    """Fill `obj` from a model row, field by field, and mark it unchanged."""
    for name, field in obj.fields.items():
        if name in skip or not hasattr(db_row, name):
            continue
        value = getattr(db_row, name)
        if name == 'deleted':
            value = bool(value)
        elif isinstance(field, ovoo_fields.DateTimeField) and isinstance(value,
                                                                         datetime.datetime):
            value = value.replace(tzinfo=datetime.UTC) if value.tzinfo is None \
                else value
        setattr(obj, name, value)
    obj.obj_reset_changes()
    return obj


def to_db_values(values: dict) -> dict:
    """Naive UTC datetimes for the database, as SQLAlchemy columns store them."""
    return {key: (value.astimezone(datetime.UTC).replace(tzinfo=None)
                  if isinstance(value, datetime.datetime) and value.tzinfo else value)
            for key, value in values.items()}


__all__ = ['NovumObject', 'NovumObjectRegistry', 'NovumObjectSerializer',
           'NovumPersistentObject', 'ObjectListBase', 'fields', 'from_db_object',
           'obj_make_list', 'remotable', 'to_db_values']
