package io.quicksilver;

import io.quicksilver.runtime.dispatch.SingleThreadedDispatcher;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.message.MessageLayout;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Quicksilver runtime: the hierarchy of relay nodes, the dispatcher that routes their messages, and the off-heap
 * arena the messages live in. Closing it frees the arena.
 * <pre>{@code
 * try (Quicksilver qs = Quicksilver.singleThreaded().hopLimit(50).build())
 * {
 *     RelayNode root = qs.createNode("root");
 *     RelayNode child = qs.createNode("child");
 *     root.addChild(child);
 *     child.addResponder(message -> System.out.println(message.getInt()));
 *     root.sendInt(Method.MESSAGE_INT, 42);           // self and children: prints 42
 * }
 * }</pre>
 * The single-threaded runtime dispatches on the thread that sends, with Mercury's meaning: synchronously, depth
 * first, in routing-table order. It is confined to one thread at a time, like a Unity scene.
 */
public final class Quicksilver implements AutoCloseable
{
    private final Arena arena;
    private final Hierarchy hierarchy;
    private final SingleThreadedDispatcher dispatcher;
    private final ErrorHandler errorHandler;
    private final ArrayList<RelayNode> nodes = new ArrayList<>();
    private long errors;
    private boolean closed;

    private Quicksilver(final Builder builder)
    {
        errorHandler = builder.errorHandler;
        arena = Arena.ofShared();
        try
        {
            hierarchy = new Hierarchy(this::onFailure);
            dispatcher = new SingleThreadedDispatcher(
                hierarchy, this::onFailure, arena, builder.maxPayload, builder.maxNestingDepth, builder.hopLimit,
                builder.strict);
        }
        catch (final RuntimeException | Error e)
        {
            arena.close();
            throw e;
        }
    }

    /**
     * Start building a single-threaded runtime: Mercury's synchronous, depth-first dispatch on the sending thread.
     *
     * @return a builder with the defaults.
     */
    public static Builder singleThreaded()
    {
        return new Builder();
    }

    // ------------------------------------------------------------------------------------------------ nodes

    /**
     * Create a relay node, unlinked.
     *
     * @param name its name (names need not be unique; errors and switch lookups use them).
     * @return the node.
     */
    public RelayNode createNode(final String name)
    {
        checkOpen();
        final RelayNode node = new RelayNode(this, hierarchy.createNode(name, false));
        nodes.add(node);
        return node;
    }

    /**
     * Create a switch node, unlinked, with no current state.
     *
     * @param name its name.
     * @return the node.
     */
    public SwitchNode createSwitchNode(final String name)
    {
        checkOpen();
        final SwitchNode node = new SwitchNode(this, hierarchy.createNode(name, true));
        nodes.add(node);
        return node;
    }

    /**
     * @return every node, in creation order (a copy).
     */
    public List<RelayNode> nodes()
    {
        return new ArrayList<>(nodes);
    }

    /**
     * @param name a node name.
     * @return the first node created with that name, or null.
     */
    public RelayNode node(final String name)
    {
        for (final RelayNode node : nodes)
        {
            if (node.name().equals(name))
            {
                return node;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------ state

    /**
     * @return true while a message is being delivered (changes then wait for the safe point).
     */
    public boolean isDispatching()
    {
        return hierarchy.isDispatching();
    }

    /**
     * @return messages dispatched locally.
     */
    public long sends()
    {
        return dispatcher.sends();
    }

    /**
     * @return responder calls, successful or not.
     */
    public long deliveries()
    {
        return dispatcher.deliveries();
    }

    /**
     * @return node entries dropped by the hop limit (outside strict mode).
     */
    public long hopLimitDrops()
    {
        return dispatcher.hopLimitDrops();
    }

    /**
     * @return sends whose sibling or cousin route was dropped for lack of {@link RoutingOptions#allowLateral()}.
     */
    public long lateralDrops()
    {
        return dispatcher.lateralDrops();
    }

    /**
     * @return sends whose custom route was dropped for lack of {@link RoutingOptions#customFilter()}.
     */
    public long customDrops()
    {
        return dispatcher.customDrops();
    }

    /**
     * @return sends with {@link NetworkFilter#NETWORK}, which Quicksilver does not deliver locally.
     */
    public long networkOnlySends()
    {
        return dispatcher.networkOnlySends();
    }

    /**
     * @return exceptions thrown by responders.
     */
    public long responderErrors()
    {
        return dispatcher.responderErrors();
    }

    /**
     * @return every failure reported to the {@link ErrorHandler}: responders, switch listeners, custom filters.
     */
    public long errors()
    {
        return errors;
    }

    /**
     * @return the hop limit, 0 when off.
     */
    public int hopLimit()
    {
        return dispatcher.hopLimit();
    }

    /**
     * @return whether drops throw {@link RoutingException}.
     */
    public boolean isStrict()
    {
        return dispatcher.isStrict();
    }

    /**
     * @return largest payload a message may carry, in bytes.
     */
    public int maxPayload()
    {
        return dispatcher.maxPayload();
    }

    /**
     * @return most sends nested inside handlers.
     */
    public int maxNestingDepth()
    {
        return dispatcher.maxNestingDepth();
    }

    /**
     * Free the message arena. Later sends throw {@link IllegalStateException}.
     *
     * @throws IllegalStateException if called by a responder, during a dispatch.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        dispatcher.close();
        closed = true;
        arena.close();
    }

    /**
     * @return true once closed.
     */
    public boolean isClosed()
    {
        return closed;
    }

    Hierarchy hierarchy()
    {
        return hierarchy;
    }

    SingleThreadedDispatcher dispatcher()
    {
        return dispatcher;
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("runtime is closed");
        }
    }

    private void onFailure(final NodeModel node, final String source, final int method, final Throwable error)
    {
        errors++;
        try
        {
            errorHandler.onError((RelayNode)node.handle(), source, method, error);
        }
        catch (final Throwable ignore)
        {
            // An error handler that throws must not take routing or a transition down with it.
        }
    }

    @Override
    public String toString()
    {
        return "Quicksilver{singleThreaded, nodes=" + nodes.size() + ", hopLimit=" + hopLimit() + ", strict=" +
            isStrict() + (closed ? ", closed" : "") + '}';
    }

    /**
     * Configuration of a runtime: fluent setters, validated by {@link #build()}.
     */
    public static final class Builder
    {
        private int hopLimit = SingleThreadedDispatcher.HOP_LIMIT_DEFAULT;
        private boolean strict;
        private int maxPayload = SingleThreadedDispatcher.MAX_PAYLOAD_DEFAULT;
        private int maxNestingDepth = SingleThreadedDispatcher.MAX_NESTING_DEPTH_DEFAULT;
        private ErrorHandler errorHandler = ErrorHandler.printing();

        private Builder()
        {
        }

        /**
         * Most relay hops a message makes along one path before it is dropped at the next node (Mercury's
         * {@code maxMessageHops}); counted per path, not shared across siblings.
         *
         * @param hopLimit 1 to 32767, or 0 for no limit (default 50).
         * @return this builder.
         */
        public Builder hopLimit(final int hopLimit)
        {
            this.hopLimit = hopLimit;
            return this;
        }

        /**
         * Strict mode (Mercury's {@code StrictMode}): a drop (hop limit, lateral route not allowed, custom level with
         * no predicate) throws {@link RoutingException} instead of being counted.
         *
         * @param strict whether drops throw (default false).
         * @return this builder.
         */
        public Builder strict(final boolean strict)
        {
            this.strict = strict;
            return this;
        }

        /**
         * Largest payload a message may carry; longer strings and byte arrays are refused at send.
         *
         * @param maxPayload bytes, 0 to 1 MiB (default 4032, so a slot is 4 KiB).
         * @return this builder.
         */
        public Builder maxPayload(final int maxPayload)
        {
            this.maxPayload = maxPayload;
            return this;
        }

        /**
         * Most sends nested inside handlers (a send from a handler is delivered at once, in the next slot).
         *
         * @param maxNestingDepth 1 to 1024 (default 32).
         * @return this builder.
         */
        public Builder maxNestingDepth(final int maxNestingDepth)
        {
            this.maxNestingDepth = maxNestingDepth;
            return this;
        }

        /**
         * Where exceptions thrown by responders, switch listeners and custom filters go.
         *
         * @param errorHandler the handler (default {@link ErrorHandler#printing()}).
         * @return this builder.
         */
        public Builder errorHandler(final ErrorHandler errorHandler)
        {
            this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
            return this;
        }

        /**
         * Validate the configuration and start the runtime.
         *
         * @return the runtime; close it to free its memory.
         * @throws IllegalArgumentException naming the first bad value.
         */
        public Quicksilver build()
        {
            if (hopLimit < 0 || hopLimit > Short.MAX_VALUE)
            {
                throw new IllegalArgumentException(
                    "hopLimit must be in [0, " + Short.MAX_VALUE + "] (0 = off): hopLimit=" + hopLimit);
            }
            if (maxNestingDepth < 1 || maxNestingDepth > 1024)
            {
                throw new IllegalArgumentException(
                    "maxNestingDepth must be in [1, 1024]: maxNestingDepth=" + maxNestingDepth);
            }
            MessageLayout.checkMaxPayload(maxPayload);
            return new Quicksilver(this);
        }

        @Override
        public String toString()
        {
            return "Quicksilver.Builder{hopLimit=" + hopLimit + ", strict=" + strict + ", maxPayload=" + maxPayload +
                ", maxNestingDepth=" + maxNestingDepth + '}';
        }
    }
}
