package io.quicksilver;

import io.quicksilver.runtime.ring.Backpressure;

import java.util.Objects;

/**
 * Routing metadata of a message, Mercury's {@code MmMetadataBlock}: level, active, selected and network filters, the
 * tag mask, and the advanced routing options.
 * <p>
 * Immutable: build the few a program needs once (constants, fields) and pass them to every send, so a send allocates
 * nothing. {@link #DEFAULT} is Mercury's default block: {@link Level#SELF_AND_CHILDREN}, {@link ActiveFilter#ACTIVE},
 * {@link SelectedFilter#ALL}, {@link NetworkFilter#ALL}, {@link Tag#EVERYTHING}, {@link RoutingOptions#NONE}.
 *
 * @param level    level filter flags, see {@link Level}.
 * @param active   active filter.
 * @param selected selected filter.
 * @param network  network filter.
 * @param tags     tag mask, see {@link Tag}.
 * @param options  advanced routing options.
 * @param backpressure what a parallel runtime does when there is no room for this message ({@code BLOCK},
 *                     {@code FAIL}, {@code DROP}), or null (the default) for the runtime's default; a
 *                     single-threaded runtime always has room and ignores it.
 */
public record Metadata(
    int level,
    ActiveFilter active,
    SelectedFilter selected,
    NetworkFilter network,
    long tags,
    RoutingOptions options,
    Backpressure backpressure)
{
    /** Mercury's default metadata block. */
    public static final Metadata DEFAULT = new Metadata(
        Level.SELF_AND_CHILDREN, ActiveFilter.ACTIVE, SelectedFilter.ALL, NetworkFilter.ALL, Tag.EVERYTHING,
        RoutingOptions.NONE, null);

    /** Self only, otherwise the defaults: Mercury's {@code MmMetadataBlockHelper.SelfDefaultTagAll}. */
    public static final Metadata SELF = DEFAULT.withLevel(Level.SELF);

    /** Children only (the whole subtree below the sender, not the sender's own responders). */
    public static final Metadata CHILD = DEFAULT.withLevel(Level.CHILD);

    /**
     * Metadata with the runtime's default backpressure: Mercury's six fields.
     *
     * @param level    level filter flags, see {@link Level}.
     * @param active   active filter.
     * @param selected selected filter.
     * @param network  network filter.
     * @param tags     tag mask, see {@link Tag}.
     * @param options  advanced routing options.
     */
    public Metadata(
        final int level,
        final ActiveFilter active,
        final SelectedFilter selected,
        final NetworkFilter network,
        final long tags,
        final RoutingOptions options)
    {
        this(level, active, selected, network, tags, options, null);
    }

    /**
     * Checks the fields.
     */
    public Metadata
    {
        Level.check(level);
        Objects.requireNonNull(active, "active");
        Objects.requireNonNull(selected, "selected");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(options, "options");
    }

    /**
     * Default metadata with a level filter.
     *
     * @param level level filter flags.
     * @return the metadata.
     */
    public static Metadata of(final int level)
    {
        return DEFAULT.withLevel(level);
    }

    /**
     * Default metadata with a level filter and a tag mask.
     *
     * @param level level filter flags.
     * @param tags  tag mask.
     * @return the metadata.
     */
    public static Metadata of(final int level, final long tags)
    {
        return new Metadata(
            level, ActiveFilter.ACTIVE, SelectedFilter.ALL, NetworkFilter.ALL, tags, RoutingOptions.NONE, null);
    }

    /**
     * @return a builder starting from {@link #DEFAULT}.
     */
    public static Builder builder()
    {
        return new Builder(DEFAULT);
    }

    /**
     * @return a builder starting from this metadata.
     */
    public Builder toBuilder()
    {
        return new Builder(this);
    }

    /**
     * @param level level filter flags.
     * @return a copy with this level filter.
     */
    public Metadata withLevel(final int level)
    {
        return new Metadata(level, active, selected, network, tags, options, backpressure);
    }

    /**
     * @param active active filter.
     * @return a copy with this active filter.
     */
    public Metadata withActive(final ActiveFilter active)
    {
        return new Metadata(level, active, selected, network, tags, options, backpressure);
    }

    /**
     * @param selected selected filter.
     * @return a copy with this selected filter.
     */
    public Metadata withSelected(final SelectedFilter selected)
    {
        return new Metadata(level, active, selected, network, tags, options, backpressure);
    }

    /**
     * @param network network filter.
     * @return a copy with this network filter.
     */
    public Metadata withNetwork(final NetworkFilter network)
    {
        return new Metadata(level, active, selected, network, tags, options, backpressure);
    }

    /**
     * @param tags tag mask.
     * @return a copy with this tag mask.
     */
    public Metadata withTags(final long tags)
    {
        return new Metadata(level, active, selected, network, tags, options, backpressure);
    }

    /**
     * @param options routing options.
     * @return a copy with these routing options.
     */
    public Metadata withOptions(final RoutingOptions options)
    {
        return new Metadata(level, active, selected, network, tags, options, backpressure);
    }

    /**
     * @param backpressure what a parallel runtime does when there is no room, or null for the runtime's default.
     * @return a copy with this backpressure.
     */
    public Metadata withBackpressure(final Backpressure backpressure)
    {
        return new Metadata(level, active, selected, network, tags, options, backpressure);
    }

    @Override
    public String toString()
    {
        return "Metadata{level=" + Level.toString(level) + ", active=" + active + ", selected=" + selected +
            ", network=" + network + ", tags=" + Tag.toString(tags) + ", options=" + options +
            (backpressure == null ? "" : ", backpressure=" + backpressure) + '}';
    }

    /**
     * Fluent builder of {@link Metadata}.
     */
    public static final class Builder
    {
        private int level;
        private ActiveFilter active;
        private SelectedFilter selected;
        private NetworkFilter network;
        private long tags;
        private RoutingOptions options;
        private Backpressure backpressure;

        private Builder(final Metadata from)
        {
            level = from.level;
            active = from.active;
            selected = from.selected;
            network = from.network;
            tags = from.tags;
            options = from.options;
            backpressure = from.backpressure;
        }

        /**
         * @param level level filter flags, see {@link Level}.
         * @return this builder.
         */
        public Builder level(final int level)
        {
            this.level = level;
            return this;
        }

        /**
         * @param active active filter.
         * @return this builder.
         */
        public Builder active(final ActiveFilter active)
        {
            this.active = active;
            return this;
        }

        /**
         * @param selected selected filter.
         * @return this builder.
         */
        public Builder selected(final SelectedFilter selected)
        {
            this.selected = selected;
            return this;
        }

        /**
         * @param network network filter.
         * @return this builder.
         */
        public Builder network(final NetworkFilter network)
        {
            this.network = network;
            return this;
        }

        /**
         * @param tags tag mask.
         * @return this builder.
         */
        public Builder tags(final long tags)
        {
            this.tags = tags;
            return this;
        }

        /**
         * @param options routing options.
         * @return this builder.
         */
        public Builder options(final RoutingOptions options)
        {
            this.options = options;
            return this;
        }

        /**
         * Allow lateral routing ({@link Level#SIBLINGS}, {@link Level#COUSINS}).
         *
         * @return this builder.
         */
        public Builder allowLateral()
        {
            this.options = options.withAllowLateral(true);
            return this;
        }

        /**
         * Set the predicate of {@link Level#CUSTOM}.
         *
         * @param filter the predicate.
         * @return this builder.
         */
        public Builder customFilter(final java.util.function.Predicate<RelayNode> filter)
        {
            this.options = options.withCustomFilter(filter);
            return this;
        }

        /**
         * @param backpressure what a parallel runtime does when there is no room for the message; null for the
         *                     runtime's default.
         * @return this builder.
         */
        public Builder backpressure(final Backpressure backpressure)
        {
            this.backpressure = backpressure;
            return this;
        }

        /**
         * @return the metadata.
         * @throws IllegalArgumentException if the level is not a valid combination of flags.
         */
        public Metadata build()
        {
            return new Metadata(level, active, selected, network, tags, options, backpressure);
        }
    }
}
