"""Boot and delete throughput of the pipeline against running daemons.

Boots N servers with C concurrent clients (each boots, waits for ACTIVE, boots the
next), then deletes them all with C clients, and prints boots/s, time to ACTIVE
p50/p95/max, deletes/s, RPC messages and SQL statements per boot and CPU seconds
per daemon. The clients call novum.compute.api.API in this process (what novum-api
does per request), reaching the conductor over RPC.

    # start a deployment (MariaDB + RabbitMQ: conductor x2, scheduler, 3 computes),
    # measure, stop it:
    python benchmarks/boot.py --deploy -n 200 -c 10
    # or against daemons already running with this config (no CPU/log counters):
    python benchmarks/boot.py --config-file /etc/novum/novum.conf -n 200 -c 10

Counters: this process's novum.rpc.SENT; the conductor workers' novum.rpc.SENT and
novum.db.api.STATEMENTS through the ProcessStats object (asked until every worker
answered); scheduler and compute counters from the "novum-counters" line each logs
when it stops (--deploy only).
"""
# ruff: noqa: E402, I001  (novum.cmd monkey-patches before anything else is imported)

import novum.cmd  # noqa: F401

import argparse
import collections
import json
import os
import re
import sys
import tempfile
import time
import uuid

import eventlet

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)

POLL_INTERVAL = 0.02


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def deploy(args) -> tuple:
    """Start conductor (2 workers), scheduler and 3 computes on MariaDB + RabbitMQ."""
    from tests.functional import fixtures
    tmp = tempfile.mkdtemp(prefix='novum-bench-')
    database = fixtures.Database('mariadb', tmp)
    token = uuid.uuid4().hex[:8]
    options = {
        'DEFAULT': {'report_interval': '5', 'service_down_time': '30',
                    'periodic_interval': '10', 'reserved_host_memory_mb': '0',
                    'debug': 'false', 'rpc_response_timeout': '60'},
        'conductor': {'topic': f'conductor_{token}'},
        'scheduler': {'topic': f'scheduler_{token}'},
        'quota': {'instances': '-1', 'cores': '-1', 'ram': '-1'},
        # oslo.db's default pool of 5 makes a busy conductor open and close overflow
        # connections all the time (~20 ms of CPU each with PyMySQL).
        'database': {'max_pool_size': '30', 'max_overflow': '30'},
        'fake_driver': {'vcpus': '256', 'memory_mb': str(512 * args.count),
                        'local_gb': str(2 * args.count)},
    }
    deployment = fixtures.Deployment(tmp, database.url, options=options)
    deployment.manage('db', 'sync')
    deployment.start('novum-conductor', overrides={'conductor': {'workers': '2'}})
    deployment.start('novum-scheduler')
    computes = [deployment.start('novum-compute', name=f'bench-{token}-{n}',
                                 overrides={'DEFAULT': {'host': f'bench-{token}-{n}'}},
                                 ready_text=None) for n in range(1, 4)]
    for daemon in computes:
        daemon.wait_for_log('started on host', timeout=60)
    return deployment, database


def cpu_seconds(pid: int) -> float:
    """User + system CPU of every process in `pid`'s process group (workers too)."""
    ticks = os.sysconf('SC_CLK_TCK')
    total = 0.0
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open(f'/proc/{entry}/stat') as f:
                fields = f.read().rsplit(')', 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pid:       # pgrp
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def conductor_counters(context, workers: int) -> dict:
    """Sum of the counters of every conductor worker (each call reaches one of them)."""
    from novum import objects
    seen = {}
    for _attempt in range(workers * 20):
        stats = objects.ProcessStats.get_current(context)
        seen[stats.pid] = stats
        if len(seen) >= workers:
            break
    rpc_sent, sql = collections.Counter(), collections.Counter()
    for stats in seen.values():
        rpc_sent.update(stats.rpc_sent)
        sql.update(stats.sql_statements)
    return {'workers_seen': len(seen), 'rpc_sent': rpc_sent, 'sql': sql}


class Poller:
    """One green thread that watches every pending instance with one query per tick
    (instead of one GET per client), and wakes the waiting clients."""

    def __init__(self, context, deleted: bool = False):
        self.context = context
        self.deleted = deleted
        self.pending: dict[str, eventlet.event.Event] = {}
        self.states: dict[str, str] = {}
        self.polls = 0
        self._thread = eventlet.spawn(self._run)

    def wait(self, instance_uuid: str) -> str:
        event = eventlet.event.Event()
        self.pending[instance_uuid] = event
        return event.wait()

    def _run(self) -> None:
        from novum import objects
        while True:
            eventlet.sleep(POLL_INTERVAL)
            if not self.pending:
                continue
            uuids = list(self.pending)
            self.polls += 1
            found = {i.uuid: i for i in objects.InstanceList.get_by_filters(
                self.context, {'uuid': uuids, 'deleted': self.deleted or None})}
            for instance_uuid in uuids:
                instance = found.get(instance_uuid)
                if self.deleted:
                    done = instance is None or instance.deleted
                    state = 'deleted'
                else:
                    done = instance is not None and instance.vm_state != 'building'
                    state = instance.vm_state if instance else None
                if done:
                    self.pending.pop(instance_uuid).send(state)

    def stop(self) -> None:
        self._thread.kill()


def run(args) -> dict:
    from oslo_utils import uuidutils

    from novum import config, objects, rpc, service
    from novum import context as novum_context
    from novum.compute import api as compute_api

    config.parse_args(['novum-bench', '--config-file', args.config_file],
                      configure_logging=False)
    service.setup_conductor_access('novum-api')
    admin = novum_context.get_admin_context()
    ctxt = novum_context.RequestContext(user_id='bench', project_id='bench')
    image = objects.ImageMeta(admin, id=uuidutils.generate_uuid(), name='bench',
                              status='active', properties={})
    image.create()
    api = compute_api.API()
    workers = args.conductor_workers
    before = conductor_counters(admin, workers)
    client_sent_before = collections.Counter(rpc.SENT)

    poller = Poller(admin)
    latencies, states, uuids = [], collections.Counter(), []

    def boot(index: int) -> None:
        started = time.monotonic()
        request = compute_api.BootRequest(name=f'bench-{index}', flavor_id=args.flavor,
                                          image_id=image.id)
        instance = api.create(ctxt, request)[0][0]
        uuids.append(instance.uuid)
        states[poller.wait(instance.uuid)] += 1
        latencies.append(time.monotonic() - started)

    pool = eventlet.GreenPool(args.concurrency)
    started = time.monotonic()
    list(pool.imap(boot, range(args.count)))
    boot_seconds = time.monotonic() - started
    poller.stop()
    boot_polls = poller.polls

    after_boot = conductor_counters(admin, workers)
    client_sent_boot = collections.Counter(rpc.SENT)
    client_sent_boot.subtract(client_sent_before)

    deleter = Poller(admin, deleted=True)

    def delete(instance_uuid: str) -> None:
        api.delete(ctxt, api.get(ctxt, instance_uuid))
        deleter.wait(instance_uuid)

    started = time.monotonic()
    list(pool.imap(delete, uuids))
    delete_seconds = time.monotonic() - started
    deleter.stop()

    conductor_rpc = after_boot['rpc_sent'] - before['rpc_sent']
    conductor_sql = after_boot['sql'] - before['sql']
    # The poller's queries are the benchmark's, not the boot's: take them out.
    poll_calls = boot_polls
    return {
        'count': args.count, 'concurrency': args.concurrency, 'states': dict(states),
        'boots_per_second': args.count / boot_seconds,
        'time_to_active_p50': percentile(latencies, 0.50),
        'time_to_active_p95': percentile(latencies, 0.95),
        'time_to_active_max': max(latencies),
        'deletes_per_second': args.count / delete_seconds,
        'client_rpc_sent': {f'{t}.{m}': n for (t, m), n in client_sent_boot.items() if n},
        'client_poll_calls': poll_calls,
        'conductor_rpc_sent': dict(conductor_rpc),
        'conductor_sql': dict(conductor_sql),
        'conductor_workers_seen': after_boot['workers_seen'],
    }


_COUNTERS = re.compile(r'novum-counters (\{.*\})')


def daemon_counters(deployment) -> dict:
    """{daemon name: counters} from the line each scheduler/compute logs at stop."""
    found = {}
    for daemon in deployment.daemons:
        match = _COUNTERS.search(daemon.log())
        if match:
            found[daemon.name] = json.loads(match.group(1))
    return found


def report(result: dict, cpu: dict, daemons: dict) -> None:
    n = result['count']
    client_msgs = sum(result['client_rpc_sent'].values()) - result['client_poll_calls']
    conductor_msgs = sum(result['conductor_rpc_sent'].values())
    sched_msgs = sum(sum(c['rpc_sent'].values()) for name, c in daemons.items()
                     if 'scheduler' in name)
    compute_msgs = sum(sum(c['rpc_sent'].values()) for name, c in daemons.items()
                       if 'scheduler' not in name)
    sql = sum(result['conductor_sql'].values())
    print(f"boots: {n} with {result['concurrency']} concurrent clients -> {result['states']}")
    print(f"boots/s: {result['boots_per_second']:.1f}")
    print(f"time to ACTIVE: p50 {result['time_to_active_p50'] * 1000:.0f} ms, "
          f"p95 {result['time_to_active_p95'] * 1000:.0f} ms, "
          f"max {result['time_to_active_max'] * 1000:.0f} ms")
    print(f"deletes/s: {result['deletes_per_second']:.1f}")
    print(f'RPC messages sent per boot (requests/casts, replies not counted): '
          f'client {client_msgs / n:.1f}, conductor {conductor_msgs / n:.1f}'
          + (f', scheduler {sched_msgs / n:.1f}, computes {compute_msgs / n:.1f} '
             f'(these two include the delete phase), total '
             f'{(client_msgs + conductor_msgs + sched_msgs + compute_msgs) / n:.1f}'
             if daemons else ''))
    print(f"SQL statements per boot (conductor workers seen: "
          f"{result['conductor_workers_seen']}): {sql / n:.1f} "
          f"{dict(sorted(result['conductor_sql'].items()))}")
    print(f"client RPC by method: {result['client_rpc_sent']} "
          f"(minus {result['client_poll_calls']} poller calls)")
    print(f"conductor RPC by method: {result['conductor_rpc_sent']}")
    if cpu:
        total = sum(cpu.values())
        print('CPU seconds (boot + delete phases): ' + ', '.join(
            f'{name} {seconds:.1f}' for name, seconds in cpu.items())
            + f'; daemons total {total:.1f} = {total / n * 1000:.0f} ms per boot+delete')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('-n', '--count', type=int, default=200)
    parser.add_argument('-c', '--concurrency', type=int, default=10)
    parser.add_argument('--flavor', default='1', help='flavor id (default 1, m1.tiny)')
    parser.add_argument('--config-file', help='config of a running deployment')
    parser.add_argument('--deploy', action='store_true',
                        help='start a MariaDB + RabbitMQ deployment for the run')
    parser.add_argument('--conductor-workers', type=int, default=2)
    args = parser.parse_args()
    if not args.deploy and not args.config_file:
        parser.error('give --config-file of a running deployment, or --deploy')
    deployment = database = None
    cpu_before = {}
    if args.deploy:
        deployment, database = deploy(args)
        args.config_file = deployment.config_file
        cpu_before = {d.name: cpu_seconds(d.pid) for d in deployment.daemons}
    try:
        result = run(args)
        cpu = {}
        daemons = {}
        if deployment is not None:
            cpu = {d.name: cpu_seconds(d.pid) - cpu_before[d.name]
                   for d in deployment.daemons}
            for daemon in reversed(deployment.daemons):
                daemon.stop()
            daemons = daemon_counters(deployment)
        report(result, cpu, daemons)
    finally:
        if deployment is not None:
            deployment.stop_all()
            database.drop()


if __name__ == '__main__':
    main()
