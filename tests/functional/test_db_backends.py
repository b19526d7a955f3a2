"""The DB-layer unit tests of tests/unit/db/test_claims_and_states.py (and of the move
claims, test_move_claims.py), run unchanged on a
fresh, migrated database of each backend (MariaDB, PostgreSQL, SQLite) in this process:
conditional UPDATEs, row locks and soft delete behave the same on all three.

With CI=true a backend that does not answer fails these tests (fixtures.require).
"""

import pytest

from novum import conf, context, objects
from novum.db import api as db
from novum.db import migration
from tests.unit.db import test_claims_and_states, test_groups_tags_aggregates, test_move_claims

CONF = conf.CONF

# pytest collects the test functions it finds in this module's namespace: the same
# functions as the unit module, here given the admin_context fixture below.
for _module in (test_claims_and_states, test_groups_tags_aggregates, test_move_claims):
    globals().update({name: test for name, test in vars(_module).items()
                      if name.startswith('test_')})
move = test_move_claims.move    # its fixture, on this module's admin_context


@pytest.fixture
def admin_context(database):
    """An admin context whose DB calls go to `database` (each backend in turn)."""
    CONF([], project='novum', default_config_files=[])
    objects.register_all()
    db.unblock_db_access()
    db.configure(database.url)
    migration.db_sync()
    yield context.get_admin_context()
    db.get_engine().dispose()    # before the database is dropped
    CONF.reset()
    CONF.clear()
