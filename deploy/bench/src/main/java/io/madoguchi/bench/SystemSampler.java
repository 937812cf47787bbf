package io.madoguchi.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Once a second: what was accepted, what became a ticket message, what analytics counted, each consumer group's
 * lag, the accept and accept→ticket p99 of that second, and every process's RSS and CPU. The rows are the
 * benchmark's time series (JSON and plots).
 */
final class SystemSampler implements Runnable, AutoCloseable {

    static final List<String> GROUPS = List.of("ticket-service", "escalation-service", "analytics-service");

    private final Admin admin;
    private final Connection analytics;
    private final TicketWatcher watcher;
    private final ApiLoad api;
    private final LongSupplier accepted;
    private final List<ProcessStats> processes;
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private final Map<String, Double> peakRss = new LinkedHashMap<>();
    private final Map<String, Double> cpuSum = new HashMap<>();
    private final AtomicLong cpuSamples = new AtomicLong();
    private final Map<String, Long> peakLag = new LinkedHashMap<>();
    private final Thread thread = new Thread(this, "sampler");
    private final long start = System.nanoTime();
    private volatile String phase = "start";
    private volatile boolean running = true;
    private volatile long analyticsCount;

    SystemSampler(Admin admin, Connection analytics, TicketWatcher watcher, ApiLoad api, LongSupplier accepted, List<ProcessStats> processes) {
        this.admin = admin;
        this.analytics = analytics;
        this.watcher = watcher;
        this.api = api;
        this.accepted = accepted;
        this.processes = processes;
        thread.setDaemon(true);
        thread.start();
    }

    void phase(String name) {
        phase = name;
        synchronized (this) {
            cpuSum.clear();
            cpuSamples.set(0);
            peakLag.clear();
        }
    }

    long analyticsCount() {
        return analyticsCount;
    }

    @Override
    public void run() {
        while (running) {
            long next = System.nanoTime() + 1_000_000_000L;
            try {
                sample();
            } catch (Exception e) {
                System.err.println("sample failed: " + e);
            }
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void sample() throws Exception {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("t", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
        row.put("phase", phase);
        row.put("accepted", accepted.getAsLong());
        row.put("ticketMessages", watcher.messages());
        analyticsCount = countAnalytics();
        row.put("analyticsMessages", analyticsCount);
        Histogram acceptLatency = api.intervalLatency();
        row.put("acceptP99Ms", acceptLatency.getTotalCount() == 0 ? null : acceptLatency.getValueAtPercentile(99) / 1000.0);
        Histogram ticketLatency = watcher.intervalLatency();
        row.put("ticketP99Ms", ticketLatency.getTotalCount() == 0 ? null : ticketLatency.getValueAtPercentile(99) / 1000.0);
        Map<String, Long> lag = new LinkedHashMap<>();
        for (String group : GROUPS) {
            lag.put(group, lag(group));
        }
        row.put("lag", lag);
        synchronized (this) {
            lag.forEach((group, records) -> peakLag.merge(group, records, Math::max));
        }
        Map<String, Object> resources = new LinkedHashMap<>();
        synchronized (this) {
            for (ProcessStats process : processes) {
                double[] read = process.read();
                resources.put(process.name(), Map.of("rssMb", Math.round(read[0] * 10) / 10.0, "cpuPercent", Double.isNaN(read[1]) ? 0 : Math.round(read[1])));
                peakRss.merge(process.name(), read[0], Math::max);
                if (!Double.isNaN(read[1])) {
                    cpuSum.merge(process.name(), read[1], Double::sum);
                }
            }
            cpuSamples.incrementAndGet();
        }
        row.put("processes", resources);
        synchronized (rows) {
            rows.add(row);
        }
    }

    private long countAnalytics() throws SQLException {
        try (Statement s = analytics.createStatement(); ResultSet r = s.executeQuery("SELECT coalesce(sum(messages), 0) FROM ticket_summary")) {
            r.next();
            return r.getLong(1);
        }
    }

    private long lag(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        if (committed.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().stream().filter(tp -> !tp.topic().endsWith(".dlq")).forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        long lag = 0;
        for (var end : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            lag += Math.max(0, end.getValue().offset() - (at == null ? 0 : at.offset()));
        }
        return lag;
    }

    /** Mean CPU of each process since the phase began, in % of one core. */
    synchronized Map<String, Long> meanCpu() {
        Map<String, Long> mean = new LinkedHashMap<>();
        long n = Math.max(1, cpuSamples.get());
        cpuSum.forEach((name, sum) -> mean.put(name, Math.round(sum / n)));
        return mean;
    }

    /** Each consumer group's largest lag since the phase began: the stage that falls behind is the bottleneck. */
    synchronized Map<String, Long> peakLag() {
        return new LinkedHashMap<>(peakLag);
    }

    Map<String, Double> peakRss() {
        Map<String, Double> peak = new LinkedHashMap<>();
        peakRss.forEach((k, v) -> peak.put(k, Math.round(v * 10) / 10.0));
        return peak;
    }

    List<Map<String, Object>> rows() {
        synchronized (rows) {
            return new ArrayList<>(rows);
        }
    }

    /** Each Java process's CPU ticks so far by thread group (see {@link ProcessStats#threadTicks()}). */
    synchronized Map<String, Map<String, Long>> threadTicks() {
        Map<String, Map<String, Long>> ticks = new LinkedHashMap<>();
        for (ProcessStats process : processes) {
            Map<String, Long> byGroup = process.threadTicks();
            if (!byGroup.isEmpty()) {
                ticks.put(process.name(), byGroup);
            }
        }
        return ticks;
    }

    /** Adds a process to watch (a second ticket-service instance). */
    synchronized void watch(ProcessStats process) {
        processes.add(process);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
    }
}
