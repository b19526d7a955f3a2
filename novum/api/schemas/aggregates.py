"""Request bodies of /os-aggregates: create, update and the add_host, remove_host and
set_metadata actions."""

import copy

from novum.api.schemas import parameter_types

_availability_zone = {'oneOf': [parameter_types.availability_zone, {'type': 'null'}]}

create = {
    'type': 'object',
    'properties': {
        'aggregate': {
            'type': 'object',
            'properties': {'name': parameter_types.name,
                           'availability_zone': _availability_zone},
            'required': ['name'],
            'additionalProperties': False,
        },
    },
    'required': ['aggregate'],
    'additionalProperties': False,
}

update = copy.deepcopy(create)
del update['properties']['aggregate']['required']
update['properties']['aggregate']['anyOf'] = [{'required': ['name']},
                                              {'required': ['availability_zone']}]


def _host_action(name: str) -> dict:
    return {
        'type': 'object',
        'properties': {
            name: {'type': 'object', 'properties': {'host': parameter_types.hostname},
                   'required': ['host'], 'additionalProperties': False},
        },
        'required': [name],
        'additionalProperties': False,
    }


add_host = _host_action('add_host')
remove_host = _host_action('remove_host')

_metadata_with_null = copy.deepcopy(parameter_types.metadata)
_metadata_with_null['patternProperties']['^[a-zA-Z0-9-_:. ]{1,255}$']['type'] = \
    ['string', 'null']

set_metadata = {
    'type': 'object',
    'properties': {
        'set_metadata': {'type': 'object', 'properties': {'metadata': _metadata_with_null},
                         'required': ['metadata'], 'additionalProperties': False},
    },
    'required': ['set_metadata'],
    'additionalProperties': False,
}
