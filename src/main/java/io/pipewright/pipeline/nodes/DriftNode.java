package io.pipewright.pipeline.nodes;

import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PortSpec;
import io.pipewright.pipeline.PortType;
import io.pipewright.quality.drift.DriftHtml;
import io.pipewright.quality.drift.DriftOptions;
import io.pipewright.quality.drift.DriftReport;
import io.pipewright.quality.drift.TableDrift;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares a current table with a reference table, column by column, with the tests and PSI of
 * {@code pipewright drift}; passes the current rows through. The report (JSON and HTML) is kept
 * with the run; dataset drift warns, or fails the run when {@code on_drift} is {@code fail}.
 */
final class DriftNode extends BaseNode implements io.pipewright.pipeline.PipelineRunner.SideEffect {
    private static final Logger LOG = LoggerFactory.getLogger(DriftNode.class);

    DriftNode() {
        super("drift", "Quality", "Compares the current rows with reference rows, column by column, choosing the test as Evidently does "
                        + "(KS, chi-squared or Z-test up to 1,000 reference rows; Wasserstein or Jensen–Shannon distance above), with PSI "
                        + "for every column. The dataset drifts when at least drift_share of the tested columns drift. Keeps the report "
                        + "(JSON and HTML) with the run; on_drift: warn, or fail the run. Passes the current rows on.",
                List.of(PortSpec.required("reference", PortType.TABLE, "the rows to compare against (e.g. the training data)"),
                        PortSpec.required("current", PortType.TABLE, "the new rows")),
                List.of(PortSpec.required("table", PortType.TABLE, "the current rows, unchanged")),
                List.of(ParamSpec.number("drift_share", ParamSpec.Kind.NUMBER, DriftOptions.DEFAULT_SHARE, 0.01, 1.0,
                                "share of tested columns that must drift for the dataset to drift"),
                        ParamSpec.optional("target", ParamSpec.Kind.COLUMN, null, "a column reported apart (target drift), outside the share "
                                + "(default: the pipeline's target)"),
                        ParamSpec.choice("on_drift", "warn", List.of("warn", "fail"), "what dataset drift does: warn, or fail the run")));
    }

    @Override
    public io.pipewright.pipeline.TableColumns columnsOut(Map<String, Object> params, Map<String, io.pipewright.pipeline.TableColumns> inputs,
                                                          java.nio.file.Path folder, io.pipewright.pipeline.FileColumns files) {
        return inputs.getOrDefault("current", io.pipewright.pipeline.TableColumns.UNKNOWN);
    }

    @Override
    public String targetUsed(Map<String, Object> params) {
        return text(params, "target");
    }

    @Override
    public Map<String, Object> run(NodeContext context) {
        DataTable reference = context.input("reference");
        DataTable current = context.input("current");
        var options = DriftOptions.defaults().withDriftShare(context.number("drift_share"));
        if (context.has("target")) {
            String target = context.string("target");
            if (!reference.table().containsColumn(target)) {
                throw context.problem("params.target", "the reference table has no column '" + target + "'");
            }
            options = options.withTarget(target);
        }
        context.progress(0, "comparing " + current.rows() + " rows with " + reference.rows());
        DriftReport report = TableDrift.compare(reference.table(), current.table(), "inputs.reference", "inputs.current", options, context.work());
        context.attach(context.nodeId() + ".drift.json", "drift", report.toJson().getBytes(StandardCharsets.UTF_8));
        context.attach(context.nodeId() + ".drift.html", "drift", DriftHtml.render(report).getBytes(StandardCharsets.UTF_8));
        for (var column : report.columns()) {
            context.metric("drift." + column.name() + ".psi", 0, column.psi());
        }
        double share = report.testedColumns() == 0 ? 0 : (double) report.driftedColumns() / report.testedColumns();
        context.metric("drift.share", 0, share);
        if (report.datasetDrift()) {
            String message = String.format(Locale.ROOT, "dataset drift: %d of %d tested columns drifted (%s)", report.driftedColumns(),
                    report.testedColumns(), String.join(", ", report.driftedNames()));
            if (context.string("on_drift").equals("fail")) {
                throw context.problem(null, message);
            }
            LOG.warn("node '{}': {}", context.nodeId(), message);
            context.progress(1, message);
        } else {
            context.progress(1, report.headline());
        }
        return Map.of("table", current);
    }
}
