package io.quicksilver.runtime.ordering;

import io.quicksilver.runtime.ordering.OrderingChecker.Kind;
import io.quicksilver.runtime.ordering.OrderingChecker.Report;
import org.junit.jupiter.api.Test;

import static io.quicksilver.runtime.ordering.OrderingChecker.NO_CAUSE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderingCheckerTest
{
    @Test
    void shouldPassACleanTrace()
    {
        final OrderingChecker checker = new OrderingChecker(2, 1);
        // Sender 0 broadcasts g0, g1; sender 1 reacts to g0 with g2, seen by both after g0.
        checker.record(0, 0, 0, 0, NO_CAUSE);
        checker.record(0, 0, 1, 1, NO_CAUSE);
        checker.record(0, 1, 0, 2, 0);
        checker.record(1, 0, 0, 0, NO_CAUSE);
        checker.record(1, 1, 0, 2, 0);
        checker.record(1, 0, 1, 1, NO_CAUSE);
        // Receiver 1 sees g2 before g1 and receiver 0 after: a total-order violation, so build the clean one apart.
        final OrderingChecker clean = new OrderingChecker(2, 1);
        clean.record(0, 0, 0, 0, NO_CAUSE);
        clean.record(0, 0, 1, 1, NO_CAUSE);
        clean.record(0, 1, 0, 2, 0);
        clean.record(1, 0, 0, 0, NO_CAUSE);
        clean.record(1, 1, 0, 2, 0);
        clean.expect(0, 0, 0);
        clean.expect(0, 0, 1);
        clean.expect(0, 1, 0);
        clean.expect(1, 0, 0);
        clean.expect(1, 1, 0);

        final Report report = clean.check();

        report.assertClean();
        assertEquals(5, clean.deliveries());
        assertEquals(1, checker.check().count(Kind.TOTAL_ORDER));
    }

    @Test
    void shouldDetectFifoViolation()
    {
        final OrderingChecker checker = new OrderingChecker(1, 4);
        checker.record(0, 7, 1, 10, NO_CAUSE);
        checker.record(0, 7, 0, 11, NO_CAUSE);

        final Report report = checker.check();

        assertEquals(1, report.count(Kind.FIFO), report.toString());
        assertEquals(1, report.examples().size());
    }

    @Test
    void shouldDetectTotalOrderViolationBetweenTwoReceivers()
    {
        final OrderingChecker checker = new OrderingChecker(2, 4);
        checker.record(0, 0, 0, 100, NO_CAUSE);
        checker.record(0, 1, 0, 200, NO_CAUSE);
        checker.record(1, 1, 0, 200, NO_CAUSE);
        checker.record(1, 0, 0, 100, NO_CAUSE);

        final Report report = checker.check();

        assertEquals(1, report.count(Kind.TOTAL_ORDER), report.toString());
        assertEquals(0, report.count(Kind.FIFO));
    }

    @Test
    void shouldDetectTotalOrderViolationThroughAChainOfReceivers()
    {
        final OrderingChecker checker = new OrderingChecker(3, 4);
        checker.record(0, 0, 0, 1, NO_CAUSE);
        checker.record(0, 1, 0, 2, NO_CAUSE);
        checker.record(1, 1, 0, 2, NO_CAUSE);
        checker.record(1, 2, 0, 3, NO_CAUSE);
        checker.record(2, 2, 0, 3, NO_CAUSE);
        checker.record(2, 0, 0, 1, NO_CAUSE);

        assertEquals(1, checker.check().count(Kind.TOTAL_ORDER));
    }

    @Test
    void shouldDetectCausalityViolation()
    {
        final OrderingChecker checker = new OrderingChecker(1, 4);
        checker.record(0, 1, 0, 6, 5);
        checker.record(0, 0, 0, 5, NO_CAUSE);

        final Report report = checker.check();

        assertEquals(1, report.count(Kind.CAUSALITY), report.toString());
    }

    @Test
    void shouldNotFlagAReactionWhoseCauseTheReceiverNeverGot()
    {
        final OrderingChecker checker = new OrderingChecker(1, 4);
        checker.record(0, 1, 0, 6, 5);

        checker.check().assertClean();
    }

    @Test
    void shouldDetectDuplicate()
    {
        final OrderingChecker checker = new OrderingChecker(1, 1);
        checker.record(0, 0, 0, 3, NO_CAUSE);
        checker.record(0, 0, 0, 3, NO_CAUSE);

        final Report report = checker.check();

        assertEquals(1, report.count(Kind.DUPLICATE), report.toString());
    }

    @Test
    void shouldDetectLostAndUnexpected()
    {
        final OrderingChecker checker = new OrderingChecker(2, 2);
        checker.expect(0, 0, 0);
        checker.expect(0, 0, 1);
        checker.record(0, 0, 0, 0, NO_CAUSE);
        checker.record(1, 0, 1, 1, NO_CAUSE);

        final Report report = checker.check();

        assertEquals(1, report.count(Kind.LOST), report.toString());
        assertEquals(1, report.count(Kind.UNEXPECTED), report.toString());
        assertThrows(AssertionError.class, report::assertClean);
    }

    @Test
    void shouldGrowPastPreallocatedCapacityAndReset()
    {
        final OrderingChecker checker = new OrderingChecker(1, 1);
        for (int i = 0; i < 1000; i++)
        {
            checker.record(0, 0, i, i, i == 0 ? NO_CAUSE : i - 1);
        }
        checker.check().assertClean();
        assertEquals(1000, checker.deliveries(0));

        checker.reset();

        assertEquals(0, checker.deliveries());
        assertTrue(checker.check().isClean());
    }
}
