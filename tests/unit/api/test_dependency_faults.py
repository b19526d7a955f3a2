"""A dependency that is down answers 503 with Retry-After and Nova's serviceUnavailable
body, never 500; data the database refuses answers 400 (issue 11, items 2 and 5).

The faults are injected at the boundary the API sees: a DB API function raising what
oslo.db raises (with use_local), or an object method raising what oslo.messaging
delivers from a conductor (the exception itself, or a RemoteError naming its class).
"""

import oslo_messaging as messaging
import pytest
from oslo_db import exception as db_exc

from novum import exception, objects
from novum.api import handler
from novum.db import api as db

SERVER_ID = '8a5b4dd1-3a5b-4a4c-9d8a-3d1c0e8d5d2a'


def _raising(error):
    def fail(*args, **kwargs):
        raise error
    return fail


def _unavailable(response) -> str:
    assert response.status == 503, response
    assert set(response.body) == {'serviceUnavailable'}
    assert response.body['serviceUnavailable']['code'] == 503
    assert response.headers['Retry-After'] == str(handler.RETRY_AFTER)
    return response.body['serviceUnavailable']['message']


@pytest.mark.parametrize('error', [
    db_exc.DBConnectionError('(pymysql.err.OperationalError) (2003, "Can\'t connect")'),
    db_exc.DBDeadlock('Deadlock found when trying to get lock'),
    db_exc.CantStartEngineError('no engine'),
])
def test_database_unreachable_is_503(api, monkeypatch, error):
    monkeypatch.setattr(db, 'instance_get_all_by_filters', _raising(error))
    message = _unavailable(api.get('/v2.1/servers'))
    assert message == 'The database is temporarily unavailable, please retry later.'
    assert 'pymysql' not in message


@pytest.mark.parametrize('error', [
    exception.ConductorTimeout(method='object_class_action_versions', timeout=30,
                               topic='conductor'),
    messaging.MessagingTimeout('Timed out waiting for a reply'),
    messaging.MessageDeliveryFailure('Unable to connect to AMQP server'),
])
def test_conductor_or_broker_unreachable_is_503(api, monkeypatch, error):
    monkeypatch.setattr(objects.Quotas, 'get_for_project', _raising(error))
    message = _unavailable(api.get('/v2.1/limits'))
    assert 'novum-conductor' in message


@pytest.mark.parametrize('name', ['DBConnectionError', 'DBDeadlock'])
def test_database_error_arriving_over_rpc_is_503(api, monkeypatch, name):
    # What a conductor's oslo_db exception becomes in the API: oslo_db is not in
    # rpc.ALLOWED_EXMODS, so oslo.messaging re-raises it as a RemoteError.
    monkeypatch.setattr(objects.InstanceList, 'get_by_filters',
                        _raising(messaging.RemoteError(name, 'lost connection', '')))
    assert _unavailable(api.get('/v2.1/servers/detail')) == (
        'The database is temporarily unavailable, please retry later.')


def test_conductor_timeout_on_create_is_503(api, images, monkeypatch):
    monkeypatch.setattr(objects.InstanceList, 'create_all_with_action', _raising(
        exception.ConductorTimeout(method='create_all_with_action', timeout=10,
                                   topic='conductor')))
    response = api.post('/v2.1/servers', {'server': {
        'name': 'vm', 'flavorRef': '1', 'imageRef': '155d900f-4e14-4e4c-a73d-069cbf4541e6'}})
    assert 'No answer from novum-conductor' in _unavailable(response)


@pytest.mark.parametrize('error,detail', [
    (db_exc.DBDataError(Exception('(1406, "Data too long for column \'name\'")')),
     '(1406, "Data too long for column \'name\'")'),
    (db_exc.DBInvalidUnicodeParameter(), 'Invalid Parameter: Encoding directive'),
    (messaging.RemoteError('DBDataError', "(1264, \"Out of range value for column 'ram'\")"
                           "\n[SQL: INSERT INTO flavors ...]", ''),
     "(1264, \"Out of range value for column 'ram'\")"),
])
def test_data_the_database_refuses_is_400(api, monkeypatch, error, detail):
    monkeypatch.setattr(db, 'key_pair_get_all_by_user', _raising(error))
    response = api.get('/v2.1/os-keypairs')
    assert response.status == 400, response
    message = response.body['badRequest']['message']
    assert message.startswith('Invalid input for the database: ' + detail)
    assert '[SQL' not in message
    assert 'Retry-After' not in response.headers


def test_duplicate_entry_is_409(api, monkeypatch):
    monkeypatch.setattr(db, 'key_pair_get_all_by_user',
                        _raising(db_exc.DBDuplicateEntry(columns=['name'])))
    response = api.get('/v2.1/os-keypairs')
    assert response.status == 409, response
    assert response.body['conflictingRequest']['code'] == 409


@pytest.mark.parametrize('error', [messaging.RemoteError('KeyError', "'x'", ''),
                                   KeyError('x')])
def test_a_bug_is_still_500_computefault(api, monkeypatch, error):
    monkeypatch.setattr(db, 'key_pair_get_all_by_user', _raising(error))
    response = api.get('/v2.1/os-keypairs')
    assert response.status == 500, response
    assert response.body['computeFault']['code'] == 500
    assert 'Retry-After' not in response.headers


def test_503_carries_the_microversion_headers(api, monkeypatch):
    monkeypatch.setattr(db, 'instance_get_all_by_filters',
                        _raising(db_exc.DBConnectionError('gone')))
    response = api.at_version('2.37').get('/v2.1/servers')
    _unavailable(response)
    assert response.headers['OpenStack-API-Version'] == 'compute 2.37'
