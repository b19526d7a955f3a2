"""InstanceFault: why an instance went to ERROR (shown as the server's "fault")."""

import traceback

from novum.db import api as db
from novum.objects import base, fields


@base.NovumObjectRegistry.register
class InstanceFault(base.NovumPersistentObject, base.NovumObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'instance_uuid': fields.UUIDField(),
        'code': fields.IntegerField(),
        'message': fields.StringField(nullable=True),
        'details': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
    }

    @staticmethod
    def _from_db_object(context, fault: 'InstanceFault', db_fault) -> 'InstanceFault':
        fault._context = context
        return base.from_db_object(fault, db_fault)

    @classmethod
    @base.remotable
    def get_latest_for_instance(cls, context, instance_uuid: str) -> 'InstanceFault | None':
        rows = db.instance_fault_get_by_instance_uuids(context, [instance_uuid])[instance_uuid]
        return cls._from_db_object(context, cls(), rows[0]) if rows else None

    @base.remotable
    def create(self) -> None:
        values = self.obj_get_changes()
        values.pop('id', None)
        self._from_db_object(self._context, self,
                             db.instance_fault_create(self._context, values))

    @classmethod
    def from_exception(cls, context, instance_uuid: str, error: BaseException,
                       host: str | None = None) -> 'InstanceFault':
        """A fault (not yet created) describing `error` as Nova does."""
        code = getattr(error, 'code', 500)
        message = (error.format_message() if hasattr(error, 'format_message')
                   else str(error)) or type(error).__name__
        details = ''.join(traceback.format_exception(error)) if code == 500 else ''
        return cls(context, instance_uuid=instance_uuid,
                   code=code if isinstance(code, int) else 500,
                   message=message[:255], details=details, host=host)


@base.NovumObjectRegistry.register
class InstanceFaultList(base.ObjectListBase, base.NovumObject):
    # Version 1.0: Initial version
    # Version 1.1: Removed get_by_instance_uuids (never called)
    VERSION = '1.1'

    fields = {'objects': fields.ListOfObjectsField('InstanceFault')}
