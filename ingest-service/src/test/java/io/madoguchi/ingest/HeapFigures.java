package io.madoguchi.ingest;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * What a run did to the heap: the heap in use after full GCs before and after it (a leak shows as growth), and the
 * heap pools' peak usage during it (garbage not yet collected included). The JVM also hosts the test's Kafka broker
 * and clients, so only the growth over the baseline says something about the service.
 */
final class HeapFigures {

    private static final double MB = 1024 * 1024;
    private static final int READINGS = 4;

    private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();
    /**
     * The old generation's pools (G1, Parallel, Serial); a collector without generations has its whole heap here. G1
     * puts every object of half a region or more (2 MB with a 6 GB heap) straight into it, so a request that
     * materialises a large array or string shows in its peak even if it dies before the next collection.
     */
    private final List<MemoryPoolMXBean> old = pools.stream().anyMatch(HeapFigures::isOld)
            ? pools.stream().filter(HeapFigures::isOld).toList() : pools;
    private long before;
    private long oldBefore;
    private long after;
    private long oldPeak;
    private long allPeak;

    private HeapFigures() {
    }

    static HeapFigures start() {
        HeapFigures figures = new HeapFigures();
        figures.before = usedAfterFullGc();
        figures.oldBefore = figures.old.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        figures.pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        return figures;
    }

    void stop() {
        oldPeak = old.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        allPeak = pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        after = usedAfterFullGc();
    }

    long retainedGrowth() {
        return after - before;
    }

    long oldGenPeakGrowth() {
        return oldPeak - oldBefore;
    }

    @Override
    public String toString() {
        return String.format("heap in use after full GCs (the lowest of " + READINGS + "): %.1f MB before the run, %.1f MB after it (%+.1f MB); during the run:"
                + " old generation peak %.1f MB (%+.1f MB), sum of the heap pools' peaks %.1f MB; max heap %.0f MB",
                before / MB, after / MB, retainedGrowth() / MB, oldPeak / MB, oldGenPeakGrowth() / MB, allPeak / MB,
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / MB);
    }

    private static boolean isOld(MemoryPoolMXBean pool) {
        return pool.getName().contains("Old Gen") || pool.getName().contains("Tenured");
    }

    /**
     * The lowest of a few readings a quarter of a second apart: work in flight in this JVM (the test's broker and
     * clients, the service's relay and consumers) holds its objects for a moment, what a run leaked holds them in every
     * reading. System.gc() is a full, stop-the-world collection with the JVM's defaults; twice, for what cleaners free
     * in the first.
     */
    private static long usedAfterFullGc() {
        long lowest = Long.MAX_VALUE;
        for (int reading = 0; reading < READINGS; reading++) {
            if (reading > 0) {
                LockSupport.parkNanos(250_000_000L);
            }
            System.gc();
            System.gc();
            lowest = Math.min(lowest, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return lowest;
    }
}
