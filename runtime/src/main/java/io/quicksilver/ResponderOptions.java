package io.quicksilver;

/**
 * How a responder is registered: Mercury's {@code MmResponder} properties.
 *
 * @param name           name in the node's routing table; null for a generated one ({@code responder-3}).
 * @param tags           tag mask the responder accepts (default {@link Tag#EVERYTHING}).
 * @param checksTags     whether the tag check applies to it (default true, as in Mercury).
 * @param receiveHandled whether it still receives messages an earlier responder marked handled (default false).
 * @param active         whether it is active (default true); it also needs its node active in the hierarchy.
 */
public record ResponderOptions(String name, long tags, boolean checksTags, boolean receiveHandled, boolean active)
{
    /** Mercury's defaults: every tag, tag check on, handled messages skipped, active. */
    public static final ResponderOptions DEFAULT = new ResponderOptions(null, Tag.EVERYTHING, true, false, true);

    /**
     * @return a builder starting from {@link #DEFAULT}.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Default options with a name.
     *
     * @param name name in the routing table.
     * @return the options.
     */
    public static ResponderOptions named(final String name)
    {
        return new ResponderOptions(name, Tag.EVERYTHING, true, false, true);
    }

    /**
     * Fluent builder of {@link ResponderOptions}.
     */
    public static final class Builder
    {
        private String name;
        private long tags = Tag.EVERYTHING;
        private boolean checksTags = true;
        private boolean receiveHandled;
        private boolean active = true;

        private Builder()
        {
        }

        /**
         * @param name name in the routing table.
         * @return this builder.
         */
        public Builder name(final String name)
        {
            this.name = name;
            return this;
        }

        /**
         * @param tags tag mask the responder accepts.
         * @return this builder.
         */
        public Builder tags(final long tags)
        {
            this.tags = tags;
            return this;
        }

        /**
         * @param checksTags whether the tag check applies.
         * @return this builder.
         */
        public Builder checksTags(final boolean checksTags)
        {
            this.checksTags = checksTags;
            return this;
        }

        /**
         * @param receiveHandled whether messages already handled are still delivered.
         * @return this builder.
         */
        public Builder receiveHandled(final boolean receiveHandled)
        {
            this.receiveHandled = receiveHandled;
            return this;
        }

        /**
         * @param active whether the responder starts active.
         * @return this builder.
         */
        public Builder active(final boolean active)
        {
            this.active = active;
            return this;
        }

        /**
         * @return the options.
         */
        public ResponderOptions build()
        {
            return new ResponderOptions(name, tags, checksTags, receiveHandled, active);
        }
    }
}
