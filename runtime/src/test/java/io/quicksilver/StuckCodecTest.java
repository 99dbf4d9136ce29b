package io.quicksilver;

import io.quicksilver.runtime.message.MessageView;
import io.quicksilver.runtime.message.PayloadCodec;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reaction whose {@link PayloadCodec} is stuck mid-write when its worker is replaced: the replacement goes on with
 * its own staging buffer, so the codec's late writes land in memory no other message uses. Before, the replacement
 * reused the stuck thread's staging buffer, and a codec still writing scribbled over the replacement's reactions.
 */
class StuckCodecTest
{
    private static final int METHOD = Method.FIRST_APPLICATION_METHOD;
    private static final int MESSAGES = 2_000;

    /** Writes 4 bytes, blocks until released, then scribbles 0xFF over its whole slot until told to stop. */
    private static final class StuckCodec implements PayloadCodec<Integer>
    {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch scribbling = new CountDownLatch(1);
        volatile boolean stop;

        @Override
        public int encode(final Integer value, final MemorySegment segment, final long offset, final int maxLength)
        {
            segment.set(JAVA_INT_UNALIGNED, offset, value);
            entered.countDown();
            await(release);
            scribbling.countDown();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!stop && System.nanoTime() < deadline)
            {
                for (int i = 0; i < maxLength; i++)
                {
                    segment.set(JAVA_BYTE, offset + i, (byte)0xFF);
                }
            }
            return Integer.BYTES;
        }

        @Override
        public Integer decode(final MemorySegment segment, final long offset, final int length)
        {
            return segment.get(JAVA_INT_UNALIGNED, offset);
        }
    }

    private static void await(final CountDownLatch latch)
    {
        try
        {
            assertTrue(latch.await(30, TimeUnit.SECONDS), "latch");
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs of consecutive values, for a readable failure. */
    private static String describe(final List<Integer> got)
    {
        final StringBuilder sb = new StringBuilder();
        int start = 0;
        for (int i = 1; i <= got.size(); i++)
        {
            if (i == got.size() || got.get(i) != got.get(i - 1) + 1)
            {
                sb.append(got.get(start)).append("..").append(got.get(i - 1)).append(' ');
                start = i;
            }
        }
        return sb.toString();
    }

    @Test
    @Timeout(90)
    void aCodecStuckMidWriteNeverTouchesAnotherReaction() throws Exception
    {
        final List<String> reports = new ArrayList<>();
        final StuckCodec codec = new StuckCodec();
        // Staging (128) holds more than a ring's worth (64) of reactions, so none is refused; the stuck codec's slot
        // comes round again every 128 reactions.
        final ConcurrentLinkedQueue<Integer> reactions = new ConcurrentLinkedQueue<>();
        final AtomicInteger received = new AtomicInteger();
        try (Quicksilver qs = Quicksilver.parallel().workers(1).idleStrategy(YieldingIdleStrategy::new)
            .ringCapacity(64).stagingCapacity(128).maxPayload(64)
            .watchdogThreshold(Duration.ofMillis(50)).rescueAfter(Duration.ofMillis(200))
            .closeTimeout(Duration.ofSeconds(5))
            .errorHandler((node, source, method, error) ->
            {
                synchronized (reports)
                {
                    reports.add(source + ": " + error);
                }
            })
            .build())
        {
            final RelayNode root = qs.createNode("root");
            final RelayNode stuck = qs.createNode("stuck");
            final RelayNode echo = qs.createNode("echo");
            final RelayNode sink = qs.createNode("sink");
            final RelayNode codecSink = qs.createNode("codec-sink");
            root.addChild(stuck).addChild(echo);
            echo.addChild(sink);
            stuck.addChild(codecSink);
            codecSink.addResponder("codec-sink", message -> { });
            // The first message makes this responder send a reaction whose codec gets stuck mid-write.
            stuck.addResponder("stuck", message ->
            {
                if (message.getInt() == 0)
                {
                    stuck.sendCustom(METHOD + 1, codec, 0, Metadata.CHILD);
                }
            });
            // Every message makes this one (on the same worker) react: the replacement stages these.
            echo.addResponder("echo", message -> echo.sendInt(METHOD + 1, message.getInt(), Metadata.CHILD));
            // The sink is in the root's subtree too (a CHILD send reaches the whole subtree): it keeps only the reactions.
            sink.addResponder("sink", (MessageView message) ->
            {
                if (message.method() == METHOD + 1)
                {
                    reactions.add(message.getInt());
                    received.incrementAndGet();
                }
            });
            qs.applyChanges();

            assertTrue(root.sendInt(METHOD, 0, Metadata.CHILD));
            await(codec.entered);
            // Let the watchdog replace the worker, then let the codec scribble while the replacement stages reactions.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (qs.rescues() == 0)
            {
                assertTrue(System.nanoTime() < deadline, "the worker was never replaced");
                Thread.onSpinWait();
            }
            codec.release.countDown();
            await(codec.scribbling);
            for (int i = 1; i < MESSAGES; i++)
            {
                assertTrue(root.sendInt(METHOD, i, Metadata.CHILD), "send " + i);
                // At most a ring's worth of reactions outstanding, so staging never fills and none is refused.
                while (i - received.get() > 64)
                {
                    assertTrue(System.nanoTime() < deadline, "reactions stopped at " + received.get());
                    Thread.onSpinWait();
                }
            }
            assertTrue(qs.flush(Duration.ofSeconds(30)), "flush");
            codec.stop = true;
            assertTrue(qs.awaitQuiescence(Duration.ofSeconds(30)), "quiescence");

            final List<Integer> got = new ArrayList<>(reactions);
            assertEquals(MESSAGES, got.size(), "every echo reaction arrives once: " + describe(got) + " " + reports);
            for (int i = 0; i < MESSAGES; i++)
            {
                assertEquals(i, got.get(i), "reaction " + i + " corrupted or out of order");
            }
            assertEquals(0, qs.rescueLostReactions());
        }
    }
}
