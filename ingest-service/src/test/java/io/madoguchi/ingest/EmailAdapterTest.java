package io.madoguchi.ingest;

import static io.madoguchi.ingest.IngestTestResource.MAIL_GATEWAY_SECRET;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;

@QuarkusTest
@WithTestResource(IngestTestResource.class)
class EmailAdapterTest {

    private static final Charset JIS = Charset.forName("ISO-2022-JP");

    @Test
    void aJapaneseMailWithAnAttachmentPostedByTheGatewayIsOneInquiryHoweverOftenItIsRedelivered() throws Exception {
        String run = UUID.randomUUID().toString();
        byte[] pdf = ("%PDF-1.4 請求書 " + run).getBytes(StandardCharsets.UTF_8);
        byte[] raw = japaneseMailWithAttachment(run, pdf);
        String id = post("mx", raw).statusCode(202).body("status", equalTo("published")).extract().path("inquiryId");
        // the gateway did not get our answer and delivers again
        assertEquals(id, post("mx", raw).statusCode(202).extract().path("inquiryId"));

        List<ConsumerRecord<String, String>> events = InquiryEvents.mentioning(run, 1);
        assertEquals(1, events.size());
        JsonNode data = InquiryEvents.data(events.get(0));
        assertEquals("email", data.get("channel").asText());
        assertEquals("請求書の再発行について " + run, data.get("subject").asText());
        assertEquals("いつもお世話になっております。\n請求書を再発行していただけますか。", data.get("body").asText());
        assertEquals("yamada@example.jp", data.at("/requester/email").asText());
        assertEquals("山田 太郎", data.at("/requester/displayName").asText());
        assertEquals(run + "@mail.example.jp", data.at("/threadRefs/messageId").asText());
        assertEquals("email:" + run + "@mail.example.jp", data.get("conversationKey").asText());
        assertTrue(data.get("recipients").toString().contains("support@example.jp"));
        assertEquals("請求書.pdf", data.at("/attachments/0/filename").asText());
        assertEquals(pdf.length, data.at("/attachments/0/size").asInt());
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pdf));
        assertEquals(digest, data.at("/attachments/0/sha256").asText());
        assertFalse(events.get(0).value().contains(Base64.getEncoder().encodeToString(pdf)), "no attachment bytes on the bus");

        try (Connection c = IngestTestResource.database(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT content, sha256 FROM attachment WHERE inquiry_id = '" + id + "'")) {
            assertTrue(rs.next(), "the bytes are kept by ingest");
            assertArrayEquals(pdf, rs.getBytes(1));
            assertEquals(digest, rs.getString(2));
        }
    }

    @Test
    void aReplyThreadsToItsRootAndLosesItsQuotedHistory() {
        String run = UUID.randomUUID().toString();
        String raw = """
                From: Taro Yamada <yamada@example.jp>\r
                To: support+T-12@example.jp\r
                Subject: Re: [#T-12] Login problem %s\r
                Message-ID: <reply-%s@mail.example.jp>\r
                In-Reply-To: <agent-%s@support.example.jp>\r
                References: <root-%s@mail.example.jp>\r
                 <agent-%s@support.example.jp>\r
                MIME-Version: 1.0\r
                Content-Type: text/plain; charset=UTF-8\r
                Content-Transfer-Encoding: quoted-printable\r
                \r
                It works now, thank you!\r
                \r
                On Mon, Jan 5, 2026 at 10:00 AM Support <support@example.jp> wrote:\r
                > Please try again.\r
                """.formatted(run, run, run, run, run);
        post("mx", raw.getBytes(StandardCharsets.US_ASCII)).statusCode(202);
        JsonNode data = InquiryEvents.data(InquiryEvents.mentioning(run, 1).get(0));
        assertEquals("It works now, thank you!", data.get("body").asText());
        assertEquals("email:root-" + run + "@mail.example.jp", data.get("conversationKey").asText());
        assertEquals("agent-" + run + "@support.example.jp", data.at("/threadRefs/inReplyTo").asText());
        assertEquals(2, data.at("/threadRefs/references").size());
        assertTrue(data.get("recipients").toString().contains("support+t-12@example.jp"));
    }

    @Test
    void autoRepliesAreRecordedAndFlaggedButNeverAnnounced() {
        String run = UUID.randomUUID().toString();
        String raw = """
                From: yamada@example.jp\r
                To: support@example.jp\r
                Subject: Out of office %s\r
                Message-ID: <ooo-%s@mail.example.jp>\r
                Auto-Submitted: auto-replied\r
                Content-Type: text/plain; charset=UTF-8\r
                \r
                I am away until Monday.\r
                """.formatted(run, run);
        post("mx", raw.getBytes(StandardCharsets.US_ASCII)).statusCode(202).body("status", equalTo("automated"));
        assertTrue(InquiryEvents.mentioning(run, 0).isEmpty());
        given().auth().oauth2(AdminToken.admin()).when().get("/admin/v1/inquiries?status=automated").then().statusCode(200)
                .body("statusReason", org.hamcrest.Matchers.hasItem("auto-submitted"));
    }

    @Test
    void badMailBadSignaturesAndUnknownSourcesAreRefused() {
        double invalid = Metrics.rejected("email", "invalid-mime");
        post("mx", "{\"this\":\"is not a mail\"}".getBytes(StandardCharsets.UTF_8)).statusCode(400)
                .contentType("application/problem+json").body("title", equalTo("Invalid mail"));
        String unknownCharset = "From: a@example.jp\r\nSubject: x\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n\r\nbody\r\n";
        post("mx", unknownCharset.getBytes(StandardCharsets.US_ASCII)).statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("x-no-such-charset"));
        assertEquals(invalid + 2, Metrics.rejected("email", "invalid-mime"));
        post("nowhere", "From: a@example.jp\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII)).statusCode(404);
        given().contentType("message/rfc822").header("X-Madoguchi-Signature", Signatures.madoguchi("guess", Signatures.now(), new byte[0]))
                .body("From: a@example.jp\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII)).when().post("/webhooks/email/mx").then().statusCode(401);
    }

    @Test
    void mailInTheSupportMailboxIsTakenInThroughImapAndMarkedSeenOnlyAfterwards() throws Exception {
        String run = UUID.randomUUID().toString();
        Session session = Session.getInstance(new Properties());
        MimeMessage jis = new MimeMessage(session, new ByteArrayInputStream(japaneseMailWithAttachment(run, "x".getBytes(StandardCharsets.UTF_8))));
        IngestTestResource.mail().getUserManager().getUserByEmail("support@example.jp").deliver(jis);
        String sjis = "From: =?Shift_JIS?B?" + Base64.getEncoder().encodeToString("佐藤".getBytes("Shift_JIS")) + "?= <sato@example.jp>\r\n"
                + "To: support@example.jp\r\nSubject: =?Shift_JIS?B?" + Base64.getEncoder().encodeToString(("配送状況 " + run).getBytes("Shift_JIS"))
                + "?=\r\nMessage-ID: <sjis-" + run + "@example.jp>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=Shift_JIS\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString("荷物はいつ届きますか?".getBytes("Shift_JIS")) + "\r\n";
        IngestTestResource.mail().getUserManager().getUserByEmail("support@example.jp")
                .deliver(new MimeMessage(session, new ByteArrayInputStream(sjis.getBytes(StandardCharsets.US_ASCII))));

        List<ConsumerRecord<String, String>> events = InquiryEvents.mentioning(run, 2);
        assertEquals(2, events.size());
        JsonNode sato = InquiryEvents.data(events.stream().filter(e -> e.value().contains("配送状況")).findFirst().orElseThrow());
        assertEquals("荷物はいつ届きますか?", sato.get("body").asText());
        assertEquals("佐藤", sato.at("/requester/displayName").asText());
        assertEquals("support@127.0.0.1", sato.get("source").asText());
        assertTrue(events.stream().anyMatch(e -> e.value().contains("請求書の再発行について " + run)));

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (Store store = session.getStore("imap")) {
                store.connect("127.0.0.1", IngestTestResource.mail().getImap().getPort(), IngestTestResource.MAILBOX_USER,
                        IngestTestResource.MAILBOX_PASSWORD);
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                assertTrue(java.util.Arrays.stream(inbox.getMessages()).allMatch(m -> {
                    try {
                        return m.isSet(Flags.Flag.SEEN);
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                }), "every mail taken in is marked seen");
                inbox.close(false);
            }
        });
    }

    @Test
    void aMailOverTheSizeLimitInTheMailboxIsRecordedAsFailedWithItsHeadersAndNotFetchedAgain() throws Exception {
        String run = UUID.randomUUID().toString();
        byte[] log = new byte[400 * 1024];
        new java.util.Random(7).nextBytes(log);
        String big = "From: Taro Yamada <taro@example.jp>\r\nTo: support@example.jp\r\nSubject: Server log " + run + "\r\n"
                + "Message-ID: <big-" + run + "@example.jp>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nThe log is attached.\r\n"
                + "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"server.log\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(log) + "\r\n--b--\r\n";
        String marker = "From: taro@example.jp\r\nTo: support@example.jp\r\nSubject: after " + run + "\r\nMessage-ID: <after-" + run
                + "@example.jp>\r\n\r\nAnd a short one.\r\n";
        Session session = Session.getInstance(new Properties());
        var support = IngestTestResource.mail().getUserManager().getUserByEmail("support@example.jp");
        support.deliver(new MimeMessage(session, new ByteArrayInputStream(big.getBytes(StandardCharsets.US_ASCII))));
        support.deliver(new MimeMessage(session, new ByteArrayInputStream(marker.getBytes(StandardCharsets.US_ASCII))));

        // the mail after it is taken in: the large one did not stop the mailbox
        List<ConsumerRecord<String, String>> events = InquiryEvents.mentioning(run, 1);
        assertEquals(1, events.size(), "only the short mail is an inquiry");
        assertTrue(events.get(0).value().contains("after " + run));
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (Connection c = IngestTestResource.database(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT status, status_reason, raw_content_type, length(raw_payload) FROM inquiry"
                            + " WHERE dedupe_key = 'message-id:big-" + run + "@example.jp'")) {
                assertTrue(rs.next(), "the large mail is recorded");
                assertEquals("failed", rs.getString(1));
                assertTrue(rs.getString(2).contains("MADOGUCHI_EMAIL_IMAP_MAX_SIZE"), rs.getString(2));
                assertEquals("text/rfc822-headers", rs.getString(3));
                assertTrue(rs.getInt(4) < 4096, "only the headers are kept: " + rs.getInt(4));
                assertFalse(rs.next());
            }
        });
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (Store store = session.getStore("imap")) {
                store.connect("127.0.0.1", IngestTestResource.mail().getImap().getPort(), IngestTestResource.MAILBOX_USER,
                        IngestTestResource.MAILBOX_PASSWORD);
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                for (jakarta.mail.Message m : inbox.getMessages()) {
                    if (m.getSubject() != null && m.getSubject().contains(run)) {
                        assertTrue(m.isSet(Flags.Flag.SEEN), "marked seen, so not fetched again: " + m.getSubject());
                    }
                }
                inbox.close(false);
            }
        });
    }

    static ValidatableResponse post(String source, byte[] raw) {
        return given().contentType("message/rfc822")
                .header("X-Madoguchi-Signature", Signatures.madoguchi(MAIL_GATEWAY_SECRET, Signatures.now(), raw))
                .body(raw).when().post("/webhooks/email/" + source).then();
    }

    /** A multipart/mixed mail as a Japanese mail client sends it: ISO-2022-JP text, RFC 2047 headers, RFC 2231 file name. */
    static byte[] japaneseMailWithAttachment(String run, byte[] pdf) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String headers = "From: " + encodedWord("山田 太郎") + " <Yamada@Example.jp>\r\n"
                + "To: support@example.jp\r\n"
                + "Subject: " + encodedWord("請求書の再発行について " + run) + "\r\n"
                + "Date: Mon, 5 Jan 2026 10:00:00 +0900\r\n"
                + "Message-ID: <" + run + "@mail.example.jp>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1_" + run + "\"\r\n\r\n"
                + "--b1_" + run + "\r\n"
                + "Content-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n\r\n";
        out.writeBytes(headers.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes("いつもお世話になっております。\r\n請求書を再発行していただけますか。\r\n".getBytes(JIS));
        out.writeBytes(("--b1_" + run + "\r\n"
                + "Content-Type: application/pdf\r\n"
                + "Content-Disposition: attachment; filename*=UTF-8''%E8%AB%8B%E6%B1%82%E6%9B%B8.pdf\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(pdf) + "\r\n"
                + "--b1_" + run + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static String encodedWord(String text) {
        return "=?ISO-2022-JP?B?" + Base64.getEncoder().encodeToString(text.getBytes(JIS)) + "?=";
    }
}
