package io.quicksilver.benchmarks.harness;

import io.quicksilver.numa.affinity.IdleStrategyConfig;
import io.quicksilver.numa.affinity.WorkerPlacement;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReportWriterTest
{
    @TempDir
    Path dir;

    @Test
    void shouldWriteReportCsvHistogramsAndValidPngsFromASyntheticResult() throws Exception
    {
        final ScalingStudy.Result result = syntheticResult(Floor.parse("""
            cpus=0,1
            pingpong_one_way_ns_median=40.0
            spsc_ns_per_msg_median=5.00
            spsc_checksum=ok
            """));

        final List<Path> files = ReportWriter.write(new ReportWriter.Report(result, machine(), "plan table", "JDK default"), dir);

        for (final String name : List.of(ReportWriter.REPORT, ReportWriter.CSV, ReportWriter.SCALING_PNG,
            ReportWriter.LATENCY_PNG, ReportWriter.FLOOR_TXT, "latency-W1.hgrm", "latency-W2.hgrm"))
        {
            assertTrue(files.contains(dir.resolve(name)), name);
            assertTrue(Files.size(dir.resolve(name)) > 0, name);
        }
        for (final String png : List.of(ReportWriter.SCALING_PNG, ReportWriter.LATENCY_PNG))
        {
            final BufferedImage image = ImageIO.read(dir.resolve(png).toFile());
            assertNotNull(image, png + " is not a PNG ImageIO can read");
            assertEquals(Charts.WIDTH, image.getWidth());
            assertEquals(Charts.HEIGHT, image.getHeight());
        }

        final List<String> csv = Files.readAllLines(dir.resolve(ReportWriter.CSV));
        assertEquals(3, csv.size());
        assertEquals(String.join(",", ResultTable.CSV_HEADER), csv.get(0));
        assertTrue(csv.get(1).startsWith("synthetic,1,0,\"yield, pinned\",1000000.0000,"), csv.get(1));
        // Corrected and recorded latency side by side, the real sample count, the 1.5 ms stop and the steal time.
        assertTrue(csv.get(1).contains(",1000,4.0010,4.0010,1000,1.5000,1,1.5000,0,"), csv.get(1));
        // W=2 at 1.5 M deliveries/s against 1 M for W=1: efficiency 1.5 / (2 x 1) = 0.75.
        assertTrue(csv.get(2).startsWith("synthetic,2,\"0,1\",\"backoff, pinned, 3 threads on 2 cpus\",750000.0000,"),
            csv.get(2));
        assertTrue(csv.get(2).contains(",0.7500,"), csv.get(2));

        final String report = Files.readString(dir.resolve(ReportWriter.REPORT));
        assertTrue(report.contains("| CPUs (nproc) | 2 |"), report);
        assertTrue(report.contains("| CPU model | Test CPU |"), report);
        assertTrue(report.contains("Command: `./quicksilver bench --smoke`"), report);
        assertTrue(report.contains("| 2 | 0,1 | backoff, pinned, 3 threads on 2 cpus | 750.0 k |"), report);
        // W=1: 1 M msgs/s is 1000 ns/msg, 200x the floor's 5 ns; p50 of 4 us is 100x its 40 ns hop.
        // (HdrHistogram reports the top of the 4000 ns bucket, so the second ratio is 100.0x and a little.)
        assertTrue(report.contains("| 1 | 0 | yield, pinned | 1.00 M | 1.00 M-1.00 M | 1.00 M | 1.00 | 1.0 k | 4.0 |"), report);
        // max, then the recorded p99, the real sample count and the longest platform stop (1.5 ms).
        assertTrue(report.contains("| 4.0 | 4.0 | 1000 | 1.5 | 0.0 |"), report);
        assertTrue(report.contains("| 200.00x | 100.0"), report);
        assertTrue(report.contains("![scaling](scaling.png)"), report);
        assertTrue(report.contains("quicksilver.jfr"), report);
    }

    @Test
    void shouldSayTheFloorIsUnavailableAndLeaveRatiosEmpty() throws Exception
    {
        final ScalingStudy.Result result = syntheticResult(Floor.unavailable("gcc not found"));
        ReportWriter.write(new ReportWriter.Report(result, machine(), "plan", "none"), dir);
        final String report = Files.readString(dir.resolve(ReportWriter.REPORT));
        assertTrue(report.contains("Unavailable in this run: gcc not found."), report);
        assertTrue(ReportWriter.textTable(result).contains(" -  "), ReportWriter.textTable(result));
        assertEquals("floor unavailable: gcc not found\n", Files.readString(dir.resolve(ReportWriter.FLOOR_TXT)));
        assertNotNull(ImageIO.read(dir.resolve(ReportWriter.LATENCY_PNG).toFile()));
    }

    @Test
    void shouldParseTheFloorOutputAndRejectOutputWithoutFigures()
    {
        final Floor floor = Floor.parse("cpus=2,3\npingpong_one_way_ns_median=61.5\nspsc_ns_per_msg_median=7.25\n");
        assertTrue(floor.available());
        assertEquals(61.5, floor.oneWayNs());
        assertEquals(7.25, floor.spscNsPerMessage());
        assertEquals("2,3", floor.cpus());

        final Floor broken = Floor.parse("cpus=0,1\n");
        assertEquals(false, broken.available());
        assertEquals("floor output has no number for pingpong_one_way_ns_median", broken.reason());
        assertTrue(Double.isNaN(broken.oneWayNs()));
    }

    static ScalingStudy.Result syntheticResult(final Floor floor)
    {
        final Workload workload = new Workload()
        {
            @Override
            public String name()
            {
                return "synthetic";
            }

            @Override
            public String describe()
            {
                return "made-up numbers";
            }

            @Override
            public int maxWorkers()
            {
                return 2;
            }

            @Override
            public WorkloadResult run(final WorkloadRun run)
            {
                throw new UnsupportedOperationException("synthetic");
            }
        };
        final List<WorkerPlacement> placements = List.of(placement(0), placement(1));
        final ScalingStudy.Settings settings = new ScalingStudy.Settings(workload, placements, 2,
            new IdleStrategyConfig.Yield(), null, null, null, Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 1000,
            0, Path.of("."), 0, null, null);
        final StepResult one = StepResult.of(1, "0", List.of(result(1_000_000, 1, 4_000)), List.of(result(0, 1, 4_000)),
            1000, "yield, pinned", Double.NaN);
        final StepResult two = StepResult.of(2, "0,1", List.of(result(750_000, 2, 8_000)), List.of(result(0, 2, 8_000)),
            1000, "backoff, pinned, 3 threads on 2 cpus", one.deliveriesPerSecond());
        return new ScalingStudy.Result(settings, List.of(one, two), floor, TimeUnit.SECONDS.toNanos(4));
    }

    private static WorkloadResult result(final long messages, final int workers, final long latencyNs)
    {
        final Histogram histogram = new Histogram(RingFanOutWorkload.HIGHEST_LATENCY_NS, 3);
        histogram.recordValueWithCount(latencyNs, 1000);
        return new WorkloadResult(messages, messages * workers, TimeUnit.SECONDS.toNanos(1), true, null, histogram,
            histogram.copy(), 0, List.of("worker 0: pinned to cpu 0"),
            new Hiccups(TimeUnit.SECONDS.toNanos(1), 1000, 60_000, 1_500_000, 1, 1_500_000, 0));
    }

    private static WorkerPlacement placement(final int cpu)
    {
        return new WorkerPlacement(cpu, cpu, cpu, 0, 0, 0, 0, "compact", new IdleStrategyConfig.Yield());
    }

    private static MachineInfo machine()
    {
        return new MachineInfo(2, "Test CPU", "2 cpus 0-1", "Test JVM 25", List.of("-Xmx1g"),
            "./quicksilver bench --smoke", "on",
            "2 threads spinning 1.0 s: longest stop 100.2 ms, 5 stops over 1 ms, steal 100 ms");
    }
}
