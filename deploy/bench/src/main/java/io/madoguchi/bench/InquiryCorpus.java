package io.madoguchi.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Inquiries as customers write them: half Japanese, half English, bodies of 0.5–4 KB (UTF-8) built from the
 * sentences of real support topics, and a share of follow-ups that continue an earlier conversation of the run
 * (same requester, same conversation key), so that ticket-service threads them onto an existing ticket.
 */
final class InquiryCorpus {

    private static final String[][] JA = {
        {"請求書について", "先月分の請求書がまだ届いていません。", "経理の締め日が近いので、至急PDFで送っていただけますか。",
            "請求先の住所が旧住所のままになっているようです。", "支払い方法をクレジットカードから銀行振込に変更したいです。"},
        {"ログインできません", "昨日からログインできなくなりました。", "パスワードを再設定してもエラーが表示されます。",
            "二段階認証のコードがSMSで届きません。", "スマートフォンのアプリでもブラウザでも同じ症状です。"},
        {"配送の遅れ", "注文した商品がまだ届きません。", "追跡番号で確認すると、三日前から同じ配送センターに止まったままです。",
            "贈り物なので週末までに届かないと困ります。", "配送先を会社の住所に変更することはできますか。"},
        {"返品と返金", "届いた商品のサイズが合わなかったので返品したいです。", "返送用の伝票はどこで手に入りますか。",
            "返金はいつ頃、どの方法で行われますか。", "箱を開けてしまいましたが、未使用です。"},
        {"APIのエラー", "APIを呼び出すと500エラーが返ってきます。", "リクエストIDはログに残っていますので、必要であればお送りします。",
            "本番環境だけで発生し、ステージングでは再現しません。", "レート制限の上限を教えていただけますか。"},
    };
    private static final String[][] EN = {
        {"Invoice missing", "I have not received last month's invoice yet.", "Our accounting closes the books on Friday, so I need the PDF soon.",
            "The billing address still shows our old office.", "Could we switch the payment method from card to bank transfer?"},
        {"Cannot log in", "Since yesterday I cannot log in to my account.", "Resetting the password did not help; the page shows an error.",
            "The two-factor code never arrives by SMS.", "It happens in the mobile app and in the browser alike."},
        {"Late delivery", "My order has not arrived yet.", "The tracking page shows the parcel stuck at the same depot for three days.",
            "It is a gift, so it has to arrive before the weekend.", "Can you change the delivery address to my office?"},
        {"Return and refund", "The item I received is the wrong size and I would like to return it.", "Where do I get the return label?",
            "When and how will the refund be paid?", "I opened the box but never used the item."},
        {"API errors", "Calling the API returns a 500 error.", "I kept the request ids from our logs and can send them if that helps.",
            "It only happens in production, never in staging.", "What are the rate limits for our plan?"},
    };

    private final ObjectMapper json = new ObjectMapper();
    private final SplittableRandom random;
    private final String run;
    private final double followUpShare;
    private final List<Integer> conversations = new ArrayList<>();
    private int next;

    /** One inquiry: the conversation it belongs to and its text. */
    record Inquiry(String conversationKey, String email, String name, String subject, String body, boolean japanese, boolean followUp) {
    }

    InquiryCorpus(String run, double followUpShare, long seed) {
        this.run = run;
        this.followUpShare = followUpShare;
        this.random = new SplittableRandom(seed);
    }

    synchronized Inquiry next() {
        boolean followUp = !conversations.isEmpty() && random.nextDouble() < followUpShare;
        int conversation = followUp ? conversations.get(random.nextInt(conversations.size())) : next++;
        if (!followUp) {
            conversations.add(conversation);
        }
        boolean japanese = conversation % 2 == 0;
        String[] topic = (japanese ? JA : EN)[conversation % 5];
        int target = 512 + random.nextInt(4096 - 512);
        StringBuilder body = new StringBuilder(followUp ? (japanese ? "追加の質問です。" : "A follow-up to my last message. ") : "");
        while (body.toString().getBytes(UTF_8).length < target) {
            body.append(topic[1 + random.nextInt(topic.length - 1)]).append(japanese ? "" : " ");
        }
        String text = trim(body.toString(), target);
        return new Inquiry("bench:" + run + "/" + conversation, "c" + conversation + "-" + run + "@example.jp",
                japanese ? "山田 花子" : "Pat Smith", (followUp ? "Re: " : "") + topic[0], text, japanese, followUp);
    }

    /** The JSON API body for an inquiry. */
    String apiBody(Inquiry inquiry) {
        ObjectNode body = json.createObjectNode().put("channel", "api").put("subject", inquiry.subject())
                .put("body", inquiry.body()).put("conversationKey", inquiry.conversationKey());
        body.putObject("requester").put("email", inquiry.email()).put("name", inquiry.name());
        return body.toString();
    }

    /** The data of an {@code inquiry.received.v1} event an internal system writes straight to inquiries.v1. */
    String eventData(Inquiry inquiry, UUID inquiryId, Instant receivedAt) {
        ObjectNode data = json.createObjectNode().put("inquiryId", inquiryId.toString()).put("receivedAt", receivedAt.toString())
                .put("channel", "api").put("source", "bench").put("conversationKey", inquiry.conversationKey())
                .put("subject", inquiry.subject()).put("body", inquiry.body()).put("language", inquiry.japanese() ? "ja" : "en");
        data.putObject("requester").put("channelUserId", inquiry.email()).put("email", inquiry.email()).put("displayName", inquiry.name());
        return data.toString();
    }

    /** Cuts at a character boundary so the UTF-8 form is at most {@code bytes} long. */
    private static String trim(String text, int bytes) {
        int end = text.length();
        while (text.substring(0, end).getBytes(UTF_8).length > bytes) {
            end -= Math.max(1, (text.substring(0, end).getBytes(UTF_8).length - bytes) / 3);
        }
        return text.substring(0, end).strip();
    }
}
