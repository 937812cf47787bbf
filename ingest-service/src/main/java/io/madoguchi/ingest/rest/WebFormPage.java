package io.madoguchi.ingest.rest;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.madoguchi.chassis.pages.Html;
import io.madoguchi.ingest.service.form.WebFormSubmission.FormError;

/**
 * The contact form's pages, in Japanese or English. Every value a visitor typed is HTML-escaped before it is written
 * back; no page has inline script or style (the stylesheet is /form-assets/form.css), so they work under the
 * Content-Security-Policy they are served with.
 */
final class WebFormPage {

    record Texts(String lang, String otherLang, String otherLangName, String title, String name, String email, String subject,
            String message, String attachments, String attachmentsHint, String send, String thanks, String thanksDetail,
            String reference, String tooMany, String tooFast, String stale, String attachAgain) {
    }

    static final Texts JA = new Texts("ja", "en", "English", "お問い合わせ", "お名前", "メールアドレス", "件名", "お問い合わせ内容",
            "添付ファイル（スクリーンショットなど）", "%d個まで、1ファイル%s以内（%s）", "送信する", "ありがとうございました",
            "お問い合わせを受け付けました。担当者よりご連絡いたします。", "受付番号", "送信回数が多すぎます。しばらくしてから再度お試しください。",
            "フォームを開いてから送信までが短すぎます。内容をご確認のうえ、もう一度送信してください。",
            "このフォームは有効期限が切れました。内容をご確認のうえ、もう一度送信してください。", "添付ファイルはもう一度選んでください。");

    static final Texts EN = new Texts("en", "ja", "日本語", "Contact us", "Name", "E-mail", "Subject", "Your question",
            "Attachments (a screenshot, for instance)", "up to %d files, %s each at most (%s)", "Send", "Thank you",
            "We received your question and will get back to you.", "Reference",
            "Too many submissions. Please try again in a minute.",
            "The form was sent too quickly after it was opened. Please check your entries and send it again.",
            "This form has expired. Please check your entries and send it again.", "Please choose your files again.");

    /** {@code lang} when it is ja or en, else the first of ja or en in Accept-Language, else Japanese. */
    static Texts texts(String lang, List<Locale> acceptable) {
        if ("en".equals(lang) || "ja".equals(lang)) {
            return "en".equals(lang) ? EN : JA;
        }
        for (Locale locale : acceptable) {
            if ("en".equals(locale.getLanguage()) || "ja".equals(locale.getLanguage())) {
                return "en".equals(locale.getLanguage()) ? EN : JA;
            }
        }
        return JA;
    }

    private WebFormPage() {
    }

    private static String head(Texts t, String title) {
        return """
                <!DOCTYPE html>
                <html lang="%s"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <link rel="stylesheet" href="/form-assets/form.css">
                </head>
                """.formatted(t.lang(), escape(title));
    }

    /** The form; {@code started} is the signed time it is served, {@code attachments} what the file input offers. */
    static String form(Texts t, Map<String, String> values, List<String> errors, String started, Attachments attachments) {
        StringBuilder page = new StringBuilder(head(t, t.title())).append("<body data-page=\"form\">\n")
                .append("<p class=\"switch\"><a href=\"/form?lang=").append(t.otherLang()).append("\" hreflang=\"").append(t.otherLang())
                .append("\" lang=\"").append(t.otherLang()).append("\">").append(t.otherLangName()).append("</a></p>\n")
                .append("<h1>").append(escape(t.title())).append("</h1>\n");
        if (!errors.isEmpty()) {
            page.append("<ul class=\"errors\" role=\"alert\" id=\"errors\">");
            errors.forEach(e -> page.append("<li>").append(escape(e)).append("</li>"));
            page.append("</ul>\n");
        }
        page.append("""
                <form method="post" action="/form" accept-charset="UTF-8" enctype="multipart/form-data">
                <label>%s <input name="name" maxlength="256" autocomplete="name" value="%s"></label>
                <label>%s <input name="email" type="email" required maxlength="320" autocomplete="email" value="%s"></label>
                <label>%s <input name="subject" maxlength="200" value="%s"></label>
                <label>%s <textarea name="message" required maxlength="10000" rows="8">%s</textarea></label>
                <label>%s <input name="attachment" type="file" multiple accept="%s"><span class="hint">%s</span></label>
                <div class="hp" aria-hidden="true"><label>Website <input name="website" tabindex="-1" autocomplete="off"></label></div>
                <input type="hidden" name="lang" value="%s">
                <input type="hidden" name="started" value="%s">
                <button type="submit" id="send">%s</button>
                </form></body></html>
                """.formatted(escape(t.name()), escape(values.get("name")), escape(t.email()), escape(values.get("email")),
                escape(t.subject()), escape(values.get("subject")), escape(t.message()), escape(values.get("message")),
                escape(t.attachments()), escape(attachments.accept()),
                escape(t.attachmentsHint().formatted(attachments.maxCount(), attachments.maxSize(), attachments.names())),
                t.lang(), escape(started), escape(t.send())));
        return page.toString();
    }

    /** What the file input offers: how many files, how large each (e.g. "300 KB"), of which types (MIME types, and as people name them). */
    record Attachments(int maxCount, String maxSize, String accept, String names) {
    }

    static String thanks(Texts t, String reference) {
        return head(t, t.thanks()) + "<body data-page=\"thanks\">\n<h1 id=\"heading\">" + escape(t.thanks()) + "</h1><p>"
                + escape(t.thanksDetail()) + "</p>"
                + (reference == null ? "" : "<p>" + escape(t.reference()) + ": <code id=\"reference\">" + escape(reference) + "</code></p>")
                + "</body></html>\n";
    }

    static String message(Texts t, String text) {
        return head(t, t.title()) + "<body data-page=\"message\">\n<p id=\"message\">" + escape(text) + "</p></body></html>\n";
    }

    /** The problems in the page's language. */
    static List<String> errors(Texts t, List<FormError> problems) {
        return problems.stream().map(p -> "en".equals(t.lang()) ? p.en() : p.ja()).toList();
    }

    static String escape(String value) {
        return Html.escape(value);
    }
}
