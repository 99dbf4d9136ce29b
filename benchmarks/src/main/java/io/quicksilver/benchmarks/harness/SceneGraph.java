package io.quicksilver.benchmarks.harness;

import io.quicksilver.Level;
import io.quicksilver.Metadata;
import io.quicksilver.Method;
import io.quicksilver.Responder;
import io.quicksilver.SelectedFilter;
import io.quicksilver.Tag;
import io.quicksilver.runtime.dispatch.SingleThreadedDispatcher;
import io.quicksilver.runtime.hierarchy.FailureSink;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.message.MessageView;
import io.quicksilver.runtime.message.MessageWriter;
import io.quicksilver.runtime.message.PayloadType;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A scene graph built from a {@link SceneSpec}: the hierarchy, one checking responder per responder slot, and the
 * send templates (sender node and metadata) the producers cycle through, each with its fan-out measured by the
 * single-threaded dispatcher (an independent oracle for the parallel one).
 * <pre>
 *                         root (level 0)                       each node: respondersPerNode responders
 *                  /        |         \
 *            L1-0        L1-1 [tag 2]   L1-2 (switch: one current state)
 *           /    \        /    \         /   \
 *         ...    ...   ...    ...     (state) (state) ...      branching[l] children per node at level l
 * </pre>
 * Everything is drawn from {@link SceneSpec#seed()} in one order, so the same spec builds the same scene: the same
 * nodes, tags, switch states, inactive nodes, templates and mix.
 * <p>
 * <b>Payload</b> (64 bytes, eight longs): {@code [sequence, sendNanos, producer << 32 | template, four words derived
 * from the sequence, checksum of the seven]}. Sequences count per producer. Each responder recomputes the checksum,
 * checks the sequence is above the last one it saw from that producer (the dispatcher's per-sender FIFO, from the
 * ring's total order), counts the delivery, and, in paced runs, records {@code nanoTime() - sendNanos} when it is its
 * template's sample responder: the one last in depth-first order among the template's receivers, which its worker
 * reaches last. Per delivery that is eight reads, eight multiply-adds, one array read and write; nothing allocates.
 * <p>
 * Not thread-safe to build; during a run each responder is called by one worker at a time (the dispatcher's
 * guarantee), so its fields are plain.
 */
public final class SceneGraph
{
    /** Method id of every send. */
    public static final int METHOD = Method.MESSAGE_BYTE_ARRAY;

    /** Payload bytes of every send. */
    public static final int PAYLOAD_LENGTH = 64;

    /** Length of the send mix: producers pick template {@code mix[sequence & (MIX_LENGTH - 1)]}. */
    public static final int MIX_LENGTH = 1024;

    /** Largest latency a responder records, nanoseconds; longer is clamped. */
    public static final long HIGHEST_LATENCY_NS = RingFanOutWorkload.HIGHEST_LATENCY_NS;

    static final int PAYLOAD_WORDS = PAYLOAD_LENGTH / Long.BYTES;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final int MAX_REDRAWS = 100;

    private final SceneSpec spec;
    private final int producers;
    private final boolean checking;
    private final Hierarchy hierarchy;
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final List<SceneResponder> responders = new ArrayList<>();
    private final List<NodeModel> nodes = new ArrayList<>();
    private final SplittableRandom random;
    private int switchNodes;
    private int inactiveNodes;
    private int taggedNodes;

    private int[] templateSender;
    private Metadata[] templateMetadata;
    private int[] templateFanout;
    final int[] sampleOf;
    private final int[] mix = new int[MIX_LENGTH];
    private double meanFanout;
    private volatile long latencyDiscardedAtNanos = Long.MAX_VALUE;

    private SceneGraph(final SceneSpec spec, final int producers, final boolean checking)
    {
        this.spec = spec;
        this.producers = producers;
        this.checking = checking;
        this.random = new SplittableRandom(spec.seed());
        this.hierarchy = new Hierarchy(failureSink());
        this.sampleOf = new int[spec.templates()];
    }

    /**
     * Build the scene and its send templates, with checking responders.
     *
     * @param spec      the shape.
     * @param producers producer threads that will send (each responder keeps one last-seen sequence per producer).
     * @return the scene.
     * @throws IllegalArgumentException when no sender of the scene reaches {@link SceneSpec#minFanout()} responders.
     */
    public static SceneGraph build(final SceneSpec spec, final int producers)
    {
        return build(spec, producers, true);
    }

    /**
     * Build the scene and its send templates.
     *
     * @param spec      the shape.
     * @param producers producer threads that will send (each responder keeps one last-seen sequence per producer).
     * @param checking  true for responders that check every payload (the bench's workload); false for responders
     *                  that only count their calls, to measure the dispatcher's own cost per delivery apart from the
     *                  responders' reads (the rest of the scene, its templates and fan-outs are the same).
     * @return the scene.
     * @throws IllegalArgumentException when no sender of the scene reaches {@link SceneSpec#minFanout()} responders.
     */
    public static SceneGraph build(final SceneSpec spec, final int producers, final boolean checking)
    {
        if (producers < 1 || producers > 64)
        {
            throw new IllegalArgumentException("producers must be in [1, 64]: producers=" + producers);
        }
        final SceneGraph scene = new SceneGraph(spec, producers, checking);
        final NodeModel root = scene.hierarchy.createNode("root", false);
        scene.nodes.add(root);
        scene.grow(root, 0);
        scene.chooseTemplates();
        scene.reset();
        return scene;
    }

    private FailureSink failureSink()
    {
        return (node, source, method, error) -> failure.compareAndSet(null,
            source + " at node '" + node.name() + "' failed on " + Method.toString(method) + ": " + error);
    }

    // ------------------------------------------------------------------------------------------------ shape

    private void grow(final NodeModel node, final int level)
    {
        for (int r = 0; r < spec.respondersPerNode(); r++)
        {
            final SceneResponder responder = new SceneResponder(this, responders.size(), producers + 1);
            responders.add(responder);
            hierarchy.addResponder(node, null, responder, Tag.EVERYTHING, true, false, true);
        }
        final int[] branching = spec.branching();
        if (level >= branching.length)
        {
            return;
        }
        final int childLevel = level + 1;
        final boolean childHasChildren = childLevel < branching.length && branching[childLevel] >= 2;
        for (int c = 0; c < branching[level]; c++)
        {
            final boolean isSwitch = childHasChildren && random.nextDouble() < spec.switchNodes();
            final NodeModel child = hierarchy.createNode("L" + childLevel + "-" + nodes.size(), isSwitch);
            nodes.add(child);
            hierarchy.link(node, child);
            if (random.nextDouble() < spec.taggedNodes())
            {
                hierarchy.setTags(child, Tag.bit(random.nextInt(SceneSpec.TAGS)));
                taggedNodes++;
            }
            if (random.nextDouble() < spec.inactiveNodes())
            {
                hierarchy.setActive(child, false);
                inactiveNodes++;
            }
            grow(child, childLevel);
            if (isSwitch)
            {
                switchNodes++;
                hierarchy.jumpTo(child, child.children().get(random.nextInt(child.children().size())));
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ templates

    private void chooseTemplates()
    {
        final int count = spec.templates();
        templateSender = new int[count];
        templateMetadata = new Metadata[count];
        templateFanout = new int[count];
        try (Arena arena = Arena.ofConfined())
        {
            final SingleThreadedDispatcher oracle = new SingleThreadedDispatcher(hierarchy, failureSink(), arena,
                SingleThreadedDispatcher.MAX_PAYLOAD_DEFAULT, 4, SingleThreadedDispatcher.HOP_LIMIT_DEFAULT, false);
            final long[] sequence = { 0 };

            final List<NodeModel> candidates = new ArrayList<>();
            for (int n = 1; n < nodes.size(); n++)
            {
                final int fanout = fanout(oracle, sequence, nodes.get(n).id(), Metadata.DEFAULT);
                if (fanout >= spec.minFanout() && fanout <= spec.maxFanout())
                {
                    candidates.add(nodes.get(n));
                }
            }
            final int rootFanout = fanout(oracle, sequence, 0, Metadata.DEFAULT);
            if (candidates.isEmpty() && rootFanout < spec.minFanout())
            {
                throw new IllegalArgumentException("scene " + spec.name() + " has no sender reaching min_fanout = " +
                    spec.minFanout() + " responders (the root reaches " + rootFanout + "): min_fanout=" + spec.minFanout());
            }
            final int rootTemplates = candidates.isEmpty() ? count :
                spec.rootShare() <= 0 ? 0 : Math.clamp(Math.round(spec.rootShare() * count), 1, count);

            for (int t = 0; t < count; t++)
            {
                final int sender = t < rootTemplates ? 0 : candidates.get(random.nextInt(candidates.size())).id();
                Metadata metadata = Metadata.DEFAULT;
                int fanout = -1;
                for (int attempt = 0; attempt < MAX_REDRAWS && fanout < spec.minFanout(); attempt++)
                {
                    metadata = Metadata.of(Level.SELF_AND_CHILDREN, random.nextDouble() < spec.taggedShare() ?
                        Tag.bit(random.nextInt(SceneSpec.TAGS)) : Tag.EVERYTHING);
                    if (random.nextDouble() < spec.selectedShare())
                    {
                        metadata = metadata.withSelected(SelectedFilter.SELECTED);
                    }
                    fanout = fanout(oracle, sequence, sender, metadata);
                }
                if (fanout < spec.minFanout())
                {
                    metadata = Metadata.DEFAULT;
                    fanout = fanout(oracle, sequence, sender, metadata);
                }
                templateSender[t] = sender;
                templateMetadata[t] = metadata;
                templateFanout[t] = fanout;
                sampleOf[t] = lastReceiver(oracle, sequence, t);
            }

            final int rootSlots = rootTemplates == count ? MIX_LENGTH :
                rootTemplates == 0 ? 0 : Math.clamp(Math.round(spec.rootShare() * MIX_LENGTH), 1, MIX_LENGTH - 1);
            for (int i = 0; i < MIX_LENGTH; i++)
            {
                mix[i] = i < rootSlots ? i % rootTemplates : rootTemplates + (i - rootSlots) % (count - rootTemplates);
            }
            for (int i = MIX_LENGTH - 1; i > 0; i--)
            {
                final int j = random.nextInt(i + 1);
                final int swap = mix[i];
                mix[i] = mix[j];
                mix[j] = swap;
            }
            long total = 0;
            for (final int t : mix)
            {
                total += templateFanout[t];
            }
            meanFanout = (double)total / MIX_LENGTH;
            oracle.close();
        }
        if (failure.get() != null)
        {
            throw new IllegalStateException("scene " + spec.name() + ": calibration failed: " + failure.get());
        }
    }

    private int fanout(
        final SingleThreadedDispatcher oracle, final long[] sequence, final int sender, final Metadata metadata)
    {
        final long before = oracle.deliveries();
        send(oracle, sequence, sender, metadata, 0);
        return (int)(oracle.deliveries() - before);
    }

    /** The receiver of a template latest in creation order, which is depth-first order: its worker reaches it last. */
    private int lastReceiver(final SingleThreadedDispatcher oracle, final long[] sequence, final int template)
    {
        final long[] before = new long[responders.size()];
        for (int r = 0; r < before.length; r++)
        {
            before[r] = responders.get(r).deliveries;
        }
        send(oracle, sequence, templateSender[template], templateMetadata[template], template);
        for (int r = before.length - 1; r >= 0; r--)
        {
            if (responders.get(r).deliveries != before[r])
            {
                return r;
            }
        }
        return -1;
    }

    private void send(
        final SingleThreadedDispatcher oracle, final long[] sequence, final int sender, final Metadata metadata,
        final int template)
    {
        final MessageWriter writer = oracle.begin(sender, METHOD, metadata);
        writePayload(writer.segment(), writer.payloadOffset(), sequence[0]++, System.nanoTime(), producers, template);
        writer.payloadWritten(PayloadType.BYTE_ARRAY, PAYLOAD_LENGTH);
        oracle.dispatch();
    }

    // ------------------------------------------------------------------------------------------------ runs

    /**
     * Forget what the last run delivered: counts, last-seen sequences, errors and latency samples.
     */
    public void reset()
    {
        latencyDiscardedAtNanos = Long.MAX_VALUE;
        failure.set(null);
        for (final SceneResponder responder : responders)
        {
            responder.reset();
        }
    }

    /**
     * @return the first failure a responder or the dispatcher reported, or the first failed check, or null.
     */
    public String firstError()
    {
        final String reported = failure.get();
        if (reported != null)
        {
            return reported;
        }
        for (final SceneResponder responder : responders)
        {
            if (responder.error != null)
            {
                return "responder " + responder.id + ": " + responder.error;
            }
        }
        return null;
    }

    /**
     * @return deliveries counted by the responders since {@link #reset()}.
     */
    long deliveries()
    {
        long total = 0;
        for (final SceneResponder responder : responders)
        {
            total += responder.deliveries;
        }
        return total;
    }

    /**
     * The latency of a paced run: every sample responder's histogram, each corrected for coordinated omission with the
     * interval its own samples were expected at (the pacing interval times the share of messages it samples).
     *
     * @param paceIntervalNs the run's pacing interval.
     * @param messages       messages sent in the run.
     * @return the merged histogram corrected for coordinated omission, then the same samples uncorrected; nanoseconds.
     */
    Histogram[] latency(final long paceIntervalNs, final long messages)
    {
        final Histogram merged = new Histogram(HIGHEST_LATENCY_NS, 3);
        final Histogram raw = new Histogram(HIGHEST_LATENCY_NS, 3);
        for (final SceneResponder responder : responders)
        {
            final Histogram h = responder.latency == null ? null : responder.latency.getIntervalHistogram();
            if (h != null && h.getTotalCount() > 0)
            {
                final long expected = paceIntervalNs * Math.max(1, messages / h.getTotalCount());
                merged.add(h.copyCorrectedForCoordinatedOmission(expected));
                raw.add(h);
            }
        }
        return new Histogram[]{ merged, raw };
    }

    /**
     * Drop every latency sample recorded so far (the start of a paced run), safely while workers record.
     * <p>
     * Responders record every sampled message in every run, throughput runs included, so the recording code is
     * compiled with the rest of the delivery path: a path first taken mid-run would deoptimize the workers' hot loop
     * and stall them for tens of milliseconds (measured: 78-213 ms stalls on the large scene when recording used to
     * switch on at a paced run's start), a stall the run would then report as the dispatcher's latency.
     */
    void discardLatency()
    {
        for (final SceneResponder responder : responders)
        {
            if (responder.latency != null)
            {
                responder.latency.reset();
            }
        }
        latencyDiscardedAtNanos = System.nanoTime();
    }

    /**
     * When {@link #discardLatency()} last finished in this run, or {@link Long#MAX_VALUE} before: a producer counts
     * a send as measured once it sees this set, so every measured send's latency is recorded.
     *
     * @return nanoTime of the discard.
     */
    long latencyDiscardedAtNanos()
    {
        return latencyDiscardedAtNanos;
    }

    /**
     * @return where the scene's dispatchers report responder failures (seen by {@link #firstError()}).
     */
    public FailureSink failures()
    {
        return failureSink();
    }

    /**
     * @return the hierarchy (owned by the thread that built the scene).
     */
    public Hierarchy hierarchy()
    {
        return hierarchy;
    }

    /**
     * @return the shape it was built from.
     */
    public SceneSpec spec()
    {
        return spec;
    }

    /**
     * @return producers it was built for.
     */
    public int producers()
    {
        return producers;
    }

    /**
     * @return nodes, the root included.
     */
    public int nodeCount()
    {
        return nodes.size();
    }

    /**
     * @return responders.
     */
    public int responderCount()
    {
        return responders.size();
    }

    /**
     * @return switch nodes.
     */
    public int switchNodeCount()
    {
        return switchNodes;
    }

    /**
     * @return inactive nodes.
     */
    public int inactiveNodeCount()
    {
        return inactiveNodes;
    }

    /**
     * @return tagged nodes.
     */
    public int taggedNodeCount()
    {
        return taggedNodes;
    }

    /**
     * @return number of send templates.
     */
    public int templateCount()
    {
        return templateSender.length;
    }

    /**
     * @param template a template.
     * @return its sender's node id.
     */
    public int templateSender(final int template)
    {
        return templateSender[template];
    }

    /**
     * @param template a template.
     * @return its metadata.
     */
    public Metadata templateMetadata(final int template)
    {
        return templateMetadata[template];
    }

    /**
     * @param template a template.
     * @return responders one send of it reaches, as the single-threaded dispatcher delivers it.
     */
    public int templateFanout(final int template)
    {
        return templateFanout[template];
    }

    /**
     * @param index position in the mix, {@code [0, MIX_LENGTH)}.
     * @return the template sent at that position.
     */
    public int mix(final int index)
    {
        return mix[index];
    }

    int[] mixArray()
    {
        return mix;
    }

    /**
     * @return mean responders reached per send over the mix.
     */
    public double meanFanout()
    {
        return meanFanout;
    }

    /**
     * @return smallest fan-out of any template.
     */
    public int minTemplateFanout()
    {
        return Arrays.stream(templateFanout).min().orElse(0);
    }

    /**
     * @return largest fan-out of any template.
     */
    public int maxTemplateFanout()
    {
        return Arrays.stream(templateFanout).max().orElse(0);
    }

    /**
     * @return a line for the report: size, shape and send mix.
     */
    public String summary()
    {
        return String.format(Locale.ROOT, "scene %s: %d levels, %d nodes (%d switch, %d tagged, %d inactive), " +
                "%d responders; %d send templates, %.0f%% of sends from the root, fan-out per send %d..%d, mean %.1f",
            spec.name(), spec.levels(), nodeCount(), switchNodes, taggedNodes, inactiveNodes, responderCount(),
            templateCount(), 100.0 * rootSendShare(), minTemplateFanout(), maxTemplateFanout(), meanFanout);
    }

    private double rootSendShare()
    {
        int root = 0;
        for (final int t : mix)
        {
            root += templateSender[t] == 0 ? 1 : 0;
        }
        return (double)root / MIX_LENGTH;
    }

    /**
     * A structural fingerprint: every node's id, switch flag, tags, activity and current state, every template and the
     * mix. Equal for scenes built from the same spec.
     *
     * @return the fingerprint.
     */
    public String fingerprint()
    {
        final StringBuilder sb = new StringBuilder();
        for (final NodeModel node : nodes)
        {
            sb.append(node.id()).append(node.isSwitch() ? 'S' : 'N').append(Long.toHexString(node.tags()))
                .append(node.isActive() ? 'a' : 'i').append(node.children().size());
            if (node.isSwitch() && node.current() != null)
            {
                sb.append('>').append(node.current().id());
            }
            sb.append(';');
        }
        for (int t = 0; t < templateSender.length; t++)
        {
            sb.append('T').append(templateSender[t]).append(templateMetadata[t]).append(templateFanout[t])
                .append('@').append(sampleOf[t]);
        }
        sb.append(Arrays.toString(mix));
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------------ payload

    static long derivedWord(final long sequence, final int index)
    {
        return (sequence * GOLDEN) ^ ((long)index << 56);
    }

    /**
     * Write the 64-byte payload of one send.
     */
    public static void writePayload(
        final MemorySegment segment, final long offset, final long sequence, final long sendNanos, final int producer,
        final int template)
    {
        final long route = ((long)producer << 32) | template;
        segment.set(JAVA_LONG, offset, sequence);
        segment.set(JAVA_LONG, offset + Long.BYTES, sendNanos);
        segment.set(JAVA_LONG, offset + 2 * Long.BYTES, route);
        long checksum = (sequence * 31 + sendNanos) * 31 + route;
        for (int i = 3; i < PAYLOAD_WORDS - 1; i++)
        {
            final long word = derivedWord(sequence, i);
            segment.set(JAVA_LONG, offset + (long)i * Long.BYTES, word);
            checksum = checksum * 31 + word;
        }
        segment.set(JAVA_LONG, offset + (PAYLOAD_WORDS - 1) * Long.BYTES, checksum);
    }

    /**
     * One responder of the scene: checks and counts what it receives.
     */
    static final class SceneResponder implements Responder
    {
        final SceneGraph scene;
        final int id;
        final long[] lastSeen;
        long deliveries;
        Recorder latency;
        String error;

        SceneResponder(final SceneGraph scene, final int id, final int senders)
        {
            this.scene = scene;
            this.id = id;
            this.lastSeen = new long[senders];
        }

        void reset()
        {
            deliveries = 0;
            error = null;
            Arrays.fill(lastSeen, -1);
            for (final int sample : scene.sampleOf)
            {
                if (sample == id && latency == null)
                {
                    latency = new Recorder(HIGHEST_LATENCY_NS, 3);
                }
            }
            if (latency != null)
            {
                latency.reset();
            }
        }

        @Override
        public void onMessage(final MessageView message)
        {
            if (!scene.checking)
            {
                deliveries++;
                return;
            }
            final MemorySegment p = message.payload();
            final long sequence = p.get(JAVA_LONG, 0);
            final long sendNanos = p.get(JAVA_LONG, Long.BYTES);
            final long route = p.get(JAVA_LONG, 2 * Long.BYTES);
            long checksum = (sequence * 31 + sendNanos) * 31 + route;
            for (int i = 3; i < PAYLOAD_WORDS - 1; i++)
            {
                checksum = checksum * 31 + p.get(JAVA_LONG, (long)i * Long.BYTES);
            }
            deliveries++;
            final int producer = (int)(route >>> 32);
            final int template = (int)route;
            if (checksum != p.get(JAVA_LONG, (PAYLOAD_WORDS - 1) * Long.BYTES) ||
                message.payloadLength() != PAYLOAD_LENGTH || producer < 0 || producer >= lastSeen.length ||
                template < 0 || template >= scene.sampleOf.length)
            {
                if (error == null)
                {
                    error = "corrupt payload (checksum, length or route) at sequence=" + sequence;
                }
                return;
            }
            if (sequence <= lastSeen[producer])
            {
                if (error == null)
                {
                    error = "producer " + producer + " sequence=" + sequence + " after " + lastSeen[producer] +
                        " (duplicated or reordered)";
                }
                return;
            }
            lastSeen[producer] = sequence;
            if (scene.sampleOf[template] == id && latency != null)
            {
                latency.recordValue(Math.min(Math.max(System.nanoTime() - sendNanos, 0), HIGHEST_LATENCY_NS));
            }
        }
    }
}
