"""The conductor retries a transaction that hit a deadlock or lost its connection
([database] db_max_retries), but only as a whole: never a part of an enclosing one."""

import pytest
from oslo_db import exception as db_exc

from novum import conf
from novum.db.api import session

CONF = conf.CONF


@pytest.fixture(autouse=True)
def fast_retries(novum_env):
    CONF.set_override('db_retry_interval', 0, group='database')
    CONF.set_override('db_max_retries', 3, group='database')


def _flaky(error, failures: int):
    calls = []

    @session.writer
    def write(context):
        calls.append(context.session)
        if len(calls) <= failures:
            raise error
        return len(calls)
    return write, calls


@pytest.mark.parametrize('error', [db_exc.DBDeadlock(), db_exc.DBConnectionError()])
def test_transient_error_is_retried_until_it_succeeds(admin_context, error):
    write, calls = _flaky(error, failures=2)
    assert write(admin_context) == 3


def test_retries_are_bounded_by_db_max_retries(admin_context):
    write, calls = _flaky(db_exc.DBConnectionError(), failures=100)
    with pytest.raises(db_exc.DBConnectionError):
        write(admin_context)
    assert len(calls) == 1 + 3


def test_other_errors_are_not_retried(admin_context):
    write, calls = _flaky(db_exc.DBDataError(), failures=100)
    with pytest.raises(db_exc.DBDataError):
        write(admin_context)
    assert len(calls) == 1


def test_a_nested_transaction_is_retried_only_by_the_outermost(admin_context):
    inner, inner_calls = _flaky(db_exc.DBDeadlock(), failures=1)
    outer_calls = []

    @session.writer
    def outer(context):
        outer_calls.append(1)
        return inner(context)

    assert outer(admin_context) == 2
    assert (len(outer_calls), len(inner_calls)) == (2, 2)


def test_database_defaults_bound_the_retries_below_the_rpc_timeout():
    conf.CONF.clear_override('db_max_retries', group='database')
    assert conf.CONF.database.db_max_retries == 3
