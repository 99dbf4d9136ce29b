package io.quicksilver;

import org.junit.jupiter.api.Test;

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
