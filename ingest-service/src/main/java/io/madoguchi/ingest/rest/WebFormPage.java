package io.madoguchi.ingest.rest;

import java.util.List;
import java.util.Map;

/** The contact form's pages. Every value a visitor typed is HTML-escaped before it is written back. */
final class WebFormPage {

    private WebFormPage() {
    }

    private static final String HEAD = """
            <!DOCTYPE html>
            <html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>お問い合わせ / Contact us</title>
            <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}
            label{display:block;margin-top:1rem}input,textarea{width:100%;box-sizing:border-box;padding:.4rem}
            .hp{position:absolute;left:-10000px}.errors{color:#a00}button{margin-top:1rem;padding:.5rem 1.5rem}</style>
            </head><body>
            """;

    static String form(Map<String, String> values, List<String> errors) {
        StringBuilder page = new StringBuilder(HEAD).append("<h1>お問い合わせ / Contact us</h1>\n");
        if (!errors.isEmpty()) {
            page.append("<ul class=\"errors\" role=\"alert\">");
            errors.forEach(e -> page.append("<li>").append(escape(e)).append("</li>"));
            page.append("</ul>\n");
        }
        page.append("""
                <form method="post" action="/form" accept-charset="UTF-8">
                <label>お名前 / Name <input name="name" maxlength="256" autocomplete="name" value="%s"></label>
                <label>メールアドレス / E-mail <input name="email" type="email" required maxlength="320" autocomplete="email" value="%s"></label>
                <label>件名 / Subject <input name="subject" maxlength="200" value="%s"></label>
                <label>お問い合わせ内容 / Your question <textarea name="message" required maxlength="10000" rows="8">%s</textarea></label>
                <div class="hp" aria-hidden="true"><label>Website <input name="website" tabindex="-1" autocomplete="off"></label></div>
                <button type="submit">送信 / Send</button>
                </form></body></html>
                """.formatted(escape(values.get("name")), escape(values.get("email")), escape(values.get("subject")),
                escape(values.get("message"))));
        return page.toString();
    }

    static String thanks(String reference) {
        return HEAD + "<h1>ありがとうございました / Thank you</h1><p>お問い合わせを受け付けました。担当者よりご連絡いたします。"
                + " / We received your question and will get back to you.</p>"
                + (reference == null ? "" : "<p>Reference: <code>" + escape(reference) + "</code></p>") + "</body></html>\n";
    }

    static String message(String text) {
        return HEAD + "<p>" + escape(text) + "</p></body></html>\n";
    }

    static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
