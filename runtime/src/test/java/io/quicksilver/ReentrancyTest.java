package io.quicksilver;

import io.quicksilver.runtime.dispatch.SingleThreadedDispatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sends made from inside a handler: delivered at once, nested, each in its own slot.
 */
class ReentrancyTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD;

    @Test
    void shouldDeliverANestedSendBeforeTheHandlerReturnsAndKeepTheOuterMessageIntact()
    {
        final DeliveryLog log = new DeliveryLog();
        try (Quicksilver qs = DeliveryLog.runtime(log))
        {
            final RelayNode a = qs.createNode("a");
            final RelayNode b = qs.createNode("b");
            b.addResponder(message -> log.names.add("b got " + message.getInt()));
            a.addResponder(message ->
            {
                log.names.add("a got " + message.getInt());
                if (message.getInt() == 1)
                {
                    b.sendInt(APP, 2);
                }
                log.names.add("a still reads " + message.getInt() + " hop " + message.hopCount());
            });
            a.addResponder(message -> log.names.add("a2 got " + message.getInt()));

            a.sendInt(APP, 1);

            assertEquals(List.of("a got 1", "b got 2", "a still reads 1 hop 0", "a2 got 1"), log.take());
        }
    }

    @Test
    void shouldBoundASelfSendingResponderByTheNestingDepth()
    {
        final DeliveryLog log = new DeliveryLog();
        try (Quicksilver qs = Quicksilver.singleThreaded().maxNestingDepth(4)
            .errorHandler(log.errorHandler()).build())
        {
            final RelayNode a = qs.createNode("a");
            final int[] calls = new int[1];
            a.addResponder(message ->
            {
                calls[0]++;
                a.send(APP);
            });

            a.send(APP);

            assertEquals(4, calls[0]);
            assertTrue(log.errors.getFirst().getMessage().startsWith("sends nested too deep"),
                log.errors.getFirst().getMessage());
            assertEquals(0, qs.isDispatching() ? 1 : 0);
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldBoundTheTotalWorkOfAResponderThatSendsTwicePerCallAndReportEachLimitOncePerOutermostSend()
    {
        final DeliveryLog log = new DeliveryLog();
        try (Quicksilver qs = DeliveryLog.runtime(log))
        {
            final RelayNode a = qs.createNode("a");
            final long[] calls = new long[1];
            // Within the depth limit (32) this would make about 2^33 calls.
            a.addResponder(message ->
            {
                calls[0]++;
                a.send(APP);
                a.send(APP);
            });

            for (int outermost = 1; outermost <= 2; outermost++)
            {
                calls[0] = 0;
                a.send(APP);

                assertEquals(1 + SingleThreadedDispatcher.MAX_NESTED_SENDS_DEFAULT, calls[0],
                    "the outermost call and one per nested send of the budget");
                final List<String> messages = log.errors.stream().map(Throwable::getMessage).toList();
                assertEquals(2 * outermost, messages.size(), "each limit once per outermost send: " + messages);
                assertTrue(messages.get(2 * outermost - 2).startsWith("sends nested too deep"), messages.toString());
                assertTrue(messages.get(2 * outermost - 1).startsWith("nested send budget exhausted (responders " +
                    "that keep fanning out sends?): 1000000 sends nested in one outermost send, " +
                    "maxNestedSends=1000000"), messages.toString());
            }
            assertTrue(qs.refusedNestedSends() > 2, "every refusal counted: " + qs.refusedNestedSends());
            assertEquals(2 * 2, qs.errors());
            assertEquals(0, qs.isDispatching() ? 1 : 0);
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldReportAnExhaustedBudgetOnceAndCountEveryRefusal()
    {
        final DeliveryLog log = new DeliveryLog();
        try (Quicksilver qs = Quicksilver.singleThreaded().maxNestingDepth(128).maxNestedSends(100)
            .errorHandler(log.errorHandler()).build())
        {
            final RelayNode a = qs.createNode("a");
            final int[] calls = new int[1];
            a.addResponder(message ->
            {
                calls[0]++;
                a.send(APP);
                a.send(APP);
            });

            a.send(APP);

            // Down one chain of 100 nested sends: the 101st is refused, then each call's second send on the way up.
            assertEquals(101, calls[0]);
            assertEquals(1, log.errors.size(), log.errors.toString());
            assertEquals("nested send budget exhausted (responders that keep fanning out sends?): 100 sends nested in " +
                "one outermost send, maxNestedSends=100, depth=101, method=APP(1000); later refusals of this " +
                "outermost send are counted (refusedNestedSends()), not reported", log.errors.getFirst().getMessage());
            assertEquals(101, qs.refusedNestedSends());
            assertEquals(1, qs.responderErrors());
            assertEquals(100, qs.maxNestedSends());
        }
    }

    @Test
    void shouldTakeAZeroBudgetAsNoLimitAndRefuseANegativeOne()
    {
        try (Quicksilver qs = Quicksilver.singleThreaded().maxNestedSends(0).maxNestingDepth(4).build())
        {
            final RelayNode a = qs.createNode("a");
            final int[] calls = new int[1];
            a.addResponder(message ->
            {
                calls[0]++;
                if (calls[0] < 4)
                {
                    a.send(APP);
                }
            });
            a.send(APP);
            assertEquals(4, calls[0]);
            assertEquals(0, qs.maxNestedSends());
        }
        try (Quicksilver qs = Quicksilver.singleThreaded().build())
        {
            assertEquals(SingleThreadedDispatcher.MAX_NESTED_SENDS_DEFAULT, qs.maxNestedSends());
        }
        assertEquals("maxNestedSends must not be negative (0 = off): maxNestedSends=-1", assertThrows(
            IllegalArgumentException.class, () -> Quicksilver.singleThreaded().maxNestedSends(-1).build())
            .getMessage());
    }

    @Test
    void shouldRefuseToCloseFromInsideADispatch()
    {
        final DeliveryLog log = new DeliveryLog();
        final Quicksilver qs = DeliveryLog.runtime(log);
        final RelayNode a = qs.createNode("a");
        a.addResponder(message -> qs.close());

        a.send(APP);

        assertEquals("cannot close from inside a dispatch: depth=1", log.errors.getFirst().getMessage());
        qs.close();
        assertTrue(qs.isClosed());
    }

    @Test
    void shouldRefuseToSendAfterClose()
    {
        final Quicksilver qs = Quicksilver.singleThreaded().build();
        final RelayNode a = qs.createNode("a");
        qs.close();

        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.sendInt(APP, 1));

        assertEquals("runtime is closed: cannot send APP(1000)", e.getMessage());
        assertTrue(qs.isClosed());
    }
}
