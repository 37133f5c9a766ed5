package io.pipewright.pipeline;

import io.pipewright.data.ColumnPlan;
import io.pipewright.data.DatasetReader;
import io.pipewright.data.Head;
import io.pipewright.data.RecordSource;
import io.pipewright.data.TypeInference;
import io.pipewright.work.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The columns of a data file before a pipeline runs: what a node that reads it will give. The
 * validator reads them ({@link #reading()}); {@link PipelineColumns} keeps what it has read for the editor.
 */
@FunctionalInterface
public interface FileColumns {
    /** Levels kept per text column: enough to name the columns a one-hot encoding makes. */
    int LEVELS = 100;

    /** Nothing is known of any file. */
    FileColumns NONE = (file, na) -> TableColumns.UNKNOWN;

    /** The columns of {@code file} read with these missing-value tokens; {@link TableColumns#UNKNOWN} when not known. */
    TableColumns of(Path file, List<String> na);

    /**
     * Reads each file's first rows (at most {@link TypeInference#SAMPLE_ROWS}, as loading does) for its
     * column names and types, and each text column's levels; a file that cannot be read is unknown
     * (running the read node says why).
     */
    static FileColumns reading() {
        return FileColumns::read;
    }

    /** See {@link #reading()}. */
    static TableColumns read(Path file, List<String> na) {
        if (!Files.isRegularFile(file)) {
            return TableColumns.UNKNOWN;
        }
        try (RecordSource source = DatasetReader.open(file).naTokens(na == null ? List.of() : na).source()) {
            List<String> names = source.columns();
            Head head = Head.read(source, Progress.NONE);
            var columns = new ArrayList<TableColumn>();
            for (int c = 0; c < names.size(); c++) {
                List<String> values = head.values(c);
                ColumnPlan plan = TypeInference.infer(values, null);
                columns.add(switch (plan.kind()) {
                    case NUMBER -> TableColumn.of(names.get(c), TableColumn.Kind.NUMBER);
                    case BOOLEAN -> TableColumn.of(names.get(c), TableColumn.Kind.BOOLEAN);
                    case DATETIME -> TableColumn.of(names.get(c), TableColumn.Kind.DATETIME);
                    case STRING -> new TableColumn(names.get(c), TableColumn.Kind.TEXT, levels(values), null);
                });
            }
            return new TableColumns(columns);
        } catch (Exception e) {
            LoggerFactory.getLogger(FileColumns.class).debug("the columns of {} are not known before running: {}", file, e.toString());
            return TableColumns.UNKNOWN;
        }
    }

    /** The most frequent values first (then by name), as a one-hot encoding orders its levels. */
    private static List<String> levels(List<String> values) {
        Map<String, Integer> counts = new HashMap<>();
        values.forEach(value -> counts.merge(value, 1, Integer::sum));
        return counts.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(entry -> -entry.getValue()).thenComparing(Map.Entry::getKey))
                .limit(LEVELS).map(Map.Entry::getKey).toList();
    }
}
