#!/bin/sh
# A one-node Slurm cluster in a folder, for the test of deploy/slurm (docs/SCALE.md) and for trying it by hand.
#   scripts/slurm-local.sh start DIR   writes DIR/slurm.conf, starts munged (its own socket), slurmctld, slurmd
#                                      on free ports, waits until the node is idle; prints the SLURM_CONF path
#   scripts/slurm-local.sh stop DIR    stops them by the pids in their pid files
# Then: SLURM_CONF=DIR/slurm.conf sbatch ... Needs root and Debian's slurm-wlm and munge (scripts/install-deps.sh).
# Everything it writes is under DIR; it touches no system service (steps and gotchas: notes/SLURM.md).
set -eu
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

stop_pid() {  # pid file: TERM, then KILL after 5 s
  [ -f "$1" ] || return 0
  pid=$(cat "$1" 2>/dev/null || true)
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  i=0
  while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  kill -9 "$pid" 2>/dev/null || true
}

if [ "$cmd" = stop ]; then
  stop_pid "$dir/slurmd.pid"
  stop_pid "$dir/slurmctld.pid"
  stop_pid "$dir/munge/munged.pid"
  exit 0
fi
[ "$cmd" = start ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "slurm-local: needs root (slurmd runs jobs as their user)" >&2; exit 1; }
for b in munged slurmctld slurmd; do
  command -v "$b" >/dev/null 2>&1 || [ -x "/usr/sbin/$b" ] || { echo "slurm-local: $b not installed (apt-get install slurm-wlm munge)" >&2; exit 1; }
done

# munged, as the munge user, on a socket of its own (a system munged, if any, is left alone).
chmod 0711 "$dir"
runuser -u munge -- test -x "$dir" || {
  echo "slurm-local: the munge user cannot reach $dir: make its parent folders searchable (chmod o+x)" >&2; exit 1; }
mkdir -p "$dir/munge"
chown munge: "$dir/munge"
chmod 0700 "$dir/munge"
# Daemons keep the descriptors they start with: give them none of the caller's (a caller that waits for a
# pipe's end, or, as Foundation's Process does, for a socket its child holds, would wait for ever). dash
# cannot close descriptors above 9, so python closes them all before it execs the daemon; what the daemon
# says before its log opens goes to start.log.
started() {
  python3 -c 'import os, sys; os.closerange(3, 65536); os.execvp(sys.argv[1], sys.argv[1:])' "$@" \
    < /dev/null > "$dir/start.log" 2>&1 || { cat "$dir/start.log" >&2; echo "slurm-local: $1 did not start" >&2; exit 1; }
}
started runuser -u munge -- /usr/sbin/munged --force --socket="$dir/munge/munge.socket" \
  --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed"
munge -S "$dir/munge/munge.socket" -n | unmunge -S "$dir/munge/munge.socket" >/dev/null

# Two free TCP ports (bound to port 0, then released).
ports=$(python3 -c 'import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("", 0))
print(*[x.getsockname()[1] for x in s])')
set -- $ports
host=$(hostname -s)
memory=$(/usr/sbin/slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
cpus=$(/usr/sbin/slurmd -C | sed -n 's/.*CPUs=\([0-9]*\).*/\1/p' | head -n 1)
mkdir -p "$dir/state" "$dir/spool"
cat > "$dir/slurm.conf" <<CONF
ClusterName=local
SlurmctldHost=$host
SlurmctldPort=$1
SlurmdPort=$2
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MailProg=/bin/true
DependencyParameters=kill_invalid_depend
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"
started /usr/sbin/slurmctld
started /usr/sbin/slurmd
i=0
until sinfo -h -o '%t' 2>/dev/null | grep -q idle; do
  i=$((i + 1))
  [ $i -lt 100 ] || { echo "slurm-local: the node did not become idle in 20 s (see $dir/*.log)" >&2; exit 1; }
  sleep 0.2
done
echo "$SLURM_CONF"
