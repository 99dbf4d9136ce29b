package io.quicksilver;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A responder that keeps sending to itself stops the same way in both modes: the chain of messages ends at the
 * nesting limit, the send that would go past it throws in its responder, and that is reported once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunawayReactionTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aResponderThatKeepsSendingToItselfStopsAtTheNestingLimit(final boolean parallel)
    {
        final AtomicInteger calls = new AtomicInteger();
        final List<Throwable> reported = new CopyOnWriteArrayList<>();
        final ErrorHandler handler = (node, source, method, error) -> reported.add(error);
        try (Quicksilver qs = parallel ?
            BothModes.parallelBuilder().maxNestingDepth(8).errorHandler(handler).build() :
            Quicksilver.singleThreaded().maxNestingDepth(8).errorHandler(handler).build())
        {
            final RelayNode echo = qs.createNode("echo");
            echo.addResponder(message ->
            {
                calls.incrementAndGet();
                echo.sendInt(APP, message.getInt() + 1, Metadata.SELF);
            });
            qs.applyChanges();
            echo.sendInt(APP, 0, Metadata.SELF);
            assertTrue(qs.awaitQuiescence(Duration.ofSeconds(20)), "the chain never ended");
            assertEquals(8, qs.maxNestingDepth());
        }
        assertEquals(8, calls.get(), "messages in the chain");
        assertEquals(1, reported.size(), "reports: " + reported);
        assertTrue(reported.get(0) instanceof IllegalStateException &&
            reported.get(0).getMessage().startsWith("sends nested too deep"), reported.get(0).toString());
    }
}
