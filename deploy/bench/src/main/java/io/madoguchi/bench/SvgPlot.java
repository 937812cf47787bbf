package io.madoguchi.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A line chart as an SVG file: one x axis (seconds), several named series, no dependencies. */
final class SvgPlot {

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf"};
    private static final int WIDTH = 900;
    private static final int HEIGHT = 360;
    private static final int LEFT = 70;
    private static final int RIGHT = 170;
    private static final int TOP = 30;
    private static final int BOTTOM = 40;

    private final String title;
    private final String yLabel;
    private final List<Double> x;
    private final Map<String, List<Double>> series = new LinkedHashMap<>();

    SvgPlot(String title, String yLabel, List<Double> x) {
        this.title = title;
        this.yLabel = yLabel;
        this.x = x;
    }

    SvgPlot series(String name, List<Double> values) {
        series.put(name, values);
        return this;
    }

    String render() {
        double maxX = niceCeiling(x.stream().mapToDouble(Double::doubleValue).max().orElse(1));
        double maxY = series.values().stream().flatMap(List::stream).filter(v -> v != null && !v.isNaN())
                .mapToDouble(Double::doubleValue).max().orElse(1);
        maxY = niceCeiling(maxY);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\">%s</text>%n", LEFT, escape(title)));
        for (int i = 0; i <= 4; i++) {
            double value = maxY * i / 4;
            double y = TOP + plotH - plotH * i / 4.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, LEFT + plotW, y, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y + 4, label(value)));
        }
        for (int i = 0; i <= 5; i++) {
            double value = maxX * i / 5;
            double px = LEFT + plotW * i / 5.0;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px, TOP + plotH + 16, label(value)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">seconds</text>%n", LEFT + plotW / 2, HEIGHT - 6));
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">%s</text>%n",
                TOP + plotH / 2, TOP + plotH / 2, escape(yLabel)));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>%n", LEFT, TOP, plotW, plotH));
        int colour = 0;
        for (Map.Entry<String, List<Double>> s : series.entrySet()) {
            String stroke = COLOURS[colour % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < Math.min(x.size(), s.getValue().size()); i++) {
                Double v = s.getValue().get(i);
                if (v == null || v.isNaN()) {
                    continue;
                }
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + plotW * x.get(i) / maxX, TOP + plotH - plotH * Math.min(v, maxY) / maxY));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n", stroke, points));
            int ly = TOP + 10 + colour * 18;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>%n",
                    LEFT + plotW + 10, LEFT + plotW + 30, ly, ly, stroke));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT + plotW + 35, ly + 4, escape(s.getKey())));
            colour++;
        }
        return svg.append("</svg>\n").toString();
    }

    private static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String label(double value) {
        return value >= 100 || value == Math.rint(value) ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
