package io.madoguchi.ingest.service.delivery;

import io.madoguchi.ingest.domain.Delivery;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends a delivery on its channel and tells what came of it: the channel's reference of what was sent, or a
 * {@link SendOutcome.ChannelRefusal} saying whether the refusal is for good. E-mail goes over SMTP; an SMTP 5xx
 * answer (an unknown mailbox, a refused sender) is for good, a 4xx or a connection failure may pass later.
 */
@ApplicationScoped
public class Sender {

    private final ReactiveMailer mailer;
    private final EmailComposer email;

    public Sender(ReactiveMailer mailer, EmailComposer email) {
        this.mailer = mailer;
        this.email = email;
    }

    /** @return the channel's reference of what was sent */
    public Uni<String> send(Delivery delivery) {
        if (!"email".equals(delivery.channel)) {
            return Uni.createFrom().failure(new SendOutcome.ChannelRefusal(
                    SendOutcome.permanent("no sender for channel " + delivery.channel + " is configured")));
        }
        if (!email.enabled()) {
            return Uni.createFrom().failure(new SendOutcome.ChannelRefusal(
                    SendOutcome.permanent("e-mail delivery is off (MADOGUCHI_DELIVERY_EMAIL_FROM is not set)")));
        }
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
