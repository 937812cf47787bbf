package io.madoguchi.ticket.rest;

import java.util.List;
import java.util.Locale;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The survey page's HTML, in Japanese or English: Qute templates in {@code templates/survey/}, which escape every value,
 * and the headers every page goes out with. The URL holds the token, so no page is cached, framed, or names itself
 * in a Referer; no script runs, the only style is our own stylesheet, and forms post to us only.
 */
final class SurveyPages {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    /** As the JSON API's {@code SurveyAnswer.comment}. */
    static final int MAX_COMMENT = 2000;

    @TemplateData
    record Texts(String lang, String otherLang, String otherLangName, String title, String question, String questionAbout,
            String good, String bad, String comment, String optional, String send, String chooseRating, String commentTooLong,
            String thanks, String thanksDetail, String answered, String answeredDetail, String notFound, String notFoundDetail,
            String expired, String expiredDetail, String invalid, String tooMany, String tooManyDetail, String unavailable,
            String unavailableDetail) {

        /** The question, naming the ticket's subject when there is one. */
        String questionFor(String subject) {
            return subject == null || subject.isBlank() ? question : questionAbout.replace("{subject}", subject);
        }
    }

    static final Texts JA = new Texts("ja", "en", "English", "サポートについてのアンケート",
            "今回のサポートにはご満足いただけましたか？", "お問い合わせ「{subject}」へのサポートにはご満足いただけましたか？",
            "満足", "不満", "ご意見・ご感想", "（任意）", "送信する", "「満足」か「不満」をお選びください。",
            "ご意見は" + MAX_COMMENT + "文字以内でお書きください。",
            "ご回答ありがとうございました", "いただいたご意見は、サポートの改善に役立てます。",
            "このアンケートには回答済みです", "ご回答はすでに承っております。ありがとうございました。",
            "アンケートが見つかりません", "リンクが正しいか、メールなどに記載のURLをご確認ください。",
            "このアンケートは回答期限を過ぎました", "お手数ですが、ご意見はサポート窓口へ直接お寄せください。",
            "入力内容をご確認ください", "アクセスが集中しています", "しばらく時間をおいてから、もう一度お試しください。",
            "ただいまご回答を記録できません", "しばらく時間をおいてから、もう一度お試しください。");

    static final Texts EN = new Texts("en", "ja", "日本語", "How did we do?",
            "Are you satisfied with the support you received?", "Are you satisfied with the support you received on “{subject}”?",
            "Satisfied", "Not satisfied", "Your comments", "(optional)", "Send", "Please choose satisfied or not satisfied.",
            "Please keep your comments within " + MAX_COMMENT + " characters.",
            "Thank you for your feedback", "We will use it to improve our support.",
            "This survey has already been answered", "We have your answer already. Thank you.",
            "Survey not found", "Please check that the link is the one in our message.",
            "This survey has expired", "It can no longer be answered; please write to our support desk instead.",
            "Please check your answer", "Too many requests", "Please wait a minute and try again.",
            "We could not record your answer right now", "Please try again in a few minutes.");

    @CheckedTemplate(basePath = "survey")
    static class Templates {
        /** The question, the rating (preselected when {@code rating} is good or bad), a comment box and the button. */
        static native TemplateInstance form(Texts t, String token, String question, String rating, String comment, String error,
                int maxComment);

        /** A page that only tells something: thanks, already answered, not found, expired, too many, unavailable. */
        static native TemplateInstance message(Texts t, String heading, String detail);
    }

    private SurveyPages() {
    }

    /** {@code ?lang=} (or the form's lang) when it is ja or en, else the first of ja or en in Accept-Language, else ja. */
    static Texts texts(String requested, List<Locale> acceptable) {
        if ("en".equals(requested) || "ja".equals(requested)) {
            return "en".equals(requested) ? EN : JA;
        }
        for (Locale locale : acceptable) {
            if ("en".equals(locale.getLanguage())) {
                return EN;
            }
            if ("ja".equals(locale.getLanguage())) {
                return JA;
            }
        }
        return JA;
    }

    static Response message(int status, Texts t, String heading, String detail) {
        return html(status, Templates.message(t, heading, detail));
    }

    static Response html(int status, TemplateInstance page) {
        return secured(Response.status(status)).type(MediaType.TEXT_HTML + ";charset=UTF-8").entity(page.render()).build();
    }

    static Response.ResponseBuilder secured(Response.ResponseBuilder response) {
        return response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store");
    }
}
