package io.madoguchi.ingest;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one meter from /q/metrics (Prometheus text format). */
final class Metrics {

    private Metrics() {
    }

    static double rejected(String channel, String reason) {
        return value("madoguchi_intake_rejected_total", "channel=\"" + channel + "\"", "reason=\"" + reason + "\"");
    }

    static double accepted(String channel, String outcome) {
        return value("madoguchi_intake_accepted_total", "channel=\"" + channel + "\"", "outcome=\"" + outcome + "\"");
    }

    /** The value of a counter, gauge or summary line whose labels include all of {@code labels}; 0 when there is none. */
    static double value(String name, String... labels) {
        String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher line = Pattern.compile("^" + name + "(?:\\{([^}]*)})? (\\S+)$", Pattern.MULTILINE).matcher(text);
        while (line.find()) {
            String present = line.group(1) == null ? "" : line.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= present.contains(label);
            }
            if (all) {
                return Double.parseDouble(line.group(2));
            }
        }
        return 0;
    }
}
