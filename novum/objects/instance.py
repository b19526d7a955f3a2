"""Instance: a server, its states, flavor and metadata."""

import datetime

from oslo_utils import timeutils, versionutils

from novum import exception
from novum.compute import vm_states
from novum.db import api as db
from novum.objects import base, fields, instance_fault
from novum.objects import flavor as flavor_obj

# Attributes loaded only when asked for (expected_attrs), or lazily on first access.
OPTIONAL_ATTRS = ('fault',)


@base.NovumObjectRegistry.register
class Instance(base.NovumPersistentObject, base.NovumObject):
    # Version 1.0: Initial version
    # Version 1.1: Added destroy_unplaced
    # Version 1.2: Added update_states
    # Version 1.3: update_states records action events (event_start, event_finish, host)
    # Version 1.4: Added save_error
    # Version 1.5: Added access_ip_v4, access_ip_v6
    # Version 1.6: save_error(unplaced=); Added take_over_build
    # Version 1.7: Added tags (the names of the server's tags, 2.26)
    # Version 1.8: Added old_flavor, new_flavor (set while a resize or migration is in
    #              flight, as Nova's)
    VERSION = '1.8'

    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'image_ref': fields.StringField(nullable=True),
        'hostname': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
        'node': fields.StringField(nullable=True),
        'flavor': fields.ObjectField('Flavor'),
        'old_flavor': fields.ObjectField('Flavor', nullable=True),
        'new_flavor': fields.ObjectField('Flavor', nullable=True),
        'memory_mb': fields.IntegerField(nullable=True),
        'vcpus': fields.IntegerField(nullable=True),
        'root_gb': fields.IntegerField(nullable=True),
        'ephemeral_gb': fields.IntegerField(nullable=True),
        'display_name': fields.StringField(nullable=True),
        'display_description': fields.StringField(nullable=True),
        'availability_zone': fields.StringField(nullable=True),
        'reservation_id': fields.StringField(nullable=True),
        'launch_index': fields.IntegerField(nullable=True),
        'key_name': fields.StringField(nullable=True),
        'key_data': fields.StringField(nullable=True),
        'vm_state': fields.StringField(nullable=True),
        'task_state': fields.StringField(nullable=True),
        'power_state': fields.IntegerField(nullable=True),
        'scheduled_at': fields.DateTimeField(nullable=True),
        'launched_at': fields.DateTimeField(nullable=True),
        'terminated_at': fields.DateTimeField(nullable=True),
        'locked': fields.BooleanField(default=False),
        'config_drive': fields.StringField(nullable=True),
        'progress': fields.IntegerField(nullable=True),
        'access_ip_v4': fields.StringField(nullable=True),
        'access_ip_v6': fields.StringField(nullable=True),
        'metadata': fields.DictOfStringsField(default={}),
        'fault': fields.ObjectField('InstanceFault', nullable=True),
        'tags': fields.ListOfStringsField(default=[]),
    }

    def obj_make_compatible(self, primitive: dict, target_version: str) -> None:
        super().obj_make_compatible(primitive, target_version)
        version = versionutils.convert_version_to_tuple(target_version)
        if version < (1, 8):
            primitive.pop('old_flavor', None)
            primitive.pop('new_flavor', None)
        if version < (1, 7):
            primitive.pop('tags', None)
        if version < (1, 5):
            primitive.pop('access_ip_v4', None)
            primitive.pop('access_ip_v6', None)

    @staticmethod
    def _from_db_object(context, instance: 'Instance', db_inst,
                        expected_attrs: list | None = None) -> 'Instance':
        instance._context = context
        base.from_db_object(instance, db_inst, skip=('flavor', 'old_flavor', 'new_flavor',
                                                     'metadata', 'fault', 'tags'))
        if db_inst.flavor:
            instance.flavor = flavor_obj.Flavor.obj_from_primitive(db_inst.flavor)
        for name in ('old_flavor', 'new_flavor'):
            primitive = getattr(db_inst, name)
            setattr(instance, name, flavor_obj.Flavor.obj_from_primitive(primitive)
                    if primitive else None)
        instance.metadata = {item.key: item.value for item in db_inst.metadata_items}
        instance.tags = [row.tag for row in db_inst.tag_rows]
        instance.obj_reset_changes()
        return instance

    def _db_values(self, changes: dict) -> dict:
        values = base.to_db_values(changes)
        values.pop('fault', None)
        values.pop('tags', None)
        values.pop('id', None)
        if 'flavor' in changes:
            flavor = changes['flavor']
            values['flavor'] = flavor.obj_to_primitive()
            values.update(memory_mb=flavor.memory_mb, vcpus=flavor.vcpus,
                          root_gb=flavor.root_gb, ephemeral_gb=flavor.ephemeral_gb)
        for name in ('old_flavor', 'new_flavor'):
            if name in changes:
                values[name] = (changes[name].obj_to_primitive()
                                if changes[name] is not None else None)
        return values

    def obj_load_attr(self, attrname: str) -> None:
        if attrname != 'fault':
            raise exception.ObjectActionError(action='obj_load_attr',
                                              reason=f'attribute {attrname} not lazy-loadable')
        self.fault = instance_fault.InstanceFault.get_latest_for_instance(
            self._context, self.uuid)
        self.obj_reset_changes(['fault'])

    @classmethod
    @base.remotable
    def get_by_uuid(cls, context, uuid: str, expected_attrs: list | None = None) -> 'Instance':
        instance = cls._from_db_object(context, cls(), db.instance_get_by_uuid(context, uuid))
        if 'fault' in (expected_attrs or ()):
            instance.fault = instance_fault.InstanceFault.get_latest_for_instance(context, uuid)
            instance.obj_reset_changes(['fault'])
        return instance

    @base.remotable
    def create(self) -> None:
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create', reason='already created')
        db_inst = db.instance_create(self._context, self._db_values(self.obj_get_changes()))
        self._from_db_object(self._context, self, db_inst)

    @base.remotable
    def save(self, expected_vm_state=None, expected_task_state=None) -> None:
        """Write the changed fields; with expected_*_state, only if the instance is
        still in one of those states (else UnexpectedTaskStateError)."""
        changes = self.obj_get_changes()
        changes.pop('fault', None)
        if not changes:
            return
        db_inst = db.instance_update(self._context, self.uuid, self._db_values(changes),
                                     expected=_expected(expected_vm_state, expected_task_state))
        self._from_db_object(self._context, self, db_inst)

    @base.remotable
    def save_error(self, fault, expected_vm_state=None, expected_task_state=None,
                   unplaced: bool = False) -> None:
        """vm_state error, task_state None (with any other changed fields) and `fault`,
        the InstanceFault saying why, written in one transaction; with expected_*_state
        only if the instance is still in one of those states, with `unplaced` only if
        it still has no host (else UnexpectedTaskStateError)."""
        self.vm_state = vm_states.ERROR
        self.task_state = None
        changes = self.obj_get_changes()
        changes.pop('fault', None)
        fault_values = fault.obj_get_changes()
        fault_values.pop('id', None)
        fault_values.pop('instance_uuid', None)
        expected = _expected(expected_vm_state, expected_task_state)
        if unplaced:
            expected['host'] = [None]
        db_inst = db.instance_update_with_fault(
            self._context, self.uuid, self._db_values(changes), fault_values,
            expected=expected)
        self._from_db_object(self._context, self, db_inst)

    def _mark_destroyed(self, db_inst) -> None:
        self.deleted = True
        self.deleted_at = db_inst.deleted_at
        self.terminated_at = db_inst.terminated_at
        self.vm_state = vm_states.DELETED
        self.task_state = None
        self.obj_reset_changes()

    @base.remotable
    def destroy(self) -> None:
        self._mark_destroyed(db.instance_destroy(self._context, self.uuid))

    @base.remotable
    def destroy_unplaced(self) -> bool:
        """Destroy the instance only if no host claimed it yet; False if one did."""
        db_inst = db.instance_destroy_unplaced(self._context, self.uuid)
        if db_inst is None:
            return False
        self._mark_destroyed(db_inst)
        return True

    @classmethod
    @base.remotable
    def update_states(cls, context, uuid: str, values: dict, expected_task_state: list,
                      launched: bool = False, event_start: str | None = None,
                      event_finish: str | None = None, host: str | None = None) -> None:
        """Set vm_state/task_state/power_state/progress with one conditional UPDATE
        and no read back, starting or finishing an action event in the same
        transaction (the compute's build steps); see save_states."""
        db.instance_update_states(context, uuid, values, expected_task_state,
                                  launched=launched, event_start=event_start,
                                  event_finish=event_finish, host=host)

    def save_states(self, expected_task_state, event_start: str | None = None,
                    event_finish: str | None = None, host: str | None = None) -> None:
        """Like save(expected_task_state=...) for changed state fields only, in one
        cheap round trip: the instance is not read back, its fields are kept as set."""
        changes = self.obj_get_changes()
        launched = 'launched_at' in changes
        values = {key: value for key, value in changes.items()
                  if key in ('vm_state', 'task_state', 'power_state', 'progress')}
        if set(changes) - set(values) - {'launched_at'}:
            raise exception.ObjectActionError(
                action='save_states', reason=f'not state fields: {sorted(changes)}')
        self.update_states(self._context, self.uuid, values, list(expected_task_state),
                           launched=launched, event_start=event_start,
                           event_finish=event_finish, host=host)
        self.obj_reset_changes()

    @base.remotable
    def take_over_build(self) -> bool:
        """Claim the right to drive this abandoned build on: True for the one caller
        that found it unchanged (same updated_at, host and task_state, still building)
        and moved its updated_at to now; False for every other."""
        taken = db.instance_take_over_build(self._context, self.uuid, self.updated_at,
                                            self.host, self.task_state)
        if taken:
            self.updated_at = timeutils.utcnow(with_timezone=True)
            self.obj_reset_changes(['updated_at'])
        return taken

    @base.remotable
    def refresh(self) -> None:
        current = self.get_by_uuid(self._context, self.uuid)
        for name in self.fields:
            if current.obj_attr_is_set(name) and getattr(self, name, None) != getattr(
                    current, name):
                setattr(self, name, getattr(current, name))
        self.obj_reset_changes()


@base.NovumObjectRegistry.register
class InstanceList(base.ObjectListBase, base.NovumObject):
    # Version 1.0: Initial version
    # Version 1.1: Added create_all_with_action
    # Version 1.2: Removed create_all (never called; see create_all_with_action)
    # Version 1.3: Added get_building
    VERSION = '1.3'

    fields = {'objects': fields.ListOfObjectsField('Instance')}

    @classmethod
    def _make(cls, context, db_instances, expected_attrs) -> 'InstanceList':
        result = base.obj_make_list(context, cls(context), db_instances)
        if 'fault' in (expected_attrs or ()):
            faults = db.instance_fault_get_by_instance_uuids(
                context, [instance.uuid for instance in result])
            for instance in result:
                rows = faults[instance.uuid]
                instance.fault = (instance_fault.InstanceFault._from_db_object(
                    context, instance_fault.InstanceFault(), rows[0]) if rows else None)
                instance.obj_reset_changes(['fault'])
        return result

    @classmethod
    @base.remotable
    def get_by_filters(cls, context, filters: dict | None = None,
                       sort_keys: list | None = None, sort_dirs: list | None = None,
                       limit: int | None = None, marker: str | None = None,
                       expected_attrs: list | None = None) -> 'InstanceList':
        rows = db.instance_get_all_by_filters(context, filters, limit=limit, marker=marker,
                                              sort_keys=sort_keys, sort_dirs=sort_dirs)
        return cls._make(context, rows, expected_attrs)

    @classmethod
    @base.remotable
    def get_by_host(cls, context, host: str,
                    expected_attrs: list | None = None) -> 'InstanceList':
        rows = db.instance_get_all_by_filters(context, {'host': host})
        return cls._make(context, rows, expected_attrs)

    @classmethod
    @base.remotable
    def get_building(cls, context, idle_seconds: int | None = None,
                     age_seconds: int | None = None,
                     host: str | None = None) -> 'InstanceList':
        """Instances in vm_state building, oldest first: those unchanged for more than
        `idle_seconds` (abandoned builds), created more than `age_seconds` ago (past
        the build timeout), on `host` (a compute's own). Ages are measured by the
        conductor's clock, the one that wrote the timestamps."""
        now = timeutils.utcnow()
        return cls._make(context, db.instance_get_building(
            context,
            updated_before=None if idle_seconds is None else _seconds_before(now, idle_seconds),
            created_before=None if age_seconds is None else _seconds_before(now, age_seconds),
            host=host), ())

    @classmethod
    @base.remotable
    def create_all_with_action(cls, context, instances: list,
                               action_name: str) -> 'InstanceList':
        """Create one request's instances and start `action_name` on each, in one
        transaction and one RPC round trip (the compute API's create)."""
        action = _action_values(context, action_name)
        rows = db.instance_create_many_with_action(
            context, [instance._db_values(instance.obj_get_changes()) for instance in instances],
            action)
        return cls._make(context, rows, ())


def _seconds_before(now, seconds: int):
    return now - datetime.timedelta(seconds=seconds)


def _expected(vm_state, task_state) -> dict:
    """The expected-state condition of a conditional update, each as a list."""
    expected = {}
    for column, value in (('vm_state', vm_state), ('task_state', task_state)):
        if value is not None:
            expected[column] = value if isinstance(value, (list, tuple)) else [value]
    return expected


def _action_values(context, action_name: str) -> dict:
    """The columns of an InstanceAction row started now by `context`'s request."""
    return {'request_id': context.request_id, 'user_id': context.user_id,
            'project_id': context.project_id, 'action': action_name,
            'start_time': timeutils.utcnow()}
