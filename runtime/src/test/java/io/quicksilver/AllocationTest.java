package io.quicksilver;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A send of a primitive or vector payload allocates nothing on the heap, on any route.
 */
class AllocationTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD;
    private static final int ROUNDS = 20_000;

    private static final Metadata CHILD_TAGGED = Metadata.of(Level.CHILD, Tag.TAG_1);
    private static final Metadata ANCESTORS = Metadata.of(Level.ANCESTORS);
    private static final Metadata SELECTED = Metadata.DEFAULT.withSelected(SelectedFilter.SELECTED);
    private static final Metadata EVERY_ROUTE = Metadata.builder()
        .level(Level.SELF | Level.CHILD | Level.PARENT | Level.DESCENDANTS | Level.ANCESTORS | Level.SIBLINGS)
        .allowLateral()
        .build();

    @Test
    void shouldNotAllocatePerSend()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemoryEnabled() || enable(threads));

        try (Quicksilver qs = Quicksilver.singleThreaded().build())
        {
            final long[] sum = new long[1];
            final RelayNode root = qs.createNode("root");
            final SwitchNode sw = qs.createSwitchNode("sw");
            root.addChild(sw);
            RelayNode first = null;
            for (int i = 0; i < 8; i++)
            {
                final RelayNode child = qs.createNode("c" + i);
                for (int r = 0; r < 4; r++)
                {
                    child.addResponder(message -> sum[0] += message.method());
                }
                sw.addChild(child);
                first = first == null ? child : first;
            }
            final RelayNode leaf = qs.createNode("leaf");
            leaf.addResponder(message ->
            {
                if (message.payloadType() == io.quicksilver.runtime.message.PayloadType.INT)
                {
                    sum[0] += message.getInt();
                    message.markHandled();
                }
            });
            first.addChild(leaf);
            sw.jumpTo(first);

            for (int i = 0; i < ROUNDS; i++)
            {
                sendAll(root, leaf, i);
            }
            // The least of three windows: one object per send would show in every window as at least
            // 16 * 180,000 bytes. A few bytes can come from the JIT (a deoptimisation materialising a scalar-replaced
            // object, likelier on a loaded machine), not from the send path, and not in every window.
            long allocated = Long.MAX_VALUE;
            for (int window = 0; window < 3; window++)
            {
                final long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < ROUNDS; i++)
                {
                    sendAll(root, leaf, i);
                }
                allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
            }

            assertTrue(allocated < 1024, "bytes allocated by " + (ROUNDS * 9) + " sends, least of 3 windows: " +
                allocated);
            assertTrue(sum[0] != 0);
            assertEquals(0, qs.errors());
        }
    }

    @Test
    void shouldNotAllocatePerNestedSendNorPerRepeatedRefusal()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemoryEnabled() || enable(threads));
        final long[] reports = new long[1];
        try (Quicksilver qs = Quicksilver.singleThreaded().maxNestedSends(20_000)
            .errorHandler((node, source, method, error) -> reports[0]++).build())
        {
            final RelayNode a = qs.createNode("a");
            // Twice per call: 20,000 nested sends, then about 10,000 refusals at the depth limit and 32 past the budget.
            a.addResponder(message ->
            {
                a.send(APP);
                a.send(APP);
            });
            for (int i = 0; i < 20; i++)
            {
                a.send(APP);
            }
            // Each outermost send allocates its two reported refusals (messages and stack traces, a few KiB); one
            // object per nested send or per refusal would be at least 16 * 30,000 bytes.
            long allocated = Long.MAX_VALUE;
            for (int window = 0; window < 3; window++)
            {
                final long before = threads.getCurrentThreadAllocatedBytes();
                a.send(APP);
                allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
            }

            assertTrue(allocated < 64 * 1024, "bytes allocated by one outermost send of 20,000 nested sends and " +
                "their refusals, least of 3 windows: " + allocated);
            assertEquals(2 * 23, reports[0], "two limits reported per outermost send");
            assertTrue(qs.refusedNestedSends() > 23 * 10_000L, "refusals: " + qs.refusedNestedSends());
        }
    }

    private static void sendAll(final RelayNode root, final RelayNode leaf, final int i)
    {
        root.sendInt(APP, i);
        root.sendFloat(Method.MESSAGE_FLOAT, i);
        root.sendBool(Method.MESSAGE_BOOL, true, CHILD_TAGGED);
        root.sendVector3(Method.MESSAGE_VECTOR3, 1, 2, 3, SELECTED);
        root.sendQuaternion(APP, 0, 0, 0, 1);
        root.send(Method.REFRESH);
        leaf.sendInt(APP, i, EVERY_ROUTE);
        leaf.sendVector4(Method.MESSAGE_VECTOR4, 1, 2, 3, 4, ANCESTORS);
        root.sendString(Method.MESSAGE_STRING, "constant", Metadata.SELF);
    }

    private static boolean enable(final com.sun.management.ThreadMXBean threads)
    {
        threads.setThreadAllocatedMemoryEnabled(true);
        return threads.isThreadAllocatedMemoryEnabled();
    }
}
