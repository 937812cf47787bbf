package io.madoguchi.ingest.service.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class MailParserTest {

    private final MailParser parser = new MailParser();

    private ParsedMail parse(String wire) throws InvalidMailException {
        return parser.parse(wire.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void prefersThePlainAlternativeAndDecodesQuotedPrintableUtf8() throws Exception {
        ParsedMail mail = parse("""
                From: =?UTF-8?Q?Ren=C3=A9e_Dupont?= <Renee@Example.com>
                To: Support <support@example.com>, other@example.com
                Cc: Boss <BOSS@example.com>
                Subject: =?UTF-8?B?UGFpZW1lbnQgw6ljaG91w6k=?=
                Message-ID: <abc@example.com>
                Date: Tue, 6 Jan 2026 09:30:00 +0100
                MIME-Version: 1.0
                Content-Type: multipart/alternative; boundary="alt"

                --alt
                Content-Type: text/plain; charset=UTF-8
                Content-Transfer-Encoding: quoted-printable

                Mon paiement a =C3=A9chou=C3=A9 deux fois, pouvez-vous v=C3=A9rifier=
                 ?
                --alt
                Content-Type: text/html; charset=UTF-8

                <p>ignored</p>
                --alt--
                """);
        assertEquals("Mon paiement a échoué deux fois, pouvez-vous vérifier ?", mail.body());
        assertEquals("Paiement échoué", mail.subject());
        assertEquals("renee@example.com", mail.fromAddress());
        assertEquals("Renée Dupont", mail.fromName());
        assertEquals(List.of("support@example.com", "other@example.com", "boss@example.com"), mail.recipients());
        assertEquals("abc@example.com", mail.messageId());
        assertEquals("2026-01-06T08:30:00Z", mail.sentAt().toString());
        assertNull(mail.automated());
        assertTrue(mail.attachments().isEmpty());
    }

    @Test
    void turnsAnHtmlOnlyMailIntoLinesAndDropsItsQuotedReply() throws Exception {
        ParsedMail mail = parse("""
                From: a@example.com
                Subject: html
                Content-Type: text/html; charset=ISO-8859-1
                Content-Transfer-Encoding: base64

                """ + Base64.getMimeEncoder().encodeToString("""
                <html><head><style>p{}</style></head><body><div>Bonjour,</div><p>La facture n&#39;arrive pas.<br>Merci&nbsp;!</p>
                <div class="gmail_quote">Le lun. 5 janv. a &eacute;crit :<blockquote>ancienne question</blockquote></div></body></html>
                """.getBytes(StandardCharsets.ISO_8859_1)) + "\n");
        assertEquals("Bonjour,\nLa facture n'arrive pas.\nMerci !", mail.body());
        assertTrue(mail.quotedHistoryStripped());
    }

    @Test
    void stripsJapaneseReplyHeadersAndOutlookBlocksButKeepsWhatTheSenderWrote() {
        QuotedHistory.Result jp = QuotedHistory.strip("""
                ご回答ありがとうございます。
                解決しました。

                2026年1月5日(月) 10:00 山田 <a@b.jp>:
                > 再起動してください。""");
        assertEquals("ご回答ありがとうございます。\n解決しました。", jp.text());
        assertTrue(jp.stripped());

        QuotedHistory.Result outlook = QuotedHistory.strip("""
                Still broken.

                From: Support <support@example.com>
                Sent: Monday, January 5, 2026 10:00 AM
                Subject: RE: login""");
        assertEquals("Still broken.", outlook.text());

        QuotedHistory.Result original = QuotedHistory.strip("See below\n-----Original Message-----\nold text");
        assertEquals("See below", original.text());

        QuotedHistory.Result wrapped = QuotedHistory.strip("Thanks\nOn Mon, Jan 5, 2026 at 10:00 AM Support <\nsupport@example.com> wrote:\n> x");
        assertEquals("Thanks", wrapped.text());

        QuotedHistory.Result untouched = QuotedHistory.strip("My colleague wrote: it fails at login.\nFrom: the settings page");
        assertEquals("My colleague wrote: it fails at login.\nFrom: the settings page", untouched.text());
        assertFalse(untouched.stripped());

        QuotedHistory.Result onlyQuote = QuotedHistory.strip("> forwarded question only");
        assertEquals("> forwarded question only", onlyQuote.text(), "a mail that is all quote keeps its text");
    }

    @Test
    void decodesShiftJisAsTheWindowsSupersetJapaneseMailersMean() throws Exception {
        Charset sjis = Charset.forName("windows-31j");
        byte[] body = "①の件、～までにお願いします".getBytes(sjis);
        ParsedMail mail = parse("From: a@example.jp\nContent-Type: text/plain; charset=Shift_JIS\nContent-Transfer-Encoding: base64\n\n"
                + Base64.getMimeEncoder().encodeToString(body) + "\n");
        assertEquals("①の件、～までにお願いします", mail.body());
    }

    @Test
    void decodesShiftJisEncodedWordsInNamesAndSubjectsAsTheWindowsSuperset() throws Exception {
        // as a Japanese mobile or Windows mailer writes them: 髙 (FB FC), 﨑 (FA B1), ① (87 40) and ㈱ (87 8A) are Microsoft's
        ParsedMail mail = parse("""
                From: =?Shift_JIS?B?+/yLtCD6sY5x?= <takahashi@example.co.jp>
                Subject: =?Shift_JIS?B?h0CCzIyPIIeKjlL6sY+kjpY=?=
                Content-Type: text/plain; charset=Shift_JIS

                x
                """);
        assertEquals("髙橋 﨑子", mail.fromName());
        assertEquals("①の件 ㈱山﨑商事", mail.subject());
    }

    @Test
    void decodesIso2022JpEncodedWordsWithMicrosoftsExtensionsAsOutlookSendsThem() throws Exception {
        // Outlook writes 髙 and 﨑 in the NEC-selected IBM rows (ESC $ B 7C 62, 79 75) and ① ㈱ in NEC row 13 (2D 21, 2D 6A)
        ParsedMail mail = parse("""
                From: "=?iso-2022-jp?B?GyRCfGI2NhsoQiAbJEJ5dTtSGyhC?=" <takahashi@example.co.jp>
                Subject: =?iso-2022-jp?B?GyRCLSEkTjdvGyhCIBskQi1qOzN5dT4mO3YbKEI=?=

                x
                """);
        assertEquals("髙橋 﨑子", mail.fromName());
        assertEquals("①の件 ㈱山﨑商事", mail.subject());
    }

    @Test
    void readsRawUtf8HeadersAsUtf8AsRfc6532Allows() throws Exception {
        byte[] raw = ("From: 山田 花子 <hanako@example.jp>\r\nTo: サポート <support@example.jp>\r\nSubject: 請求書の再発行について\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + "よろしくお願いします。\r\n").getBytes(StandardCharsets.UTF_8);
        ParsedMail mail = parser.parse(raw);
        assertEquals("請求書の再発行について", mail.subject());
        assertEquals("山田 花子", mail.fromName());
        assertEquals("hanako@example.jp", mail.fromAddress());
        assertEquals("よろしくお願いします。", mail.body());
    }

    @Test
    void keepsLatin1HeadersThatAreNotUtf8AsTheyWere() throws Exception {
        byte[] raw = "From: a@example.com\r\nSubject: Caf\u00e9 cr\u00e8me\r\n\r\nx\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("Café crème", parser.parse(raw).subject());
    }

    @Test
    void decodesAdjacentEncodedWordsThatSplitOneCharacterTogether() throws Exception {
        // 請求書の再発行 in UTF-8 cut after 10 bytes, inside 書; お支払いについて in Shift_JIS cut after 5 bytes, between the two of 支
        ParsedMail mail = parse("""
                From: =?Shift_JIS?B?gqiOeJU=?=
                 =?Shift_JIS?B?pYKigsmCwoKigsQ=?= <a@example.jp>
                Subject: =?UTF-8?B?6KuL5rGC5pu44w==?=
                 =?UTF-8?B?ga7lho3nmbrooYw=?= (2)

                x
                """);
        assertEquals("請求書の再発行 (2)", mail.subject());
        assertEquals("お支払いについて", mail.fromName());
        assertEquals("Re: 請求書 a b", parse("""
                From: a@example.jp
                Subject: Re: =?UTF-8?Q?=E8=AB=8B=E6=B1?= =?utf-8?Q?=82=E6=9B=B8?= a =?US-ASCII?Q?b?=

                x
                """).subject(), "words of one charset join, text between words stays");
    }

    @Test
    void keepsAttachmentsWithEncodedNamesAndNestedMailsAsFiles() throws Exception {
        String jisName = "=?ISO-2022-JP?B?" + Base64.getEncoder().encodeToString("見積書.xlsx".getBytes(Charset.forName("ISO-2022-JP"))) + "?=";
        ParsedMail mail = parse("""
                From: a@example.jp
                Content-Type: multipart/mixed; boundary=m

                --m
                Content-Type: text/plain; charset=UTF-8

                see attached
                --m
                Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; name="%s"
                Content-Disposition: attachment; filename="%s"
                Content-Transfer-Encoding: base64

                AAEC
                --m
                Content-Type: message/rfc822

                From: b@example.jp
                Subject: forwarded

                inner
                --m--
                """.formatted(jisName, jisName));
        assertEquals("see attached", mail.body());
        assertEquals(2, mail.attachments().size());
        assertEquals("見積書.xlsx", mail.attachments().get(0).filename());
        assertEquals(3, mail.attachments().get(0).size());
        assertEquals(MailParser.sha256(new byte[] {0, 1, 2}), mail.attachments().get(0).sha256());
        assertEquals("message/rfc822", mail.attachments().get(1).contentType());
        assertEquals("attached-2.eml", mail.attachments().get(1).filename());
    }

    @Test
    void recognisesBouncesAndAutoReplies() throws Exception {
        assertEquals("delivery-report", parse("""
                From: MAILER-DAEMON@example.com
                Content-Type: multipart/report; report-type=delivery-status; boundary=r

                --r
                Content-Type: text/plain

                Delivery failed.
                --r
                Content-Type: message/delivery-status

                Status: 5.1.1
                --r--
                """).automated());
        assertEquals("precedence-auto-reply", parse("From: a@example.com\nPrecedence: auto_reply\n\nAway\n").automated());
        assertEquals("precedence-bulk", parse("From: a@example.com\nPrecedence: bulk\n\nNews\n").automated());
        assertEquals("x-autoreply", parse("From: a@example.com\nX-Autoreply: yes\n\nAway\n").automated());
        assertNull(parse("From: a@example.com\nAuto-Submitted: no\n\nA real question\n").automated());
    }

    @Test
    void threadsByReferencesAndInReplyTo() throws Exception {
        ParsedMail mail = parse("From: a@example.com\nMessage-ID: <r@x>\nIn-Reply-To: <p@x> (comment)\nReferences: <root@x>\n <p@x>\n\nok\n");
        assertEquals("p@x", mail.inReplyTo());
        assertEquals(List.of("root@x", "p@x"), mail.references());
        assertEquals("email:root@x", EmailInquiries.conversationKey(mail));
    }

    @Test
    void keepsTheRootAndTheNewestReferencesOfAnEndlessThread() throws Exception {
        StringBuilder references = new StringBuilder("References: <root@x>");
        for (int i = 1; i <= 20_000; i++) {
            references.append("\n <m").append(i).append("@x>");
        }
        ParsedMail mail = parse("From: a@example.com\nMessage-ID: <r@x>\nIn-Reply-To: <m20000@x>\n" + references + "\n\nok\n");
        assertEquals(MailParser.DEFAULT_MAX_REFERENCES, mail.references().size());
        assertEquals("root@x", mail.references().get(0));
        assertEquals("m19902@x", mail.references().get(1));
        assertEquals("m20000@x", mail.references().get(MailParser.DEFAULT_MAX_REFERENCES - 1));
        assertEquals("email:root@x", EmailInquiries.conversationKey(mail));
        assertEquals(List.of("root@x", "m2@x", "m3@x"),
                new MailParser(3).parse("From: a@example.com\r\nReferences: <root@x> <m1@x> <m2@x> <m3@x>\r\n\r\nok\r\n"
                        .getBytes(StandardCharsets.US_ASCII)).references());
    }

    @Test
    void refusesWhatIsNotAMailNamingTheFault() {
        assertTrue(assertThrows(InvalidMailException.class, () -> parse("{\"this\":\"is not a mail\"}"))
                .getMessage().contains("From"));
        assertTrue(assertThrows(InvalidMailException.class, () -> parse("From: nobody\n\nhi\n")).getMessage().contains("address"));
        assertTrue(assertThrows(InvalidMailException.class,
                () -> parse("From: a@example.com\nContent-Type: text/plain; charset=x-no-such-charset\n\nhi\n")).getMessage()
                .contains("x-no-such-charset"));
        assertThrows(InvalidMailException.class,
                () -> parse("From: a@example.com\nContent-Type: multipart/mixed; boundary=x\n\nno boundary here\n"));
    }

    @Test
    void refusesMorePartsThanAPersonSendsBeforeParsingThem() throws Exception {
        String head = "From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n";
        String part = "--b\nContent-Type: text/plain\n\npart\n";
        assertTrue(assertThrows(InvalidMailException.class, () -> parse(head + part.repeat(MailParser.MAX_PARTS) + "--b--\n"))
                .getMessage().contains("more than " + MailParser.MAX_PARTS + " MIME parts"));
        assertTrue(parse(head + part.repeat(50) + "--b--\n").body().startsWith("part\n\npart"));
    }
}
