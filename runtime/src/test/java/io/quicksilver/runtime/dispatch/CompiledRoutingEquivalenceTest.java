package io.quicksilver.runtime.dispatch;

import io.quicksilver.ActiveFilter;
import io.quicksilver.Level;
import io.quicksilver.Metadata;
import io.quicksilver.Method;
import io.quicksilver.NetworkFilter;
import io.quicksilver.Responder;
import io.quicksilver.RoutingOptions;
import io.quicksilver.SelectedFilter;
import io.quicksilver.Tag;
import io.quicksilver.runtime.hierarchy.FlatRoutingTable;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.hierarchy.RoutingSnapshot;
import io.quicksilver.simd.DeliveryBits;
import io.quicksilver.simd.MessageBatch;
import io.quicksilver.simd.ResponderTable;
import io.quicksilver.simd.RoutingKernel;
import io.quicksilver.simd.RoutingKernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compiled interval tables evaluated by the {@code simd} kernels (scalar and Vector API) give the same
 * recipients as the single-threaded walk, for SELF, CHILD, SELF_AND_CHILDREN and DESCENDANTS sends on random trees
 * with tags, gating nodes, inactive nodes and responders, and switch nodes; no handled flag, no hop limit.
 */
class CompiledRoutingEquivalenceTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD;
    private static final int[] LEVELS =
        { Level.SELF, Level.CHILD, Level.SELF_AND_CHILDREN, Level.DESCENDANTS, Level.SELF_AND_DESCENDANTS };
    private static final int BATCH = 32;

    private final BitSet got = new BitSet();
    private final Map<Responder, Integer> tokens = new IdentityHashMap<>();
    private final List<NodeModel> nodes = new ArrayList<>();

    @ParameterizedTest
    @ValueSource(longs = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 })
    void shouldGiveTheWalksRecipientsFromCompiledTablesAndKernels(final long seed)
    {
        final Random random = new Random(seed);
        final List<String> failures = new ArrayList<>();
        final Hierarchy h = new Hierarchy((n, s, m, e) -> failures.add(s + ": " + e));
        buildRandomForest(h, random, 20 + random.nextInt(400));

        try (Arena arena = Arena.ofConfined())
        {
            final SingleThreadedDispatcher walk =
                new SingleThreadedDispatcher(h, (n, s, m, e) -> failures.add(s + ": " + e), arena, 64, 2, 0, false);

            final FlatRoutingTable first = walk.flatTable();
            final int compared = compare(walk, first, random, 40);

            // Flags, tags and states only: the numbering is reused; the answers must still match.
            shuffleFlags(h, random);
            final FlatRoutingTable patched = walk.flatTable();
            assertTrue(patched.sharesStructureWith(first), "incremental recompile keeps the numbering");
            final int comparedAfterPatch = compare(walk, patched, random, 20);

            // A structural change renumbers.
            final NodeModel extra = h.createNode("extra", false);
            h.link(nodes.get(random.nextInt(nodes.size())), extra);
            addResponder(h, extra, random);
            final FlatRoutingTable rebuilt = walk.flatTable();
            assertFalse(rebuilt.sharesStructureWith(patched));
            final int comparedAfterRebuild = compare(walk, rebuilt, random, 20);

            assertTrue(compared > 40 * BATCH / 2 && comparedAfterPatch > 0 && comparedAfterRebuild > 0,
                "most sends are interval-routable on a tree: compared=" + compared);
            walk.close();
        }
        assertEquals(List.of(), failures);
    }

    /**
     * Send batches of random messages both ways and compare recipients; returns how many messages were compared.
     */
    private int compare(
        final SingleThreadedDispatcher walk, final FlatRoutingTable table, final Random random, final int batches)
    {
        final RoutingSnapshot snapshot = walk.snapshot();
        final ResponderTable responders = new ResponderTable(table.responderCount());
        table.fill(responders);
        final MessageBatch batch = new MessageBatch(BATCH);
        final int words = RoutingKernel.wordsPerMessage(0, table.responderCount());
        final long[] deliveries = new long[Math.max(1, BATCH * words)];
        final List<RoutingKernel> kernels = List.of(RoutingKernels.scalar(), RoutingKernels.best());
        final int[] senders = new int[BATCH];
        final int[] levels = new int[BATCH];
        final BitSet[] expected = new BitSet[BATCH];
        int compared = 0;

        for (int b = 0; b < batches; b++)
        {
            batch.clear();
            while (batch.size() < BATCH)
            {
                final int sender = random.nextInt(snapshot.nodeCount());
                final int level = LEVELS[random.nextInt(LEVELS.length)];
                final long tags = randomMessageTags(random);
                final boolean activeOnly = random.nextInt(5) != 0;
                final boolean selectedOnly = random.nextInt(3) == 0;
                final Metadata metadata = new Metadata(level,
                    activeOnly ? ActiveFilter.ACTIVE : ActiveFilter.ALL,
                    selectedOnly ? SelectedFilter.SELECTED : SelectedFilter.ALL,
                    NetworkFilter.ALL, tags, RoutingOptions.NONE);
                if (!table.canRoute(sender, level, selectedOnly))
                {
                    continue;
                }
                got.clear();
                walk.begin(sender, APP, metadata).putNone();
                walk.dispatch();
                final int m = batch.add(tags, FlatRoutingTable.batchFilters(activeOnly, selectedOnly),
                    table.responderFrom(sender), table.responderTo(sender));
                senders[m] = sender;
                levels[m] = level;
                expected[m] = (BitSet)got.clone();
            }
            for (final RoutingKernel kernel : kernels)
            {
                kernel.evaluate(responders, 0, table.responderCount(), batch, deliveries, 0);
                for (int message = 0; message < batch.size(); message++)
                {
                    final int m = message;
                    table.refine(senders[m], levels[m], batch.tags(m), deliveries, m * words, 0);
                    final BitSet actual = new BitSet();
                    for (int bit = DeliveryBits.next(deliveries, m * words, words, 0); bit >= 0;
                        bit = DeliveryBits.next(deliveries, m * words, words, bit + 1))
                    {
                        actual.set(tokens.get(snapshot.handlers()[table.snapshotIndex(bit)]));
                    }
                    assertEquals(expected[m], actual, () -> kernel.description() + ": sender=" +
                        snapshot.nodes()[senders[m]].name() + " level=" + Level.toString(levels[m]));
                }
            }
            compared += batch.size();
        }
        return compared;
    }

    private void buildRandomForest(final Hierarchy h, final Random random, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final NodeModel node = h.createNode("n" + i, random.nextInt(8) == 0);
            if (i > 0 && random.nextInt(12) != 0)
            {
                // Responders before or after the link, so tables interleave responder and child items.
                if (random.nextBoolean())
                {
                    addResponder(h, node, random);
                }
                h.link(nodes.get(random.nextInt(i)), node);
            }
            nodes.add(node);
            final int responders = random.nextInt(4);
            for (int r = 0; r < responders; r++)
            {
                addResponder(h, node, random);
            }
        }
        shuffleFlags(h, random);
    }

    private void shuffleFlags(final Hierarchy h, final Random random)
    {
        for (final NodeModel node : nodes)
        {
            h.setActive(node, random.nextInt(10) != 0);
            h.setChecksTags(node, random.nextInt(6) != 0);
            h.setTags(node, random.nextInt(4) == 0 ? randomTags(random) : Tag.EVERYTHING);
            if (node.isSwitch() && !node.children().isEmpty() && random.nextInt(4) != 0)
            {
                h.resetTo(node, node.children().get(random.nextInt(node.children().size())));
            }
            for (final var item : node.table())
            {
                if (item.responder() != null)
                {
                    h.setActive(item.responder(), random.nextInt(10) != 0);
                    h.setChecksTags(item.responder(), random.nextInt(7) != 0);
                    h.setTags(item.responder(), random.nextBoolean() ? Tag.EVERYTHING : randomTags(random));
                }
            }
        }
    }

    private void addResponder(final Hierarchy h, final NodeModel node, final Random random)
    {
        final int token = tokens.size();
        final Responder responder = message -> got.set(token);
        tokens.put(responder, token);
        h.addResponder(node, null, responder, randomTags(random), random.nextBoolean(), false, true);
    }

    private static long randomTags(final Random random)
    {
        return random.nextInt(16);
    }

    private static long randomMessageTags(final Random random)
    {
        final int pick = random.nextInt(10);
        return pick < 3 ? Tag.EVERYTHING : pick == 3 ? Tag.NOTHING : 1L << random.nextInt(4) | random.nextInt(16);
    }
}
