"""Request bodies of /flavors (create, for administrators)."""

from novum.api.schemas import parameter_types

create = {
    'type': 'object',
    'properties': {
        'flavor': {
            'type': 'object',
            'properties': {
                'name': parameter_types.name,
                # An id of letters, digits, "-", "_", "." and " " (Nova's pattern).
                'id': {'type': ['string', 'number', 'null'], 'minLength': 1,
                       'maxLength': 255, 'pattern': r'^(?! )[a-zA-Z0-9. _-]+(?<! )$'},
                'ram': parameter_types.positive_integer,
                'vcpus': parameter_types.positive_integer,
                'disk': parameter_types.non_negative_integer,
                'OS-FLV-EXT-DATA:ephemeral': parameter_types.non_negative_integer,
                'swap': parameter_types.non_negative_integer,
                'rxtx_factor': {'type': ['number', 'string'],
                                'pattern': r'^[0-9]+(\.[0-9]+)?$',
                                'minimum': 0, 'exclusiveMinimum': True,
                                'maximum': 3.40282e+38},
                'os-flavor-access:is_public': parameter_types.boolean,
            },
            'required': ['name', 'ram', 'vcpus', 'disk'],
            'additionalProperties': False,
        },
    },
    'required': ['flavor'],
    'additionalProperties': False,
}
