package io.pipewright.loop;

import io.pipewright.pipeline.DataTable;
import io.pipewright.pipeline.NodeCache;
import io.pipewright.pipeline.NodeCatalog;
import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.PipelineDocument;
import io.pipewright.pipeline.PipelineRunner;
import io.pipewright.pipeline.PipelineValidator;
import io.pipewright.pipeline.RunEnvironment;
import io.pipewright.pipeline.RunListener;
import io.pipewright.work.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tech.tablesaw.api.Table;

/**
 * The champion's test data, reproduced: the table the retraining pipeline's first evaluate node scores,
 * computed from the reference file as read, with the pipeline's seed. When that table is a split's
 * output, the split runs on the read node's rows directly (nodes between them are left out, so the rows
 * stay raw for any model to score): the same rows as the champion's test set when the champion was
 * trained by this pipeline on the reference data and no node between read and split adds or drops rows.
 * When the evaluate node reads a file of its own, that file is the test data.
 */
final class ChampionTestData {
    private ChampionTestData() {
    }

    /**
     * The read node that reads the training data: the one whose file is {@code reference}, else the
     * pipeline's only node that reads a dataset. Throws IllegalArgumentException when there is none or
     * several could be meant.
     */
    static String readNode(Pipeline pipeline, Path reference) {
        var readers = new ArrayList<String>();
        var matching = new ArrayList<String>();
        Path wanted = reference == null ? null : reference.toAbsolutePath().normalize();
        for (String id : pipeline.order()) {
            var dataset = pipeline.types().get(id).dataset();
            if (dataset.isEmpty()) {
                continue;
            }
            readers.add(id);
            Optional<Path> file = dataset.get().file(pipeline.params().get(id), pipeline.folder());
            if (wanted != null && file.isPresent() && file.get().toAbsolutePath().normalize().equals(wanted)) {
                matching.add(id);
            }
        }
        if (matching.size() == 1 || (matching.isEmpty() && readers.size() == 1)) {
            return matching.isEmpty() ? readers.get(0) : matching.get(0);
        }
        String file = pipeline.folder() == null ? pipeline.name() : pipeline.name() + " pipeline";
        if (readers.isEmpty()) {
            throw new IllegalArgumentException(file + ": no node reads a dataset, so there is nothing to point at the retraining data");
        }
        throw new IllegalArgumentException(file + ": cannot tell which of the read nodes " + String.join(", ", matching.isEmpty() ? readers : matching)
                + " reads the training data: make one of them read the monitor's reference " + (wanted == null ? "" : wanted.getFileName().toString()));
    }

    /** The champion's test rows, raw; empty when the pipeline has no evaluate node fed by a split or a read node. */
    static Optional<Table> table(Pipeline pipeline, String reader, Path reference, long seed, Progress progress) {
        String source = pipeline.order().stream().filter(id -> pipeline.types().get(id).producesEvaluation())
                .map(id -> pipeline.node(id).inputs().get("table")).filter(input -> input != null && input.contains(".")).findFirst().orElse(null);
        if (source == null) {
            return Optional.empty();
        }
        String node = source.substring(0, source.lastIndexOf('.'));
        String port = source.substring(source.lastIndexOf('.') + 1);
        PipelineDocument.Node fed = pipeline.node(node);
        List<PipelineDocument.Node> nodes = new ArrayList<>();
        if (pipeline.types().get(node).dataset().isPresent()) {
            nodes.add(fed);
        } else if (fed.type().equals("split") && fed.inputs().containsKey("table")) {
            PipelineDocument.Node read = pipeline.node(reader);
            String param = pipeline.types().get(reader).dataset().orElseThrow().path();
            nodes.add(read.withParam(param, reference.toAbsolutePath().normalize().toString()));
            nodes.add(new PipelineDocument.Node(fed.id(), fed.type(), Map.of("table", reader + ".table"), fed.params(), fed.layout()));
        } else {
            return Optional.empty();
        }
        PipelineDocument document = pipeline.document().withNodes(nodes);
        Pipeline reduced = new PipelineValidator(NodeCatalog.standard()).validate(document, pipeline.folder(), pipeline.name());
        PipelineRunner.Result result = new PipelineRunner(new NodeCache(4), 1, RunEnvironment.NONE).run(reduced, node, seed, RunListener.NONE, progress);
        if (result.status() != PipelineRunner.Status.FINISHED) {
            throw new IllegalStateException("the champion's test data could not be reproduced: " + result.failure());
        }
        Object value = result.outputs().getOrDefault(node, Map.of()).get(port);
        return value instanceof DataTable table ? Optional.of(table.table()) : Optional.empty();
    }
}
