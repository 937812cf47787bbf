package io.madoguchi.ingest;

import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.madoguchi.chassis.testing.ServiceTestResource;

/**
 * Real infrastructure for ingest-service's tests (see {@link ServiceTestResource}), plus a real IMAP server (GreenMail)
 * with a support mailbox and an SMTP server for outbound mail, stand-ins for the Slack Web API, the LINE push API and a chat
 * widget's reply callback, and the channels' test secrets.
 */
public class IngestTestResource extends ServiceTestResource {

    public static final String SLACK_SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    public static final String SLACK_SUPPORT_CHANNEL = "C0SUPPORT";
    public static final String SLACK_BOT_USER = "U0MADOGUCHI";
    public static final String LINE_CHANNEL_SECRET = "d41d8cd98f00b204e9800998ecf8427e";
    public static final String CHAT_SECRET = "chat-widget-test-secret";
    /** A chat source whose callback URL is on a private address that is not allow-listed. */
    public static final String CHAT_PRIVATE_SOURCE = "intranet";
    /** A chat source with a secret (its webhooks work) but no callback URL. */
    public static final String CHAT_SOURCE_WITHOUT_CALLBACK = "kiosk";
    public static final String MAIL_GATEWAY_SECRET = "mail-gateway-test-secret";
    /** Mail over this size in the support mailbox is recorded as failed intake, its body never fetched. */
    public static final String IMAP_MAX_SIZE = "256K";
    public static final int MAX_IN_FLIGHT = 16;
    public static final String MAILBOX_USER = "support";
    public static final String MAILBOX_PASSWORD = "imap-test-password";
    public static final String SUPPORT_FROM = "Madoguchi Support <support@example.jp>";

    private static GreenMail mail;
    private static SlackStandIn slack;
    private static LineStandIn line;
    private static ChatCallbackStandIn chat;

    public IngestTestResource() {
        super("ingest_test");
    }

    @Override
    protected Map<String, String> serviceConfig() {
        int imapPort = freePort();
        int smtpPort = freePort();
        mail = new SupportMailServer(new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
                new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        mail.setUser("support@example.jp", MAILBOX_USER, MAILBOX_PASSWORD);
        try {
            slack = new SlackStandIn();
            line = new LineStandIn();
            chat = new ChatCallbackStandIn(CHAT_SECRET);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("madoguchi.slack.signing-secret", SLACK_SIGNING_SECRET);
        config.put("madoguchi.slack.bot-token", SlackStandIn.BOT_TOKEN);
        config.put("madoguchi.slack.api-url", slack.url());
        config.put("madoguchi.slack.support-channels", SLACK_SUPPORT_CHANNEL);
        config.put("madoguchi.slack.bot-user-id", SLACK_BOT_USER);
        config.put("madoguchi.slack.reaction", "ticket");
        config.put("madoguchi.line.channel-secret", LINE_CHANNEL_SECRET);
        config.put("madoguchi.chat.secrets", "widget:" + CHAT_SECRET + "," + CHAT_PRIVATE_SOURCE + ":intranet-test-secret,"
                + CHAT_SOURCE_WITHOUT_CALLBACK + ":kiosk-test-secret");
        config.put("madoguchi.email.webhook-secrets", "mx:" + MAIL_GATEWAY_SECRET);
        config.put("madoguchi.email.imap.mailboxes", "imap://" + MAILBOX_USER + ":" + MAILBOX_PASSWORD + "@127.0.0.1:" + imapPort + "/INBOX");
        config.put("madoguchi.email.imap.poll-interval", "1s");
        config.put("madoguchi.email.imap.max-size", IMAP_MAX_SIZE);
        config.put("madoguchi.intake.deferred.poll-interval", "200ms");
        config.put("madoguchi.intake.max-in-flight", Integer.toString(MAX_IN_FLIGHT));
        // outbound channels: Slack posts go to the Slack stand-in above, LINE pushes and chat callbacks to theirs; the
        // stand-ins listen on 127.0.0.1, so it is allow-listed, and the intranet source's callback is refused
        config.put("madoguchi.line.channel-access-token", LineStandIn.ACCESS_TOKEN);
        config.put("madoguchi.line.api-url", line.url());
        config.put("madoguchi.chat.callback-urls", "widget=" + chat.url() + "," + CHAT_PRIVATE_SOURCE + "=https://10.20.30.40/madoguchi/replies");
        config.put("madoguchi.delivery.allowed-private-hosts", "127.0.0.1,localhost");
        // outbound e-mail to GreenMail's SMTP server; transient failures retried quickly
        config.put("quarkus.mailer.host", "127.0.0.1");
        config.put("quarkus.mailer.port", Integer.toString(smtpPort));
        config.put("madoguchi.delivery.email.from", SUPPORT_FROM);
        config.put("madoguchi.delivery.email.reply-to", "support+T-{ticket}@example.jp");
        config.put("madoguchi.delivery.email.from-by-queue", "billing=Billing <billing@example.jp>");
        config.put("madoguchi.delivery.poll-interval", "200ms");
        config.put("madoguchi.delivery.first-backoff", "PT0.2S");
        config.put("madoguchi.delivery.max-attempts", "3");
        config.put("madoguchi.delivery.max-attempts-by-channel", "line=2");
        config.put("madoguchi.delivery.acknowledgement.channels", "api");
        return config;
    }

    @Override
    protected void stopStandIns() {
        slack.close();
        line.close();
        chat.close();
        mail.stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static GreenMail mail() {
        return mail;
    }

    public static SlackStandIn slack() {
        return slack;
    }

    public static LineStandIn line() {
        return line;
    }

    public static ChatCallbackStandIn chat() {
        return chat;
    }
}
