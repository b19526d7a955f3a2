"""SQLAlchemy models of Novum's tables. Soft delete as Nova does it: deleted = id."""

from oslo_db.sqlalchemy import models
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    orm,
)
from sqlalchemy.types import JSON


class _NovumBase(models.TimestampMixin, models.SoftDeleteMixin, models.ModelBase):
    pass


Base = orm.declarative_base(cls=_NovumBase)


class Service(Base):
    __tablename__ = 'services'
    __table_args__ = (
        UniqueConstraint('host', 'binary', 'deleted', name='uniq_services0host0binary0deleted'),
    )
    id = Column(Integer, primary_key=True)
    uuid = Column(String(36), nullable=False, unique=True)
    host = Column(String(255), nullable=False)
    binary = Column(String(255), nullable=False)
    topic = Column(String(255))
    report_count = Column(Integer, nullable=False, default=0)
    disabled = Column(Boolean, nullable=False, default=False)
    disabled_reason = Column(String(255))
    forced_down = Column(Boolean, nullable=False, default=False)
    last_seen_up = Column(DateTime)
    version = Column(Integer, nullable=False, default=0)


class ComputeNode(Base):
    __tablename__ = 'compute_nodes'
    __table_args__ = (
        UniqueConstraint('host', 'hypervisor_hostname', 'deleted',
                         name='uniq_compute_nodes0host0hypervisor_hostname0deleted'),
        Index('compute_nodes_host_idx', 'host', 'deleted'),
    )
    id = Column(Integer, primary_key=True)
    uuid = Column(String(36), nullable=False, unique=True)
    service_id = Column(Integer)
    host = Column(String(255), nullable=False)
    hypervisor_hostname = Column(String(255), nullable=False)
    hypervisor_type = Column(String(255), nullable=False, default='fake')
    hypervisor_version = Column(Integer, nullable=False, default=1000)
    host_ip = Column(String(39))
    vcpus = Column(Integer, nullable=False)
    memory_mb = Column(Integer, nullable=False)
    local_gb = Column(Integer, nullable=False)
    vcpus_used = Column(Integer, nullable=False, default=0)
    memory_mb_used = Column(Integer, nullable=False, default=0)
    local_gb_used = Column(Integer, nullable=False, default=0)
    running_vms = Column(Integer, nullable=False, default=0)
    cpu_allocation_ratio = Column(Float, nullable=False, default=16.0)
    ram_allocation_ratio = Column(Float, nullable=False, default=1.5)
    disk_allocation_ratio = Column(Float, nullable=False, default=1.0)
    cpu_info = Column(Text)


class Flavor(Base):
    __tablename__ = 'flavors'
    __table_args__ = (
        UniqueConstraint('flavorid', 'deleted', name='uniq_flavors0flavorid0deleted'),
        UniqueConstraint('name', 'deleted', name='uniq_flavors0name0deleted'),
    )
    id = Column(Integer, primary_key=True)
    flavorid = Column(String(255), nullable=False)
    name = Column(String(255), nullable=False)
    memory_mb = Column(Integer, nullable=False)
    vcpus = Column(Integer, nullable=False)
    root_gb = Column(Integer, nullable=False, default=0)
    ephemeral_gb = Column(Integer, nullable=False, default=0)
    swap = Column(Integer, nullable=False, default=0)
    rxtx_factor = Column(Float, nullable=False, default=1.0)
    is_public = Column(Boolean, nullable=False, default=True)
    disabled = Column(Boolean, nullable=False, default=False)
    description = Column(Text)
    extra_specs = Column(JSON, nullable=False, default=dict)


class Instance(Base):
    __tablename__ = 'instances'
    __table_args__ = (
        Index('instances_project_id_deleted_idx', 'project_id', 'deleted'),
        Index('instances_host_deleted_idx', 'host', 'deleted'),
        Index('instances_reservation_id_idx', 'reservation_id'),
        Index('instances_vm_state_task_state_idx', 'vm_state', 'task_state'),
    )
    id = Column(Integer, primary_key=True)
    uuid = Column(String(36), nullable=False, unique=True)
    user_id = Column(String(255))
    project_id = Column(String(255))
    image_ref = Column(String(255))
    kernel_id = Column(String(255))
    ramdisk_id = Column(String(255))
    hostname = Column(String(255))
    host = Column(String(255))
    node = Column(String(255))
    flavor = Column(JSON)
    # During a resize or migration (Nova keeps these in instance_extra.flavor).
    old_flavor = Column(JSON)
    new_flavor = Column(JSON)
    memory_mb = Column(Integer)
    vcpus = Column(Integer)
    root_gb = Column(Integer)
    ephemeral_gb = Column(Integer)
    display_name = Column(String(255))
    display_description = Column(Text)
    availability_zone = Column(String(255))
    reservation_id = Column(String(255))
    launch_index = Column(Integer)
    key_name = Column(String(255))
    key_data = Column(Text)
    vm_state = Column(String(255))
    task_state = Column(String(255))
    power_state = Column(Integer)
    scheduled_at = Column(DateTime)
    launched_at = Column(DateTime)
    terminated_at = Column(DateTime)
    locked = Column(Boolean, nullable=False, default=False)
    config_drive = Column(String(255))
    access_ip_v4 = Column(String(39))
    access_ip_v6 = Column(String(39))
    progress = Column(Integer)
    metadata_items = orm.relationship(
        'InstanceMetadata', lazy='selectin', cascade='all, delete-orphan',
        primaryjoin='and_(Instance.uuid == InstanceMetadata.instance_uuid, '
                    'InstanceMetadata.deleted == 0)')


class InstanceMetadata(Base):
    __tablename__ = 'instance_metadata'
    __table_args__ = (Index('instance_metadata_instance_uuid_idx', 'instance_uuid'),)
    id = Column(Integer, primary_key=True)
    instance_uuid = Column(String(36), ForeignKey('instances.uuid'), nullable=False)
    key = Column(String(255), nullable=False)
    value = Column(String(255))


class InstanceFault(Base):
    __tablename__ = 'instance_faults'
    __table_args__ = (Index('instance_faults_instance_uuid_deleted_created_at_idx',
                            'instance_uuid', 'deleted', 'created_at'),)
    id = Column(Integer, primary_key=True)
    instance_uuid = Column(String(36), nullable=False)
    code = Column(Integer, nullable=False)
    message = Column(Text)
    details = Column(Text)
    host = Column(String(255))


class InstanceAction(Base):
    __tablename__ = 'instance_actions'
    __table_args__ = (Index('instance_actions_instance_uuid_request_id_idx',
                            'instance_uuid', 'request_id'),)
    id = Column(Integer, primary_key=True)
    action = Column(String(255))
    instance_uuid = Column(String(36))
    request_id = Column(String(255))
    user_id = Column(String(255))
    project_id = Column(String(255))
    start_time = Column(DateTime)
    finish_time = Column(DateTime)
    message = Column(String(255))


class InstanceActionEvent(Base):
    __tablename__ = 'instance_actions_events'
    __table_args__ = (Index('instance_actions_events_action_id_idx', 'action_id'),)
    id = Column(Integer, primary_key=True)
    event = Column(String(255))
    action_id = Column(Integer, ForeignKey('instance_actions.id'))
    start_time = Column(DateTime)
    finish_time = Column(DateTime)
    result = Column(String(255))
    traceback = Column(Text)
    host = Column(String(255))
    details = Column(Text)


class KeyPair(Base):
    __tablename__ = 'key_pairs'
    __table_args__ = (
        UniqueConstraint('user_id', 'name', 'deleted', name='uniq_key_pairs0user_id0name0deleted'),
    )
    id = Column(Integer, primary_key=True)
    name = Column(String(255), nullable=False)
    user_id = Column(String(255), nullable=False)
    fingerprint = Column(String(255))
    public_key = Column(Text)
    type = Column(String(16), nullable=False, default='ssh')


class RequestSpec(Base):
    __tablename__ = 'request_specs'
    id = Column(Integer, primary_key=True)
    instance_uuid = Column(String(36), nullable=False, unique=True)
    spec = Column(Text, nullable=False)


class Quota(Base):
    __tablename__ = 'quotas'
    __table_args__ = (
        UniqueConstraint('project_id', 'resource', 'deleted',
                         name='uniq_quotas0project_id0resource0deleted'),
    )
    id = Column(Integer, primary_key=True)
    project_id = Column(String(255), nullable=False)
    resource = Column(String(255), nullable=False)
    hard_limit = Column(Integer)


class Image(Base):
    """The built-in image catalog the compute API's image proxy serves."""

    __tablename__ = 'images'
    __table_args__ = (Index('images_name_idx', 'name'),)
    id = Column(Integer, primary_key=True)
    uuid = Column(String(36), nullable=False, unique=True)
    name = Column(String(255))
    status = Column(String(30), nullable=False, default='active')
    visibility = Column(String(30), nullable=False, default='public')
    owner = Column(String(255))
    disk_format = Column(String(30))
    container_format = Column(String(30))
    size = Column(Integer)
    min_disk = Column(Integer, nullable=False, default=0)
    min_ram = Column(Integer, nullable=False, default=0)
    properties = Column(JSON, nullable=False, default=dict)


# Server tags, host aggregates and server groups ----------------------------------------

class Tag(Base):
    """A tag of an instance (Nova's tags table; rows are deleted, never soft deleted)."""

    __tablename__ = 'tags'
    __table_args__ = (
        UniqueConstraint('resource_id', 'tag', 'deleted', name='uniq_tags0resource_id0tag0deleted'),
        Index('tags_tag_idx', 'tag'),
    )
    id = Column(Integer, primary_key=True)
    resource_id = Column(String(36), nullable=False)
    tag = Column(String(80), nullable=False)


Instance.tag_rows = orm.relationship(
    Tag, lazy='selectin', viewonly=True, order_by=Tag.tag,
    primaryjoin='and_(Instance.uuid == foreign(Tag.resource_id), Tag.deleted == 0)')


class Aggregate(Base):
    __tablename__ = 'aggregates'
    __table_args__ = (UniqueConstraint('name', 'deleted', name='uniq_aggregates0name0deleted'),)
    id = Column(Integer, primary_key=True)
    uuid = Column(String(36), nullable=False, unique=True)
    name = Column(String(255), nullable=False)
    host_rows = orm.relationship(
        'AggregateHost', lazy='selectin', order_by='AggregateHost.id',
        primaryjoin='and_(Aggregate.id == AggregateHost.aggregate_id, '
                    'AggregateHost.deleted == 0)')
    metadata_rows = orm.relationship(
        'AggregateMetadata', lazy='selectin',
        primaryjoin='and_(Aggregate.id == AggregateMetadata.aggregate_id, '
                    'AggregateMetadata.deleted == 0)')


class AggregateHost(Base):
    __tablename__ = 'aggregate_hosts'
    __table_args__ = (
        UniqueConstraint('host', 'aggregate_id', 'deleted',
                         name='uniq_aggregate_hosts0host0aggregate_id0deleted'),
    )
    id = Column(Integer, primary_key=True)
    host = Column(String(255), nullable=False)
    aggregate_id = Column(Integer, ForeignKey('aggregates.id'), nullable=False)


class AggregateMetadata(Base):
    __tablename__ = 'aggregate_metadata'
    __table_args__ = (
        UniqueConstraint('aggregate_id', 'key', 'deleted',
                         name='uniq_aggregate_metadata0aggregate_id0key0deleted'),
        Index('aggregate_metadata_key_idx', 'key'),
    )
    id = Column(Integer, primary_key=True)
    aggregate_id = Column(Integer, ForeignKey('aggregates.id'), nullable=False)
    key = Column(String(255), nullable=False)
    value = Column(String(255), nullable=False)


class InstanceGroup(Base):
    """A server group; `policy` and `rules` (max_server_per_host) as Nova's 2.64 stores
    them in instance_group_policy, kept on the group row here."""

    __tablename__ = 'instance_groups'
    __table_args__ = (Index('instance_groups_project_id_deleted_idx', 'project_id', 'deleted'),)
    id = Column(Integer, primary_key=True)
    uuid = Column(String(36), nullable=False, unique=True)
    name = Column(String(255))
    user_id = Column(String(255))
    project_id = Column(String(255))
    policy = Column(String(255), nullable=False)
    rules = Column(JSON, nullable=False, default=dict)


class InstanceGroupMember(Base):
    __tablename__ = 'instance_group_member'
    __table_args__ = (
        Index('instance_group_member_instance_idx', 'instance_uuid'),
        UniqueConstraint('group_id', 'instance_uuid', 'deleted',
                         name='uniq_instance_group_member0group_id0instance_uuid0deleted'),
    )
    id = Column(Integer, primary_key=True)
    group_id = Column(Integer, ForeignKey('instance_groups.id'), nullable=False)
    instance_uuid = Column(String(36), nullable=False)

class Migration(Base):
    """A move of an instance between hosts (resize, cold or live migration, evacuation).

    While its status is one of MIGRATION_IN_PROGRESS the move holds resources on both
    hosts: the old flavor on the source, the new flavor on the destination once claimed
    (dest_node set); see novum/db/api/migrations.py.
    """

    __tablename__ = 'migrations'
    __table_args__ = (
        Index('migrations_instance_uuid_and_status_idx', 'deleted', 'instance_uuid',
              'status'),
        # Nova's one index of both hosts and nodes is too long for utf8mb4 InnoDB keys;
        # the usage recount asks one side at a time anyway.
        Index('migrations_source_compute_source_node_idx', 'source_compute', 'source_node'),
        Index('migrations_dest_compute_dest_node_idx', 'dest_compute', 'dest_node'),
        Index('migrations_updated_at_idx', 'updated_at'),
    )
    id = Column(Integer, primary_key=True)
    uuid = Column(String(36), nullable=False, unique=True)
    source_compute = Column(String(255))
    dest_compute = Column(String(255))
    source_node = Column(String(255))
    dest_node = Column(String(255))
    dest_host = Column(String(255))
    old_instance_type_id = Column(Integer)
    new_instance_type_id = Column(Integer)
    instance_uuid = Column(String(36))
    status = Column(String(255))
    migration_type = Column(String(32), nullable=False)
    hidden = Column(Boolean, nullable=False, default=False)
    memory_total = Column(Integer)
    memory_processed = Column(Integer)
    memory_remaining = Column(Integer)
    disk_total = Column(Integer)
    disk_processed = Column(Integer)
    disk_remaining = Column(Integer)
    user_id = Column(String(255))
    project_id = Column(String(255))
