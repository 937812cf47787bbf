package io.madoguchi.ingest.service.email;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.madoguchi.chassis.outbox.OutboxRelay;
import io.madoguchi.ingest.service.intake.IntakeService;
import io.madoguchi.ingest.service.intake.Outcome;
import io.madoguchi.ingest.service.intake.RawPayload;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.URLName;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;

/**
 * Polls the configured support mailboxes for unseen mail. A mail is marked seen only after it is committed, so a
 * crash in between fetches it again, and its Message-ID makes the second fetch the same inquiry. A mail we cannot
 * parse is kept as "failed" (raw bytes and reason) and marked too: it is visible to the admin API, not lost. So is a
 * mail over {@code madoguchi.email.imap.max-size}, whose body is never fetched: only its headers are kept.
 */
@ApplicationScoped
public class ImapPoller {

    private static final Logger LOG = Logger.getLogger(ImapPoller.class);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);
    /** The raw payload of a mail too large to fetch: its headers only, which no normalizer takes for a mail. */
    static final String HEADERS_ONLY = "text/rfc822-headers";

    private final List<URLName> mailboxes;
    private final EmailInquiries email;
    private final IntakeService intake;
    private final long maxSize;

    public ImapPoller(@ConfigProperty(name = "madoguchi.email.imap.mailboxes") Optional<List<String>> mailboxes,
            @ConfigProperty(name = "madoguchi.email.imap.max-size", defaultValue = "10M") MemorySize maxSize,
            EmailInquiries email, IntakeService intake) {
        this.maxSize = maxSize.asLongValue();
        this.mailboxes = mailboxes.orElse(List.of()).stream().filter(s -> !s.isBlank()).map(URLName::new).toList();
        this.email = email;
        this.intake = intake;
    }

    @Scheduled(every = "${madoguchi.email.imap.poll-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = OutboxRelay.NotRunning.class)
    void poll() {
        for (URLName mailbox : mailboxes) {
            try {
                poll(mailbox);
            } catch (MessagingException | RuntimeException e) {
                LOG.warnf("Mailbox %s@%s could not be polled: %s", mailbox.getUsername(), mailbox.getHost(), e.toString());
            }
        }
    }

    /** @return how many mails were taken in */
    int poll(URLName mailbox) throws MessagingException {
        Properties props = new Properties();
        for (String protocol : List.of("imap", "imaps")) {
            props.put("mail." + protocol + ".connectiontimeout", "10000");
            props.put("mail." + protocol + ".timeout", "30000");
        }
        Session session = Session.getInstance(props);
        String name = mailbox.getUsername() + "@" + mailbox.getHost();
        int taken = 0;
        try (Store store = session.getStore(mailbox)) {
            store.connect(mailbox.getHost(), mailbox.getPort(), mailbox.getUsername(), mailbox.getPassword());
            Folder folder = store.getFolder(mailbox.getFile() == null || mailbox.getFile().isBlank() ? "INBOX" : mailbox.getFile());
            folder.open(Folder.READ_WRITE);
            try {
                for (Message message : folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false))) {
                    take(name, message);
                    message.setFlag(Flags.Flag.SEEN, true);
                    taken++;
                }
            } finally {
                folder.close(false);
            }
        }
        return taken;
    }

    private void take(String mailbox, Message message) throws MessagingException {
        EmailInquiries.Mail accepted = read(mailbox, message);
        try {
            VertxContextSupport.subscribeAndAwait(() -> intake.accept(accepted.raw(), accepted.outcome()).ifNoItem().after(COMMIT_TIMEOUT).fail());
        } catch (Throwable e) {
            // not committed: leave the mail unseen for the next poll
            throw new MessagingException("could not commit a mail from " + mailbox, e instanceof Exception ex ? ex : new RuntimeException(e));
        }
    }

    private EmailInquiries.Mail read(String mailbox, Message message) throws MessagingException {
        // the size the server announces (RFC822.SIZE) spares fetching the mail; the bounded copy guards against a wrong one
        if (message.getSize() > maxSize) {
            return oversized(mailbox, message, message.getSize());
        }
        byte[] raw;
        try {
            BoundedBytes bytes = new BoundedBytes(maxSize);
            message.writeTo(bytes);
            raw = bytes.toByteArray();
        } catch (BoundedBytes.Exceeded e) {
            return oversized(mailbox, message, -1);
        } catch (IOException e) {
            throw new MessagingException("could not fetch a message", e);
        }
        try {
            return email.read(mailbox, raw);
        } catch (InvalidMailException | RuntimeException e) {
            return new EmailInquiries.Mail(new RawPayload(mailbox, "email", EmailInquiries.CONTENT_TYPE, raw, EmailInquiries.contentKey(raw)),
                    new Outcome.Fail(e.getMessage()));
        }
    }

    /** A failed intake holding the mail's headers: visible to the admin API, marked seen, never fetched again. */
    private EmailInquiries.Mail oversized(String mailbox, Message message, int size) throws MessagingException {
        StringBuilder headers = new StringBuilder();
        for (Enumeration<String> lines = ((MimeMessage) message).getAllHeaderLines(); lines.hasMoreElements();) {
            headers.append(lines.nextElement()).append("\r\n");
        }
        byte[] raw = headers.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        String messageId = MailParser.firstId(((MimeMessage) message).getHeader("Message-ID", null));
        String dedupeKey = messageId != null ? "message-id:" + messageId : EmailInquiries.contentKey(raw);
        String reason = "the mail is " + (size > 0 ? size + " bytes" : "larger") + ", over the limit of " + maxSize
                + " bytes (MADOGUCHI_EMAIL_IMAP_MAX_SIZE); only its headers are kept";
        LOG.warnf("Mailbox %s: %s (Message-ID %s)", mailbox, reason, messageId);
        return new EmailInquiries.Mail(new RawPayload(mailbox, "email", HEADERS_ONLY, raw, dedupeKey), new Outcome.Fail(reason));
    }

    /** Collects bytes up to a limit, and stops the copy beyond it. */
    private static final class BoundedBytes extends ByteArrayOutputStream {

        private final long limit;

        BoundedBytes(long limit) {
            this.limit = limit;
        }

        @Override
        public synchronized void write(int b) {
            check(1);
            super.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            check(len);
            super.write(b, off, len);
        }

        private void check(int more) {
            if (count + (long) more > limit) {
                throw new Exceeded();
            }
        }

        static final class Exceeded extends RuntimeException {
            Exceeded() {
                super(null, null, false, false);
            }
        }
    }
}
