package io.madoguchi.analytics.service.privacy;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names in Latin letters where the words around say they are one: after a title (Mr., Ms., Dr.), a salutation
 * (Dear, Hi, Hello; also to two people), a self-introduction (my name is, this is … from) or a role (our accountant,
 * your agent), and before a Japanese honorific (Sato-san, Yamada様). One to three capitalised words, an initial
 * before them (J. Tanaka); a capitalised word anywhere else (Windows, Apple Pay, Michael Chen) stays.
 */
final class LatinNames {

    /** Taro, O'Brien, McDonald, Anne-Marie; not IT or TEL. */
    static final String WORD = "[A-Z](?:['’][A-Z])?[a-zA-Z]*[a-z](?:-[A-Z][a-zA-Z]*[a-z])?";
    static final String INITIAL = "[A-Z]\\.";
    private static final String NAME = "(?:" + INITIAL + " )?" + WORD + "(?: " + WORD + "){0,2}";
    private static final String NAMED = "(?<name>" + NAME + ")";
    /**
     * Capitalised words that are not a name: what a salutation is addressed to instead of a person (Dear Customer, Hi
     * Support Team, Hello Madoguchi) and the words that open a line (The Madoguchi Team).
     */
    static final Set<String> NOT_NAMES = Set.of("customer", "customers", "sir", "madam", "team", "support", "all", "everyone", "there",
            "valued", "admin", "sales", "billing", "colleagues", "friend", "friends", "user", "users", "member", "members", "guest", "client",
            "partner", "partners", "folks", "mr", "mrs", "ms", "miss", "dr", "madoguchi", "good", "morning", "afternoon", "evening",
            "the", "a", "an", "our", "your", "my", "this", "that", "and", "or", "of", "from", "for", "with", "to", "please", "thanks",
            "thank", "regards", "best", "kind", "warm", "many", "sincerely", "cheers", "yours");

    private static final List<Pattern> CUES = List.of(
            Pattern.compile("\\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\\.?\\s+" + NAMED),
            Pattern.compile("(?i:\\bmy name is|\\bmy name's)\\s+" + NAMED),
            Pattern.compile("(?i:\\bthis is|\\bI am|\\bI'm)\\s+" + NAMED + "(?=\\s*(?:[,.;\\n]|$|(?i:from|at|of|with|here|speaking)\\b))"),
            Pattern.compile("(?i:\\b(?:agent|accountant|colleague|co-?worker|manager|assistant|supervisor|boss|husband|wife|son|daughter"
                    + "|mother|father|driver|technician|engineer|representative|secretary))\\s+" + NAMED),
            Pattern.compile(NAMED + "(?=-(?:san|sama|kun|chan|sensei)\\b|\\s?(?:様|さん|さま|氏|殿|くん|ちゃん))"));
    /** Dear Taro, / Hi Aiko and Ren, / Hello Mr. Smith: the names up to the punctuation that ends the salutation. */
    private static final Pattern SALUTATION = Pattern.compile("(?<![\\p{L}\\p{N}])(?:Dear|Hi|Hello|Hey)\\s+(?<names>" + NAME
            + "(?:(?:, | and | & )" + NAME + ")*)(?=\\s*(?:[,.!:;\\n]|$))");
    private static final Pattern ONE_NAME = Pattern.compile(NAME);

    private LatinNames() {
    }

    static void find(Redactions found) {
        String text = found.text();
        for (Pattern cue : CUES) {
            Matcher m = cue.matcher(text);
            while (m.find()) {
                if (isName(m.group("name"))) {
                    found.take(m.start("name"), m.end("name"), Redactor.NAME);
                }
            }
        }
        Matcher salutation = SALUTATION.matcher(text);
        while (salutation.find()) {
            Matcher name = ONE_NAME.matcher(text).region(salutation.start("names"), salutation.end("names"));
            while (name.find()) {
                if (isName(name.group())) {
                    found.take(name.start(), name.end(), Redactor.NAME);
                }
            }
        }
    }

    static boolean isName(String words) {
        for (String word : words.split(" ")) {
            if (NOT_NAMES.contains(word.toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }
}
