"""Request body of PUT /os-quota-sets/{project_id}."""

import copy

from novum.api.schemas import parameter_types

# Resources a quota set has at 2.1 (2.36 drops the network ones, see quota_sets.py).
RESOURCES_V21 = ('instances', 'cores', 'ram', 'floating_ips', 'fixed_ips', 'metadata_items',
                 'injected_files', 'injected_file_content_bytes', 'injected_file_path_bytes',
                 'key_pairs', 'security_groups', 'security_group_rules', 'server_groups',
                 'server_group_members')
NETWORK_RESOURCES = ('floating_ips', 'fixed_ips', 'security_groups', 'security_group_rules')

update = {
    'type': 'object',
    'properties': {
        'quota_set': {
            'type': 'object',
            'properties': dict({name: parameter_types.quota_limit for name in RESOURCES_V21},
                               force=parameter_types.boolean),
            'additionalProperties': False,
        },
    },
    'required': ['quota_set'],
    'additionalProperties': False,
}

update_v236 = copy.deepcopy(update)
for _name in NETWORK_RESOURCES:
    del update_v236['properties']['quota_set']['properties'][_name]
