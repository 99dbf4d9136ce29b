package io.quicksilver;

import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A handler changes the hierarchy (Mercury's "on Complete, JumpTo the next state") in both modes: the change takes
 * effect after the send it handles, and what is sent afterwards is routed with it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandlerChangesTest
{
    private static final int NEXT = Method.FIRST_APPLICATION_METHOD;
    private static final int SHOW = NEXT + 1;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aStateJumpsToTheNextOnComplete(final boolean parallel)
    {
        final List<String> seen = new CopyOnWriteArrayList<>();
        try (Quicksilver qs = BothModes.runtime(parallel))
        {
            final SwitchNode screens = qs.createSwitchNode("screens");
            final RelayNode[] states = new RelayNode[4];
            for (int i = 0; i < states.length; i++)
            {
                states[i] = qs.createNode("state" + i);
                screens.addChild(states[i]);
            }
            screens.jumpTo(states[0]);
            for (int i = 0; i < states.length; i++)
            {
                final RelayNode next = states[(i + 1) % states.length];
                final String name = states[i].name();
                states[i].addResponder(message ->
                {
                    seen.add(name + ":" + Method.toString(message.method()));
                    if (message.method() == NEXT)
                    {
                        screens.jumpTo(next);   // applied after this send, in both modes
                    }
                });
            }
            qs.applyChanges();
            final Metadata current = Metadata.DEFAULT.withSelected(SelectedFilter.SELECTED);
            for (int round = 0; round < 6; round++)
            {
                screens.send(NEXT, current);
                assertTrue(qs.awaitQuiescence(WAIT));
                screens.send(SHOW, current);
                assertTrue(qs.awaitQuiescence(WAIT));
            }
            assertSame(states[6 % states.length], screens.current());
        }
        final List<String> expected = new java.util.ArrayList<>();
        for (int round = 0; round < 6; round++)
        {
            expected.add("state" + (round % 4) + ":APP(" + NEXT + ")");
            expected.add("state" + ((round + 1) % 4) + ":APP(" + SHOW + ")");
        }
        assertEquals(expected, seen);
    }

    @Test
    void requestsFromSeveralWorkersApplyInSequenceOrder()
    {
        // Responders on many nodes (so on both workers) each set the target's tags to the value they receive: after
        // every message is handled, the tags are the last message's, as in single-threaded mode.
        try (Quicksilver qs = BothModes.runtime(true))
        {
            final RelayNode root = qs.createNode("root");
            final RelayNode target = qs.createNode("target");
            for (int n = 0; n < 16; n++)
            {
                final RelayNode node = qs.createNode("n" + n);
                root.addChild(node);
                node.addResponder(message -> target.setTags(message.getInt()));
            }
            qs.applyChanges();
            for (int i = 1; i <= 200; i++)
            {
                root.sendInt(NEXT, i);
            }
            assertTrue(qs.awaitQuiescence(WAIT));
            assertEquals(200, target.tags());
        }
    }

    @Test
    void aDeferredChangeThatFailsIsReported()
    {
        final List<Throwable> reports = new CopyOnWriteArrayList<>();
        try (Quicksilver qs = Quicksilver.parallel().workers(1).idleStrategy(YieldingIdleStrategy::new)
            .errorHandler((node, source, method, error) -> reports.add(error)).build())
        {
            final RelayNode parent = qs.createNode("parent");
            final RelayNode child = qs.createNode("child");
            parent.addChild(child);
            child.addResponder(message -> child.addChild(parent));   // a cycle, refused when it is applied
            qs.applyChanges();
            child.send(NEXT, Metadata.SELF);
            assertTrue(qs.awaitQuiescence(WAIT));
        }
        assertEquals(1, reports.size(), "reports: " + reports);
        assertTrue(reports.get(0).getMessage().contains("would make a cycle"), reports.get(0).getMessage());
    }
}
