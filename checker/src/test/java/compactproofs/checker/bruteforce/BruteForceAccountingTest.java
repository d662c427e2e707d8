package compactproofs.checker.bruteforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import compactproofs.checker.testing.RandomModels;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What brute force reports besides the count: the inputs it hands the collector, the re-check and
 * operation counts (the proof length; pinned for fixed seeded models, so any change to the counting
 * shows up here), and the high-precision decider on exact ties.
 */
class BruteForceAccountingTest {
    record Pin(String name, Weights w, long proved, long wrong, long rechecked, long ops) {}

    static List<Pin> pins() {
        return List.of(
                new Pin("random V=4 n=2", RandomModels.random(1, 4, 2, 3, 2, 1.0, true), PROVED[0], WRONG[0], RECHECKED[0], OPS[0]),
                new Pin("random V=5 n=3", RandomModels.random(7, 5, 3, 4, 3, 3.0, false), PROVED[1], WRONG[1], RECHECKED[1], OPS[1]),
                new Pin("random V=3 n=4", RandomModels.random(11, 3, 4, 2, 2, 1.0, true), PROVED[2], WRONG[2], RECHECKED[2], OPS[2]),
                new Pin("near-tie seed 2", RandomModels.nearTie(2, 6, 3), PROVED[3], WRONG[3], RECHECKED[3], OPS[3]),
                new Pin("random V=6 n=1", RandomModels.random(3, 6, 1, 3, 2, 1.0, true), PROVED[4], WRONG[4], RECHECKED[4], OPS[4]));
    }

    // measured once on the code as committed; a deliberate change to the counting updates them
    static final long[] PROVED = {3, 23, 1, 91, 2}, WRONG = {13, 102, 80, 125, 4}, RECHECKED = {0, 84, 0, 1, 0},
            OPS = {564, 10030, 1113, 4872, 636};

    @Test
    void countsAndProofLengthArePinned() throws Exception {
        for (Pin p : pins()) {
            List<int[]> notProved = new ArrayList<>();
            Tally r = new BruteForceVerifier(PathMatrices.of(p.w)).run(2, (t, o) -> {
                synchronized (notProved) { notProved.add(t); }
                assertEquals(InputDecider.Outcome.WRONG, o, p.name);
            }, null);
            System.out.println("pin " + p.name + ": proved " + r.proved() + " wrong " + r.wrong() + " unresolved " + r.unresolved()
                    + " rechecked " + r.rechecked() + " ops " + r.ops());
            long total = BigInteger.valueOf(p.w.vocab).pow(p.w.nCtx).longValueExact();
            assertEquals(total, r.proved() + r.wrong() + r.unresolved(), p.name);
            assertEquals(r.wrong() + r.unresolved(), notProved.size(), p.name);
            // every collected input is a distinct input that the decider also finds wrong
            InputDecider d = new InputDecider(PathMatrices.of(p.w), 60);
            for (int[] t : notProved) assertEquals(InputDecider.Outcome.WRONG, d.decide(t), p.name + " " + Arrays.toString(t));
            assertEquals(notProved.size(), notProved.stream().map(Arrays::toString).distinct().count(), p.name);
            assertEquals(p.proved, r.proved(), p.name);
            assertEquals(p.wrong, r.wrong(), p.name);
            assertEquals(0, r.unresolved(), p.name);
            assertEquals(p.rechecked, r.rechecked(), p.name);
            assertEquals(p.ops, r.ops(), p.name);
        }
    }

    /** A model whose logits are all equal: every input is an exact tie, and ties count as wrong. */
    @Test
    void exactTiesAreWrong() throws Exception {
        int v = 3, n = 2, d = 2, h = 1;
        Weights w = Weights.of(new double[v][d], new double[n][d], new double[d][h], new double[d][h], new double[d][h],
                new double[h][d], new double[d][v], null, null, null, null, null);
        InputDecider dec = new InputDecider(PathMatrices.of(w), 40);
        for (int a = 0; a < v; a++)
            for (int b = 0; b < v; b++) assertEquals(InputDecider.Outcome.WRONG, dec.decide(new int[] {a, b}));
        Tally r = new BruteForceVerifier(PathMatrices.of(w)).run(1, null, null);
        assertEquals(0, r.proved());
        assertEquals(9, r.wrong());
    }

    /** The decider agrees with brute force on every input of small random models. */
    @Test
    void deciderAgreesWithBruteForce() throws Exception {
        for (long seed = 1; seed <= 6; seed++) {
            Weights w = RandomModels.random(seed, 4, 3, 3, 2, seed % 2 == 0 ? 3.0 : 1.0, seed % 3 == 0);
            PathMatrices pm = PathMatrices.of(w);
            List<String> wrong = new ArrayList<>();
            Tally r = new BruteForceVerifier(pm).run(1, (t, o) -> wrong.add(Arrays.toString(t)), null);
            InputDecider dec = new InputDecider(pm, 50);
            long correct = 0;
            for (int i = 0; i < 64; i++) {
                int[] t = {i % 4, (i / 4) % 4, i / 16};
                InputDecider.Outcome o = dec.decide(t);
                assertTrue(o != InputDecider.Outcome.UNRESOLVED, "seed " + seed);
                assertEquals(wrong.contains(Arrays.toString(t)), o == InputDecider.Outcome.WRONG, "seed " + seed + " " + Arrays.toString(t));
                if (o == InputDecider.Outcome.CORRECT) correct++;
            }
            assertEquals(r.proved(), correct, "seed " + seed);
        }
    }
}
