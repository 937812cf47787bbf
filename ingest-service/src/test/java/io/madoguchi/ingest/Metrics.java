package io.madoguchi.ingest;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one counter from /q/metrics (Prometheus text format). */
final class Metrics {

    private Metrics() {
    }

    static double rejected(String channel, String reason) {
        return counter("madoguchi_intake_rejected_total", "channel=\"" + channel + "\"", "reason=\"" + reason + "\"");
    }

    static double accepted(String channel, String outcome) {
        return counter("madoguchi_intake_accepted_total", "channel=\"" + channel + "\"", "outcome=\"" + outcome + "\"");
    }

    private static double counter(String name, String... labels) {
        String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher line = Pattern.compile("^" + name + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE).matcher(text);
        while (line.find()) {
            boolean all = true;
            for (String label : labels) {
                all &= line.group(1).contains(label);
            }
            if (all) {
                return Double.parseDouble(line.group(2));
            }
        }
        return 0;
    }
}
