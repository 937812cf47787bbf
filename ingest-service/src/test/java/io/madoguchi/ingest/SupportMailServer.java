package io.madoguchi.ingest;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * GreenMail (IMAP for the support mailbox, SMTP for outbound mail) that answers {@code RCPT TO} for any mailbox at
 * {@value #UNKNOWN_DOMAIN}, and for those in {@link #REFUSED}, with {@code 550 5.1.1}, as a real server answers for a
 * mailbox that does not exist.
 */
final class SupportMailServer extends GreenMail {

    static final String UNKNOWN_DOMAIN = "unknown.example.jp";
    /** Mailboxes refused like an unknown one for as long as a test keeps them here. */
    static final Set<String> REFUSED = ConcurrentHashMap.newKeySet();

    SupportMailServer(ServerSetup... setups) {
        super(setups);
        managers = new Managers() {
            private final SmtpManager smtp = new SmtpManager(getImapHostManager(), getUserManager()) {
                @Override
                public String checkRecipient(SmtpState state, MailAddress recipient) {
                    return recipient.getEmail().endsWith("@" + UNKNOWN_DOMAIN) || REFUSED.contains(recipient.getEmail())
                            ? "550 5.1.1 <" + recipient.getEmail() + ">: Recipient address rejected: user unknown" : null;
                }
            };

            @Override
            public SmtpManager getSmtpManager() {
                return smtp;
            }
        };
    }
}
