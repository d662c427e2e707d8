package compactproofs.checker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** Failures in worker threads keep their meaning: resource exhaustion stays an Error, anything else is an internal error. */
class WorkersTest {
    @Test
    void sumsCountersWithCheckedAddition() throws Exception {
        List<Callable<long[]>> ok = List.of(() -> new long[] {1, 2}, () -> new long[] {3, 4});
        assertArrayEquals(new long[] {4, 6}, Workers.sum("t", 2, ok));
        List<Callable<long[]>> wrap = List.of(() -> new long[] {Long.MAX_VALUE}, () -> new long[] {1});
        assertThrows(ArithmeticException.class, () -> Workers.sum("t", 1, wrap));
    }

    @Test
    void outOfMemoryInAWorkerIsRethrownAsIs() {
        List<Callable<long[]>> oom = List.of(() -> { throw new OutOfMemoryError("test"); });
        assertEquals("test", assertThrows(OutOfMemoryError.class, () -> Workers.sum("t", 1, oom)).getMessage());
        List<Callable<long[]>> so = List.of(() -> { throw new StackOverflowError(); });
        assertThrows(StackOverflowError.class, () -> Workers.sum("t", 1, so));
    }

    @Test
    void anyOtherFailureIsAnInternalError() {
        List<Callable<long[]>> bad = List.of(() -> { throw new ArithmeticException("boom"); });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Workers.sum("t", 1, bad));
        assertEquals(ArithmeticException.class, e.getCause().getClass());
    }
}
