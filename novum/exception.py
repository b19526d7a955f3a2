"""Novum's exceptions. Each carries an HTTP code and a message template, as Nova's do.

RPC carries them back to callers: oslo.messaging re-raises an exception of the same
class in the client when its module is listed in `allowed_remote_exmods` (see rpc.py).
"""

import logging

import oslo_messaging as messaging

LOG = logging.getLogger(__name__)


class NovumException(Exception):
    msg_fmt = 'An unknown exception occurred.'
    code = 500

    def __init__(self, message: str | None = None, **kwargs):
        self.kwargs = kwargs
        self.kwargs.setdefault('code', self.code)
        if not message:
            try:
                message = self.msg_fmt % kwargs
            except (KeyError, TypeError):
                LOG.exception('Exception %s: bad arguments %s', type(self).__name__, kwargs)
                message = self.msg_fmt
        self.message = message
        super().__init__(message)

    def format_message(self) -> str:
        return self.args[0] if self.args else self.message


# 400 family
class Invalid(NovumException):
    msg_fmt = 'Bad request: %(reason)s'
    code = 400


class ValidationError(Invalid):
    msg_fmt = '%(detail)s'


class InvalidSortKey(Invalid):
    msg_fmt = 'Sort key supplied is invalid: %(key)s'


class InvalidMetadata(Invalid):
    msg_fmt = 'Invalid metadata: %(reason)s'


class InvalidRequest(Invalid):
    msg_fmt = 'The request is invalid.'


class ImageNotActive(Invalid):
    msg_fmt = 'Image %(image_id)s is not active.'


class InvalidAvailabilityZone(Invalid):
    msg_fmt = 'The requested availability zone is not available'


class ObjectActionError(NovumException):
    msg_fmt = 'Object action %(action)s failed because: %(reason)s'


# 401 / 403
class NotAuthorized(NovumException):
    msg_fmt = 'Not authorized.'
    code = 403


class PolicyNotAuthorized(NotAuthorized):
    msg_fmt = "Policy doesn't allow %(action)s to be performed."


class AdminRequired(NotAuthorized):
    msg_fmt = 'User does not have admin privileges'


# 404 family
class NotFound(NovumException):
    msg_fmt = 'Resource could not be found.'
    code = 404


class InstanceNotFound(NotFound):
    msg_fmt = 'Instance %(instance_id)s could not be found.'


class FlavorNotFound(NotFound):
    msg_fmt = 'Flavor %(flavor_id)s could not be found.'


class FlavorNotFoundByName(FlavorNotFound):
    msg_fmt = 'Flavor with name %(flavor_name)s could not be found.'


class ImageNotFound(NotFound):
    msg_fmt = 'Image %(image_id)s could not be found.'


class ComputeHostNotFound(NotFound):
    msg_fmt = 'Compute host %(host)s could not be found.'


class ComputeNodeNotFound(NotFound):
    msg_fmt = 'Compute node %(node)s could not be found.'


class HypervisorNotFound(NotFound):
    msg_fmt = 'Hypervisor %(hypervisor)s could not be found.'


class ServiceNotFound(NotFound):
    msg_fmt = 'Service %(service_id)s could not be found.'


class HostBinaryNotFound(NotFound):
    msg_fmt = 'Could not find binary %(binary)s on host %(host)s.'


class KeypairNotFound(NotFound):
    msg_fmt = 'Keypair %(name)s not found for user %(user_id)s'


class InstanceActionNotFound(NotFound):
    msg_fmt = 'Action for request_id %(request_id)s on instance %(instance_uuid)s not found'


class MetadataItemNotFound(NotFound):
    msg_fmt = 'Metadata item was not found'


class QuotaNotFound(NotFound):
    msg_fmt = 'Quota could not be found'


# 409 family
class Conflict(NovumException):
    msg_fmt = 'Conflict.'
    code = 409


class InstanceIsLocked(Conflict):
    msg_fmt = 'Instance %(instance_uuid)s is locked'


class InstanceInvalidState(Conflict):
    msg_fmt = ('Cannot \'%(method)s\' instance %(instance_uuid)s while it is in '
               '%(attr)s %(state)s')


class UnexpectedTaskStateError(Conflict):
    msg_fmt = ('Conflict updating instance %(instance_uuid)s. Expected: %(expected)s. '
               'Actual: %(actual)s')


class UnexpectedDeletingTaskStateError(UnexpectedTaskStateError):
    pass


class FlavorExists(Conflict):
    msg_fmt = 'Flavor with name %(name)s already exists.'


class FlavorIdExists(Conflict):
    msg_fmt = 'Flavor with ID %(flavor_id)s already exists.'


class KeyPairExists(Conflict):
    msg_fmt = "Key pair '%(key_name)s' already exists."


class ServiceBinaryExists(Conflict):
    msg_fmt = 'Service with host %(host)s binary %(binary)s exists.'


class ImageExists(Conflict):
    msg_fmt = 'Image %(name)s already exists.'


# 413 / 403 quota
class QuotaError(NovumException):
    msg_fmt = 'Quota exceeded: code=%(code)s'
    code = 413


class TooManyInstances(QuotaError):
    msg_fmt = ('Quota exceeded for %(overs)s: Requested %(req)s, but already used '
               '%(used)s of %(allowed)s %(overs)s')


class MetadataLimitExceeded(QuotaError):
    msg_fmt = 'Maximum number of metadata items exceeds %(allowed)d'


class KeypairLimitExceeded(QuotaError):
    msg_fmt = 'Maximum number of key pairs exceeded'


# Scheduling and building
class NoValidHost(NovumException):
    msg_fmt = 'No valid host was found. %(reason)s'


class MaxRetriesExceeded(NoValidHost):
    msg_fmt = 'Exceeded maximum number of retries. %(reason)s'


class InstanceBuildTimeout(NovumException):
    msg_fmt = 'Instance %(instance_uuid)s did not become active within %(timeout)s seconds.'


class VirtDriverNotFound(NovumException):
    msg_fmt = 'Could not load virt driver %(name)s'


# Infrastructure
class DBNotAllowed(NovumException):
    msg_fmt = ('%(binary)s attempted direct database access (%(caller)s), which is not '
               'allowed: only novum-conductor opens the database.')


class ConductorTimeout(NovumException, messaging.MessagingTimeout):
    """A conductor call got no answer (still a MessagingTimeout for callers that retry):
    the API answers 503 with Retry-After."""

    code = 503

    msg_fmt = ('No answer from novum-conductor to %(method)s within %(timeout)s seconds '
               '(topic %(topic)s): is novum-conductor running and reachable?')


class ConductorNotReady(NovumException):
    code = 503
    msg_fmt = 'No conductor answered on topic %(topic)s within %(timeout)s seconds.'


class ServiceTooOld(NovumException):
    msg_fmt = 'RPC version %(version)s is above the cap %(cap)s for %(api)s.'


class ConfigNotFound(NovumException):
    msg_fmt = 'Could not find config at %(path)s'


# Actions on what runs (pause, suspend, rescue, console) ---------------------------------

class InstanceNotReady(Conflict):
    msg_fmt = 'Instance %(instance_id)s is not ready'


class ConsoleNotAvailable(NotFound):
    msg_fmt = 'Guest does not have a console available.'


class UnsupportedRescueImage(Invalid):
    msg_fmt = "Requested rescue image '%(image)s' is not supported"


# Recovery of accepted work (issue 11)
class InstanceNotSchedulable(Conflict):
    """A claim found the instance placed already or no longer waiting for a host: the
    claim is rolled back and the caller skips the instance, as for a deleted one."""

    msg_fmt = ('Instance %(instance_uuid)s is no longer waiting for a host (host '
               '%(host)s, vm_state %(vm_state)s, task_state %(task_state)s).')

# Server tags, host aggregates and server groups ----------------------------------------
class InstanceTagNotFound(NotFound):
    msg_fmt = "Server %(instance_id)s has no tag '%(tag)s'"


class TooManyInstanceTags(Invalid):
    msg_fmt = 'The number of tags exceeded the per-server limit %(limit)d'


class AggregateNotFound(NotFound):
    msg_fmt = 'Aggregate %(aggregate_id)s could not be found.'


class AggregateHostNotFound(NotFound):
    msg_fmt = 'Aggregate %(aggregate_id)s has no host %(host)s.'


class AggregateNameExists(Conflict):
    msg_fmt = 'Aggregate %(aggregate_name)s already exists.'


class AggregateHostExists(Conflict):
    msg_fmt = 'Aggregate %(aggregate_id)s already has host %(host)s.'


class InvalidAggregateAction(Invalid):
    msg_fmt = 'Unacceptable parameters.'


class InvalidAggregateActionAdd(InvalidAggregateAction):
    """Adding a host: the handler answers 409, as Nova."""
    msg_fmt = ("Cannot add host to aggregate %(aggregate_id)s. Reason: %(reason)s.")


class InvalidAggregateActionDelete(InvalidAggregateAction):
    msg_fmt = 'Cannot remove host from aggregate %(aggregate_id)s. Reason: %(reason)s.'


class InvalidAggregateActionUpdate(InvalidAggregateAction):
    msg_fmt = 'Cannot update aggregate %(aggregate_id)s. Reason: %(reason)s.'


class InvalidAggregateActionUpdateMeta(InvalidAggregateAction):
    msg_fmt = 'Cannot update metadata of aggregate %(aggregate_id)s. Reason: %(reason)s.'


class InstanceGroupNotFound(NotFound):
    msg_fmt = 'Instance group %(group_uuid)s could not be found.'


class ServerGroupQuotaExceeded(QuotaError):
    msg_fmt = 'Quota exceeded, too many server groups.'
    code = 403


class ServerGroupMembersQuotaExceeded(QuotaError):
    msg_fmt = 'Quota exceeded, too many servers in group'
    code = 403


class ServerGroupHostRefused(NovumException):
    """A claim the group's policy forbids (the scheduler then tries the next host)."""
    msg_fmt = ('Host %(host)s would break the %(policy)s policy of server group '
               '%(group_uuid)s.')
    code = 409


# Moves: resize, cold migration and their Migration records
class MigrationNotFound(NotFound):
    msg_fmt = 'Migration %(migration_id)s could not be found.'


class MigrationNotFoundByStatus(MigrationNotFound):
    msg_fmt = 'Migration not found for instance %(instance_id)s with status %(status)s.'


class MigrationNotFoundForInstance(MigrationNotFound):
    msg_fmt = 'Migration %(migration_id)s not found for instance %(instance_id)s'


class UnexpectedMigrationStatusError(NovumException):
    msg_fmt = ('Migration %(migration_id)s is in status %(actual)s, expected one of '
               '%(expected)s.')


class CannotResizeToSameFlavor(Invalid):
    msg_fmt = 'When resizing, instances must change flavor!'


class UnableToMigrateToSelf(Invalid):
    msg_fmt = 'Unable to migrate instance (%(instance_id)s) to current host (%(host)s).'


class MigrationError(NovumException):
    msg_fmt = 'Migration error: %(reason)s'


class InstanceFaultRollback(NovumException):
    """A move step failed before it changed the guest: the instance goes back to the
    vm_state it had (Nova's InstanceFaultRollback), not to ERROR."""

    def __init__(self, inner_exception: Exception | None = None):
        self.inner_exception = inner_exception
        super().__init__(f'Instance rollback performed due to: {inner_exception}')


class ComputeServiceUnavailable(Conflict):
    msg_fmt = 'Compute service of %(host)s is unavailable at this time.'
