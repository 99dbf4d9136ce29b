package io.quicksilver;

import java.util.ArrayList;
import java.util.List;

/**
 * Records deliveries in order, as the names of the responders that received them.
 */
final class DeliveryLog
{
    final List<String> names = new ArrayList<>();
    final List<Throwable> errors = new ArrayList<>();

    /**
     * A responder that appends its name.
     */
    Responder responder(final String name)
    {
        return message -> names.add(name);
    }

    /**
     * Add a responder named after its node (node name + suffix) that logs.
     */
    ResponderHandle on(final RelayNode node)
    {
        return node.addResponder(node.name(), responder(node.name()));
    }

    ResponderHandle on(final RelayNode node, final ResponderOptions options)
    {
        return node.addResponder(options, responder(options.name() != null ? options.name() : node.name()));
    }

    List<String> take()
    {
        final List<String> copy = List.copyOf(names);
        names.clear();
        return copy;
    }

    ErrorHandler errorHandler()
    {
        return (node, source, method, error) -> errors.add(error);
    }

    static Quicksilver runtime(final DeliveryLog log)
    {
        return Quicksilver.singleThreaded().errorHandler(log.errorHandler()).build();
    }
}
