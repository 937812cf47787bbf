package io.madoguchi.ingest.service.email;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.madoguchi.chassis.outbox.OutboxRelay;
import io.madoguchi.ingest.service.intake.IntakeService;
import io.madoguchi.ingest.service.intake.Outcome;
import io.madoguchi.ingest.service.intake.RawPayload;
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
import jakarta.mail.search.FlagTerm;

/**
 * Polls the configured support mailboxes for unseen mail. A mail is marked seen only after it is committed, so a
 * crash in between fetches it again, and its Message-ID makes the second fetch the same inquiry. A mail we cannot
 * parse is kept as "failed" (raw bytes and reason) and marked too: it is visible to the admin API, not lost.
 */
@ApplicationScoped
public class ImapPoller {

    private static final Logger LOG = Logger.getLogger(ImapPoller.class);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);

    private final List<URLName> mailboxes;
    private final EmailInquiries email;
    private final IntakeService intake;

    public ImapPoller(@ConfigProperty(name = "madoguchi.email.imap.mailboxes") Optional<List<String>> mailboxes,
            EmailInquiries email, IntakeService intake) {
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
        byte[] raw;
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            message.writeTo(bytes);
            raw = bytes.toByteArray();
        } catch (java.io.IOException e) {
            throw new MessagingException("could not fetch a message", e);
        }
        EmailInquiries.Mail mail;
        try {
            mail = email.read(mailbox, raw);
        } catch (InvalidMailException | RuntimeException e) {
            mail = new EmailInquiries.Mail(new RawPayload(mailbox, "email", EmailInquiries.CONTENT_TYPE, raw, EmailInquiries.contentKey(raw)),
                    new Outcome.Fail(e.getMessage()));
        }
        EmailInquiries.Mail accepted = mail;
        try {
            VertxContextSupport.subscribeAndAwait(() -> intake.accept(accepted.raw(), accepted.outcome()).ifNoItem().after(COMMIT_TIMEOUT).fail());
        } catch (Throwable e) {
            // not committed: leave the mail unseen for the next poll
            throw new MessagingException("could not commit a mail from " + mailbox, e instanceof Exception ex ? ex : new RuntimeException(e));
        }
    }
}
