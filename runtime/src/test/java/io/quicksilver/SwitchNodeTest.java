package io.quicksilver;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Switch nodes: Mercury's state machine over child nodes and its transition events.
 */
class SwitchNodeTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD;

    private final DeliveryLog log = new DeliveryLog();
    private final Quicksilver qs = DeliveryLog.runtime(log);
    private final List<String> events = new ArrayList<>();
    private final SwitchNode sw = qs.createSwitchNode("sw");
    private final RelayNode a = qs.createNode("a");
    private final RelayNode b = qs.createNode("b");

    SwitchNodeTest()
    {
        sw.addChild(a).addChild(b);
        sw.onGlobalEnter(() -> events.add("GlobalEnter"))
            .onGlobalExit(() -> events.add("GlobalExit"))
            .onEnter(a, () -> events.add("Enter a"))
            .onExit(a, () -> events.add("Exit a"))
            .onEnter(b, () -> events.add("Enter b"))
            .onExit(b, () -> events.add("Exit b"));
    }

    @AfterEach
    void close()
    {
        qs.close();
    }

    @Test
    void shouldRunGlobalExitExitEnterGlobalEnterInThatOrder()
    {
        sw.jumpTo(a);
        assertEquals(List.of("Enter a", "GlobalEnter"), events, "no state to leave on the first jump");
        events.clear();

        sw.jumpTo(b);

        assertEquals(List.of("GlobalExit", "Exit a", "Enter b", "GlobalEnter"), events);
        assertSame(b, sw.current());
        assertSame(a, sw.previous());
        assertEquals("b", sw.currentName());
    }

    @Test
    void shouldFireNothingWhenJumpingToTheCurrentState()
    {
        sw.jumpTo(a);
        events.clear();

        sw.jumpTo(a);
        sw.jumpTo("a");

        assertEquals(List.of(), events);
        assertSame(a, sw.current());
    }

    @Test
    void shouldSplitATransitionIntoStartAndEnterNext()
    {
        sw.jumpTo(a);
        events.clear();

        sw.startTransitionTo(b);
        assertEquals(List.of("GlobalExit", "Exit a"), events);
        assertSame(a, sw.current());
        assertSame(b, sw.next());

        sw.enterNext();
        assertEquals(List.of("GlobalExit", "Exit a", "Enter b", "GlobalEnter"), events);
        assertSame(b, sw.current());
        assertNull(sw.next());
    }

    @Test
    void shouldCancelAStartedTransition()
    {
        sw.jumpTo(a);
        sw.startTransitionTo(b);
        events.clear();

        assertTrue(sw.cancelStateChange());
        sw.enterNext();

        assertEquals(List.of(), events);
        assertSame(a, sw.current());
        assertFalse(sw.cancelStateChange());
    }

    @Test
    void shouldResetToAStateWithoutEvents()
    {
        sw.resetTo(b);
        assertSame(b, sw.current());
        assertNull(sw.previous());
        assertEquals(List.of(), events);
    }

    @Test
    void shouldRejectAJumpToANodeThatIsNotAState()
    {
        final RelayNode stranger = qs.createNode("stranger");

        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sw.jumpTo(stranger));

        assertEquals("node 'stranger' is not a state of switch node 'sw': states=[a, b]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sw.jumpTo("nope"));
    }

    @Test
    void shouldListItsChildNodesAsStates()
    {
        assertEquals(List.of(a, b), sw.states());
        assertNull(sw.current());
    }

    @Test
    void shouldRunATransitionAskedForInAHandlerAtTheSafePoint()
    {
        final RelayNode root = qs.createNode("root");
        root.addChild(sw);
        log.on(a);
        log.on(b);
        sw.jumpTo(a);
        events.clear();
        final Metadata selected = Metadata.DEFAULT.withSelected(SelectedFilter.SELECTED);
        root.addResponder(message ->
        {
            if (message.method() == APP)
            {
                sw.jumpTo(b);
                events.add("asked, current=" + sw.currentName());
            }
        });
        log.on(root);
        sw.onGlobalEnter(() -> root.send(APP + 1, selected));

        root.send(APP, selected);

        // root's table is [sw, jumper, root]. The current message is routed with the old state; the transition
        // runs when the send unwinds, and a message sent from its GlobalEnter already reaches the new state.
        assertEquals(
            List.of("asked, current=a", "GlobalExit", "Exit a", "Enter b", "GlobalEnter"), events);
        assertEquals(List.of("a", "root", "b", "root"), log.take());
        assertSame(b, sw.current());
    }

    @Test
    void shouldReportAThrowingListenerAndRunTheOthers()
    {
        sw.onGlobalEnter(() ->
        {
            throw new IllegalStateException("listener failed");
        });
        sw.onGlobalEnter(() -> events.add("after the failure"));

        sw.jumpTo(a);

        assertEquals(List.of("Enter a", "GlobalEnter", "after the failure"), events);
        assertEquals(1, log.errors.size());
        assertEquals("listener failed", log.errors.getFirst().getMessage());
        assertEquals(1, qs.errors());
    }

    @Test
    void shouldForgetTheCurrentStateWhenItIsUnlinked()
    {
        sw.jumpTo(a);
        events.clear();

        assertTrue(sw.removeChild(a));

        assertNull(sw.current());
        assertEquals(List.of(), events);
        assertEquals(List.of(b), sw.states());
    }
}
