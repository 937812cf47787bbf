package io.madoguchi.ingest.service.delivery;

import io.madoguchi.ingest.domain.Delivery;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends e-mail over SMTP (the Quarkus Mailer): an SMTP 5xx answer (an unknown mailbox, a refused sender) is for
 * good, a 4xx or a connection failure may pass later.
 */
@ApplicationScoped
public class EmailSender implements ChannelSender {

    private final ReactiveMailer mailer;
    private final EmailComposer email;

    public EmailSender(ReactiveMailer mailer, EmailComposer email) {
        this.mailer = mailer;
        this.email = email;
    }

    @Override
    public String channel() {
        return "email";
    }

    @Override
    public String off() {
        return email.enabled() ? null : "e-mail delivery is off (MADOGUCHI_DELIVERY_EMAIL_FROM is not set)";
    }

    @Override
    public Uni<String> send(Delivery delivery) {
        return mailer.send(email.mail(delivery))
                .onFailure(SMTPException.class).transform(e -> {
                    SMTPException smtp = (SMTPException) e;
                    String reason = "SMTP " + smtp.getReplyCode() + ": " + String.join(" ", smtp.getReplyMessages());
                    return new SendOutcome.ChannelRefusal(smtp.getReplyCode() >= 500
                            ? SendOutcome.permanent(reason) : SendOutcome.transientFailure(reason, null));
                })
                .replaceWith(email.messageId(delivery));
    }
}
