package io.pipewright.quality.drift;

import io.pipewright.quality.drift.DriftReport.ColumnDrift;
import io.pipewright.quality.drift.DriftReport.Histogram;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A drift report as one self-contained HTML page (no script, no external URL): a banner with the
 * verdict, the schema differences, a table of columns (drifted first) and, per column, an inline
 * SVG of both sides' histograms overlaid. Built from the report's aggregates only, so its size
 * depends on the columns, never on the rows.
 */
public final class DriftHtml {
    static final String REFERENCE_COLOUR = "#4e79a7";
    static final String CURRENT_COLOUR = "#f28e2b";
    private static final int W = 420;
    private static final int H = 200;

    private DriftHtml() {
    }

    public static void write(DriftReport report, Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, render(report));
        } catch (IOException e) {
            throw new UncheckedIOException(file.getFileName() + ": cannot write: " + e.getMessage(), e);
        }
    }

    public static String render(DriftReport report) {
        var html = new StringBuilder(64 * 1024);
        html.append("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Drift report</title>
                <style>
                body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1f2328;background:#fff}
                h1{font-size:22px;margin:0 0 12px}h2{font-size:17px;margin:28px 0 8px}
                .banner{padding:14px 18px;border-radius:8px;font-size:16px;margin-bottom:14px}
                .drift{background:#ffebe9;border:1px solid #cf222e}.some{background:#fff8c5;border:1px solid #9a6700}.nodrift{background:#dafbe1;border:1px solid #1a7f37}
                table{border-collapse:collapse;font-size:13px}th,td{border-bottom:1px solid #d0d7de;padding:5px 9px;text-align:left;vertical-align:top}
                th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
                tr.drifted td{background:#fff5f5}.yes{color:#cf222e;font-weight:600}.no{color:#1a7f37}
                .band-none{color:#1a7f37}.band-moderate{color:#9a6700;font-weight:600}.band-significant{color:#cf222e;font-weight:600}
                .cards{display:flex;flex-wrap:wrap;gap:14px}.card{border:1px solid #d0d7de;border-radius:8px;padding:10px}
                .card h3{font-size:14px;margin:0 0 4px}.reason{font-size:12px;color:#57606a;max-width:420px}
                .meta{font-size:12px;color:#57606a}
                </style></head><body>
                """);
        html.append("<h1>Drift report</h1>\n");
        String banner = switch (report.verdict()) {
            case DATASET_DRIFT -> "drift";
            case COLUMNS_DRIFTED -> "some";
            case NO_DRIFT -> "nodrift";
        };
        html.append("<div class=\"banner ").append(banner).append("\">").append(escape(report.headline())).append(".</div>\n");
        html.append("<p class=\"meta\">Reference: ").append(escape(report.reference().path())).append(" (")
                .append(String.format(Locale.ROOT, "%,d rows", report.reference().rows())).append(") · current: ")
                .append(escape(report.current().path())).append(" (").append(String.format(Locale.ROOT, "%,d rows", report.current().rows()))
                .append(") · ").append(String.format(Locale.ROOT, "%.2f s", report.seconds())).append("</p>\n");
        schema(html, report.schema());
        html.append("<h2>Columns</h2>\n<table><thead><tr><th>column</th><th>type</th><th>test</th><th>statistic</th><th>p-value</th>"
                + "<th>threshold</th><th>PSI</th><th>drifted</th><th>why this test</th></tr></thead><tbody>\n");
        List<ColumnDrift> rows = new ArrayList<>(report.columns());
        rows.sort(Comparator.comparing((ColumnDrift c) -> !c.drifted()));
        if (report.target() != null) {
            rows.add(report.target());
        }
        for (ColumnDrift column : rows) {
            boolean isTarget = column == report.target();
            html.append("<tr").append(column.drifted() ? " class=\"drifted\"" : "").append("><td>").append(escape(column.name()))
                    .append(isTarget ? " <em>(target)</em>" : "").append("</td><td>").append(column.type()).append("</td><td>")
                    .append(testName(column.test())).append("</td><td class=\"num\">").append(number(column.statistic()))
                    .append("</td><td class=\"num\">").append(column.pValue() == null ? "–" : number(column.pValue()))
                    .append("</td><td class=\"num\">").append(escape(column.thresholdText())).append("</td><td class=\"num band-")
                    .append(column.psiBand()).append("\">").append(number(column.psi())).append(" (").append(column.psiBand())
                    .append(")</td><td class=\"").append(column.drifted() ? "yes\">yes" : "no\">no").append("</td><td class=\"reason\">")
                    .append(escape(column.reason())).append("</td></tr>\n");
        }
        html.append("</tbody></table>\n");
        if (!report.skipped().isEmpty()) {
            html.append("<h2>Not tested</h2>\n<table><thead><tr><th>column</th><th>why</th></tr></thead><tbody>\n");
            for (var skipped : report.skipped()) {
                html.append("<tr><td>").append(escape(skipped.name())).append("</td><td>").append(escape(skipped.reason())).append("</td></tr>\n");
            }
            html.append("</tbody></table>\n");
        }
        html.append("<h2>Distributions</h2>\n<div class=\"cards\">\n");
        for (ColumnDrift column : rows) {
            html.append("<div class=\"card\"><h3>").append(escape(column.name())).append(column.drifted() ? " <span class=\"yes\">drifted</span>" : "")
                    .append("</h3>");
            svg(html, column.histogram(), column.name());
            html.append("<div class=\"reason\">").append(testName(column.test())).append(" ").append(number(column.statistic()))
                    .append(", PSI ").append(number(column.psi())).append("</div></div>\n");
        }
        html.append("</div>\n</body></html>\n");
        return html.toString();
    }

    private static void schema(StringBuilder html, DriftReport.Schema schema) {
        if (schema.same()) {
            html.append("<p class=\"meta\">Both sides have the same columns and types.</p>\n");
            return;
        }
        html.append("<h2>Schema differences</h2>\n<ul>\n");
        if (!schema.onlyInReference().isEmpty()) {
            html.append("<li>Only in the reference: ").append(escape(String.join(", ", schema.onlyInReference()))).append("</li>\n");
        }
        if (!schema.onlyInCurrent().isEmpty()) {
            html.append("<li>Only in the current data: ").append(escape(String.join(", ", schema.onlyInCurrent()))).append("</li>\n");
        }
        for (var mismatch : schema.typeMismatches()) {
            html.append("<li>").append(escape(mismatch.column())).append(": ").append(mismatch.reference()).append(" in the reference, ")
                    .append(mismatch.current()).append(" in the current data (").append(percent(mismatch.invalidShare()))
                    .append(" of its values do not fit)</li>\n");
        }
        html.append("</ul>\n");
    }

    /** Overlaid bars (numbers) or side-by-side bars (levels), axis labels and a legend. */
    static void svg(StringBuilder html, Histogram histogram, String name) {
        boolean levels = histogram.levels() != null;
        int bins = histogram.reference().size();
        html.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" role=\"img\" aria-label=\"histogram of ")
                .append(escape(name)).append("\">");
        double left = 44;
        double right = W - 10;
        double top = 24;
        double bottom = H - (levels ? 58 : 34);
        double peak = 0;
        for (int i = 0; i < bins; i++) {
            peak = Math.max(peak, Math.max(histogram.reference().get(i), histogram.current().get(i)));
        }
        peak = peak <= 0 ? 1 : peak;
        // legend
        html.append(rect(left, 6, 10, 10, REFERENCE_COLOUR, 0.6)).append(text(left + 14, 15, "reference", "start", 11, 0));
        html.append(rect(left + 90, 6, 10, 10, CURRENT_COLOUR, 0.6)).append(text(left + 104, 15, "current", "start", 11, 0));
        // axes and the share scale
        html.append(line(left, bottom, right, bottom)).append(line(left, top, left, bottom));
        for (int t = 0; t <= 2; t++) {
            double v = peak * t / 2;
            double y = bottom - (bottom - top) * t / 2;
            html.append(text(left - 4, y + 4, percent(v), "end", 10, 0));
        }
        html.append(text(12, (top + bottom) / 2, "share", "middle", 11, -90));
        double slot = bins == 0 ? 0 : (right - left) / bins;
        for (int i = 0; i < bins; i++) {
            double r = histogram.reference().get(i) / peak * (bottom - top);
            double c = histogram.current().get(i) / peak * (bottom - top);
            double x = left + i * slot;
            if (levels) {
                double w = Math.max(1, slot * 0.4);
                html.append(rect(x + slot * 0.1, bottom - r, w, r, REFERENCE_COLOUR, 0.85));
                html.append(rect(x + slot * 0.5, bottom - c, w, c, CURRENT_COLOUR, 0.85));
                String label = histogram.levels().get(i);
                label = label.length() > 12 ? label.substring(0, 11) + "…" : label;
                html.append(text(x + slot / 2, bottom + 10, label, "end", 10, -40, x + slot / 2, bottom + 10));
            } else {
                html.append(rect(x + 0.5, bottom - r, Math.max(1, slot - 1), r, REFERENCE_COLOUR, 0.55));
                html.append(rect(x + 0.5, bottom - c, Math.max(1, slot - 1), c, CURRENT_COLOUR, 0.55));
            }
        }
        if (!levels && !histogram.edges().isEmpty()) {
            List<Double> edges = histogram.edges();
            html.append(text(left, bottom + 14, number(edges.get(0)), "start", 10, 0));
            html.append(text(right, bottom + 14, number(edges.get(edges.size() - 1)), "end", 10, 0));
            html.append(text((left + right) / 2, H - 6, name, "middle", 11, 0));
        }
        html.append("</svg>");
    }

    private static String rect(double x, double y, double w, double h, String fill, double opacity) {
        return String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" fill-opacity=\"%.2f\"/>", x, y, w,
                Math.max(0, h), fill, opacity);
    }

    private static String line(double x1, double y1, double x2, double y2) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#8c959f\"/>", x1, y1, x2, y2);
    }

    private static String text(double x, double y, String content, String anchor, int size, double rotate) {
        return text(x, y, content, anchor, size, rotate, x, y);
    }

    private static String text(double x, double y, String content, String anchor, int size, double rotate, double cx, double cy) {
        String turn = rotate == 0 ? "" : String.format(Locale.ROOT, " transform=\"rotate(%.0f %.1f %.1f)\"", rotate, cx, cy);
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\" fill=\"#1f2328\"%s>%s</text>", x, y, size,
                anchor, turn, escape(content));
    }

    static String testName(String test) {
        return switch (test) {
            case "ks" -> "KS";
            case "chi_squared" -> "chi-squared";
            case "z" -> "Z-test";
            case "wasserstein" -> "Wasserstein (normed)";
            case "jensen_shannon" -> "Jensen–Shannon";
            default -> test;
        };
    }

    static String number(double v) {
        if (v == Double.MAX_VALUE) {
            return "∞";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e6 || a < 1e-4) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        return String.format(Locale.ROOT, a >= 100 ? "%.1f" : "%.4f", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f %%", share * 100).replace(" %", "%");
    }

    static String escape(String text) {
        return io.pipewright.work.HtmlText.escape(text);
    }
}
