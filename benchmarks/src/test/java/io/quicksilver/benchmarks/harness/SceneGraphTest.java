package io.quicksilver.benchmarks.harness;

import io.quicksilver.runtime.dispatch.SingleThreadedDispatcher;
import io.quicksilver.runtime.message.MessageWriter;
import io.quicksilver.runtime.message.PayloadType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scene builder: the same spec builds the same scene, the named shapes have the sizes the docs state, every
 * send template of the medium and large scenes reaches at least 100 responders, and counting responders (the
 * dispatcher-cost benchmark's) count what checking ones would without looking at the payload.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SceneGraphTest
{
    @Test
    void shouldBuildTheSameSceneFromTheSameSeed()
    {
        final SceneGraph a = SceneGraph.build(SceneSpec.MEDIUM, 1);
        final SceneGraph b = SceneGraph.build(SceneSpec.MEDIUM, 1);
        assertEquals(a.fingerprint(), b.fingerprint());
        assertEquals(a.summary(), b.summary());

        final SceneSpec other = SceneSpec.parse("seed = 99\nbranching = [3, 3, 2, 2, 2, 1, 1, 1, 1]\n", "s", "medium");
        final SceneGraph c = SceneGraph.build(other, 1);
        assertEquals(a.responderCount(), c.responderCount());
        assertNotEquals(a.fingerprint(), c.fingerprint());
    }

    @Test
    void shouldBuildTheNamedShapesAtTheirSizes()
    {
        final SceneGraph small = SceneGraph.build(SceneSpec.SMALL, 1);
        assertEquals(46, small.nodeCount());
        assertEquals(92, small.responderCount());

        final SceneGraph medium = SceneGraph.build(SceneSpec.MEDIUM, 1);
        assertEquals(427, medium.nodeCount());
        assertEquals(1281, medium.responderCount());
        assertTrue(medium.switchNodeCount() > 0, medium.summary());
        assertTrue(medium.inactiveNodeCount() > 0, medium.summary());
        assertTrue(medium.taggedNodeCount() > 0, medium.summary());
        assertTrue(medium.minTemplateFanout() >= 100, medium.summary());

        final SceneGraph large = SceneGraph.build(SceneSpec.LARGE, 1);
        assertEquals(1997, large.nodeCount());
        assertEquals(9985, large.responderCount());
        assertTrue(large.minTemplateFanout() >= 100, large.summary());
        assertEquals(SceneSpec.LARGE.templates(), large.templateCount());
    }

    @Test
    void shouldMixRootAndMidLevelSendsAtTheSpecsShare()
    {
        final SceneGraph medium = SceneGraph.build(SceneSpec.MEDIUM, 1);
        int root = 0;
        for (int i = 0; i < SceneGraph.MIX_LENGTH; i++)
        {
            root += medium.templateSender(medium.mix(i)) == 0 ? 1 : 0;
        }
        assertEquals(Math.round(SceneSpec.MEDIUM.rootShare() * SceneGraph.MIX_LENGTH), root);
        double total = 0;
        for (int i = 0; i < SceneGraph.MIX_LENGTH; i++)
        {
            total += medium.templateFanout(medium.mix(i));
        }
        assertEquals(total / SceneGraph.MIX_LENGTH, medium.meanFanout(), 1e-9);
    }

    @Test
    void shouldBuildTheSameSceneWithCountingResponders()
    {
        final SceneGraph checking = SceneGraph.build(SceneSpec.SMALL, 1);
        final SceneGraph counting = SceneGraph.build(SceneSpec.SMALL, 1, false);
        assertEquals(checking.fingerprint(), counting.fingerprint(), "same nodes, templates, fan-outs and mix");
        assertEquals(checking.meanFanout(), counting.meanFanout());

        // The same sends reach the same number of responders; only the checking ones look at the payload.
        final long[] deliveries = new long[2];
        final String[] errors = new String[2];
        int i = 0;
        for (final SceneGraph scene : new SceneGraph[]{checking, counting})
        {
            scene.reset();
            try (Arena arena = Arena.ofConfined())
            {
                final SingleThreadedDispatcher dispatcher = new SingleThreadedDispatcher(scene.hierarchy(),
                    scene.failures(), arena, SceneGraph.PAYLOAD_LENGTH, 4, SingleThreadedDispatcher.HOP_LIMIT_DEFAULT,
                    false);
                long expected = 0;
                for (int s = 0; s < 64; s++)
                {
                    final int template = scene.mix(s);
                    final MessageWriter writer =
                        dispatcher.begin(scene.templateSender(template), SceneGraph.METHOD,
                            scene.templateMetadata(template));
                    // A payload whose checksum word does not match its words: only a checking responder notices.
                    writer.segment().set(JAVA_LONG, writer.payloadOffset(), s + 1);
                    writer.payloadWritten(PayloadType.BYTE_ARRAY, SceneGraph.PAYLOAD_LENGTH);
                    dispatcher.dispatch();
                    expected += scene.templateFanout(template);
                }
                dispatcher.close();
                assertEquals(expected, scene.deliveries());
            }
            deliveries[i] = scene.deliveries();
            errors[i++] = scene.firstError();
        }
        assertEquals(deliveries[0], deliveries[1]);
        assertTrue(errors[0] != null && errors[0].contains("corrupt payload"), "checking responders: " + errors[0]);
        assertEquals(null, errors[1], "counting responders check nothing");
    }
}
