package io.quicksilver.runtime.parallel;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The balancer driven by synthetic loads, period by period: no clock, no threads.
 */
class LoadBalancerTest
{
    private static final int WORKERS = 2;

    /** Partition loads per period: two hot partitions on worker 0, two cold ones on worker 1. */
    private static final long[] SKEWED = {4000, 4000, 1000, 1000};

    @Test
    void shouldMoveOnlyAfterTheImbalanceLastsTheConfiguredPeriods()
    {
        final LoadBalancer balancer = new LoadBalancer(0.5, 3, 10, 100);
        final int[] owner = {0, 0, 1, 1};

        assertFalse(balancer.decide(SKEWED, owner, WORKERS, 0));
        assertFalse(balancer.decide(SKEWED, owner, WORKERS, 0));
        assertTrue(balancer.decide(SKEWED, owner, WORKERS, 0));

        assertEquals(0, balancer.moveFrom());
        assertEquals(1, balancer.moveTo());
        assertTrue(balancer.movePartition() == 0 || balancer.movePartition() == 1);
        assertEquals(LoadBalancer.BALANCE, balancer.moveReason());
    }

    @Test
    void shouldNotMoveForABurstShorterThanTheHysteresis()
    {
        final LoadBalancer balancer = new LoadBalancer(0.5, 3, 10, 100);
        final int[] owner = {0, 0, 1, 1};
        final long[] even = {2500, 2500, 2500, 2500};

        for (int i = 0; i < 100; i++)
        {
            assertFalse(balancer.decide(SKEWED, owner, WORKERS, 0));
            assertFalse(balancer.decide(SKEWED, owner, WORKERS, 0));
            assertFalse(balancer.decide(even, owner, WORKERS, 0), "period " + balancer.period());
        }
    }

    @Test
    void shouldIgnoreLoadBelowTheMinimum()
    {
        final LoadBalancer balancer = new LoadBalancer(0.5, 1, 10, 100_000);
        final int[] owner = {0, 0, 1, 1};

        for (int i = 0; i < 10; i++)
        {
            assertFalse(balancer.decide(SKEWED, owner, WORKERS, 0));
            assertFalse(balancer.decide(SKEWED, owner, WORKERS, 0b10));
        }
    }

    @Test
    void shouldSettleAndNeverBounceUnderASteadyLoad()
    {
        final LoadBalancer balancer = new LoadBalancer(0.1, 1, 0, 1);
        final int[] owner = {0, 0, 0, 0, 1, 1, 1, 1};
        final long[] load = {9000, 100, 100, 100, 100, 100, 100, 5000};
        final List<String> moves = new ArrayList<>();

        for (int period = 0; period < 1000; period++)
        {
            if (balancer.decide(load, owner, WORKERS, 0))
            {
                moves.add(balancer.movePartition() + ":" + balancer.moveFrom() + "->" + balancer.moveTo());
                owner[balancer.movePartition()] = balancer.moveTo();
            }
        }

        // Even with no cooldown, each move strictly narrows the gap, so the moves stop and none is undone.
        assertTrue(moves.size() <= 3, moves.toString());
        for (int i = 0; i < moves.size(); i++)
        {
            for (int j = i + 1; j < moves.size(); j++)
            {
                assertFalse(moves.get(i).split(":")[0].equals(moves.get(j).split(":")[0]), moves.toString());
            }
        }
    }

    @Test
    void shouldKeepAMovedPartitionForItsCooldownWhateverTheLoad()
    {
        final int cooldown = 7;
        final int[] gaps = movesUnderAFlippingLoad(new LoadBalancer(0.1, 1, cooldown, 1));

        assertTrue(gaps[0] > 0, "no move at all");
        assertTrue(gaps[1] > cooldown, "a partition moved again after " + gaps[1] + " periods");
        // The same load without cooldown does bounce: what the cooldown is for.
        assertEquals(1, movesUnderAFlippingLoad(new LoadBalancer(0.1, 1, 0, 1))[1]);
    }

    /**
     * Loads that flip at random between "partitions 0 and 1 hot" and "partition 2 hot", so partition 0 is worth
     * moving to the other worker after every flip.
     *
     * @return moves made, and the fewest periods between two moves of one partition.
     */
    private static int[] movesUnderAFlippingLoad(final LoadBalancer balancer)
    {
        final int[] owner = {0, 0, 1};
        final long[] lastMove = {-1_000_000, -1_000_000, -1_000_000};
        final Random random = new Random(42);
        int moves = 0;
        int fewest = Integer.MAX_VALUE;
        for (int period = 1; period <= 2000; period++)
        {
            final long[] load = random.nextBoolean() ? new long[] {3000, 3000, 100} : new long[] {100, 100, 5000};
            if (balancer.decide(load, owner, WORKERS, 0))
            {
                final int p = balancer.movePartition();
                fewest = (int)Math.min(fewest, period - lastMove[p]);
                lastMove[p] = period;
                owner[p] = balancer.moveTo();
                moves++;
            }
        }
        return new int[] {moves, fewest};
    }

    @Test
    void shouldGiveAnIdleWorkerAPartitionOfTheBusiestAtOnce()
    {
        final LoadBalancer balancer = new LoadBalancer(0.5, 1000, 10, 100);
        final int[] owner = {0, 0, 1, 1, 2, 2};
        final long[] load = {3000, 3000, 2000, 2000, 0, 0};

        assertTrue(balancer.decide(load, owner, 3, 1L << 2));

        assertEquals(LoadBalancer.STEAL, balancer.moveReason());
        assertEquals(0, balancer.moveFrom());
        assertEquals(2, balancer.moveTo());
    }

    @Test
    void shouldRefuseAStealThatWouldOnlyMoveTheHotSpot()
    {
        final LoadBalancer balancer = new LoadBalancer(0.5, 1000, 10, 100);
        final int[] owner = {0, 1};
        final long[] load = {9000, 0};

        // The busiest worker's only partition is the whole gap: moving it swaps the roles and helps nobody.
        assertFalse(balancer.decide(load, owner, WORKERS, 1L << 1));
    }

    @Test
    void shouldForgetCooldownsOnReset()
    {
        final LoadBalancer balancer = new LoadBalancer(0.1, 1, 1000, 1);
        final int[] owner = {0, 0, 1};
        assertTrue(balancer.decide(new long[] {5000, 5000, 100}, owner, WORKERS, 0));
        assertEquals(0, balancer.movePartition());
        owner[0] = 1;
        // Partition 0 is now the only one worth moving back, and it is cooling down.
        final long[] load = {500, 1000, 3000};
        assertFalse(balancer.decide(load, owner, WORKERS, 0));

        balancer.reset();

        assertTrue(balancer.decide(load, owner, WORKERS, 0));
        assertEquals(0, balancer.movePartition());
    }

    @Test
    void shouldRejectBadSettingsWithTheValue()
    {
        assertEquals("balance threshold must be positive: threshold=0.0",
            assertThrows(IllegalArgumentException.class, () -> new LoadBalancer(0, 1, 0, 0)).getMessage());
        assertEquals("balance periods must be at least 1: periods=0",
            assertThrows(IllegalArgumentException.class, () -> new LoadBalancer(1, 0, 0, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LoadBalancer(1, 1, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LoadBalancer(1, 1, 0, -1));
    }
}
