package io.quicksilver;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Changes made during a dispatch take effect at the safe point: when the outermost send returns.
 */
class SafePointTest
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
    void shouldGiveAResponderAddedInAHandlerTheNextMessageButNotTheCurrentOne()
    {
        final RelayNode n = qs.createNode("n");
        final boolean[] added = new boolean[1];
        n.addResponder(message ->
        {
            if (!added[0])
            {
                added[0] = true;
                n.addResponder("late", log.responder("late"));
            }
        });
        log.on(n, ResponderOptions.named("existing"));

        n.send(APP);
        assertEquals(List.of("existing"), log.take());

        n.send(APP);
        assertEquals(List.of("existing", "late"), log.take());
    }

    @Test
    void shouldKeepDeliveringTheCurrentMessageToAResponderRemovedInAHandler()
    {
        final RelayNode n = qs.createNode("n");
        final ResponderHandle[] victim = new ResponderHandle[1];
        n.addResponder(message -> victim[0].remove());
        victim[0] = log.on(n, ResponderOptions.named("victim"));

        n.send(APP);
        assertEquals(List.of("victim"), log.take());
        assertFalse(victim[0].isRegistered(), "the model changes at once");

        n.send(APP);
        assertEquals(List.of(), log.take());
    }

    @Test
    void shouldReachAChildLinkedInAHandlerFromTheNextMessage()
    {
        final RelayNode root = qs.createNode("root");
        final RelayNode child = qs.createNode("child");
        log.on(child);
        root.addResponder(message ->
        {
            if (root.children().isEmpty())
            {
                root.addChild(child);
                assertEquals(List.of(child), root.children(), "queries see the change at once");
            }
        });

        root.send(APP);
        assertEquals(List.of(), log.take());

        root.send(APP);
        assertEquals(List.of("child"), log.take());
    }

    @Test
    void shouldApplyTagAndActiveChangesMadeInAHandlerAtTheSafePoint()
    {
        final RelayNode root = qs.createNode("root");
        final RelayNode child = qs.createNode("child");
        root.addResponder(message -> child.setActive(!child.isActive()));
        root.addChild(child);
        log.on(child);

        root.send(APP);
        assertEquals(List.of("child"), log.take(), "deactivated during this send, still routed as active");
        root.send(APP);
        assertEquals(List.of(), log.take(), "inactive now; reactivated during this send");
        root.send(APP);
        assertEquals(List.of("child"), log.take());
    }

    @Test
    void shouldApplyChangesMadeByANestedSendAtTheOutermostSafePoint()
    {
        final RelayNode a = qs.createNode("a");
        final RelayNode b = qs.createNode("b");
        final RelayNode c = qs.createNode("c");
        log.on(c);
        b.addResponder(message -> a.addChild(c));
        a.addResponder(message ->
        {
            if (message.method() == APP)
            {
                b.send(APP + 1, Metadata.SELF);
                a.send(APP + 2);
            }
        });

        a.send(APP, Metadata.SELF);

        assertEquals(List.of(), log.take(), "the nested sends ran before the safe point");
        a.send(APP + 3, Metadata.CHILD);
        assertEquals(List.of("c"), log.take());
    }

    @Test
    void shouldCheckForCyclesAtOnceEvenDuringADispatch()
    {
        final RelayNode a = qs.createNode("a");
        final RelayNode b = qs.createNode("b");
        a.addChild(b);
        final boolean[] rejected = new boolean[1];
        a.addResponder(message ->
        {
            assertTrue(qs.isDispatching());
            rejected[0] = assertThrows(IllegalArgumentException.class, () -> b.addChild(a))
                .getMessage().contains("cycle");
        });

        a.send(APP);

        assertTrue(rejected[0]);
        assertFalse(qs.isDispatching());
    }

    @Test
    void shouldRefuseASendFromANodeCreatedDuringTheDispatch()
    {
        final RelayNode a = qs.createNode("a");
        a.addResponder(message ->
        {
            if (message.method() == APP)
            {
                qs.createNode("fresh").send(APP + 1);
            }
        });

        a.send(APP);

        assertEquals(1, log.errors.size());
        assertEquals("node 'fresh' was created during this dispatch and joins routing at the safe point: it can " +
            "send once the outermost send returns", log.errors.getFirst().getMessage());
        qs.node("fresh").addResponder(log.responder("fresh"));
        qs.node("fresh").send(APP + 1);
        assertEquals(List.of("fresh"), log.take());
    }
}
