package io.madoguchi.ingest.service.email;

import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/** The text a reader sees in an HTML mail part: block elements become lines, quoted replies are dropped. */
final class HtmlText {

    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6",
            "pre", "table", "ul", "ol", "hr", "section", "article", "header", "footer");

    private HtmlText() {
    }

    record Result(String text, boolean quotesRemoved) {
    }

    static Result of(String html) {
        Document document = Jsoup.parse(html);
        document.select("script, style, head, title").remove();
        // the quoted history of Gmail, Outlook, Apple Mail and Thunderbird replies
        var quotes = document.select("blockquote, div.gmail_quote, div#divRplyFwdMsg, div#divRplyFwdMsg ~ *, div.moz-cite-prefix");
        boolean quotesRemoved = !quotes.isEmpty();
        quotes.remove();
        StringBuilder text = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    text.append(node.parent() instanceof Element e && e.tagName().equals("pre") ? t.getWholeText() : collapse(t.getWholeText()));
                } else if (node instanceof Element e && e.tagName().equals("br")) {
                    text.append('\n');
                } else if (node instanceof Element e && BLOCKS.contains(e.tagName())) {
                    newLine(text);
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && BLOCKS.contains(e.tagName()) && !e.tagName().equals("br")) {
                    newLine(text);
                }
            }
        }, document.body());
        return new Result(text.toString().lines().map(String::strip).reduce((a, b) -> a + "\n" + b).orElse("")
                .replaceAll("\n{3,}", "\n\n").strip(), quotesRemoved);
    }

    private static String collapse(String text) {
        return text.replace('\u00a0', ' ').replaceAll("[ \\t\\r\\n]+", " ");
    }

    private static void newLine(StringBuilder text) {
        if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
            text.append('\n');
        }
    }
}
