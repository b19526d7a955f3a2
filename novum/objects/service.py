"""Service: one running daemon (host + binary), its heartbeat and enabled state."""

import datetime

from oslo_utils import timeutils

from novum import conf
from novum.db import api as db
from novum.objects import base, fields

CONF = conf.CONF

# The binary name every compute service is recorded under (the API shows Nova's
# nova-compute, see api/views/services.py).
COMPUTE_BINARY = 'novum-compute'


@base.NovumObjectRegistry.register
class Service(base.NovumPersistentObject, base.NovumObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'host': fields.StringField(),
        'binary': fields.StringField(),
        'topic': fields.StringField(nullable=True),
        'report_count': fields.IntegerField(default=0),
        'disabled': fields.BooleanField(default=False),
        'disabled_reason': fields.StringField(nullable=True),
        'forced_down': fields.BooleanField(default=False),
        'last_seen_up': fields.DateTimeField(nullable=True),
        'version': fields.IntegerField(default=0),
    }

    @staticmethod
    def _from_db_object(context, service: 'Service', db_service) -> 'Service':
        service._context = context
        return base.from_db_object(service, db_service)

    def is_up(self, now: datetime.datetime | None = None) -> bool:
        """The servicegroup DB driver's verdict: a heartbeat within service_down_time."""
        if self.forced_down:
            return False
        last = self.last_seen_up or self.updated_at or self.created_at
        if last is None:
            return False
        now = now or timeutils.utcnow(with_timezone=True)
        return abs((now - last).total_seconds()) <= CONF.service_down_time

    @classmethod
    @base.remotable
    def get_by_id(cls, context, service_id) -> 'Service':
        return cls._from_db_object(context, cls(), db.service_get(context, service_id))

    @classmethod
    @base.remotable
    def get_by_host_and_binary(cls, context, host: str, binary: str) -> 'Service':
        return cls._from_db_object(context, cls(),
                                   db.service_get_by_host_and_binary(context, host, binary))

    @base.remotable
    def create(self) -> None:
        values = base.to_db_values(self.obj_get_changes())
        values.pop('id', None)
        self._from_db_object(self._context, self, db.service_create(self._context, values))

    @base.remotable
    def save(self) -> None:
        changes = base.to_db_values(self.obj_get_changes())
        if changes:
            self._from_db_object(self._context, self,
                                 db.service_update(self._context, self.id, changes))

    @base.remotable
    def heartbeat(self) -> None:
        """Report this service alive: report_count += 1, last_seen_up = now."""
        self._from_db_object(self._context, self, db.service_heartbeat(self._context, self.id))

    @base.remotable
    def destroy(self) -> None:
        db.service_destroy(self._context, self.id)


@base.NovumObjectRegistry.register
class ServiceList(base.ObjectListBase, base.NovumObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('Service')}

    @classmethod
    @base.remotable
    def get_all(cls, context, filters: dict | None = None) -> 'ServiceList':
        return base.obj_make_list(context, cls(context), db.service_get_all(context, filters))

    @classmethod
    @base.remotable
    def get_by_binary(cls, context, binary: str) -> 'ServiceList':
        return base.obj_make_list(context, cls(context),
                                  db.service_get_all(context, {'binary': binary}))
