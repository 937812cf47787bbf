package io.madoguchi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Resident memory and CPU time of a process, or of a group of processes (PostgreSQL's backends), read from
 * {@code /proc}. CPU is reported as the share of one core used since the previous reading (200 % = both cores).
 * A group's memory is the sum of its processes' proportional set sizes (PSS), since their RSS would count the
 * shared buffers once per backend.
 */
final class ProcessStats {

    private static final double TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux x86_64

    private final String name;
    private final Supplier<List<Long>> pids;
    private final boolean group;
    private long lastTicks = -1;
    private long lastNanos;
    private List<Long> lastPids = List.of();

    private ProcessStats(String name, Supplier<List<Long>> pids, boolean group) {
        this.name = name;
        this.pids = pids;
        this.group = group;
    }

    static ProcessStats of(String name, long pid) {
        return new ProcessStats(name, () -> List.of(pid), false);
    }

    /** A process that may be restarted: its id is asked for at each reading. */
    static ProcessStats of(String name, java.util.function.LongSupplier pid) {
        return new ProcessStats(name, () -> List.of(pid.getAsLong()), false);
    }

    /** Every process whose command name is {@code comm} (e.g. all of PostgreSQL's processes). */
    static ProcessStats named(String name, String comm) {
        return new ProcessStats(name, () -> {
            List<Long> found = new ArrayList<>();
            try (var dirs = Files.list(Path.of("/proc"))) {
                dirs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(d -> {
                    try {
                        if (Files.readString(d.resolve("comm")).strip().equals(comm)) {
                            found.add(Long.parseLong(d.getFileName().toString()));
                        }
                    } catch (IOException | RuntimeException gone) {
                        // the process ended while we looked
                    }
                });
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return found;
        }, true);
    }

    String name() {
        return name;
    }

    /**
     * CPU ticks used so far by the process's threads, summed by what the threads do (from each thread's name in
     * {@code /proc/<pid>/task}): whether a JVM is compiling, collecting garbage or doing the service's work. Empty
     * for a group of processes.
     */
    Map<String, Long> threadTicks() {
        Map<String, Long> ticks = new TreeMap<>();
        if (group) {
            return ticks;
        }
        for (long pid : processes()) {
            try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks.merge(threadGroup(comm), Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                    } catch (IOException | RuntimeException gone) {
                        // the thread ended while we looked
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // the process is not running
            }
        }
        return ticks;
    }

    /**
     * The ids that name running processes. A stopped service's id is soon another process's thread id, and
     * {@code /proc/<thread id>} answers with that whole process's memory and threads.
     */
    private List<Long> processes() {
        List<Long> running = new ArrayList<>();
        for (long pid : pids.get()) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("Tgid:") && Long.parseLong(line.substring(5).strip()) == pid) {
                        running.add(pid);
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // not running
            }
        }
        return running;
    }

    /** Linux keeps the first 15 characters of a thread's name. */
    static String threadGroup(String comm) {
        if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
            return "jit";
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("VM ")) {
            return "gc-vm";
        }
        if (comm.startsWith("vert.x-eventloo")) {
            return "event-loop";
        }
        if (comm.startsWith("executor-thread") || comm.startsWith("vert.x-worker")) {
            return "workers";
        }
        if (comm.contains("kafka")) {
            return "kafka-clients";
        }
        return "other";
    }

    static double seconds(long ticks) {
        return ticks / TICKS_PER_SECOND;
    }

    /** @return {RSS in MB, CPU in % of one core since the last reading (NaN the first time)} */
    double[] read() {
        long rssKb = 0;
        long ticks = 0;
        List<Long> current = processes();
        for (long pid : current) {
            try {
                Path memory = Path.of("/proc", Long.toString(pid), group ? "smaps_rollup" : "status");
                for (String line : Files.readAllLines(memory)) {
                    if (line.startsWith(group ? "Pss:" : "VmRSS:")) {
                        rssKb += Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            } catch (IOException | RuntimeException gone) {
                // the process ended (a backend closed, a service restarting)
            }
        }
        long now = System.nanoTime();
        // a restarted process's ticks are not a difference from its predecessor's
        boolean restarted = !group && !current.equals(lastPids);
        double cpu = lastTicks < 0 || restarted ? Double.NaN
                : Math.max(0, ticks - lastTicks) / TICKS_PER_SECOND / ((now - lastNanos) / 1e9) * 100;
        lastTicks = ticks;
        lastNanos = now;
        lastPids = current;
        return new double[] {rssKb / 1024.0, cpu};
    }
}
