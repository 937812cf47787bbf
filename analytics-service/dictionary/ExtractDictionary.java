import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the Japanese–English dictionary FAQ mining reads (src/main/resources/mining/ja-en-dictionary.tsv.gz) from
 * FreeDict's jpn-eng, which is JMdict in the dict server's format (Debian: dict-freedict-jpn-eng). One line per
 * Japanese headword: {@code headword<TAB>sense; sense; …}, each sense its English glosses separated by commas, with
 * notes in brackets and braces dropped. Only what mining can use is kept: the first three senses of each entry, and of
 * a headword's senses those before the first verb sense ("to change"), since a verb's gloss links Japanese verbs to
 * English words that say little about a topic (come, go, pass).
 *
 * <pre>java analytics-service/dictionary/ExtractDictionary.java /usr/share/dictd/freedict-jpn-eng \
 *     analytics-service/src/main/resources/mining/ja-en-dictionary.tsv.gz</pre>
 */
public class ExtractDictionary {

    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final Pattern JAPANESE = Pattern.compile("[\\u3040-\\u30ff\\u4e00-\\u9fff]");
    private static final Pattern NUMBERED = Pattern.compile("^(\\d+)\\.\\s*(.*)$");
    private static final int SENSES_PER_ENTRY = 3;

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ExtractDictionary <dictd base, without .index/.dict.dz> <output .tsv.gz>");
            System.exit(2);
        }
        byte[] data;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of(args[0] + ".dict.dz")))) {
            data = in.readAllBytes();
        }
        Map<String, List<String>> senses = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of(args[0] + ".index"), StandardCharsets.UTF_8)) {
            String[] fields = line.split("\t");
            if (fields.length != 3 || fields[0].startsWith("00database") || !JAPANESE.matcher(fields[0]).find()) {
                continue;
            }
            String entry = new String(data, (int) decode(fields[1]), (int) decode(fields[2]), StandardCharsets.UTF_8);
            List<String> entrySenses = senses(entry);
            if (!entrySenses.isEmpty()) {
                senses.computeIfAbsent(fields[0], k -> new ArrayList<>()).addAll(entrySenses.subList(0, Math.min(SENSES_PER_ENTRY, entrySenses.size())));
            }
        }
        int written = 0;
        try (OutputStream file = Files.newOutputStream(Path.of(args[1]));
                PrintWriter out = new PrintWriter(new GZIPOutputStream(file), false, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, List<String>> e : senses.entrySet()) {
                List<String> kept = new ArrayList<>();
                for (String sense : e.getValue()) {
                    if (sense.startsWith("to ")) {
                        break;
                    }
                    kept.add(sense);
                }
                if (!kept.isEmpty()) {
                    out.print(e.getKey() + "\t" + String.join("; ", kept) + "\n");
                    written++;
                }
            }
        }
        System.out.println(written + " headwords written to " + args[1]);
    }

    /** The senses of one entry: its lines after the headword line, less grammar notes, cross-references and numbering. */
    private static List<String> senses(String entry) {
        List<String> senses = new ArrayList<>();
        String[] lines = entry.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            Matcher numbered = NUMBERED.matcher(line);
            if (numbered.matches()) {
                line = numbered.group(2);
            }
            if (line.isEmpty() || line.startsWith("(") || line.startsWith("Note") || line.startsWith("[") || line.startsWith("See")
                    || line.startsWith("Antonym")) {
                // an abbreviation's note is its meaning: "Note: abbreviationconvenience store"
                if (line.startsWith("Note:") && line.contains("abbreviation")) {
                    line = line.substring(line.indexOf("abbreviation") + "abbreviation".length());
                } else {
                    continue;
                }
            }
            line = line.replaceAll("\\{[^}]*\\}", "").replaceAll("\\([^)]*\\)", "").strip();
            if (!line.isEmpty()) {
                senses.add(line);
            }
        }
        return senses;
    }

    private static long decode(String base64) {
        long n = 0;
        for (char c : base64.toCharArray()) {
            n = n * 64 + BASE64.indexOf(c);
        }
        return n;
    }
}
