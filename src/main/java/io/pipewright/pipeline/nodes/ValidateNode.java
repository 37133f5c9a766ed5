package io.pipewright.pipeline.nodes;

import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.ParamException;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PipelineRunner;
import io.pipewright.pipeline.PortSpec;
import io.pipewright.pipeline.PortType;
import io.pipewright.quality.Suite;
import io.pipewright.quality.SuiteException;
import io.pipewright.quality.TableValidation;
import io.pipewright.quality.ValidationHtml;
import io.pipewright.quality.ValidationOptions;
import io.pipewright.quality.ValidationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks a table against a validation suite and passes it on unchanged. The report is kept with the run (JSON and
 * HTML); a failed suite fails the run, or only warns when {@code on_failure} is {@code warn}.
 */
final class ValidateNode extends BaseNode implements PipelineRunner.CacheSalt, PipelineRunner.SideEffect {
    ValidateNode() {
        super("validate", "Quality", "Checks the table against a validation suite (see pipewright suite generate): types, missing values, "
                        + "ranges, allowed values, patterns, rules across columns. Keeps the report with the run; a failed suite fails the run "
                        + "unless on_failure is warn. Example lines are row + 2, the lines of the CSV the table was read from.",
                List.of(PortSpec.required("table", PortType.TABLE, "rows to check")),
                List.of(PortSpec.required("table", PortType.TABLE, "the same rows, unchanged")),
                List.of(ParamSpec.required("suite", ParamSpec.Kind.PATH, "the suite (YAML), relative to the pipeline file"),
                        ParamSpec.choice("on_failure", "fail", List.of("fail", "warn"), "fail the run when the suite fails, or only warn"),
                        ParamSpec.number("threshold", ParamSpec.Kind.NUMBER, null, 0.0, 1.0,
                                "the share of rows allowed to fail (default: the suite's, else 0.001)")));
    }

    static Path resolve(Map<String, Object> params, Path folder) {
        return file(params, "suite", folder);
    }

    /** A missing or malformed suite is refused before anything runs. */
    @Override
    public void checkFiles(Map<String, Object> params, Path folder) {
        if (!(params.get("suite") instanceof String)) {
            return;
        }
        Path file = resolve(params, folder);
        if (!Files.isRegularFile(file)) {
            throw new ParamException("suite", file + (Files.isDirectory(file) ? ": is a folder, not a file" : ": no such file"));
        }
        Suite suite;
        try {
            suite = Suite.read(file);
        } catch (SuiteException e) {
            throw new ParamException("suite", e.getMessage());
        }
        if (suite.expectsNothing()) {
            throw new ParamException("suite", file.getFileName() + ": " + Suite.EXPECTS_NOTHING);
        }
    }

    @Override
    public String salt(Map<String, Object> params, Path folder) {
        return fileSalt(resolve(params, folder));
    }

    @Override
    public Map<String, Object> run(NodeContext context) {
        DataTable input = context.input("table");
        Path file = resolve(context.params(), context.folder());
        Suite suite;
        try {
            suite = Suite.read(file);
        } catch (SuiteException e) {
            throw context.problem("params.suite", e.getMessage());
        }
        var options = ValidationOptions.defaults().withThreads(1);
        if (context.has("threshold")) {
            options = options.withThreshold(context.number("threshold"));
        }
        context.progress(0, "validating against " + file.getFileName());
        ValidationReport report;
        try {
            report = TableValidation.validate(input.table(), input.table().name(), input.sources().isEmpty() ? null : input.sources().get(0), suite,
                    options, context.work());
        } catch (SuiteException e) {
            throw context.problem("params.suite", Suite.locate(file, e).getMessage());
        }
        context.attach(context.nodeId() + ".validation.json", "validation", report.toJsonBytes());
        context.attach(context.nodeId() + ".validation.html", "validation", ValidationHtml.bytes(report));
        context.metric("validation.issue_fraction", 0, report.issueFraction());
        context.metric("validation.failed_expectations", 0, report.failures().size());
        if (!report.passed() && !"warn".equals(context.string("on_failure"))) {
            throw context.problem(null, summary(report, suite));
        }
        context.progress(1, report.passed() ? "the suite passed" : "the suite failed (on_failure: warn): " + summary(report, suite));
        return Map.of("table", input);
    }

    private static String summary(ValidationReport report, Suite suite) {
        var failures = report.failingFirst().stream().filter(result -> !result.passed()).toList();
        String named = failures.stream().limit(5).map(result -> result.id() + " (" + String.format(Locale.US, "%,d", result.failing()) + ")")
                .collect(Collectors.joining(", "));
        return String.format(Locale.US, "suite '%s' failed: issue fraction %.4f (threshold %.4f); failing: %s%s", report.suite(), report.issueFraction(),
                report.threshold(), named, failures.size() > 5 ? " and " + (failures.size() - 5) + " more" : "");
    }
}
