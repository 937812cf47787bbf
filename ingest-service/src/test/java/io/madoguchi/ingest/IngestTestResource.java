package io.madoguchi.ingest;

import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.madoguchi.infra.DevTokens;
import io.madoguchi.infra.KafkaBroker;
import io.madoguchi.infra.PostgresServer;
import io.madoguchi.infra.TcpProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Real infrastructure for ingest-service's tests: a Kafka broker (container, KAFKA_BOOTSTRAP, or in this JVM), a
 * freshly created PostgreSQL database reached through a proxy that tests can cut, a real IMAP server (GreenMail)
 * with a support mailbox, a stand-in for the Slack Web API, a JWT signing key, and the channels' test secrets.
 */
public class IngestTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String SLACK_SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    public static final String SLACK_SUPPORT_CHANNEL = "C0SUPPORT";
    public static final String SLACK_BOT_USER = "U0MADOGUCHI";
    public static final String LINE_CHANNEL_SECRET = "d41d8cd98f00b204e9800998ecf8427e";
    public static final String CHAT_SECRET = "chat-widget-test-secret";
    public static final String MAIL_GATEWAY_SECRET = "mail-gateway-test-secret";
    public static final int MAX_IN_FLIGHT = 16;
    public static final String MAILBOX_USER = "support";
    public static final String MAILBOX_PASSWORD = "imap-test-password";

    private static KafkaBroker kafka;
    private static PostgresServer postgres;
    private static TcpProxy databaseProxy;
    private static String database;
    private static DevTokens tokens;
    private static GreenMail mail;
    private static SlackStandIn slack;

    @Override
    public Map<String, String> start() {
        kafka = KafkaBroker.forTests();
        kafka.createTopics(3);
        postgres = PostgresServer.forTests();
        database = postgres.createFreshDatabase("ingest_test");
        databaseProxy = new TcpProxy(postgres.host(), postgres.port());
        tokens = DevTokens.generate();
        int imapPort = freePort();
        mail = new GreenMail(new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        mail.start();
        mail.setUser("support@example.jp", MAILBOX_USER, MAILBOX_PASSWORD);
        try {
            slack = new SlackStandIn();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
        config.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + databaseProxy.port() + "/" + database);
        config.put("quarkus.datasource.username", postgres.user());
        config.put("quarkus.datasource.password", postgres.password() == null ? "" : postgres.password());
        config.put("madoguchi.outbox.poll-interval", "200ms");
        config.put("mp.jwt.verify.publickey", tokens.publicKeyPem());
        config.put("mp.jwt.verify.issuer", DevTokens.ISSUER);
        config.put("madoguchi.slack.signing-secret", SLACK_SIGNING_SECRET);
        config.put("madoguchi.slack.bot-token", SlackStandIn.BOT_TOKEN);
        config.put("madoguchi.slack.api-url", slack.url());
        config.put("madoguchi.slack.support-channels", SLACK_SUPPORT_CHANNEL);
        config.put("madoguchi.slack.bot-user-id", SLACK_BOT_USER);
        config.put("madoguchi.slack.reaction", "ticket");
        config.put("madoguchi.line.channel-secret", LINE_CHANNEL_SECRET);
        config.put("madoguchi.chat.secrets", "widget:" + CHAT_SECRET);
        config.put("madoguchi.email.webhook-secrets", "mx:" + MAIL_GATEWAY_SECRET);
        config.put("madoguchi.email.imap.mailboxes", "imap://" + MAILBOX_USER + ":" + MAILBOX_PASSWORD + "@127.0.0.1:" + imapPort + "/INBOX");
        config.put("madoguchi.email.imap.poll-interval", "1s");
        config.put("madoguchi.intake.deferred.poll-interval", "200ms");
        config.put("madoguchi.intake.max-in-flight", Integer.toString(MAX_IN_FLIGHT));
        return config;
    }

    @Override
    public void stop() {
        slack.close();
        mail.stop();
        databaseProxy.close();
        postgres.dropDatabase(database);
        postgres.close();
        kafka.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public static TcpProxy databaseProxy() {
        return databaseProxy;
    }

    public static java.sql.Connection database() throws java.sql.SQLException {
        return postgres.connect(database);
    }

    public static DevTokens tokens() {
        return tokens;
    }

    public static GreenMail mail() {
        return mail;
    }

    public static SlackStandIn slack() {
        return slack;
    }
}
