"""Request bodies of /servers/{id}/metadata."""

from novum.api.schemas import parameter_types

create = {
    'type': 'object',
    'properties': {'metadata': parameter_types.metadata},
    'required': ['metadata'],
    'additionalProperties': False,
}

update_all = create

# PUT /servers/{id}/metadata/{key}: exactly the one item named in the URL.
update = {
    'type': 'object',
    'properties': {
        'meta': {
            'type': 'object',
            'patternProperties': {'^[a-zA-Z0-9-_:. ]{1,255}$': {'type': 'string',
                                                                'maxLength': 255}},
            'additionalProperties': False,
            'minProperties': 1,
            'maxProperties': 1,
        },
    },
    'required': ['meta'],
    'additionalProperties': False,
}
