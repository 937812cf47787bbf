package io.madoguchi.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How fast one core of the machine is right now: the best of several timed sorts of the same pseudo-random longs.
 * The build machine is a shared virtual machine whose speed changes within a day (the same build's direct phase has
 * run at 1,726 inquiries/s one morning and at 1,128/s two hours later), so a run's figures are read beside the probe
 * taken at its start and end, not against another run's alone.
 */
final class CpuProbe {

    private static final int LONGS = 2_000_000;
    private static final int ROUNDS = 7;

    private CpuProbe() {
    }

    /** Milliseconds of the fastest round (after two untimed ones for the compiler): lower is a faster core. */
    static double sortMillis() {
        long[] source = new SplittableRandom(42).longs(LONGS).toArray();
        long[] work = new long[LONGS];
        long best = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS + 2; round++) {
            System.arraycopy(source, 0, work, 0, LONGS);
            long start = System.nanoTime();
            Arrays.sort(work);
            long took = System.nanoTime() - start;
            if (round >= 2) {
                best = Math.min(best, took);
            }
        }
        return EndToEndBenchmark.round(best / 1e6);
    }
}
