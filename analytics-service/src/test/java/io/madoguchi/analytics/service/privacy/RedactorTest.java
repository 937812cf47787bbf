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
        assertEquals("アドレスを[email]から[email]に変えました", Redactor.redact("アドレスをhanako@example.jpからhanako.new@mail.example.jpに変えました", null),
                "Japanese written right up to an address is not part of it");
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
        assertTrue(CardNumbers.luhn("79927398713"));
        assertFalse(CardNumbers.luhn("79927398710"));
    }

    @Test
    void theRequestersNameGoesWholeAndInPartsButNotInsideOtherWords() {
        assertEquals("Hi, this is [name]. [name] from accounting.", Redactor.redact("Hi, this is Hanako Yamada. Hanako from accounting.", "Hanako Yamada"));
        assertEquals("[name]と申します。[name]の件です", Redactor.redact("山田花子と申します。山田の件です", "山田 花子"));
        assertEquals("Anna-Lena asked Ann", Redactor.redact("Anna-Lena asked Ann", "Anne"), "no partial matches inside longer names");
        assertEquals("nothing here", Redactor.redact("nothing here", null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            マイナンバーは123456789018です                    | マイナンバーは[my-number]です
            個人番号：1234 5678 9018                         | 個人番号：[my-number]
            個人番号 1234-5678-9018 を登録                   | 個人番号 [my-number] を登録
            個人番号 １２３４５６７８９０１８                 | 個人番号 [my-number]
            書類に 0578 6332 8170 を記入しました              | 書類に [my-number] を記入しました
            受付番号 123456789012 です                       | 受付番号 123456789012 です
            送り状番号 7788-6613-0060 の荷物                 | 送り状番号 7788-6613-0060 の荷物
            カード 4111 1111 1111 1111 で払いました          | カード [card] で払いました
            """)
    void myNumbersGoWhenTheirCheckDigitHoldsAndNeitherCardsNorPhonesTakeThem(String text, String redacted) {
        assertEquals(redacted, Redactor.redact(text, null));
    }

    @Test
    void theMyNumberCheckDigitIsTheCabinetOfficesOne() {
        assertTrue(MyNumbers.valid("123456789018"));
        assertFalse(MyNumbers.valid("123456789017"));
        assertTrue(MyNumbers.valid("057863328170"), "remainder 0 or 1 gives check digit 0");
        assertFalse(MyNumbers.valid("057863328171"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            返金先はみずほ銀行 渋谷支店 普通 1234567です      | 返金先はみずほ銀行 渋谷支店 [account]です
            振込先：当座預金 0012345                          | 振込先：[account]
            支店番号 123 口座番号 1234567                     | [account]
            口座番号は 2345678 です                           | [account] です
            ゆうちょ銀行 記号 12345 番号 12345671 です        | ゆうちょ銀行 [account] です
            Refund to ordinary account 7654321 please         | Refund to ordinary account [account] please
            Please refund to IBAN DE89 3704 0044 0532 0130 00. | Please refund to IBAN [account].
            IBAN gb82west12345698765432, BIC WESTGB22         | IBAN [account], BIC WESTGB22
            注文番号 1234567 の件                             | 注文番号 1234567 の件
            普通の使い方で壊れました                          | 普通の使い方で壊れました
            IBAN GB82 WEST 1234 5698 7654 33 was rejected     | IBAN GB82 WEST 1234 5698 7654 33 was rejected
            """)
    void bankAccountsGoJapaneseAndIbansThatPassTheirCheck(String text, String redacted) {
        assertEquals(redacted, Redactor.redact(text, null));
    }

    @Test
    void anIbanIsCheckedModulo97() {
        assertTrue(BankAccounts.ibanValid("GB82WEST12345698765432"));
        assertFalse(BankAccounts.ibanValid("GB82WEST12345698765433"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            お届け先は東京都千代田区丸の内1-2-3です                          | お届け先は[address]です
            住所を〒530-0001 大阪府大阪市北区梅田2丁目4番9号 梅田ビル5Fに変更  | 住所を[address]に変更
            〒３３０－０８５４ 埼玉県さいたま市大宮区桜木町２－３－４に届けて    | [address]に届けて
            旧住所の名古屋市中村区名駅4丁目7番1号には届けないで              | 旧住所の[address]には届けないで
            郵便番号は460-0008です                                           | 郵便番号は[address]です
            I moved to 1-2-3 Marunouchi, Chiyoda-ku, Tokyo 100-0005, thanks  | I moved to [address], thanks
            品番123-4567の在庫はありますか                                    | 品番123-4567の在庫はありますか
            東京都の助成金の対象ですか                                        | 東京都の助成金の対象ですか
            大阪府大阪市の店舗で買いました                                    | 大阪府大阪市の店舗で買いました
            新宿の店舗で買いました                                            | 新宿の店舗で買いました
            """)
    void postalAddressesGoWithTheirPostalCodeAndBuildingButPlacesStay(String text, String redacted) {
        assertEquals(redacted, Redactor.redact(text, null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            担当の佐藤が確認いたしました                  | 担当の[name]が確認いたしました
            先日、鈴木一郎様よりご注文をいただきました    | 先日、[name]様よりご注文をいただきました
            森さんの説明がわかりやすかったです            | [name]さんの説明がわかりやすかったです
            清水 誠さんから紹介されました                 | [name]さんから紹介されました
            営業の松本から聞いた料金と違います            | 営業の[name]から聞いた料金と違います
            口座名義は ヤマダ タロウ です                 | 口座名義は [name] です
            森の中のキャンプ場を予約しました              | 森の中のキャンプ場を予約しました
            住友カードで支払いました                      | 住友カードで支払いました
            山崎パンの配送が遅れています                  | 山崎パンの配送が遅れています
            ノアのケースが割れていました                  | ノアのケースが割れていました
            """)
    void japaneseNamesGoWhenTheWordsAroundMakeThemAPersonAndNotACompanyOrProduct(String text, String redacted) {
        assertEquals(redacted, Redactor.redact(text, null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Dear Mr. Smith, your refund is processed      | Dear Mr. [name], your refund is processed
            Hi Aiko and Ren, the parcel is on its way      | Hi [name] and [name], the parcel is on its way
            Thanks for your help, Sato-san!                | Thanks for your help, [name]-san!
            This is John Miller from Acme                  | This is [name] from Acme
            Please send the contract to Yamada様           | Please send the contract to [name]様
            Dear Customer, your order has shipped          | Dear Customer, your order has shipped
            Hi Support Team, the app crashes               | Hi Support Team, the app crashes
            Apple Pay was declined                         | Apple Pay was declined
            """)
    void latinNamesGoAfterTitlesSalutationsAndBeforeHonorifics(String text, String redacted) {
        assertEquals(redacted, Redactor.redact(text, null));
    }

    @Test
    void theSignersNameGoesAndTheTeamStays() {
        assertEquals("再発行いたしました。\nよろしくお願いいたします。\n\nマドグチ株式会社 カスタマーサポート部\n[name]\nTEL [phone]",
                Redactor.redact("再発行いたしました。\nよろしくお願いいたします。\n\nマドグチ株式会社 カスタマーサポート部\n佐藤 花子\nTEL 03-1234-5678", null));
        assertEquals("請求書を添付いたします。よろしくお願いいたします。ヘルプデスク [name]",
                Redactor.redact("請求書を添付いたします。よろしくお願いいたします。ヘルプデスク 小野", null));
        assertEquals("Your refund was issued.\n\nBest regards,\n[name]\nCustomer Support, Madoguchi",
                Redactor.redact("Your refund was issued.\n\nBest regards,\nTaro Sato\nCustomer Support, Madoguchi", null));
        assertEquals("Regards,\n[name]\nProcurement, Example Corp.", Redactor.redact("Regards,\nJ. Tanaka\nProcurement, Example Corp.", null));
        assertEquals("手順をお送りします。\nよろしくお願いいたします。\nマドグチ カスタマーサポート",
                Redactor.redact("手順をお送りします。\nよろしくお願いいたします。\nマドグチ カスタマーサポート", null), "a team alone signs nobody");
        assertEquals("Thanks, that fixed it!", Redactor.redact("Thanks, that fixed it!", null));
        assertEquals("よろしくお願いします。\niPhone 15 Pro / iOS 17.4\n商品名: マックスプラン",
                Redactor.redact("よろしくお願いします。\niPhone 15 Pro / iOS 17.4\n商品名: マックスプラン", null), "lines that do not start with a name");
    }
}
