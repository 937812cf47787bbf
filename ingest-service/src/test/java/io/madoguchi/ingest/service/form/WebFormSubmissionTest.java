package io.madoguchi.ingest.service.form;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class WebFormSubmissionTest {

    private final WebFormSubmission form = new WebFormSubmission(new FormAttachmentRules(3, new io.quarkus.runtime.configuration.MemorySize(java.math.BigInteger.valueOf(300 * 1024)),
            "image/png,image/jpeg,application/pdf,text/plain"));

    private WebFormSubmission.Checked check(String body) {
        return form.check(body.getBytes(UTF_8));
    }

    @Test
    void aMessageWithNothingVisibleInItIsMissing() {
        // ideographic, no-break and zero-width space, control characters, ASCII white space
        for (String blank : List.of("%E3%80%80", "%C2%A0", "%E2%80%8B", "%00%01%7F", "+%09%0D%0A")) {
            assertEquals(List.of("message: please write your question / お問い合わせ内容を入力してください"),
                    check("email=h%40example.jp&message=" + blank).errors(), blank);
        }
        assertTrue(check("email=h%40example.jp&message=%E3%80%80%E8%B3%AA%E5%95%8F").errors().isEmpty());
    }

    @Test
    void keepsTheFirstOfEachOfItsOwnFieldsAndNothingElse() {
        WebFormSubmission.Checked checked = check("message=first&email=h%40example.jp&message=second&comment=x&web%73ite=&&=&name");
        assertEquals(Map.of("message", "first", "email", "h@example.jp", "website", "", "name", ""), checked.fields());
        assertFalse(checked.honeypot());
        assertTrue(check("email=h%40example.jp&message=m&web%73ite=http%3A%2F%2Fspam.example").honeypot());
    }
}
