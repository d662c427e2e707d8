package compactproofs.checker.statement;

import java.math.BigInteger;

/**
 * The inputs the proved cubic cases cover (SPEC §7, <b>Lemma C</b>). A case is a class {@code (q, m, c)}
 * with a non-max token {@code k < m} (for {@code c = 0}, the class's single input {@code (m, ..., m, q)},
 * recorded with {@code k = m}). With {@code S(q, m, c) = {k < m : case proved}}, every input of the class
 * whose c non-max non-query tokens all lie in S is correct: {@code C(n-1, c) |S|^c} inputs. These sets are
 * disjoint across classes (Lemma K); if every case is proved they add up to {@code V^n}.
 */
public final class CubicCover {
    private final int v, n;
    /** {@code proved[m][q][c][k]}, allocated per class on its first proved case. */
    private final boolean[][][][] proved;

    public CubicCover(int v, int n) {
        this.v = v;
        this.n = n;
        proved = new boolean[v][][][];
        for (int m = 0; m < v; m++) proved[m] = new boolean[m + 1][n][];
    }

    /** Records that case {@code (cls, k)} is proved. */
    public void add(InputClass cls, int k) {
        boolean[][] byC = proved[cls.m()][cls.q()];
        if (byC[cls.c()] == null) byC[cls.c()] = new boolean[cls.m() + 1];
        byC[cls.c()][k] = true;
    }

    /** Whether case {@code (cls, k)} is proved (for {@code c = 0}: whether the single input is). */
    public boolean covers(InputClass cls, int k) {
        boolean[] s = proved[cls.m()][cls.q()][cls.c()];
        return s != null && s[k];
    }

    /** Whether the class has inputs outside the cover (its rest, SPEC §8). */
    public boolean hasRest(InputClass cls) {
        return provedCases(cls) < (cls.c() == 0 ? 1 : cls.m());
    }

    /** The number of covered inputs in the classes of shard {@code index/count} (all of them for 0/1). */
    public BigInteger count(int index, int count) {
        BigInteger total = BigInteger.ZERO;
        for (InputClass cls : InputClass.classes(v, n)) {
            if (!InputClass.inShard(v, cls, index, count)) continue;
            BigInteger size = BigInteger.valueOf(provedCases(cls));
            total = total.add(cls.c() == 0 ? size : InputClass.binomial(n - 1, cls.c()).multiply(size.pow(cls.c())));
        }
        return total;
    }

    /** The number of proved cases of the class: |S| (for {@code c = 0}: 1 if the single input is covered, else 0). */
    private int provedCases(InputClass cls) {
        int size = 0;
        for (int k = cls.c() == 0 ? cls.m() : 0; k < (cls.c() == 0 ? cls.m() + 1 : cls.m()); k++) if (covers(cls, k)) size++;
        return size;
    }
}
