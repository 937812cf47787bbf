package io.madoguchi.analytics.service.mining;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bilingual glossary of customer-support vocabulary shipped with the service ({@code mining/glossary.tsv}): every
 * Japanese and English word of a row stands for the row's concept, so questions on one thing in either language share
 * terms. Words are put through {@link TextAnalysis} on loading, so the file holds words people read, not stems.
 */
public final class Glossary {

    private static final String RESOURCE = "/mining/glossary.tsv";

    private final Map<String, String> concepts;

    private Glossary(Map<String, String> concepts) {
        this.concepts = Map.copyOf(concepts);
    }

    public static Glossary load(TextAnalysis analysis) {
        try (InputStream in = Glossary.class.getResourceAsStream(RESOURCE)) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList(), analysis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows of {@code concept<TAB>Japanese words<TAB>English words}, words separated by commas; # starts a comment. */
    static Glossary parse(List<String> lines, TextAnalysis analysis) {
        Map<String, String> concepts = new HashMap<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t");
            if (fields.length != 3) {
                throw new IllegalArgumentException("not concept<TAB>Japanese<TAB>English: " + line);
            }
            String concept = "@" + fields[0];
            for (String word : (fields[1] + "," + fields[2]).split(",")) {
                List<TextAnalysis.Token> tokens = analysis.tokens(word.strip());
                if (tokens.size() != 1) {
                    throw new IllegalArgumentException("'" + word + "' is not one term but " + tokens.stream().map(TextAnalysis.Token::term).toList());
                }
                String earlier = concepts.put(tokens.get(0).term(), concept);
                if (earlier != null && !earlier.equals(concept)) {
                    throw new IllegalArgumentException("'" + word + "' (" + tokens.get(0).term() + ") is in " + earlier + " and " + concept);
                }
            }
        }
        return new Glossary(concepts);
    }

    /** Each term of the glossary and its concept ({@code @name}). */
    public Map<String, String> concepts() {
        return concepts;
    }
}
