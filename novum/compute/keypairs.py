"""KeypairAPI: a user's SSH key pairs, generated or imported, within the key_pairs quota
(Nova's KeypairAPI); what the os-keypairs handlers call."""

import base64
import hashlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from oslo_log import log as logging

from novum import conf, exception, objects

CONF = conf.CONF
LOG = logging.getLogger(__name__)


class InvalidKeypair(exception.Invalid):
    msg_fmt = 'Keypair data is invalid: %(reason)s'


def fingerprint(public_key: str) -> str:
    """The MD5 fingerprint ssh-keygen -l -E md5 prints, as Nova stores it."""
    digest = hashlib.md5(base64.b64decode(public_key.split()[1]),
                         usedforsecurity=False).hexdigest()
    return ':'.join(digest[i:i + 2] for i in range(0, len(digest), 2))


# The bytes of key_pairs.public_key, a TEXT column (MariaDB's holds 64 KiB).
MAX_PUBLIC_KEY_BYTES = 65535


def _check_public_key(public_key: str) -> None:
    if len(public_key.encode('utf-8')) > MAX_PUBLIC_KEY_BYTES:
        raise InvalidKeypair(reason=f'public_key longer than {MAX_PUBLIC_KEY_BYTES} bytes')
    try:
        serialization.load_ssh_public_key(public_key.strip().encode())
    except (ValueError, TypeError, IndexError, UnicodeError,
            NotImplementedError) as error:
        raise InvalidKeypair(reason=f'failed to generate fingerprint ({error})') from None


def _generate() -> tuple[str, str]:
    """A new 2048-bit RSA key: (private key PEM, public key in OpenSSH format)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM,
                                serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                           serialization.PublicFormat.OpenSSH).decode()
    return private, public + ' Generated-by-Novum'


class KeypairAPI:

    @staticmethod
    def _over_quota(context, user_id: str, extra: int) -> bool:
        limit = objects.Quotas.default_limits()['key_pairs']
        return limit >= 0 and objects.KeyPairList.get_count_by_user(
            context, user_id) + extra > limit

    def _check_quota(self, context, user_id: str) -> None:
        if self._over_quota(context, user_id, extra=1):
            raise exception.NotAuthorized('Quota exceeded, too many key pairs.')

    def _store(self, context, user_id: str, name: str, public_key: str, key_type: str):
        keypair = objects.KeyPair(context, name=name, user_id=user_id, public_key=public_key,
                                  fingerprint=fingerprint(public_key), type=key_type)
        keypair.create()
        if CONF.quota.recheck_quota and self._over_quota(context, user_id, extra=0):
            # A concurrent create passed the same check: count again, and the one that
            # finds the user over the limit takes its key pair back (recheck_quota).
            objects.KeyPair.destroy_by_name(context, user_id, name)
            LOG.info('Key pair %s of user %s removed: over quota on recheck', name, user_id)
            raise exception.NotAuthorized('Quota exceeded, too many key pairs.')
        return keypair

    def import_key_pair(self, context, user_id: str, name: str, public_key: str,
                        key_type: str = 'ssh'):
        """Store the user's own public key."""
        self._check_quota(context, user_id)
        _check_public_key(public_key)
        return self._store(context, user_id, name, public_key, key_type)

    def create_key_pair(self, context, user_id: str, name: str,
                        key_type: str = 'ssh') -> tuple:
        """Generate a key pair: (KeyPair, private key PEM), the private key not kept."""
        self._check_quota(context, user_id)     # before the costly key generation
        private_key, public_key = _generate()
        return self._store(context, user_id, name, public_key, key_type), private_key

    def get_key_pairs(self, context, user_id: str, limit: int | None = None,
                      marker: str | None = None):
        return objects.KeyPairList.get_by_user(context, user_id, limit=limit, marker=marker)

    def get_key_pair(self, context, user_id: str, name: str):
        return objects.KeyPair.get_by_name(context, user_id, name)

    def delete_key_pair(self, context, user_id: str, name: str) -> None:
        objects.KeyPair.destroy_by_name(context, user_id, name)
