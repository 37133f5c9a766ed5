package io.pipewright.loop.scorecard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model version's success criteria as measured at one moment: one {@link Criterion} per target, in the order
 * data_issues, degradation, p99_latency, rollback, spot, waste.
 *
 * @param model "NAME:VERSION"
 * @param alias the alias it was asked for by (NAME@ALIAS), or null
 */
public record Scorecard(String model, String alias, Instant measuredAt, List<Criterion> criteria) {
    public Scorecard {
        criteria = List.copyOf(criteria);
    }

    /** How many rows have this status. */
    public long count(Criterion.Status status) {
        return criteria.stream().filter(criterion -> criterion.status() == status).count();
    }

    /** Whether a measured value misses its target (an unknown row is no failure: nothing measured it). */
    public boolean failed() {
        return count(Criterion.Status.FAIL) > 0;
    }

    /** The row with this id. */
    public Criterion criterion(String id) {
        return criteria.stream().filter(criterion -> criterion.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no criterion '" + id + "'"));
    }

    /** "2 passed, 1 failed, 3 unknown". */
    public String summary() {
        return count(Criterion.Status.PASS) + " passed, " + count(Criterion.Status.FAIL) + " failed, " + count(Criterion.Status.UNKNOWN) + " unknown";
    }

    /** The documented JSON shape: {"model", "alias", "measuredAt", "criteria": [{"id", "criterion", "target", "threshold", …}]}. */
    public Map<String, Object> toMap() {
        var map = new LinkedHashMap<String, Object>();
        map.put("model", model);
        map.put("alias", alias);
        map.put("measuredAt", measuredAt.toString());
        var rows = new ArrayList<Map<String, Object>>();
        for (Criterion criterion : criteria) {
            var row = new LinkedHashMap<String, Object>();
            row.put("id", criterion.id());
            row.put("criterion", criterion.criterion());
            row.put("target", criterion.target());
            row.put("threshold", criterion.threshold());
            row.put("direction", criterion.below() ? "below" : "above");
            row.put("measured", criterion.measured());
            row.put("unit", criterion.unit());
            row.put("source", criterion.source());
            row.put("status", criterion.status().text());
            row.put("detail", criterion.detail());
            rows.add(row);
        }
        map.put("criteria", rows);
        return map;
    }
}
