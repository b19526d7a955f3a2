"""novum-api behind a real Keystone: project-scoped tokens accepted and scoped, bad ones 401."""

import pytest
import webob
from keystonemiddleware import auth_token

from tests.functional.keystone import keystone  # noqa: F401

pytestmark = pytest.mark.functional

PROJECT = 'P'
USER = 'alice'
PASSWORD = 'alice-secret'


@pytest.fixture(scope='module')
def project_user(keystone):  # noqa: F811
    """(project_id, user_id) of a member of project P."""
    return keystone.create_project_user(PROJECT, USER, PASSWORD, roles=('member',))


def _echo_identity(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [f"{environ.get('HTTP_X_PROJECT_ID')} {environ.get('HTTP_X_ROLES')}".encode()]


def test_keystone_token_is_validated_by_auth_token_and_scoped(keystone, project_user):  # noqa: F811
    project_id, _ = project_user
    token, token_project = keystone.issue_token(USER, PASSWORD, PROJECT)
    assert token_project == project_id
    app = auth_token.filter_factory({}, **keystone.authtoken_options())(_echo_identity)

    response = webob.Request.blank('/', headers={'X-Auth-Token': token}).get_response(app)

    assert response.status_int == 200
    seen_project, roles = response.text.split()
    assert seen_project == project_id
    assert 'member' in roles.split(',')


def test_bad_token_is_rejected_by_auth_token(keystone):  # noqa: F811
    app = auth_token.filter_factory({}, **keystone.authtoken_options())(_echo_identity)

    response = webob.Request.blank('/', headers={'X-Auth-Token': 'not-a-token'}).get_response(app)

    assert response.status_int == 401
    assert keystone.auth_url in response.headers['WWW-Authenticate']
