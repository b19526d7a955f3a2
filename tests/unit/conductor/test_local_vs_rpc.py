"""LocalAPI (in-process) and API (RPC over fake:// to a ConductorManager) answer the
same calls with the same results and exceptions. Remotable methods through a real
conductor process are compared with use_local in tests/functional/test_conductor.py."""

import oslo_messaging as messaging
import pytest

from novum import context, exception, objects, rpc
from novum.conductor import api as conductor_api
from novum.conductor import manager as conductor_manager
from novum.objects import base


@pytest.fixture
def rpc_conductor(novum_env):
    """A ConductorManager served on the fake:// transport in this process."""
    target = messaging.Target(topic=novum_env.conductor.topic, server='conductor-host')
    manager = conductor_manager.ConductorManager()
    server = rpc.get_server(target, [manager, *manager.additional_endpoints],
                            base.NovumObjectSerializer())
    server.start()
    yield
    server.stop()
    server.wait()


def test_rpc_conductor_answers_ping_and_wait_until_ready(rpc_conductor):
    api = conductor_api.API()
    api.wait_until_ready(context.get_admin_context(), timeout=5)
    assert api.ping(context.get_admin_context(), 'hi') == {'service': 'conductor', 'arg': 'hi'}
    assert conductor_api.LocalAPI().ping(context.get_admin_context(), 'hi') == api.ping(
        context.get_admin_context(), 'hi')


def test_local_api_raises_what_the_rpc_api_raises(rpc_conductor):
    ctxt = context.RequestContext(user_id='u1', project_id='p1')
    versions = {'Instance': objects.Instance.VERSION}
    args = ('00000000-0000-0000-0000-000000000000',)
    for api in (conductor_api.LocalAPI(), conductor_api.API()):
        with pytest.raises(exception.InstanceNotFound):
            api.object_class_action_versions(ctxt, 'Instance', 'get_by_uuid', versions,
                                             args, {})


def test_wait_until_ready_gives_up_with_a_clear_error_when_no_conductor_answers(novum_env):
    with pytest.raises(exception.ConductorNotReady) as error:
        conductor_api.API().wait_until_ready(context.get_admin_context(), timeout=1,
                                             attempt_timeout=1)
    assert 'No conductor answered on topic conductor within 1 seconds' in str(error.value)
