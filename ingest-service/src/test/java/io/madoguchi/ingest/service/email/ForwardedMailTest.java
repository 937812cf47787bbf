package io.madoguchi.ingest.service.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.madoguchi.ingest.service.intake.Outcome;

/** Colleagues pass a customer's mail to support by forwarding it: what the customer wrote is the inquiry. */
class ForwardedMailTest {

    private static final String GMAIL = """
            From: Sato Ichiro <sato@example.co.jp>
            To: support@example.co.jp
            Subject: Fwd: Invoice for November is missing
            Message-ID: <fwd-1@example.co.jp>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=UTF-8

            Could you look at this customer's question?

            ---------- Forwarded message ---------
            From: Hanako Yamada <hanako@customer.example>
            Date: Mon, 30 Nov 2026 at 10:12
            Subject: Invoice for November is missing
            To: Sato Ichiro <sato@example.co.jp>

            Hello, I have not received the invoice for November.
            Could you send it again?

            On Sun, 29 Nov 2026 at 09:00, Sato Ichiro <sato@example.co.jp> wrote:
            > Thank you for your order.
            """;

    private static ParsedMail parse(String wire) throws InvalidMailException {
        return new MailParser().parse(wire.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aGmailForwardKeepsTheForwardedTextAndItsSenderNotJustTheNote() throws Exception {
        ParsedMail mail = parse(GMAIL);
        assertEquals("""
                Could you look at this customer's question?

                Hello, I have not received the invoice for November.
                Could you send it again?""", mail.body());
        assertEquals("hanako@customer.example", mail.forward().originalAddress());
        assertEquals("Hanako Yamada", mail.forward().originalName());
        assertTrue(mail.quotedHistoryStripped(), "the forwarded mail's own history is still cut");
    }

    @Test
    void anOutlookForwardIsFoundByItsSubjectAndHeaderBlock() throws Exception {
        ParsedMail mail = parse("""
                From: Sato Ichiro <sato@example.co.jp>
                To: support@example.co.jp
                Subject: FW: Login fails
                Message-ID: <fwd-2@example.co.jp>
                MIME-Version: 1.0
                Content-Type: text/plain; charset=UTF-8

                ________________________________
                From: Taro Suzuki <Taro@Customer.example>
                Sent: Monday, November 30, 2026 10:12 AM
                To: Sato Ichiro <sato@example.co.jp>
                Subject: Login fails

                I cannot log in since this morning.
                """);
        assertEquals("I cannot log in since this morning.", mail.body());
        assertEquals("taro@customer.example", mail.forward().originalAddress());
    }

    @Test
    void aJapaneseForwardIsReadToo() throws Exception {
        ParsedMail mail = parse("""
                From: =?UTF-8?B?5L2Q6Jek?= <sato@example.co.jp>
                To: support@example.co.jp
                Subject: =?UTF-8?B?6Lui6YCBOiDoq4vmsYLmm7jjgavjgaTjgYTjgaY=?=
                Message-ID: <fwd-3@example.co.jp>
                MIME-Version: 1.0
                Content-Type: text/plain; charset=UTF-8

                -------- 転送メッセージ --------
                件名: 請求書について
                日付: 2026年11月30日 10:12
                差出人: 山田 花子 <hanako@customer.example>
                宛先: sato@example.co.jp

                先月の請求書が届いていません。
                """);
        assertEquals("先月の請求書が届いていません。", mail.body());
        assertEquals("hanako@customer.example", mail.forward().originalAddress());
        assertEquals("山田 花子", mail.forward().originalName());
    }

    @Test
    void aReplyIsNoForwardAndAnFwSubjectAloneIsNotEither() throws Exception {
        ParsedMail reply = parse("""
                From: hanako@customer.example
                To: support@example.co.jp
                Subject: FW: my order
                Message-ID: <r-1@customer.example>
                Content-Type: text/plain; charset=UTF-8

                Where is my order?
                """);
        assertNull(reply.forward());
        assertEquals("Where is my order?", reply.body());
    }

    @Test
    void aColleaguesForwardNamesTheCustomerAsARequesterHintAndAStrangersDoesNot() throws Exception {
        EmailInquiries inquiries = new EmailInquiries(100, Optional.of(List.of("example.co.jp")));
        Map<?, ?> email = emailMetadata(inquiries.read("support@example.co.jp", GMAIL.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
        assertEquals(true, email.get("forwarded"));
        assertEquals(Map.of("email", "hanako@customer.example", "displayName", "Hanako Yamada"), email.get("requesterHint"));

        Map<?, ?> stranger = emailMetadata(inquiries.read("support@example.co.jp", GMAIL.replace("sato@example.co.jp", "sato@elsewhere.example")
                .replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
        assertEquals(true, stranger.get("forwarded"));
        assertFalse(stranger.containsKey("requesterHint"), "only a colleague's forward says who the customer is");
    }

    private static Map<?, ?> emailMetadata(EmailInquiries.Mail mail) {
        return (Map<?, ?>) ((Outcome.Publish) mail.outcome()).inquiry().metadata().get("email");
    }
}
