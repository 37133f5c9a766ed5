package io.pipewright.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Where a command's report goes: {@code --json OUT} ({@code -}: stdout) and {@code --html OUT}, as profile, validate and drift take them. */
final class ReportFiles {
    private ReportFiles() {
    }

    /** Writes the report where the options ask (either may be null); the caller prints its summary or not. */
    static void write(PrintWriter out, String json, Path html, Supplier<String> jsonText, Consumer<Path> jsonFile, Consumer<Path> htmlFile) {
        if (json != null) {
            if (json.equals("-")) {
                out.println(jsonText.get());
            } else {
                jsonFile.accept(Path.of(json));
            }
        }
        if (html != null) {
            htmlFile.accept(html);
        }
    }
}
