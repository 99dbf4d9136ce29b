package io.quicksilver;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A throwing responder is isolated, reported and counted; routing carries on.
 */
class ErrorIsolationTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD;

    private record Failure(RelayNode node, String source, int method, Throwable error)
    {
    }

    @Test
    void shouldReportAThrowingResponderAndKeepRoutingToItsSiblingsAndSubtree()
    {
        final List<Failure> failures = new ArrayList<>();
        final DeliveryLog log = new DeliveryLog();
        try (Quicksilver qs = Quicksilver.singleThreaded()
            .errorHandler((node, source, method, error) -> failures.add(new Failure(node, source, method, error)))
            .build())
        {
            final RelayNode root = qs.createNode("root");
            final RelayNode child = qs.createNode("child");
            final IllegalStateException boom = new IllegalStateException("boom");
            log.on(root, ResponderOptions.named("first"));
            root.addResponder("thrower", message ->
            {
                throw boom;
            });
            log.on(root, ResponderOptions.named("third"));
            log.on(child);
            root.addChild(child);

            root.sendInt(APP, 1);

            assertEquals(List.of("first", "third", "child"), log.take());
            assertEquals(1, failures.size());
            final Failure f = failures.getFirst();
            assertSame(root, f.node());
            assertEquals("thrower", f.source());
            assertEquals(APP, f.method());
            assertSame(boom, f.error());
            assertEquals(1, qs.responderErrors());
            assertEquals(1, qs.errors());
            assertEquals(4, qs.deliveries());
        }
    }

    @Test
    void shouldSurviveAnErrorHandlerThatThrows()
    {
        final DeliveryLog log = new DeliveryLog();
        try (Quicksilver qs = Quicksilver.singleThreaded()
            .errorHandler((node, source, method, error) ->
            {
                throw new IllegalStateException("handler failed too");
            })
            .build())
        {
            final RelayNode n = qs.createNode("n");
            n.addResponder(message ->
            {
                throw new IllegalArgumentException("boom");
            });
            log.on(n);

            n.send(APP);

            assertEquals(List.of("n"), log.take());
            assertEquals(1, qs.responderErrors());
        }
    }

    @Test
    void shouldReportAThrowingCustomFilterAsARejection()
    {
        final DeliveryLog log = new DeliveryLog();
        try (Quicksilver qs = DeliveryLog.runtime(log))
        {
            final RelayNode s = qs.createNode("s");
            final RelayNode c = qs.createNode("c");
            s.addChild(c);
            log.on(c);

            s.send(APP, Metadata.builder().level(Level.CUSTOM).customFilter(node ->
            {
                throw new IllegalStateException("filter failed");
            }).build());

            assertEquals(List.of(), log.take());
            assertEquals(1, log.errors.size());
            assertEquals("filter failed", log.errors.getFirst().getMessage());
        }
    }
}
