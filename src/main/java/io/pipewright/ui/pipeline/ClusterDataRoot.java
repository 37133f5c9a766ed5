package io.pipewright.ui.pipeline;

import io.pipewright.pipeline.NodeType;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.Pipeline;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The data root <i>Export for cluster…</i> proposes when none is given: the nearest folder holding the
 * pipeline's folder and every file its nodes read (a sample reads {@code ../credit/credit.csv}, which
 * the pipeline's own folder does not hold). The person sees it in the form and may change it.
 */
final class ClusterDataRoot {
    private ClusterDataRoot() {
    }

    /** That folder, or empty when the pipeline's folder already holds every file, or only the file system's root would. */
    static Optional<Path> holdingEveryFile(Pipeline pipeline, Path folder) {
        Path base = folder.toAbsolutePath().normalize();
        Path root = base;
        for (var node : pipeline.document().nodes()) {
            NodeType type = pipeline.types().get(node.id());
            Map<String, Object> params = node.params();
            for (String param : fileParams(type)) {
                if (params.get(param) instanceof String named && !named.isBlank()) {
                    Path file = base.resolve(named).normalize();
                    while (root != null && !file.startsWith(root)) {
                        root = root.getParent();
                    }
                }
            }
        }
        if (root == null || root.equals(base) || root.getNameCount() == 0) {
            return Optional.empty();
        }
        return Optional.of(root);
    }

    private static java.util.List<String> fileParams(NodeType type) {
        var params = new java.util.ArrayList<String>();
        type.dataset().ifPresent(dataset -> params.add(dataset.path()));
        type.params().stream().filter(spec -> spec.kind() == ParamSpec.Kind.PATH && !params.contains(spec.name())).forEach(spec -> params.add(spec.name()));
        return params;
    }
}
