package io.madoguchi.analytics.service.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ArticleDraftsTest {

    private static FaqMiner.Question q(long ticket, String text, String answer) {
        return new FaqMiner.Question(ticket, text, answer, null, Instant.parse("2026-11-01T00:00:00Z"));
    }

    @Test
    void aBilingualCandidateGivesASectionPerLanguageWithItsMostGivenAnswerFirst() {
        List<FaqMiner.Question> byCloseness = List.of(
                q(12, "請求書\n今月の請求書が届いていません。再送をお願いします。", "請求書を再送しました。"),
                q(10, "Invoice\nThis month's invoice never arrived. Please resend it.", "I have resent the invoice."),
                q(11, "Missing invoice for October, please resend.", "I have resent the invoice."),
                q(14, "Invoice\nWhere is the invoice?", "Your invoice is in the billing portal."),
                q(13, "請求書が見つかりません", null));

        ArticleDrafts.Draft draft = ArticleDrafts.assemble(10, List.of("invoice", "resend"), byCloseness);

        assertEquals("This month's invoice never arrived.", draft.title(), "the larger language's most central question, first sentence");
        assertEquals(List.of("en", "ja"), draft.languages(), "the language asked in most first");
        assertEquals(List.of(10L, 11L, 12L, 13L, 14L), draft.ticketIds());
        String md = draft.markdown();
        assertTrue(md.startsWith("# This month's invoice never arrived.\n"), md);
        assertTrue(md.indexOf("## English") < md.indexOf("## 日本語"), "the language asked in most first: " + md);
        assertTrue(md.contains("**今月の請求書が届いていません。**"), md);
        assertTrue(md.contains("> 今月の請求書が届いていません。再送をお願いします。"), md);
        String english = md.substring(md.indexOf("## English"), md.indexOf("## 日本語"));
        assertTrue(english.contains("### Answer\n\nI have resent the invoice.\n"), "the answer given twice leads: " + english);
        assertTrue(english.contains("#### Other answers agents gave\n\n- Your invoice is in the billing portal.\n"), english);
        assertTrue(md.contains("### 回答\n\n請求書を再送しました。\n"), md);
        assertTrue(md.endsWith("## Sources\n\n5 tickets: #10, #11, #12, #13, #14\n"), md);
    }

    @Test
    void customersTextCannotInjectHtmlOrMarkdownStructure() {
        ArticleDrafts.Draft draft = ArticleDrafts.assemble(1, List.of("login"), List.of(
                q(1, "Login <script>alert(1)</script>\n# Fake heading\n- fake item", "<b>Reset</b> it & retry"),
                q(2, "Cannot log in at all", "<b>Reset</b> it & retry"),
                q(3, "Login fails --> help", null)));
        String md = draft.markdown();
        assertFalse(md.contains("<script>") || md.contains("<b>"), md);
        assertTrue(md.contains("&lt;script&gt;") && md.contains("&lt;b&gt;Reset&lt;/b&gt; it &amp; retry"), md);
        assertTrue(md.contains("> \\# Fake heading") && md.contains("> \\- fake item"), "no heading or list from a customer's line: " + md);
        assertEquals(1, md.split("(?m)^# ").length - 1, "one title heading: " + md);
    }

    @Test
    void aCandidateWithoutAnswersSaysSo() {
        ArticleDrafts.Draft draft = ArticleDrafts.assemble(5, List.of("配送"), List.of(
                q(5, "配送\n荷物がまだ届きません", null), q(6, "配送状況を知りたい", " "), q(7, "いつ届きますか？", null)));
        assertEquals(List.of("ja"), draft.languages());
        assertEquals("荷物がまだ届きません", draft.title());
        assertTrue(draft.markdown().contains("（まだ担当者の公開回答がありません）"), draft.markdown());
    }
}
