package io.quicksilver;

import io.quicksilver.runtime.message.CheckedMode;
import io.quicksilver.runtime.message.MessageView;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checked mode keeps its promise through the public API, in both modes: a view or a payload segment kept past its
 * call fails when read later, whether the next message, or a whole ring lap of them, came in between (surefire runs
 * with {@code -Dquicksilver.checked=true}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CheckedModeTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD;
    private static final int RING = 64;

    @BeforeEach
    void checked()
    {
        assertTrue(CheckedMode.ENABLED, "tests must run with -D" + CheckedMode.CHECKED_PROP_NAME + "=true");
    }

    private static Quicksilver runtime(final boolean parallel)
    {
        return parallel ?
            Quicksilver.parallel().workers(1).idleStrategy(YieldingIdleStrategy::new).ringCapacity(RING)
                .closeTimeout(Duration.ofSeconds(5)).build() :
            Quicksilver.singleThreaded().build();
    }

    /** Keeps the first view and payload segment it is given; reads them while handling later messages. */
    private static final class Keeper implements Responder
    {
        final List<Throwable> laterReads = new ArrayList<>();
        final List<Integer> values = new ArrayList<>();
        MessageView kept;
        MemorySegment keptPayload;
        MemorySegment keptUtf8;

        @Override
        public void onMessage(final MessageView message)
        {
            values.add(message.getInt());
            if (kept == null)
            {
                kept = message;
                keptPayload = message.payload();
                return;
            }
            read(() -> kept.getInt());
            read(() -> keptPayload.get(ValueLayout.JAVA_INT, 0));
        }

        private void read(final Runnable access)
        {
            try
            {
                access.run();
                laterReads.add(null);
            }
            catch (final Throwable t)
            {
                laterReads.add(t);
            }
        }
    }

    private static void assertEveryLaterReadFailed(final Keeper keeper, final int messages)
    {
        assertEquals(messages, keeper.values.size());
        assertEquals(2 * (messages - 1), keeper.laterReads.size());
        for (final Throwable t : keeper.laterReads)
        {
            assertTrue(t instanceof IllegalStateException, "a kept view or segment was readable later: " + t);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aViewKeptFromOneMessageFailsDuringTheNext(final boolean parallel)
    {
        final Keeper keeper = new Keeper();
        try (Quicksilver qs = runtime(parallel))
        {
            final RelayNode node = qs.createNode("node");
            node.addResponder(keeper);
            node.sendInt(APP, 1);
            node.sendInt(APP, 2);
            qs.flush();
        }
        assertEquals(List.of(1, 2), keeper.values);
        assertEveryLaterReadFailed(keeper, 2);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aViewKeptFromOneMessageFailsALapLater(final boolean parallel)
    {
        final Keeper keeper = new Keeper();
        final int messages = 3 * RING + 1;
        try (Quicksilver qs = runtime(parallel))
        {
            final RelayNode node = qs.createNode("node");
            node.addResponder(keeper);
            for (int i = 0; i < messages; i++)
            {
                node.sendInt(APP, i);
            }
            qs.flush();
        }
        assertEveryLaterReadFailed(keeper, messages);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aStringPayloadKeptPastItsCallFails(final boolean parallel)
    {
        final List<MemorySegment> kept = new ArrayList<>();
        final List<Throwable> reads = new ArrayList<>();
        try (Quicksilver qs = runtime(parallel))
        {
            final RelayNode node = qs.createNode("node");
            final Consumer<MessageView> keep = message ->
            {
                if (!kept.isEmpty())
                {
                    try
                    {
                        kept.get(0).get(ValueLayout.JAVA_BYTE, 0);
                        reads.add(null);
                    }
                    catch (final Throwable t)
                    {
                        reads.add(t);
                    }
                }
                kept.add(message.payloadUtf8());
            };
            node.addResponder(keep::accept);
            node.sendString(APP, "first");
            node.sendString(APP, "second");
            qs.flush();
        }
        assertEquals(1, reads.size());
        assertTrue(reads.get(0) instanceof IllegalStateException, "kept UTF-8 segment readable: " + reads.get(0));
        // Read from the test thread: closed, or (parallel) owned by the worker thread that handled it.
        final RuntimeException e = assertThrows(RuntimeException.class, () -> kept.get(1).get(ValueLayout.JAVA_BYTE, 0));
        assertTrue(e instanceof IllegalStateException || e instanceof WrongThreadException, e.toString());
    }
}
