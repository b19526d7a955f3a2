"""Fixtures of the API unit tests: the paste app over the unit test database."""

import pytest

from tests.unit.api import fixtures


@pytest.fixture
def api_app(novum_env):
    return fixtures.load_api_app()


@pytest.fixture
def api(api_app):
    """A client acting as user "demo" of project "demo"."""
    return fixtures.APIClient(api_app)


@pytest.fixture
def admin_api(api_app):
    return fixtures.APIClient(api_app, token='admin:admin')


@pytest.fixture
def images(novum_env):
    return [fixtures.register_image('cirros', fixtures.CIRROS_ID),
            fixtures.register_image('ubuntu', fixtures.UBUNTU_ID)]


@pytest.fixture
def scheduler(novum_env):
    scheduler = fixtures.InProcessScheduler()
    yield scheduler
    scheduler.stop()
