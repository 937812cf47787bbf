package io.madoguchi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The end-to-end benchmark's short report: the figures as tables, and plots over time as SVG files beside it. */
final class BenchReport {

    private BenchReport() {
    }

    @SuppressWarnings("unchecked")
    static void write(Path out, Map<String, Object> result, List<Map<String, Object>> phases, List<Map<String, Object>> samples) throws IOException {
        StringBuilder md = new StringBuilder("# Madoguchi end-to-end benchmark\n\n");
        md.append("Started ").append(result.get("startedAt")).append(", options ").append(result.get("options")).append(".\n\n");

        md.append("The machine's single-core speed (milliseconds to sort 2 million longs, best of 7; lower is faster): ")
                .append(result.get("cpuProbeSortMs")).append(". Compare runs only beside it.\n\n");

        Map<String, Object> limits = (Map<String, Object>) result.get("machineLimits");
        if (limits != null) {
            md.append("## The machine's limits (same run)\n\n| measure | rate/s |\n|---|---|\n");
            limits.forEach((k, v) -> md.append(String.format(Locale.ROOT, "| %s | %,.0f |%n", k, ((Number) v).doubleValue())));
            md.append('\n');
        }

        md.append("## Phases\n\n| phase | inquiries | offered/s | accepted/s | shed (503) | accept p50 / p99 ms | accept→ticket p50 / p99 / p99.9 ms"
                + " | end to end/s | ticket stage/s |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> p : phases) {
            Map<String, Object> accept = (Map<String, Object>) p.get("acceptLatencyMs");
            Map<String, Object> ticket = (Map<String, Object>) p.get("acceptToTicketCreatedMs");
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", p.get("phase"), p.get("inquiries"),
                    p.getOrDefault("offeredPerSecond", "max"), p.getOrDefault("acceptedPerSecond", p.get("producedPerSecond")),
                    p.getOrDefault("shed503", "–"),
                    accept == null ? "–" : accept.get("p50") + " / " + accept.get("p99"),
                    ticket.get("p50") + " / " + ticket.get("p99") + " / " + ticket.get("p999"),
                    p.get("endToEndPerSecond"), p.get("ticketStagePerSecond")));
        }
        md.append("\nEnd to end: inquiries of the phase ÷ seconds from its first request to analytics having counted all of them.\n"
                + "Ticket stage: inquiries ÷ seconds between the first and last ticket message created in the phase.\n\n");

        phases.stream().filter(p -> "direct".equals(p.get("phase"))).findFirst().ifPresent(direct -> {
            if (limits != null) {
                double rate = ((Number) direct.get("endToEndPerSecond")).doubleValue();
                md.append("## Ratios of the direct phase's end-to-end rate to the machine's limits\n\n");
                limits.forEach((k, v) -> md.append(String.format(Locale.ROOT, "- %s: %.2f %%%n", k, 100 * rate / ((Number) v).doubleValue())));
                md.append('\n');
            }
        });
        Map<String, Object> one = phases.stream().filter(p -> "scaling-1".equals(p.get("phase"))).findFirst().orElse(null);
        Map<String, Object> two = phases.stream().filter(p -> "scaling-2".equals(p.get("phase"))).findFirst().orElse(null);
        if (one != null && two != null && one.get("ticketStagePerSecond") != null && two.get("ticketStagePerSecond") != null) {
            double ratio = ((Number) two.get("ticketStagePerSecond")).doubleValue() / ((Number) one.get("ticketStagePerSecond")).doubleValue();
            result.put("scalingRatio", EndToEndBenchmark.round(ratio * 100) / 100);
            md.append(String.format(Locale.ROOT, "## Scaling\n\nTwo ticket-service instances: %.2f× the ticket stage's rate of one (%s/s vs %s/s).%n%n",
                    ratio, two.get("ticketStagePerSecond"), one.get("ticketStagePerSecond")));
        }

        perPhase(md, phases, "Mean CPU per phase (% of one core; 200 % = the whole machine)", "meanCpuPercent");
        perPhase(md, phases, "CPU seconds per phase by thread group (jit = C1/C2 compiler threads, gc-vm = GC and VM threads; from /proc)",
                "cpuSecondsByThreadGroup");
        perPhase(md, phases, "Peak consumer lag per phase (records; the group that falls behind is the bottleneck)", "peakLag");
        perPhase(md, phases, "Database work per inquiry (transactions committed, rows written; deadlocks in the phase; from pg_stat_database)", "databaseWorkPerInquiry");
        perPhase(md, phases, "Batch sizes per phase (records per transaction or relay batch)", "batchSizes");
        md.append("## Consistency\n\n").append(result.get("consistency")).append("\n\n");
        md.append("## Peak RSS (MB)\n\n").append(result.get("peakRssMb")).append("\n\n");
        md.append("## Stopped gracefully, then ready after start, each service alone (s)\n\n").append(result.get("readinessSeconds")).append("\n\n");

        if (!samples.isEmpty()) {
            List<Double> t = samples.stream().map(s -> ((Number) s.get("t")).doubleValue()).toList();
            plot(out, md, "throughput", new SvgPlot("Throughput (5 s moving rate)", "inquiries/s", t)
                    .series("accepted", rate(samples, "accepted"))
                    .series("ticket messages", rate(samples, "ticketMessages"))
                    .series("counted by analytics", rate(samples, "analyticsMessages")));
            plot(out, md, "latency", new SvgPlot("p99 latency of each second", "ms", t)
                    .series("accept", values(samples, s -> (Number) s.get("acceptP99Ms")))
                    .series("accept → ticket created", values(samples, s -> (Number) s.get("ticketP99Ms"))));
            SvgPlot lag = new SvgPlot("Consumer lag (records)", "records", t);
            for (String group : SystemSampler.GROUPS) {
                lag.series(group, values(samples, s -> ((Map<String, Number>) s.get("lag")).get(group)));
            }
            plot(out, md, "lag", lag);
            Set<String> names = new LinkedHashSet<>();
            samples.forEach(s -> names.addAll(((Map<String, Object>) s.get("processes")).keySet()));
            SvgPlot rss = new SvgPlot("Resident memory", "MB", t);
            SvgPlot cpu = new SvgPlot("CPU (% of one core)", "%", t);
            for (String name : names) {
                rss.series(name, values(samples, s -> resource(s, name, "rssMb")));
                cpu.series(name, values(samples, s -> resource(s, name, "cpuPercent")));
            }
            plot(out, md, "rss", rss);
            plot(out, md, "cpu", cpu);
            md.append("Phases by time: ");
            String last = null;
            for (Map<String, Object> s : samples) {
                if (!s.get("phase").equals(last)) {
                    last = (String) s.get("phase");
                    md.append(last).append(" from ").append(s.get("t")).append(" s; ");
                }
            }
            md.append('\n');
        }
        Files.writeString(out.resolve("report.md"), md.toString());
    }

    private static void perPhase(StringBuilder md, List<Map<String, Object>> phases, String title, String key) {
        md.append("## ").append(title).append("\n\n");
        for (Map<String, Object> p : phases) {
            md.append("- ").append(p.get("phase")).append(": ").append(p.get(key)).append('\n');
        }
        md.append('\n');
    }

    private static void plot(Path out, StringBuilder md, String name, SvgPlot plot) throws IOException {
        Files.writeString(out.resolve(name + ".svg"), plot.render());
        md.append("![").append(name).append("](").append(name).append(".svg)\n\n");
    }

    /** Rate of a cumulative count over the last five samples (the relays publish in bursts; one second is noise). */
    private static List<Double> rate(List<Map<String, Object>> samples, String key) {
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            if (i < 5) {
                rates.add(Double.NaN);
                continue;
            }
            double dt = ((Number) samples.get(i).get("t")).doubleValue() - ((Number) samples.get(i - 5).get("t")).doubleValue();
            double dv = ((Number) samples.get(i).get(key)).doubleValue() - ((Number) samples.get(i - 5).get(key)).doubleValue();
            rates.add(dt > 0 ? dv / dt : Double.NaN);
        }
        return rates;
    }

    private static List<Double> values(List<Map<String, Object>> samples, Function<Map<String, Object>, Number> f) {
        return samples.stream().map(f).map(n -> n == null ? Double.NaN : n.doubleValue()).toList();
    }

    @SuppressWarnings("unchecked")
    private static Number resource(Map<String, Object> sample, String process, String key) {
        Map<String, Object> p = (Map<String, Object>) ((Map<String, Object>) sample.get("processes")).get(process);
        return p == null ? null : (Number) p.get(key);
    }
}
