package compactproofs.checker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs independent counting tasks on a fixed pool of daemon threads and adds up their counters. */
public final class Workers {
    private Workers() {}

    /**
     * Runs every task and returns the element-wise sums of their counter arrays (all of one length).
     *
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if a task failed (the verification is then not accepted)
     * @throws OutOfMemoryError if a task ran out of memory (reported as a resource limit)
     * @throws ArithmeticException if a sum overflows a long
     */
    public static long[] sum(String name, int threads, List<Callable<long[]>> tasks) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (Callable<long[]> task : tasks) futures.add(pool.submit(task));
            long[] total = null;
            for (Future<long[]> f : futures) {
                long[] r;
                try {
                    r = f.get();
                } catch (ExecutionException e) {
                    // resource exhaustion keeps its meaning (exit 4); anything else is an internal error
                    if (e.getCause() instanceof OutOfMemoryError oom) throw oom;
                    if (e.getCause() instanceof StackOverflowError so) throw so;
                    throw new IllegalStateException(name + " worker failed: " + e.getCause(), e.getCause());
                }
                if (total == null) total = new long[r.length];
                for (int i = 0; i < r.length; i++) total[i] = Math.addExact(total[i], r[i]);
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }
}
