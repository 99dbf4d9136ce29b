package io.quicksilver.benchmarks.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scene builder: the same spec builds the same scene, the named shapes have the sizes the docs state, and every
 * send template of the medium and large scenes reaches at least 100 responders.
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
}
