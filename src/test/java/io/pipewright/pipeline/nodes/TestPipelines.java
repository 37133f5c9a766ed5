package io.pipewright.pipeline.nodes;

import io.pipewright.pipeline.NodeCache;
import io.pipewright.pipeline.NodeCatalog;
import io.pipewright.pipeline.NodeType;
import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.PipelineDocument;
import io.pipewright.pipeline.PipelineFiles;
import io.pipewright.pipeline.PipelineRunner;
import io.pipewright.pipeline.PipelineValidator;
import io.pipewright.pipeline.RunListener;
import io.pipewright.work.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Random;

/** A small CSV and a runner for pipelines that use the filter and derive nodes next to the standard ones. */
final class TestPipelines {
    static final String HEAD = "apiVersion: pipewright/v1\nkind: Pipeline\nname: t\nseed: 1\nnodes:\n"
            + "  - id: read\n    type: read\n    params: {path: data.csv}\n";

    private TestPipelines() {
    }

    static NodeCatalog catalog() {
        return NodeCatalog.standard();
    }

    /**
     * 300 rows: age (every 10th missing), income (every 7th missing), city, joined (a date),
     * x, y, and label, which depends on x + y.
     */
    static void writeData(Path dir) throws IOException {
        var text = new StringBuilder("age,income,city,joined,x,y,label\n");
        var random = new Random(7);
        String[] cities = {"Oslo", "Rome", "Lima"};
        for (int i = 0; i < 300; i++) {
            double x = random.nextGaussian();
            double y = random.nextGaussian();
            text.append(String.format(Locale.US, "%s,%s,%s,2020-%02d-%02d,%.3f,%.3f,%s%n", i % 10 == 0 ? "" : Integer.toString(10 + i % 60),
                    i % 7 == 0 ? "" : Integer.toString(1000 * (i % 50)), cities[i % 3], 1 + i % 12, 1 + i % 28, x, y, x + y > 0 ? "yes" : "no"));
        }
        Files.writeString(dir.resolve("data.csv"), text);
    }

    static Pipeline validate(String nodes, Path dir) {
        PipelineDocument document = PipelineFiles.parse(HEAD + nodes, "t.yaml", false);
        return new PipelineValidator(catalog()).validate(document, dir, "t.yaml");
    }

    static PipelineRunner.Result run(String nodes, Path dir) {
        return new PipelineRunner(new NodeCache(8), 1).run(validate(nodes, dir), null, 1, RunListener.NONE, Progress.NONE);
    }
}
