package io.pipewright.export.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test cluster runs a template as Argo would: dependency order, fan-out, parallelism, retries, volumes, secrets. */
class LocalArgoExecutorTest {
    @TempDir
    Path dir;

    private static final LocalArgoExecutor.Launcher SHELL = (command, environment, log) -> {
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return builder.start();
    };

    private LocalArgoExecutor executor(String script, String retry) throws IOException {
        Path exported = Files.createDirectories(dir.resolve("exported"));
        Files.writeString(exported.resolve("workflow-template.yaml"), """
                apiVersion: argoproj.io/v1alpha1
                kind: WorkflowTemplate
                metadata: {name: demo}
                spec:
                  entrypoint: pipeline
                  parallelism: 2
                  volumes:
                    - {name: workspace, persistentVolumeClaim: {claimName: shared}}
                    - {name: files, configMap: {name: demo-files}}
                    - {name: tmp, emptyDir: {}}
                  templates:
                    - name: pipeline
                      dag:
                        tasks:
                          - {name: first, template: step, arguments: {parameters: [{name: what, value: first}]}}
                          - name: trials
                            template: step
                            dependencies: [first]
                            withSequence: {start: "0", count: "3"}
                            arguments: {parameters: [{name: what, value: "trial-{{item}}"}]}
                          - {name: last, template: step, dependencies: [trials], arguments: {parameters: [{name: what, value: last}]}}
                    - name: step
                      inputs: {parameters: [{name: what}]}
                      retryStrategy: {limit: 2, expression: "%s"}
                      container:
                        image: demo:1
                        command: [sh]
                        args: [/files/run.sh, "{{inputs.parameters.what}}", "/workspace/{{workflow.name}}"]
                        env:
                          - {name: STORE, valueFrom: {secretKeyRef: {name: store, key: url}}}
                        volumeMounts:
                          - {name: workspace, mountPath: /workspace}
                          - {name: files, mountPath: /files}
                          - {name: tmp, mountPath: /tmp}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: demo-files}
                data:
                  run.sh: |
                    %s
                """.formatted(retry, script.replace("\n", "\n    ")));
        return new LocalArgoExecutor(exported, Map.of("shared", Files.createDirectories(dir.resolve("shared"))), Map.of("store/url", "jdbc:test"),
                dir.resolve("scratch"), SHELL);
    }

    @Test
    void tasksRunInDependencyOrderWithTheFanOutAtMostParallelismAtOnce() throws Exception {
        var executor = executor("""
                mkdir -p "$2"; echo "start $1 $STORE" >> "$2/events"; sleep 0.3; echo "end $1" >> "$2/events"
                """, "lastRetry.exitCode != 2");
        var outcome = executor.run("wf-1");

        assertThat(outcome.succeeded()).as("the pods' /tmp is mapped once, not again inside the folders standing for the other mounts (under "
                + System.getProperty("java.io.tmpdir") + ")").isTrue();
        assertThat(outcome.tasks()).extracting(LocalArgoExecutor.TaskRun::name).hasSize(5).startsWith("first").endsWith("last")
                .contains("trials(0)", "trials(1)", "trials(2)");
        assertThat(outcome.mostAtOnce()).as("spec.parallelism").isEqualTo(2);
        List<String> events = Files.readAllLines(dir.resolve("shared/wf-1/events"));
        assertThat(events.get(0)).as("the secret reached the process").isEqualTo("start first jdbc:test");
        assertThat(events.indexOf("end first")).isLessThan(events.indexOf("start trial-0 jdbc:test"));
        assertThat(events.indexOf("start last jdbc:test")).isGreaterThan(events.indexOf("end trial-2"));
    }

    @Test
    void aFailedTaskIsRetriedUnlessItsExitCodeIsExcludedAndAFailureStopsTheRest() throws Exception {
        var executor = executor("""
                mkdir -p "$2"; n=$(cat "$2/$1" 2>/dev/null || echo 0); echo $((n+1)) > "$2/$1"; [ "$1" != first ] || [ $n -ge 1 ] || exit 1; [ "$1" != trial-1 ] || exit 2
                """, "lastRetry.exitCode != 2");
        var outcome = executor.run("wf-2");

        assertThat(outcome.task("first").exitCodes()).as("exit 1 is retried").containsExactly(1, 0);
        assertThat(outcome.task("trials(1)").exitCodes()).as("exit 2 is bad input: not retried").containsExactly(2);
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.tasks()).extracting(LocalArgoExecutor.TaskRun::name).doesNotContain("last");
    }

    @Test
    void aKilledProcessIsRetriedAsArgoRetriesAPodThatDied() throws Exception {
        var killed = new ArrayList<String>();
        var executor = executor("""
                mkdir -p "$2"; echo "$1" >> "$2/events"; sleep 1
                """, "lastRetry.status == 'Error' or asInt(lastRetry.exitCode) != 2").onStart((name, process) -> {
                    if (name.equals("trials(1)") && killed.isEmpty()) {
                        killed.add(name);
                        process.destroyForcibly();
                    }
                });
        var outcome = executor.run("wf-3");

        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.task("trials(1)").exitCodes()).as("SIGKILL, then a second attempt").containsExactly(137, 0);
    }

    @Test
    void whatTheTestClusterDoesNotUnderstandIsRefusedByName() throws Exception {
        var executor = executor("exit 1", "lastRetry.duration < 5");
        assertThatThrownBy(() -> executor.run("wf-4")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not understood here");
        Path exported = Files.createDirectories(dir.resolve("none"));
        assertThatThrownBy(() -> new LocalArgoExecutor(exported, Map.of(), Map.of(), dir, SHELL))
                .hasMessage("expected one WorkflowTemplate among the exported documents, found 0");
    }
}
