"""Instance actions, their events, and instance faults (the audit trail of a server)."""

from novum import exception
from novum.db import models
from novum.db.api.session import model_query, reader, writer


@writer
def action_start(context, values: dict) -> models.InstanceAction:
    action = models.InstanceAction(**values)
    context.session.add(action)
    context.session.flush()
    return action


@writer
def action_finish(context, instance_uuid: str, request_id: str,
                  values: dict) -> models.InstanceAction:
    action = action_get_by_request_id(context, instance_uuid, request_id)
    action.update(values)
    context.session.flush()
    return action


@reader
def action_get_by_request_id(context, instance_uuid: str,
                             request_id: str) -> models.InstanceAction:
    action = (model_query(context, models.InstanceAction)
              .filter_by(instance_uuid=instance_uuid, request_id=request_id)
              .order_by(models.InstanceAction.id.desc()).first())
    if action is None:
        raise exception.InstanceActionNotFound(instance_uuid=instance_uuid,
                                               request_id=request_id)
    return action


@reader
def actions_get(context, instance_uuid: str) -> list[models.InstanceAction]:
    return (model_query(context, models.InstanceAction, read_deleted='yes')
            .filter_by(instance_uuid=instance_uuid)
            .order_by(models.InstanceAction.created_at.desc(),
                      models.InstanceAction.id.desc()).all())


@writer
def action_event_start(context, instance_uuid: str, request_id: str,
                       values: dict) -> models.InstanceActionEvent:
    action = action_get_by_request_id(context, instance_uuid, request_id)
    event = models.InstanceActionEvent(action_id=action.id, **values)
    context.session.add(event)
    context.session.flush()
    return event


@writer
def action_event_finish(context, instance_uuid: str, request_id: str, event_name: str,
                        values: dict) -> models.InstanceActionEvent:
    action = action_get_by_request_id(context, instance_uuid, request_id)
    event = (model_query(context, models.InstanceActionEvent)
             .filter_by(action_id=action.id, event=event_name)
             .order_by(models.InstanceActionEvent.id.desc()).first())
    if event is None:
        event = models.InstanceActionEvent(action_id=action.id, event=event_name,
                                           start_time=values.get('finish_time'))
        context.session.add(event)
    event.update(values)
    if values.get('result') == 'Error':
        action.message = 'Error'
    context.session.flush()
    return event


@reader
def action_events_get(context, action_id: int) -> list[models.InstanceActionEvent]:
    return (model_query(context, models.InstanceActionEvent)
            .filter_by(action_id=action_id)
            .order_by(models.InstanceActionEvent.id).all())


@writer
def instance_fault_create(context, values: dict) -> models.InstanceFault:
    fault = models.InstanceFault(**values)
    context.session.add(fault)
    context.session.flush()
    return fault


@reader
def instance_fault_get_by_instance_uuids(context, uuids: list[str]) -> dict:
    """{uuid: [its newest fault]} ([] for an instance without one)."""
    result = {uuid: [] for uuid in uuids}
    if not uuids:
        return result
    rows = (model_query(context, models.InstanceFault)
            .filter(models.InstanceFault.instance_uuid.in_(uuids))
            .order_by(models.InstanceFault.created_at.desc(),
                      models.InstanceFault.id.desc()).all())
    for row in rows:
        if not result[row.instance_uuid]:
            result[row.instance_uuid].append(row)
    return result
