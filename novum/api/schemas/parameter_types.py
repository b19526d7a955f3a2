"""Building blocks the resource schemas share (Nova's parameter_types).

Every value that ends in a column is bounded here by that column: strings by their
String(n) length, integers (also when sent as strings, see validation.py) by the signed
32-bit range of an Integer column, so a bad value is a 400, never a DB error.
"""

# The largest value of an Integer column (Nova's db.constants.MAX_INT).
MAX_INT = 0x7FFFFFFF
# The length of a String(255) column.
MAX_STRING = 255


def string(max_length: int = MAX_STRING, min_length: int = 0) -> dict:
    """Any string that fits a String(max_length) column."""
    return {'type': 'string', 'minLength': min_length, 'maxLength': max_length}


def integer(minimum: int = 0, maximum: int = MAX_INT) -> dict:
    """An integer, or a string of digits, within [minimum, maximum]."""
    if minimum < 0:
        return {'type': ['integer', 'string'], 'pattern': '^-?[0-9]+$', 'minimum': minimum,
                'maximum': maximum}
    return {'type': ['integer', 'string'], 'pattern': '^[0-9]*$', 'minLength': 1,
            'minimum': minimum, 'maximum': maximum}


name = {'type': 'string', 'minLength': 1, 'maxLength': 255, 'format': 'name'}

description = {'type': ['string', 'null'], 'minLength': 0, 'maxLength': 255,
               'pattern': r'^[^\x00-\x1f\x7f]*$'}

boolean = {'type': ['boolean', 'string'],
           'enum': [True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes',
                    'y', 't', False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off',
                    'NO', 'No', 'no', 'n', 'f']}

positive_integer = integer(minimum=1)

non_negative_integer = integer(minimum=0)

# Quota limits: -1 means unlimited.
quota_limit = integer(minimum=-1)

hostname = {'type': 'string', 'minLength': 1, 'maxLength': 255,
            'pattern': r'^[a-zA-Z0-9-._]*$'}

metadata = {
    'type': 'object',
    'patternProperties': {
        '^[a-zA-Z0-9-_:. ]{1,255}$': string(),
    },
    'additionalProperties': False,
}

flavor_ref = {'type': ['string', 'integer'], 'minLength': 1, 'maxLength': MAX_STRING}

image_id_or_empty_string = {'oneOf': [{'type': 'string', 'format': 'uuid'},
                                      {'type': 'string', 'maxLength': 0}]}

availability_zone = {'type': 'string', 'minLength': 1, 'maxLength': 255, 'format': 'name'}

uuid = {'type': 'string', 'format': 'uuid'}
