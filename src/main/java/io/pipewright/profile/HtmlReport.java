package io.pipewright.profile;

import io.pipewright.work.ByteSizes;
import io.pipewright.work.NumberText;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The profile as one self-contained HTML file: inline CSS and SVG, no scripts, nothing fetched.
 * It is made of aggregates only, and past a size budget columns are listed in a compact table,
 * so the file stays under 2 MB whatever the input.
 */
public final class HtmlReport {
    static final int DETAILED_BUDGET = 1_200_000;
    static final int TOTAL_BUDGET = 1_850_000;

    private HtmlReport() {
    }

    public static void write(DatasetProfile profile, Path file) {
        io.pipewright.work.OutputTarget.writeText(file, render(profile));
    }

    public static String render(DatasetProfile profile) {
        var html = new StringBuilder(64 * 1024);
        String name = profile.source().name();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Profile of ").append(escape(name)).append("</title><style>").append(CSS).append("</style></head><body>\n");
        html.append("<header><h1>").append(escape(name)).append("</h1><p class=\"muted\">").append(escape(profile.source().path()))
                .append("</p></header>\n");
        overview(profile, html);
        alerts(profile, html);
        correlations(profile, html);
        target(profile, html);
        columns(profile, html);
        if (!profile.notes().isEmpty()) {
            html.append("<section><h2>Notes</h2><ul>");
            profile.notes().forEach(note -> html.append("<li>").append(escape(note)).append("</li>"));
            html.append("</ul></section>\n");
        }
        html.append("<footer class=\"muted\">Made by Pipewright. Correlations use a uniform sample of ")
                .append(String.format(Locale.US, "%,d", profile.sampleRows())).append(" rows.</footer></body></html>\n");
        return html.toString();
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1180px;padding:24px;color:#1f2328;background:#fff}
            h1{margin:0 0 4px;font-size:26px}h2{font-size:19px;margin:28px 0 10px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
            h3{margin:0;font-size:16px}.muted{color:#656d76}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
            .tile{border:1px solid #d0d7de;border-radius:8px;padding:10px 12px}.tile b{display:block;font-size:20px}
            .card{border:1px solid #d0d7de;border-radius:8px;padding:14px;margin:12px 0;display:grid;grid-template-columns:minmax(260px,1fr) minmax(300px,1.3fr);gap:16px}
            .type{display:inline-block;font-size:12px;border-radius:10px;padding:1px 8px;background:#ddf4ff;color:#0969da;margin-left:8px}
            table{border-collapse:collapse;width:100%}td,th{padding:2px 6px;text-align:left;border-bottom:1px solid #eaeef2;font-size:13px}
            td.n{text-align:right;font-variant-numeric:tabular-nums}.alert{margin:3px 0}.alert code{background:#fff8c5;padding:1px 6px;border-radius:6px;font-size:12px}
            svg text{font:11px system-ui,sans-serif;fill:#1f2328}
            @media (prefers-color-scheme: dark){body{background:#0d1117;color:#e6edf3}.tile,.card{border-color:#30363d}td,th{border-color:#21262d}
            .muted{color:#8d96a0}.type{background:#0c2d6b;color:#79c0ff}.alert code{background:#3b2e00}svg text{fill:#e6edf3}h2{border-color:#30363d}}
            """;

    private static void overview(DatasetProfile profile, StringBuilder html) {
        html.append("<section><h2>Overview</h2><div class=\"grid\">");
        tile(html, "Rows", String.format(Locale.US, "%,d", profile.rows()));
        tile(html, "Columns", Integer.toString(profile.columns().size()));
        long cells = profile.rows() * profile.columns().size();
        tile(html, "Missing cells", String.format(Locale.US, "%,d (%.1f %%)", profile.missingCells(),
                cells == 0 ? 0.0 : 100.0 * profile.missingCells() / cells));
        tile(html, "Duplicate rows", (profile.duplicateRowsExact() ? "" : "≈ ") + String.format(Locale.US, "%,d", profile.duplicateRows()));
        tile(html, "File size", ByteSizes.human(profile.source().bytes()));
        tile(html, "Format", profile.source().format() + (profile.source().encoding() == null ? "" : " · " + profile.source().encoding()));
        tile(html, "Alerts", Integer.toString(profile.alerts().size()));
        html.append("</div>");
        if (profile.source().sha256() != null) {
            html.append("<p class=\"muted\">SHA-256 ").append(profile.source().sha256()).append("</p>");
        }
        html.append("</section>\n");
    }

    private static void tile(StringBuilder html, String label, String value) {
        html.append("<div class=\"tile\"><span class=\"muted\">").append(escape(label)).append("</span><b>").append(escape(value)).append("</b></div>");
    }

    private static void alerts(DatasetProfile profile, StringBuilder html) {
        if (profile.alerts().isEmpty()) {
            return;
        }
        html.append("<section><h2>Alerts (").append(profile.alerts().size()).append(")</h2>");
        int shown = 0;
        for (var alert : profile.alerts()) {
            if (shown++ >= 500) {
                html.append("<p class=\"muted\">… and ").append(profile.alerts().size() - 500).append(" more in the JSON.</p>");
                break;
            }
            html.append("<div class=\"alert\"><code>").append(alert.type()).append("</code> ").append(escape(alert.message())).append("</div>");
        }
        html.append("</section>\n");
    }

    private static void correlations(DatasetProfile profile, StringBuilder html) {
        var correlations = profile.correlations();
        if (correlations == null) {
            return;
        }
        html.append("<section><h2>Correlations</h2><div class=\"card\" style=\"grid-template-columns:1fr 1fr\">");
        if (correlations.columns().size() >= 2) {
            html.append("<div><h3>Pearson</h3>");
            heatmap(html, correlations.columns(), correlations.matrix(), true);
            html.append("</div>");
        }
        if (correlations.cramersV() != null) {
            html.append("<div><h3>Cramér's V</h3>");
            heatmap(html, correlations.cramersV().columns(), correlations.cramersV().matrix(), false);
            html.append("</div>");
        }
        html.append("</div></section>\n");
    }

    private static void heatmap(StringBuilder html, List<String> names, double[][] matrix, boolean signed) {
        int n = names.size();
        int cell = Math.max(8, Math.min(28, 420 / Math.max(1, n)));
        int label = 120;
        int size = label + n * cell;
        int width = size + 90; // room for the last rotated column label
        html.append(String.format(Locale.US, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">", width, size, width, size));
        for (int i = 0; i < n; i++) {
            html.append(String.format(Locale.US, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", label - 4, label + i * cell + cell / 2 + 4,
                    escape(shorten(names.get(i), 18))));
            html.append(String.format(Locale.US, "<text transform=\"translate(%d,%d) rotate(-60)\">%s</text>", label + i * cell + cell / 2,
                    label - 4, escape(shorten(names.get(i), 18))));
            for (int j = 0; j < n; j++) {
                double v = matrix[i][j];
                html.append(String.format(Locale.US, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s × %s: %s</title></rect>",
                        label + j * cell, label + i * cell, cell - 1, cell - 1, color(v, signed), escape(names.get(i)), escape(names.get(j)),
                        Double.isNaN(v) ? "n/a" : String.format(Locale.US, "%.2f", v)));
            }
        }
        html.append("</svg>");
    }

    /** Pale for none, towards blue for positive and red for negative; grey for unknown (the view's scale). */
    static String color(double value, boolean signed) {
        if (Double.isNaN(value)) {
            return "#8c959f";
        }
        double weight = 0.15 + 0.85 * Math.min(1, Math.abs(value));
        int[] pale = {0xea, 0xee, 0xf2};
        int[] strong = !signed || value >= 0 ? new int[] {0x1f, 0x6f, 0xeb} : new int[] {0xd1, 0x24, 0x2f};
        return String.format("#%02x%02x%02x", mix(pale[0], strong[0], weight), mix(pale[1], strong[1], weight), mix(pale[2], strong[2], weight));
    }

    private static int mix(int from, int to, double weight) {
        return (int) Math.round(from + (to - from) * weight);
    }

    private static void target(DatasetProfile profile, StringBuilder html) {
        var target = profile.target();
        if (target == null) {
            return;
        }
        html.append("<section><h2>Association with ").append(escape(target.column())).append("</h2><table><tr><th>column</th><th>measure</th><th>value</th></tr>");
        target.associations().forEach(association -> html.append("<tr><td>").append(escape(association.column())).append("</td><td>")
                .append(association.measure()).append("</td><td class=\"n\">").append(String.format(Locale.US, "%.3f", association.value()))
                .append("</td></tr>"));
        html.append("</table></section>\n");
    }

    private static void columns(DatasetProfile profile, StringBuilder html) {
        html.append("<section><h2>Columns</h2>\n");
        int compactFrom = -1;
        List<ColumnProfile> columns = profile.columns();
        for (int i = 0; i < columns.size(); i++) {
            if (html.length() > DETAILED_BUDGET) {
                compactFrom = i;
                break;
            }
            card(columns.get(i), profile.rows(), html);
        }
        if (compactFrom >= 0) {
            html.append("<p class=\"muted\">The remaining columns in short (all details are in the JSON):</p><table>")
                    .append("<tr><th>column</th><th>type</th><th>missing</th><th>distinct</th></tr>");
            for (int i = compactFrom; i < columns.size(); i++) {
                if (html.length() > TOTAL_BUDGET) {
                    html.append("</table><p class=\"muted\">… and ").append(columns.size() - i).append(" more columns.</p>");
                    html.append("</section>\n");
                    return;
                }
                ColumnProfile column = columns.get(i);
                html.append("<tr><td>").append(escape(shorten(column.name(), 60))).append("</td><td>").append(column.type())
                        .append(String.format(Locale.US, "</td><td class=\"n\">%,d</td><td class=\"n\">%,d</td></tr>", column.missing(), column.distinct()));
            }
            html.append("</table>");
        }
        html.append("</section>\n");
    }

    private static void card(ColumnProfile column, long rows, StringBuilder html) {
        html.append("<div class=\"card\"><div><h3>").append(escape(shorten(column.name(), 80))).append("<span class=\"type\">")
                .append(column.type()).append("</span></h3><table>");
        row(html, "Count", String.format(Locale.US, "%,d", column.count()));
        row(html, "Missing", String.format(Locale.US, "%,d (%.1f %%)", column.missing(), rows == 0 ? 0.0 : 100.0 * column.missing() / rows));
        row(html, "Distinct", (column.distinctExact() ? "" : "≈ ") + String.format(Locale.US, "%,d", column.distinct()));
        if (column.min() != null) {
            row(html, "Min", format(column.min()));
            row(html, "Max", format(column.max()));
        }
        if (column.mean() != null) {
            row(html, "Mean", format(column.mean()));
        }
        if (column.stddev() != null) {
            row(html, "Std. deviation", format(column.stddev()));
        }
        if (column.quantiles() != null) {
            var q = column.quantiles();
            row(html, "5 / 25 / 50 / 75 / 95 %", format(q.p05()) + " / " + format(q.p25()) + " / " + format(q.p50()) + " / "
                    + format(q.p75()) + " / " + format(q.p95()));
        }
        if (column.skewness() != null) {
            row(html, "Skewness / kurtosis", format(column.skewness()) + " / " + (column.kurtosis() == null ? "–" : format(column.kurtosis())));
        }
        if (column.zeros() != null) {
            row(html, "Zeros / negatives / infinite", String.format(Locale.US, "%,d / %,d / %,d", column.zeros(), column.negatives(), column.infinite()));
        }
        if (column.length() != null) {
            row(html, "Length min / mean / max", String.format(Locale.US, "%d / %.1f / %d", column.length().min(), column.length().mean(),
                    column.length().max()));
        }
        if (column.trueCount() != null) {
            row(html, "True / false", String.format(Locale.US, "%,d / %,d", column.trueCount(), column.falseCount()));
        }
        if (column.invalid() != null) {
            row(html, "Not " + column.type(), String.format(Locale.US, "%,d, first %s", column.invalid(), column.invalidExample()));
        }
        html.append("</table></div><div>");
        boolean allDistinct = column.top() != null && column.top().stream().allMatch(value -> value.count() == 1);
        if (column.histogram() != null && column.histogram().counts().length > 1) {
            histogram(html, column.histogram());
        } else if (allDistinct) {
            html.append("<p class=\"muted\">Every value occurs once: no frequent values to show.</p>");
        } else if (column.top() != null && !column.top().isEmpty()) {
            bars(html, column.top());
        }
        html.append("</div></div>\n");
    }

    private static void row(StringBuilder html, String label, String value) {
        html.append("<tr><td class=\"muted\">").append(escape(label)).append("</td><td class=\"n\">").append(escape(value)).append("</td></tr>");
    }

    private static void histogram(StringBuilder html, ColumnProfile.Histogram histogram) {
        long[] counts = histogram.counts();
        long peak = 1;
        for (long count : counts) {
            peak = Math.max(peak, count);
        }
        int width = 420;
        int height = 150;
        double bar = (double) width / counts.length;
        html.append(String.format(Locale.US, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">", width, height + 18, width, height + 18));
        for (int i = 0; i < counts.length; i++) {
            double h = (double) counts[i] / peak * height;
            html.append(String.format(Locale.US, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#3b82f6\"><title>%s – %s: %,d</title></rect>",
                    i * bar, height - h, Math.max(1, bar - 1), h, format(histogram.edges()[i]), format(histogram.edges()[i + 1]), counts[i]));
        }
        html.append(String.format(Locale.US, "<text x=\"0\" y=\"%d\">%s</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text></svg>",
                height + 14, escape(format(histogram.edges()[0])), width, height + 14, escape(format(histogram.edges()[counts.length]))));
    }

    private static void bars(StringBuilder html, List<ColumnProfile.TopValue> top) {
        long peak = 1;
        for (var value : top) {
            peak = Math.max(peak, value.count());
        }
        int rowHeight = 16;
        int width = 420;
        int labelWidth = 150;
        html.append(String.format(Locale.US, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">", width, top.size() * rowHeight + 4,
                width, top.size() * rowHeight + 4));
        for (int i = 0; i < top.size(); i++) {
            var value = top.get(i);
            double w = (double) value.count() / peak * (width - labelWidth - 60);
            int y = i * rowHeight;
            html.append(String.format(Locale.US, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", labelWidth - 6, y + 12,
                    escape(shorten(value.value(), 22))));
            html.append(String.format(Locale.US, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"12\" fill=\"#8b5cf6\"></rect>", labelWidth, y + 2, Math.max(1, w)));
            html.append(String.format(Locale.US, "<text x=\"%.1f\" y=\"%d\">%,d</text>", labelWidth + w + 4, y + 12, value.count()));
        }
        html.append("</svg>");
    }

    static String format(Object value) {
        if (value instanceof Double d) {
            return format(d.doubleValue());
        }
        return String.valueOf(value);
    }

    static String format(double value) {
        return NumberText.of(value);
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    static String escape(String text) {
        return text == null ? "" : io.pipewright.work.HtmlText.escape(text.length() > 2000 ? text.substring(0, 2000) + "…" : text);
    }

}
