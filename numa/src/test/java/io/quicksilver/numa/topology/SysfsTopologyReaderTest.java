package io.quicksilver.numa.topology;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SysfsTopologyReaderTest
{
    @TempDir
    Path root;

    private void write(final String relative, final String text) throws IOException
    {
        final Path file = root.resolve("sys/devices/system").resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text + "\n");
    }

    private void twoCpusOneNode() throws IOException
    {
        write("cpu/online", "0-1");
        for (int cpu = 0; cpu < 2; cpu++)
        {
            write("cpu/cpu" + cpu + "/topology/physical_package_id", "0");
            write("cpu/cpu" + cpu + "/topology/core_id", Integer.toString(cpu));
            write("cpu/cpu" + cpu + "/topology/core_cpus_list", Integer.toString(cpu));
        }
        write("node/online", "0");
        write("node/node0/cpulist", "0-1");
        write("node/node0/distance", "10");
    }

    private String messageOf(final Runnable read)
    {
        return assertThrows(TopologyException.class, read::run).getMessage();
    }

    @Test
    void shouldReadMinimalTree() throws IOException
    {
        twoCpusOneNode();

        final Topology t = Topology.fromSysfs(root);

        assertEquals(2, t.cores().size());
        assertEquals(root.toString(), t.source());
    }

    @Test
    void shouldRejectGarbageCpuListNamingFileAndValue() throws IOException
    {
        twoCpusOneNode();
        write("cpu/online", "0-1,zz");

        assertEquals(root.resolve("sys/devices/system/cpu/online") +
            ": invalid cpu list \"0-1,zz\": \"zz\" is not a number or a range a-b", messageOf(() -> Topology.fromSysfs(root)));
    }

    @Test
    void shouldRejectNonIntegerPackageId() throws IOException
    {
        twoCpusOneNode();
        write("cpu/cpu1/topology/physical_package_id", "one");

        assertEquals(root.resolve("sys/devices/system/cpu/cpu1/topology/physical_package_id") +
            ": expected an integer, found \"one\"", messageOf(() -> Topology.fromSysfs(root)));
    }

    @Test
    void shouldNameMissingFile() throws IOException
    {
        twoCpusOneNode();
        Files.delete(root.resolve("sys/devices/system/cpu/cpu1/topology/core_id"));

        assertEquals("cannot read " + root.resolve("sys/devices/system/cpu/cpu1/topology/core_id") + ": no such file",
            messageOf(() -> Topology.fromSysfs(root)));
    }

    @Test
    void shouldRejectDistanceCountNotMatchingNodes() throws IOException
    {
        twoCpusOneNode();
        write("node/node0/distance", "10 21");

        assertEquals(root.resolve("sys/devices/system/node/node0/distance") +
            ": \"10 21\" has 2 distances but there are 1 online nodes (0)", messageOf(() -> Topology.fromSysfs(root)));
    }

    @Test
    void shouldRejectOnlineCpuInNoNode() throws IOException
    {
        twoCpusOneNode();
        write("node/node0/cpulist", "0");

        assertEquals(root.resolve("sys/devices/system/node") + ": cpu 1 is online but in no node's cpulist",
            messageOf(() -> Topology.fromSysfs(root)));
    }

    @Test
    void shouldRejectSiblingListsThatDisagree() throws IOException
    {
        twoCpusOneNode();
        write("cpu/cpu0/topology/core_cpus_list", "0-1");

        assertEquals("core_cpus_list overlaps between cpus: cpu 1 is in \"0-1\" and in \"1\"",
            messageOf(() -> Topology.fromSysfs(root)));
    }

    @Test
    void shouldIgnoreOfflineCpusInNodeAndSiblingLists() throws IOException
    {
        twoCpusOneNode();
        write("node/node0/cpulist", "0-3");
        write("cpu/cpu1/topology/core_cpus_list", "1,3");

        final Topology t = Topology.fromSysfs(root);

        assertEquals("0-1", t.cpusOfNode(0).toString());
        assertEquals(IdSet.empty(), t.siblingsOf(1));
    }

    @Test
    void shouldIgnoreIndex3ThatIsNotL3() throws IOException
    {
        twoCpusOneNode();
        for (int cpu = 0; cpu < 2; cpu++)
        {
            write("cpu/cpu" + cpu + "/cache/index3/level", "2");
            write("cpu/cpu" + cpu + "/cache/index3/shared_cpu_list", Integer.toString(cpu));
        }

        final Topology t = Topology.fromSysfs(root);

        assertEquals(1, t.l3Groups().size());
        assertEquals(false, t.l3Reported());
    }

    @Test
    void shouldFindNodesFromDirectoriesWhenOnlineFileIsMissing() throws IOException
    {
        twoCpusOneNode();
        Files.delete(root.resolve("sys/devices/system/node/online"));

        assertEquals("0", Topology.fromSysfs(root).nodeIds().toString());
    }
}
