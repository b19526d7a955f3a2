"""ProcessStats: the RPC and SQL counters of the conductor worker that answers
(read by benchmarks/boot.py to count messages and statements per boot)."""

import os

from oslo_serialization import jsonutils

from novum import rpc
from novum.db import api as db
from novum.objects import base, fields


@base.NovumObjectRegistry.register
class ProcessStats(base.NovumObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'pid': fields.IntegerField(),
        'rpc_sent': fields.DictOfIntegersField(default={}),
        'sql_statements': fields.DictOfIntegersField(default={}),
    }

    @classmethod
    def of_this_process(cls) -> 'ProcessStats':
        return cls(pid=os.getpid(),
                   rpc_sent={f'{topic}.{method}': count
                             for (topic, method), count in rpc.SENT.items()},
                   sql_statements=dict(db.STATEMENTS))

    @classmethod
    @base.remotable
    def get_current(cls, context) -> 'ProcessStats':
        """Counters of the process that runs this: a conductor worker, or this
        process itself where the database is local."""
        return cls.of_this_process()


def log_counters(log) -> None:
    """One 'novum-counters {json}' line with what this process sent and ran (read by
    benchmarks/boot.py from the logs of the daemons it stops)."""
    stats = ProcessStats.of_this_process()
    log.info('novum-counters %s', jsonutils.dumps({'rpc_sent': stats.rpc_sent,
                                                   'sql': stats.sql_statements}))
