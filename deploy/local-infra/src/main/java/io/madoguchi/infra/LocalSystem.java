package io.madoguchi.infra;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole of Madoguchi on one machine: a Kafka broker process, PostgreSQL with one database per
 * service, a mail server process (SMTP and IMAP) that ingest-service polls and sends replies through, and the four
 * packaged services as processes. Used by the launcher and the end-to-end tests.
 */
public final class LocalSystem implements AutoCloseable {

    public static final List<String> SERVICES = List.of("ingest-service", "ticket-service", "escalation-service", "analytics-service");

    /** The support mailbox: customers write to it, ingest-service polls it over IMAP, replies come from it. */
    public static final String SUPPORT_ADDRESS = "support@madoguchi.local";
    /** Each ticket's own reply address ({@code {ticket}} is its number); the mail server delivers it to the support mailbox. */
    public static final String TICKET_REPLY_ADDRESS = "support+T-{ticket}@madoguchi.local";
    /** A customer's mailbox on the local mail server, to write from and read replies in. */
    public static final String CUSTOMER_ADDRESS = "customer@example.jp";

    /** Where things listen. The launcher uses fixed, documented ports; tests pick free ones. */
    public record Ports(int kafka, int kafkaController, int smtp, int imap, Map<String, Integer> services) {

        public static Ports standard() {
            return new Ports(9092, 9093, 3025, 3143, Map.of("ingest-service", 8081, "ticket-service", 8082,
                    "escalation-service", 8083, "analytics-service", 8084));
        }

        public static Ports free() {
            Map<String, Integer> services = new LinkedHashMap<>();
            SERVICES.forEach(s -> services.put(s, freePort()));
            return new Ports(freePort(), freePort(), freePort(), freePort(), services);
        }
    }

    private final Path repoRoot;
    private final Path home;
    private final Ports ports;
    private final String infraClasspath;
    private final String databasePrefix;
    private final boolean dropDatabasesOnClose;
    private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, String> extraEnvironment = new LinkedHashMap<>();
    private KafkaProcess kafka;
    private MailServerProcess mail;
    private final Map<String, String> mailPasswords = new LinkedHashMap<>();
    private PostgresServer postgres;
    private boolean proxiedDatabase;
    private TcpProxy databaseProxy;
    private String partitionedFromKafka;
    private DevTokens tokens;
    private String apiKey;
    private String webhookSecret;
    private String sessionSecret;
    private Map<String, String> databases;

    /**
     * @param repoRoot       the checkout, where {@code <service>/target/quarkus-app} is found
     * @param home           where data, keys and logs are kept (reused across restarts)
     * @param infraClasspath the class path of the broker and mail server processes: the Kafka broker jars, local-infra
     *                       and GreenMail (the launcher's or the tests' own)
     * @param databasePrefix each service's database is {@code <prefix>_<service>}, e.g. madoguchi_ticket
     * @param dropDatabasesOnClose true for throwaway systems (tests); the launcher keeps its data
     */
    public LocalSystem(Path repoRoot, Path home, Ports ports, String infraClasspath, String databasePrefix,
            boolean dropDatabasesOnClose) {
        this.repoRoot = repoRoot.toAbsolutePath();
        // absolute: the services run in their own folders (ServiceProcess) and find keys and files by these paths
        this.home = home.toAbsolutePath();
        this.ports = ports;
        this.infraClasspath = infraClasspath;
        this.databasePrefix = databasePrefix;
        this.dropDatabasesOnClose = dropDatabasesOnClose;
    }

    /** Starts everything and waits until every service is ready. */
    public LocalSystem start(Duration timeout) {
        return start(timeout, List.of());
    }

    /** Starts everything but the {@code skipped} services (to run one in dev mode instead). */
    public LocalSystem start(Duration timeout, List<String> skipped) {
        try {
            Files.createDirectories(logs());
            requireFreePorts();
            startInfrastructure(timeout);
            for (String name : SERVICES) {
                if (!skipped.contains(name)) {
                    startService(name);
                }
            }
            for (ServiceProcess service : services.values()) {
                service.awaitReady(timeout);
            }
            return this;
        } catch (RuntimeException | IOException e) {
            close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private void startInfrastructure(Duration timeout) throws IOException {
        kafka = new KafkaProcess(home.resolve("kafka"), ports.kafka(), ports.kafkaController(), infraClasspath, logs().resolve("kafka.log"));
        if (partitionedFromKafka != null) {
            kafka.withPartitionableListener();
        }
        started.add(kafka);
        kafka.start(timeout);
        kafka.createTopics(6);
        postgres = PostgresServer.forLauncher(home.resolve("postgres"));
        started.add(postgres);
        if (proxiedDatabase) {
            databaseProxy = new TcpProxy(postgres.host(), postgres.port());
            started.add(databaseProxy);
        }
        databases = new LinkedHashMap<>();
        for (String name : SERVICES) {
            String database = databasePrefix + "_" + name.replace("-service", "");
            postgres.ensureDatabase(database);
            databases.put(name, database);
        }
        if (dropDatabasesOnClose) {
            PostgresServer server = postgres;
            started.add(() -> databases.values().forEach(server::dropDatabase));
        }
        tokens = DevTokens.loadOrGenerate(home.resolve("keys"));
        apiKey = loadOrCreateSecret(home.resolve("keys").resolve("ingest-api-key"));
        webhookSecret = loadOrCreateSecret(home.resolve("keys").resolve("webhook-secret"));
        sessionSecret = loadOrCreateSecret(home.resolve("keys").resolve("session-secret"));
        mailPasswords.put(SUPPORT_ADDRESS, loadOrCreateSecret(home.resolve("keys").resolve("mail-support-password")));
        mailPasswords.put(CUSTOMER_ADDRESS, loadOrCreateSecret(home.resolve("keys").resolve("mail-customer-password")));
        mail = new MailServerProcess(home.resolve("mail"), ports.smtp(), ports.imap(), mailPasswords, infraClasspath,
                logs().resolve("mail.log"));
        started.add(mail);
        mail.start(timeout);
    }

    /** The services reach PostgreSQL through a proxy the caller can cut: a database outage (call before start). */
    public LocalSystem withDatabaseProxy() {
        proxiedDatabase = true;
        return this;
    }

    /**
     * The service reaches the broker through a proxy the caller can cut ({@link #partitionFromKafka()}), the others
     * directly: a network partition between one service and Kafka (call before start).
     */
    public LocalSystem withKafkaPartitionFor(String service) {
        partitionedFromKafka = service;
        return this;
    }

    /** Parts the service named by {@link #withKafkaPartitionFor} from the broker until {@link #healKafkaPartition()}. */
    public void partitionFromKafka() {
        kafka.partition();
    }

    public void healKafkaPartition() {
        kafka.heal();
    }

    /** Drops every connection to PostgreSQL and refuses new ones until {@link #restoreDatabase()}. */
    public void cutDatabase() {
        databaseProxy.cut();
    }

    public void restoreDatabase() {
        databaseProxy.restore();
    }

    /**
     * Services that live minutes, as in tests: the client compiler alone. The optimizing compiler's work does not pay
     * off in that time (the end-to-end tests took 8:02 instead of 9:21 on the 2-core build machine). Call before start.
     */
    public LocalSystem withShortLivedServices() {
        return environment(ServiceProcess.JVM_OPTIONS, ServiceProcess.DEFAULT_JVM_OPTIONS + " -XX:TieredStopAtLevel=1");
    }

    /** Extra environment for the services started from now on (e.g. short SLA targets in tests). */
    public LocalSystem environment(String key, String value) {
        extraEnvironment.put(key, value);
        return this;
    }

    /** Starts (or restarts) one service; it must not be running. */
    public ServiceProcess startService(String name) {
        ServiceProcess service = new ServiceProcess(name,
                repoRoot.resolve(name).resolve("target/quarkus-app/quarkus-run.jar"),
                ports.services().get(name), environmentFor(name), logs().resolve(name + ".log"));
        services.put(name, service);
        started.add(service);
        return service.start();
    }

    /** Starts another instance of a running service on a free port, sharing its database: a second replica. */
    public ServiceProcess startReplica(String name) throws IOException {
        return startInstance(name, "replica", Map.of());
    }

    /**
     * Starts another instance of a service on a free port, its environment changed by {@code overrides} (another
     * database and consumer groups: a rebuild by replay).
     */
    public ServiceProcess startInstance(String name, String label, Map<String, String> overrides) throws IOException {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> env = environmentFor(name);
        env.putAll(overrides);
        ServiceProcess instance = new ServiceProcess(name + "-" + label,
                repoRoot.resolve(name).resolve("target/quarkus-app/quarkus-run.jar"),
                port, env, logs().resolve(name + "-" + label + ".log"));
        started.add(instance);
        return instance.start();
    }

    private Map<String, String> environmentFor(String name) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", name.equals(partitionedFromKafka) ? kafka.partitionableBootstrapServers() : kafka.bootstrapServers());
        String host = databaseProxy != null ? "127.0.0.1" : postgres.host();
        int port = databaseProxy != null ? databaseProxy.port() : postgres.port();
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://" + host + ":" + port + "/" + databases.get(name));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://" + host + ":" + port + "/" + databases.get(name));
        env.put("QUARKUS_DATASOURCE_USERNAME", postgres.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password() == null ? "" : postgres.password());
        env.put("MP_JWT_VERIFY_ISSUER", DevTokens.ISSUER);
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", home.resolve("keys").resolve("jwt-public.pem").toString());
        env.put("MADOGUCHI_INGEST_API_KEYS", "local:" + apiKey);
        // the signed webhooks: the chat source "web" and the mail gateway "mx" sign with the generated secret;
        // Slack and LINE too, unless the real app's secrets are in the launcher's environment
        env.put("MADOGUCHI_CHAT_SECRETS", "web:" + webhookSecret);
        env.put("MADOGUCHI_EMAIL_WEBHOOK_SECRETS", "mx:" + webhookSecret);
        env.put("MADOGUCHI_SLACK_SIGNING_SECRET", System.getenv().getOrDefault("MADOGUCHI_SLACK_SIGNING_SECRET", webhookSecret));
        env.put("MADOGUCHI_LINE_CHANNEL_SECRET", System.getenv().getOrDefault("MADOGUCHI_LINE_CHANNEL_SECRET", webhookSecret));
        if ("ingest-service".equals(name)) {
            env.putAll(ingestMailSettings());
        }
        if ("ticket-service".equals(name)) {
            // the survey links in the mail the customer gets open this system's survey page
            env.put("MADOGUCHI_SURVEYS_PUBLIC_URL", "http://127.0.0.1:" + ports.services().get(name));
            // the workspace's sign-in without an identity provider, which the service allows in the profile 'local' only
            env.put("QUARKUS_PROFILE", "prod,local");
            env.put("MADOGUCHI_SIGN_IN_LOCAL", "true");
            env.put("MADOGUCHI_SIGN_IN_SESSION_SECRET", sessionSecret);
            // the dashboard, on another port of the same host, signs in here and comes back
            Integer dashboard = ports.services().get("analytics-service");
            if (dashboard != null) {
                env.put("MADOGUCHI_SIGN_IN_RETURN_ORIGINS", "http://localhost:" + dashboard + ",http://127.0.0.1:" + dashboard);
            }
        }
        if ("analytics-service".equals(name)) {
            // the dashboard reads the workspace's session: the same secret, and people without one sign in there
            env.put("MADOGUCHI_SIGN_IN_SESSION_SECRET", sessionSecret);
            env.put("MADOGUCHI_SIGN_IN_SIGN_IN_URL", "http://localhost:" + ports.services().get("ticket-service") + "/auth/local");
        }
        String analyticsGroup = System.getenv("MADOGUCHI_ANALYTICS_GROUP_ID");
        if ("analytics-service".equals(name) && analyticsGroup != null && !analyticsGroup.isBlank()) {
            // after a rebuild by replay (deploy/analytics-rebuild.sh), analytics carries on with the rebuild's group
            for (String channel : List.of("TICKETS", "ESCALATIONS", "INQUIRIES", "DELIVERIES")) {
                env.put("MP_MESSAGING_INCOMING_" + channel + "_GROUP_ID", analyticsGroup);
            }
        }
        env.putAll(extraEnvironment);
        return env;
    }

    /**
     * The mail loop, as ingest-service's settings: it polls the support mailbox over IMAP and sends agents' public
     * replies through the local SMTP server, from the support address, with the ticket's own reply address (which the
     * mail server delivers to the support mailbox too).
     */
    public Map<String, String> ingestMailSettings() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MADOGUCHI_EMAIL_IMAP_MAILBOXES", mail.imapUrl(SUPPORT_ADDRESS, mailPasswords.get(SUPPORT_ADDRESS)));
        env.put("MADOGUCHI_EMAIL_IMAP_POLL_INTERVAL", "2s");
        env.put("QUARKUS_MAILER_HOST", mail.host());
        env.put("QUARKUS_MAILER_PORT", Integer.toString(mail.smtpPort()));
        env.put("QUARKUS_MAILER_START_TLS", "DISABLED");
        env.put("MADOGUCHI_DELIVERY_EMAIL_FROM", "Madoguchi Support <" + SUPPORT_ADDRESS + ">");
        env.put("MADOGUCHI_DELIVERY_EMAIL_REPLY_TO", TICKET_REPLY_ADDRESS);
        return env;
    }

    /** The database a service of this system uses. */
    public String database(String service) {
        return databases.get(service);
    }

    public ServiceProcess service(String name) {
        return services.get(name);
    }

    public KafkaProcess kafka() {
        return kafka;
    }

    /** The mail server: kill and start it, and count what it accepted ({@link MailServerProcess#delivered(String)}). */
    public MailServerProcess mail() {
        return mail;
    }

    /** The password of a local mailbox: {@link #SUPPORT_ADDRESS} or {@link #CUSTOMER_ADDRESS}; kept in the keys folder. */
    public String mailPassword(String address) {
        return mailPasswords.get(address);
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public DevTokens tokens() {
        return tokens;
    }

    public String ingestApiKey() {
        return apiKey;
    }

    /** What the local chat source {@code web}, mail gateway {@code mx}, Slack and LINE webhooks are signed with. */
    public String webhookSecret() {
        return webhookSecret;
    }

    public Path logs() {
        return home.resolve("logs");
    }

    /** Stops what was started in reverse order; the services are all asked to stop at once. */
    @Override
    public void close() {
        services.values().forEach(ServiceProcess::requestStop);
        List<AutoCloseable> reversed = new ArrayList<>(started);
        Collections.reverse(reversed);
        for (AutoCloseable c : reversed) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("Stopping " + c + " failed: " + e);
            }
        }
        started.clear();
    }

    private static String loadOrCreateSecret(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, UTF_8).trim();
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String key = HexFormat.of().formatHex(random);
        Files.createDirectories(file.getParent());
        Files.writeString(file, key, UTF_8);
        return key;
    }

    /** Another instance on the same ports would answer our readiness checks; refuse to start instead. */
    private void requireFreePorts() {
        List<Integer> wanted = new ArrayList<>(List.of(ports.kafka(), ports.kafkaController(), ports.smtp(), ports.imap()));
        wanted.addAll(ports.services().values());
        for (int port : wanted) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            } catch (IOException e) {
                throw new IllegalStateException("Port " + port + " is in use: is Madoguchi (or another Kafka or mail server) already running?");
            }
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
