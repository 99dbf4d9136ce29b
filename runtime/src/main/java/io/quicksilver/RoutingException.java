package io.quicksilver;

import java.io.Serial;

/**
 * A message could not be routed as asked: in strict mode, what would otherwise be a silent, counted drop (hop limit
 * reached, lateral routing not allowed, custom level without a predicate).
 */
public final class RoutingException extends RuntimeException
{
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong, with the values.
     */
    public RoutingException(final String message)
    {
        super(message);
    }
}
