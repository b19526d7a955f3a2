"""Unit-test setup: a fresh config, the fake:// transport and a migrated SQLite database
for every test. No daemons, no network."""

import pytest

from novum import conf, objects, rpc
from novum.db import api as db_api
from novum.db import migration
from novum.objects import base as objects_base

CONF = conf.CONF


@pytest.fixture(autouse=True)
def novum_env(tmp_path):
    rpc.set_defaults(control_exchange='novum')
    CONF([], project='novum', default_config_files=[])
    CONF.set_override('state_path', str(tmp_path))
    CONF.set_override('host', 'unit-host')
    rpc.init(CONF, url='fake:/')
    objects.register_all()
    db_api.unblock_db_access()
    db_api.configure(f'sqlite:///{tmp_path}/unit.sqlite')
    migration.db_sync()
    objects_base.NovumObject.indirection_api = None
    yield CONF
    objects_base.NovumObject.indirection_api = None
    db_api.unblock_db_access()
    rpc.cleanup()
    CONF.reset()
    CONF.clear()


@pytest.fixture
def admin_context():
    from novum import context
    return context.get_admin_context()


@pytest.fixture
def user_context():
    from novum import context
    return context.RequestContext(user_id='user1', project_id='project1')
