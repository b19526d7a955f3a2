"""Request bodies of PUT /os-services/{enable,disable,disable-log-reason,force-down}."""

import copy

from novum.api.schemas import parameter_types

update = {
    'type': 'object',
    'properties': {
        'host': parameter_types.hostname,
        'binary': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'disabled_reason': {'type': 'string', 'minLength': 1, 'maxLength': 255},
    },
    'required': ['host', 'binary'],
    'additionalProperties': False,
}

# 2.11: force-down takes forced_down.
update_v211 = copy.deepcopy(update)
update_v211['properties']['forced_down'] = parameter_types.boolean
