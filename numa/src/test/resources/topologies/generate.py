#!/usr/bin/env python3
"""Writes the sysfs fixture trees the topology and affinity tests read.

Each fixture is a directory that stands in for "/": it holds only the files
io.quicksilver.numa.topology.SysfsTopologyReader reads, under sys/devices/system/.

    python3 generate.py                  regenerate the modelled fixtures (deterministic)
    python3 generate.py --record NAME    copy those files from this machine's /sys into NAME/

The modelled machines are built from their published specifications (see README.md);
--record is how kvm-epyc-2cpu was captured on the build VM.
"""
import argparse
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SYSTEM = os.path.join("sys", "devices", "system")


def cpulist(ids):
    """Formats ids the way the kernel's bitmap_print_to_pagebuf(list=true) does: 0-3,8,10-11."""
    ids = sorted(set(ids))
    parts, i = [], 0
    while i < len(ids):
        j = i
        while j + 1 < len(ids) and ids[j + 1] == ids[j] + 1:
            j += 1
        parts.append(str(ids[i]) if i == j else "%d-%d" % (ids[i], ids[j]))
        i = j + 1
    return ",".join(parts)


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text + "\n")


def emit(name, cpus, nodes, distances, memory_nodes=None, with_node_dir=True, with_l3=True,
         siblings_file="core_cpus_list"):
    """cpus: {cpu: (package, core_id, [thread siblings], [l3 sharers])}; nodes: {node: [cpus]}.

    siblings_file: core_cpus_list (Linux 5.7+) or thread_siblings_list (what older kernels have,
    and the reader's fallback)."""
    root = os.path.join(HERE, name)
    if os.path.isdir(root):
        shutil.rmtree(root)
    write(root, os.path.join(SYSTEM, "cpu", "online"), cpulist(cpus))
    for cpu, (package, core_id, siblings, l3) in sorted(cpus.items()):
        base = os.path.join(SYSTEM, "cpu", "cpu%d" % cpu)
        write(root, os.path.join(base, "topology", "physical_package_id"), str(package))
        write(root, os.path.join(base, "topology", "core_id"), str(core_id))
        write(root, os.path.join(base, "topology", siblings_file), cpulist(siblings))
        if with_l3:
            write(root, os.path.join(base, "cache", "index3", "level"), "3")
            write(root, os.path.join(base, "cache", "index3", "shared_cpu_list"), cpulist(l3))
    if not with_node_dir:
        return
    write(root, os.path.join(SYSTEM, "node", "online"), cpulist(nodes))
    write(root, os.path.join(SYSTEM, "node", "has_memory"),
          cpulist(nodes if memory_nodes is None else memory_nodes))
    for node, members in sorted(nodes.items()):
        base = os.path.join(SYSTEM, "node", "node%d" % node)
        write(root, os.path.join(base, "cpulist"), cpulist(members))
        write(root, os.path.join(base, "distance"), " ".join(str(d) for d in distances[node]))


def xeon_gold_6248_2s():
    """2 x Xeon Gold 6248 (Cascade Lake-SP, 20 cores, HT): 80 cpus, SNC off, one L3 per socket.

    Linux enumerates the first thread of every core first (0-19 socket 0, 20-39 socket 1), then
    their hyperthreads (40-59, 60-79). core_id comes from the APIC id, which skips the mesh tiles
    fused off on a 20-core part, hence the gaps (0-4, 8-12, 16-20, 24-28).
    """
    core_ids = [base + k for base in (0, 8, 16, 24) for k in range(5)]
    cpus, nodes = {}, {0: [], 1: []}
    for socket in range(2):
        first = [socket * 20 + i for i in range(20)]
        l3 = first + [c + 40 for c in first]
        for i, cpu in enumerate(first):
            twin = cpu + 40
            for c in (cpu, twin):
                cpus[c] = (socket, core_ids[i], [cpu, twin], l3)
                nodes[socket].append(c)
    emit("xeon-gold-6248-2s", cpus, nodes, {0: [10, 21], 1: [21, 10]})


def epyc_7543_2s():
    """2 x EPYC 7543 (Milan, 32 cores = 8 CCDs x 4 enabled cores, SMT2): 128 cpus, NPS1.

    Each CCD is one CCX with its own 32 MiB L3, shared by its 4 cores (8 threads). core_id again
    follows the APIC id: 8 slots per CCD, 4 of them enabled, so 0-3, 8-11, ..., 56-59.
    """
    cpus, nodes = {}, {0: [], 1: []}
    for socket in range(2):
        for ccx in range(8):
            first = [socket * 32 + ccx * 4 + k for k in range(4)]
            l3 = first + [c + 64 for c in first]
            for k, cpu in enumerate(first):
                twin = cpu + 64
                for c in (cpu, twin):
                    cpus[c] = (socket, ccx * 8 + k, [cpu, twin], l3)
                    nodes[socket].append(c)
    emit("epyc-7543-2s", cpus, nodes, {0: [10, 32], 1: [32, 10]})


def no_numa_4cpu():
    """A pre-5.7 kernel built without CONFIG_NUMA (no sys/devices/system/node, no core_cpus_list)
    on 2 cores x 2 threads, with no cache/index3 either (as on some hypervisors): the reader must
    fall back to one node 0, thread_siblings_list, and one L3 group per socket."""
    cpus = {}
    for core in range(2):
        pair = [core * 2, core * 2 + 1]
        for c in pair:
            cpus[c] = (0, core, pair, None)
    emit("no-numa-4cpu", cpus, {}, {}, with_node_dir=False, with_l3=False,
         siblings_file="thread_siblings_list")


def mixed_memory_nodes():
    """2 sockets x 4 cores, no SMT, DIMMs only on socket 0 (node 1 has cpus but no memory), plus a
    CXL memory expander as node 2 (memory, no cpus): the shapes that memory placement must handle."""
    cpus, nodes = {}, {0: [], 1: [], 2: []}
    for socket in range(2):
        members = [socket * 4 + k for k in range(4)]
        for k, cpu in enumerate(members):
            cpus[cpu] = (socket, k, [cpu], members)
            nodes[socket].append(cpu)
    emit("mixed-memory-nodes", cpus, nodes,
         {0: [10, 21, 14], 1: [21, 10, 24], 2: [14, 24, 10]}, memory_nodes=[0, 2])


# The files SysfsTopologyReader reads, relative to the root; {cpu} and {node} are expanded.
RECORDED = [
    "cpu/online",
    "cpu/cpu{cpu}/topology/physical_package_id",
    "cpu/cpu{cpu}/topology/core_id",
    "cpu/cpu{cpu}/topology/core_cpus_list",
    "cpu/cpu{cpu}/topology/thread_siblings_list",
    "cpu/cpu{cpu}/cache/index3/level",
    "cpu/cpu{cpu}/cache/index3/shared_cpu_list",
    "node/online",
    "node/has_memory",
    "node/node{node}/cpulist",
    "node/node{node}/distance",
]


def parse_cpulist(text):
    ids = []
    for part in filter(None, text.strip().split(",")):
        lo, _, hi = part.partition("-")
        ids.extend(range(int(lo), int(hi or lo) + 1))
    return ids


def record(name, source="/"):
    root = os.path.join(HERE, name)
    if os.path.isdir(root):
        shutil.rmtree(root)
    system = os.path.join(source, SYSTEM)
    with open(os.path.join(system, "cpu", "online")) as f:
        cpus = parse_cpulist(f.read())
    nodes = []
    if os.path.exists(os.path.join(system, "node", "online")):
        with open(os.path.join(system, "node", "online")) as f:
            nodes = parse_cpulist(f.read())
    for pattern in RECORDED:
        for cpu in (cpus if "{cpu}" in pattern else [None]):
            for node in (nodes if "{node}" in pattern else [None]):
                rel = pattern.format(cpu=cpu, node=node)
                src = os.path.join(system, rel)
                # The reader only falls back to thread_siblings_list when core_cpus_list is absent.
                if rel.endswith("thread_siblings_list") and os.path.exists(
                        src.replace("thread_siblings_list", "core_cpus_list")):
                    continue
                if os.path.exists(src):
                    with open(src) as f:
                        write(root, os.path.join(SYSTEM, rel), f.read().rstrip("\n"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--record", metavar="NAME", help="copy this machine's sysfs files into NAME/")
    args = parser.parse_args()
    if args.record:
        record(args.record)
        return 0
    xeon_gold_6248_2s()
    epyc_7543_2s()
    no_numa_4cpu()
    mixed_memory_nodes()
    return 0


if __name__ == "__main__":
    sys.exit(main())
