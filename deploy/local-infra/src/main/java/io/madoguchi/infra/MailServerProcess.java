package io.madoguchi.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The local mail server ({@link MailServer}: SMTP and IMAP on 127.0.0.1, mailboxes kept on disk) in its own JVM,
 * started from local-infra's class path, so that tests can kill and restart it like a real server. What it accepted
 * stays in its folder across both, and {@link #delivered(String)} reads it there, also while the server is down.
 */
public final class MailServerProcess implements AutoCloseable {

    private final Path dir;
    private final int smtpPort;
    private final int imapPort;
    private final Map<String, String> users;
    private final String classpath;
    private final Path logFile;
    private Process process;

    /**
     * @param dir       where the mailboxes are kept ({@code <dir>/<address>/INBOX/<n>.eml})
     * @param users     the mailboxes to create, address to password (the address is also the login)
     * @param classpath a class path holding local-infra and GreenMail
     */
    public MailServerProcess(Path dir, int smtpPort, int imapPort, Map<String, String> users, String classpath, Path logFile) {
        this.dir = dir.toAbsolutePath();
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
        this.users = Map.copyOf(users);
        this.classpath = classpath;
        this.logFile = logFile;
    }

    /** Starts (or restarts, on the same ports and mail) the server and waits until both ports accept connections. */
    public MailServerProcess start(Duration timeout) {
        try {
            Files.createDirectories(dir);
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms16m", "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classpath, MailServer.class.getName(),
                    dir.toString(), Integer.toString(smtpPort), Integer.toString(imapPort))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            // in the environment, not on the command line, where any user of the machine could read the passwords
            builder.environment().put(MailServer.USERS, users.entrySet().stream()
                    .map(u -> u.getKey() + ":" + u.getValue()).collect(Collectors.joining(",")));
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the mail server", e);
        }
        awaitReady(timeout);
        return this;
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The mail server exited with " + process.exitValue() + "; see " + logFile);
            }
            // the server loads its kept mail before it listens: accepting means ready
            if (accepting(smtpPort) && accepting(imapPort)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("The mail server was not ready within " + timeout + "; see " + logFile);
    }

    private static boolean accepting(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int imapPort() {
        return imapPort;
    }

    /** The URL of a mailbox's INBOX, as ingest-service's IMAP polling takes it. */
    public String imapUrl(String address, String password) {
        return "imap://" + URLEncoder.encode(address, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "@" + host() + ":" + imapPort + "/INBOX";
    }

    /**
     * The messages the server accepted for {@code address} and still holds, oldest first: the files of its mailbox
     * ({@code name+detail@domain} is {@code name@domain}'s), each a whole message, read from disk, so this also works
     * while the server is down. A message deleted over IMAP is no longer here.
     */
    public List<Path> delivered(String address) {
        String mailbox = MailServer.withoutDetail(address.trim().toLowerCase(Locale.ROOT));
        Path inbox = dir.resolve(mailbox).resolve("INBOX");
        if (!Files.isDirectory(inbox)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(inbox)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".eml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The operating system's process id. */
    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    /** SIGKILL, for fault injection; {@link #start(Duration)} brings the server back with the mail it had accepted. */
    public void kill() {
        ChildProcesses.kill(process);
    }

    /** SIGTERM, then SIGKILL after a grace period. */
    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        return "mail server (SMTP " + smtpPort + ", IMAP " + imapPort + ")";
    }
}
