package io.madoguchi.chassis.signin;

import static io.madoguchi.chassis.pages.Html.escape;

import jakarta.enterprise.context.ApplicationScoped;

/** The few pages of signing in and out, in Japanese or English; no script, styled by /auth/sign-in.css. */
@ApplicationScoped
public class SignInPages {

    String localSignIn(String back, boolean japanese) {
        String body = """
                <h1>%s</h1>
                <p>%s</p>
                <form method="post" action="/auth/local">
                  <input type="hidden" name="return" value="%s">
                  <button type="submit" name="role" value="agent">%s</button>
                  <button type="submit" name="role" value="admin">%s</button>
                </form>""".formatted(
                japanese ? "ローカルでサインイン" : "Sign in locally",
                japanese ? "この環境はローカル実行用です（認証プロバイダーなし）。本番では OpenID Connect でサインインします。"
                        : "This is a local run without an identity provider. In production, people sign in through OpenID Connect.",
                escape(back), japanese ? "エージェントとしてサインイン" : "Sign in as a local agent",
                japanese ? "管理者としてサインイン" : "Sign in as a local admin");
        return page(japanese ? "サインイン" : "Sign in", body, japanese);
    }

    String signedOut(String signIn, boolean japanese) {
        String body = "<h1>%s</h1><p><a href=\"%s\">%s</a></p>".formatted(japanese ? "サインアウトしました" : "You have signed out",
                escape(signIn), japanese ? "もう一度サインイン" : "Sign in again");
        return page(japanese ? "サインアウト" : "Signed out", body, japanese);
    }

    String notAllowed(String who) {
        String body = "<h1>Not allowed</h1><p>%s is signed in with the identity provider, but is in neither the agent nor the admin group."
                + " Ask an administrator to add you to one.</p>";
        return page("Not allowed", body.formatted(escape(who)), false);
    }

    private static String page(String title, String body, boolean japanese) {
        return """
                <!DOCTYPE html>
                <html lang="%s"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · Madoguchi</title><link rel="stylesheet" href="/auth/sign-in.css"></head>
                <body><main>%s</main></body></html>
                """.formatted(japanese ? "ja" : "en", escape(title), body);
    }
}
