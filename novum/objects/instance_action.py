"""InstanceAction and InstanceActionEvent: the audit trail of what was done to a server."""

import traceback

from oslo_utils import timeutils

from novum.db import api as db
from novum.objects import base, fields


def _now():
    return timeutils.utcnow()


@base.NovumObjectRegistry.register
class InstanceAction(base.NovumPersistentObject, base.NovumObject):
    # Version 1.0: Initial version
    # Version 1.1: Removed action_start_many (never called; create_all_with_action of
    #              InstanceList starts the actions of a multi-create)
    VERSION = '1.1'

    fields = {
        'id': fields.IntegerField(),
        'action': fields.StringField(nullable=True),
        'instance_uuid': fields.UUIDField(nullable=True),
        'request_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'start_time': fields.DateTimeField(nullable=True),
        'finish_time': fields.DateTimeField(nullable=True),
        'message': fields.StringField(nullable=True),
    }

    @staticmethod
    def _from_db_object(context, action: 'InstanceAction', db_action) -> 'InstanceAction':
        action._context = context
        return base.from_db_object(action, db_action)

    @staticmethod
    def pack_action_start(context, instance_uuid: str, action_name: str) -> dict:
        return {'request_id': context.request_id, 'user_id': context.user_id,
                'project_id': context.project_id, 'instance_uuid': instance_uuid,
                'action': action_name, 'start_time': _now()}

    @classmethod
    @base.remotable
    def action_start(cls, context, instance_uuid: str, action_name: str,
                     want_result: bool = True) -> 'InstanceAction | None':
        db_action = db.action_start(context,
                                    cls.pack_action_start(context, instance_uuid, action_name))
        return cls._from_db_object(context, cls(), db_action) if want_result else None

    @classmethod
    @base.remotable
    def action_finish(cls, context, instance_uuid: str,
                      want_result: bool = True) -> 'InstanceAction | None':
        db_action = db.action_finish(context, instance_uuid, context.request_id,
                                     {'finish_time': _now()})
        return cls._from_db_object(context, cls(), db_action) if want_result else None

    @classmethod
    @base.remotable
    def get_by_request_id(cls, context, instance_uuid: str,
                          request_id: str) -> 'InstanceAction':
        return cls._from_db_object(
            context, cls(), db.action_get_by_request_id(context, instance_uuid, request_id))


@base.NovumObjectRegistry.register
class InstanceActionList(base.ObjectListBase, base.NovumObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('InstanceAction')}

    @classmethod
    @base.remotable
    def get_by_instance_uuid(cls, context, instance_uuid: str) -> 'InstanceActionList':
        return base.obj_make_list(context, cls(context), db.actions_get(context, instance_uuid))


@base.NovumObjectRegistry.register
class InstanceActionEvent(base.NovumPersistentObject, base.NovumObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'event': fields.StringField(nullable=True),
        'action_id': fields.IntegerField(nullable=True),
        'start_time': fields.DateTimeField(nullable=True),
        'finish_time': fields.DateTimeField(nullable=True),
        'result': fields.StringField(nullable=True),
        'traceback': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
        'details': fields.StringField(nullable=True),
    }

    @staticmethod
    def _from_db_object(context, event: 'InstanceActionEvent',
                        db_event) -> 'InstanceActionEvent':
        event._context = context
        return base.from_db_object(event, db_event)

    @classmethod
    @base.remotable
    def event_start(cls, context, instance_uuid: str, event_name: str,
                    host: str | None = None,
                    want_result: bool = True) -> 'InstanceActionEvent | None':
        db_event = db.action_event_start(context, instance_uuid, context.request_id,
                                         {'event': event_name, 'start_time': _now(),
                                          'host': host})
        return cls._from_db_object(context, cls(), db_event) if want_result else None

    @classmethod
    @base.remotable
    def event_finish(cls, context, instance_uuid: str, event_name: str,
                     error_message: str | None = None, error_traceback: str | None = None,
                     want_result: bool = True) -> 'InstanceActionEvent | None':
        values = {'finish_time': _now(), 'result': 'Error' if error_message else 'Success'}
        if error_message:
            values.update(details=error_message, traceback=error_traceback)
        db_event = db.action_event_finish(context, instance_uuid, context.request_id,
                                          event_name, values)
        return cls._from_db_object(context, cls(), db_event) if want_result else None

    @classmethod
    def event_finish_with_failure(cls, context, instance_uuid: str, event_name: str,
                                  error: BaseException) -> None:
        cls.event_finish(context, instance_uuid, event_name,
                         error_message=str(error) or type(error).__name__,
                         error_traceback=''.join(traceback.format_exception(error)),
                         want_result=False)


@base.NovumObjectRegistry.register
class InstanceActionEventList(base.ObjectListBase, base.NovumObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('InstanceActionEvent')}

    @classmethod
    @base.remotable
    def get_by_action(cls, context, action_id: int) -> 'InstanceActionEventList':
        return base.obj_make_list(context, cls(context), db.action_events_get(context, action_id))
