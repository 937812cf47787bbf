package io.madoguchi.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import io.madoguchi.infra.LocalSystem;

/**
 * Starts Madoguchi locally (Kafka, PostgreSQL, a mail server, four services), prints where everything is and how to
 * go round the mail loop, and keeps running until Ctrl-C, which stops all it started. Data and mail live under
 * {@code .local/} across restarts.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path root = Path.of(System.getProperty("madoguchi.root", ".")).toAbsolutePath().normalize();
        Path home = Path.of(System.getProperty("madoguchi.home", root.resolve(".local").toString())).toAbsolutePath();
        long begin = System.nanoTime();
        LocalSystem system = new LocalSystem(root, home, LocalSystem.Ports.standard(),
                System.getProperty("java.class.path"), "madoguchi", false);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Madoguchi...");
            system.close();
            System.out.println("Stopped.");
        }, "madoguchi-stop"));
        List<String> skipped = Arrays.stream(System.getenv().getOrDefault("MADOGUCHI_SKIP", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        System.out.println("Starting Kafka, PostgreSQL, the mail server and the services (logs in " + system.logs() + ")"
                + (skipped.isEmpty() ? "" : ", except " + skipped) + "...");
        system.start(Duration.ofMinutes(3), skipped);
        double seconds = (System.nanoTime() - begin) / 1e9;
        String agentToken = system.tokens().mint("local-agent", Set.of("agent", "admin"), Duration.ofHours(12));
        System.out.printf("""

                Madoguchi is up (%.1f s).
                  Kafka             %s
                  PostgreSQL        %s:%d (databases madoguchi_ingest, _ticket, _escalation, _analytics)
                  mail server       SMTP %s:%d, IMAP %s:%d (mail kept in %s)
                  ingest-service    %s   (API key in %s)
                  ticket-service    %s
                  escalation-service %s
                  analytics-service %s
                  logs              %s

                Send a first inquiry:
                  curl -s -X POST %s/api/v1/inquiries -H 'Content-Type: application/json' \\
                    -H 'X-Api-Key: %s' \\
                    -d '{"channel":"api","requester":{"email":"hanako@example.jp","name":"Hanako"},"subject":"Invoice","body":"Where is my invoice?"}'
                or open the public web form at %s/form (signed webhooks: see ingest-service/README.md).

                Work the tickets in the agent workspace: open %s and sign in as a local agent or admin
                (this local sign-in needs no identity provider and works only in this launcher's profile);
                the dashboard, %s, uses the same sign-in.

                Read tickets and stats with this agent token (valid 12 h; mint more with deploy/token.sh):
                  export TOKEN=%s
                  curl -s -H "Authorization: Bearer $TOKEN" %s/api/v1/tickets/<ticketId>
                  curl -s -H "Authorization: Bearer $TOKEN" %s/api/v1/stats/summary

                """, seconds, system.kafka().bootstrapServers(), system.postgres().host(), system.postgres().port(),
                system.mail().host(), system.mail().smtpPort(), system.mail().host(), system.mail().imapPort(), home.resolve("mail"),
                url(system, "ingest-service"), home.resolve("keys/ingest-api-key"),
                url(system, "ticket-service"), url(system, "escalation-service"),
                url(system, "analytics-service"), system.logs(),
                url(system, "ingest-service"), system.ingestApiKey(), url(system, "ingest-service"), workspaceUrl(system),
                url(system, "analytics-service").replace("127.0.0.1", "localhost") + "/dashboard/", agentToken,
                url(system, "ticket-service"), url(system, "analytics-service"));
        System.out.println(mailLoop(system, home, skipped.contains("ingest-service")));
        System.out.println("Ctrl-C stops everything.");
        Thread.currentThread().join();
    }

    /**
     * The mail loop, step by step with curl: a customer writes to the support mailbox, ingest-service polls it and a
     * ticket opens; an agent replies through the ticket API; the reply arrives in the customer's mailbox; the
     * customer's answer joins the same ticket.
     */
    static String mailLoop(LocalSystem system, Path home, boolean ingestElsewhere) {
        String text = """
                The mail loop. The local mail server has two mailboxes: {support}, which ingest-service
                polls every 2 s (password in {supportPasswordFile}), and {customer} (password
                {customerPassword}). Mail to any other address opens a mailbox whose login and password are that address.
                  1. Write to support as the customer:
                  printf 'From: Customer <{customer}>\\r\\nTo: {support}\\r\\nSubject: Where is my invoice?\\r\\nMessage-ID: <%s@example.jp>\\r\\n\\r\\nI paid last week, but no invoice has come.\\r\\n' "$(date +%s).$RANDOM" \\
                    | curl -s {smtp} --mail-from {customer} --mail-rcpt {support} -T -
                  2. A few seconds later its ticket is the customer's newest; keep its id:
                  TICKET=$(curl -s -H "Authorization: Bearer $TOKEN" '{tickets}/api/v1/tickets?requester={customer}&limit=1' | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2); echo $TICKET
                  3. Reply as the agent; a public reply is mailed to the customer:
                  curl -s -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' {tickets}/api/v1/tickets/$TICKET/messages \\
                    -d '{"body":"We sent the invoice again today.","visibility":"public"}'
                  4. Read it in the customer's mailbox (the newest mail there), and see its delivery "sent" on the ticket:
                  LAST=$(curl -s -u '{customerLogin}' {imap} -X 'UID SEARCH ALL' | tr -d '\\r' | awk '{print $NF}')
                  curl -s -u '{customerLogin}' "{imap};UID=$LAST"
                  curl -s -H "Authorization: Bearer $TOKEN" {tickets}/api/v1/tickets/$TICKET
                  5. Answer as the customer, to the ticket's reply address with [#T-n] in the subject: it joins the same ticket.
                  printf 'From: Customer <{customer}>\\r\\nTo: support+T-%s@madoguchi.local\\r\\nSubject: Re: Where is my invoice? [#T-%s]\\r\\n\\r\\nIt has arrived, thank you.\\r\\n' $TICKET $TICKET \\
                    | curl -s {smtp} --mail-from {customer} --mail-rcpt support+T-$TICKET@madoguchi.local -T -
                """;
        String customerPassword = system.mailPassword(LocalSystem.CUSTOMER_ADDRESS);
        text = text.replace("{support}", LocalSystem.SUPPORT_ADDRESS)
                .replace("{supportPasswordFile}", home.resolve("keys/mail-support-password").toString())
                .replace("{customerLogin}", LocalSystem.CUSTOMER_ADDRESS + ":" + customerPassword)
                .replace("{customerPassword}", customerPassword)
                .replace("{customer}", LocalSystem.CUSTOMER_ADDRESS)
                .replace("{smtp}", "smtp://" + system.mail().host() + ":" + system.mail().smtpPort())
                .replace("{imap}", "imap://" + system.mail().host() + ":" + system.mail().imapPort() + "/INBOX")
                .replace("{tickets}", system.service("ticket-service") != null ? system.service("ticket-service").url()
                        : standardUrl("ticket-service"));
        if (ingestElsewhere) {
            StringBuilder settings = new StringBuilder("ingest-service runs elsewhere: give it these settings to join the mail loop:\n");
            system.ingestMailSettings().forEach((key, value) -> settings.append("  export ").append(key).append("='").append(value).append("'\n"));
            text += settings;
        }
        return text;
    }

    /** localhost, not 127.0.0.1: browsers keep the session's Secure cookie over plain HTTP for localhost only. */
    private static String workspaceUrl(LocalSystem system) {
        return url(system, "ticket-service").replace("127.0.0.1", "localhost") + "/agent/";
    }

    /** Skipped services run elsewhere (dev mode) on their standard port. */
    private static String url(LocalSystem system, String service) {
        return system.service(service) != null ? system.service(service).url() : standardUrl(service) + " (not started here)";
    }

    private static String standardUrl(String service) {
        return "http://127.0.0.1:" + LocalSystem.Ports.standard().services().get(service);
    }
}
