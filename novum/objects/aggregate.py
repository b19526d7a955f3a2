"""Aggregate: a named set of hosts with metadata; `availability_zone` metadata makes
its hosts an availability zone."""

from novum.db import api as db
from novum.objects import base, fields

AZ_KEY = 'availability_zone'


@base.NovumObjectRegistry.register
class Aggregate(base.NovumPersistentObject, base.NovumObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'name': fields.StringField(),
        'hosts': fields.ListOfStringsField(default=[]),
        'metadata': fields.DictOfStringsField(default={}),
    }

    @property
    def availability_zone(self) -> str | None:
        return self.metadata.get(AZ_KEY)

    @staticmethod
    def _from_db_object(context, aggregate: 'Aggregate', db_aggregate) -> 'Aggregate':
        aggregate._context = context
        base.from_db_object(aggregate, db_aggregate, skip=('hosts', 'metadata'))
        aggregate.hosts = [row.host for row in db_aggregate.host_rows]
        aggregate.metadata = {row.key: row.value for row in db_aggregate.metadata_rows}
        aggregate.obj_reset_changes()
        return aggregate

    def _update(self, db_aggregate) -> None:
        self._from_db_object(self._context, self, db_aggregate)

    @classmethod
    @base.remotable
    def get_by_id(cls, context, aggregate_id: int) -> 'Aggregate':
        return cls._from_db_object(context, cls(), db.aggregate_get(context, aggregate_id))

    @base.remotable
    def create(self) -> None:
        metadata = self.metadata if self.obj_attr_is_set('metadata') else {}
        self._update(db.aggregate_create(self._context, {'name': self.name}, metadata))

    @base.remotable
    def save(self) -> None:
        changes = self.obj_get_changes()
        if 'name' in changes:
            self._update(db.aggregate_update(self._context, self.id, {'name': self.name}))

    @base.remotable
    def update_metadata(self, updates: dict) -> None:
        """Set each key of `updates`; a None value deletes the key."""
        self._update(db.aggregate_metadata_update(self._context, self.id, updates))

    @base.remotable
    def add_host(self, host: str) -> None:
        self._update(db.aggregate_host_add(self._context, self.id, host))

    @base.remotable
    def delete_host(self, host: str) -> None:
        self._update(db.aggregate_host_delete(self._context, self.id, host))

    @base.remotable
    def destroy(self) -> None:
        db.aggregate_delete(self._context, self.id)


@base.NovumObjectRegistry.register
class AggregateList(base.ObjectListBase, base.NovumObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('Aggregate')}

    @classmethod
    def _make(cls, context, rows) -> 'AggregateList':
        result = cls(context, objects=[Aggregate._from_db_object(context, Aggregate(), row)
                                       for row in rows])
        result.obj_reset_changes()
        return result

    @classmethod
    @base.remotable
    def get_all(cls, context) -> 'AggregateList':
        return cls._make(context, db.aggregate_get_all(context))

    @classmethod
    @base.remotable
    def get_by_host(cls, context, host: str) -> 'AggregateList':
        return cls._make(context, db.aggregate_get_by_host(context, host))

    @classmethod
    @base.remotable
    def get_by_metadata_key(cls, context, key: str,
                            hosts: list | None = None) -> 'AggregateList':
        return cls._make(context, db.aggregate_get_by_metadata_key(context, key, hosts))
