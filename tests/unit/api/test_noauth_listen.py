"""novum-api refuses noauth2 on a non-loopback address unless [api] allow_insecure_noauth
(issue 11, item 9). The check runs before any socket is opened; no test here binds an
address other than loopback (192.0.2.0/24 is TEST-NET, never this host's)."""

import subprocess
import sys

import pytest

from novum import conf
from novum.api import auth

CONF = conf.CONF


def _configure(host: str, strategy: str = 'noauth2', allow: bool = False) -> None:
    CONF.set_override('osapi_compute_listen', host)
    CONF.set_override('auth_strategy', strategy, group='api')
    CONF.set_override('allow_insecure_noauth', allow, group='api')


@pytest.mark.parametrize('host', ['0.0.0.0', '::', '192.0.2.10', '10.1.2.3'])
def test_noauth2_on_a_non_loopback_address_is_refused(novum_env, host):
    _configure(host)
    with pytest.raises(auth.InsecureNoAuth, match='allow_insecure_noauth = true'):
        auth.check_auth_strategy(host)


@pytest.mark.parametrize('host', ['127.0.0.1', '127.0.0.2', '::1', 'localhost'])
def test_noauth2_on_loopback_passes(novum_env, host):
    _configure(host)
    auth.check_auth_strategy(host)


@pytest.mark.parametrize('strategy,allow', [('keystone', False), ('noauth2', True)])
def test_keystone_or_an_explicit_allow_passes(novum_env, strategy, allow):
    _configure('0.0.0.0', strategy, allow)
    auth.check_auth_strategy('0.0.0.0')


def test_novum_api_exits_before_opening_a_socket_or_calling_the_conductor(tmp_path):
    config = tmp_path / 'novum.conf'
    config.write_text('[DEFAULT]\nosapi_compute_listen = 192.0.2.10\n'
                      'transport_url = rabbit://nobody:nothing@127.0.0.1:9/\n'
                      '[api]\nauth_strategy = noauth2\n')
    result = subprocess.run(
        [sys.executable, '-c', 'import sys; from novum.cmd import api; sys.argv = '
         f'["novum-api", "--config-file", "{config}"]; api.main()'],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result
    assert 'Refusing to serve auth_strategy = noauth2 on 192.0.2.10' in result.stderr
