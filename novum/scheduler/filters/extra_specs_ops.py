"""Nova's extra spec operators: how a flavor's extra spec ('>= 4', '<or> a <or> b',
's== x', a plain value) matches a host's value."""

import operator

_OPERATORS = {
    '=': lambda value, wanted: float(value) >= float(wanted),
    '<in>': lambda value, wanted: wanted in value,
    '<all-in>': lambda value, wanted: all(item in value for item in wanted),
    '==': lambda value, wanted: float(value) == float(wanted),
    '!=': lambda value, wanted: float(value) != float(wanted),
    '>=': lambda value, wanted: float(value) >= float(wanted),
    '<=': lambda value, wanted: float(value) <= float(wanted),
    's==': operator.eq,
    's!=': operator.ne,
    's<': operator.lt,
    's<=': operator.le,
    's>': operator.gt,
    's>=': operator.ge,
}


def match(value: str | None, requirement: str) -> bool:
    words = requirement.split()
    op = words.pop(0) if words else None
    method = _OPERATORS.get(op)
    if op != '<or>' and method is None:
        return value == requirement
    if value is None:
        return False
    if op == '<or>':
        # '<or> v1 <or> v2 <or> v3': the words at even positions are the choices.
        return value in words[0::2]
    if not words:
        return False
    return method(value, words) if op == '<all-in>' else method(value, words[0])
