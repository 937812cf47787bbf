package io.madoguchi.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.madoguchi.infra.LocalSystem;
import io.madoguchi.infra.ServiceProcess;

/**
 * The end-to-end benchmark: starts the whole system (a Kafka broker process, PostgreSQL, the four packaged
 * services), measures the machine's own limits in the same run, then drives realistic inquiries through the JSON
 * API at fixed rates and straight onto inquiries.v1 as an internal system would, and measures throughput from
 * accept to ticket to analytics, accept latency, accept→ticket-created latency, consumer lag, RSS and CPU of every
 * process, readiness time, scaling of ticket-service to two instances, and loss and duplicates. Writes
 * {@code result.json}, {@code report.md} and SVG plots to {@code target/bench/e2e-<time>/}.
 *
 * <p>Options: {@code --direct 15000 --api-rates 100,1000 --api-seconds 15 --scaling 5000 --follow-ups 0.2
 * --limits-seconds 10 --no-limits --ingest-alone 2000 --jfr --service-jvm-options "-Xmx256m ..."} (the last replaces the services' JVM flags,
 * ServiceProcess.DEFAULT_JVM_OPTIONS) {@code --tracing off,1.0,0.1} (the warm-up and measured phases once per tracing
 * setting, the services restarted in between, exporting spans over OTLP/HTTP to a sink in this process)
 */
public final class EndToEndBenchmark {

    private static final Duration DRAIN_STALL = Duration.ofSeconds(90);

    private final Map<String, String> options;
    private final Path out;
    private final Map<String, Object> result = new LinkedHashMap<>();
    /** The machine's single-core speed at the run's start and end ({@link CpuProbe}). */
    private final Map<String, Object> cpuProbe = new LinkedHashMap<>();
    private final List<Map<String, Object>> phases = new ArrayList<>();
    /** Inquiries written straight to inquiries.v1 and acknowledged by the broker. */
    private final AtomicLong produced = new AtomicLong();
    private final Map<String, Map<String, double[]>> batchTotals = new LinkedHashMap<>();
    private LocalSystem system;
    private TicketWatcher watcher;
    private SystemSampler sampler;
    private ApiLoad api;
    private InquiryCorpus corpus;
    private KafkaProducer<String, String> producer;

    private EndToEndBenchmark(Map<String, String> options, Path out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected " + args[i]);
            }
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            options.put(args[i].substring(2), flag ? "true" : args[++i]);
        }
        Path root = Path.of(System.getProperty("madoguchi.root", ".")).toAbsolutePath().normalize();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path out = Files.createDirectories(root.resolve("target/bench/e2e-" + stamp));
        new EndToEndBenchmark(options, out).run(root);
    }

    private int option(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
    }

    private void run(Path root) throws Exception {
        System.out.println("Results go to " + out);
        result.put("startedAt", Instant.now().toString());
        result.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "java", System.getProperty("java.version")));
        result.put("options", options);
        result.put("serviceJvmOptions", options.getOrDefault("service-jvm-options", ServiceProcess.DEFAULT_JVM_OPTIONS));
        cpuProbe.put("atStart", CpuProbe.sortMillis());
        result.put("cpuProbeSortMs", cpuProbe);
        if (!options.containsKey("no-limits")) {
            System.out.println("Measuring the machine's limits (Kafka ProducerPerformance, pgbench)...");
            result.put("machineLimits", MachineLimits.measure(root, option("limits-seconds", 10)));
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        system = new LocalSystem(root, out.resolve("home"), LocalSystem.Ports.free(), System.getProperty("java.class.path"),
                "bench_" + run, true);
        if (options.containsKey("service-jvm-options")) {
            system.environment(ServiceProcess.JVM_OPTIONS, options.get("service-jvm-options"));
        }
        if (options.containsKey("jfr")) {
            Files.createDirectories(out.resolve("jfr"));
            system.environment("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + out.resolve("jfr") + "/");
        }
        try {
            System.out.println("Starting Kafka, PostgreSQL and the four services...");
            system.start(Duration.ofMinutes(3));
            measure(run);
        } finally {
            system.close();
            deleteTree(out.resolve("home/kafka")); // the broker's data; the logs stay beside the results
        }
        writeResults();
        @SuppressWarnings("unchecked")
        Map<String, Object> consistency = (Map<String, Object>) result.get("consistency");
        if (consistency == null || !Boolean.TRUE.equals(consistency.get("holds"))) {
            System.err.println("LOSS, DUPLICATES OR MISCOUNT: " + consistency);
            System.exit(1);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
            }
        }
    }

    private void measure(String run) throws Exception {
        String bootstrap = system.kafka().bootstrapServers();
        corpus = new InquiryCorpus(run, Double.parseDouble(options.getOrDefault("follow-ups", "0.2")), 42);
        ApiLoad apiLoad = new ApiLoad(system.service("ingest-service").url(), system.ingestApiKey(), corpus, 256);
        api = apiLoad;
        producer = producer(bootstrap);
        List<ProcessStats> processes = new ArrayList<>();
        for (String service : LocalSystem.SERVICES) {
            processes.add(ProcessStats.of(service, () -> system.service(service).pid()));
        }
        processes.add(ProcessStats.of("kafka", system.kafka().pid()));
        processes.add(ProcessStats.named("postgresql", "postgres"));
        processes.add(ProcessStats.of("load generator", ProcessHandle.current().pid()));
        try (apiLoad; Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
                Connection analytics = system.postgres().connect(system.database("analytics-service"));
                TicketWatcher ticketWatcher = new TicketWatcher(bootstrap);
                SystemSampler systemSampler = new SystemSampler(admin, analytics, ticketWatcher, api, this::accepted, processes)) {
            watcher = ticketWatcher;
            sampler = systemSampler;
            List<Connection> databases = new ArrayList<>();
            for (String service : LocalSystem.SERVICES) {
                databases.add(system.postgres().connect(system.database(service)));
            }
            autovacuum = Autovacuum.emulatedIfOff(analytics, databases);
            result.put("autovacuum", autovacuum == null ? "the server's"
                    : "off on the server: the benchmark ran VACUUM (ANALYZE) on the services' databases every " + Autovacuum.EVERY_SECONDS + " s");

            List<String> tracing = tracingSettings();
            if (tracing.isEmpty()) {
                measuredPhases("");
            } else {
                try (OtlpSink sink = new OtlpSink()) {
                    Map<String, Object> overhead = new LinkedHashMap<>();
                    for (String setting : tracing) {
                        traceWith(setting, sink);
                        int from = phases.size();
                        long requests0 = sink.requests();
                        measuredPhases("@tracing-" + setting);
                        overhead.put(setting, tracingSummary(phases.subList(from, phases.size()), sink.requests() - requests0, sink.bytes()));
                    }
                    result.put("tracingOverhead", overhead);
                    System.out.println("Tracing overhead: " + overhead);
                }
            }
            int ingestAlone = option("ingest-alone", 2_000);
            if (ingestAlone > 0) {
                ingestAlone(ingestAlone);
            }
            int scaling = option("scaling", 30_000);
            if (scaling > 0) {
                scaling(scaling);
            }
            result.put("consistency", consistency());
            awaitNoLag();
            result.put("readinessSeconds", readiness());
            cpuProbe.put("atEnd", CpuProbe.sortMillis());
            result.put("peakRssMb", sampler.peakRss());
            result.put("samples", sampler.rows());
        } finally {
            producer.close();
            if (autovacuum != null) {
                autovacuum.close();
            }
        }
    }

    /** Warm-up until the JIT has settled, then the measured phases, their names ending in {@code suffix}. */
    private void measuredPhases(String suffix) throws Exception {
        // the JIT compilers of four services need minutes of load on two cores; measured phases start once they have settled
        phase("warm-up" + suffix, "JSON API at 100/s and inquiries to inquiries.v1 in rounds until the JIT has settled, not reported",
                () -> {
                    Map<String, Object> figures = new LinkedHashMap<>();
                    figures.put("api", untilCompiled(List.of("ingest-service"), 20, () -> apiPhase(100, 10)));
                    figures.put("direct", untilCompiled(List.of("ticket-service", "escalation-service", "analytics-service"),
                            option("warm-up-rounds", 30), () -> directPhase(option("warm-up-round", 5_000))));
                    result.put("warmUp" + suffix, figures);
                    return figures;
                }, false);
        int direct = option("direct", 15_000);
        awaitNoLag();
        phase("direct" + suffix, direct + " inquiries produced straight to inquiries.v1 as fast as the producer goes",
                () -> directPhase(direct), true);
        for (String rate : options.getOrDefault("api-rates", "100,1000").split(",")) {
            int r = Integer.parseInt(rate.trim());
            awaitNoLag();
            phase("api-" + r + suffix, "JSON API, open loop at " + r + " inquiries/s for " + option("api-seconds", 15) + " s",
                    () -> apiPhase(r, option("api-seconds", 15)), true);
        }
    }

    /** {@code --tracing off,1.0,0.1}: the measured phases once per setting, tracing off or sampling that share of traces. */
    private List<String> tracingSettings() {
        String value = options.get("tracing");
        return value == null ? List.of() : java.util.Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /**
     * Restarts the four services with tracing as {@code setting} says (the system starts with it off), exporting to
     * {@code sink} over OTLP/HTTP as to a collector.
     */
    private void traceWith(String setting, OtlpSink sink) {
        boolean off = "off".equals(setting);
        if (off && !tracingStarted) {
            return;
        }
        if (!off) {
            Double.parseDouble(setting);
        }
        system.environment("OTEL_EXPORTER_OTLP_ENDPOINT", off ? "" : sink.endpoint())
                .environment("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
                .environment("OTEL_TRACES_SAMPLER_ARG", off ? "1.0" : setting);
        System.out.printf("%nRestarting the services with tracing %s...%n", off ? "off" : "on, sampling " + setting);
        for (String name : LocalSystem.SERVICES) {
            system.service(name).close();
            system.startService(name).awaitReady(Duration.ofMinutes(2));
        }
        tracingStarted = true;
    }

    private boolean tracingStarted;
    private Autovacuum autovacuum;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tracingSummary(List<Map<String, Object>> measured, long exportRequests, long bytes) {
        Map<String, Object> summary = new LinkedHashMap<>();
        for (Map<String, Object> phase : measured) {
            String name = ((String) phase.get("phase")).replaceAll("@.*", "");
            if (name.equals("direct")) {
                summary.put("directEndToEndPerSecond", phase.get("endToEndPerSecond"));
                summary.put("directTicketStagePerSecond", phase.get("ticketStagePerSecond"));
            } else {
                summary.put(name + "AcceptedPerSecond", phase.get("acceptedPerSecond"));
                summary.put(name + "AcceptP99Ms", ((Map<String, Object>) phase.get("acceptLatencyMs")).get("p99"));
                summary.put(name + "AcceptToTicketP99Ms", ((Map<String, Object>) phase.get("acceptToTicketCreatedMs")).get("p99"));
            }
        }
        summary.put("otlpExportRequests", exportRequests);
        summary.put("otlpBytesSoFar", bytes);
        return summary;
    }

    /**
     * The accept path alone: ticket-, escalation- and analytics-service are stopped, so that ingest-service, PostgreSQL
     * and the broker have the machine; what it accepts waits on {@code inquiries.v1} and is counted once they are back.
     */
    private void ingestAlone(int rate) throws Exception {
        List<String> paused = List.of("ticket-service", "escalation-service", "analytics-service");
        awaitNoLag();
        paused.forEach(name -> system.service(name).close());
        countedBy = Stage.ACCEPTED;
        int seconds = option("api-seconds", 15);
        phase("ingest-alone", "JSON API, open loop at " + rate + " inquiries/s for " + seconds + " s, the other services stopped",
                () -> apiPhase(rate, seconds), true);
        for (String name : paused) {
            system.startService(name).awaitReady(Duration.ofMinutes(1));
        }
        countedBy = Stage.ANALYTICS;
        phase("ingest-alone-catch-up", "the other services back: until analytics has counted everything", Map::of, false);
    }

    /**
     * Two ticket-service instances against one, with ticket-service made the bottleneck: escalation- and
     * analytics-service are stopped meanwhile (their consumer groups wait on the topics), so that the machine's two
     * cores serve ticket-service and PostgreSQL alone. They start again afterwards and catch up before the checks.
     */
    private void scaling(int count) throws Exception {
        List<String> paused = List.of("escalation-service", "analytics-service");
        awaitNoLag();
        paused.forEach(name -> system.service(name).close());
        countedBy = Stage.TICKETS;
        phase("scaling-1", count + " inquiries to inquiries.v1 (6 partitions), one ticket-service instance, escalation and analytics stopped",
                () -> directPhase(count), true);
        ServiceProcess replica = system.startReplica("ticket-service");
        replica.awaitReady(Duration.ofMinutes(1));
        sampler.watch(ProcessStats.of("ticket-service-2", replica.pid()));
        Thread.sleep(10_000); // the consumer group rebalances onto both instances
        // the new instance's JIT would otherwise spend the measured phase compiling (measured: more CPU than its work)
        phase("scaling-warm-up", "inquiries in rounds until the second instance's JIT has settled, not reported", () -> {
            Map<String, Object> figures = untilCompiled(List.of("ticket-service-2"), option("warm-up-rounds", 30),
                    () -> directPhase(option("warm-up-round", 5_000)));
            result.put("scalingWarmUp", figures);
            return figures;
        }, false);
        awaitNoLag(List.of("ticket-service")); // the others are stopped: their groups wait
        phase("scaling-2", count + " inquiries to inquiries.v1 (6 partitions), two ticket-service instances, escalation and analytics stopped",
                () -> directPhase(count), true);
        for (String name : paused) {
            system.startService(name).awaitReady(Duration.ofMinutes(1));
        }
        countedBy = Stage.ANALYTICS;
        phase("catch-up", "escalation- and analytics-service back: until analytics has counted everything", Map::of, false);
    }

    /** A round's compiler threads may use at most this share of a process's CPU for its JIT to count as settled. */
    private static final double SETTLED_JIT_SHARE = 0.10;

    /**
     * Repeats a load, each round until it has been counted, until in two rounds in a row the JIT compiler threads of
     * every named process used under {@value #SETTLED_JIT_SHARE} of its CPU, or {@code maxRounds} have run. One round is
     * not enough: a round in which no large method happened to be compiled passes while compiling goes on.
     */
    private Map<String, Object> untilCompiled(List<String> processes, int maxRounds, Load load) throws Exception {
        Map<String, Double> share = Map.of();
        int rounds = 0;
        int settledInARow = 0;
        while (rounds < maxRounds && settledInARow < 2) {
            Map<String, Map<String, Long>> before = sampler.threadTicks();
            load.run();
            drain(accepted());
            rounds++;
            Map<String, Map<String, Long>> after = sampler.threadTicks();
            share = new LinkedHashMap<>();
            for (String process : processes) {
                long jit = 0;
                long all = 0;
                for (var group : after.getOrDefault(process, Map.of()).entrySet()) {
                    long used = group.getValue() - before.getOrDefault(process, Map.of()).getOrDefault(group.getKey(), 0L);
                    all += used;
                    jit += "jit".equals(group.getKey()) ? used : 0;
                }
                share.put(process, all == 0 ? 0 : round(100.0 * jit / all));
            }
            System.out.println("  warm-up round " + rounds + ": JIT share of CPU (%) " + share);
            // as Prometheus scrapes a running service: the measured phases would otherwise compile the metrics' rendering
            batchSizes();
            settledInARow = share.values().stream().allMatch(s -> s < SETTLED_JIT_SHARE * 100) ? settledInARow + 1 : 0;
        }
        return Map.of("rounds", rounds, "lastRoundJitSharePercent", share);
    }

    /**
     * What a phase waits for: analytics having counted its inquiries, or (while analytics is stopped) ticket-service
     * having made them messages, or (while both are) nothing beyond the accepts.
     */
    private enum Stage { ACCEPTED, TICKETS, ANALYTICS }

    private volatile Stage countedBy = Stage.ANALYTICS;

    private interface Load {
        Map<String, Object> run() throws Exception;
    }

    /** Runs one load, waits until analytics has counted all of it, and records the phase's figures. */
    private void phase(String name, String description, Load load, boolean report) throws Exception {
        System.out.printf("%n[%s] %s%n", name, description);
        sampler.phase(name);
        watcher.phaseLatency();
        watcher.resetSpan();
        long before = accepted();
        Map<String, long[]> databaseBefore = databaseWork();
        Map<String, Map<String, Long>> tablesBefore = tableWork();
        Map<String, Map<String, Long>> threadsBefore = sampler.threadTicks();
        long start = System.nanoTime();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("phase", name);
        figures.put("description", description);
        figures.putAll(load.run());
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        long expected = accepted();
        double drained = drain(expected);
        long done = expected - before;
        figures.put("inquiries", done);
        figures.put("loadSeconds", round(loadSeconds));
        figures.put("untilCountedByAnalyticsSeconds", round(drained - start / 1e9));
        figures.put("endToEndPerSecond", round(done / (drained - start / 1e9)));
        double span = watcher.creationSpan();
        figures.put("ticketStagePerSecond", span > 0 ? round(done / span) : null);
        figures.put("acceptToTicketCreatedMs", percentiles(watcher.phaseLatency()));
        figures.put("databaseWorkPerInquiry", perInquiry(databaseBefore, databaseWork(), done));
        figures.put("rowsPerInquiryByTable", perInquiryByTable(tablesBefore, tableWork(), done));
        figures.put("meanCpuPercent", sampler.meanCpu());
        figures.put("cpuSecondsByThreadGroup", cpuSecondsSince(threadsBefore, sampler.threadTicks()));
        figures.put("peakLag", sampler.peakLag());
        figures.put("batchSizes", batchSizes());
        System.out.println("  " + figures);
        if (report) {
            phases.add(figures);
        }
    }

    private Map<String, Object> apiPhase(int rate, int seconds) {
        long accepted0 = api.accepted.get();
        long shed0 = api.shed.get();
        long failed0 = api.failed.get();
        api.phaseLatency();
        long start = System.nanoTime();
        api.run(rate, seconds);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long ok = api.accepted.get() - accepted0;
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("offeredPerSecond", rate);
        figures.put("acceptedPerSecond", round(ok / elapsed));
        figures.put("accepted", ok);
        figures.put("shed503", api.shed.get() - shed0);
        figures.put("failed", api.failed.get() - failed0);
        figures.put("acceptLatencyMs", percentiles(api.phaseLatency()));
        return figures;
    }

    private Map<String, Object> directPhase(int count) throws Exception {
        long start = System.nanoTime();
        long produced0 = produced.get();
        for (int i = 0; i < count; i++) {
            InquiryCorpus.Inquiry inquiry = corpus.next();
            Instant now = Instant.now();
            ProducerRecord<String, String> record = new ProducerRecord<>("inquiries.v1", inquiry.conversationKey(),
                    corpus.eventData(inquiry, UUID.randomUUID(), now));
            header(record, "ce_specversion", "1.0");
            header(record, "ce_id", UUID.randomUUID().toString());
            header(record, "ce_source", "/bench/internal-system");
            header(record, "ce_type", "io.madoguchi.inquiry.received.v1");
            header(record, "ce_time", now.toString());
            header(record, "content-type", "application/json");
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    produced.incrementAndGet();
                } else {
                    System.err.println("produce failed: " + error);
                }
            });
        }
        producer.flush();
        double seconds = (System.nanoTime() - start) / 1e9;
        long acked = produced.get() - produced0;
        return Map.of("produced", acked, "producedPerSecond", round(acked / seconds));
    }

    /** @return when analytics had counted everything accepted (System.nanoTime() in seconds) */
    private double drain(long expected) throws InterruptedException {
        long lastProgress = System.nanoTime();
        long last = -1;
        while (true) {
            if (countedBy == Stage.ACCEPTED) {
                return System.nanoTime() / 1e9;
            }
            long counted = countedBy == Stage.TICKETS ? watcher.messages() : Math.min(sampler.analyticsCount(), watcher.messages());
            if (counted >= expected) {
                return System.nanoTime() / 1e9;
            }
            if (counted != last) {
                last = counted;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > DRAIN_STALL.toNanos()) {
                throw new IllegalStateException("no progress for " + DRAIN_STALL.toSeconds() + " s: " + counted + " of " + expected
                        + " inquiries counted (ticket events " + watcher.messages() + ", analytics " + sampler.analyticsCount() + ")");
            }
            Thread.sleep(100);
        }
    }

    /** Accepted == distinct ticket messages == analytics' count, and nothing twice. */
    private Map<String, Object> consistency() throws Exception {
        Map<String, Object> c = new LinkedHashMap<>();
        long accepted = accepted();
        c.put("accepted", accepted);
        try (Connection tickets = system.postgres().connect(system.database("ticket-service"));
                Statement s = tickets.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*), count(DISTINCT inquiry_id) FROM ticket_message WHERE inquiry_id IS NOT NULL")) {
            r.next();
            c.put("ticketMessages", r.getLong(1));
            c.put("distinctInquiriesInTickets", r.getLong(2));
        }
        c.put("ticketEventsOnTopic", watcher.messages());
        c.put("duplicateTicketMessagesOnTopic", watcher.duplicates());
        c.put("analyticsMessages", sampler.analyticsCount());
        long lost = accepted - (long) c.get("distinctInquiriesInTickets");
        long duplicated = (long) c.get("ticketMessages") - (long) c.get("distinctInquiriesInTickets") + watcher.duplicates();
        c.put("lost", lost);
        c.put("duplicated", duplicated);
        c.put("holds", lost == 0 && duplicated == 0 && (long) c.get("analyticsMessages") == accepted);
        System.out.println("\nconsistency: " + c);
        return c;
    }

    /** Per service database: transactions committed, rows inserted, updated and deleted, and deadlocks so far. */
    private Map<String, long[]> databaseWork() {
        Map<String, long[]> work = new LinkedHashMap<>();
        try (Connection c = system.postgres().connect(system.database("ticket-service")); Statement s = c.createStatement()) {
            s.execute("SELECT pg_stat_clear_snapshot()");
            for (String service : LocalSystem.SERVICES) {
                try (ResultSet r = s.executeQuery("SELECT xact_commit, tup_inserted + tup_updated + tup_deleted, deadlocks FROM pg_stat_database"
                        + " WHERE datname = '" + system.database(service) + "'")) {
                    if (r.next()) {
                        work.put(service, new long[] {r.getLong(1), r.getLong(2), r.getLong(3)});
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            System.err.println("pg_stat_database unavailable: " + e);
        }
        return work;
    }

    /**
     * Per service database and table: rows inserted, updated and deleted so far, the rows of its TOAST table (the
     * chunks of values too large to stay in the row) counted with it.
     */
    private Map<String, Map<String, Long>> tableWork() {
        Map<String, Map<String, Long>> work = new LinkedHashMap<>();
        for (String service : LocalSystem.SERVICES) {
            try (Connection c = system.postgres().connect(system.database(service)); Statement s = c.createStatement()) {
                s.execute("SELECT pg_stat_clear_snapshot()");
                Map<String, Long> tables = new LinkedHashMap<>();
                try (ResultSet r = s.executeQuery("SELECT t.relname, t.n_tup_ins + t.n_tup_upd + t.n_tup_del"
                        + " + coalesce(x.n_tup_ins + x.n_tup_upd + x.n_tup_del, 0) FROM pg_stat_user_tables t JOIN pg_class c ON c.oid = t.relid"
                        + " LEFT JOIN pg_stat_all_tables x ON x.relid = c.reltoastrelid ORDER BY t.relname")) {
                    while (r.next()) {
                        tables.put(r.getString(1), r.getLong(2));
                    }
                }
                work.put(service, tables);
            } catch (java.sql.SQLException e) {
                System.err.println("pg_stat_user_tables of " + service + " unavailable: " + e);
            }
        }
        return work;
    }

    private static Map<String, Map<String, Double>> perInquiryByTable(Map<String, Map<String, Long>> before,
            Map<String, Map<String, Long>> after, long inquiries) {
        Map<String, Map<String, Double>> per = new LinkedHashMap<>();
        after.forEach((service, tables) -> {
            Map<String, Double> rows = new LinkedHashMap<>();
            tables.forEach((table, now) -> {
                long then = before.getOrDefault(service, Map.of()).getOrDefault(table, 0L);
                if (now > then) {
                    rows.put(table, Math.round((now - then) * 100.0 / Math.max(1, inquiries)) / 100.0);
                }
            });
            per.put(service, rows);
        });
        return per;
    }

    private static Map<String, Object> perInquiry(Map<String, long[]> before, Map<String, long[]> after, long inquiries) {
        Map<String, Object> per = new LinkedHashMap<>();
        after.forEach((service, now) -> {
            long[] then = before.getOrDefault(service, new long[3]);
            per.put(service, Map.of("commits", Math.round((now[0] - then[0]) * 1000.0 / Math.max(1, inquiries)) / 1000.0,
                    "rowsWritten", Math.round((now[1] - then[1]) * 100.0 / Math.max(1, inquiries)) / 100.0,
                    "deadlocksInPhase", now[2] - then[2]));
        });
        return per;
    }

    /** Per process, CPU seconds each thread group used between two readings (a process started in between counts from zero). */
    private static Map<String, Map<String, Double>> cpuSecondsSince(Map<String, Map<String, Long>> before, Map<String, Map<String, Long>> after) {
        Map<String, Map<String, Double>> seconds = new LinkedHashMap<>();
        after.forEach((process, groups) -> {
            Map<String, Double> used = new LinkedHashMap<>();
            groups.forEach((group, ticks) -> used.put(group,
                    round(ProcessStats.seconds(Math.max(0, ticks - before.getOrDefault(process, Map.of()).getOrDefault(group, 0L))))));
            seconds.put(process, used);
        });
        return seconds;
    }

    /** Accepted through the API (202) plus written straight to the topic and acknowledged. */
    private long accepted() {
        return api.accepted.get() + produced.get();
    }

    /**
     * A measured phase starts, and readiness is timed, on a quiet machine: every consumer group has caught up
     * (escalation and the services' own bookkeeping may still be behind analytics when a phase has been counted), so
     * that the phase before's tail is not billed to the next one, its latencies and its CPU.
     */
    private void awaitNoLag() throws InterruptedException {
        awaitNoLag(LocalSystem.SERVICES);
    }

    /** As {@link #awaitNoLag()}, for the consumer groups of {@code services} only (the others are stopped). */
    private void awaitNoLag(List<String> services) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            List<Map<String, Object>> rows = sampler.rows();
            @SuppressWarnings("unchecked")
            Map<String, Long> lag = rows.isEmpty() ? Map.of() : (Map<String, Long>) rows.get(rows.size() - 1).get("lag");
            if (!lag.isEmpty() && lag.entrySet().stream().filter(e -> services.contains(e.getKey())).allMatch(e -> e.getValue() == 0)) {
                Thread.sleep(5_000); // the outbox relays' last batches and the JIT settle
                return;
            }
            Thread.sleep(1_000);
        }
        System.err.println("consumer groups still lag after 5 minutes; readiness is timed anyway");
    }

    /**
     * Each service stopped gracefully and started again alone: seconds from SIGTERM to the process's exit, from process
     * start to ready, and the start-up time Quarkus logs (up to its HTTP server listening) — the rest of ready is
     * readiness waiting on its database and Kafka.
     */
    private Map<String, Object> readiness() throws IOException {
        Map<String, Object> seconds = new LinkedHashMap<>();
        for (String name : LocalSystem.SERVICES) {
            ServiceProcess stopped = system.service(name);
            int startsBefore = startUps(stopped.logFile()).size();
            long stopping = System.nanoTime();
            stopped.close();
            double stop = round((System.nanoTime() - stopping) / 1e9);
            long start = System.nanoTime();
            ServiceProcess started = system.startService(name);
            started.awaitReady(Duration.ofMinutes(1));
            double ready = round((System.nanoTime() - start) / 1e9);
            seconds.put(name, Map.of("stopped", stop, "ready", ready, "quarkusStartedIn", startUp(started.logFile(), startsBefore)));
        }
        System.out.println("stopped, then ready after start (s): " + seconds);
        return seconds;
    }

    private static final Pattern STARTED_IN = Pattern.compile("started in ([0-9.]+)s");

    /**
     * The start-up time this start logged: the log is appended to across restarts, and readiness can answer before
     * Quarkus writes its "started in" line, so it waits a little for the line after the {@code before} earlier ones.
     */
    private static double startUp(Path log, int before) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<Double> starts = startUps(log);
            if (starts.size() > before) {
                return starts.get(starts.size() - 1);
            }
            if (System.nanoTime() > deadline) {
                return Double.NaN;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Double.NaN;
            }
        }
    }

    private static List<Double> startUps(Path log) throws IOException {
        List<Double> starts = new ArrayList<>();
        if (!Files.exists(log)) {
            return starts;
        }
        for (String line : Files.readAllLines(log)) {
            Matcher m = STARTED_IN.matcher(line);
            if (m.find()) {
                starts.add(Double.parseDouble(m.group(1)));
            }
        }
        return starts;
    }

    /** Each stage's batches and mean batch size since the last call, from the services' own metrics. */
    private Map<String, Object> batchSizes() {
        Map<String, Object> sizes = new LinkedHashMap<>();
        for (String name : LocalSystem.SERVICES) {
            Map<String, double[]> now = ServiceMetrics.batchTotals(system.service(name).url());
            sizes.put(name, ServiceMetrics.meanSince(batchTotals.getOrDefault(name, Map.of()), now));
            batchTotals.put(name, now);
        }
        return sizes;
    }

    private void writeResults() throws Exception {
        result.put("phases", phases);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> samples = (List<Map<String, Object>>) result.getOrDefault("samples", List.of());
        BenchReport.write(out, result, phases, samples);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(out.resolve("result.json"), json.writeValueAsString(result));
        System.out.println("\nWrote " + out.resolve("result.json") + " and " + out.resolve("report.md"));
    }

    private static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("count", h.getTotalCount());
        if (h.getTotalCount() > 0) {
            p.put("p50", h.getValueAtPercentile(50) / 1000.0);
            p.put("p99", h.getValueAtPercentile(99) / 1000.0);
            p.put("p999", h.getValueAtPercentile(99.9) / 1000.0);
            p.put("max", h.getMaxValue() / 1000.0);
        }
        return p;
    }

    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(UTF_8));
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
