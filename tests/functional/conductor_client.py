"""A client daemon-like process for tests/functional/test_conductor.py.

Run as `python -m tests.functional.conductor_client --config-file F`. It sets up
conductor access exactly as novum-api does, then answers one JSON line per command
read from stdin: `scenario`, `get <uuid>`, `quit`.
"""
# ruff: noqa: E402, I001  (the monkey-patching import must come first)

import novum.cmd  # noqa: F401  (monkey-patches first, as every daemon does)

import json
import os
import sys

import oslo_messaging

from novum import config
from novum import context
from novum import exception
from novum import objects
from novum import service
from novum.db import api as db_api

DB_PORTS = (3306, 5432)


def novum_class_name(error: Exception) -> str:
    """The novum.exception class of `error` (RPC re-raises a `<Name>_Remote` subclass)."""
    return next(cls.__name__ for cls in type(error).__mro__
                if cls.__module__ == exception.__name__)


def scenario(ctxt) -> dict:
    """Create, read, save with an expected state, list, and fail two ways."""
    flavor = objects.Flavor.get_by_name(ctxt, 'm1.small')
    instance = objects.Instance(ctxt, display_name='vm1', project_id=ctxt.project_id,
                                user_id=ctxt.user_id, flavor=flavor, vm_state='building',
                                task_state='scheduling', metadata={'role': 'db'})
    instance.create()
    second = objects.Instance(ctxt, display_name='vm2', project_id=ctxt.project_id,
                              user_id=ctxt.user_id, flavor=flavor, vm_state='building')
    second.create()
    instance.task_state = None
    instance.vm_state = 'active'
    instance.metadata = {'role': 'web', 'tier': '1'}
    instance.save(expected_task_state='scheduling')
    fetched = objects.Instance.get_by_uuid(ctxt, instance.uuid)
    fetched_state = [fetched.uuid == instance.uuid, fetched.vm_state, fetched.task_state,
                     fetched.flavor.name, fetched.metadata]
    errors = []
    try:
        fetched.task_state = 'deleting'
        fetched.save(expected_task_state='spawning')
    except exception.UnexpectedTaskStateError as e:
        errors.append(novum_class_name(e))
    try:
        objects.Instance.get_by_uuid(ctxt, '00000000-0000-0000-0000-000000000000')
    except exception.InstanceNotFound as e:
        errors.append(e.format_message())
    listed = objects.InstanceList.get_by_filters(ctxt, {'project_id': ctxt.project_id},
                                                 sort_keys=['display_name'],
                                                 sort_dirs=['asc'])
    return {
        'created': [instance.display_name, instance.vm_state, instance.vcpus,
                    instance.memory_mb, bool(instance.id), instance.created_at is not None],
        'fetched': fetched_state,
        'listed': [[i.display_name, i.vm_state, i.task_state] for i in listed],
        'errors': errors,
        'uuid': instance.uuid,
    }


def db_proof(database_file: str | None) -> dict:
    """What this process holds open towards any database."""
    sockets, files = set(), []
    for fd in os.listdir('/proc/self/fd'):
        try:
            target = os.readlink(f'/proc/self/fd/{fd}')
        except OSError:
            continue
        if target.startswith('socket:['):
            sockets.add(target[8:-1])
        elif database_file and target == database_file:
            files.append(target)
    db_connections = 0
    for table in ('tcp', 'tcp6'):
        with open(f'/proc/self/net/{table}') as f:
            for row in f.readlines()[1:]:
                fields = row.split()
                port = int(fields[2].rsplit(':', 1)[1], 16)
                if fields[9] in sockets and port in DB_PORTS:
                    db_connections += 1
    try:
        db_api.instance_get_by_uuid(context.get_admin_context(), 'x')
        blocked = None
    except exception.DBNotAllowed as e:
        blocked = e.format_message()
    except exception.NotFound:
        blocked = None
    return {'engine_started': db_api.connection_started(), 'db_tcp_connections': db_connections,
            'db_files_open': files, 'direct_db_call': blocked}


def main() -> None:
    config.parse_args([sys.argv[0], *sys.argv[1:]])
    service.setup_conductor_access('novum-api')
    ctxt = context.RequestContext(user_id='user1', project_id=os.environ['NOVUM_TEST_PROJECT'])
    database_file = os.environ.get('NOVUM_TEST_DB_FILE')
    print(json.dumps({'ready': True}), flush=True)
    for line in sys.stdin:
        command, _, argument = line.strip().partition(' ')
        try:
            if command == 'scenario':
                result = {'scenario': scenario(ctxt), 'proof': db_proof(database_file)}
            elif command == 'get':
                result = {'vm_state': objects.Instance.get_by_uuid(ctxt, argument).vm_state}
            elif command == 'quit':
                return
            else:
                result = {'error': f'unknown command {command}'}
        except Exception as e:  # report, keep serving: the test decides what it means
            result = {'error': novum_class_name(e) if isinstance(e, exception.NovumException)
                      else type(e).__name__, 'message': str(e).split('\n')[0],
                      'is_messaging_timeout': isinstance(e, oslo_messaging.MessagingTimeout)}
        print(json.dumps(result), flush=True)


if __name__ == '__main__':
    main()
