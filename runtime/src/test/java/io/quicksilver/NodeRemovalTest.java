package io.quicksilver;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Quicksilver#removeNode(RelayNode)}: what a removed node no longer does, what it leaves behind, and that its
 * id, once reused, never receives or sends the removed node's messages.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeRemovalTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aRemovedNodeIsUnlinkedLosesItsRespondersAndRefusesSendsAndChanges(final boolean parallel)
    {
        try (Quicksilver qs = BothModes.runtime(parallel))
        {
            final AtomicInteger top = new AtomicInteger();
            final AtomicInteger middle = new AtomicInteger();
            final AtomicInteger bottom = new AtomicInteger();
            final RelayNode root = qs.createNode("root");
            final RelayNode mid = qs.createNode("mid");
            final RelayNode leaf = qs.createNode("leaf");
            root.addResponder(m -> top.incrementAndGet());
            mid.addResponder(m -> middle.incrementAndGet());
            leaf.addResponder(m -> bottom.incrementAndGet());
            root.addChild(mid);
            mid.addChild(leaf);
            root.send(APP);
            qs.flush();
            assertEquals(List.of(1, 1, 1), List.of(top.get(), middle.get(), bottom.get()));

            qs.removeNode(mid);

            assertTrue(mid.isRemoved());
            assertFalse(root.isRemoved());
            assertEquals(List.of(root, leaf), qs.nodes());
            assertTrue(root.children().isEmpty());
            assertTrue(leaf.parents().isEmpty());
            assertThrows(IllegalArgumentException.class, () -> qs.node("mid"));
            final IllegalStateException send = assertThrows(IllegalStateException.class, () -> mid.send(APP));
            assertTrue(send.getMessage().contains("node 'mid' was removed"), send.getMessage());
            assertThrows(IllegalStateException.class, () -> mid.sendInt(APP, 1));
            final IllegalStateException link = assertThrows(IllegalStateException.class, () -> root.addChild(mid));
            assertTrue(link.getMessage().contains("'mid' was removed"), link.getMessage());
            assertThrows(IllegalStateException.class, () -> mid.addResponder(m -> { }));
            assertThrows(IllegalStateException.class, () -> qs.removeNode(mid));

            root.send(APP);
            leaf.send(APP);
            qs.flush();
            assertEquals(List.of(2, 1, 2), List.of(top.get(), middle.get(), bottom.get()));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aRemovedNodesIdGoesToALaterNodeWhichGetsOnlyItsOwnMessages(final boolean parallel) throws Exception
    {
        try (Quicksilver qs = BothModes.runtime(parallel))
        {
            final RelayNode root = qs.createNode("root");
            final AtomicInteger old = new AtomicInteger();
            final RelayNode first = qs.createNode("first");
            first.addResponder(m -> old.incrementAndGet());
            root.addChild(first);
            for (int i = 0; i < 100; i++)
            {
                first.sendInt(APP, i);
            }
            final int id = first.id();
            qs.removeNode(first);
            awaitNoRetiringIds(qs);

            final AtomicInteger fresh = new AtomicInteger();
            final RelayNode second = qs.createNode("second");
            assertEquals(id, second.id(), "the removed node's id is reused");
            second.addResponder(m -> fresh.incrementAndGet());
            root.addChild(second);
            root.send(APP);
            second.send(APP);
            assertTrue(qs.flush(WAIT));
            assertEquals(100, old.get(), "every message sent before the removal was delivered");
            assertEquals(2, fresh.get());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aRemovedSwitchStateLeavesTheSwitchWithoutACurrentState(final boolean parallel)
    {
        try (Quicksilver qs = BothModes.runtime(parallel))
        {
            final SwitchNode menu = qs.createSwitchNode("menu");
            final RelayNode open = qs.createNode("open");
            final RelayNode closed = qs.createNode("closed");
            menu.addChild(open).addChild(closed);
            menu.jumpTo(open);
            qs.removeNode(open);
            assertEquals(null, menu.current());
            assertEquals(List.of(closed), menu.children());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aNodeOfAnotherRuntimeIsRefused(final boolean parallel)
    {
        try (Quicksilver qs = BothModes.runtime(parallel); Quicksilver other = Quicksilver.singleThreaded().build())
        {
            final RelayNode foreign = other.createNode("foreign");
            assertThrows(IllegalArgumentException.class, () -> qs.removeNode(foreign));
            assertFalse(foreign.isRemoved());
            assertThrows(NullPointerException.class, () -> qs.removeNode(null));
        }
    }

    @org.junit.jupiter.api.Test
    void aHandlerMayRemoveANodeInSingleThreadedModeAndItTakesEffectAtTheSafePoint()
    {
        try (Quicksilver qs = Quicksilver.singleThreaded().build())
        {
            final RelayNode root = qs.createNode("root");
            final RelayNode victim = qs.createNode("victim");
            final AtomicInteger victimGot = new AtomicInteger();
            final AtomicReference<Throwable> nestedSend = new AtomicReference<>();
            victim.addResponder(m -> victimGot.incrementAndGet());
            root.addChild(victim);
            root.addResponder(m ->
            {
                if (m.method() == APP)
                {
                    qs.removeNode(victim);
                    // Created during the dispatch, in the vacant place: it joins routing at the safe point.
                    final RelayNode late = qs.createNode("late");
                    try
                    {
                        late.send(APP + 1);
                    }
                    catch (final IllegalStateException e)
                    {
                        nestedSend.set(e);
                    }
                }
            });
            root.send(APP);
            assertEquals(1, victimGot.get(), "the message being delivered still reaches it");
            assertNotNull(nestedSend.get());
            assertTrue(nestedSend.get().getMessage().contains("safe point"), nestedSend.get().getMessage());
            root.send(APP + 2);
            assertEquals(1, victimGot.get());
            assertEquals(0, qs.retiringNodeIds());
        }
    }

    @org.junit.jupiter.api.Test
    void aParallelHandlerMayNotRemoveANode() throws Exception
    {
        try (Quicksilver qs = BothModes.runtime(true))
        {
            final RelayNode root = qs.createNode("root");
            final RelayNode other = qs.createNode("other");
            final AtomicReference<Throwable> refused = new AtomicReference<>();
            root.addResponder(m ->
            {
                try
                {
                    qs.removeNode(other);
                }
                catch (final IllegalStateException e)
                {
                    refused.set(e);
                }
            });
            root.send(APP);
            assertTrue(qs.flush(WAIT));
            assertNotNull(refused.get());
            assertFalse(other.isRemoved());
        }
    }

    /**
     * The race the barrier and the sender's check after its claim are for: a thread sends from a node while the
     * control thread removes it and gives its id to the next node. Every send that returned true is delivered to the
     * node it was sent from, none to the node that inherits the id, and each round's node ends up with exactly the
     * messages its sends reported.
     */
    @org.junit.jupiter.api.Test
    void aSendRacingTheRemovalIsDeliveredAsSentOrRefusedAndNeverReachesTheIdsNextOwner() throws Exception
    {
        try (Quicksilver qs = BothModes.parallelBuilder().errorHandler((node, source, method, error) -> { }).build())
        {
            final RelayNode root = qs.createNode("root");
            final int rounds = 40;
            final AtomicLong misrouted = new AtomicLong();
            int reused = 0;
            int previousId = -1;
            for (int round = 0; round < rounds; round++)
            {
                final int mine = round;
                final AtomicLong received = new AtomicLong();
                final RelayNode node = qs.createNode("n" + round);
                if (node.id() == previousId)
                {
                    reused++;
                }
                node.addResponder(m ->
                {
                    if (m.getInt() != mine)
                    {
                        misrouted.incrementAndGet();
                    }
                    received.incrementAndGet();
                });
                root.addChild(node);
                qs.applyChanges();
                final AtomicLong sent = new AtomicLong();
                final AtomicReference<Throwable> unexpected = new AtomicReference<>();
                final Thread sender = new Thread(() ->
                {
                    try
                    {
                        while (true)
                        {
                            if (node.sendInt(APP, mine))
                            {
                                sent.incrementAndGet();
                            }
                        }
                    }
                    catch (final IllegalStateException e)
                    {
                        if (!e.getMessage().contains("was removed"))
                        {
                            unexpected.set(e);
                        }
                    }
                    catch (final Throwable t)
                    {
                        unexpected.set(t);
                    }
                }, "racing-sender");
                sender.start();
                while (sent.get() < 50 && sender.isAlive())
                {
                    Thread.onSpinWait();
                }
                qs.removeNode(node);
                sender.join(TimeUnit.SECONDS.toMillis(20));
                assertFalse(sender.isAlive(), "the sender stops at the removal");
                if (unexpected.get() != null)
                {
                    throw new AssertionError("round " + round, unexpected.get());
                }
                assertTrue(qs.awaitQuiescence(WAIT));
                assertEquals(sent.get(), received.get(), "round " + round + ": sent and delivered");
                awaitNoRetiringIds(qs);
                previousId = node.id();
            }
            assertEquals(0, misrouted.get(), "messages delivered to the node that inherited the id");
            assertEquals(rounds - 1, reused, "each round's node reused the last one's id");
        }
    }

    /**
     * A reaction from a node, staged before its removal and published after it: its id must not have gone to a new
     * node by then, or the reaction would be routed as the new node's. The removed node's responder holds its worker
     * inside the call that staged the reaction while the control thread removes the node and creates the next one.
     */
    @org.junit.jupiter.api.Test
    void aReactionStagedBeforeTheRemovalNeverReachesTheNextNode() throws Exception
    {
        try (Quicksilver qs = BothModes.parallelBuilder().errorHandler((node, source, method, error) -> { }).build())
        {
            final java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
            final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            final RelayNode doomed = qs.createNode("doomed");
            doomed.addResponder(m ->
            {
                if (m.method() == APP)
                {
                    doomed.sendInt(APP + 1, 0);
                    inside.countDown();
                    try
                    {
                        release.await(20, TimeUnit.SECONDS);
                    }
                    catch (final InterruptedException e)
                    {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            doomed.send(APP);
            assertTrue(inside.await(20, TimeUnit.SECONDS));

            qs.removeNode(doomed);
            final AtomicInteger foreign = new AtomicInteger();
            final AtomicInteger own = new AtomicInteger();
            final RelayNode next = qs.createNode("next");
            next.addResponder(m ->
            {
                if (m.getInt() == 1)
                {
                    own.incrementAndGet();
                }
                else
                {
                    foreign.incrementAndGet();
                }
            });
            qs.applyChanges();
            assertTrue(next.id() != doomed.id(), "the id is still retiring: a worker has not gone past the removal");
            release.countDown();
            next.sendInt(APP + 1, 1);
            assertTrue(qs.awaitQuiescence(WAIT));
            assertEquals(1, own.get());
            assertEquals(0, foreign.get(), "the removed node's reaction reached the next node");
            awaitNoRetiringIds(qs);
        }
    }

    /**
     * What node churn leaked before removal existed: the runtime kept every node it ever made. A removed node, its
     * responder and the handle must be collectable once the application drops them.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aRemovedNodeAndItsResponderAreCollected(final boolean parallel) throws Exception
    {
        try (Quicksilver qs = BothModes.runtime(parallel))
        {
            final RelayNode root = qs.createNode("root");
            final AtomicInteger got = new AtomicInteger();
            final java.lang.ref.WeakReference<?>[] refs = planted(qs, root, got);
            for (int i = 0; i < 10; i++)
            {
                root.send(APP);
            }
            assertTrue(qs.flush(WAIT));
            qs.removeNode((RelayNode)refs[0].get());
            root.send(APP);
            assertTrue(qs.awaitQuiescence(WAIT));
            awaitNoRetiringIds(qs);
            assertEquals(10, got.get());
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (refs[0].get() != null || refs[1].get() != null || refs[2].get() != null)
            {
                assertTrue(System.nanoTime() - deadline < 0, "still reachable: node=" + (refs[0].get() != null) +
                    " responder=" + (refs[1].get() != null) + " handle=" + (refs[2].get() != null));
                System.gc();
                // A new node's layout replaces the last one the workers hold (its tables held the responder).
                qs.createNode("churn");
                root.send(APP);
                assertTrue(qs.flush(WAIT));
            }
        }
    }

    /** A node under {@code root} with one responder, held only weakly here: node, responder, handle. */
    private static java.lang.ref.WeakReference<?>[] planted(
        final Quicksilver qs, final RelayNode root, final AtomicInteger got)
    {
        final RelayNode node = qs.createNode("gone");
        final Responder responder = m -> got.incrementAndGet();
        final ResponderHandle handle = node.addResponder(responder);
        root.addChild(node);
        return new java.lang.ref.WeakReference<?>[] {
            new java.lang.ref.WeakReference<>(node), new java.lang.ref.WeakReference<>(responder),
            new java.lang.ref.WeakReference<>(handle)};
    }

    private static void awaitNoRetiringIds(final Quicksilver qs) 
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (qs.retiringNodeIds() > 0)
        {
            assertTrue(System.nanoTime() - deadline < 0, "removed ids still retiring: " + qs.retiringNodeIds());
            Thread.yield();
        }
    }
}
