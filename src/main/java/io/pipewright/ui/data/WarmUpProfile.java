package io.pipewright.ui.data;

import io.pipewright.profile.AlertType;
import io.pipewright.profile.ColumnProfile;
import io.pipewright.profile.ColumnProfile.Histogram;
import io.pipewright.profile.ColumnProfile.Lengths;
import io.pipewright.profile.ColumnProfile.Quantiles;
import io.pipewright.profile.ColumnProfile.TopValue;
import io.pipewright.profile.DatasetProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * A made-up profile with a column of each kind, which the Data workspace lays out once while it is
 * still hidden, as the window opens, and then clears. Never shown: it makes JavaFX load, style and
 * compile the cells and charts of a profile before a real one arrives, when the first partial profile
 * would otherwise hold the FX thread for a third of a second while the profiler keeps the cores busy.
 */
final class WarmUpProfile {
    private WarmUpProfile() {
    }

    static DatasetProfile create() {
        var columns = new ArrayList<ColumnProfile>();
        long[] counts = new long[50];
        double[] edges = new double[51];
        for (int i = 0; i < 50; i++) {
            counts[i] = 10 + (i * 7L) % 23;
            edges[i] = i;
        }
        edges[50] = 50;
        List<TopValue> top = List.of(new TopValue("a", 30), new TopValue("b", 20), new TopValue("c", 10));
        for (int i = 0; i < 4; i++) {
            columns.add(new ColumnProfile("number_" + i, "numeric", null, 1000, 10, 900, true, 0.0, 50.0, 25.0, 14.0, 0.1, -1.2, 3L, 0L, 0L,
                    0L, false, new Quantiles(2, 12, 25, 37, 47), new Histogram(edges, counts), top, null, null, null, null, null, null,
                    null));
            columns.add(new ColumnProfile("category_" + i, "categorical", i == 0 ? "text" : null, 1000, 0, 3, true, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, top, new Lengths(1, 1, 1), null, null, null, null, null,
                    i == 0 ? List.of("NA") : null));
        }
        columns.add(new ColumnProfile("when", "datetime", null, 1000, 0, 900, true, "2024-01-01", "2024-12-31", null, null, null, null, null,
                null, null, null, null, null, new Histogram(edges, counts), top, null, null, null, "yyyy-MM-dd", null, null, null));
        columns.add(new ColumnProfile("flag", "boolean", null, 1000, 0, 2, true, null, null, null, null, null, null, null, null, null, null,
                null, null, null, List.of(new TopValue("true", 600), new TopValue("false", 400)), null, 600L, 400L, null, null, null, null));
        columns.add(new ColumnProfile("id", "identifier", null, 1000, 0, 1000, true, null, null, null, null, null, null, null, null, null, null,
                null, null, null, List.of(new TopValue("x1", 1)), new Lengths(2, 3, 4), null, null, null, 3L, "'?' on line 9", null));
        var alerts = List.of(new DatasetProfile.Alert(AlertType.MISSING, "number_0", "number_0 has 10 (1.0 %) missing values"),
                new DatasetProfile.Alert(AlertType.UNIQUE, "id", "id has unique values"));
        var names = List.of("number_0", "number_1", "number_2", "number_3");
        double[][] matrix = new double[4][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                matrix[i][j] = i == j ? 1 : 0.5 - 0.25 * Math.abs(i - j);
            }
        }
        return new DatasetProfile(1000, new DatasetProfile.Source("warm-up.csv", "CSV", 1000, null, "UTF-8"), 0, true, 10, columns, alerts,
                new DatasetProfile.Correlations("pearson", names, matrix, null, null), null, List.of(), 1000, true);
    }
}
