"""Request bodies of /os-keypairs."""

import copy

from novum.api.schemas import parameter_types

_keypair_name = {'type': 'string', 'minLength': 1, 'maxLength': 255,
                 'pattern': r'^[a-zA-Z0-9 _-]+$'}

create = {
    'type': 'object',
    'properties': {
        'keypair': {
            'type': 'object',
            'properties': {
                'name': _keypair_name,
                # key_pairs.public_key is a TEXT column (64 KiB on MariaDB); KeypairAPI
                # also bounds its UTF-8 bytes.
                'public_key': parameter_types.string(max_length=65535),
            },
            'required': ['name'],
            'additionalProperties': False,
        },
    },
    'required': ['keypair'],
    'additionalProperties': False,
}

# 2.2: a key pair has a type, ssh or x509.
create_v22 = copy.deepcopy(create)
create_v22['properties']['keypair']['properties']['type'] = {
    'type': 'string', 'enum': ['ssh', 'x509']}

# 2.10: an administrator may create a key pair for another user.
create_v210 = copy.deepcopy(create_v22)
create_v210['properties']['keypair']['properties']['user_id'] = parameter_types.string()
