package io.quicksilver;

import io.quicksilver.runtime.counters.CounterTypes;
import io.quicksilver.runtime.counters.CountersReader;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A known workload for the counters tests: a root and two children, a responder on each, {@code sends} messages from
 * the root, so {@code 3 * sends} deliveries; one child's responder throws on every 100th message it gets. As a main
 * (a child JVM) it drives the workload, waits until its counters file shows it, prints
 * {@code ready <pid> <received> <failures> <file>}, then halts on a {@code halt} line, exits without closing on an
 * {@code exit} line, or closes on end of input; with a
 * fifth argument {@code flowing} it goes on sending from another thread until then.
 */
public final class CountersWorkload
{
    /** Every 100th message to the throwing responder throws. */
    static final int FAIL_EVERY = 100;

    final Quicksilver qs;
    final AtomicLong received = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    private final RelayNode root;

    CountersWorkload(final Quicksilver.ParallelBuilder builder)
    {
        qs = builder.errorHandler((node, source, method, error) -> { }).build();
        root = qs.createNode("root");
        final RelayNode left = qs.createNode("left");
        final RelayNode right = qs.createNode("right");
        root.addChildren(left, right);
        root.addResponder("root", message -> received.incrementAndGet());
        left.addResponder("left", message -> received.incrementAndGet());
        final AtomicLong rightCalls = new AtomicLong();
        right.addResponder("right", message ->
        {
            received.incrementAndGet();
            if (rightCalls.incrementAndGet() % FAIL_EVERY == 0)
            {
                failures.incrementAndGet();
                throw new IllegalStateException("every " + FAIL_EVERY + "th fails");
            }
        });
    }

    static Quicksilver.ParallelBuilder builder(final int workers)
    {
        return Quicksilver.parallel().workers(workers).idleStrategy(YieldingIdleStrategy::new)
            .closeTimeout(Duration.ofSeconds(5));
    }

    /** Send {@code sends} messages from the root and wait until every one is delivered. */
    void drive(final int sends)
    {
        for (int i = 0; i < sends; i++)
        {
            if (!root.send(Method.FIRST_APPLICATION_METHOD))
            {
                throw new IllegalStateException("send refused: " + i);
            }
        }
        qs.flush();
    }

    /**
     * Wait (bounded) until the counters file shows every delivery: the sampler copies the workers' counts every
     * period, so a read right after the flush may be one period behind.
     *
     * @return true once it does.
     */
    boolean awaitCounted(final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        try (CountersReader reader = CountersReader.open(qs.countersFile()))
        {
            while (System.nanoTime() - deadline < 0)
            {
                long deliveries = 0;
                for (int id = 0; id < reader.count(); id++)
                {
                    if (reader.typeId(id) == CounterTypes.DELIVERIES)
                    {
                        deliveries += reader.valueAcquire(id);
                    }
                }
                if (deliveries == received.get())
                {
                    return true;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
        return false;
    }

    public static void main(final String[] args) throws Exception
    {
        final Quicksilver.ParallelBuilder builder = builder(Integer.parseInt(args[1])).countersName(args[0]);
        if (args.length > 3)
        {
            builder.countersDirectory(Path.of(args[3]));
        }
        final CountersWorkload workload = new CountersWorkload(builder);
        workload.drive(Integer.parseInt(args[2]));
        if (!workload.awaitCounted(Duration.ofSeconds(30)))
        {
            throw new IllegalStateException("counters never showed " + workload.received.get() + " deliveries");
        }
        System.out.println("ready " + ProcessHandle.current().pid() + " " + workload.received.get() + " " +
            workload.failures.get() + " " + workload.qs.countersFile());
        System.out.flush();
        final Thread flow = new Thread(() ->
        {
            while (!Thread.currentThread().isInterrupted())
            {
                workload.root.send(Method.FIRST_APPLICATION_METHOD);
            }
        }, "flow");
        flow.setDaemon(true);
        if (args.length > 4 && args[4].equals("flowing"))
        {
            flow.start();
        }
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        final String line = in.readLine();
        if ("halt".equals(line))
        {
            Runtime.getRuntime().halt(3);
        }
        if ("exit".equals(line))
        {
            System.exit(4);
        }
        flow.interrupt();
        flow.join();
        workload.qs.close();
    }
}
