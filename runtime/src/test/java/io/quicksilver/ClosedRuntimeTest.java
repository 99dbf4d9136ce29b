package io.quicksilver;

import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A closed runtime refuses what would change it, and once dropped it is garbage, even while the threads that sent on
 * it live on.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClosedRuntimeTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD;

    private static Quicksilver parallel()
    {
        return Quicksilver.parallel().workers(1).idleStrategy(YieldingIdleStrategy::new)
            .closeTimeout(Duration.ofSeconds(5)).build();
    }

    /** Build, send from this thread and from a second live thread, close; return only a weak reference. */
    private static WeakReference<Quicksilver> useAndClose() throws Exception
    {
        final Quicksilver qs = parallel();
        final RelayNode node = qs.createNode("node");
        final int[] seen = new int[1];
        node.addResponder(message -> seen[0]++);
        assertTrue(node.sendInt(APP, 1));
        final Thread sender = new Thread(() -> node.sendInt(APP, 2));
        sender.start();
        sender.join();
        qs.flush();
        qs.close();
        return new WeakReference<>(qs);
    }

    @Test
    void closedRuntimesAreCollectedWhileTheirSendingThreadLives() throws Exception
    {
        final List<WeakReference<Quicksilver>> runtimes = new ArrayList<>();
        for (int i = 0; i < 20; i++)
        {
            runtimes.add(useAndClose());
        }
        // This thread sent on every one of them and lives on; its thread-local map must not keep them.
        int alive = runtimes.size();
        for (int attempt = 0; attempt < 50 && alive > 0; attempt++)
        {
            System.gc();
            alive = 0;
            for (final WeakReference<Quicksilver> ref : runtimes)
            {
                alive += ref.get() != null ? 1 : 0;
            }
        }
        final List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < runtimes.size(); i++)
        {
            if (runtimes.get(i).get() != null)
            {
                kept.add(i);
            }
        }
        assertEquals(List.of(), kept, "closed runtimes still reachable after GC");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aClosedRuntimeRefusesHierarchyChanges(final boolean parallel)
    {
        final Quicksilver qs = parallel ? parallel() : Quicksilver.singleThreaded().build();
        final RelayNode parent = qs.createNode("parent");
        final RelayNode child = qs.createNode("child");
        qs.close();

        for (final Runnable change : new Runnable[] {
            () -> parent.addChild(child),
            () -> parent.addResponder(message -> { }),
            () -> parent.setActive(false),
            () -> qs.createNode("late")})
        {
            final IllegalStateException e = assertThrows(IllegalStateException.class, change::run);
            assertTrue(e.getMessage().startsWith("runtime is closed"), e.getMessage());
        }
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> parent.sendInt(APP, 1));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
