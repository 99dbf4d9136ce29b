package io.quicksilver.benchmarks.parallel;

import io.quicksilver.runtime.journal.ChronicleJournal;
import io.quicksilver.runtime.journal.JournalConfig;
import io.quicksilver.runtime.journal.JournalLayout;
import io.quicksilver.runtime.memory.SlotArena;
import io.quicksilver.runtime.message.MessageLayout;
import io.quicksilver.runtime.message.MessageWriter;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The journaller's append path against a plain Chronicle appender, on one thread, for 64-byte messages (a header
 * and no payload) read from the same off-heap slots: {@code journal} appends 64 ring slots as one journal document
 * ({@link ChronicleJournal#appendDocument}: document header, payload length read and checked per message, one copy
 * per message); {@code rawChronicle} writes the same 64 x 64 bytes from the same addresses into one document with
 * {@code unsafeWrite}, nothing else. The score is messages per second.
 * <pre>
 * java -jar benchmarks/target/quicksilver-benchmarks.jar JournalAppendBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
    "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED", "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "-Dchronicle.analytics.disable=true"})
public class JournalAppendBenchmark
{
    private static final int CAPACITY = 1024;
    private static final int BATCH = JournalLayout.MAX_MESSAGES;

    private Arena arena;
    private SlotArena slots;
    private Path directory;
    private ChronicleJournal journal;
    private SingleChronicleQueue rawQueue;
    private ExcerptAppender rawAppender;
    private long next;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        arena = Arena.ofShared();
        slots = SlotArena.allocate(arena, CAPACITY, 64);
        final MessageWriter writer = new MessageWriter();
        for (int s = 0; s < CAPACITY; s++)
        {
            writer.wrap(slots, s).senderNodeId(0).method(1000).putNone();
            slots.segment().set(java.lang.foreign.ValueLayout.JAVA_LONG, slots.slotOffset(s) +
                MessageLayout.SEQUENCE_OFFSET, s);
        }
        directory = Files.createTempDirectory("quicksilver-journal-append");
        journal = ChronicleJournal.open(JournalConfig.of(directory.resolve("journal")), 64);
        rawQueue = SingleChronicleQueueBuilder.binary(directory.resolve("raw")).build();
        rawAppender = rawQueue.createAppender();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        journal.close();
        rawAppender.close();
        rawQueue.close();
        arena.close();
        try (Stream<Path> files = Files.walk(directory))
        {
            files.sorted(Comparator.reverseOrder()).forEach(f ->
            {
                try
                {
                    Files.delete(f);
                }
                catch (final IOException e)
                {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void journal() throws IOException
    {
        journal.appendDocument(slots, next, BATCH);
        next = (next + BATCH) & (CAPACITY - 1);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void rawChronicle()
    {
        final long base = slots.segment().address();
        final long first = next;
        try (DocumentContext dc = rawAppender.writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            for (int i = 0; i < BATCH; i++)
            {
                bytes.unsafeWrite(base + slots.slotOffset(first + i), MessageLayout.HEADER_LENGTH);
            }
        }
        next = (next + BATCH) & (CAPACITY - 1);
    }
}
