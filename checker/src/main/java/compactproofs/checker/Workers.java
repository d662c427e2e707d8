package compactproofs.checker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs independent tasks on a fixed pool of daemon threads; the results do not depend on the scheduling. */
public final class Workers {
    private Workers() {}

    /**
     * Runs every task and returns their results in task order.
     *
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if a task failed (the verification is then not accepted)
     * @throws OutOfMemoryError if a task ran out of memory (reported as a resource limit)
     */
    public static <T> List<T> runAll(String name, int threads, List<Callable<T>> tasks) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = tasks.stream().map(pool::submit).toList();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    // resource exhaustion keeps its meaning (exit 4); anything else is an internal error
                    if (e.getCause() instanceof OutOfMemoryError || e.getCause() instanceof StackOverflowError) throw (Error) e.getCause();
                    throw new IllegalStateException(name + " worker failed: " + e.getCause(), e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
