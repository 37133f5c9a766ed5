package io.pipewright.export.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.pipewright.loop.MonitorDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Monitor files made ready for a cluster: each one's data paths mapped into the pod (refused when not
 * under the data root), its retraining pipeline checked to be the exported one, and its {@code retrain}
 * left out of the delivered copy, since on the cluster a triggered check submits the workflow instead
 * of retraining inside the monitor's own process.
 */
final class MonitorPlanner {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).disable(YAMLGenerator.Feature.SPLIT_LINES))
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private MonitorPlanner() {
    }

    /** The monitors, or the reasons (added to {@code refusals}) they cannot be exported. */
    static List<ClusterPlan.Monitor> plan(List<Path> files, Path pipelineFile, Path root, ClusterOptions options, ClusterPlan.Resources resources,
                                          List<String> refusals) {
        var monitors = new java.util.ArrayList<ClusterPlan.Monitor>();
        Set<String> names = new HashSet<>();
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            MonitorDefinition definition;
            try {
                definition = MonitorDefinition.read(file);
            } catch (IllegalArgumentException e) {
                refusals.add(e.getMessage());
                continue;
            }
            Path folder = file.toAbsolutePath().getParent();
            if (definition.retrain() == null) {
                refusals.add(fileName + ": retrain.pipeline: the monitor names no pipeline to retrain; on a cluster it would only check"
                        + " (name " + pipelineFile.getFileName() + ")");
                continue;
            }
            Path retrains = folder.resolve(definition.retrain().pipeline()).normalize();
            if (!same(retrains, pipelineFile)) {
                refusals.add(fileName + ": retrain.pipeline: the monitor retrains " + retrains + ", not the exported pipeline "
                        + pipelineFile.toAbsolutePath().normalize() + ": export that pipeline with this monitor");
                continue;
            }
            String reference = mapped(fileName, "reference", definition.reference(), folder, root, options, refusals);
            MonitorDefinition.Current current = definition.current();
            String currentFolder = mapped(fileName, "current.folder", current.folder(), folder, root, options, refusals);
            String requestLog = mapped(fileName, "current.requestLog", current.requestLog(), folder, root, options, refusals);
            String feedback = mapped(fileName, "current.feedback", current.feedback(), folder, root, options, refusals);
            var delivered = new MonitorDefinition(definition.monitor(), definition.model(), reference, new MonitorDefinition.Current(currentFolder,
                    requestLog, feedback), definition.thresholds(), null);
            String text;
            try {
                text = "# " + fileName + " as the cluster reads it: paths on the data volume; a triggered check submits the workflow (no retrain here)\n"
                        + YAML.writeValueAsString(delivered);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            String name = KubernetesNames.distinct(KubernetesNames.of(definition.monitor(), ClusterPlanner.PIPELINE_NAME_MAX), definition.monitor(),
                    names, ClusterPlanner.PIPELINE_NAME_MAX);
            names.add(name);
            List<String> args = List.of("monitor", "run", ClusterPlan.MONITOR_MOUNT + "/" + fileName, "--json", ClusterPlan.MONITOR_CHECK);
            monitors.add(new ClusterPlan.Monitor(name, definition.monitor(), fileName, text, options.monitors().schedule(), args, resources));
        }
        return monitors;
    }

    private static String mapped(String fileName, String field, String value, Path folder, Path root, ClusterOptions options, List<String> refusals) {
        if (value == null || value.isBlank()) {
            return value;
        }
        Path path = Path.of(value).isAbsolute() ? Path.of(value).normalize() : folder.resolve(value).normalize();
        if (!path.startsWith(root)) {
            refusals.add(fileName + ": " + field + ": " + value + " (" + path + ") is not under the data root " + root
                    + ": set data.root in the options (--options) to a folder holding it, and --data-uri to where that folder is mounted in the pod");
            return value;
        }
        String relative = root.relativize(path).toString().replace('\\', '/');
        return relative.isEmpty() ? options.data().mountPath() : options.data().mountPath() + "/" + relative;
    }

    private static boolean same(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }
}
