package io.quicksilver;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handled flag and the receive-handled opt-in.
 */
class HandledTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD;

    private final DeliveryLog log = new DeliveryLog();
    private final Quicksilver qs = DeliveryLog.runtime(log);

    @AfterEach
    void close()
    {
        qs.close();
    }

    @Test
    void shouldStopLaterRespondersOnceHandledExceptThoseThatOptedIn()
    {
        final RelayNode root = qs.createNode("root");
        final RelayNode child = qs.createNode("child");
        log.on(root, ResponderOptions.named("before"));
        root.addResponder("handler", message ->
        {
            log.names.add("handler");
            message.markHandled();
        });
        log.on(root, ResponderOptions.named("after"));
        log.on(root, ResponderOptions.builder().name("audit").receiveHandled(true).build());
        log.on(child, ResponderOptions.named("child"));
        log.on(child, ResponderOptions.builder().name("childAudit").receiveHandled(true).build());
        root.addChild(child);

        root.send(APP);

        assertEquals(List.of("before", "handler", "audit", "childAudit"), log.take());
    }

    @Test
    void shouldStartEveryMessageUnhandled()
    {
        final RelayNode n = qs.createNode("n");
        final boolean[] seenHandled = new boolean[2];
        final int[] calls = new int[1];
        n.addResponder(message ->
        {
            seenHandled[calls[0]++] = message.isHandled();
            message.markHandled();
        });
        final ResponderHandle second = log.on(n);

        n.send(APP);
        n.send(APP);

        assertEquals(2, calls[0]);
        assertFalse(seenHandled[0]);
        assertFalse(seenHandled[1]);
        assertEquals(List.of(), log.take());

        second.setReceiveHandled(true);
        n.send(APP);
        assertEquals(List.of("n"), log.take());
        assertTrue(second.receivesHandled());
    }

    @Test
    void shouldKeepANestedSendsHandledFlagApartFromTheOuterMessage()
    {
        final RelayNode a = qs.createNode("a");
        final RelayNode b = qs.createNode("b");
        b.addResponder(message -> message.markHandled());
        a.addResponder(message ->
        {
            if (message.method() == APP)
            {
                b.send(APP + 1, Metadata.SELF);
            }
        });
        log.on(a, ResponderOptions.named("a2"));

        a.send(APP, Metadata.SELF);

        assertEquals(List.of("a2"), log.take());
    }
}
