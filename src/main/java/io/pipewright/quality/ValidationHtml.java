package io.pipewright.quality;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A validation report as one self-contained HTML page: no script, no external address. A summary (pass or fail, the
 * issue fraction against the threshold, the file and its fingerprint), then every expectation, failing ones first,
 * each with its first failing values and their line numbers. Its size grows with the expectations, not with the rows.
 */
public final class ValidationHtml {

    private ValidationHtml() {
    }

    public static void write(ValidationReport report, Path file) {
        ValidationReport.write(file, render(report));
    }

    public static byte[] bytes(ValidationReport report) {
        return render(report).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public static String render(ValidationReport report) {
        var html = new StringBuilder(16_384);
        var dataset = report.dataset();
        html.append("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>""").append(escape("Validation: " + report.suite())).append("""
                </title>
                <style>
                body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1f2328}
                h1{font-size:1.5rem;margin-bottom:.25rem}
                .banner{padding:1rem 1.25rem;border-radius:6px;font-size:1.1rem;margin:1rem 0}
                .pass{background:#dafbe1;border:1px solid #4ac26b}
                .fail{background:#ffebe9;border:1px solid #ff8182}
                table{border-collapse:collapse;width:100%;font-size:.9rem}
                th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #d0d7de;vertical-align:top}
                th{background:#f6f8fa}
                td.num{text-align:right;font-variant-numeric:tabular-nums}
                .status-pass{color:#1a7f37;font-weight:600}
                .status-fail{color:#cf222e;font-weight:600}
                code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem}
                details summary{cursor:pointer}
                .examples td{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.8rem;border:none;padding:.1rem .5rem}
                .meta{color:#59636e;font-size:.9rem}
                </style></head><body>
                """);
        html.append("<h1>Validation of ").append(escape(fileName(dataset.path()))).append(" against suite ").append(escape(report.suite()))
                .append("</h1>\n");
        html.append("<p class=\"meta\">").append(escape(dataset.format())).append(", ").append(String.format(Locale.US, "%,d", dataset.rows()))
                .append(" rows, ").append(dataset.columns().size()).append(" columns, ").append(String.format(Locale.US, "%,d", dataset.bytes()))
                .append(" bytes, sha256 <code>").append(escape(String.valueOf(dataset.sha256()))).append("</code>; checked in ")
                .append(String.format(Locale.US, "%.2f", report.seconds())).append(" s</p>\n");
        long tableFailures = report.failures().stream().filter(result -> result.scope() == ValidationReport.Scope.TABLE).count();
        html.append("<div class=\"banner ").append(report.passed() ? "pass" : "fail").append("\"><strong>")
                .append(report.passed() ? "PASSED" : "FAILED").append("</strong> — issue fraction ").append(Numbers.percent(report.issueFraction()))
                .append(String.format(Locale.US, " (%,d of %,d rows)", report.failingRows(), dataset.rows()))
                .append(report.issueFraction() <= report.threshold() ? " within" : " above").append(" the threshold of ")
                .append(Numbers.percent(report.threshold()));
        if (tableFailures > 0) {
            html.append("; ").append(tableFailures).append(" table-level expectation").append(tableFailures == 1 ? "" : "s").append(" failed");
        }
        html.append(String.format(Locale.US, ". %d of %d expectations failed.</div>%n", report.failures().size(), report.results().size()));

        html.append("<table>\n<thead><tr><th>Expectation</th><th>Expected</th><th>Status</th><th>Scope</th><th>Failing</th><th>Fraction</th>"
                + "<th>Observed</th><th>Examples (line: value)</th></tr></thead>\n<tbody>\n");
        for (ValidationReport.Result result : report.failingFirst()) {
            html.append("<tr><td><code>").append(escape(result.id())).append("</code>");
            if (result.message() != null) {
                html.append("<br><span class=\"meta\">").append(escape(result.message())).append("</span>");
            }
            html.append("</td><td>").append(escape(result.expected())).append("</td><td class=\"").append(result.passed() ? "status-pass\">pass" : "status-fail\">fail")
                    .append("</td><td>").append(result.scope().id()).append("</td><td class=\"num\">").append(String.format(Locale.US, "%,d", result.failing()))
                    .append("</td><td class=\"num\">").append(Numbers.percent(result.fraction())).append("</td><td>")
                    .append(escape(result.observedText())).append("</td><td>");
            if (!result.examples().isEmpty()) {
                html.append("<details").append(result.passed() ? "" : " open").append("><summary>").append(result.examples().size())
                        .append(result.examples().size() == 1 ? " example" : " examples").append("</summary><table class=\"examples\">");
                for (ValidationReport.Example example : result.examples()) {
                    html.append("<tr><td>line ").append(example.line()).append("</td><td>").append(escape(example.value())).append("</td></tr>");
                }
                html.append("</table></details>");
            }
            html.append("</td></tr>\n");
        }
        html.append("</tbody></table>\n");
        html.append("<p class=\"meta\">Row-level expectations count towards the issue fraction (rows failing at least one, divided by all rows); "
                + "a failed table-level expectation (row count, column set, missing share, mean, standard deviation, a missing column) fails "
                + "the suite by itself.</p>\n</body></html>\n");
        return html.toString();
    }

    private static String fileName(String path) {
        if (path == null) {
            return "dataset";
        }
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return slash >= 0 ? path.substring(slash + 1) : path;
    }

    static String escape(String text) {
        return io.pipewright.work.HtmlText.escape(text);
    }
}
