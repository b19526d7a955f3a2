"""Request body validation with JSON schema, answering 400 with Nova's messages."""

import base64
import binascii
import functools
import ipaddress
import re

import jsonschema
from oslo_utils import uuidutils

from novum import exception
from novum.api import microversion

_FORMAT_CHECKER = jsonschema.FormatChecker()


@_FORMAT_CHECKER.checks('uuid')
def _is_uuid(instance) -> bool:
    return not isinstance(instance, str) or uuidutils.is_uuid_like(instance)


@_FORMAT_CHECKER.checks('base64')
def _is_base64(instance) -> bool:
    if not isinstance(instance, str):
        return True
    try:
        base64.b64decode(instance.encode(), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


@_FORMAT_CHECKER.checks('ipv4')
def _is_ipv4(instance) -> bool:
    """A dotted-quad IPv4 address (what fits access_ip_v4 once normalised)."""
    if not isinstance(instance, str):
        return True
    try:
        ipaddress.IPv4Address(instance)
    except ValueError:
        return False
    return True


@_FORMAT_CHECKER.checks('ipv6')
def _is_ipv6(instance) -> bool:
    """An IPv6 address without a scope id (netaddr's, hence Nova's, notion): every such
    address fits access_ip_v6's 39 characters once compressed."""
    if not isinstance(instance, str):
        return True
    try:
        ipaddress.IPv6Address(instance)
    except ValueError:
        return False
    return '%' not in instance


@_FORMAT_CHECKER.checks('name', raises=exception.Invalid)
def _is_name(instance) -> bool:
    """No leading or trailing whitespace and no control characters (Nova's 'name')."""
    if not isinstance(instance, str):
        return True
    if instance.strip() != instance or re.search(r'[\x00-\x1f\x7f]', instance):
        raise exception.Invalid(
            'An invalid \'name\' value was provided. The name must be: printable '
            'characters. Can not start or end with whitespace.')
    return True


def _detail(error: jsonschema.ValidationError) -> str:
    if isinstance(error.cause, exception.Invalid):
        return error.cause.format_message()
    if error.validator == 'format' and error.cause is not None:
        return str(error.cause)
    if len(error.path) > 0:
        return (f'Invalid input for field/attribute {error.path.pop()}. '
                f'Value: {error.instance}. {error.message}')
    return error.message


def _number_from_str(instance):
    """The number a numeric string stands for, else None (Nova's _number_from_str)."""
    if not isinstance(instance, str):
        return instance
    try:
        return int(instance)
    except ValueError:
        try:
            return float(instance)
        except ValueError:
            return None


def _string_number_check(keyword: str):
    """`minimum`/`maximum` that also bound integers sent as strings ("2147483648"), as
    Nova's _SchemaValidator does: the column behind the field has the same range."""
    original = jsonschema.Draft4Validator.VALIDATORS[keyword]

    def check(validator, bound, instance, schema):
        number = _number_from_str(instance)
        if number is None or isinstance(number, bool):
            return None
        return original(validator, bound, number, schema)
    return check


_Validator = jsonschema.validators.extend(
    jsonschema.Draft4Validator,
    {'minimum': _string_number_check('minimum'), 'maximum': _string_number_check('maximum')})


def validate(body, schema: dict) -> None:
    """Raise ValidationError (400) naming the first field that breaks `schema`."""
    validator = _Validator(schema, format_checker=_FORMAT_CHECKER)
    error = jsonschema.exceptions.best_match(validator.iter_errors(body))
    if error is not None:
        raise exception.ValidationError(detail=_detail(error))


def schema(request_schema: dict, min_version: str | None = None,
           max_version: str | None = None):
    """Validate the body of handler(request, ..., body) with `request_schema` when the
    request's microversion lies in [min_version, max_version] (open ends: any version).

    Stack one decorator per range, as Nova's `validation.schema`: the schema whose range
    holds the request's version validates the body; no schema, no validation. Ranges of
    one handler must not overlap (ValueError at import).
    """
    low = microversion.APIVersion.parse(min_version) if min_version else \
        microversion.MIN_VERSION
    high = microversion.APIVersion.parse(max_version) if max_version else \
        microversion.MAX_VERSION

    def decorator(handler):
        wrapper = handler if hasattr(handler, 'request_schemas') else _validating(handler)
        for _body_schema, first, last in wrapper.request_schemas:
            if low <= last and first <= high:
                raise ValueError(f'{handler.__qualname__}: schema range {low}-{high} '
                                 f'overlaps {first}-{last}')
        wrapper.request_schemas.append((request_schema, low, high))
        return wrapper
    return decorator


def _validating(handler):
    """`handler` behind the validation of its body by its request_schemas."""
    @functools.wraps(handler)
    def wrapper(request, *args, **kwargs):
        version = request.environ['novum.api_version']
        for body_schema, first, last in wrapper.request_schemas:
            if first <= version <= last:
                validate(kwargs.get('body'), body_schema)
                break
        return handler(request, *args, **kwargs)

    wrapper.request_schemas = []
    return wrapper
