package io.madoguchi.ingest.service.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlackMarkupTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ⇒ ", quoteCharacter = '`', textBlock = """
            `a user mention` ⇒ `<@U024BE7LH> can you check?` ⇒ `@U024BE7LH can you check?`
            `a user mention with a label` ⇒ `<@U024BE7LH|sato> can you check?` ⇒ `@sato can you check?`
            `a user group` ⇒ `<!subteam^SAZ94GDB8|@billing-team> please` ⇒ `@billing-team please`
            `a user group without a label` ⇒ `<!subteam^SAZ94GDB8> please` ⇒ `@SAZ94GDB8 please`
            `here and channel` ⇒ `<!here> and <!channel>` ⇒ `@here and @channel`
            `a channel` ⇒ `see <#C024BE7LR|general>` ⇒ `see #general`
            `a channel without a label` ⇒ `see <#C024BE7LR>` ⇒ `see #C024BE7LR`
            `a labelled link` ⇒ `<https://example.jp/a?b=1&amp;c=2|the invoice>` ⇒ `the invoice (https://example.jp/a?b=1&c=2)`
            `a bare link` ⇒ `<https://example.jp/invoice>` ⇒ `https://example.jp/invoice`
            `a mail address` ⇒ `write to <mailto:billing@example.jp|billing@example.jp>` ⇒ `write to billing@example.jp`
            `a date` ⇒ `due <!date^1392734382^{date_short}|Feb 18, 2014>` ⇒ `due Feb 18, 2014`
            `escaped text` ⇒ `a &lt; b &amp;&amp; c &gt; d` ⇒ `a < b && c > d`
            """)
    void markupReadsAsAPersonWouldSayIt(String what, String slack, String readable) {
        assertEquals(readable, SlackMarkup.readable(slack));
    }
}
