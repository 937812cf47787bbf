package io.madoguchi.analytics.service.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void eMailAddressesGoIncludingJapaneseDomainsAndPlusTags() {
        assertEquals("連絡先は [email] です", Redactor.redact("連絡先は hanako.yamada+shop@example.co.jp です", null));
        assertEquals("write to [email].", Redactor.redact("write to taro@mail.例え.jp.", null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            携帯は090-1234-5678です                 | 携帯は[phone]です
            携帯は０９０－１２３４－５６７８です     | 携帯は[phone]です
            会社 03-1234-5678 まで                  | 会社 [phone] まで
            フリーダイヤル 0120-123-456             | フリーダイヤル [phone]
            番号 09012345678                        | 番号 [phone]
            call +81 90-1234-5678 today             | call [phone] today
            call +1 (555) 123-4567 today            | call [phone] today
            ring +44 20 7946 0958                   | ring [phone]
            """)
    void phoneNumbersInJapaneseAndInternationalFormats(String text, String redacted) {
        assertEquals(redacted, Redactor.redact(text, null));
    }

    @Test
    void cardNumbersGoOnlyWhenTheyPassTheLuhnCheck() {
        assertEquals("card [card] was charged", Redactor.redact("card 4111 1111 1111 1111 was charged", null));
        assertEquals("カード[card]で払いました", Redactor.redact("カード5500-0000-0000-0004で払いました", null));
        assertEquals("order 4111111111111112 is late", Redactor.redact("order 4111111111111112 is late", null),
                "a 16-digit order number that fails the Luhn check is kept");
        assertEquals("invoice 2026-0001 for 12,000 yen", Redactor.redact("invoice 2026-0001 for 12,000 yen", null));
        assertTrue(Redactor.luhn("79927398713"));
        assertFalse(Redactor.luhn("79927398710"));
    }

    @Test
    void theRequestersNameGoesWholeAndInPartsButNotInsideOtherWords() {
        assertEquals("Hi, this is [name]. [name] from accounting.", Redactor.redact("Hi, this is Hanako Yamada. Hanako from accounting.", "Hanako Yamada"));
        assertEquals("[name]と申します。[name]の件です", Redactor.redact("山田花子と申します。山田の件です", "山田 花子"));
        assertEquals("Anna-Lena asked Ann", Redactor.redact("Anna-Lena asked Ann", "Anne"), "no partial matches inside longer names");
        assertEquals("nothing here", Redactor.redact("nothing here", null));
    }
}
