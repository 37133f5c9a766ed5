package io.pipewright.pipeline.nodes;

import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PortSpec;
import io.pipewright.pipeline.PortType;
import io.pipewright.train.Trainer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Splits rows into train and test (and validation) sets. */
final class SplitNode extends BaseNode {
    SplitNode() {
        super("split", "Transform", "Splits rows into train, test and (when valid > 0) validation sets: random, stratified by the "
                        + "target's classes, or time-ordered (the latest rows are tested). Seeded by the pipeline's seed.",
                List.of(PortSpec.required("table", PortType.TABLE, "rows to split")),
                List.of(PortSpec.required("train", PortType.TABLE, "training rows"),
                        PortSpec.required("test", PortType.TABLE, "test rows"),
                        PortSpec.optional("valid", PortType.TABLE, "validation rows (when valid > 0)")),
                List.of(ParamSpec.choice("strategy", "random", List.of("random", "stratified", "time"), "how rows are assigned"),
                        ParamSpec.optional("target", ParamSpec.Kind.COLUMN, null, "the class column (stratified; default: the pipeline's target)"),
                        ParamSpec.optional("order_by", ParamSpec.Kind.COLUMN, null, "the time column (time)"),
                        ParamSpec.number("test", ParamSpec.Kind.NUMBER, 0.2, 0.0, 0.95, "share of rows for the test set"),
                        ParamSpec.number("valid", ParamSpec.Kind.NUMBER, 0.0, 0.0, 0.9, "share of rows for the validation set")));
    }

    @Override
    public void checkParams(Map<String, Object> params) {
        double test = ((Number) params.get("test")).doubleValue();
        double valid = ((Number) params.get("valid")).doubleValue();
        if (test + valid >= 1) {
            throw new IllegalArgumentException("test + valid must leave rows to train on (" + test + " + " + valid + " ≥ 1)");
        }
        if ("stratified".equals(params.get("strategy")) && params.get("target") == null) {
            throw new IllegalArgumentException("strategy stratified needs a target column");
        }
        if ("time".equals(params.get("strategy")) && params.get("order_by") == null) {
            throw new IllegalArgumentException("strategy time needs an order_by column");
        }
    }

    @Override
    public String targetUsed(Map<String, Object> params) {
        return text(params, "target");
    }

    @Override
    public Map<String, Object> run(NodeContext context) {
        DataTable input = context.input("table");
        Table table = input.table();
        int n = table.rowCount();
        double testShare = context.number("test");
        double validShare = context.number("valid");
        String strategy = context.string("strategy");
        var random = new Random(context.seed());
        // each row's set: 0 train, 1 test, 2 valid
        var assignment = new int[n];
        if (strategy.equals("stratified")) {
            String target = context.string("target");
            Tables.requireColumns(context, "target", table, List.of(target));
            Column<?> column = table.column(target);
            var groups = new TreeMap<String, List<Integer>>();
            for (int i = 0; i < n; i++) {
                String label = Trainer.labelOf(column, i);
                groups.computeIfAbsent(label == null ? "\u0000missing" : label, key -> new ArrayList<>()).add(i);
            }
            for (List<Integer> rows : groups.values()) {
                assign(rows, random, testShare, validShare, assignment);
            }
        } else if (strategy.equals("time")) {
            String orderBy = context.string("order_by");
            Tables.requireColumns(context, "order_by", table, List.of(orderBy));
            Column<?> column = table.column(orderBy);
            var rows = new ArrayList<Integer>();
            for (int i = 0; i < n; i++) {
                rows.add(i);
            }
            @SuppressWarnings({"unchecked", "rawtypes"})
            Comparator<Integer> byTime = (a, b) -> {
                Object x = column.get(a);
                Object y = column.get(b);
                if (x == null || y == null) {
                    return x == null ? (y == null ? 0 : -1) : 1;
                }
                return ((Comparable) x).compareTo(y);
            };
            rows.sort(byTime);
            int tests = (int) Math.round(n * testShare);
            int valids = (int) Math.round(n * validShare);
            for (int k = 0; k < n; k++) {
                assignment[rows.get(k)] = k >= n - tests ? 1 : k >= n - tests - valids ? 2 : 0;
            }
        } else {
            var rows = new ArrayList<Integer>();
            for (int i = 0; i < n; i++) {
                rows.add(i);
            }
            assign(rows, random, testShare, validShare, assignment);
        }
        var outputs = new LinkedHashMap<String, Object>();
        outputs.put("train", input.with(rows(table, assignment, 0)));
        outputs.put("test", input.with(rows(table, assignment, 1)));
        if (validShare > 0) {
            outputs.put("valid", input.with(rows(table, assignment, 2)));
        }
        if (((DataTable) outputs.get("train")).rows() == 0) {
            throw context.problem(null, "no rows are left to train on (" + n + " rows in its input)");
        }
        return outputs;
    }

    private static void assign(List<Integer> rows, Random random, double testShare, double validShare, int[] assignment) {
        var shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, random);
        int tests = (int) Math.round(shuffled.size() * testShare);
        int valids = (int) Math.round(shuffled.size() * validShare);
        for (int k = 0; k < shuffled.size(); k++) {
            assignment[shuffled.get(k)] = k < tests ? 1 : k < tests + valids ? 2 : 0;
        }
    }

    private static Table rows(Table table, int[] assignment, int set) {
        var picked = new ArrayList<Integer>();
        for (int i = 0; i < assignment.length; i++) {
            if (assignment[i] == set) {
                picked.add(i);
            }
        }
        return table.rows(picked.stream().mapToInt(Integer::intValue).toArray());
    }
}
