"""Request bodies of /os-server-groups (policies as a one-item list, as before 2.64)."""

import copy

from novum.api.schemas import parameter_types

create = {
    'type': 'object',
    'properties': {
        'server_group': {
            'type': 'object',
            'properties': {
                'name': parameter_types.name,
                'policies': {
                    'type': 'array',
                    'items': [{'type': 'string', 'enum': ['anti-affinity', 'affinity']}],
                    'uniqueItems': True,
                    'minItems': 1,
                    'maxItems': 1,
                    'additionalItems': False,
                },
            },
            'required': ['name', 'policies'],
            'additionalProperties': False,
        },
    },
    'required': ['server_group'],
    'additionalProperties': False,
}

# 2.15: the soft policies.
create_v215 = copy.deepcopy(create)
create_v215['properties']['server_group']['properties']['policies']['items'][0][
    'enum'].extend(['soft-anti-affinity', 'soft-affinity'])
