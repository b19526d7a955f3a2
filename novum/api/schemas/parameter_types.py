"""Building blocks the resource schemas share (Nova's parameter_types)."""

name = {'type': 'string', 'minLength': 1, 'maxLength': 255, 'format': 'name'}

description = {'type': ['string', 'null'], 'minLength': 0, 'maxLength': 255,
               'pattern': r'^[^\x00-\x1f\x7f]*$'}

boolean = {'type': ['boolean', 'string'],
           'enum': [True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes',
                    'y', 't', False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off',
                    'NO', 'No', 'no', 'n', 'f']}

positive_integer = {'type': ['integer', 'string'], 'pattern': '^[0-9]*$', 'minimum': 1,
                    'minLength': 1}

non_negative_integer = {'type': ['integer', 'string'], 'pattern': '^[0-9]*$', 'minimum': 0,
                        'minLength': 1}

# Quota limits: -1 means unlimited.
quota_limit = {'type': ['integer', 'string'], 'pattern': '^-?[0-9]+$', 'minimum': -1,
               'maximum': 0x7FFFFFFF}

hostname = {'type': 'string', 'minLength': 1, 'maxLength': 255,
            'pattern': r'^[a-zA-Z0-9-._]*$'}

metadata = {
    'type': 'object',
    'patternProperties': {
        '^[a-zA-Z0-9-_:. ]{1,255}$': {'type': 'string', 'maxLength': 255},
    },
    'additionalProperties': False,
}

flavor_ref = {'type': ['string', 'integer'], 'minLength': 1}

image_id_or_empty_string = {'oneOf': [{'type': 'string', 'format': 'uuid'},
                                      {'type': 'string', 'maxLength': 0}]}

availability_zone = {'type': 'string', 'minLength': 1, 'maxLength': 255, 'format': 'name'}

uuid = {'type': 'string', 'format': 'uuid'}
