package io.pipewright.pipeline;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.data.SampleFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The sample pipelines bundled in the application, listed by {@code pipelines/pipelines.json}. The
 * files a pipeline reads are not listed there: they are its nodes' file parameters, read from the
 * pipeline itself, so the index cannot disagree with what the pipeline reads.
 */
public final class SamplePipelines {
    /** The pipelines' folder under the samples root, as in sample-data. */
    public static final String FOLDER = "pipelines";
    private static final String INDEX = FOLDER + "/pipelines.json";

    private final List<SamplePipeline> index;
    private final NodeCatalog catalog;

    private SamplePipelines(List<SamplePipeline> index, NodeCatalog catalog) {
        this.index = List.copyOf(index);
        this.catalog = catalog;
    }

    /** The bundled index; empty when the application carries no sample pipelines. */
    public static SamplePipelines bundled() {
        if (!SampleFiles.bundled(INDEX)) {
            return new SamplePipelines(List.of(), NodeCatalog.standard());
        }
        try {
            var mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
            return new SamplePipelines(mapper.readValue(SampleFiles.text(INDEX), new TypeReference<List<SamplePipeline>>() { }),
                    NodeCatalog.standard());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sample pipelines' index: " + e.getMessage(), e);
        }
    }

    public List<SamplePipeline> list() {
        return index;
    }

    /** Where the pipeline sits under the samples root ({@code pipelines/credit-risk.yaml}). */
    public static String path(SamplePipeline sample) {
        return SampleFiles.normalize(FOLDER + "/" + sample.file());
    }

    /**
     * The files the pipeline reads, as paths under the samples root ({@code credit/credit.csv}):
     * every file parameter of its nodes (a read node's path, a validate node's suite), resolved
     * against the pipeline's folder as the engine resolves them.
     */
    public List<String> reads(SamplePipeline sample) {
        String path = path(sample);
        PipelineDocument document = PipelineFiles.parse(SampleFiles.text(path), sample.file(), false);
        var files = new LinkedHashSet<String>();
        for (var node : document.nodes()) {
            var type = catalog.find(node.type());
            if (type.isEmpty()) {
                continue; // the validator names it when the pipeline is opened
            }
            for (ParamSpec spec : type.get().params()) {
                if (spec.kind() == ParamSpec.Kind.PATH && node.params().get(spec.name()) instanceof String file) {
                    files.add(SampleFiles.normalize(FOLDER + "/" + file));
                }
            }
        }
        return new ArrayList<>(files);
    }

    /**
     * Copies the pipeline and the files it reads into the samples folder {@code root}, keeping the
     * layout of sample-data (the pipeline under {@code pipelines/}, its data beside that folder), so
     * that its relative paths hold and it validates and runs from there; returns the pipeline's copy.
     */
    public Path extract(SamplePipeline sample, Path root) {
        for (String file : reads(sample)) {
            SampleFiles.copy(file, root);
        }
        return SampleFiles.copy(path(sample), root);
    }
}
