package io.madoguchi.bench;

import java.util.List;
import java.util.Random;

/**
 * Support questions for the mining benchmark: each is one of a topic's phrasings, in Japanese or English, with a
 * greeting, a detail and a closing drawn at random, so that no two tickets read quite the same.
 */
final class GeneratedQuestions {

    record Question(String subject, String text, String requester, String answer, String macro) {
    }

    private record Topic(String subject, List<String> ja, List<String> en, String answer) {
    }

    private static final List<Topic> TOPICS = List.of(
            topic("パスワード", "Use Forgot password on the sign-in page.",
                    "パスワードを忘れてログインできません。", "パスワード再設定のメールが届きません。",
                    "I forgot my password and cannot sign in.", "The password reset email never arrives."),
            topic("請求書", "We have sent the invoice again.",
                    "今月の請求書が届いていません。", "請求書を再発行してください。",
                    "We did not receive this month's invoice.", "Please send the invoice again."),
            topic("二重請求", "The duplicate charge is refunded.",
                    "同じ注文で二回請求されています。", "カードに二重に課金されました。",
                    "I was charged twice for one order.", "There is a duplicate charge on my card."),
            topic("解約", "You can cancel from the plan page.",
                    "サービスを解約したいです。", "解約の手続き方法を教えてください。",
                    "How do I cancel my subscription?", "I want to cancel the service."),
            topic("配送", "The parcel is on its way.",
                    "注文した商品がまだ届きません。", "配送状況を確認したいです。",
                    "My order has not arrived yet.", "Where is my parcel?"),
            topic("返品", "Returns are accepted within 30 days.",
                    "商品を返品したいのですが。", "返品の送り先を教えてください。",
                    "I would like to return the item.", "How do I send a product back?"),
            topic("メールアドレス変更", "Change it under Profile in the account settings.",
                    "登録メールアドレスを変更したいです。", "メールアドレスの変更方法がわかりません。",
                    "How can I change my email address?", "I need to update the email on my account."),
            topic("二段階認証", "Recovery codes restore access.",
                    "二段階認証のコードが届きません。", "スマホを機種変更して認証できません。",
                    "I lost my phone and cannot pass two-factor authentication.", "The 2FA code does not work."),
            topic("領収書", "Receipts are under Billing history.",
                    "領収書をダウンロードしたいです。", "宛名入りの領収書は発行できますか。",
                    "Where can I download a receipt?", "Can I get a receipt with our company name?"),
            topic("プラン変更", "Upgrades take effect at once.",
                    "上位プランに変更したいです。", "プランのダウングレードはできますか。",
                    "How do I upgrade my plan?", "Can we downgrade to a cheaper plan?"),
            topic("ログインエラー", "Clear the browser cache and try again.",
                    "ログインするとエラーが表示されます。", "ログイン画面から先に進めません。",
                    "I get an error when I log in.", "The login page keeps loading forever."),
            topic("アカウント削除", "We delete the account within 7 days.",
                    "アカウントを削除してください。", "退会して個人情報を消してほしいです。",
                    "Please delete my account.", "I want my account and data removed."),
            topic("支払い方法", "Cards and bank transfer are accepted.",
                    "支払い方法を変更したいです。", "クレジットカード以外で支払えますか。",
                    "How do I change the payment method?", "Can I pay by bank transfer?"),
            topic("アプリ起動", "Update the app to the latest version.",
                    "アプリが起動しません。", "アプリを開くとすぐ落ちます。",
                    "The app crashes on launch.", "The app will not open on my phone."),
            topic("通知", "Notifications are set per device.",
                    "通知が届かなくなりました。", "プッシュ通知を止めたいです。",
                    "I no longer get notifications.", "How do I turn off push notifications?"),
            topic("データ移行", "Export and import under Settings.",
                    "古い端末からデータを移行したいです。", "機種変更でデータを引き継げますか。",
                    "How do I move my data to a new phone?", "Can I transfer my data to another device?"),
            topic("ポイント", "Points are added a day after purchase.",
                    "ポイントが付与されていません。", "ポイントの有効期限を知りたいです。",
                    "My points were not added.", "When do my reward points expire?"),
            topic("クーポン", "Coupons apply at checkout.",
                    "クーポンコードが使えません。", "クーポンが適用されませんでした。",
                    "The coupon code is not accepted.", "My discount code did not apply."),
            topic("予約変更", "Change the booking from My bookings.",
                    "予約の日時を変更したいです。", "予約をキャンセルできますか。",
                    "I need to change my booking date.", "Can I cancel my reservation?"),
            topic("API", "The limit is 600 requests a minute.",
                    "APIで429エラーが返ってきます。", "APIのレート制限を緩和できますか。",
                    "The API returns 429 Too Many Requests.", "Can you raise our API rate limit?"),
            topic("CSV", "Use UTF-8 with a header row.",
                    "CSVのインポートで文字化けします。", "CSVファイルを取り込めません。",
                    "The CSV import garbles Japanese text.", "Our CSV file fails to import."),
            topic("請求先変更", "Edit the billing address under Billing.",
                    "請求先の住所を変更したいです。", "請求書の宛名を変えたいです。",
                    "How do I change the billing address?", "We need a different company name on invoices."),
            topic("在庫", "Restocks are announced by e-mail.",
                    "この商品の再入荷はいつですか。", "在庫切れの商品は入荷予定がありますか。",
                    "When will this item be back in stock?", "Is the sold-out product coming back?"),
            topic("営業時間", "We answer on weekdays from 9 to 18.",
                    "サポートの営業時間を教えてください。", "土日も問い合わせできますか。",
                    "What are your support hours?", "Can I contact support at the weekend?"));

    private static final List<String> JA_OPEN = List.of("", "お世話になっております。", "すみません、", "こんにちは。", "急ぎで確認したいのですが、");
    private static final List<String> JA_DETAIL = List.of("", "昨日から困っています。", "何度か試しましたがだめでした。", "スマホからです。",
            "先週も同じことがありました。", "会社のアカウントです。");
    private static final List<String> JA_CLOSE = List.of("", "よろしくお願いします。", "ご確認ください。", "至急対応をお願いします。");
    private static final List<String> EN_OPEN = List.of("", "Hi,", "Hello team,", "Sorry to bother you,", "Quick question:");
    private static final List<String> EN_DETAIL = List.of("", "It started yesterday.", "I tried several times.", "This is on my phone.",
            "Same thing happened last week.", "It is our company account.");
    private static final List<String> EN_CLOSE = List.of("", "Thanks.", "Please help.", "Thank you in advance.");
    private static final List<String> NAMES = List.of("山田 花子", "佐藤 太郎", "鈴木 一郎", "高橋 美咲", "Hanako Yamada", "John Smith",
            "Emily Brown", "田中 健", "伊藤 さくら", "Kenji Watanabe");

    private GeneratedQuestions() {
    }

    static Question next(Random random) {
        Topic topic = TOPICS.get(random.nextInt(TOPICS.size()));
        boolean japanese = random.nextBoolean();
        String text = japanese
                ? pick(random, JA_OPEN) + pick(random, topic.ja()) + pick(random, JA_DETAIL) + pick(random, JA_CLOSE)
                : String.join(" ", pick(random, EN_OPEN), pick(random, topic.en()), pick(random, EN_DETAIL), pick(random, EN_CLOSE)).strip();
        return new Question(topic.subject(), text, pick(random, NAMES), topic.answer(), random.nextInt(4) == 0 ? "macro-" + topic.subject() : null);
    }

    private static Topic topic(String subject, String answer, String ja1, String ja2, String en1, String en2) {
        return new Topic(subject, List.of(ja1, ja2), List.of(en1, en2), answer);
    }

    private static String pick(Random random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }
}
