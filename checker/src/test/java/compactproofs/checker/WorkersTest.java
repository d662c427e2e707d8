package compactproofs.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import compactproofs.checker.bruteforce.Tally;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** Failures in worker threads keep their meaning: resource exhaustion stays an Error, anything else is an internal error. */
class WorkersTest {
    @Test
    void resultsComeInTaskOrderAndTalliesAddWithCheckedArithmetic() throws Exception {
        List<Callable<Integer>> ok = List.of(() -> { Thread.sleep(20); return 1; }, () -> 2, () -> 3);
        assertEquals(List.of(1, 2, 3), Workers.runAll("t", 3, ok));
        assertEquals(new Tally(4, 6, 8, 10, 12), new Tally(1, 2, 3, 4, 5).plus(new Tally(3, 4, 5, 6, 7)));
        assertEquals(9, new Tally(2, 3, 4, 0, 0).enumerated());
        assertThrows(ArithmeticException.class, () -> new Tally(Long.MAX_VALUE, 0, 0, 0, 0).plus(new Tally(1, 0, 0, 0, 0)));
        assertThrows(ArithmeticException.class, () -> new Tally(0, 0, 0, 0, Long.MAX_VALUE).plus(new Tally(0, 0, 0, 0, 1)));
    }

    @Test
    void outOfMemoryInAWorkerIsRethrownAsIs() {
        List<Callable<Long>> oom = List.of(() -> { throw new OutOfMemoryError("test"); });
        assertEquals("test", assertThrows(OutOfMemoryError.class, () -> Workers.runAll("t", 1, oom)).getMessage());
        List<Callable<Long>> so = List.of(() -> { throw new StackOverflowError(); });
        assertThrows(StackOverflowError.class, () -> Workers.runAll("t", 1, so));
    }

    @Test
    void anyOtherFailureIsAnInternalError() {
        List<Callable<Long>> bad = List.of(() -> { throw new ArithmeticException("boom"); });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Workers.runAll("t", 1, bad));
        assertEquals(ArithmeticException.class, e.getCause().getClass());
    }
}
