package io.madoguchi.analytics.service.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureReasonsTest {

    @Test
    void theSameRefusalOfTwoCustomersReadsTheSameWithoutEitherAddress() {
        String hanako = FailureReasons.normalise("SMTP 550: 5.1.1 <hanako@example.jp>: Recipient address rejected: User unknown",
                "hanako@example.jp");
        String taro = FailureReasons.normalise("SMTP 550: 5.1.1 <taro.yamada+support@mail.example.co.jp>: Recipient address rejected:"
                + "  User unknown", "taro.yamada+support@mail.example.co.jp");
        assertEquals("SMTP 550: 5.1.1 <[email]>: Recipient address rejected: User unknown", hanako);
        assertEquals(hanako, taro);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            SMTP 421: 4.7.0 Try again later, closing connection (mx1.example.jp 2001:db8::1 session 7f3a9c2e41)   | SMTP 421: 4.7.0 Try again later, closing connection (mx1.example.jp 2001:db8::1 session [id])
            Message <delivery.0b6f1f9e-8c1e-4d67-9a53-51f2a3c0a9d1@support.example.jp> refused                 | Message <[email]> refused
            delivery 0b6f1f9e-8c1e-4d67-9a53-51f2a3c0a9d1 timed out after 30000 ms                             | delivery [id] timed out after 30000 ms
            LINE 400: The user U4af4980629a1b2c3d4e5f60718293a4b has blocked the account                      | LINE 400: The user [id] has blocked the account
            Slack channel_not_found: C0123ABCD (thread 1733300000.123456)                                      | Slack channel_not_found: [id] (thread [id])
            connect to 192.168.10.25:587 failed: Connection refused                                            | connect to [id]:587 failed: Connection refused
            携帯 090-1234-5678 に送れませんでした                                                                | 携帯 [phone] に送れませんでした
            no sender for channel line                                                                         | no sender for channel line
            """)
    void addressesNumbersAndIdsGoAndTheChannelsOwnWordsStay(String reason, String normalised) {
        assertEquals(normalised, FailureReasons.normalise(reason, null));
    }

    @Test
    void theRecipientGoesWhateverItLooksLike() {
        assertEquals("chat source [recipient] answered 410 Gone", FailureReasons.normalise("chat source Web-Widget answered 410 Gone",
                "web-widget"));
        assertEquals("widget-web answered 410", FailureReasons.normalise("widget-web answered 410", "web"),
                "only the recipient as a whole word");
    }

    @Test
    void noReasonIsNoneAndALongOneIsCut() {
        assertNull(FailureReasons.normalise(null, "hanako@example.jp"));
        assertNull(FailureReasons.normalise("  ", null));
        String cut = FailureReasons.normalise("mailbox full ".repeat(60), null);
        assertEquals(FailureReasons.MAX_LENGTH, cut.length());
        assertTrue(cut.endsWith("…"), cut);
    }
}
